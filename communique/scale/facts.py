"""What the keyed refresh needs of each document, computed where the document is decoded.

The refresh (:mod:`communique.scale.refresh`) reads the corpus twice. First
:class:`DocFacts` turns each document into small keyed facts, ``(tag, key, value)``: its
actor mentions (every document), its person mentions with a country and the persons its
events name (the documents that are no copy: the fuser drops copies), its dated reports that
may date another document and, when its own day is unknown, the events another document may
date (:mod:`communique.fuse.crossdate`), its first day, and its pledge facts
(:mod:`communique.scale.pledges`: every document, as the pledge judge sees copies too). Then,
once the home countries and the cross-dating are known, :class:`DocReports` computes each
document's reports with :func:`communique.fuse.merge.reports` itself, given the document's
final date and the home countries of the persons it names (joined in, not a corpus map).

The corpus order is the refresh's: documents by doc_id, then each layer in its order. A
report's id, :func:`report_id`, sorts as text in that order.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from communique.fuse.crossdate import _stated_days, candidates, undated
from communique.fuse.merge import reports, undated_groups
from communique.fuse.model import DocDating, Report, family
from communique.model import Document, Event
from communique.scale.executor import documents
from communique.scale.keyed import SEP
from communique.scale.pledges import pledge_facts

Fact = tuple[str, Any, Any]  # (tag, key, value)
Order = tuple[str, int]  # (doc_id, index in the document's layer): the corpus order


def report_id(doc_id: str, index: int) -> str:
    """A report's id, sorting as text in the corpus order (doc_id, then report index)."""
    return f"{doc_id}{SEP}{index:07d}"


@dataclass(frozen=True)
class Item:
    """A dated report with its id and the near-duplicate copies of its document."""

    rid: str
    report: Report
    copies: tuple[str, ...] = ()


@dataclass(frozen=True)
class UndatedDoc:
    """A document's undated reports in their groups, its window and its copies."""

    groups: tuple[tuple[Report, ...], ...]
    window: str | None
    copies: tuple[str, ...] = ()


@dataclass(frozen=True)
class Probe:
    """An event of a document whose day is unknown, for cross-dating: the document reduced
    to its id and dates, the event's index, the month-days the document states."""

    doc: Document
    index: int
    event: Event
    days: frozenset[str]


@dataclass(frozen=True)
class DocFactLists:
    """``(doc_id, payload, duplicate_of)`` rows to ``(doc_id, (duplicate_of, [fact]))``: the
    refresh keeps each document's facts with the near-duplicate status they were computed
    for (:mod:`communique.scale.state`)."""

    def __call__(self, rows: Iterable[Any]) -> Iterator[tuple[str, tuple[str | None, list[Fact]]]]:
        for row in rows:
            facts = list(doc_facts(next(documents([row])), bool(row.duplicate_of)))
            yield row.doc_id, (row.duplicate_of, facts)


def doc_facts(doc: Document, copy: bool) -> Iterator[Fact]:
    """One document's facts (a near-duplicate ``copy`` gives only actors and pledges)."""
    for k, m in enumerate(doc.mentions):
        if m.kind != "group":
            surface = " ".join(doc.text[m.start : m.end].split())
            yield "mention", m.actor_id, ((doc.doc_id, k), (m.kind, m.country, m.role, surface))
    yield from pledge_facts(doc)
    if copy:
        return
    for k, m in enumerate(doc.mentions):
        if m.country and m.kind == "person":
            yield "home", m.actor_id, ((doc.doc_id, k), m.country)
    for person in sorted({p for ev in doc.events for p in ev.participants if _person(p)}):
        yield "need", person, doc.doc_id
    if doc.meta.published:
        yield "first_day", None, doc.meta.published[:10]
    yield from _dating_facts(doc)


def _person(actor_id: str) -> bool:
    return actor_id.startswith(("p:", "x:"))


def _dating_facts(doc: Document) -> Iterator[Fact]:
    """Reports that may date another document, keyed ``(family, persons)``, with their
    place in the order :func:`~communique.fuse.crossdate.cross_date` tries them; and, when
    the document's day is unknown, its events to be dated under the same key.

    The reports are computed without home countries, exactly: a report's countries and homes
    are read in cross-dating only by ``same_happening(probe, report)`` with the probe's
    countries the report's own, and with two or more persons on both sides it compares
    persons and seats, never countries."""
    dated = reports([doc], _own_date(doc), country_of={})
    order = {id(r): (r.date, doc.doc_id, k) for k, r in enumerate(dated)}
    for r in candidates(dated):
        if len(r.persons) >= 2:
            yield "cand", (r.family, tuple(sorted(r.persons))), (order[id(r)], r)
    days = _stated_days(doc) if undated(doc) else set()
    if not days:
        return
    slim = Document(doc_id=doc.doc_id, text="", meta=doc.meta)
    for k, ev in enumerate(doc.events):
        persons = tuple(sorted({p for p in ev.participants if _person(p)}))
        if not ev.historical and len(persons) >= 2:
            yield "probe", (family(ev), persons), Probe(slim, k, ev, frozenset(days))


def _own_date(doc: Document) -> dict[str, str]:
    return {doc.doc_id: doc.meta.published} if doc.meta.published else {}


@dataclass(frozen=True)
class DocReports:
    """A document that is no copy, cogrouped with the home countries of the persons it names,
    its inferred date (if cross-dated) and its copies, to its reports: ``("item", report id,
    Item)`` for each dated one, ``("undated", doc_id, UndatedDoc)``, and ``("date", None,
    date)``, its final date (for the latest date of the corpus)."""

    def __call__(self, group: tuple[str, tuple[Iterable[Any], ...]]) -> Iterator[Fact]:
        doc_id, (payloads, homes, datings, copies) = group
        for doc in documents({"payload": p} for p in payloads):
            yield from doc_reports(doc, dict(homes), next(iter(datings), None), tuple(copies))


@dataclass(frozen=True)
class DocReportLists:
    """As :class:`DocReports`, one ``(doc_id, [fact])`` per document (kept by the refresh)."""

    def __call__(self, group: tuple[str, tuple[Iterable[Any], ...]]) -> tuple[str, list[Fact]]:
        return group[0], list(DocReports()(group))


def doc_reports(doc: Document, homes: dict[str, str], dating: DocDating | None,
                copies: tuple[str, ...]) -> Iterator[Fact]:  # fmt: skip
    """What :func:`communique.fuse._fuse` makes of one document: its reports with its final
    date (an inferred one replaces the document's own), the undated ones in their groups."""
    dates = {doc.doc_id: dating.published} if dating else _own_date(doc)
    for k, r in enumerate(reports([doc], dates, country_of=homes)):
        yield "item", report_id(doc.doc_id, k), Item(report_id(doc.doc_id, k), r, copies)
    loose = undated_groups(reports([doc], dates, undated=True, country_of=homes))
    if loose:
        groups = tuple(tuple(g) for g in loose)
        yield "undated", doc.doc_id, UndatedDoc(groups, doc.meta.published_window, copies)
    if dates:
        yield "date", None, dates[doc.doc_id]
