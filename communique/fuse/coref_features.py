"""What event coreference compares: documents grouped into stories, mentions as vectors, and the
features of a pair of mentions (communique/fuse/coref.py clusters with them).

- **Stories.** Documents are first grouped by their words (TF-IDF, average link), which puts the
  reports of one *kind* of happening together (two earthquakes); each group is then split by
  the names and numbers its documents hold, weighted against the group itself (a word every
  document of the group uses tells nothing about which happening), which separates the two
  earthquakes.
- **Mentions.** The head word's stem, the content words and the names of its sentence (the
  arguments, roughly), the sentence's place in its document, and two vectors from the learned
  event coder's encoder: the mention's own tokens and its whole sentence.
- **Pairs.** Same head, head similarity, argument overlap, document similarity, vector
  similarity, how often the two heads were coreferent in training, and their interactions.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from communique.nlp.sentences import split as split_sentences

WORD = re.compile(r"[A-Za-z0-9]+")
NAME = re.compile(r"(?:[A-Z][a-z]+|[A-Z]{2,}|\d[\d,.]*)")
STOP = frozenset(
    "a an the of to in on at for and or but is are was were be been being has have had it its "
    "this that with as by from he she they we i you his her their our who which what when where "
    "will would said says say not no".split()
)
SUFFIXES = (("ies", "y"), ("ied", "y"), ("ying", "ie"), ("ing", ""), ("ed", ""), ("es", ""),
            ("s", ""))  # fmt: skip
FEATURES = (
    "bias", "same_head", "head_similarity", "context", "document", "names", "same_document",
    "same_sentence", "same_head*context", "same_head*document", "same_head*names",
    "other_head*context", "other_head*head_similarity", "same_head*same_document", "vector",
    "sentence_vector", "same_head*vector", "other_head*vector", "head_pair_rate",
    "head_pair_seen", "shared_names", "both_near_top",
)  # fmt: skip

Vector = dict[str, float]


def stem(word: str) -> str:
    """A crude inflection stripper: "killed", "killing", "kills" -> "kill"."""
    w = word.lower()
    for suffix, repl in SUFFIXES:
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            w = w[: -len(suffix)] + repl
            if len(w) > 3 and w[-1] == w[-2] and w[-1] not in "lsz":
                w = w[:-1]
            break
    if w.endswith("e") and len(w) > 4:
        w = w[:-1]
    return w


def content(text: str) -> list[str]:
    return [stem(w) for w in WORD.findall(text) if w.lower() not in STOP and len(w) > 1]


def head(text: str) -> str:
    words = WORD.findall(text)
    kept = [w for w in words if w.lower() not in STOP] or words
    return stem(kept[0]) if kept else text.lower()


def names(text: str) -> list[str]:
    """Capitalized words that do not start a sentence, and numbers: who, where, how many."""
    out: list[str] = []
    for s in split_sentences(text):
        words = WORD.finditer(text, s.start, s.end)
        next(words, None)
        out.extend(m.group(0).lower() for m in words if NAME.fullmatch(m.group(0)))
    return out


def idf(bags: Iterable[Iterable[str]]) -> tuple[dict[str, float], float]:
    """Inverse document frequencies and the value for an unseen word."""
    df: Counter[str] = Counter()
    n = 0
    for bag in bags:
        df.update(set(bag))
        n += 1
    # smoothed so that a word every document holds still weighs a little, even in a corpus of two
    return {w: math.log((n + 1) / (c + 0.5)) for w, c in df.items()}, math.log((n + 1) / 0.5)


def unit(words: Iterable[str], weights: Mapping[str, float], unseen: float) -> Vector:
    counts = Counter(words)
    v = {w: c * weights.get(w, unseen) for w, c in counts.items()}
    norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
    return {w: x / norm for w, x in v.items()}


def cos(a: Vector, b: Vector) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(x * b.get(w, 0.0) for w, x in a.items())


def similarity(vectors: Sequence[Vector]) -> np.ndarray:
    vocab: dict[str, int] = {}
    for v in vectors:
        for w in v:
            vocab.setdefault(w, len(vocab))
    x = np.zeros((len(vectors), max(len(vocab), 1)))
    for i, v in enumerate(vectors):
        for w, val in v.items():
            x[i, vocab[w]] = val
    return np.asarray(x @ x.T)


def average_link(sim: np.ndarray, threshold: float) -> list[int]:
    """Agglomerative clustering: merge the two clusters of highest mean similarity while it
    exceeds ``threshold``; a label per item (deterministic: ties go to the lowest indices)."""
    n = sim.shape[0]
    s = sim.astype(float).copy()
    np.fill_diagonal(s, -np.inf)
    size = np.ones(n)
    label = np.arange(n)
    for _ in range(n - 1):
        i, j = np.unravel_index(int(np.argmax(s)), s.shape)
        if s[i, j] <= threshold:
            break
        merged = (s[i] * size[i] + s[j] * size[j]) / (size[i] + size[j])
        s[i, :] = merged
        s[:, i] = merged
        s[i, i] = -np.inf
        s[j, :] = -np.inf
        s[:, j] = -np.inf
        size[i] += size[j]
        label[label == j] = i
    return [int(x) for x in label]


@dataclass(frozen=True)
class Corpus:
    """The documents' word and name vectors, weighted by the documents themselves."""

    words: dict[str, Vector]
    names: dict[str, Vector]
    name_bags: dict[str, Counter[str]]
    word_idf: tuple[dict[str, float], float]

    @classmethod
    def of(cls, texts: Mapping[str, str]) -> Corpus:
        ids = sorted(texts)
        bags = {d: content(texts[d]) for d in ids}
        name_bags = {d: Counter(names(texts[d])) for d in ids}
        w_idf = idf(bags.values())
        n_idf = idf(name_bags.values())
        return cls(
            {d: unit(bags[d], *w_idf) for d in ids},
            {d: unit(name_bags[d].elements(), *n_idf) for d in ids},
            name_bags,
            w_idf,
        )


def stories(corpus: Corpus, by_words: float, by_names: float) -> dict[str, tuple[int, int]]:
    """Each document's story: (group by words, part of that group by names)."""
    ids = sorted(corpus.words)
    if not ids:
        return {}
    groups = average_link(similarity([corpus.words[d] for d in ids]), by_words)
    out: dict[str, tuple[int, int]] = {}
    for g in sorted(set(groups)):
        members = [d for d, x in zip(ids, groups, strict=True) if x == g]
        parts = average_link(_local_names(corpus, members), by_names) if len(members) > 1 else [0]
        out.update({d: (g, p) for d, p in zip(members, parts, strict=True)})
    return out


def _local_names(corpus: Corpus, members: list[str]) -> np.ndarray:
    """Name vectors weighted within the group: a name all of them use separates little."""
    n = len(members)
    df: Counter[str] = Counter()
    for d in members:
        df.update(set(corpus.name_bags[d]))
    vectors = []
    for d in members:
        v = {w: c * math.log((n + 1) / (df[w] + 0.5)) for w, c in corpus.name_bags[d].items()}
        norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
        vectors.append({w: x / norm for w, x in v.items()})
    return similarity(vectors)
