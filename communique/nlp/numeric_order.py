"""Numeric dates whose order is open: "03/01/1998" is 3 January day first, 1 March month
first. The order is settled, in this order of evidence, by

1. a weekday written beside the date (only one reading falls on it);
2. another numeric date in the same article whose order is plain (a part above 12);
3. a weekday the lead names, when it matches one reading only;
4. the convention of the outlet's country (the agency tag: "(AP)", "(Xinhua)"; else the
   country of the dateline's place);

and otherwise left open, with both readings.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

NUMERIC = re.compile(r"\b(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})\b")
_WEEKDAY = re.compile(r"\b(mon|tue|wed|thu|fri|sat|sun)[a-z]*\b", re.I)
_DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

# Home countries of news agencies and outlets that tag their copy (facts: where each is
# based). Used only to pick a country's date convention.
AGENCY_COUNTRY = {
    "ap": "USA", "associated press": "USA", "upi": "USA", "cnn": "USA", "nyt": "USA",
    "bloomberg": "USA", "voa": "USA", "reuters": "GBR", "afp": "FRA", "xinhua": "CHN",
    "tass": "RUS", "ria novosti": "RUS", "interfax": "RUS", "vna": "VNM", "kyodo": "JPN",
    "yonhap": "KOR", "pti": "IND", "ani": "IND", "ians": "IND", "bernama": "MYS",
    "antara": "IDN", "pna": "PHL", "anadolu": "TUR", "aa": "TUR", "dpa": "DEU", "efe": "ESP",
    "ansa": "ITA", "prensa latina": "CUB", "app": "PAK", "kuna": "KWT", "wam": "ARE",
    "spa": "SAU", "mena": "EGY", "bss": "BGD", "lusa": "PRT", "agência brasil": "BRA",
    "agencia brasil": "BRA", "apa": "AUT", "belga": "BEL", "anp": "NLD", "tt": "SWE",
    "ntb": "NOR", "pap": "POL", "ctk": "CZE", "mti": "HUN", "ukrinform": "UKR",
    "irna": "IRN", "petra": "JOR", "sana": "SYR", "qna": "QAT", "bna": "BHR", "ona": "OMN",
    "kpl": "LAO", "akp": "KHM", "mna": "MMR", "cna": "TWN", "aap": "AUS", "cp": "CAN",
    "sapa": "ZAF", "nan": "NGA", "kna": "KEN",
}  # fmt: skip
# countries whose numeric dates put the month first; where both orders are common, neither
MONTH_FIRST = frozenset({"USA", "PHL", "FSM", "MHL", "PLW"})
MIXED = frozenset({"CAN"})


@dataclass(frozen=True)
class Reading:
    """The readings of one numeric date: ``settled`` is the one chosen (or None) and ``why``
    says what chose it."""

    day_first: date | None
    month_first: date | None
    settled: date | None
    why: str


def _year(text: str) -> int:
    y = int(text)
    return y if len(text) == 4 else (2000 + y if y < 50 else 1900 + y)


def _safe(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def readings(words: str) -> tuple[date | None, date | None] | None:
    """(day-first, month-first) readings of a numeric date, or None if it is not one."""
    m = NUMERIC.search(words)
    if not m:
        return None
    a, b, y = int(m[1]), int(m[3]), _year(m[4])
    return _safe(y, b, a), _safe(y, a, b)


def plain_order(text: str) -> str | None:
    """ "day" or "month" first, from numeric dates in ``text`` with a part above 12."""
    votes = set()
    for m in NUMERIC.finditer(text):
        a, b = int(m[1]), int(m[3])
        if a > 12 >= b:
            votes.add("day")
        elif b > 12 >= a:
            votes.add("month")
    return votes.pop() if len(votes) == 1 else None


def settle(
    words: str,
    line: str,
    text: str,
    lead_weekdays: Sequence[int],
    country_of: Callable[[str], str | None],
) -> Reading | None:
    """The reading of the numeric date ``words`` (found on ``line`` of ``text``)."""
    both = readings(words)
    if both is None:
        return None
    dmy, mdy = both
    if dmy is None or mdy is None or dmy == mdy:
        only = dmy or mdy
        return Reading(dmy, mdy, only, "only one reading is a date")
    on_line = {_DAYS.index(w.lower()[:3]) for w in _WEEKDAY.findall(line)}
    if len(fits := [d for d in (dmy, mdy) if d.weekday() in on_line]) == 1:
        return Reading(dmy, mdy, fits[0], f"a {fits[0].strftime('%A')}, as the line says")
    if order := plain_order(text.replace(words, " ")):
        chosen = dmy if order == "day" else mdy
        return Reading(dmy, mdy, chosen, f"other numeric dates in the text put the {order} first")
    if len(fits := [d for d in (dmy, mdy) if d.weekday() in lead_weekdays]) == 1:
        return Reading(dmy, mdy, fits[0], f"a {fits[0].strftime('%A')}, as the lead says")
    country = country_of(text)
    if country and country not in MIXED:
        chosen = mdy if country in MONTH_FIRST else dmy
        first = "month" if country in MONTH_FIRST else "day"
        return Reading(dmy, mdy, chosen, f"{country} outlets put the {first} first")
    return Reading(dmy, mdy, None, "nothing in the text settles day or month first")


_TAG = re.compile(r"\(([A-Z][\w .ê-]{1,20})\)|^([A-Z]{2,6})\s*[-–—:]|/([A-Z]{2,6})/", re.M)


def agency_country(text: str) -> str | None:
    """The home country of the agency tag near the top ("(AP)", "(Xinhua)", "/TASS/"), else
    of an agency whose full name (five letters or more) heads the page ("Anadolu Ajansı")."""
    for m in _TAG.finditer(text[:1500]):
        name = (m.group(1) or m.group(2) or m.group(3)).strip().lower()
        if name in AGENCY_COUNTRY:
            return AGENCY_COUNTRY[name]
    masthead = " ".join(text.splitlines()[:3]).lower()
    for name, country in sorted(AGENCY_COUNTRY.items()):
        if len(name) >= 5 and re.search(rf"\b{re.escape(name)}\b", masthead):
            return country
    return None
