"""The figures stage: money, counts and percentages with what they measure, unit, scale, period
and kind (actual, forecast, target)."""

from __future__ import annotations

import math
import re
from typing import ClassVar

from communique.config import Config
from communique.model import Document, Figure, Sentence, TimeExpr
from communique.pipeline import register

SCALES = {"thousand": 1e3, "million": 1e6, "mln": 1e6, "m": 1e6, "billion": 1e9, "bn": 1e9,
          "b": 1e9, "trillion": 1e12, "tn": 1e12, "tr": 1e12}  # fmt: skip
CURRENCIES = {"us$": "USD", "$": "USD", "usd": "USD", "us dollars": "USD", "dollars": "USD",
              "€": "EUR", "eur": "EUR", "euros": "EUR", "£": "GBP", "gbp": "GBP",
              "pounds": "GBP", "vnd": "VND", "dong": "VND", "yuan": "CNY", "rmb": "CNY",
              "cny": "CNY", "rubles": "RUB", "roubles": "RUB", "rub": "RUB", "yen": "JPY",
              "¥": "JPY", "rupees": "INR", "inr": "INR", "won": "KRW", "a$": "AUD",
              "au$": "AUD", "aud": "AUD", "c$": "CAD", "ca$": "CAD", "cad": "CAD",
              "nz$": "NZD", "hk$": "HKD", "s$": "SGD", "r$": "BRL", "rupiah": "IDR",
              "ringgit": "MYR", "baht": "THB", "reais": "BRL", "rand": "ZAR",
              "lira": "TRY", "riyals": "SAR", "francs": "CHF"}  # fmt: skip
_NUM = r"(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)"
_SCALE = r"(?:\s*(thousand|million|mln|billion|bn|trillion|tn|m|b)\b)?"
_PRE = r"(US\$|AU?\$|CA?\$|NZ\$|HK\$|S\$|R\$|USD|AUD|CAD|\$|€|EUR|£|GBP|VND|¥|RMB|CNY|INR|RUB)"
_POST = (
    r"(US dollars|dollars|USD|euros|EUR|pounds|VND|dong|yuan|RMB|rubles|roubles|yen|rupees|won|"
    r"rupiah|ringgit|baht|reais|rand|lira|riyals|francs)"
)
MONEY_PRE = re.compile(rf"{_PRE}\s?{_NUM}{_SCALE}", re.I)
MONEY_POST = re.compile(rf"\b{_NUM}{_SCALE}\s+{_POST}\b", re.I)
PERCENT = re.compile(rf"\b{_NUM}\s?(%|percent\b|per cent\b)", re.I)
COUNT = re.compile(
    rf"\b{_NUM}(?:\s+(thousand|million|billion))?\s+((?:[A-Za-z-]+\s+){{0,2}}?[a-z-]+s)\b(?!\s+(?:ago|old))"
)
MEASURED = re.compile(
    r"\b((?:[a-z][a-z-]* ){0,2}(?:trade(?: turnover)?|turnover|investment(?: capital)?|capital|"
    r"exports?|imports?|aid|loans?|gdp|revenue|budget|deals?|contracts?|spending|funding|"
    r"assistance|reserves|debt|output|sales|production|growth|inflation|deficit|surplus))\b"
)
TARGET = re.compile(r"\b(?:to bring|target|aim(?:s|ed)? (?:to|at|for)|goal|to raise|to boost|"
                    r"to increase|to lift|to reach|to double)\b")  # fmt: skip
FORECAST = re.compile(r"\b(?:predicted|expected|forecast|projected|estimated to|is set to|"
                      r"likely to|will (?:reach|hit|exceed|top))\b")  # fmt: skip
# an amount someone undertakes to give ("Japan would provide a loan of ..."): a target to be met
PROMISED = re.compile(
    r"\b(?:will|would|shall|pledg\w+ to|promis\w+ to|agreed to|offer\w* to|plans? to|"
    r"commit\w* to)\s+(?:\w+\s+){0,2}(?:provide|give|grant|lend|extend|invest|spend|allocate|"
    r"offer|donate|contribute)\b"
)
NOT_COUNTABLE = re.compile(r"^(?:years|months|days|weeks|hours|minutes|times|percent|per)\b")
APPROXIMATORS = frozenset("about nearly some over around almost roughly approximately more".split())
FUNCTION_WORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "with",
        "of",
        "and",
        "or",
        "to",
        "in",
        "on",
        "at",
        "for",
        "by",
        "as",
        "is",
        "was",
        "are",
    ]
)
DEADLINE_MODS = ("BEFORE", "ON_OR_BEFORE", "END", "EQUAL_OR_LESS")


@register
class FigureStage:
    name: ClassVar[str] = "figures"
    requires: ClassVar[tuple[str, ...]] = ("sentences", "times")
    provides: ClassVar[tuple[str, ...]] = ("figures",)

    def __init__(self, config: Config) -> None:
        self.config = config

    def __call__(self, doc: Document) -> Document:
        figures: list[Figure] = []
        for sent in doc.sentences:
            text = doc.text[sent.start : sent.end]
            if any(ch.isdigit() for ch in text):
                figures.extend(sentence_figures(doc, sent))
        return doc.with_layers(figures=tuple(figures))


