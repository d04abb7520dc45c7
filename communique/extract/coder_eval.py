"""Scores of an event coder on annotated sentences: type, no-event decision, actor spans and
calibration. Any coder fits: a function from sentences to :class:`Coded`.

- accuracy: on sentences that report an event, the coded type is the gold type (a coded NONE
  is wrong);
- false events: share of NONE sentences given an event;
- source / target right: on event sentences whose actors were annotated, the coded span
  overlaps the annotated one (for a target: or both are absent);
- ECE: expected calibration error of the confidence over ten bins (all sentences).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from communique.extract.coder_data import Example

Span = tuple[int, int]


@dataclass(frozen=True)
class Coded:
    type: str
    source: Span | None = None
    target: Span | None = None
    confidence: float = 1.0


Coder = Callable[[Sequence[str]], list[Coded]]


@dataclass(frozen=True)
class Scores:
    sentences: int
    events: int
    right: int
    accuracy: float
    nones: int
    false: int
    false_events: float
    precision: float
    macro_f1: float
    per_type_f1: dict[str, float]
    spans: int  # event sentences with annotated actors
    source_right: float
    target_right: float
    both_right: float
    ece: float
    confusion: tuple[tuple[str, str, int], ...]


def _overlap(a: Span | None, b: Span | None) -> bool:
    return a is not None and b is not None and a[0] < b[1] and b[0] < a[1]


def _calibration_error(pairs: list[tuple[float, bool]], bins: int = 10) -> float:
    total = 0.0
    for k in range(bins):
        lo, hi = k / bins, (k + 1) / bins
        inside = [(c, ok) for c, ok in pairs if lo < c <= hi or (k == 0 and c == 0)]
        if inside:
            conf = sum(c for c, _ in inside) / len(inside)
            acc = sum(ok for _, ok in inside) / len(inside)
            total += len(inside) / len(pairs) * abs(conf - acc)
    return round(total, 3)


def evaluate(examples: Sequence[Example], coder: Coder) -> Scores:
    coded = coder([ex.text for ex in examples])
    pairs: Counter[tuple[str, str]] = Counter()
    spans = src_ok = tgt_ok = both_ok = 0
    calib = []
    for ex, c in zip(examples, coded, strict=True):
        ok = c.type in ex.labels
        pairs[(ex.label, c.type)] += 1
        calib.append((c.confidence, ok))
        if ex.label != "NONE" and ex.spans_known:
            spans += 1
            s = _overlap(c.source, ex.source) or (c.source is None and ex.source is None)
            t = _overlap(c.target, ex.target) or (c.target is None and ex.target is None)
            src_ok += s
            tgt_ok += t
            both_ok += s and t
    events = sum(n for (g, _), n in pairs.items() if g != "NONE")
    nones = sum(n for (g, _), n in pairs.items() if g == "NONE")
    right = sum(n for (g, p), n in pairs.items() if g == p and g != "NONE")
    false = sum(n for (g, p), n in pairs.items() if g == "NONE" and p != "NONE")
    coded_events = sum(n for (_, p), n in pairs.items() if p != "NONE")
    f1 = type_f1(pairs)
    return Scores(
        sentences=len(examples), events=events, right=right,
        accuracy=round(right / events, 3) if events else 0.0,
        nones=nones, false=false, false_events=round(false / nones, 3) if nones else 0.0,
        precision=round(right / coded_events, 3) if coded_events else 0.0,
        macro_f1=round(sum(f1.values()) / len(f1), 3) if f1 else 0.0, per_type_f1=f1,
        spans=spans, source_right=round(src_ok / spans, 3) if spans else 0.0,
        target_right=round(tgt_ok / spans, 3) if spans else 0.0,
        both_right=round(both_ok / spans, 3) if spans else 0.0,
        ece=_calibration_error(calib),
        confusion=tuple(sorted(((g, p, n) for (g, p), n in pairs.items()), key=lambda x: -x[2])),
    )  # fmt: skip


def type_f1(pairs: Counter[tuple[str, str]]) -> dict[str, float]:
    """F1 of each event type the gold labels hold."""
    out = {}
    for t in sorted({g for g, _ in pairs} - {"NONE"}):
        tp = pairs[(t, t)]
        gold = sum(n for (g, _), n in pairs.items() if g == t)
        coded = sum(n for (_, p), n in pairs.items() if p == t)
        out[t] = round(2 * tp / (gold + coded), 3) if gold + coded else 0.0
    return out


def rules_coder(texts: Sequence[str]) -> list[Coded]:
    """The rule coder's top coding per sentence (no actor spans: those come from the events
    stage, see :func:`pipeline_coder`)."""
    from communique.extract.classify import classify_sentence

    out = []
    for text in texts:
        codings = classify_sentence(text)
        out.append(Coded(codings[0].type, confidence=codings[0].score) if codings
                     else Coded("NONE", confidence=0.5))  # fmt: skip
    return out


def learned_coder(path: Path | None = None) -> Coder:
    """The learned coder (the shipped model, or the one in ``path``)."""
    from communique.extract.coder import LearnedCoder, whole_words

    model = LearnedCoder(path)

    def code(texts: Sequence[str]) -> list[Coded]:
        preds = model.predict(texts)
        return [Coded(p.type, whole_words(t, p.source), whole_words(t, p.target), p.confidence)
                for t, p in zip(texts, preds, strict=True)]  # fmt: skip

    return code


def pipeline_coder(event_coder: str) -> Coder:
    """What a build records: each sentence run alone through the stages up to events, with the
    given coder; the first event's type, and the first mention of its source and of its target
    actor (the stage records actors, not spans)."""
    from communique.config import Config
    from communique.model import Document
    from communique.pipeline import Pipeline

    stages = ("sentences", "mentions", "times", "events")
    pipe = Pipeline(Config(stages=stages, event_coder=event_coder, today="2026-01-01"))

    def first(doc: Document, actors: tuple[str, ...]) -> Span | None:
        for m in doc.mentions:
            if m.actor_id in actors or any(a in m.actor_id[2:].split("+") for a in actors):
                return m.start, m.end
        return None

    def code(texts: Sequence[str]) -> list[Coded]:
        out = []
        for i, text in enumerate(texts):
            doc = pipe(Document(doc_id=f"s{i}", text=text))
            if not doc.events:
                out.append(Coded("NONE", confidence=0.5))
                continue
            ev = doc.events[0]
            out.append(Coded(ev.type, first(doc, ev.source), first(doc, ev.target), ev.confidence))
        return out

    return code


@dataclass(frozen=True)
class Agreement:
    sentences: int
    raw: float  # same label (NONE included)
    kappa: float  # Cohen's kappa over the 17 labels
    same_type_on_events: float  # of the first annotator's event sentences
    events_on_none: float  # share of the first annotator's NONE given an event by the second


def agreement(pairs: Sequence[tuple[str, str]]) -> Agreement:
    """How two annotators' labels of the same sentences agree (first, second)."""
    n = len(pairs)
    raw = sum(a == b for a, b in pairs) / n
    first, second = Counter(a for a, _ in pairs), Counter(b for _, b in pairs)
    chance = sum(first[k] * second[k] for k in first) / (n * n)
    events = [(a, b) for a, b in pairs if a != "NONE"]
    nones = [(a, b) for a, b in pairs if a == "NONE"]
    return Agreement(
        sentences=n,
        raw=round(raw, 3),
        kappa=round((raw - chance) / (1 - chance), 3),
        same_type_on_events=round(sum(a == b for a, b in events) / max(len(events), 1), 3),
        events_on_none=round(sum(b != "NONE" for _, b in nones) / max(len(nones), 1), 3),
    )
