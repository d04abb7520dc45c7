"""Figures that sources disagree on: one measure, one period, one pair, different values.

Two actual figures from different documents are claims about the same fact when they measure
the same thing (after folding wording such as "two-way" / "bilateral" / "turnover"), in the same
unit, for the same period, between the same countries. When their values differ by more than
rounding explains, both are kept with their sources as a contradiction.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from communique.model import Document, stable_id

# words that change the wording, not the measure
_NOISE = re.compile(
    r"\b(?:two-way|bilateral|total|overall|turnover|volume|value|of|the|annual|combined)\b"
)
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
    """What a figure measures, with wording that does not change the measure folded away."""
    return " ".join(_NOISE.sub(" ", quantity.lower()).split())


def doc_countries(doc: Document, top: int = 2) -> tuple[str, ...]:
    """The countries an article is about: the ``top`` most mentioned."""
    counts = Counter(m.country for m in doc.mentions if m.country)
    return tuple(sorted(c for c, _ in counts.most_common(top)))


def _key(doc: Document, quantity: str, unit: str, period: str) -> tuple[str, ...]:
    return (measure(quantity), unit, period, *doc_countries(doc))


def figure_contradictions(docs: Sequence[Document]) -> tuple[Contradiction, ...]:
    """Every group of actual, dated figures from different documents that disagree."""
    groups: dict[tuple[str, ...], list[Claim]] = defaultdict(list)
    for doc in docs:
        for f in doc.figures:
            if f.kind != "actual" or not f.period or not measure(f.quantity):
                continue
            fid = stable_id(doc.doc_id, f.start, f.value_start, f.quantity, f.value)
            claim = Claim(f.value, doc.doc_id, doc.text[f.start : f.end], fid)
            groups[_key(doc, f.quantity, f.unit, f.period)].append(claim)
    found = []
    for key, claims in sorted(groups.items()):
        if len({c.doc_id for c in claims}) < 2 or not _disagree([c.value for c in claims]):
            continue
        what, unit, period, *countries = key
        subject = f"{what} {period}" + (f" ({', '.join(countries)})" if countries else "")
        found.append(
            Contradiction(
                contradiction_id=stable_id("figure", *key),
                kind="figure",
                subject=subject,
                unit=unit,
                period=period,
                countries=tuple(countries),
                claims=tuple(sorted(claims, key=lambda c: (c.value, c.doc_id))),
            )
        )
    return tuple(found)


def _disagree(values: Sequence[float]) -> bool:
    lo, hi = min(values), max(values)
    return hi - lo > TOLERANCE * max(abs(hi), 1e-9)
