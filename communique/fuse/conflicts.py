"""Figures that sources disagree on: one measure, one period, one pair, different values.

Two actual figures from different documents are claims about the same fact only when they are
comparable:

* **same measure**: the content words of what the figure measures agree after folding wording
  that does not change the measure ("two-way", "bilateral", "turnover", ...). The words must be
  stated in the sentence before the number (a quantity the extractor did not read there as
  words, such as "aid" inside "said", is no measure), and a quantity that only says "a number"
  ("amount", "value", "worth", "total", or none) is no measure: such figures are never claims.
  For a count, what happened to the counted things is part of the measure ("people killed" is
  not "people wounded");
* **same unit**, a rate's denominator included: "US$1,440 an ounce" (USD/ounce) is not
  "US$116 a barrel" (USD/barrel), nor "US$30 billion" (USD);
* **same period at the same precision** ("2016" is not "2016-03");
* **same countries**: the two an article mentions most;
* **a fact, not a series**: a running total ("have flown 2,800 sorties since March 31", "so far",
  "to date") changes with every report, so it is never a claim; and a figure for a period that
  was not over when the article was published (this month, this year) is a claim only about
  that period as of that day: it is compared with reports of the same day only.

When comparable claims from different documents differ by more than rounding explains, all are
kept with their sources as a contradiction.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from communique.model import Document, Figure, stable_id

_WORD = re.compile(r"[a-z]+(?:-[a-z]+)*")
# words that change the wording, not the measure; and words that say only "a number"
_NOISE = frozenset(
    "two-way bilateral total overall turnover volume value of the annual combined "
    "amount sum worth figure figures number".split()
)
# a rate: "US$116 a barrel", "1.6 million barrels per day"
_PER = re.compile(r"\s*(?:(?:a|an|per)\s+|/\s*)([a-z]+)\b", re.I)
# what happened to counted things: "30 people (were) killed", "2,800 sorties flown"
_DONE = re.compile(
    r"\s+(?:(?:were|was|are|is|have|has|had|been|being)\s+)*([a-z]+(?:ed|en|wn))\b", re.I
)
# a running total: counted up to the day of the report
_RUNNING = re.compile(
    r"\b(?:so far|to date|thus far|until now|up to now|as of|since|cumulative(?:ly)?|"
    r"running total|ha(?:ve|s)\s+(?:now\s+|already\s+)?(?:been\s+)?[a-z]+(?:ed|en|wn))\b",
    re.I,
)
_PLAIN_DATE = re.compile(r"\d{4}(?:-\d{2}){0,2}")
TOLERANCE = 0.03  # "US$2.7 billion" and "US$2.72 billion" are one claim at stated precision


@dataclass(frozen=True)
class Claim:
    value: float
    doc_id: str
    sentence: str
    figure_id: str


@dataclass(frozen=True)
class Contradiction:
    contradiction_id: str
    kind: str  # "figure"
    subject: str  # what the claims are about, e.g. "trade 2016 (RUS, VNM)"
    unit: str
    period: str | None
    countries: tuple[str, ...]
    claims: tuple[Claim, ...]


def measure(quantity: str) -> str:
    """What a figure measures, with wording that does not change the measure folded away
    ("" when nothing but such wording is left: "amount", "total value")."""
    return " ".join(w for w in _WORD.findall(quantity.lower()) if w not in _NOISE)


def doc_countries(doc: Document, top: int = 2) -> tuple[str, ...]:
    """The countries an article is about: the ``top`` most mentioned."""
    counts = Counter(m.country for m in doc.mentions if m.country)
    return tuple(sorted(c for c, _ in counts.most_common(top)))


def figure_measure(doc: Document, f: Figure) -> str:
    """What ``f`` measures as its sentence states it ("" when the sentence does not say)."""
    what = measure(f.quantity)
    words = _WORD.findall(f.quantity.lower())
    end = f.value_end if f.value_end is not None else f.end
    stated = r"\b" + r"\W+".join(map(re.escape, words)) + r"\b"
    if not what or not re.search(stated, doc.text[f.start : end].lower()):
        return ""
    counted = f.unit.islower() and f.unit != "percent"  # a count's unit is its noun
    done = _DONE.match(doc.text, end) if counted else None
    return f"{what} {done.group(1).lower()}" if done else what


def figure_unit(doc: Document, f: Figure) -> str:
    """The unit, with a rate's denominator: "USD/barrel" for "US$116 a barrel"."""
    per = _PER.match(doc.text, f.value_end) if f.value_end is not None else None
    return f"{f.unit}/{per.group(1).lower()}" if per else f.unit


def running(sentence: str) -> bool:
    """The sentence gives a running total ("have flown 2,800 sorties since March 31")."""
    return bool(_RUNNING.search(sentence))


def closed(period: str, published: str | None) -> bool:
    """The period was over when the article was published: its figure is final. A period
    of unknown extent (a week, a quarter) counts as over only from the next year on."""
    if not published:
        return False
    if _PLAIN_DATE.fullmatch(period):
        return period < published[: len(period)]
    return period[:4].isdigit() and period[:4] < published[:4]


def figure_contradictions(docs: Sequence[Document]) -> tuple[Contradiction, ...]:
    """Every group of comparable actual figures from different documents that disagree."""
    groups: dict[tuple[str, ...], list[Claim]] = defaultdict(list)
    for doc in docs:
        for f in doc.figures:
            key = _key(doc, f)
            if key is None:
                continue
            fid = stable_id(doc.doc_id, f.start, f.value_start, f.quantity, f.value)
            groups[key].append(Claim(f.value, doc.doc_id, doc.text[f.start : f.end], fid))
    found = []
    for key, claims in sorted(groups.items()):
        if len({c.doc_id for c in claims}) < 2 or not _disagree([c.value for c in claims]):
            continue
        what, unit, period, as_of, *countries = key
        subject = f"{what} {period}" + (f" as of {as_of}" if as_of else "")
        subject += f" ({', '.join(countries)})" if countries else ""
        ident = (what, unit, period, *countries) + ((f"as of {as_of}",) if as_of else ())
        found.append(
            Contradiction(
                contradiction_id=stable_id("figure", *ident),
                kind="figure",
                subject=subject,
                unit=unit,
                period=period,
                countries=tuple(countries),
                claims=tuple(sorted(claims, key=lambda c: (c.value, c.doc_id))),
            )
        )
    return tuple(found)


def _key(doc: Document, f: Figure) -> tuple[str, ...] | None:
    """What a figure is a claim about, or None when it is no claim a source can contradict:
    (measure, unit, period, the day it holds as of for a period not yet over, countries)."""
    if f.kind != "actual" or not f.period:
        return None
    what = figure_measure(doc, f)
    if not what or running(doc.text[f.start : f.end]):
        return None
    as_of = ""
    if not closed(f.period, doc.meta.published):
        if not doc.meta.published:
            return None  # whether the period was over is unknown
        as_of = doc.meta.published[:10]
    return (what, figure_unit(doc, f), f.period, as_of, *doc_countries(doc))


def _disagree(values: Sequence[float]) -> bool:
    lo, hi = min(values), max(values)
    return hi - lo > TOLERANCE * max(abs(hi), 1e-9)
