"""The reading context of the temporal tagger: reference date, sentence tense, the last date
mentioned (for "the same day"), and small value helpers shared by the rules."""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from communique.model import Sentence
from communique.nlp.timex_lex import FUTURE_CUES, NUMBERS, PAST_CUES, PRESENT_CUES, VAGUE_NUMBERS
from communique.nlp.timex_norm import Ref

_SENT_BREAK = re.compile(r"(?<=[.!?])[\"'”’)]*\s+(?=[\"“‘(]*[A-Z0-9])|\n+")


@dataclass(frozen=True)
class Norm:
    """What a rule found: TIMEX3 type, value, modifier, and whether it was read against a
    reference date (then ``anchor`` is that date)."""

    type: str
    value: str
    mod: str | None = None
    anchor: str | None = None


class Context:
    """Per-call state of :func:`communique.nlp.timex.tag` (not shared between calls)."""

    def __init__(self, text: str, dct: Ref | None, sentences: Sequence[Sentence] | None) -> None:
        self.text = text
        self.dct = dct
        if sentences:
            self._starts = [s.start for s in sentences]
            self._ends = [s.end for s in sentences]
        else:
            starts = [0] + [m.end() for m in _SENT_BREAK.finditer(text)]
            self._starts = starts
            self._ends = starts[1:] + [len(text)]
        self._tense_cache: dict[int, list[tuple[int, int, str]]] = {}
        self.last_day: date | None = None  # last DATE of day precision read so far
        self.last_quarter: str | None = None  # last quarter value read so far (YYYY-Qn)
        self.last_year: int | None = None  # year of the last dated expression read so far

    def sentence_bounds(self, offset: int) -> tuple[int, int]:
        i = max(0, bisect.bisect_right(self._starts, offset) - 1)
        return self._starts[i], max(self._ends[i], offset)

    def _cues(self, start: int, end: int) -> list[tuple[int, int, str]]:
        if start in self._tense_cache:
            return self._tense_cache[start]
        seg = self.text[start:end]
        fut = [(m.start() + start, m.end() + start, "future") for m in FUTURE_CUES.finditer(seg)]
        past = [
            (m.start() + start, m.end() + start, "past")
            for m in PAST_CUES.finditer(seg)
            if not any(a <= m.start() + start < b + 4 for a, b, _ in fut)
        ]
        pres = [(m.start() + start, m.end() + start, "present") for m in PRESENT_CUES.finditer(seg)]
        pres = [c for c in pres if not any(a <= c[0] < b for a, b, _ in fut)]
        cues = sorted(fut + past + pres)
        self._tense_cache[start] = cues
        return cues

    def tense(self, start: int, end: int) -> str | None:
        """past / future / present: the tense cue nearest the span in its sentence."""
        s, e = self.sentence_bounds(start)
        best: tuple[float, str] | None = None
        for a, b, kind in self._cues(s, e):
            if start <= a < end:
                continue
            if a >= end and kind == "past" and _REPORTING.match(self.text, a):
                continue  # "... on Monday, the ministry said": the report, not the event
            dist = start - b if b <= start else (a - end) * 1.5
            if best is None or dist < best[0]:
                best = (dist, kind)
        return best[1] if best else None

    def before(self, start: int, n: int = 30) -> str:
        return self.text[max(0, start - n) : start]

    def after(self, end: int, n: int = 30) -> str:
        return self.text[end : end + n]

    def ref(self) -> Ref | None:
        return self.dct

    def anchor_iso(self) -> str | None:
        return self.dct.iso if self.dct else None


_REPORTING = re.compile(r"(?:said|told|reported|announced|stated|noted|added|confirmed)\b")


def number(word: str) -> float | None:
    """A count written in digits or words; None for vague counts ("several")."""
    w = re.sub(r"\s+", " ", word.lower().strip())
    if w in VAGUE_NUMBERS or w.endswith(" of") and w not in NUMBERS:
        return None
    if w in NUMBERS:
        return float(NUMBERS[w]) if NUMBERS[w] else 0.5
    try:
        return float(w)
    except ValueError:
        pass
    total = 0
    for part in re.split(r"[\s-]+", w):
        if part not in NUMBERS:
            return None
        total += NUMBERS[part]
    return float(total)


def count_str(n: float | None) -> str:
    if n is None:
        return "X"
    return str(int(n)) if n == int(n) else str(n)
