"""The corpus-level refresh on Spark, as keyed steps: the local fuser's functions per group.

What :func:`communique.scale.corpus.refresh_rows` computes in one process (actors, the
timeline, cross-dating, pledge outcomes: ``fuse/apply.py``'s refresh less the figure
contradictions, :mod:`communique.scale.keyed`), computed here by groups, each exact
(:mod:`communique.scale.steps`, :mod:`communique.scale.pledges` say why):

1. each document to its facts (:mod:`communique.scale.facts`), decoded once;
2. actors by actor_id; home countries by person, joined to the documents naming them;
3. cross-dating by (family, persons), then by document;
4. each document's reports, with its home countries and final date;
5. happenings by connected components of (year, family, date, person), with the global
   order of the index keys; visits by components of anchors and their candidate parts;
   entries with the names of the actors they name, joined per component;
6. pledges by unit and by invitee;
7. two scalars pass through the driver: the first publication day (the history flag) and
   the latest date (``today`` of the pledges). No document, row or map does.

Rows go to ``_refresh`` as ``(kind, key, JSON row)``: ``key`` sorts a kind's rows as the
local refresh lists them (:func:`communique.scale.load.load` sorts).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from communique.fuse.merge import at_visit, index_keys
from communique.scale import tables
from communique.scale.components import components, star_edges, undirected
from communique.scale.facts import DocFacts, DocReports
from communique.scale.keyed import SEP
from communique.scale.pledges import Judged, earliest, keep_invitations, settle_targets
from communique.scale.steps import (
    HappeningGroups,
    UndatedEntries,
    VisitEntries,
    actor_row,
    add_mention,
    as_json,
    date_matches,
    doc_dating,
    group_ids,
    link_keys,
    mentions_of,
    merge_mentions,
    undated_ids,
    visit_index,
    visit_requests,
)

REFRESH_DDL = "kind string, key string, row string"


def write_refresh(spark: Any, docs: Any, dups: Any, out: str) -> None:
    """The refresh of ``docs`` (``_docs`` rows) with the near-duplicate map ``dups``,
    written to ``out``'s ``_refresh`` table."""
    rows = docs.select("doc_id", "payload").join(dups, "doc_id", "left")
    run = Run(spark, max(2, spark.sparkContext.defaultParallelism))
    try:
        facts = run.hold(rows.rdd.mapPartitions(DocFacts()))
        frame = spark.createDataFrame(spark.sparkContext.union(_parts(run, rows, dups, facts)),
                                      REFRESH_DDL)  # fmt: skip
        frame.write.mode("overwrite").parquet(f"{out}/{tables.REFRESH}")
    finally:
        for rdd in run.held:
            rdd.unpersist()


@dataclass(frozen=True)
class Run:
    """The session, the number of partitions of every keyed step (the cluster's cores: a
    step's groups are many and small), and what is read more than once (kept, then let go)."""

    spark: Any
    n: int
    held: list[Any] = field(default_factory=list)

    def hold(self, rdd: Any) -> Any:
        from pyspark import StorageLevel

        self.held.append(rdd.persist(StorageLevel.MEMORY_AND_DISK))
        return rdd


def _parts(run: Run, rows: Any, dups: Any, facts: Any) -> list[Any]:
    mentions = _tagged(facts, "mention")
    actors = mentions.combineByKey(mentions_of, add_mention, merge_mentions, run.n)
    actors = run.hold(actors.map(lambda kv: (kv[0], actor_row(*kv))))
    names = actors.map(lambda kv: (kv[0], kv[1]["name"]))
    datings = run.hold(_cross_dating(run.n, facts))
    per_doc = run.hold(_reports(run.n, rows, dups, facts, datings))
    today = _scalar(_tagged(per_doc, "date").values(), max) or ""
    first_day = _scalar(_tagged(facts, "first_day").values(), min)
    groups = run.hold(_happenings(run, _tagged(per_doc, "item")))
    dated = _with_names(run.n, run.hold(_visit_components(run, groups)), group_ids, names)
    undated = _with_names(run.n, _tagged(per_doc, "undated"), undated_ids, names)
    return [
        actors.map(lambda kv: ("actors", kv[0], as_json(kv[1]))),
        dated.flatMap(VisitEntries(first_day)),
        undated.flatMap(UndatedEntries()),
        _document_updates(rows, datings),
        _pledges(run.n, facts, today),
    ]


def _tagged(facts: Any, tag: str) -> Any:
    """The ``(key, value)`` pairs of the facts tagged ``tag``."""
    return facts.filter(lambda f: f[0] == tag).map(lambda f: (f[1], f[2]))


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


def _scalar(values: Any, pick: Callable[[Any, Any], Any]) -> Any:
    """The least or greatest of ``values`` (None when there are none): one value returns."""
    return values.aggregate(None, lambda a, b: _pick(pick, a, b), lambda a, b: _pick(pick, a, b))


def _pick(pick: Callable[[Any, Any], Any], a: Any, b: Any) -> Any:
    return b if a is None else a if b is None else pick(a, b)


def _cross_dating(n: int, facts: Any) -> Any:
    """``(doc_id, DocDating)`` for each document cross-dating dates."""
    found = cogroup(n, _tagged(facts, "cand"), _tagged(facts, "probe")).flatMap(date_matches)
    return found.groupByKey(n).flatMap(doc_dating)


