"""A learned check on the pledges stage's flags (issue 14): is this flag a commitment?

The rules find where a sentence may commit an actor; whether it does (a promise, a plan, an
agreement to act) or only sounds like it (a reader's rant, a threat in a chant, an outlet
promising to publish, a "when ..., we will" condition) was left to a rule table that kept
growing. This is a logistic model over the sentence's words, the words just before the
promised action and the action's first words, trained on dev flags annotated here
(``scripts/train_pledge_filter.py``; model card: ``models/pledge_filter.json``). A flag the
model scores below its threshold is dropped; only open-ended commitments are judged
(:meth:`PledgeFilter.keeps`). Pure Python at run time: the weights are a
table, no model runtime is needed.
"""

from __future__ import annotations

import dataclasses
import json
import math
import re
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

from communique.model import Document, Pledge

MODEL = Path(__file__).resolve().parent / "models" / "pledge_filter.json"
_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?|0|[\"“”'‘’?|]")
BEFORE = 5  # words before the promised action that describe the commitment
AFTER = 3  # first words of the promised action


def features(doc: Document, pledge: Pledge) -> list[str]:
    """The named features of one flag (each present once)."""
    low = _masked(doc, pledge).lower()
    words = _WORD.findall(low)
    at = low.find(_masked_text(doc, pledge).lower()[:40]) if pledge.text else -1
    before = _WORD.findall(low[:at])[-BEFORE:] if at >= 0 else []
    after = _WORD.findall(low[at:])[:AFTER] if at >= 0 else []
    out = {f"w:{w}" for w in words}
    out.update(f"b:{a}_{b}" for a, b in zip(words, words[1:], strict=False))
    out.update(f"pre:{w}" for w in before)
    out.update(f"pre{i}:{w}" for i, w in enumerate(reversed(before[-2:])))
    out.update(f"act:{w}" for w in after)
    out.add(f"kind:{pledge.kind}")
    out.add(f"len:{min(len(words) // 10, 6)}")
    out.add(f"actors:{min(len(pledge.actors), 2)}")
    return sorted(out)


def _masked(doc: Document, pledge: Pledge) -> str:
    """The flagged sentence with each actor the mentions stage found replaced by its kind
    ("xcountry", "xperson", ...) and digits by 0: the model learns how commitments are
    phrased, not which countries were in the news it was trained on."""
    out, at = [], pledge.start
    for m in doc.mentions_in(pledge.start, pledge.end):
        if m.start < at:
            continue
        out += [doc.text[at : m.start], f" x{m.kind} "]
        at = m.end
    out.append(doc.text[at : pledge.end])
    return re.sub(r"\d+", "0", "".join(out))


def _masked_text(doc: Document, pledge: Pledge) -> str:
    """The pledge's action words, masked as :func:`_masked` masks its sentence."""
    at = doc.text.find(pledge.text, pledge.start, pledge.end) if pledge.text else -1
    if at < 0:
        return ""
    return _masked(doc, dataclasses.replace(pledge, start=at, end=at + len(pledge.text)))


class PledgeFilter:
    """The shipped model: ``keeps(doc, pledge)`` says whether a flag stays."""

    def __init__(self, card: dict[str, Any]) -> None:
        self.card = card
        self.weights: dict[str, float] = card["weights"]
        self.bias: float = card["bias"]
        self.threshold: float = card["threshold"]

    @classmethod
    def load(cls, path: Path = MODEL) -> PledgeFilter:
        return cls(json.loads(path.read_text(encoding="utf-8")))

    def score(self, doc: Document, pledge: Pledge) -> float:
        z = self.bias + sum(self.weights.get(f, 0.0) for f in features(doc, pledge))
        return 1.0 / (1.0 + math.exp(-z))

    def keeps(self, doc: Document, pledge: Pledge) -> bool:
        """Only open-ended commitments are judged: targets, invitations and commitments with a
        deadline are rare in the training flags (6, 0 and 8 of 424), so the model has learned
        nothing about them and they pass unjudged."""
        if pledge.kind != "commitment" or pledge.deadline:
            return True
        return self.score(doc, pledge) >= self.threshold

    def kept(self, doc: Document, pledges: list[Pledge]) -> Iterator[Pledge]:
        return (p for p in pledges if self.keeps(doc, p))


@lru_cache(maxsize=1)
def shipped() -> PledgeFilter | None:
    """The shipped filter, or None when the package holds none."""
    return PledgeFilter.load() if MODEL.exists() else None
