"""Dating undated documents from other documents that report the same happening.

Only on strong evidence: both report the same specific happening (same kind, the same
persons, the same place when both name one) and the undated document's own text states the
day ("on June 20", "HANOI, June 20 (VNA)") and allows the date (inside its own window).
Shared names alone never date a document; when nothing decides, it stays undated with its
window.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from communique.fuse.merge import same_happening
from communique.fuse.model import DocDating, Report, family
from communique.kb.base import within
from communique.model import Document, Event


def cross_date(docs: Sequence[Document], dated: list[Report]) -> list[DocDating]:
    """For each undated document, a happening it reports that another source dates at day
    precision: the document takes that date, with the evidence named."""
    out = []
    by_family: dict[str, list[Report]] = {}
    for r in sorted(dated, key=lambda r: (r.date or "", r.doc_id)):
        if r.date and len(r.date) >= 10:
            by_family.setdefault(r.family, []).append(r)
    for doc in docs:
        if doc.meta.published and len(doc.meta.published) >= 10:
            continue
        match = _match(doc, by_family)
        if match is not None:
            why = (f"same happening as {match.doc_id} ({match.date}): "
                   f"{' '.join(match.sentence.split())[:160]}")  # fmt: skip
            out.append(DocDating(doc.doc_id, match.date or "", why))
    return out


def _match(doc: Document, by_family: dict[str, list[Report]]) -> Report | None:
    days = _stated_days(doc)
    if not days:
        return None  # the text states no day of its own: nothing to check a date against
    found: set[str] = set()
    best: Report | None = None
    for ev in doc.events:
        if ev.historical:
            continue
        persons = frozenset(p for p in ev.participants if p.startswith(("p:", "x:")))
        if len(persons) < 2:
            continue
        for r in by_family.get(family(ev), []):
            date = r.date or ""
            if r.doc_id == doc.doc_id or persons != r.persons or date[5:10] not in days:
                continue
            if not (_same_place(ev, r.event) and _allowed(doc, date)):
                continue
            probe = Report(ev, doc.doc_id, "", date, persons, r.countries)
            if same_happening(probe, r):
                found.add(date)
                best = best or r
    return best if len(found) == 1 else None  # two candidate dates: nothing decides


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
