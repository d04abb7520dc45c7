"""Rules for calendar expressions: full dates, months, years, decades, centuries, seasons,
quarters, halves, fiscal years, year ranges. Each rule is a compiled pattern and a handler that
turns a match into a :class:`Norm` (or None to reject the match)."""

from __future__ import annotations

import re
from collections.abc import Callable

from communique.nlp.timex_ctx import Context, Norm, count_str, number
from communique.nlp.timex_lex import (
    DAY_NUM,
    MONTH_ABBR,
    MONTH_ANY,
    MONTH_FULL,
    MONTHS,
    NUM,
    ORDINAL_RE,
    ORDINALS,
    QUANTITY_NOUN,
    QUANTITY_PREFIX,
    SEASON_RE,
    SEASONS,
    WEEKDAY,
    YEAR4,
)
from communique.nlp.timex_norm import valid_date, year_for

Handler = Callable[[re.Match[str], Context], Norm | None]

PRE = (
    r"(?:(?P<pre>(?i:early|late|mid|the\s+(?:end|beginning|start|middle|turn|close)\s+of"
    r"|(?:end|beginning|start|middle)\s+of))[\s-]+)?"
)
_PRE_MOD = {"early": "START", "beginning": "START", "start": "START", "mid": "MID"}
_PRE_MOD |= {"middle": "MID", "late": "END", "end": "END", "close": "END", "turn": "END"}
_MONTH_CUE = re.compile(
    r"(?:\b(?:in|since|until|till|by|last|next|this|early|late|of|through|during|before|after"
    r"|from|between|throughout|to|and|or|coming|mid|each|every|that|until|on|until|for))"
    r"[\s-]+$",
    re.I,
)


def pre_mod(m: re.Match[str]) -> str | None:
    pre = m.groupdict().get("pre")
    if not pre:
        return None
    return _PRE_MOD.get(pre.lower().replace("the", "").split()[0].strip(), None)


def month_num(word: str) -> int:
    w = word.lower().rstrip(".")
    return MONTHS.get(w) or MONTH_ABBR[w]


def day_num(word: str) -> int:
    return int(re.sub(r"\D", "", word))


def ymd(ctx: Context, y: int | None, mo: int, d: int | None, start: int, end: int) -> Norm | None:
    anchor = None
    if y is None:
        if ctx.dct is None:
            ys = "XXXX"
        else:
            ys = f"{year_for(mo, d, ctx.dct.day, ctx.tense(start, end)):04d}"
            anchor = ctx.dct.iso
    else:
        ys = f"{y:04d}"
    if d is None:
        return Norm("DATE", f"{ys}-{mo:02d}", None, anchor)
    if not valid_date(int(ys) if ys.isdigit() else 2000, mo, d):
        return None
    return Norm("DATE", f"{ys}-{mo:02d}-{d:02d}", None, anchor)


def _iso(m: re.Match[str], ctx: Context) -> Norm | None:
    y, mo, d = int(m["y"]), int(m["mo"]), int(m["d"])
    if not valid_date(y, mo, d):
        return None
    if m["h"]:
        t = f"{m['h']}:{m['mi']}" + (f":{m['s']}" if m["s"] else "")
        return Norm("TIME", f"{y:04d}-{mo:02d}-{d:02d}T{t}")
    return Norm("DATE", f"{y:04d}-{mo:02d}-{d:02d}")


def _full(m: re.Match[str], ctx: Context) -> Norm | None:
    year = m.groupdict().get("y")
    y = int(year) if year else None
    n = ymd(ctx, y, month_num(m["mon"]), day_num(m["d"]), m.start(), m.end())
    if n and m.groupdict().get("h"):
        return Norm("TIME", f"{n.value}T{int(m['h']):02d}:{m['mi']}", None, n.anchor)
    return n


def _numeric(m: re.Match[str], ctx: Context) -> Norm | None:
    a, b, y = int(m["a"]), int(m["b"]), int(m["y"])
    d, mo = (a, b) if a > 12 or b <= 12 else (b, a)
    return ymd(ctx, y, mo, d, m.start(), m.end()) if 1 <= mo <= 12 else None


def _month_year(m: re.Match[str], ctx: Context) -> Norm | None:
    y = _rel_year(m, ctx)
    if y is None:
        return Norm("DATE", f"XXXX-{month_num(m['mon']):02d}", pre_mod(m))
    anchor = None if m["y"] else ctx.anchor_iso()
    return Norm("DATE", f"{y}-{month_num(m['mon']):02d}", pre_mod(m), anchor)


