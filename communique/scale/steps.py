"""The keyed refresh's steps, one group at a time, each running the local fuser's functions.

Every function here takes one group of a keyed step (:mod:`communique.scale.refresh` forms
the groups on Spark; the tests form them with dicts) and gives what the local function gives
for that group's part of the corpus. Why each is exact is said where it is done.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from communique.fuse import _history, _with_copies
from communique.fuse.crossdate import dating, event_matches
from communique.fuse.merge import (
    _day,
    _neighbours,
    _persons,
    _visitors,
    _window,
    happenings,
    index_keys,
    visits,
    whereabouts,
)
from communique.fuse.model import DocDating, Report, TimelineEntry
from communique.fuse.timeline import entry, undated_entry
from communique.kb.actors import FirstMention, actor_of
from communique.model import DocMeta, Document
from communique.scale.facts import Item, Order, Probe, UndatedDoc
from communique.scale.keyed import SEP
from communique.store.rows import Row, dumps

Names = Callable[[str], str]
RefreshRow = tuple[str, str, str]  # (kind, key, JSON row): key orders the rows of a kind


def as_json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


@functools.cache
def knowledge_base() -> Any:
    """The knowledge base, loaded once per process."""
    from communique.fuse.apply import _load_kb

    return _load_kb()


# -- actors: by actor_id -----------------------------------------------------------------
Mentions = tuple[set[str], tuple[Order, FirstMention]]  # the forms seen, the first mention


def mentions_of(m: tuple[Order, FirstMention]) -> Mentions:
    return {m[1][3]}, m


def add_mention(acc: Mentions, m: tuple[Order, FirstMention]) -> Mentions:
    return merge_mentions(acc, mentions_of(m))


def merge_mentions(a: Mentions, b: Mentions) -> Mentions:
    """The forms of both, the first mention of either (the smallest place in the corpus)."""
    return a[0] | b[0], min(a[1], b[1], key=lambda m: m[0])


def actor_row(aid: str, mentions: Mentions) -> Row:
    """An actor's row as :func:`communique.fuse.apply._actors` gives it, from its mentions
    alone: :func:`collect_actors <communique.kb.actors.collect_actors>` reads, per actor,
    the forms seen and the first mention in the corpus order, and nothing else."""
    a = actor_of(knowledge_base(), aid, mentions[0], mentions[1][1])
    return {"actor_id": a.actor_id, "name": a.name, "kind": a.kind, "country": a.country,
            "aliases": dumps(list(a.aliases)), "offices": dumps(a.offices)}  # fmt: skip


# -- cross-dating: by (family, persons), then by document --------------------------------
Match = tuple[int, tuple[str, str, int], str, DocDating]  # event, candidate's order, date


def date_matches(group: tuple[Any, tuple[Iterable[Any], Iterable[Probe]]]
                 ) -> Iterator[tuple[str, Match]]:  # fmt: skip
    """One (family, persons) key's dated reports and undated documents' events to
    ``(doc_id, match)`` for every report that may date the event's document. A report can
    match an event only with its family and its persons (``event_matches`` asks for both),
    so the key holds every candidate of its events, tried in the local order (by date, then
    document, then report)."""
    _, (dated, probes) = group
    ordered = sorted(dated, key=lambda c: c[0])
    order = {id(r): o for o, r in ordered}
    reports = [r for _, r in ordered]
    for probe in probes:
        doc_id = probe.doc.doc_id
        for r in event_matches(probe.doc, probe.event, set(probe.days), reports):
            yield doc_id, (probe.index, order[id(r)], r.date or "", dating(doc_id, r))


def doc_dating(group: tuple[str, Iterable[Match]]) -> Iterator[tuple[str, DocDating]]:
    """A document's matches to its date, as ``_match`` decides: the first match (events in
    the document's order, each event's candidates in theirs), when all give one date."""
    doc_id, matches = group
    found = list(matches)
    if len({m[2] for m in found}) == 1:
        yield doc_id, min(found, key=lambda m: (m[0], m[1]))[3]


# -- happenings: connected components of (year, family, date, person) ---------------------
def link_keys(item: Item) -> Iterator[tuple[str, bool]]:
    """The keys that link a report with every report ``happenings`` may merge it with, and
    whether the report is indexed under the key (own) or looks it up (a neighbouring date):
    ``same_happening`` asks for one family, and the local index puts a report beside those
    of its year sharing a person (or none) on its date or a neighbouring one."""
    date = item.report.date or ""
    for _, person in index_keys(item.report):
        base = (date[:4], item.report.family)
        yield SEP.join((*base, date, person)), True
        for near in _neighbours(date):
            yield SEP.join((*base, near, person)), False


@dataclass(frozen=True)
class HappeningGroups:
    """One component: ``("item", report id, Item)`` and ``("rank", index key, first report
    id)`` records, to ``(group id, group)``, the happenings the local function finds there,
    each a tuple of items and named by its first report.

    Running ``happenings`` on a component, in the corpus order, is exact: a report's unions
    are all with reports of its component, and those of other components (another family on
    the same (date, person)) are compared but never merged, which changes no root. What
    changes with the part is the order of the index keys, which the local function takes
    from the first report giving each; the ranks (the first report of the whole corpus under
    each key, any family) give it back."""

    def __call__(self, group: tuple[str, Iterable[Any]]) -> Iterator[tuple[str, tuple[Item, ...]]]:
        _, records = group
        items: list[Item] = []
        order: dict[tuple[str, str], tuple[str, str]] = {}
        for kind, key, value in records:
            if kind == "item":
                items.append(value)
            else:
                order[key] = (value, key[1])  # ties: the first report's persons in order
        items.sort(key=lambda i: i.rid)
        by_report = {id(i.report): i for i in items}
        for found in happenings([i.report for i in items], order):
            members = tuple(by_report[id(r)] for r in found)
            yield members[0].rid, members


# -- visits: anchors linked with their candidate parts -------------------------------------
Whereabouts = tuple[frozenset[str], frozenset[str]]


def visit_index(group: tuple[str, tuple[Item, ...]]
                ) -> Iterator[tuple[tuple[str, str], tuple[str, Whereabouts]]]:  # fmt: skip
    """A happening under each (day, person) ``visits`` indexes it by, with its whereabouts."""
    gid, members = group
    reports = [i.report for i in members]
    where = whereabouts(reports)
    for person in sorted(_persons(reports)):
        yield (_day(reports), person), (gid, where)


def visit_requests(group: tuple[str, tuple[Item, ...]]
                   ) -> Iterator[tuple[tuple[str, str], tuple[str, str]]]:  # fmt: skip
    """For a happening that anchors a visit, the (day, guest) keys its parts are looked up
    under, with the guest's host country."""
    gid, members = group
    reports = [i.report for i in members]
    day = _day(reports)
    if len(day) < 10:
        return
    guests = _visitors(reports)
    for near in _window(day):
        for person in sorted(guests):
            yield (near, person), (gid, guests[person])


