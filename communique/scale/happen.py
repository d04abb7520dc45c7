"""The timeline's steps of the keyed refresh: happenings, visits, undated entries.

Each runs the local functions per group (:mod:`communique.scale.steps` says why that is
exact) over the groups a run touches, and keeps what it found by group
(:mod:`communique.scale.state`):

- **happenings**, by connected components of (year, family, date, person). The components
  touched are those holding a report of a re-reported document (before or after), a report
  sharing a link key with one, or a report under an index key whose first report changed
  (the key's rank orders ``happenings`` inside any component using it). The reports of
  those components and the new reports are linked again and merged; every other
  component's reports, links and ranks are as before, so its happenings are too.
- **visits**, by components of anchors and their candidate parts. The components touched
  are those holding a happening that went or came, one that a new happening is a candidate
  part of or anchors, or one naming an actor whose name changed; with a new first
  publication day (the history flag) every one.
- **undated entries**, per document: the re-reported documents and those naming an actor
  whose name changed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from communique.fuse.merge import at_visit, index_keys
from communique.scale.components import components, star_edges, undirected
from communique.scale.rdd import Keys, Run, changed, cogroup, listed
from communique.scale.steps import (
    HappeningGroups,
    UndatedEntries,
    VisitEntries,
    group_ids,
    link_keys,
    undated_ids,
    visit_index,
    visit_requests,
)


@dataclass(frozen=True)
class Merged:
    """The happenings after a run: every group ``(happening id, (component, items))``; the
    groups this run made that differ from the stored ones (the same id and the same items
    is the same happening: visits need not see it again), and the ids of the happenings that
    changed, came or went (None: every one)."""

    groups: Any
    made: Any
    undone: Keys
    components: Keys = None  # the components merged again (None: every one)


def happenings_step(run: Run, reports: Any, moved: Any) -> Merged:
    """The happenings of the reports table ``reports`` (``(doc_id, [fact])``), given
    ``moved``: ``(report id, Item)`` of the re-reported documents before and after (None:
    every report, a full build)."""
    items = listed(reports, "item")
    if moved is None:
        ranks = run.state.keep("ranks", _ranks(run, items))
        labels, made = _merge(run, items, ranks)
        run.state.keep("hlabels", labels)
        return Merged(run.state.keep("groups", made), made, None)
    keys = run.keys(moved.flatMap(lambda kv: [k for k, _ in link_keys(kv[1])]))
    linked = run.restrict(items.flatMap(_linked), keys).values()
    firsts = run.keys(moved.flatMap(lambda kv: index_keys(kv[1].report)))
    using = run.restrict(items.flatMap(_indexed), firsts)
    fresh = run.hold(using.reduceByKey(min, run.n))
    reranked = changed(run, run.restrict(run.state.old("ranks"), firsts), fresh)
    ranks = run.renew("ranks", fresh, firsts)
    reports_touched = run.keys(
        linked.union(moved.keys()).union(run.restrict(using, reranked).values())
    )
    before = run.state.old("hlabels")
    touched = run.hold(run.keys(run.restrict(before, reports_touched).values()))
    labels, made = _merge(run, _members(run, items, before, touched), ranks)
    made = run.hold(made)
    run.renew_by("hlabels", labels, touched, lambda label: label)
    groups = run.renew_by("groups", made, touched, lambda v: v[0])
    was = run.state.old("groups").map(lambda kv: (kv[1][0], kv)).join(touched, run.n)
    was = was.map(lambda kv: (kv[1][0][0], kv[1][0][1][1]))
    differ = run.hold(changed(run, was, made.mapValues(lambda v: v[1])))
    return Merged(groups, run.restrict(made, differ), differ, touched)


def _linked(kv: tuple[str, Any]) -> list[tuple[str, str]]:
    return [(k, kv[0]) for k, _ in link_keys(kv[1])]


def _indexed(kv: tuple[str, Any]) -> list[tuple[Any, str]]:
    return [(k, kv[0]) for k in index_keys(kv[1].report)]


def _ranks(run: Run, items: Any) -> Any:
    """``(index key, report id)``: the first report of the corpus under each index key."""
    return items.flatMap(_indexed).reduceByKey(min, run.n)


def _members(run: Run, items: Any, before: Any, touched: Any) -> Any:
    """The reports to merge again: those of the touched components, and those new to the
    corpus (no component before)."""
    found = items.leftOuterJoin(before, run.n).map(lambda kv: (kv[1][1], (kv[0], kv[1][0])))
    new = found.filter(lambda kv: kv[0] is None).values()
    return new.union(found.filter(lambda kv: kv[0] is not None).join(touched, run.n).values()
                     .map(lambda v: v[0]))  # fmt: skip


def _merge(run: Run, items: Any, ranks: Any) -> tuple[Any, Any]:
    """``(report id, component)`` and ``(happening id, (component, items))``:
    ``happenings`` per connected component of the link keys of ``items``, with each index
    key's rank (its first report in the corpus, any family)."""
    links = items.flatMap(lambda kv: [(k, kv[0], own) for k, own in link_keys(kv[1])])
    pairs = run.spark.createDataFrame(links, "key string, node string, own boolean")
    found = _labels(star_edges(pairs))
    labelled = items.leftOuterJoin(found, run.n).map(lambda kv: (kv[1][1] or kv[0], kv[1][0]))
    labelled = run.hold(labelled)
    owned = labelled.flatMap(lambda kv: [(k, kv[0]) for k in index_keys(kv[1].report)])
    per_label = owned.distinct(run.n).join(ranks, run.n)
    rank_records = per_label.map(lambda kv: (kv[1][0], ("rank", kv[0], kv[1][1])))
    item_records = labelled.map(lambda kv: (kv[0], ("item", kv[1].rid, kv[1])))
    grouped = item_records.union(rank_records).groupByKey(run.n)
    made = grouped.flatMap(lambda kv: [(g, (kv[0], m)) for g, m in HappeningGroups()(kv)])
    return labelled.map(lambda kv: (kv[1].rid, kv[0])), made