def _month(m: re.Match[str], ctx: Context) -> Norm | None:
    word = m["mon"]
    before = ctx.before(m.start(), 25)
    if not m["pre"] and not m["rel"] and not _MONTH_CUE.search(before):
        return None
    if word in ("May", "March") and re.search(r"\b(?:to|and|or)\s+$", before):
        return None
    rel = (m["rel"] or "").lower()
    mo = month_num(word)
    if rel and ctx.dct is not None:
        d = ctx.dct.day
        y = d.year
        if rel == "last" and mo >= d.month:
            y -= 1
        elif rel in ("next", "coming") and mo <= d.month:
            y += 1
        return Norm("DATE", f"{y:04d}-{mo:02d}", pre_mod(m), ctx.dct.iso)
    n = ymd(ctx, None, mo, None, m.start(), m.end())
    return Norm(n.type, n.value, pre_mod(m), n.anchor) if n else None


def _year(m: re.Match[str], ctx: Context) -> Norm | None:
    if not m["pre"] and QUANTITY_PREFIX.search(ctx.before(m.start(), 12)):
        return None
    after = ctx.after(m.end(), 25)
    if re.match(r"(?:\s*(?:GMT|UTC|hours|hrs|local)|[\d,.]\d|-\d|/\d)", after):
        return None
    if QUANTITY_NOUN.match(after) and not re.match(r"\s*(?:elections?|budget|census)", after):
        return None
    return Norm("DATE", m["y"], pre_mod(m))


_UNITS_W = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_TEENS_W = ("ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen",
            "seventeen", "eighteen", "nineteen")  # fmt: skip
_TENS_W = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_TWO_DIGITS = (
    rf"(?:(?:{'|'.join(_TENS_W)})(?:[\s-](?:{'|'.join(_UNITS_W)}))?|{'|'.join(_TEENS_W)}|"
    rf"(?:oh|o)[\s-](?:{'|'.join(_UNITS_W)}))"
)
# years read out in broadcast transcripts: "nineteen ninety-six", "twenty twelve" ("two
# thousand and one" is left out: "two thousand people" is far more common)
YEAR_WORDS = rf"(?P<yc>(?i:nineteen|eighteen|twenty))\s+(?P<yy>(?i:{_TWO_DIGITS}))\b"


def _two_digits(words: str) -> int:
    parts = re.split(r"[\s-]+", words.lower())
    if parts[0] in ("oh", "o"):
        return _UNITS_W.index(parts[1]) + 1
    if parts[0] in _TEENS_W:
        return _TEENS_W.index(parts[0]) + 10
    value = (_TENS_W.index(parts[0]) + 2) * 10
    return value + (_UNITS_W.index(parts[1]) + 1 if len(parts) > 1 else 0)


def _year_words(m: re.Match[str], ctx: Context) -> Norm | None:
    if QUANTITY_NOUN.match(ctx.after(m.end(), 25)):
        return None  # "nineteen eighty tons"
    century = {"eighteen": 18, "nineteen": 19, "twenty": 20}[m["yc"].lower()]
    year = century * 100 + _two_digits(m["yy"])
    if m["mon"]:
        return Norm("DATE", f"{year}-{MONTHS[m['mon'].lower().rstrip('.')]:02d}", pre_mod(m))
    return Norm("DATE", str(year), pre_mod(m))


def _year_range(m: re.Match[str], ctx: Context) -> Norm | None:
    y1, y2 = m["y1"], m["y2"]
    if len(y2) == 2:
        y2 = y1[:2] + y2
    if int(y2) <= int(y1):
        return None
    return Norm("DATE", f"{y1}/{y2}")


def _fiscal(m: re.Match[str], ctx: Context) -> Norm | None:
    y = m["y"]
    if len(y) == 2:
        y = ("19" if int(y) >= 50 else "20") + y
    return Norm("DATE", y)


def _decade(m: re.Match[str], ctx: Context) -> Norm | None:
    if m["dec"]:
        return Norm("DATE", m["dec"][:3], pre_mod(m))
    cent = "19" if int(m["d2"]) >= 30 else "20"
    return Norm("DATE", cent + m["d2"][0], pre_mod(m))


_CENTURY_WORDS = {"twentieth": 20, "twenty-first": 21, "nineteenth": 19, "eighteenth": 18}


