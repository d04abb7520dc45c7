"""Rules for durations ("five years" -> P5Y), recurrences (SET: "annual", "every year"),
anniversaries ("the 30th anniversary of the 1994 treaty" -> 2024) and fixed holidays."""

from __future__ import annotations

import re
from datetime import date

from communique.nlp.timex_abs import Handler
from communique.nlp.timex_ctx import Context, Norm, count_str, number
from communique.nlp.timex_lex import MONTH_FULL, MONTHS, NUM, UNITS, WEEKDAY, WEEKDAYS, YEAR4
from communique.nlp.timex_norm import year_for
from communique.nlp.timex_rel import MODS, _approx

_TIME_UNITS = {"H": "H", "MIN": "M", "S": "S"}
_SET_WORDS = {
    "daily": "P1D",
    "weekly": "P1W",
    "monthly": "P1M",
    "annually": "P1Y",
    "yearly": "P1Y",
    "annual": "P1Y",
    "hourly": "PT1H",
    "quarterly": "P1Q",
    "biannual": "P6M",
    "semiannual": "P6M",
    "biennial": "P2Y",
}


def duration_value(n: float | None, unit: str) -> str:
    if unit in _TIME_UNITS:
        return f"PT{count_str(n)}{_TIME_UNITS[unit]}"
    if unit == "FN":
        return f"P{count_str(n * 2 if n else None)}W"
    if unit == "NI":
        return f"P{count_str(n)}D"
    if unit == "DE":
        return f"P{count_str(n * 10 if n else None)}Y"
    if unit == "Q":
        return f"P{count_str(n * 3 if n else None)}M"
    return f"P{count_str(n)}{unit}"


def _duration(m: re.Match[str], ctx: Context) -> Norm | None:
    unit = UNITS[m["u"].lower().rstrip("s").replace("centurie", "century")]
    raw = m["n"].lower()
    n = number(raw)
    if m.group(0).lower().endswith("old"):
        return None  # an age
    if unit == "Q" and re.match(r"\s+of\b", ctx.after(m.end())):
        return None  # "three-quarters of": a fraction
    if unit == "S" and raw in ("a", "an", "one"):
        return None  # "a second round": an ordinal, not a duration
    if raw in ("a", "an") and re.search(r"\b(?:once|twice|times|per)\s+$", ctx.before(m.start())):
        return Norm("SET", duration_value(1, unit))
    if (m["first"] or "").lower() == "first" and n is None:
        return None
    mod = _approx(m["mod"]) or _within(ctx, m.start())
    return Norm("DURATION", duration_value(n, unit), mod)


def _within(ctx: Context, start: int) -> str | None:
    return "EQUAL_OR_LESS" if re.search(r"\bwithin\s+$", ctx.before(start, 10), re.I) else None


def _vague_units(m: re.Match[str], ctx: Context) -> Norm | None:
    unit = UNITS[m["u"].lower()[:-1]]
    return Norm("DURATION", duration_value(None, unit))


def _set_word(m: re.Match[str], ctx: Context) -> Norm | None:
    return Norm("SET", _SET_WORDS[m.group(0).lower()])


def _every(m: re.Match[str], ctx: Context) -> Norm | None:
    if m["wd"]:
        return Norm("SET", f"XXXX-WXX-{WEEKDAYS[m['wd'].lower()]}")
    if m["mon"]:
        return Norm("SET", f"XXXX-{MONTHS[m['mon'].lower()]:02d}")
    unit = UNITS[m["u"].lower()]
    n = number(m["n"]) if m["n"] else 1.0
    return Norm("SET", duration_value(n, unit))


_ORD_WORDS = {
    "first": 1,
    "fifth": 5,
    "tenth": 10,
    "fifteenth": 15,
    "twentieth": 20,
    "twenty-fifth": 25,
    "thirtieth": 30,
    "fortieth": 40,
    "forty-fifth": 45,
    "fiftieth": 50,
    "sixtieth": 60,
    "sixty-fifth": 65,
    "seventieth": 70,
    "seventy-fifth": 75,
    "eightieth": 80,
    "ninetieth": 90,
    "hundredth": 100,
    "centenary": 100,
    "centennial": 100,
}
_BASE_VERB = re.compile(
    r"\b(?:signed|established|founded|set\s+up|created|concluded|launched|started|began|built"
    r"|opened|formed|adopted|born|liberated|declared|inked|forged)\b[^.;]{0,40}?\b(?:in\s+)?$",
    re.I,
)


