"""Evaluate sentence-level PLOVER coding on gold-coded sentences (PLOVER_GSR_CAMEO.txt)."""

from __future__ import annotations

import json
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from communique.extract.classify import classify_sentence

# PLOVER 0.5 names in the gold -> the current 16 types
OLD_NAMES = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "FIGHT": "ASSAULT",
             "YIELD": "CONCEDE", "INVESTIGATE": "ACCUSE"}  # fmt: skip


@dataclass(frozen=True)
class TypeScore:
    type: str
    gold: int
    precision: float
    recall: float
    f1: float


@dataclass(frozen=True)
class PloverReport:
    sentences: int
    accuracy: float
    macro_f1: float
    per_type: tuple[TypeScore, ...]
    sentences_per_second: float
    confusion: dict[tuple[str, str], int] = field(default_factory=dict)


def load_gold(path: Path) -> list[tuple[str, str]]:
    records = json.loads(path.read_text(encoding="utf-8"))
    out = []
    for r in records:
        event = OLD_NAMES.get(r.get("event", ""), r.get("event", ""))
        if event and event != "DOCUMENT" and r.get("text"):
            out.append((r["text"], event))
    return out


def evaluate(path: Path) -> PloverReport:
    gold = load_gold(path)
    t0 = time.perf_counter()
    predicted = []
    for text, _ in gold:
        codings = classify_sentence(text)
        predicted.append(codings[0].type if codings else "NONE")
    seconds = time.perf_counter() - t0
    pairs = Counter((g, p) for (_, g), p in zip(gold, predicted, strict=True))
    types = sorted({g for _, g in gold})
    scores = []
    for t in types:
        tp = pairs[(t, t)]
        pred = sum(n for (_, p), n in pairs.items() if p == t)
        gold_n = sum(n for (g, _), n in pairs.items() if g == t)
        p = tp / pred if pred else 0.0
        r = tp / gold_n if gold_n else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        scores.append(TypeScore(t, gold_n, round(p, 3), round(r, 3), round(f, 3)))
    acc = sum(n for (g, p), n in pairs.items() if g == p) / len(gold)
    macro = sum(s.f1 for s in scores) / len(scores)
    return PloverReport(len(gold), round(acc, 3), round(macro, 3), tuple(scores),
                        round(len(gold) / seconds, 1), dict(pairs))  # fmt: skip
