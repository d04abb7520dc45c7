"""Event coreference: which event mentions, within and across documents, tell one happening.

``corefer(documents, mentions)`` takes the texts and the mentions' offsets (e.g. each event's
trigger) and returns a happening id for every mention. Documents are grouped into stories
(communique/fuse/coref_features.py); within a story, every pair of mentions gets a probability
of telling one happening from a logistic model trained on ECB+ train topics
(``scripts/train_coref.py``; weights and thresholds in ``fuse/data/coref.json``), and mentions
are clustered by average link. Scores on ECB+ dev are in docs/quality.md.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
from rapidfuzz import fuzz

from communique.fuse import coref_features as cf
from communique.model import stable_id
from communique.nlp.sentences import split as split_sentences


@dataclass(frozen=True)
class EventMention:
    doc_id: str
    start: int
    end: int


@dataclass(frozen=True)
class Mention:
    """A mention with what pairs are scored on."""

    at: EventMention
    head: str
    context: cf.Vector
    names: frozenset[str]
    sentence: int  # its sentence's index in the document
    sentence_start: int
    vector: np.ndarray  # the mention's tokens, unit length
    sentence_vector: np.ndarray


def model_path() -> Path:
    return Path(str(resources.files("communique.fuse").joinpath("data", "coref.json")))


class CorefModel:
    """Cheap to construct; the weights and the coder's encoder load on first use."""

    def __init__(self, path: Path | None = None, coder: Any = None) -> None:
        self.path = path or model_path()
        self._coder = coder

    @cached_property
    def meta(self) -> dict[str, Any]:
        data: dict[str, Any] = json.loads(self.path.read_text(encoding="utf-8"))
        return data

    @cached_property
    def weights(self) -> np.ndarray:
        return np.array(self.meta["weights"], dtype=float)

    @cached_property
    def head_pairs(self) -> dict[tuple[str, str], tuple[int, int]]:
        """(head, head) -> (coreferent, all) pairs in training (coref_heads.tsv)."""
        lines = (self.path.parent / self.meta["head_pairs"]).read_text(encoding="utf-8")
        out = {}
        for line in lines.splitlines()[1:]:
            a, b, n, d = line.split("\t")
            out[(a, b)] = (int(n), int(d))
        return out

    @property
    def coder(self) -> Any:
        if self._coder is None:
            from communique.extract.coder import LearnedCoder

            self._coder = LearnedCoder()
        return self._coder


def corefer(documents: Mapping[str, str], mentions: Sequence[EventMention],
            model: CorefModel | None = None) -> dict[EventMention, str]:  # fmt: skip
    """A happening id for every mention (mentions that tell one happening share it)."""
    model = model or CorefModel()
    corpus = cf.Corpus.of(documents)
    story = cf.stories(corpus, model.meta["story_words"], model.meta["story_names"])
    prepared = prepare(documents, mentions, corpus, model)
    rate = head_rate(model.head_pairs)
    labels = cluster(prepared, story, corpus, model.weights, rate, model.meta["threshold"])
    members: dict[tuple[Any, ...], list[EventMention]] = defaultdict(list)
    for m, label in zip(mentions, labels, strict=True):
        members[label].append(m)
    out: dict[EventMention, str] = {}
    for group in members.values():
        hid = stable_id("happening", *sorted(f"{m.doc_id}:{m.start}:{m.end}" for m in group))
        out.update(dict.fromkeys(group, hid))
    return out


def prepare(documents: Mapping[str, str], mentions: Sequence[EventMention], corpus: cf.Corpus,
            model: CorefModel) -> list[Mention]:  # fmt: skip
    """Each mention with its head, arguments and vectors (one encoder run per sentence)."""
    spans: list[tuple[int, int, int]] = []  # (sentence index, start, end) per mention
    split = {d: split_sentences(documents[d]) for d in sorted({m.doc_id for m in mentions})}
    for m in mentions:
        sents = split[m.doc_id]
        k = next((i for i, s in enumerate(sents) if s.start <= m.start < s.end), None)
        if k is None:
            raise ValueError(f"{m.doc_id}: no sentence holds the mention at {m.start}")
        spans.append((k, sents[k].start, sents[k].end))
    keys = sorted({(m.doc_id, s, e) for m, (_, s, e) in zip(mentions, spans, strict=True)})
    texts = [documents[d][s:e] for d, s, e in keys]
    states = dict(zip(keys, _states(model, texts), strict=True))
    out = []
    for m, (k, s, e) in zip(mentions, spans, strict=True):
        text = documents[m.doc_id]
        sentence, own = text[s:e], set(cf.content(text[m.start : m.end]))
        words = [w for w in cf.content(sentence) if w not in own]
        named = set(cf.WORD.findall(text[m.start : m.end]))
        enc, hidden = states[(m.doc_id, s, e)]
        vec, svec = _vectors(enc, hidden, m.start - s, m.end - s)
        out.append(Mention(
            m, cf.head(text[m.start : m.end]), cf.unit(words, *corpus.word_idf),
            frozenset(w for w in cf.NAME.findall(sentence) if w not in named), k, s, vec, svec,
        ))  # fmt: skip
    return out


