"""A fast rule-based temporal tagger (TIMEX3, TempEval-3 conventions).

:func:`tag` finds temporal expressions in a text with compiled regular expressions and
normalizes them against the document creation time (DCT). Conventions:

* Values are TIMEX3 values: ``2024-06-20``, ``2016-05``, ``2013``, ``2017-Q1``, ``2017-H1``,
  ``199`` (the 1990s), ``2024-SU``, ``2024-W25``, ``P5Y``, ``PT3H``, ``PRESENT_REF`` ...
* A range TimeML has no value for ("the first five months of 2017", "2016-2020") is written as
  an ISO 8601 interval: ``2017-01/2017-05``, ``2016/2020``.
* Signals are outside the span, as in TimeML; a deadline is carried by ``mod``: "by 2015" ->
  ``2015`` with ``ON_OR_BEFORE``, "before 2020" -> ``BEFORE``, "after 2020" -> ``AFTER``,
  "within two years" -> ``P2Y`` with ``EQUAL_OR_LESS``. "early/mid/late" give START/MID/END.
* Without a DCT, relative expressions keep unknown parts: "on June 20" -> ``XXXX-06-20``,
  "Thursday" -> ``XXXX-WXX-4``, "today" -> ``XXXX-XX-XX``.
* A weekday is the nearest one on or before the DCT, unless the sentence is in the future or
  present tense ("will", "is to", "is scheduled to", "next") which moves it on or after the DCT.
* "the same day" / "the next day" refer to the last day-precision date before them in the text,
  else to the DCT; "a year ago" after a quarter was named means that quarter a year earlier.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from communique.model import Sentence, TimeExpr
from communique.nlp import timex_abs, timex_dur, timex_rel
from communique.nlp.timex_abs import Handler
from communique.nlp.timex_ctx import Context, Norm
from communique.nlp.timex_lex import MONTH_ANY
from communique.nlp.timex_norm import parse_ref

__all__ = ["tag", "compile_rules", "Rule"]

Rule = tuple[str, re.Pattern[str], Handler, re.Pattern[str] | None]

_DEADLINE = re.compile(
    r"\b(?P<w>by|before|after|no\s+later\s+than|not\s+later\s+than|prior\s+to|until|till)\s+"
    r"(?:the\s+(?:end|beginning)\s+of\s+)?$",
    re.I,
)
_DEADLINE_MOD = {"by": "ON_OR_BEFORE", "before": "BEFORE", "after": "AFTER"}
_DEADLINE_MOD |= {"no later than": "ON_OR_BEFORE", "not later than": "ON_OR_BEFORE"}
_DEADLINE_MOD |= {"prior to": "BEFORE"}
_DAY_VALUE = re.compile(r"^(\d{4})-(\d\d)-(\d\d)")


_UNIT_TRIGGER = r"(?i:year|month|week|day|hour|minute|second|decade|quarter|night|fortnight|centur)"
_YEAR_TRIGGER = r"\b(?:1[5-9]|20)\d\d\b"
# A rule runs only near a hit of its trigger (a cheap literal search), when it has one.
_TRIGGERS: dict[str, str] = {
    "quarter": r"(?i:quarter|qtr)|\bQ[1-4]",
    "duration": _UNIT_TRIGGER,
    "rel_unit": _UNIT_TRIGGER,
    "ago": r"(?i:ago|earlier|from\s+now|hence|back)\b",
    "later": r"(?i:later|after|before)\b",
    "season": r"(?i:spring|summer|autumn|fall|winter)",
    "month": MONTH_ANY,
    "my": MONTH_ANY,
    "mdy": MONTH_ANY,
    "dm": MONTH_ANY,
    "dmy": MONTH_ANY,
    "year": _YEAR_TRIGGER,
    "year_range": _YEAR_TRIGGER,
    "year_words": r"(?i:nineteen|eighteen|twenty)\s",
    "fiscal": r"(?i:fiscal|FY)",
    "decade": r"0['’]?s\b",
    "century": r"(?i:century)",
    "weekday": r"day",
    "half": r"(?i:half)",
    "first_months": r"(?i:months)",
    "anniversary": r"(?i:anniversar)",
    "anniversary2": r"(?i:centenary|centennial)",
    "iso": r"\d{4}-\d\d-\d\d",
}
_BEFORE, _AFTER = 90, 70
# a reference date outside these years is a placeholder (0001-01-01, 9999-12-31), not a date:
# read against it, "yesterday" or "Christmas" would fall off the calendar
_REF_YEARS = range(1000, 9000)


def compile_rules() -> list[Rule]:
    """All rules, compiled, each with its trigger (or None: run on the whole text)."""
    rules: list[Rule] = []
    for name, pattern, handler in timex_abs.RULES + timex_rel.RULES + timex_dur.RULES:
        trig = _TRIGGERS.get(name)
        rules.append((name, re.compile(pattern), handler, re.compile(trig) if trig else None))
    return rules


class _Compiled:
    """Holder for the compiled rules: built on first use, not at import."""

    rules: list[Rule] | None = None

    @classmethod
    def get(cls) -> list[Rule]:
        if cls.rules is None:
            cls.rules = compile_rules()
        return cls.rules


def _windows(text: str, trigger: re.Pattern[str] | None) -> list[tuple[int, int]]:
    if trigger is None:
        return [(0, len(text))]
    out: list[tuple[int, int]] = []
    for h in trigger.finditer(text):
        lo, hi = max(0, h.start() - _BEFORE), min(len(text), h.end() + _AFTER)
        if out and lo <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], hi))
        else:
            out.append((lo, hi))
    return out


def _candidates(text: str, rules: list[Rule]) -> list[tuple[int, int, int, re.Match[str], Handler]]:
    found = []
    for prio, (_, rx, handler, trigger) in enumerate(rules):
        seen: set[tuple[int, int]] = set()
        for lo, hi in _windows(text, trigger):
            for m in rx.finditer(text, lo, hi):
                s, e = m.span("core") if "core" in rx.groupindex and m["core"] else m.span()
                while e > s and text[e - 1].isspace():
                    e -= 1
                if e > s and (s, e) not in seen:
                    seen.add((s, e))
                    found.append((s, e, prio, m, handler))
    return found


def _remember(norm: Norm, ctx: Context) -> None:
    dm = _DAY_VALUE.match(norm.value)
    if dm and norm.type in ("DATE", "TIME"):
        ctx.last_day = date(int(dm[1]), int(dm[2]), int(dm[3]))
    if re.match(r"^\d{4}-Q[1-4]$", norm.value):
        ctx.last_quarter = norm.value
    if norm.type == "DATE" and re.match(r"^\d{4}(?:$|-)", norm.value):
        ctx.last_year = int(norm.value[:4])


def _deadline_mod(text: str, start: int, norm: Norm) -> str | None:
    if norm.mod or norm.type != "DATE" or norm.value.endswith("_REF"):
        return norm.mod
    m = _DEADLINE.search(text[max(0, start - 40) : start])
    if not m:
        return None
    return _DEADLINE_MOD.get(re.sub(r"\s+", " ", m["w"].lower()))


def tag(text: str, dct: str | None, sentences: Sequence[Sentence] | None = None) -> list[TimeExpr]:
    """Temporal expressions in ``text`` normalized against ``dct`` (ISO date or None)."""
    ref = parse_ref(dct)
    ctx = Context(text, ref if ref and ref.day.year in _REF_YEARS else None, sentences)
    found = _candidates(text, _Compiled.get())
    result = _resolve(found, ctx)
    return [
        TimeExpr(s, e, n.type, n.value, _deadline_mod(text, s, n), n.anchor) for s, e, n in result
    ]


def _resolve(
    found: list[tuple[int, int, int, re.Match[str], Handler]], ctx: Context
) -> list[tuple[int, int, Norm]]:
    """Pick non-overlapping matches (longest first), normalize them in text order; when a
    handler rejects a long match, the shorter matches inside it are tried again."""
    kept: list[tuple[int, int, Norm]] = []
    pending = found
    rejected: set[int] = set()
    while True:
        chosen: list[tuple[int, int, int, re.Match[str], Handler]] = []
        for cand in sorted(pending, key=lambda c: (c[0] - c[1], c[2], c[0])):
            if id(cand[3]) in rejected:
                continue
            if any(cand[0] < c[1] and c[0] < cand[1] for c in chosen):
                continue
            chosen.append(cand)
        chosen.sort(key=lambda c: c[0])
        ctx.last_day = None
        ctx.last_quarter = None
        ctx.last_year = None
        kept = []
        newly_rejected = False
        for s, e, _, m, handler in chosen:
            try:
                norm = handler(m, ctx)
            # a rule without an optional group, or a date shifted off the calendar: no value
            except (IndexError, ValueError, OverflowError):
                norm = None
            if norm is None:
                rejected.add(id(m))
                newly_rejected = True
                continue
            kept.append((s, e, norm))
            _remember(norm, ctx)
        if not newly_rejected:
            return kept
