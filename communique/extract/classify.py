"""Sentence-level PLOVER coding: which event a sentence reports, if any."""

from __future__ import annotations

import csv
import functools
import io
import re
from dataclasses import dataclass, replace
from importlib import resources

from communique.extract.cameo_verbs import verb_hits
from communique.extract.event_lex import CANCEL, NEGATION, TRIGGERS, Trigger
from communique.extract.mention import is_mention

# sentences that only describe: no event however many trigger words they hold
DESCRIPTIVE = re.compile(
    r"^(?:this is|it is|there (?:is|are)|the relationship|relations? between .{0,60} "
    r"(?:has|have|is|are) (?:stood|been|developed)|.{0,80}\bwill help\b)",
)
# "After the talks, ...", "At a press conference, ...": the setting, not the main event
LEAD_PHRASE = re.compile(
    r"^(?:after|following|during|at|before|ahead of|on the sidelines of|in|on)\b[^,]{0,80},"
)
# "Despite sanctions imposed by ..., ", "Amid tensions over ..., ": background the sentence
# concedes or explains, never the event it reports
BACKGROUND = re.compile(
    r"^(?:despite|in spite of|amid|amidst|due to|because of|thanks to|given|against the "
    r"backdrop of|as)\b[^,]{0,120},"
)
MUST = re.compile(r"\bmust\b(?!\s+have\b)")  # "must have come": a guess, not a demand
REPORTED_DEMAND = re.compile(
    r"\b(?:said|says|declared|insisted|reiterated|concluded|stated|told|warned|reminded)\b"
)
MENTIONED = 0.5  # confidence factor for a trigger that only names an event
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


@functools.lru_cache(maxsize=1)
def cameo_table() -> dict[str, tuple[str, str | None]]:
    """CAMEO code -> (PLOVER type, PLOVER mode) for the codes that are events."""
    data = resources.files("communique.extract").joinpath("data", "cameo.csv").read_text()
    return {r["cameo"]: (r["plover"], r["mode"] or None)
            for r in csv.DictReader(io.StringIO(data)) if r["plover"]}  # fmt: skip


def _from_cameo_dictionary(text: str) -> list[Coding]:
    """No trigger of ours: the first verb the CAMEO dictionary codes as an event through one of
    its patterns (a verb's default code alone is too loose: "studying" is no investigation)."""
    table = cameo_table()
    for hit in (h for h in verb_hits(text) if h.matched):
        code = next((k for k in (hit.code, hit.code[:3], hit.code[:2]) if k in table), None)
        if code:
            type_, mode = table[code]
            negated = bool(NEGATION.search(text.lower()[max(0, hit.start - 30) : hit.start]))
            strength = 0.55
            return [Coding(type_, mode, hit.code, strength, hit.start, hit.end, negated)]
    return []


def load_goldstein() -> dict[str, float]:
    data = resources.files("communique.extract").joinpath("data", "cameo.csv").read_text()
    return {r["cameo"]: float(r["goldstein"]) for r in csv.DictReader(io.StringIO(data))
            if r["goldstein"]}  # fmt: skip


@dataclass(frozen=True)
class _Hit:
    start: int
    end: int
    trigger: Trigger
    named: bool  # the words only name the event ("the bombings of ..."): weak evidence

    def shifted(self, by: int) -> _Hit:
        return replace(self, start=self.start + by, end=self.end + by)


def _hits(low: str) -> list[_Hit]:
    hits = []
    for trig in TRIGGERS:
        matches = list(trig.pattern.finditer(low))
        m = next((m for m in matches if not is_mention(low, m.start(), m.end())), None)
        if m:
            hits.append(_Hit(m.start(), m.end(), trig, named=False))
        elif matches:
            hits.append(_Hit(matches[0].start(), matches[0].end(), trig, named=True))
    return hits


