"""The learned event coder: a fine-tuned MiniLM (int8 ONNX, shipped in the package) that reads
one sentence and gives its PLOVER type or ``NONE``, a calibrated confidence, and the spans of
the source and target actors.

Loaded lazily (the first sentence coded), run with onnxruntime and tokenizers; nothing is
downloaded. ``scripts/train_coder.py`` makes the model; ``docs/coder.md`` is its card.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import Any

from communique.errors import CommuniqueError

TAGS = ("O", "B-S", "I-S", "B-T", "I-T")
INSTALL = "pip install onnxruntime tokenizers  (both come with: pip install communique)"
MAX_TOKENS = 128


class CoderUnavailable(CommuniqueError):
    code = "E_CODER"


@dataclass(frozen=True)
class Prediction:
    type: str  # a PLOVER type, or "NONE"
    confidence: float  # calibrated probability of ``type``
    probs: dict[str, float]  # every type's calibrated probability
    source: tuple[int, int] | None  # offsets in the sentence
    target: tuple[int, int] | None


def model_dir() -> Path:
    return Path(str(resources.files("communique.extract").joinpath("models", "coder")))


_THREADS = {"default": 0}  # onnxruntime's threads per coder: 0 = every core


def set_default_threads(threads: int) -> None:
    """Threads of every coder made from now on in this process (0: every core); a process
    pool's workers take 1 each, so N workers do not run N x cores threads."""
    _THREADS["default"] = threads


class LearnedCoder:
    """Cheap to construct; the model and tokenizer load on first use."""

    def __init__(self, path: Path | None = None, threads: int | None = None) -> None:
        self.path = path or model_dir()
        self.threads = _THREADS["default"] if threads is None else threads

    @cached_property
    def meta(self) -> dict[str, Any]:
        card = self.path / "coder.json"
        if not card.exists():
            raise CoderUnavailable(f"{card}: no trained coder here (python scripts/train_coder.py)")
        data: dict[str, Any] = json.loads(card.read_text(encoding="utf-8"))
        return data

    @cached_property
    def _session(self) -> Any:
        try:
            import onnxruntime as ort
        except ImportError as exc:
            raise CoderUnavailable(f"the learned coder needs onnxruntime: {INSTALL}") from exc
        opts = ort.SessionOptions()
        opts.intra_op_num_threads = self.threads
        opts.inter_op_num_threads = 1
        return ort.InferenceSession(str(self.path / "model.onnx"), opts,
                                    providers=["CPUExecutionProvider"])  # fmt: skip

    @cached_property
    def _tokenizer(self) -> Any:
        try:
            from tokenizers import Tokenizer
        except ImportError as exc:
            raise CoderUnavailable(f"the learned coder needs tokenizers: {INSTALL}") from exc
        tok = Tokenizer.from_file(str(self.path / "tokenizer.json"))
        tok.no_padding()
        tok.enable_truncation(MAX_TOKENS)
        return tok

    def predict(self, texts: Sequence[str], batch: int = 1) -> list[Prediction]:
        """One prediction per sentence, in order. int8 activations are quantized per batch, so
        a sentence's coding would depend on its batch-mates: by default each sentence is its
        own batch, which makes a coding a function of the sentence alone (a reprint codes as
        its original) and codes about 30% fewer sentences a second than length-bucketed batches
        of 32 (``bench/bench_coder.py``), which ``batch`` allows."""
        encs, logits = self.raw(texts, batch)
        return [self._decode(t, g, e) for e, (t, g) in zip(encs, logits, strict=True)]

    def raw(self, texts: Sequence[str], batch: int = 1) -> tuple[list[Any], list[Any]]:
        """Each sentence's encoding and its (type logits, tag logits), before calibration."""
        import numpy as np

        _ = self.meta  # a missing model is named before anything loads
        encs = self._tokenizer.encode_batch(list(texts))
        order = sorted(range(len(texts)), key=lambda i: len(encs[i].ids))
        out: dict[int, tuple[Any, Any]] = {}
        for k in range(0, len(order), batch):
            idx = order[k : k + batch]
            width = max(len(encs[i].ids) for i in idx)
            ids = np.zeros((len(idx), width), dtype=np.int64)
            mask = np.zeros((len(idx), width), dtype=np.int64)
            for row, i in enumerate(idx):
                n = len(encs[i].ids)
                ids[row, :n] = encs[i].ids
                mask[row, :n] = 1
            type_logits, tag_logits = self._session.run(
                ["type_logits", "tag_logits"], {"input_ids": ids, "attention_mask": mask}
            )
            for row, i in enumerate(idx):
                out[i] = (type_logits[row], tag_logits[row, : len(encs[i].ids)])
        return encs, [out[i] for i in range(len(texts))]

    def states(self, texts: Sequence[str]) -> Iterator[tuple[Any, Any]]:
        """Each sentence's encoding and its encoder's last token states ([tokens, 384]), one
        sentence a batch (the same for a sentence wherever it stands)."""
        import numpy as np

        _ = self.meta
        if "hidden" not in {o.name for o in self._session.get_outputs()}:
            raise CoderUnavailable(f"{self.path}: the model has no 'hidden' output (retrain: "
                                   "python scripts/train_coder.py)")  # fmt: skip
        for enc in self._tokenizer.encode_batch(list(texts)):
            ids = np.array([enc.ids], dtype=np.int64)
            feed = {"input_ids": ids, "attention_mask": np.ones_like(ids)}
            (hidden,) = self._session.run(["hidden"], feed)
            yield enc, hidden[0]

    def _decode(self, type_logits: Any, tag_logits: Any, enc: Any) -> Prediction:
        types: list[str] = self.meta["types"]
        probs = softmax([float(x) / self.meta["temperature"] for x in type_logits])
        best = max(range(len(types)), key=lambda i: probs[i])
        if types[best] != "NONE" and probs[types.index("NONE")] >= self.meta["none_threshold"]:
            best = types.index("NONE")
        spans = decode_spans(tag_logits, enc.offsets, enc.special_tokens_mask,
                             self.meta.get("span_threshold", 0.5))  # fmt: skip
        return Prediction(
            type=types[best],
            confidence=round(probs[best], 3),
            probs={t: round(p, 4) for t, p in zip(types, probs, strict=True)},
            source=spans[0],
            target=spans[1],
        )


