"""Rules for expressions read against a reference date: today/yesterday, weekdays, this/last/next
unit, "two years ago", "the same day", vague references (PRESENT_REF/PAST_REF/FUTURE_REF),
clock times and parts of day."""

from __future__ import annotations

import re
from datetime import timedelta

from communique.nlp.timex_abs import PRE, Handler, pre_mod
from communique.nlp.timex_ctx import Context, Norm, number
from communique.nlp.timex_lex import NUM, PART_OF_DAY, UNITS, WEEKDAY, WEEKDAYS
from communique.nlp.timex_norm import fmt, shift, weekday_near

_DAY_WORDS = {
    "today": 0,
    "yesterday": -1,
    "tomorrow": 1,
    "tonight": 0,
    "the day before yesterday": -2,
    "the day after tomorrow": 2,
}
_REF_WORDS = {
    "now": "PRESENT_REF",
    "right now": "PRESENT_REF",
    "currently": "PRESENT_REF",
    "current": "PRESENT_REF",
    "nowadays": "PRESENT_REF",
    "presently": "PRESENT_REF",
    "at present": "PRESENT_REF",
    "at the moment": "PRESENT_REF",
    "these days": "PRESENT_REF",
    "the present": "PRESENT_REF",
    "recently": "PAST_REF",
    "lately": "PAST_REF",
    "previously": "PAST_REF",
    "formerly": "PAST_REF",
    "the past": "PAST_REF",
    "once": "PAST_REF",
    "the future": "FUTURE_REF",
    "future": "FUTURE_REF",
    "soon": "FUTURE_REF",
    "the time ahead": "FUTURE_REF",
    "the coming time": "FUTURE_REF",
    "the years ahead": "FUTURE_REF",
    "the coming years": "FUTURE_REF",
}
_REL_SHIFT = {"this": 0, "current": 0, "last": -1, "past": -1, "previous": -1, "next": 1}
_REL_SHIFT |= {"coming": 1, "following": 1, "the": 0, "that": 0, "same": 0}
_GRAN = {"Y": "Y", "M": "M", "W": "D", "D": "D", "Q": "Q", "DE": "DE", "CE": "CE", "WE": "D"}


def _day_words(m: re.Match[str], ctx: Context) -> Norm | None:
    word = re.sub(r"\s+", " ", m["w"].lower())
    pod = PART_OF_DAY.get((m["pod"] or "").lower()) or ("NI" if word == "tonight" else None)
    if ctx.dct is None:
        return Norm("TIME" if pod else "DATE", "XXXX-XX-XX" + (f"T{pod}" if pod else ""))
    d = ctx.dct.day + timedelta(days=_DAY_WORDS[word])
    if pod:
        return Norm("TIME", f"{d.isoformat()}T{pod}", None, ctx.dct.iso)
    return Norm("DATE", d.isoformat(), None, ctx.dct.iso)


def _ref_words(m: re.Match[str], ctx: Context) -> Norm | None:
    w = re.sub(r"\s+", " ", m.group(0).lower())
    if w == "once" and not re.match(r"\s+(?:again|more)?\b", ctx.after(m.end())):
        return None
    if w == "once":
        return None
    if w == "current" and re.match(r"\s+(?:account|affairs|events)", ctx.after(m.end())):
        return None
    if w == "future" and not re.search(r"\b(?:the|near|in)\s+$", ctx.before(m.start())):
        return None
    return Norm("DATE", _REF_WORDS[w], None, ctx.anchor_iso())


def _recent(m: re.Match[str], ctx: Context) -> Norm | None:
    return Norm("DATE", "PAST_REF", None, ctx.anchor_iso())


def _weekday(m: re.Match[str], ctx: Context) -> Norm | None:
    wd = WEEKDAYS[m["wd"].lower()]
    rel = (m["rel"] or "").lower()
    pod = PART_OF_DAY.get((m["pod"] or "").lower())
    if m["wd"].endswith("s"):
        return Norm("SET", f"XXXX-WXX-{wd}" + (f"T{pod}" if pod else ""))
    if ctx.dct is None:
        return Norm("TIME" if pod else "DATE", f"XXXX-WXX-{wd}" + (f"T{pod}" if pod else ""))
    if rel in ("next", "coming"):
        direction = 2
    elif rel in ("last", "past", "previous"):
        direction = -2
    elif rel == "this":
        direction = 1
    else:
        tense = ctx.tense(m.start(), m.end())
        direction = 1 if tense in ("future", "present") else -1
    d = weekday_near(ctx.dct.day, wd, direction)
    if pod:
        return Norm("TIME", f"{d.isoformat()}T{pod}", None, ctx.dct.iso)
    return Norm("DATE", d.isoformat(), None, ctx.dct.iso)