@dataclass(frozen=True)
class VisitEntries:
    """One component of anchors and their parts, ``([(group id, group)], names)``, to the
    timeline rows of its visits and happenings. ``visits`` over the component's happenings
    in the corpus order is exact: an anchor takes only its candidates, which are in its
    component, and is skipped only when a candidate of an earlier anchor. ``first_day``: the
    corpus's first publication day (the history flag)."""

    first_day: str | None

    def __call__(self, unit: tuple[str, tuple[list[Any], dict[str, str]]]) -> Iterator[RefreshRow]:
        _, (groups, names) = unit
        groups.sort(key=lambda g: g[0])
        lookup = name_lookup(names)
        found = [entry(v, lookup) for v in visits([[i.report for i in g] for _, g in groups])]
        copies = {c: i.report.doc_id for _, g in groups for i in g for c in i.copies}
        for e in _history(found, _published(self.first_day)):
            key = SEP.join(("0", e.date or "", e.entry_id))
            yield "timeline", key, as_json(entry_row(_with_copies(e, copies)))


def _published(day: str | None) -> list[Document]:
    """A stand-in corpus for ``_history``, which reads only the first publication day."""
    return [Document(doc_id="", text="", meta=DocMeta(published=day))] if day else []


@dataclass(frozen=True)
class UndatedEntries:
    """A document's undated groups, ``([UndatedDoc], names)``, to its undated entries' rows
    (``_undated`` is per document), keyed by (doc_ids, entry id) as ``_fuse`` sorts them."""

    def __call__(self, unit: tuple[str, tuple[list[Any], dict[str, str]]]) -> Iterator[RefreshRow]:
        doc_id, (docs, names) = unit
        lookup = name_lookup(names)
        for doc in docs:
            copies = dict.fromkeys(doc.copies, doc_id)
            for group in doc.groups:
                e = undated_entry(group, lookup, doc.window)
                key = SEP.join(("1", "".join(f"{d}\x01" for d in e.doc_ids), e.entry_id))
                yield "timeline", key, as_json(entry_row(_with_copies(e, copies)))


def entry_row(e: TimelineEntry) -> Row:
    from communique.fuse.apply import _entry_row

    return _entry_row(e)


# -- actor names, joined per unit -----------------------------------------------------------
def ids_of(reports: Iterable[Report]) -> set[str]:
    """Every actor id an entry of ``reports`` may name (a superset): persons, countries,
    sources, targets (and a group's members), participants, the location's country."""
    out: set[str] = set()
    for r in reports:
        ev = r.event
        for a in (*ev.source, *ev.target, *ev.participants):
            out.add(a)
            if a.startswith("g:"):
                out.update(a[2:].split("+"))
        out.update(r.persons)
        out.update(f"c:{c}" for c in r.countries)
        if ev.location and ev.location.country:
            out.add(f"c:{ev.location.country}")
    return out


def group_ids(group: tuple[str, tuple[Item, ...]]) -> set[str]:
    """The actor ids a happening, ``(group id, items)``, may name."""
    return ids_of(i.report for i in group[1])


def undated_ids(doc: UndatedDoc) -> set[str]:
    return ids_of(r for g in doc.groups for r in g)


def name_lookup(names: dict[str, str]) -> Names:
    """``_name_lookup`` of the refreshed actors, given the names of those a unit may name:
    the actors' names, else the knowledge base's, else the id."""
    from communique.fuse.apply import _name_lookup

    rows = [{"actor_id": a, "name": n} for a, n in names.items()]
    return _name_lookup(rows, knowledge_base())
