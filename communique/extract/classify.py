"""Sentence-level PLOVER coding: which event a sentence reports, if any."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from importlib import resources

from communique.extract.event_lex import NEGATION, TRIGGERS, Trigger

# sentences that only describe: no event however many trigger words they hold
DESCRIPTIVE = re.compile(
    r"^(?:this is|it is|there (?:is|are)|the relationship|relations? between .{0,60} "
    r"(?:has|have|is|are) (?:stood|been|developed)|.{0,80}\bwill help\b)",
)
# "After the talks, ...", "At a press conference, ...": the setting, not the main event
LEAD_PHRASE = re.compile(
    r"^(?:after|following|during|at|before|ahead of|on the sidelines of|in|on)\b[^,]{0,80},"
)
REPORTED = re.compile(r"\b(?:said|says|stated|noted|stressed|affirmed|added|told)\b")


@dataclass(frozen=True)
class Coding:
    type: str
    mode: str | None
    cameo: str
    score: float
    start: int  # offsets of the trigger in the sentence
    end: int
    negated: bool = False


def load_goldstein() -> dict[str, float]:
    data = resources.files("communique.extract").joinpath("data", "cameo.csv").read_text()
    return {r["cameo"]: float(r["goldstein"]) for r in csv.DictReader(io.StringIO(data))
            if r["goldstein"]}  # fmt: skip


def _hits(low: str) -> list[tuple[int, int, Trigger]]:
    hits = []
    for trig in TRIGGERS:
        m = trig.pattern.search(low)
        if m:
            hits.append((m.start(), m.end(), trig))
    return hits


def classify_sentence(text: str) -> list[Coding]:
    """Codings for one sentence, best first (empty: no event)."""
    low = text.lower()
    if DESCRIPTIVE.match(low):
        return []
    lead = LEAD_PHRASE.match(low)
    hits = _hits(low[lead.end() :] if lead else low)
    if lead and not hits:
        hits = _hits(low)  # the setting is all the sentence reports
    elif lead:
        hits = [(s + lead.end(), e + lead.end(), t) for s, e, t in hits]
    if not hits:
        return []
    # earliest trigger wins; a weak one (< 0.6) yields to a later strong one
    hits.sort(key=lambda h: (h[0] - 40 * h[2].strength, -h[2].strength))
    out = []
    for start, end, trig in hits:
        negated = bool(NEGATION.search(low[max(0, start - 30) : start]))
        type_, mode, cameo = trig.type, trig.mode, trig.cameo
        if negated and type_ in ("AGREE", "SUPPORT", "COOPERATE", "CONSULT"):
            type_, mode, cameo = "REJECT", None, "120"
        score = trig.strength * (0.9 if REPORTED.search(low[:start]) else 1.0)
        out.append(Coding(type_, mode, cameo, round(score, 2), start, end, negated))
    return out