def _century(m: re.Match[str], ctx: Context) -> Norm | None:
    w = m["n"].lower()
    n = _CENTURY_WORDS.get(w) or ORDINALS.get(w) or int(re.sub(r"\D", "", w) or 0)
    return Norm("DATE", f"{n - 1:02d}", pre_mod(m)) if n > 1 else None


_SEASON_END = {"SP": 5, "SU": 8, "FA": 11, "WI": 2}


def _season(m: re.Match[str], ctx: Context) -> Norm | None:
    code = SEASONS[m["s"].lower()]
    rel = (m["rel"] or "").lower()
    if m["y"]:
        return Norm("DATE", f"{m['y']}-{code}", pre_mod(m))
    if not rel and not m["pre"]:
        before = ctx.before(m.start(), 12)
        if not re.search(r"\b(?:in|during|the|since|until|by|over|through)\s+$", before, re.I):
            return None
        if re.match(r"\s+of\b|\s+(?:[a-z]+ing|session|school|camp|palace)\b", ctx.after(m.end())):
            return None
    if ctx.dct is None:
        return Norm("DATE", f"XXXX-{code}", pre_mod(m))
    d = ctx.dct.day
    y = d.year
    if rel in ("last", "past", "previous"):
        y = y if _SEASON_END[code] < d.month and code != "WI" else y - 1
    elif rel in ("next", "coming"):
        y = y if _SEASON_END[code] - 2 > d.month else y + 1
    return Norm("DATE", f"{y:04d}-{code}", pre_mod(m), ctx.dct.iso)


def _rel_year(m: re.Match[str], ctx: Context, group: str = "rely") -> str | None:
    if m.groupdict().get("y"):
        return str(m["y"])
    if ctx.dct is None:
        return None
    shift = {"last": -1, "next": 1, "this": 0, "the": 0, "": 0, "previous": -1, "past": -1}
    rel = (m.groupdict().get(group) or "").lower()
    return f"{ctx.dct.day.year + shift.get(rel, 0):04d}"


def _quarter(m: re.Match[str], ctx: Context) -> Norm | None:
    q_word = (m["q"] or m["q2"] or "").lower()
    q = ORDINALS.get(q_word) or int(re.sub(r"\D", "", q_word) or 0)
    if not 1 <= q <= 4:
        return None
    y = m["y0"] or _rel_year(m, ctx, "rely0" if m["rely0"] else "rely")
    rel = (m["rel"] or "").lower()
    if y and rel in ("year-earlier", "year-ago", "year-before"):
        y = str(int(y) - 1)
    bare = not (m["y0"] or m.groupdict().get("y") or m["rely0"] or m.groupdict().get("rely"))
    if y and bare and not rel and ctx.dct is not None:
        # "the fourth quarter" written in January: the last one, unless the text looks ahead
        current = (ctx.dct.day.month - 1) // 3 + 1
        if q > current and ctx.tense(m.start(), m.end()) != "future":
            y = str(int(y) - 1)
    value = f"{y or 'XXXX'}-Q{q}"
    ctx.last_quarter = value if y else ctx.last_quarter
    return Norm("DATE", value, pre_mod(m), None if m["y"] or m["y0"] else ctx.anchor_iso())


def _half(m: re.Match[str], ctx: Context) -> Norm | None:
    y = _rel_year(m, ctx)
    h = 1 if m["h"].lower() in ("first", "1st") else 2
    return Norm("DATE", f"{y or 'XXXX'}-H{h}", None, None if m["y"] else ctx.anchor_iso())


def _first_months(m: re.Match[str], ctx: Context) -> Norm | None:
    n = number(m["n"])
    if n is None or not 1 <= n <= 12 or n != int(n):
        return None
    if not (m["y"] or m["rely"]):
        return Norm("DURATION", f"P{count_str(n)}M")
    y = _rel_year(m, ctx)
    if y is None:
        return None
    return Norm("DATE", f"{y}-01/{y}-{int(n):02d}", None, None if m["y"] else ctx.anchor_iso())