def _rel_unit(m: re.Match[str], ctx: Context) -> Norm | None:
    unit = UNITS[m["u"].lower()]
    rel = m["rel"].lower()
    det = (m["det"] or "").lower()
    mod = pre_mod(m) or {"earlier": "START", "later": "END"}.get((m["adv"] or "").lower())
    if det == "the" and rel in ("past", "last", "next", "coming", "previous", "following"):
        return Norm("DURATION", f"P1{unit}" if unit not in ("H",) else "PT1H", mod)
    if ctx.dct is None:
        return Norm("DATE", "XXXX" if unit == "Y" else "XXXX-XX", mod)
    d = shift(ctx.dct.day, _REL_SHIFT[rel], "D" if unit == "WE" else unit)
    if unit == "WE":
        d = shift(ctx.dct.day, 7 * _REL_SHIFT[rel], "D")
    return Norm("DATE", fmt(d, unit), mod, ctx.dct.iso)


def _the_unit(m: re.Match[str], ctx: Context) -> Norm | None:
    unit = m["u"].lower()
    if ctx.dct is None:
        return None
    if unit == "quarter":
        if ctx.last_quarter:
            return Norm("DATE", ctx.last_quarter, None, ctx.dct.iso)
        return Norm("DATE", fmt(shift(ctx.dct.day, -1, "Q"), "Q"), None, ctx.dct.iso)
    return None


def _ago(m: re.Match[str], ctx: Context) -> Norm | None:
    unit = UNITS[m["u"].lower()]
    n = number(m["n"])
    direction = m["dir"].lower()
    sign = 1 if direction in ("from now", "hence", "later", "after") else -1
    mod = _approx(m["mod"])
    if unit in ("H", "MIN", "S", "NI"):
        return None
    base = ctx.dct.day if ctx.dct else None
    anchor = ctx.dct.iso if ctx.dct else None
    if direction in ("later", "after") or (direction in ("earlier", "before") and ctx.last_day):
        if ctx.last_day is None:
            return None
        base, anchor = ctx.last_day, ctx.last_day.isoformat()
    if base is None or n is None or n != int(n):
        return Norm("DATE", "XXXX" if unit == "Y" else "XXXX-XX", mod)
    if unit == "Y" and int(n) == 1 and sign < 0 and ctx.last_quarter:
        y, q = ctx.last_quarter.split("-")
        return Norm("DATE", f"{int(y) - 1:04d}-{q}", mod, ctx.last_quarter)
    d = shift(base, sign * int(n), "D" if unit == "WE" else unit)
    return Norm("DATE", fmt(d, _GRAN.get(unit, "D")), mod, anchor)


_APPROX = {"about": "APPROX", "around": "APPROX", "some": "APPROX", "roughly": "APPROX"}
_APPROX |= {"approximately": "APPROX", "nearly": "EQUAL_OR_LESS", "almost": "EQUAL_OR_LESS"}
_APPROX |= {"more than": "MORE_THAN", "over": "MORE_THAN", "at least": "EQUAL_OR_MORE"}
_APPROX |= {"less than": "LESS_THAN", "under": "LESS_THAN", "up to": "EQUAL_OR_LESS"}
_APPROX |= {"just over": "MORE_THAN", "just under": "LESS_THAN", "within": "EQUAL_OR_LESS"}
MODS = r"(?:(?P<mod>about|around|roughly|approximately|nearly|almost|more\s+than|at\s+least"
MODS += r"|less\s+than|up\s+to|just\s+over|just\s+under|some)\s+)?"


def _approx(word: str | None) -> str | None:
    return _APPROX.get(re.sub(r"\s+", " ", word.lower())) if word else None


def _part_of_day(m: re.Match[str], ctx: Context) -> Norm | None:
    pod = PART_OF_DAY[m["pod"].lower()]
    rel = m["rel"].lower()
    if ctx.dct is None:
        return Norm("TIME", f"XXXX-XX-XXT{pod}")
    d = ctx.dct.day + timedelta(days=-1 if rel == "last" else 0)
    return Norm("TIME", f"{d.isoformat()}T{pod}", None, ctx.dct.iso)