def visits_step(run: Run, merged: Merged, renamed: Keys, first_day: str | None,
                names: Any, whole: bool) -> tuple[Any, Keys]:  # fmt: skip
    """The timeline rows of the visits, ``(("v", component), row)``, and the units they
    replace (None: every one)."""
    groups = merged.groups.mapValues(lambda v: v[1])
    if whole or merged.undone is None:
        found = _visit_components(run, groups)
        run.state.keep("vlabels", found.map(lambda kv: (kv[1][0], kv[0])))
        return _entries(run, found, names, first_day), None
    made = merged.made.mapValues(lambda v: v[1])
    index = groups.flatMap(visit_index)
    requests = groups.flatMap(visit_requests)
    parts = made.flatMap(visit_requests).join(index, run.n).filter(_at_visit)
    anchors = requests.join(made.flatMap(visit_index), run.n).filter(_at_visit)
    naming = run.restrict(groups.flatMap(lambda g: [(a, g[0]) for a in group_ids(g)]), renamed)
    gids = run.keys(
        merged.undone.keys().union(made.keys()).union(parts.map(lambda kv: kv[1][1][0]))
        .union(anchors.map(lambda kv: kv[1][0][0])).union(naming.values())
    )  # fmt: skip
    before = run.state.old("vlabels")
    touched = run.hold(run.keys(run.restrict(before, gids).values()))
    found = _visit_components(run, _members(run, groups, before, touched))
    run.renew_by("vlabels", found.map(lambda kv: (kv[1][0], kv[0])), touched, lambda v: v)
    return _entries(run, found, names, first_day), touched.map(lambda kv: (("v", kv[0]), None))


def _entries(run: Run, found: Any, names: Any, first_day: str | None) -> Any:
    named = _with_names(run.n, found, group_ids, names)
    visit = VisitEntries(first_day)
    return named.flatMap(lambda u: [(("v", u[0]), r) for r in visit(u)])


def _visit_components(run: Run, groups: Any) -> Any:
    """``(label, (group id, group))``: happenings by components of anchors and the parts
    ``visits`` may give them (on the anchor's days, a guest's, at the visit)."""
    index = groups.flatMap(visit_index)
    requests = groups.flatMap(visit_requests)
    pairs = requests.join(index, run.n).filter(_at_visit)
    edges = pairs.map(lambda kv: (kv[1][0][0], kv[1][1][0]))
    labels = _labels(undirected(run.spark.createDataFrame(edges, "a string, b string")))
    found = groups.leftOuterJoin(labels, run.n)
    return found.map(lambda kv: (kv[1][1] or kv[0], (kv[0], kv[1][0])))


def _at_visit(pair: tuple[Any, tuple[tuple[str, str], tuple[str, tuple[Any, Any]]]]) -> bool:
    """Is the happening of an index entry a part of the requesting anchor's visit?"""
    (_, host), (_, (places, countries)) = pair[1]
    return at_visit(places, countries, host)


def _labels(edges: Any) -> Any:
    """``(node, label)`` pairs of the components of ``edges``."""
    return components(edges).rdd.map(lambda r: (r.node, r.label))


def undated_step(run: Run, reports: Any, redone: Keys, renamed: Keys,
                 names: Any) -> tuple[Any, Keys]:  # fmt: skip
    """The undated entries' rows, ``(("u", doc_id), row)``, of the re-reported documents
    and those naming a renamed actor, and the units they replace (None: every one)."""
    undated = listed(reports, "undated")
    units = None
    if redone is not None:
        naming = undated.flatMap(lambda kv: [(a, kv[0]) for a in undated_ids(kv[1])])
        docs = run.hold(run.keys(redone.keys().union(run.restrict(naming, renamed).values())))
        undated = run.restrict(undated, docs)
        units = docs.map(lambda kv: (("u", kv[0]), None))
    named = _with_names(run.n, undated, undated_ids, names)
    entries = UndatedEntries()
    return named.flatMap(lambda u: [(("u", u[0]), r) for r in entries(u)]), units


def _with_names(n: int, units: Any, ids: Callable[[Any], Iterable[str]], names: Any) -> Any:
    """``(unit, ([value], {actor id: name}))``: each unit's values with the refreshed names
    of the actors they may name (joined by actor id, not a corpus map)."""
    wanted = units.flatMap(lambda kv: [(a, kv[0]) for a in ids(kv[1])]).distinct(n)
    found = wanted.join(names, n).map(lambda kv: (kv[1][0], (kv[0], kv[1][1])))
    return cogroup(n, units, found).map(lambda kv: (kv[0], (kv[1][0], dict(kv[1][1]))))