def softmax(xs: list[float]) -> list[float]:
    top = max(xs)
    exps = [math.exp(x - top) for x in xs]
    total = sum(exps)
    return [e / total for e in exps]


def decode_spans(
    tag_logits: Any,
    offsets: Sequence[tuple[int, int]],
    special: Sequence[int],
    threshold: float = 0.5,
) -> tuple[tuple[int, int] | None, tuple[int, int] | None]:
    """The best run of source tokens and of target tokens, as character offsets. A token is in
    a role when the probability of its two tags (B, I) reaches ``threshold``; a run starts at a
    token whose B outweighs its I or after a token outside the role, and is scored by its summed
    probability."""
    import numpy as np

    logits = np.asarray(tag_logits, dtype=np.float64)
    exps = np.exp(logits - logits.max(axis=1, keepdims=True))
    rows = (exps / exps.sum(axis=1, keepdims=True)).tolist()
    found: list[tuple[int, int] | None] = []
    for b, i in ((1, 2), (3, 4)):
        best: tuple[float, int, int] | None = None
        run: list[int] = []
        for t, (row, sp) in enumerate(zip(rows, special, strict=False)):
            if sp or row[b] + row[i] < threshold:
                run = []
                continue
            run = [t] if not run or row[b] > row[i] else [*run, t]
            score = sum(rows[k][b] + rows[k][i] for k in run)
            if best is None or score > best[0]:
                best = (score, run[0], run[-1])
        found.append((offsets[best[1]][0], offsets[best[2]][1]) if best else None)
    return found[0], found[1]


def whole_words(text: str, span: tuple[int, int] | None) -> tuple[int, int] | None:
    """A span widened to whole words (a run may stop inside a word's pieces)."""
    if span is None:
        return None
    a, b = span
    while a > 0 and text[a - 1].isalnum():
        a -= 1
    while b < len(text) and text[b].isalnum():
        b += 1
    return a, b
