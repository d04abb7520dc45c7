"""Dating undated documents from other documents that report the same happening.

Only on strong evidence: both report the same specific happening (same kind, the same
persons, the same place when both name one) and the undated document's own text states the
day ("on June 20", "HANOI, June 20 (VNA)") and allows the date (inside its own window).
Shared names alone never date a document; when nothing decides, it stays undated with its
window.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence

from communique.fuse.merge import same_happening
from communique.fuse.model import DocDating, Report, family
from communique.kb.base import within
from communique.model import Document, Event


def cross_date(docs: Sequence[Document], dated: list[Report]) -> list[DocDating]:
    """For each undated document, a happening it reports that another source dates at day
    precision: the document takes that date, with the evidence named."""
    out = []
    by_family: dict[str, list[Report]] = {}
    for r in candidates(dated):
        by_family.setdefault(r.family, []).append(r)
    for doc in docs:
        if not undated(doc):
            continue
        match = _match(doc, by_family)
        if match is not None:
            out.append(dating(doc.doc_id, match))
    return out


def candidates(dated: list[Report]) -> list[Report]:
    """The reports that may date another document, in the order they are tried: by date,
    then document (stable: reports of one document in their order)."""
    ordered = sorted(dated, key=lambda r: (r.date or "", r.doc_id))
    return [r for r in ordered if r.date and len(r.date) >= 10]


def undated(doc: Document) -> bool:
    """Is the document's day unknown (no date, or a month or year only)?"""
    return not (doc.meta.published and len(doc.meta.published) >= 10)


def dating(doc_id: str, match: Report) -> DocDating:
    """The date ``match`` gives document ``doc_id``, with the evidence named."""
    why = (f"same happening as {match.doc_id} ({match.date}): "
           f"{' '.join(match.sentence.split())[:160]}")  # fmt: skip
    return DocDating(doc_id, match.date or "", why)


def _match(doc: Document, by_family: dict[str, list[Report]]) -> Report | None:
    days = _stated_days(doc)
    if not days:
        return None  # the text states no day of its own: nothing to check a date against
    found: set[str] = set()
    best: Report | None = None
    for ev in doc.events:
        for r in event_matches(doc, ev, days, by_family.get(family(ev), [])):
            found.add(r.date or "")
            best = best or r
    return best if len(found) == 1 else None  # two candidate dates: nothing decides


def event_matches(doc: Document, ev: Event, days: set[str], reports: Iterable[Report]
                  ) -> Iterator[Report]:  # fmt: skip
    """The dated ``reports`` (of ``ev``'s family) that tell the happening of ``doc``'s event
    ``ev`` on one of the month-days ``days`` the document states, in their order. Only
    ``doc``'s id and dates are read. A match has the event's persons, two or more."""
    if ev.historical:
        return
    persons = frozenset(p for p in ev.participants if p.startswith(("p:", "x:")))
    if len(persons) < 2:
        return
    for r in reports:
        date = r.date or ""
        if r.doc_id == doc.doc_id or persons != r.persons or date[5:10] not in days:
            continue
        if not (_same_place(ev, r.event) and _allowed(doc, date)):
            continue
        probe = Report(ev, doc.doc_id, "", date, persons, r.countries)
        if same_happening(probe, r):
            yield r


def _stated_days(doc: Document) -> set[str]:
    """Month-days the document's own text states without a year ("on June 20": "06-20"),
    whether or not a year was later given to them."""
    return {
        t.value[5:10]
        for t in doc.times
        if re.match(r"^(?:\d{4}|XXXX)-\d\d-\d\d", t.value)
        and not re.search(r"\d{4}", doc.text[t.start : t.end])
    }


def _same_place(a: Event, b: Event) -> bool:
    """Both name no place, or the same country (and city, when both name one)."""
    la, lb = a.location, b.location
    if la is None or lb is None:
        return la is None and lb is None
    if la.country and lb.country and la.country != lb.country:
        return False
    return not (la.name and lb.name and la.name.lower() != lb.name.lower())


def _allowed(doc: Document, date: str) -> bool:
    """Inside the document's own window (and year or month, when it has one)."""
    if doc.meta.published and not date.startswith(doc.meta.published):
        return False
    window = doc.meta.published_window
    if not window:
        return True
    lo, _, hi = window.partition("/")
    return within(date, None if lo == ".." else lo, None if hi == ".." else hi)