_YR = rf"(?:(?P<y>{YEAR4})|(?P<rely>this|last|next|the)\s+year)"
_WD = rf"(?:(?P<wd>{WEEKDAY}),?\s+)?"
RULES: list[tuple[str, str, Handler]] = [
    (
        "iso",
        rf"{_WD}\b(?P<y>{YEAR4})-(?P<mo>[01]\d)-(?P<d>[0-3]\d)"
        r"(?:(?:T|\s+)(?P<h>[0-2]\d):(?P<mi>[0-5]\d)(?::(?P<s>[0-5]\d))?)?\b",
        _iso,
    ),
    (
        "dmy",
        rf"{_WD}(?:the\s+)?\b(?P<d>{DAY_NUM})(?:\s+of)?\s+(?P<mon>{MONTH_ANY}),?\s+(?P<y>{YEAR4})\b",
        _full,
    ),
    (
        "mdy",
        rf"{_WD}\b(?P<mon>{MONTH_ANY})\s+(?P<d>{DAY_NUM})\b(?!\s*(?:%|percent|[-–:]\d))"
        rf"(?:,?\s+(?P<y>{YEAR4})\b(?!\s*(?:%|[a-z]+s\b)))?"
        r"(?:,?\s+(?:at\s+)?(?P<h>[0-2]?\d):(?P<mi>[0-5]\d))?",
        _full,
    ),
    ("dm", rf"{_WD}(?:the\s+)?\b(?P<d>{DAY_NUM})(?:\s+of)?\s+(?P<mon>{MONTH_ANY})(?!\w)", _full),
    ("num_dmy", rf"\b(?P<a>[0-3]?\d)[/.](?P<b>[0-3]?\d)[/.](?P<y>{YEAR4})\b", _numeric),
    (
        "my",
        rf"{PRE}\b(?P<mon>{MONTH_ANY}),?\s+(?:of\s+)?(?:(?P<y>{YEAR4})\b|(?P<rely>(?i:this|last|next))\s+year)",
        _month_year,
    ),
    (
        "month",
        rf"{PRE}(?:(?P<rel>(?i:last|next|this|coming))\s+)?\b(?P<mon>{MONTH_FULL}|Sept\.|Dec\.|Jan\.|Feb\.|Aug\.|Oct\.|Nov\.)(?!\w)",
        _month,
    ),
    ("year_range", rf"\b(?P<y1>{YEAR4})\s*[-–]\s*(?P<y2>{YEAR4}|\d\d)\b(?![-–]\d)", _year_range),
    ("fiscal", rf"\b(?i:fiscal(?:\s+year)?|FY)\s?(?P<y>{YEAR4}|\d\d)\b", _fiscal),
    ("year", rf"{PRE}(?<![\d,.$€£-])\b(?P<y>{YEAR4})\b(?!['’]?s\b)", _year),
    ("year_words", rf"{PRE}(?:(?P<mon>{MONTH_FULL})\s+)?(?:{YEAR_WORDS})", _year_words),
    (
        "decade",
        rf"{PRE}(?:(?i:the)\s+)?(?:(?P<dec>(?:1[5-9]|20)\d0)s|['’](?P<d2>\d0)s)\b",
        _decade,
    ),
    (
        "century",
        rf"{PRE}(?:(?i:the)\s+)?(?P<n>\d{{1,2}}(?:st|nd|rd|th)|(?i:twenty-first|twentieth"
        rf"|nineteenth|eighteenth|{ORDINAL_RE}))[\s-]+(?i:century)",
        _century,
    ),
    (
        "season",
        rf"{PRE}(?:(?P<rel>(?i:this|last|next|past|coming|previous))\s+)?"
        rf"(?P<s>(?i:{SEASON_RE}))(?:\s+(?:of\s+)?(?P<y>{YEAR4}))?\b",
        _season,
    ),
    (
        "quarter",
        rf"{PRE}(?:(?i:the)\s+)?(?:(?P<rel>(?i:latest|last|past|previous|current|this|next|coming"
        rf"|same|year-earlier|year-ago|year-before))\s+)?"
        rf"(?:(?P<y0>{YEAR4})\s+|(?P<rely0>(?i:this|last|next))\s+(?i:year['’]s)\s+)?"
        rf"(?:(?P<q>(?i:{ORDINAL_RE}))[\s-](?i:quarter|qtr\.?)|(?P<q2>Q[1-4]))"
        rf"(?:\s+(?i:of\s+)?(?:(?i:fiscal\s+)?{_YR}))?",
        _quarter,
    ),
    (
        "half",
        rf"(?:(?i:the)\s+)?(?P<h>(?i:first|second|1st|2nd|latter))\s+(?i:half)"
        rf"(?:\s+(?i:of)\s+{_YR})?",
        _half,
    ),
    (
        "first_months",
        rf"(?:(?i:the)\s+)?(?i:first)\s+(?P<n>{NUM})\s+(?i:months)(?:\s+(?i:of)\s+{_YR})?",
        _first_months,
    ),
]