def _clock(m: re.Match[str], ctx: Context) -> Norm | None:
    h = int(m["h"])
    mi = int(m["mi"] or 0)
    ap = (m["ap"] or "").lower()
    if ap.startswith("p") and h < 12:
        h += 12
    if ap.startswith("a") and h == 12:
        h = 0
    if h > 24 or mi > 59:
        return None
    day = ctx.last_day or (ctx.dct.day if ctx.dct else None)
    prefix = day.isoformat() if day else "XXXX-XX-XX"
    anchor = day.isoformat() if day else None
    return Norm("TIME", f"{prefix}T{h:02d}:{mi:02d}", None, anchor)


def _noon(m: re.Match[str], ctx: Context) -> Norm | None:
    day = ctx.last_day or (ctx.dct.day if ctx.dct else None)
    t = "12:00" if m.group(0).lower() == "noon" else "24:00"
    return Norm("TIME", f"{day.isoformat() if day else 'XXXX-XX-XX'}T{t}")


def _same_day(m: re.Match[str], ctx: Context) -> Norm | None:
    ref = ctx.last_day or (ctx.dct.day if ctx.dct else None)
    if ref is None:
        return Norm("DATE", "XXXX-XX-XX")
    w = (m["w"] or "").lower()
    if not w:
        txt = m.group(0).lower()
        w = "previous" if "before" in txt else "next" if "after" in txt else "same"
    n = 1 if w in ("next", "following", "after") else -1 if w in ("previous", "before") else 0
    return Norm("DATE", (ref + timedelta(days=n)).isoformat(), None, ref.isoformat())


_UNIT_WORDS = r"year|month|week|day|quarter|weekend|decade|century|fortnight"
RULES: list[tuple[str, str, Handler]] = [
    (
        "day_words",
        r"(?P<w>(?i:the\s+day\s+(?:before\s+yesterday|after\s+tomorrow)|today|yesterday|tomorrow"
        r"|tonight))(?:\s+(?P<pod>(?i:morning|afternoon|evening|night)))?\b",
        _day_words,
    ),
    ("ref_words", r"\b(?i:" + "|".join(sorted(_REF_WORDS, key=len, reverse=True)) + r")\b", _ref_words),
    (
        "recent",
        r"(?i:recent\s+(?:years|months|weeks|decades|times|days)|the\s+recent\s+past)",
        _recent,
    ),
    (
        "weekday",
        rf"(?:(?P<rel>(?i:last|next|this|coming|past|previous))\s+)?\b(?P<wd>{WEEKDAY})s?\b"
        r"(?:\s+(?P<pod>(?i:morning|afternoon|evening|night)))?",
        _weekday,
    ),
    (
        "rel_unit",
        rf"{PRE}(?:(?P<adv>(?i:earlier|later))\s+)?(?:(?P<det>(?i:the))\s+)?"
        rf"(?P<rel>(?i:this|last|next|past|previous|coming|current|following))\s+"
        rf"(?P<u>(?i:{_UNIT_WORDS}))\b",
        _rel_unit,
    ),
    ("the_unit", r"\b(?i:the\s+(?:latest\s+)?)(?P<u>(?i:quarter))\b", _the_unit),
    (
        "ago",
        rf"{MODS}\b(?P<n>(?i:{NUM}))[\s-]+(?P<u>(?i:{_UNIT_WORDS}|hour|minute|centurie))s?\s+"
        r"(?P<dir>(?i:ago|earlier|before|later|after|from\s+now|hence|back))\b",
        _ago,
    ),
    (
        "part_of_day",
        r"\b(?P<rel>(?i:this|last|that))\s+(?P<pod>(?i:morning|afternoon|evening|night))\b",
        _part_of_day,
    ),
    (
        "clock",
        r"\b(?P<h>[01]?\d|2[0-4])(?::(?P<mi>[0-5]\d))?\s*"
        r"(?P<ap>(?i:a\.m\.?|p\.m\.?|am\b|pm\b))",
        _clock,
    ),
    ("clock24", r"\b(?P<h>[01]?\d|2[0-4]):(?P<mi>[0-5]\d)(?=\s*(?:GMT|UTC|local|hours|hrs|\())", _clock),
    ("noon", r"\b(?i:noon|midnight)\b", _noon),
    (
        "same_day",
        r"\b(?i:the|that)\s+(?P<w>(?i:same|next|following|previous))\s+(?i:day)\b"
        r"|\b(?i:that)\s+(?P<w2>(?i:day))\b|\b(?i:the\s+day\s+(?:before|after))\b(?!\s+\w+day)",
        _same_day,
    ),
]
