"""The RDD plumbing of the keyed refresh: a run's settings, key sets, cogroups, differences.

A *key set* is a pair RDD ``(key, None)``, distinct; ``None`` in its place means every key
(a full build, or a step that must run whole). :meth:`Run.restrict` keeps a pair RDD's
records under a key set; :meth:`Run.renew` replaces a stored table's records under a key
set with the ones just computed; :func:`changed` gives the keys whose values differ.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from communique.scale.state import State

Keys = Any  # a key set: a pair RDD (key, None), or None for every key


@dataclass(frozen=True)
class Run:
    """The session, the stored state, the number of partitions of every keyed step (the
    cluster's cores: a step's groups are many and small), and what is read more than once
    (kept, then let go)."""

    spark: Any
    n: int
    state: State
    held: list[Any] = field(default_factory=list)

    def hold(self, rdd: Any) -> Any:
        from pyspark import StorageLevel

        self.held.append(rdd.persist(StorageLevel.MEMORY_AND_DISK))
        return rdd

    def release(self) -> None:
        for rdd in self.held:
            rdd.unpersist()

    def keys(self, rdd: Any) -> Any:
        """The key set of the values of ``rdd`` (an RDD of keys)."""
        return rdd.map(lambda k: (k, None)).distinct(self.n)

    def either(self, *sets: Keys) -> Keys:
        """The union of key sets (every key when one of them is)."""
        if any(s is None for s in sets):
            return None
        return functools.reduce(lambda a, b: a.union(b), sets).distinct(self.n)

    def restrict(self, rdd: Any, keys: Keys) -> Any:
        """The records of the pair RDD ``rdd`` under ``keys``."""
        return rdd if keys is None else rdd.join(keys, self.n).mapValues(_first)

    def renew(self, name: str, fresh: Any, keys: Keys) -> Any:
        """The stored table ``name`` with its records under ``keys`` replaced by ``fresh``
        (every record, when ``keys`` is None), written as the new state and read back."""
        if keys is not None:
            fresh = self.state.old(name).subtractByKey(keys, self.n).union(fresh)
        return self.state.keep(name, fresh)

    def renew_by(self, name: str, fresh: Any, labels: Keys, label: Any) -> Any:
        """As :meth:`renew`, the records replaced being those whose ``label(value)`` is in
        ``labels`` (a table keyed by member, replaced by component)."""
        if labels is not None:
            old = self.state.old(name).map(lambda kv: (label(kv[1]), kv))
            fresh = old.subtractByKey(labels, self.n).values().union(fresh)
        return self.state.keep(name, fresh)


def _first(pair: tuple[Any, Any]) -> Any:
    return pair[0]


def changed(run: Run, before: Any, after: Any) -> Any:
    """The key set of the keys whose value differs between two pair RDDs (one value a key,
    present in either)."""
    both = before.fullOuterJoin(after, run.n)
    return both.filter(lambda kv: kv[1][0] != kv[1][1]).map(lambda kv: (kv[0], None))


def cogroup(n: int, *rdds: Any) -> Any:
    """Spark's cogroup of any number of pair RDDs into ``n`` partitions: each key with a
    list of its values in each."""
    tagged = [r.map(functools.partial(_tag, k)) for k, r in enumerate(rdds)]
    joined = functools.reduce(lambda a, b: a.union(b), tagged)
    return joined.groupByKey(n).mapValues(functools.partial(_split, len(rdds)))


def _tag(k: int, kv: tuple[Any, Any]) -> tuple[Any, tuple[int, Any]]:
    return kv[0], (k, kv[1])


def _split(width: int, values: Iterable[tuple[int, Any]]) -> tuple[list[Any], ...]:
    out: tuple[list[Any], ...] = tuple([] for _ in range(width))
    for k, v in values:
        out[k].append(v)
    return out


def tagged(facts: Any, tag: str) -> Any:
    """The ``(key, value)`` pairs of the facts ``(tag, key, value)`` tagged ``tag``."""
    return facts.filter(lambda f: f[0] == tag).map(lambda f: (f[1], f[2]))


def listed(lists: Any, tag: str) -> Any:
    """The ``(key, value)`` pairs tagged ``tag`` of a table of ``(doc_id, [fact])``."""
    return lists.flatMap(lambda kv: [(f[1], f[2]) for f in kv[1] if f[0] == tag])