def anniversary_year(ctx: Context, n: int, end: int) -> tuple[int, str] | None:
    """The year of the ``n``-th anniversary whose phrase ends at ``end``: from a base year in the
    rest of the sentence ("of the 1994 treaty", "signed in 1994") -> base + n, or an explicit
    year of the anniversary ("... in 2025") -> that year. Returns (year, how)."""
    _, sent_end = ctx.sentence_bounds(end)
    tail = ctx.text[end : sent_end + 120]
    nxt = re.search(r"\banniversar", tail)
    if nxt:
        tail = tail[: nxt.start()]
    for ym in re.finditer(rf"\b({YEAR4})\b", tail):
        y = int(ym[1])
        before = tail[: ym.start()]
        if _BASE_VERB.search(before) or re.search(r"(?:\bthe|\(|\bof)\s*$", before):
            return y + n, f"{n}th anniversary of {y}"
        if ym.start() > sent_end - end:
            break
        if re.search(r"\b(?:in|on|during|for)\s+$", before) and y - n > 1000:
            return y, f"anniversary held in {y}"
    return None


def _anniversary(m: re.Match[str], ctx: Context) -> Norm | None:
    raw = (m["n"] or "").lower()
    n = int(re.sub(r"\D", "", raw)) if raw[:1].isdigit() else _ORD_WORDS.get(raw)
    if not n:
        return None
    found = anniversary_year(ctx, n, m.end())
    return Norm("DATE", f"{found[0]:04d}") if found else None


def _holiday(m: re.Match[str], ctx: Context) -> Norm | None:
    name = m["hol"].lower()
    if not m["y"] and ctx.dct is None:
        return Norm("DATE", "XXXX-11" if name.startswith("thanksgiving") else "XXXX")
    if name.startswith("thanksgiving"):
        month, day = 11, 25  # near enough to pick the year
    elif name.startswith("christmas"):
        month, day = 12, 24 if "eve" in name else 25
    else:
        month, day = (12, 31) if "eve" in name else (1, 1)
    # without a year: the occurrence nearest the document's date
    y = int(m["y"]) if m["y"] else year_for(month, day, ctx.dct.day, None)  # type: ignore[union-attr]
    if name.startswith("thanksgiving"):
        first = date(y, 11, 1).isoweekday()
        day = 1 + (4 - first) % 7 + 21
    return Norm("DATE", f"{y:04d}-{month:02d}-{day:02d}", None,
                None if m["y"] else ctx.anchor_iso())  # fmt: skip


_U = r"year|month|week|day|hour|minute|second|decade|quarter|weekend|night|fortnight"
RULES: list[tuple[str, str, Handler]] = [
    (
        "duration",
        rf"{MODS}(?:(?i:the)\s+)?(?:(?P<first>(?i:past|last|next|previous|first|coming|following"
        rf"|recent|final|remaining|initial|additional|further|another))\s+)?"
        rf"\b(?P<n>(?i:{NUM}))[\s-]+(?:(?i:more|additional|extra|straight|consecutive)\s+)?"
        rf"(?P<u>(?i:{_U}|centurie|century))s?\b(?![\s-]+(?i:ago|from\s+now|later|earlier))"
        r"(?:[\s-]+(?i:long|old))?",
        _duration,
    ),
    (
        "vague_units",
        r"\b(?i:for|in|within|over|after|than|take|took|takes|last|lasted)\s+"
        r"(?P<core>(?P<u>(?i:years|months|weeks|days|decades|hours|minutes)))\b",
        _vague_units,
    ),
    ("set_word", r"\b(?i:" + "|".join(_SET_WORDS) + r")\b", _set_word),
    (
        "every",
        rf"\b(?i:every|each|per)\s+(?:(?P<wd>{WEEKDAY})|(?P<mon>{MONTH_FULL})|(?:(?P<n>(?i:{NUM}))\s+)?"
        rf"(?P<u>(?i:{_U}))s?)\b",
        _every,
    ),
    (
        "anniversary",
        r"\b(?i:the)\s+(?P<n>\d{1,3}(?:st|nd|rd|th)|(?i:"
        + "|".join(sorted(_ORD_WORDS, key=len, reverse=True))
        + r"))\s+(?i:anniversary)",
        _anniversary,
    ),
    (
        "anniversary2",
        r"\b(?i:the)\s+(?P<n>(?i:centenary|centennial))",
        _anniversary,
    ),
    (
        "holiday",
        rf"\b(?P<hol>Thanksgiving(?:\s+Day)?|Christmas(?:\s+(?:Day|Eve))?|New\s+Year'?s?(?:\s+(?:Day|Eve)))(?:,?\s+(?P<y>{YEAR4}))?",
        _holiday,
    ),
]
