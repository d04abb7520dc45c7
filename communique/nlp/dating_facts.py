"""Windows from facts the knowledge base holds about what a text names:

* "the 30th anniversary of diplomatic relations" between two countries the text names: the
  year relations were established plus 30 (``KnowledgeBase.relations_established``);
* "the 43rd ASEAN Summit", "the 78th session of the UN General Assembly": the dates of that
  numbered meeting (``KnowledgeBase.meeting``), before it when told in the future tense,
  after it when told in the past, around it otherwise.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Protocol

from communique.kb.base import Meeting
from communique.model import Document
from communique.nlp.dating_window import Constraint, bound, clause_tense

_ORDINAL = r"(\d{1,3})(?:st|nd|rd|th)"
_RELATIONS = re.compile(
    rf"\b{_ORDINAL}\s+anniversary\s+of\s+(?:the\s+)?(?:establishment\s+of\s+)?(?:their\s+|the\s+)?"
    r"(?:diplomatic\s+)?(?:relations|ties)\b",
    re.I,
)
_YEAR = timedelta(days=366)


class FactSource(Protocol):
    def relations_established(self, a: str, b: str) -> str | None: ...

    def meeting(self, series: str, number: int) -> Meeting | None: ...

    def meeting_series(self) -> dict[str, tuple[str, ...]]: ...


@dataclass(frozen=True)
class FactReader:
    """The KB and one pattern per meeting series, compiled once (a stage holds one)."""

    kb: FactSource
    patterns: tuple[tuple[str, re.Pattern[str]], ...]

    @classmethod
    def build(cls, kb: FactSource) -> FactReader:
        patterns = []
        for series, aliases in sorted(kb.meeting_series().items()):
            names = "|".join(re.escape(a) for a in sorted(aliases, key=len, reverse=True))
            if names:
                session = r"(?:(?:regular\s+|ordinary\s+)?session\s+of\s+the\s+)?"
                patterns.append(
                    (series, re.compile(rf"\b{_ORDINAL}\s+{session}(?:{names})\b", re.I))
                )
        return cls(kb, tuple(patterns))


def fact_constraints(doc: Document, facts: FactReader) -> list[Constraint]:
    return _relations(doc, facts.kb) + _meetings(doc, facts)


def _countries_near(doc: Document, start: int, end: int) -> list[str]:
    """Countries named in the sentence around a span, else in the whole text, in order."""
    sent = doc.sentence_at(start)
    lo, hi = (sent.start, sent.end) if sent else (start, end)
    near = [m.country for m in doc.mentions if m.kind == "country" and lo <= m.start < hi]
    found = (
        near if len(set(near)) >= 2 else [m.country for m in doc.mentions if m.kind == "country"]
    )
    return list(dict.fromkeys(c for c in found if c))


def _relations(doc: Document, kb: FactSource) -> list[Constraint]:
    out = []
    for m in _RELATIONS.finditer(doc.text):
        countries = _countries_near(doc, m.start(), m.end())
        pairs = {
            (a, b, est)
            for i, a in enumerate(countries)
            for b in countries[i + 1 :]
            if (est := kb.relations_established(a, b))
        }
        if len(pairs) != 1:
            continue  # no pair the KB knows, or several: nothing certain
        a, b, est = pairs.pop()
        y = int(est[:4]) + int(m.group(1))
        out.append(_anniversary(doc.text, m.start(), m.end(), y, f"{a}–{b} relations from {est}"))
    return out


def _anniversary(text: str, start: int, end: int, y: int, fact: str) -> Constraint:
    """Marked now: that year; told as past: from that year; ahead: up to it."""
    words = " ".join(text[start:end].split())
    tense = clause_tense(text, start, end)
    lo, hi = date(y, 1, 1), date(y, 12, 31)
    if tense == "future":
        return Constraint(((bound(None, False), hi),), f"'{words}' ({y}, {fact}) ahead")
    if tense == "past" and re.search(r"\b(?:was|were|had)\b", text[max(0, start - 60) : start]):
        return Constraint(((lo, bound(None, True)),), f"'{words}' ({y}, {fact}) past")
    return Constraint(((lo, hi),), f"'{words}' ({y}, {fact})")


def _meetings(doc: Document, facts: FactReader) -> list[Constraint]:
    """Numbered meetings named in the text; a name several series share ("the 13th Party
    Congress") counts only when the countries the text names leave one."""
    found: dict[tuple[int, int], list[Meeting]] = {}
    for series, pattern in facts.patterns:
        for m in pattern.finditer(doc.text):
            if meeting := facts.kb.meeting(series, int(m.group(1))):
                found.setdefault((m.start(), m.end()), []).append(meeting)
    named = {mn.country for mn in doc.mentions if mn.kind == "country"}
    out = []
    for (start, end), meetings in sorted(found.items()):
        if len(meetings) > 1:
            meetings = [mt for mt in meetings if mt.country in named]
        if len(meetings) == 1:
            out.append(_around(doc.text, start, end, meetings[0]))
    return out


def _around(text: str, start: int, end: int, meeting: Meeting) -> Constraint:
    first = bound(meeting.start, False)
    last = bound(meeting.end or meeting.start, True)
    words = " ".join(text[start:end].split())
    tense = clause_tense(text, start, end)
    span = f"{meeting.start}–{meeting.end or ''}"
    if tense == "future":
        return Constraint(((first - _YEAR, last),), f"'{words}' ({span}) ahead")
    if tense == "past":
        return Constraint(((first, last + 2 * _YEAR),), f"'{words}' ({span}) past")
    return Constraint(((first - _YEAR, last + _YEAR),), f"'{words}' ({span})")