def _states(model: CorefModel, texts: list[str]) -> list[tuple[Any, np.ndarray]]:
    return list(model.coder.states(texts))


def _vectors(enc: Any, hidden: np.ndarray, start: int, end: int) -> tuple[np.ndarray, np.ndarray]:
    real = [i for i, special in enumerate(enc.special_tokens_mask) if not special]
    sent = hidden[real].mean(0) if real else hidden.mean(0)
    own = [i for i in real if enc.offsets[i][0] < end and start < enc.offsets[i][1]]
    vec = hidden[own].mean(0) if own else sent
    return vec / (np.linalg.norm(vec) or 1.0), sent / (np.linalg.norm(sent) or 1.0)


HeadRate = Callable[[str, str], tuple[float, float]]


def head_rate(table: Mapping[tuple[str, str], tuple[int, int]]) -> HeadRate:
    """How often two different heads told one happening in training (smoothed), and whether
    the pair was seen at all."""

    def rate(a: str, b: str) -> tuple[float, float]:
        n, d = table.get((min(a, b), max(a, b)), (0, 0))
        return (n + 0.05) / (d + 1), float(d > 0)

    return rate


def features(a: Mention, b: Mention, corpus: cf.Corpus, rate: HeadRate) -> list[float]:
    """The pair's features, in the order of ``coref_features.FEATURES``."""
    same = float(a.head == b.head)
    sim = fuzz.ratio(a.head, b.head) / 100
    ctx = cf.cos(a.context, b.context)
    doc = cf.cos(corpus.words[a.at.doc_id], corpus.words[b.at.doc_id])
    nam = cf.cos(corpus.names[a.at.doc_id], corpus.names[b.at.doc_id])
    sd = float(a.at.doc_id == b.at.doc_id)
    ss = float(sd and a.sentence == b.sentence)
    vec = float(a.vector @ b.vector)
    svec = float(a.sentence_vector @ b.sentence_vector)
    hr, seen = (0.0, 0.0) if same else rate(a.head, b.head)
    shared = len(a.names & b.names) / (1 + min(len(a.names), len(b.names)))
    top = float(a.sentence <= 2 and b.sentence <= 2)
    return [1.0, same, sim, ctx, doc, nam, sd, ss, same * ctx, same * doc, same * nam,
            (1 - same) * ctx, (1 - same) * sim, same * sd, vec, svec, same * vec,
            (1 - same) * vec, hr, seen, shared, top]  # fmt: skip


def pairs(ms: Sequence[Mention], story: Mapping[str, tuple[int, int]]
          ) -> dict[tuple[int, int], list[int]]:  # fmt: skip
    """Indices of the mentions of each story."""
    out: dict[tuple[int, int], list[int]] = defaultdict(list)
    for i, m in enumerate(ms):
        out[story[m.at.doc_id]].append(i)
    return out


def cluster(ms: Sequence[Mention], story: Mapping[str, tuple[int, int]], corpus: cf.Corpus,
            weights: np.ndarray, rate: HeadRate, threshold: float
            ) -> list[tuple[Any, ...]]:  # fmt: skip
    """A label per mention: its story and its cluster there."""
    labels: list[tuple[Any, ...]] = [()] * len(ms)
    w = weights
    for key, idx in sorted(pairs(ms, story).items()):
        n = len(idx)
        sim = np.zeros((n, n))
        for x in range(n):
            for y in range(x + 1, n):
                f = np.array(features(ms[idx[x]], ms[idx[y]], corpus, rate))
                sim[x, y] = sim[y, x] = 1 / (1 + np.exp(-(f @ w)))
        found = cf.average_link(sim, threshold) if n > 1 else [0]
        for x, i in enumerate(idx):
            labels[i] = (*key, found[x])
    return labels
