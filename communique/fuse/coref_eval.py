"""ECB+ (train and dev topics) for event coreference: reading it, the same-words baseline and
scoring a clustering with MUC, B³, CEAF-e and CoNLL F1 (gold mentions in the validated
sentences, every document of a split clustered together, singletons counted: the setting of
../shared/corpus/ecbplus/README.md)."""

from __future__ import annotations

import gzip
import json
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from pathlib import Path

from communique.fuse.coref import CorefModel, EventMention, corefer
from communique.fuse.coref_score import Scores, conll


@dataclass(frozen=True)
class GoldMention:
    at: EventMention
    cluster: str
    text: str
    topic: str
    subtopic: str


@dataclass(frozen=True)
class Split:
    documents: dict[str, str]
    mentions: list[GoldMention]

    @property
    def key(self) -> dict[EventMention, str]:
        return {m.at: m.cluster for m in self.mentions}


def load(corpus: Path, split: str) -> Split:
    """The documents of a split and their gold event mentions in validated sentences."""
    base = corpus / "ecbplus"
    docs, topics = {}, {}
    with gzip.open(base / "documents.jsonl.gz", "rt", encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            if rec["split"] == split:
                docs[rec["doc_id"]] = rec["text"]
                topics[rec["doc_id"]] = (str(rec["topic"]), rec["subtopic"])
    mentions = []
    with gzip.open(base / "mentions.jsonl.gz", "rt", encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            if rec["doc_id"] in docs and rec["validated"]:
                at = EventMention(rec["doc_id"], rec["start"], rec["end"])
                mentions.append(
                    GoldMention(at, rec["cluster"], rec["text"], *topics[rec["doc_id"]])
                )
    return Split(docs, mentions)


def same_words(split: Split) -> dict[EventMention, str]:
    """The baseline: mentions with the same lowercased words in the same (gold) subtopic."""
    return {m.at: f"{m.subtopic}|{m.text.lower()}" for m in split.mentions}


def score(split: Split, response: dict[EventMention, str]) -> Scores:
    key: dict[Hashable, Hashable] = {k: v for k, v in split.key.items()}  # noqa: C416
    got: dict[Hashable, Hashable] = {k: v for k, v in response.items()}  # noqa: C416
    return conll(key, got)


def evaluate(split: Split, model: CorefModel | None = None,
             system: Callable[..., dict[EventMention, str]] = corefer) -> Scores:  # fmt: skip
    return score(split, system(split.documents, [m.at for m in split.mentions], model))
