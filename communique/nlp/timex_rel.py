"""Rules for expressions read against a reference date: today/yesterday, weekdays, this/last/next
unit, "two years ago", "the same day", vague references (PRESENT_REF/PAST_REF/FUTURE_REF),
clock times and parts of day."""

from __future__ import annotations

import re
from datetime import timedelta

from communique.nlp.timex_abs import PRE, Handler, day_num, month_num, pre_mod, ymd
from communique.nlp.timex_ctx import Context, Norm, number
from communique.nlp.timex_lex import DAY_NUM, MONTH_ANY, NUM, PART_OF_DAY, UNITS, WEEKDAY, WEEKDAYS
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
    "the past": "PAST_REF",
    "the future": "FUTURE_REF",
    "future": "FUTURE_REF",
    "the time ahead": "FUTURE_REF",
    "the coming time": "FUTURE_REF",
    "the years ahead": "FUTURE_REF",
    "the coming years": "FUTURE_REF",
    "coming years": "FUTURE_REF",
    "the coming months": "FUTURE_REF",
    "coming months": "FUTURE_REF",
    "the coming weeks": "FUTURE_REF",
    "coming weeks": "FUTURE_REF",
    "the months ahead": "FUTURE_REF",
    "the weeks ahead": "FUTURE_REF",
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
        until = re.search(r"\b(?:until|till)\s+$", ctx.before(m.start(), 8), re.I)
        direction = 1 if tense == "future" or (until and tense != "past") else -1
    d = weekday_near(ctx.dct.day, wd, direction)
    if pod:
        return Norm("TIME", f"{d.isoformat()}T{pod}", None, ctx.dct.iso)
    return Norm("DATE", d.isoformat(), None, ctx.dct.iso)


def _rel_unit(m: re.Match[str], ctx: Context) -> Norm | None:
    unit = UNITS[m["u"].lower()]
    rel = m["rel"].lower()
    det = (m["det"] or "").lower()
    mod = pre_mod(m) or {"earlier": "START", "later": "END"}.get((m["adv"] or "").lower())
    if det == "the" and rel in ("following", "previous") and ctx.last_year and unit == "Y":
        y = ctx.last_year + (1 if rel == "following" else -1)
        return Norm("DATE", f"{y:04d}", mod, f"{ctx.last_year:04d}")
    durative = unit not in ("Y", "DE") or rel in ("previous", "following")
    if (
        det == "the"
        and rel in ("past", "last", "next", "coming", "previous", "following")
        and durative
    ):
        return Norm("DURATION", f"P1{unit}", mod)
    if ctx.dct is None:
        return Norm("DATE", "XXXX" if unit == "Y" else "XXXX-XX", mod)
    step = _REL_SHIFT[rel]
    d = shift(ctx.dct.day, 7 * step, "D") if unit == "WE" else shift(ctx.dct.day, step, unit)
    return Norm("DATE", fmt(d, unit), mod, ctx.dct.iso)


def ref_quarter(ctx: Context) -> str | None:
    """The quarter financial news speaks of: the last one named in the DCT's year, else the
    quarter before the DCT's."""
    if ctx.dct is None:
        return ctx.last_quarter
    if ctx.last_quarter and ctx.last_quarter.startswith(f"{ctx.dct.day.year:04d}"):
        return ctx.last_quarter
    return fmt(shift(ctx.dct.day, -1, "Q"), "Q")


def year_before(quarter: str) -> str:
    y, q = quarter.split("-")
    return f"{int(y) - 1:04d}-{q}"


def _the_unit(m: re.Match[str], ctx: Context) -> Norm | None:
    if ctx.dct is None:
        return None
    latest = bool(m["latest"] or m["period"])
    q = fmt(shift(ctx.dct.day, -1, "Q"), "Q") if latest else ref_quarter(ctx)
    return Norm("DATE", q, None, ctx.dct.iso) if q else None


def _weekend(m: re.Match[str], ctx: Context) -> Norm | None:
    if ctx.dct is None:
        return Norm("DATE", "XXXX-WXX-WE")
    forward = ctx.tense(m.start(), m.end()) == "future"
    d = weekday_near(ctx.dct.day, 6, 1 if forward else -1)
    return Norm("DATE", fmt(d, "WE"), None, ctx.dct.iso)


def _year_ago_period(m: re.Match[str], ctx: Context) -> Norm | None:
    if ctx.dct is None:
        return Norm("DATE", "XXXX")
    if ctx.last_quarter or (m["u"] or "").lower() == "quarter":
        q = ref_quarter(ctx)
        if q:
            return Norm("DATE", year_before(q), None, q)
    return Norm("DATE", f"{ctx.dct.day.year - 1:04d}", None, ctx.dct.iso)


def _ago(m: re.Match[str], ctx: Context) -> Norm | None:
    unit = UNITS[m["u"].lower()]
    n = number(m["n"])
    direction = re.sub(r"\s+", " ", m["dir"].lower())
    mod = _approx(m["mod"])
    if unit in ("H", "MIN", "S", "NI"):
        return None
    if direction == "earlier" and unit != "Y":
        return Norm("DURATION", f"P{int(n) if n else 'X'}{unit}", mod)
    sign = 1 if direction in ("from now", "hence") else -1
    if ctx.dct is None:
        return Norm("DATE", "XXXX" if unit == "Y" else "XXXX-XX", mod)
    if n is None or n != int(n):
        return Norm("DATE", "PAST_REF" if sign < 0 else "FUTURE_REF", mod, ctx.dct.iso)
    if unit == "Y" and int(n) == 1 and sign < 0 and ctx.last_quarter:
        q = ref_quarter(ctx)
        if q:
            return Norm("DATE", year_before(q), mod, q)
    d = shift(ctx.dct.day, sign * int(n), "D" if unit == "WE" else unit)
    return Norm("DATE", fmt(d, _GRAN.get(unit, "D")), mod, ctx.dct.iso)