# "agreed to", "will", "offered to" ... before an action: the sentence reports the intent
INTENT = re.compile(
    r"\b(?:will|would|shall|look(?:s|ed|ing)? forward to|(?:agree|offer|pledge|promise|vow|decide|undertake|consent)"
    r"(?:s|d|ed)? to|(?:ready|willing|prepared|set) to|(?:plan|intend)(?:s|ned|ed)? to)"
    r"\s+(?:\w+\s+){0,2}$"
)
THREAT = re.compile(
    r"\b(?:threat(?:en(?:s|ed|ing)?)?|sw(?:ore|orn|ear|ears)) to\s+(?:\w+\s+){0,2}$"
)
# "will withdraw its force unless ...": an action made conditional is a threat
UNLESS = re.compile(r"\b(?:unless|or face|or else)\b")
# "prepared to resume shelling", "getting ready to attack": forces readied, not a threat
READYING = re.compile(
    r"\b(?:prepar(?:e|es|ed|ing)|(?:get|getting|got|made) ready) to\s+(?:\w+\s+){0,2}$"
)
# "X must return the helicopter", "China must drop barriers": what one side demands of another
DEMAND = re.compile(r"\bmust\s+(?!have\b)(?:\w+\s+){0,3}$")
COOPERATIVE = {"SUPPORT", "CONSULT", "COOPERATE", "AID", "CONCEDE", "RETREAT"}
HOSTILE = {"ASSAULT", "COERCE", "SANCTION", "MOBILIZE"}
INTENT_CAMEO = {"CONSULT": "036", "SUPPORT": "032", "COOPERATE": "031", "AID": "033",
                "CONCEDE": "035", "RETREAT": "035"}  # fmt: skip


def _intent(low: str, coding: Coding) -> Coding:
    """A cooperative action only promised is an AGREE; a hostile one threatened, a THREATEN."""
    before = low[max(0, coding.start - 60) : coding.start]
    if coding.negated:
        return coding
    if DEMAND.search(before):
        return replace(coding, type="REQUEST", mode=None, cameo="100")
    if coding.type == "ASSAULT" and READYING.search(before):
        return replace(coding, type="MOBILIZE", mode="troops", cameo="152")
    future = INTENT.search(before)
    if future and UNLESS.search(low[coding.end :]):
        return replace(coding, type="THREATEN", mode=None, cameo="130")
    if coding.type in HOSTILE | {"PROTEST"} and (THREAT.search(before) or future):
        return replace(coding, type="THREATEN", mode=None, cameo="138")
    if coding.type in COOPERATIVE and INTENT.search(before):
        return replace(coding, type="AGREE", cameo=INTENT_CAMEO[coding.type])
    return coding


def classify_sentence(text: str) -> list[Coding]:
    """Codings for one sentence, best first (empty: no event)."""
    return [_intent(text.lower(), c) for c in _classify(text)]


def _classify(text: str) -> list[Coding]:
    low = text.lower()
    if DESCRIPTIVE.match(low):
        return []
    if background := BACKGROUND.match(low):
        start = background.end()
        return [replace(c, start=c.start + start, end=c.end + start)
                for c in _classify(text[start:])]  # fmt: skip
    lead = LEAD_PHRASE.match(low)
    hits = _hits(low[lead.end() :] if lead else low)
    if lead and not hits:
        hits = _hits(low)  # the setting is all the sentence reports
    elif lead:
        hits = [h.shifted(lead.end()) for h in hits]
    if not hits:
        if (demand := MUST.search(low)) and REPORTED_DEMAND.search(low):
            return [Coding("REQUEST", None, "100", 0.6, demand.start(), demand.end())]
        return _from_cameo_dictionary(text)
    # earliest trigger wins; a weak one (< 0.6) yields to a later strong one; a trigger that
    # only names an event ("the bombings") comes after every one that reports its event
    hits.sort(key=lambda h: (h.named, h.start - 40 * h.trigger.strength, -h.trigger.strength))
    out = []
    for hit in hits:
        start, end, trig = hit.start, hit.end, hit.trigger
        negated = bool(NEGATION.search(low[max(0, start - 30) : start]))
        type_, mode, cameo = trig.type, trig.mode, trig.cameo
        if negated and type_ in ("AGREE", "SUPPORT", "COOPERATE", "CONSULT"):
            type_, mode, cameo = "REJECT", None, "120"
        elif type_ in ("CONSULT", "COOPERATE", "AID") and CANCEL.search(
            low[max(0, start - 40) : start]
        ):
            type_, mode, cameo = "SANCTION", None, "16"
        score = trig.strength * (0.9 if REPORTED.search(low[:start]) else 1.0)
        score *= MENTIONED if hit.named else 1.0
        out.append(Coding(type_, mode, cameo, round(score, 2), start, end, negated))
    return out
