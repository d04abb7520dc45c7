"""Fit the learned coder's temperature and NONE threshold on held-out dev sentences.

Called by ``scripts/train_coder.py`` after export; runs the shipped (int8) model itself, so
the calibration is of what users get. Temperature: the value on a grid that minimizes the
negative log-likelihood of the held-out labels. Threshold: a sentence is NONE when the
probability of NONE reaches it even if an event type is more probable; chosen on the grid as
the one with the best accuracy on event sentences among those that give an event to at most
10% of the held-out non-event sentences (the issue's bound on false events).
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

from communique.extract.coder import LearnedCoder, decode_spans, softmax, whole_words
from communique.extract.coder_data import Example
from communique.extract.coder_eval import Coded, evaluate

MAX_FALSE_EVENTS = 0.10  # the false-event rate the threshold may allow on the held-out part


def calibrate(out: Path, held: list[Example], log: Callable[[str], None]) -> None:
    coder = LearnedCoder(out)
    types: list[str] = coder.meta["types"]
    encs, raw = coder.raw([ex.text for ex in held])
    logits = [[float(x) for x in type_logits] for type_logits, _ in raw]
    gold = [types.index(ex.label) for ex in held]

    def nll(temp: float) -> float:
        return -sum(math.log(max(softmax([x / temp for x in row])[g], 1e-12))
                    for row, g in zip(logits, gold, strict=True)) / len(gold)  # fmt: skip

    temps = [round(0.5 + 0.05 * k, 2) for k in range(71)]
    temp = min(temps, key=nll)
    none = types.index("NONE")
    probs = [softmax([x / temp for x in row]) for row in logits]

    def scores(tau: float) -> tuple[float, float]:
        right = events = false = nones = 0
        for p, g in zip(probs, gold, strict=True):
            best = max(range(len(types)), key=lambda i: p[i])
            if best != none and p[none] >= tau:
                best = none
            if g == none:
                nones += 1
                false += best != none
            else:
                events += 1
                right += best == g
        return right / max(events, 1), false / max(nones, 1)

    taus = [round(0.05 * k, 2) for k in range(1, 21)]
    within = [t for t in taus if scores(t)[1] <= MAX_FALSE_EVENTS]
    tau = (max(within, key=lambda t: (scores(t)[0], -t)) if within
           else min(taus, key=lambda t: (scores(t)[1], t)))  # fmt: skip
    acc, fe = scores(tau)
    theta = _span_threshold(held, encs, [tags for _, tags in raw])
    card = json.loads((out / "coder.json").read_text(encoding="utf-8"))
    card.update(temperature=temp, none_threshold=tau, span_threshold=theta,
                held_out_scores={"accuracy_events": round(acc, 3), "false_events": round(fe, 3),
                                 "nll_t1": round(nll(1.0), 3), "nll": round(nll(temp), 3)})  # fmt: skip
    (out / "coder.json").write_text(json.dumps(card, indent=1) + "\n", encoding="utf-8")
    log(f"temperature {temp}, NONE threshold {tau}, span threshold {theta}: held-out accuracy "
        f"{acc:.3f}, false events {fe:.3f}")  # fmt: skip


def _span_threshold(held: list[Example], encs: list[Any], tags: list[Any]) -> float:
    """The tag probability from which a token is in a role: the grid value that gets most
    sources and targets of the held-out event sentences right."""
    best: tuple[float, float] = (-1.0, 0.5)
    for theta in (0.2, 0.3, 0.4, 0.5):
        coded = []
        for ex, enc, t in zip(held, encs, tags, strict=True):
            src, tgt = decode_spans(t, enc.offsets, enc.special_tokens_mask, theta)
            coded.append(Coded("NONE", whole_words(ex.text, src), whole_words(ex.text, tgt)))
        s = evaluate(held, lambda texts, coded=coded: coded)
        best = max(best, (s.source_right + s.target_right, theta))
    return best[1]