def _later(m: re.Match[str], ctx: Context) -> Norm | None:
    unit = UNITS[m["u"].lower()]
    n = number(m["n"])
    if unit in ("MIN", "S", "H"):
        return Norm("DURATION", f"PT{int(n) if n else 'X'}{'M' if unit == 'MIN' else unit}")
    return Norm("DURATION", f"P{int(n) if n else 'X'}{unit}", _approx(m["mod"]))


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


def _clock_day(m: re.Match[str], ctx: Context) -> tuple[str, str | None]:
    """The day a clock time is on: a weekday or date written after it, else the last day
    mentioned, else the DCT."""
    if m["wd"] and ctx.dct:
        tense = ctx.tense(m.start(), m.end())
        d = weekday_near(ctx.dct.day, WEEKDAYS[m["wd"].lower()], 1 if tense == "future" else -1)
        return d.isoformat(), ctx.dct.iso
    if m["mon"]:
        full = ymd(ctx, None, month_num(m["mon"]), day_num(m["d"]), m.start(), m.end())
        if full:
            return full.value, full.anchor
    if m["wd"]:
        return f"XXXX-WXX-{WEEKDAYS[m['wd'].lower()]}", None
    day = ctx.last_day or (ctx.dct.day if ctx.dct else None)
    return (day.isoformat(), day.isoformat()) if day else ("XXXX-XX-XX", None)


def _clock(m: re.Match[str], ctx: Context) -> Norm | None:
    h = int(m["h"])
    mi = int(m["mi"] or 0)
    ap = (m.groupdict().get("ap") or "").lower()
    if ap.startswith("p") and h < 12:
        h += 12
    if ap.startswith("a") and h == 12:
        h = 0
    if h > 24 or mi > 59:
        return None
    day, anchor = _clock_day(m, ctx)
    return Norm("TIME", f"{day}T{h:02d}:{mi:02d}", None, anchor)


def _noon(m: re.Match[str], ctx: Context) -> Norm | None:
    day, anchor = _clock_day(m, ctx)
    t = "12:00" if m["w"].lower() in ("noon", "midday") else "24:00"
    return Norm("TIME", f"{day}T{t}", None, anchor)


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


_DAY_TAIL = (
    r"(?:\s+(?:EST|EDT|GMT|UTC|local\s+time))?"
    rf"(?:,?\s+(?:(?:on\s+)?(?P<wd>{WEEKDAY})\b|(?P<mon>{MONTH_ANY})\s+(?P<d>{DAY_NUM})\b))?"
)
_UNIT_WORDS = r"year|month|week|day|quarter|weekend|decade|century|fortnight"
RULES: list[tuple[str, str, Handler]] = [
    (
        "day_words",
        r"(?P<w>(?i:the\s+day\s+(?:before\s+yesterday|after\s+tomorrow)|today|yesterday|tomorrow"
        r"|tonight))(?:\s+(?P<pod>(?i:morning|afternoon|evening|night)))?\b",
        _day_words,
    ),
    (
        "ref_words",
        r"\b(?i:" + "|".join(sorted(_REF_WORDS, key=len, reverse=True)) + r")\b",
        _ref_words,
    ),
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
    (
        "the_unit",
        r"\b(?i:the)\s+(?:(?P<latest>(?i:latest|most\s+recent)\s+)?(?i:quarter)|(?P<period>(?i:latest\s+period)))\b",
        _the_unit,
    ),
    ("weekend", r"\b(?i:the|this)\s+(?i:weekend)\b", _weekend),
    (
        "year_ago_period",
        r"\b(?:(?i:the)\s+)?(?:(?i:comparable|corresponding|same)\s+)?(?i:year-(?:earlier|ago|before))"
        r"(?:\s+(?P<u>(?i:quarter|period)))?\b",
        _year_ago_period,
    ),
    (
        "ago",
        rf"{MODS}\b(?P<n>(?i:{NUM}))[\s-]+(?P<u>(?i:{_UNIT_WORDS}|hour|minute|centurie))s?\s+"
        r"(?P<dir>(?i:ago|earlier|from\s+now|hence|back))\b",
        _ago,
    ),
    (
        "later",
        rf"(?P<core>{MODS}\b(?P<n>(?i:{NUM}))[\s-]+(?P<u>(?i:{_UNIT_WORDS}|hour|minute)))s?\s+"
        r"(?i:later|after|before)\b",
        _later,
    ),
    (
        "part_of_day",
        r"\b(?P<rel>(?i:this|last|that))\s+(?P<pod>(?i:morning|afternoon|evening|night))\b",
        _part_of_day,
    ),
    (
        "clock",
        r"\b(?P<h>[01]?\d|2[0-4])(?::(?P<mi>[0-5]\d))?\s*"
        r"(?P<ap>(?i:a\.m\.?|p\.m\.?|am\b|pm\b))" + _DAY_TAIL,
        _clock,
    ),
    (
        "clock24",
        r"\b(?P<h>[01]?\d|2[0-4]):(?P<mi>[0-5]\d)(?=\s*(?:GMT|UTC|local|hours|hrs|\())" + _DAY_TAIL,
        _clock,
    ),
    ("noon", r"\b(?P<w>(?i:noon|midnight|midday))\b" + _DAY_TAIL, _noon),
    (
        "same_day",
        r"\b(?i:the|that)\s+(?P<w>(?i:same|next|following|previous))\s+(?i:day)\b"
        r"|\b(?i:that)\s+(?P<w2>(?i:day))\b|\b(?i:the\s+day\s+(?:before|after))\b(?!\s+\w+day)",
        _same_day,
    ),
]
