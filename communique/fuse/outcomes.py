"""Pledge outcomes: kept, missed, open or unknown, each resting on later evidence.

- a target with a figure ("trade to US$7 billion by 2015") is judged by a later actual figure
  of the same unit and measure for the deadline's period or after;
- an accepted invitation to visit is kept by a later visit of the invitee to the host country;
- otherwise: open while the deadline has not passed (or there is none), unknown after it.
Kept and missed are never set without evidence.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence

from communique.model import Document, Event, Evidence, Figure, Pledge

_WORD = re.compile(r"[a-z]+")
_GENERIC = frozenset({"two", "way", "bilateral", "total", "the", "of", "and"})


def _heads(quantity: str) -> set[str]:
    return {w for w in _WORD.findall(quantity.lower()) if w not in _GENERIC}


def _same_measure(a: Figure, b: Figure) -> bool:
    return a.unit == b.unit and bool(_heads(a.quantity) & _heads(b.quantity))


def _year(value: str | None) -> str:
    return (value or "")[:4]


def _target_figure(doc: Document, p: Pledge) -> Figure | None:
    return next((f for f in doc.figures if p.start <= f.start < p.end and f.kind == "target"), None)


def judge(docs: Sequence[Document], today: str) -> list[Pledge]:
    """Every pledge with its status and evidence. ``today`` is the latest document date."""
    by_id = {d.doc_id: d for d in docs}
    actuals = [(d, f) for d in docs for f in d.figures if f.kind == "actual" and f.period]
    visits = [(d, e) for d in docs for e in d.events if e.type == "CONSULT" and e.mode == "visit"]
    out = []
    for doc in docs:
        for p in doc.pledges:
            out.append(_judge_one(by_id[doc.doc_id], p, actuals, visits, today))
    return out


Actuals = list[tuple[Document, Figure]]
Visits = list[tuple[Document, Event]]


def _judge_one(doc: Document, p: Pledge, actuals: Actuals, visits: Visits, today: str) -> Pledge:
    target = _target_figure(doc, p)
    if target is not None and p.deadline:
        for d, f in actuals:
            if status := target_status(target, p.deadline, f):
                return _with(p, status, d, f.start, f.end)
    if p.kind == "invitation":
        host = _host_country(doc, p)
        for d, e in visits:
            if visit_keeps(doc.doc_id, p, host, d.doc_id, e):
                return _with(p, "kept", d, e.start, e.end)
    return unsettled(p, today)


def target_status(target: Figure, deadline: str, f: Figure) -> str | None:
    """Kept or missed, when the actual figure ``f`` settles ``target`` (same unit and measure,
    for the deadline's year or after); None when it does not."""
    if _same_measure(f, target) and _year(f.period) >= _year(deadline):
        return "kept" if f.value >= target.value else "missed"
    return None


def visit_keeps(doc_id: str, p: Pledge, host: str | None, at: str, e: Event) -> bool:
    """Does the visit ``e`` (in document ``at``) keep the invitation ``p`` (made in document
    ``doc_id``): later, by an invitee, to the host country?"""
    later = (e.date or "") > (p.made or "") if p.made else at != doc_id
    invitee = bool(set(p.actors) & set(e.source + e.participants))
    to_host = host is None or f"c:{host}" in e.target + e.participants or (
        e.location is not None and e.location.country == host)  # fmt: skip
    return later and invitee and to_host


def unsettled(p: Pledge, today: str) -> Pledge:
    """A pledge no evidence settles: unknown once its deadline's year is past, else open."""
    if p.deadline and p.deadline[:4] < today[:4]:
        return dataclasses.replace(p, status="unknown", evidence=())
    return dataclasses.replace(p, status="open", evidence=())


def _host_country(doc: Document, p: Pledge) -> str | None:
    """The country the invitee is to visit: the first country named after "visit"."""
    at = doc.text.find("visit", p.start, p.end)
    for m in doc.mentions_in(at if at >= 0 else p.start, p.end):
        if m.kind == "country":
            return m.country
    return None


def _with(p: Pledge, status: str, d: Document, start: int, end: int) -> Pledge:
    return dataclasses.replace(p, status=status, evidence=(evidence(d, start, end),))


def evidence(d: Document, start: int, end: int) -> Evidence:
    """The sentence of ``d`` at ``start`` (the span itself, when no sentence holds it)."""
    sentence = d.sentence_at(start)
    s, e = (sentence.start, sentence.end) if sentence else (start, end)
    return Evidence(d.doc_id, d.text[s:e])
