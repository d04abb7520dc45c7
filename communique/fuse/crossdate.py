"""Dating undated documents from other documents that report the same happening."""

from __future__ import annotations

from collections.abc import Sequence

from communique.fuse.merge import same_happening
from communique.fuse.model import DocDating, Report, family
from communique.model import Document


def cross_date(docs: Sequence[Document], dated: list[Report]) -> list[DocDating]:
    """For each undated document, a happening it reports that another source dates at day
    precision: the document takes that date, with the evidence named."""
    out = []
    by_family: dict[str, list[Report]] = {}
    for r in dated:
        if r.date and len(r.date) >= 10:
            by_family.setdefault(r.family, []).append(r)
    for doc in docs:
        if doc.meta.published:
            continue
        match = _match(doc, by_family)
        if match is not None:
            why = (f"same happening as {match.doc_id} ({match.date}): "
                   f"{' '.join(match.sentence.split())[:160]}")  # fmt: skip
            out.append(DocDating(doc.doc_id, match.date or "", why))
    return out


def _match(doc: Document, by_family: dict[str, list[Report]]) -> Report | None:
    for ev in doc.events:
        if ev.historical:
            continue
        persons = frozenset(p for p in ev.participants if p.startswith(("p:", "x:")))
        if len(persons) < 2:
            continue
        for r in by_family.get(family(ev), []):
            if r.doc_id == doc.doc_id or not (persons <= r.persons or r.persons <= persons):
                continue
            probe = Report(ev, doc.doc_id, "", r.date, persons, r.countries)
            if same_happening(probe, r) and _day_matches(doc, r.date or ""):
                return r
    return None


def _day_matches(doc: Document, date: str) -> bool:
    """The undated document's own month-day expressions must agree with the date."""
    days = {t.value[5:10] for t in doc.times if t.value.startswith("XXXX-") and len(t.value) >= 10}
    return not days or date[5:10] in days