def _value(num: str, scale: str | None) -> float:
    return float(num.replace(",", "")) * SCALES.get((scale or "").lower(), 1.0)


def sentence_figures(doc: Document, sent: Sentence) -> list[Figure]:
    text = doc.text[sent.start : sent.end]
    low = text.lower()
    times = [t for t in doc.times_in(sent.start, sent.end) if t.type in ("DATE", "TIME")]
    taken: list[tuple[int, int]] = []
    out: list[Figure] = []

    def add(s: int, e: int, quantity: str, value: float, unit: str) -> None:
        if not 0 < value < math.inf or any(s < te and e > ts for ts, te in taken):
            return
        taken.append((s, e))
        if quantity == "amount":  # "trade reached $X in 2024 and a target of $Y": same measure
            quantity = next((f.quantity for f in reversed(out)
                             if f.unit == unit and f.quantity != "amount"), quantity)  # fmt: skip
        kind = _kind(low, s)
        period = _resolve(_period(times, sent.start + s, sent.start + e, kind), doc)
        out.append(Figure(sent.start, sent.end, quantity, value, unit, period, kind,
                          sent.start + s, sent.start + e))  # fmt: skip

    for m in MONEY_PRE.finditer(text):
        add(m.start(), m.end(), _measured(low, m.start()), _value(m.group(2), m.group(3)),
            CURRENCIES.get(m.group(1).lower(), m.group(1).upper()))  # fmt: skip
    for m in MONEY_POST.finditer(text):
        add(m.start(), m.end(), _measured(low, m.start()), _value(m.group(1), m.group(2)),
            CURRENCIES.get(m.group(3).lower(), m.group(3).upper()))  # fmt: skip
    for m in PERCENT.finditer(text):
        add(m.start(), m.end(), _measured(low, m.start()), float(m.group(1).replace(",", "")),
            "percent")  # fmt: skip
    for m in COUNT.finditer(text):
        noun = m.group(3)
        if (
            _is_year(m.group(1))
            or NOT_COUNTABLE.match(noun)
            or _inside_time(times, sent, m)
            or set(noun.lower().split()) & FUNCTION_WORDS
            or _after_name(text, m.start())
        ):
            continue
        add(
            m.start(),
            m.end(),
            noun.lower(),
            _value(m.group(1), m.group(2)),
            noun.split()[-1].lower(),
        )
    return sorted(out, key=lambda f: f.value_start or 0)


def _after_name(text: str, at: int) -> bool:
    """A number right after a capitalized word is part of a name ("Ninh Thuan 1")."""
    head = text[:at].rstrip()
    prev = head.rsplit(" ", 1)[-1]
    return prev[:1].isupper() and prev.lower() not in APPROXIMATORS and " " in head


def _is_year(num: str) -> bool:
    return bool(re.fullmatch(r"(?:1[89]|20)\d\d", num))


def _inside_time(times: list[TimeExpr], sent: Sentence, m: re.Match[str]) -> bool:
    s, e = sent.start + m.start(), sent.start + m.end(1)
    return any(t.start <= s < t.end or t.start < e <= t.end for t in times)


def _measured(low: str, at: int) -> str:
    """The noun phrase the money measures: the nearest measured noun before the number."""
    window = low[max(0, at - 90) : at]
    found = list(MEASURED.finditer(window))
    if found:
        words = found[-1].group(1).split()
        stop = {"the", "a", "an", "their", "its", "of", "with", "and", "to", "at", "reach",
                "reached", "reaching", "bring", "hit", "in", "was", "is", "totalling", "raise",
                "increase", "boost", "lift", "double", "grow", "expand", "provide", "give", "grant",
                "lend", "extend", "offer", "offered", "provided", "granted", "pledged"}  # fmt: skip
        while words and words[0] in stop:
            words = words[1:]
        return " ".join(words)
    return "amount"


def _kind(low: str, at: int) -> str:
    before = low[max(0, low.rfind(". ", 0, at)) : at]
    if FORECAST.search(before):
        return "forecast"
    if TARGET.search(before) or PROMISED.search(before):
        return "target"
    return "actual"


def _period(times: list[TimeExpr], s: int, e: int, kind: str) -> str | None:
    """The time the figure is about: a deadline for a target, else the nearest date
    expression (one right after the figure first)."""
    if kind == "target":
        deadlines = [t for t in times if t.mod in DEADLINE_MODS and t.start >= e]
        if deadlines:
            return deadlines[0].value
    plain = [t for t in times if t.mod not in DEADLINE_MODS or kind != "actual"]
    after = [t for t in plain if 0 <= t.start - e <= 40]
    if after:
        return after[0].value
    before = [t for t in plain if 0 <= s - t.end <= 60]
    return before[-1].value if before else None


def _resolve(period: str | None, doc: Document) -> str | None:
    """Reference values ("currently") become the publication date; unresolved ones None."""
    if period is None:
        return None
    if period == "PRESENT_REF":
        return doc.meta.published
    return None if "X" in period or period.endswith("_REF") else period