def _reports(n: int, rows: Any, dups: Any, facts: Any, datings: Any) -> Any:
    """Each document that is no copy with the home countries of the persons it names (the
    first person mention with a country of each, over those documents), its inferred date
    and its copies, to its reports (:class:`~communique.scale.facts.DocReports`)."""
    country = _tagged(facts, "home").reduceByKey(lambda a, b: min(a, b, key=lambda m: m[0]), n)
    needs = _tagged(facts, "need").join(country, n)  # (person, (doc_id, (order, country)))
    homes = needs.map(lambda kv: (kv[1][0], (kv[0], kv[1][1][1])))
    originals = rows.filter("duplicate_of IS NULL").rdd.map(lambda r: (r.doc_id, r.payload))
    copies = dups.rdd.map(lambda r: (r.duplicate_of, r.doc_id))
    return cogroup(n, originals, homes, datings, copies).flatMap(DocReports())


def _happenings(run: Run, items: Any) -> Any:
    """``(group id, group)``: ``happenings`` per connected component of the link keys, with
    each index key's rank, its first report in the corpus (any family)."""
    links = items.flatMap(lambda kv: [(k, kv[0], own) for k, own in link_keys(kv[1])])
    pairs = run.spark.createDataFrame(links, "key string, node string, own boolean")
    labels = _labels(star_edges(pairs))
    labelled = items.leftOuterJoin(labels, run.n).map(lambda kv: (kv[1][1] or kv[0], kv[1][0]))
    labelled = run.hold(labelled)
    owned = labelled.flatMap(lambda kv: [(k, (kv[1].rid, kv[0])) for k in index_keys(kv[1].report)])
    ranks = owned.mapValues(lambda v: v[0]).reduceByKey(min, run.n)
    per_label = owned.map(lambda kv: (kv[0], kv[1][1])).distinct(run.n).join(ranks, run.n)
    rank_records = per_label.map(lambda kv: (kv[1][0], ("rank", kv[0], kv[1][1])))
    item_records = labelled.map(lambda kv: (kv[0], ("item", kv[1].rid, kv[1])))
    return item_records.union(rank_records).groupByKey(run.n).flatMap(HappeningGroups())


def _visit_components(run: Run, groups: Any) -> Any:
    """``(label, (group id, group))``: happenings by components of anchors and the parts
    ``visits`` may give them (on the anchor's days, a guest's, at the visit)."""
    index = groups.flatMap(visit_index)
    requests = groups.flatMap(visit_requests)
    pairs = requests.join(index, run.n).filter(lambda kv: _at_visit(kv[1]))
    edges = pairs.map(lambda kv: (kv[1][0][0], kv[1][1][0]))
    labels = _labels(undirected(run.spark.createDataFrame(edges, "a string, b string")))
    found = groups.leftOuterJoin(labels, run.n)
    return found.map(lambda kv: (kv[1][1] or kv[0], (kv[0], kv[1][0])))


def _at_visit(pair: tuple[tuple[str, str], tuple[str, tuple[Any, Any]]]) -> bool:
    """Is the happening of an index entry a part of the requesting anchor's visit?"""
    (_, host), (_, (places, countries)) = pair
    return at_visit(places, countries, host)


def _labels(edges: Any) -> Any:
    """``(node, label)`` pairs of the components of ``edges``."""
    return components(edges).rdd.map(lambda r: (r.node, r.label))


def _with_names(n: int, units: Any, ids: Callable[[Any], Iterable[str]], names: Any) -> Any:
    """``(unit, ([value], {actor id: name}))``: each unit's values with the refreshed names
    of the actors they may name (joined by actor id, not a corpus map)."""
    wanted = units.flatMap(lambda kv: [(a, kv[0]) for a in ids(kv[1])]).distinct(n)
    found = wanted.join(names, n).map(lambda kv: (kv[1][0], (kv[0], kv[1][1])))
    return cogroup(n, units, found).map(lambda kv: (kv[0], (kv[1][0], dict(kv[1][1]))))


def _document_updates(rows: Any, datings: Any) -> Any:
    """Every document's ``duplicate_of``, then the dates cross-dating infers."""
    from communique.fuse.apply import _dating_update

    dup = rows.rdd.map(
        lambda r: ("documents", SEP.join(("0", r.doc_id)),
                   as_json([r.doc_id, {"duplicate_of": r.duplicate_of}]))
    )  # fmt: skip
    dated = datings.map(
        lambda kv: ("documents", SEP.join(("1", kv[0])), as_json(list(_dating_update(kv[1]))))
    )
    return dup.union(dated)


def _pledges(n: int, facts: Any, today: str) -> Any:
    """Every pledge judged: targets by unit and head word, invitations by invitee, then per
    pledge."""
    targets = cogroup(n, _tagged(facts, "target"), _tagged(facts, "actual"))
    settled = targets.flatMap(settle_targets).reduceByKey(earliest, n)
    invitations = cogroup(n, _tagged(facts, "invite"), _tagged(facts, "visit"))
    invited = invitations.flatMap(keep_invitations).reduceByKey(earliest, n)
    return cogroup(n, _tagged(facts, "pledge"), settled, invited).flatMap(Judged(today))
