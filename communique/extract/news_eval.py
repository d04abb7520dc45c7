"""PLOVER coding checked on real news sentences annotated by this project.

The sentences live in ``../shared/corpus`` (TempEval-3 TBAQ, Timeline17 LibyaWar and H1N1,
ECB+ train/dev documents); the annotation file stores only where each sentence is (source,
offsets), a hash of its text, the PLOVER type a reader gave it (``NONE``: the sentence reports
no event), where its source and target actors are (document offsets, when annotated) and its
split. Sentences were sampled at random before the coder was run on them; ``split`` says which
part rules and models may be tuned on (``dev``) and which is only measured (``test``). A
split is decided per story (a document and its reprints), see ``scripts/sample_plover_news.py``.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import html
import json
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from communique.extract.classify import classify_sentence
from communique.ingest.ptb import detokenize
from communique.nlp.sentences import split as split_sentences

T17_TOPICS = (
    "LibyaWar_cnn", "LibyaWar_reuters", "H1N1_bbc", "H1N1_guardian", "H1N1_reuters",
)  # fmt: skip
TBAQ_SUBSETS = ("TimeBank", "AQUAINT")


@dataclass(frozen=True)
class NewsSentence:
    source: str  # "tbaq/TimeBank/NAME" or "t17/LibyaWar_cnn/DOC_ID"
    start: int
    end: int
    text: str

    @property
    def digest(self) -> str:
        return hashlib.sha1(self.text.encode("utf-8")).hexdigest()[:12]

    @property
    def hashed_split(self) -> str:
        """The half a document falls in by its name's hash: ``dev`` or ``test`` (the first
        two draws used this; later draws keep a story's reprints together)."""
        return hashed_split(self.source)


def hashed_split(source: str) -> str:
    h = int(hashlib.sha1(source.encode("utf-8")).hexdigest(), 16)
    return "dev" if h % 2 == 0 else "test"


Span = tuple[int, int]  # document offsets


@dataclass(frozen=True)
class Labelled:
    sentence: NewsSentence
    label: str
    split: str = "dev"
    actor_source: Span | None = None  # where the annotated source actor is, if annotated
    actor_target: Span | None = None
    draw: int = 1  # which draw of scripts/sample_plover_news.py it came from


def tml_text(path: Path) -> str:
    raw = path.read_text(encoding="utf-8")
    m = re.search(r"<TEXT>(.*)</TEXT>", raw, re.S)
    return html.unescape(re.sub(r"<[^>]+>", "", m.group(1) if m else ""))


def documents(corpus: Path) -> Iterator[tuple[str, str]]:
    """(source, text) of every document the news check may draw from."""
    for sub in TBAQ_SUBSETS:
        for path in sorted((corpus / "tempeval" / "TBAQ-cleaned" / sub).glob("*.tml")):
            yield f"tbaq/{sub}/{path.stem}", tml_text(path)
    for topic in T17_TOPICS:
        with gzip.open(corpus / "t17-dev" / topic / "articles.jsonl.gz", "rt") as fh:
            for line in fh:
                rec = json.loads(line)
                yield f"t17/{topic}/{rec['doc_id']}", detokenize(rec["text"])
    with gzip.open(corpus / "ecbplus" / "documents.jsonl.gz", "rt") as fh:
        for line in fh:
            rec = json.loads(line)
            yield f"ecb/{rec['doc_id']}", detokenize(rec["text"])


def sentences(source: str, text: str) -> list[NewsSentence]:
    return [
        NewsSentence(source, s.start, s.end, text[s.start : s.end]) for s in split_sentences(text)
    ]


def annotated(labels: Path, corpus: Path) -> tuple[list[tuple[dict[str, str], NewsSentence]],
                                                   dict[str, str]]:  # fmt: skip
    """Each row of an annotation file with its sentence, and the texts of their documents;
    raises ``ValueError`` when a sentence no longer matches its hash."""
    rows = list(csv.DictReader(labels.open(encoding="utf-8")))
    wanted = {r["source"] for r in rows}
    texts = {src: text for src, text in documents(corpus) if src in wanted}
    out = []
    for r in rows:
        start, end = int(r["start"]), int(r["end"])
        sent = NewsSentence(r["source"], start, end, texts[r["source"]][start:end])
        if sent.digest != r["sha1"]:
            raise ValueError(f"{labels}: {r['source']}@{start} no longer matches its hash")
        out.append((r, sent))
    return out, texts


def load(labels: Path, corpus: Path) -> list[Labelled]:
    """Annotated sentences; raises ``ValueError`` when a sentence no longer matches its hash."""
    out = []
    for r, sent in annotated(labels, corpus)[0]:
        split = r.get("split") or sent.hashed_split
        spans = _span(r, "src"), _span(r, "tgt")
        out.append(Labelled(sent, r["label"], split, *spans, int(r.get("draw") or 1)))
    return out


def _span(row: dict[str, str], key: str) -> Span | None:
    value = row.get(key) or ""
    if not value:
        return None
    start, _, end = value.partition("-")
    return int(start), int(end)


@dataclass(frozen=True)
class NewsScore:
    sentences: int
    events: int  # sentences whose label is an event
    accuracy: float  # on event sentences: top coded type == label
    false_events: float  # share of NONE sentences the coder gives an event
    precision: float  # coded events of the right type, over all coded events
    confusion: tuple[tuple[str, str, int], ...]


def score(items: list[Labelled]) -> NewsScore:
    pairs: Counter[tuple[str, str]] = Counter()
    for it in items:
        codings = classify_sentence(it.sentence.text)
        pairs[(it.label, codings[0].type if codings else "NONE")] += 1
    events = sum(n for (g, _), n in pairs.items() if g != "NONE")
    nones = sum(n for (g, _), n in pairs.items() if g == "NONE")
    right = sum(n for (g, p), n in pairs.items() if g == p and g != "NONE")
    coded = sum(n for (_, p), n in pairs.items() if p != "NONE")
    false = sum(n for (g, p), n in pairs.items() if g == "NONE" and p != "NONE")
    return NewsScore(
        sentences=len(items),
        events=events,
        accuracy=round(right / events, 3) if events else 0.0,
        false_events=round(false / nones, 3) if nones else 0.0,
        precision=round(right / coded, 3) if coded else 0.0,
        confusion=tuple(sorted(((g, p, n) for (g, p), n in pairs.items()), key=lambda x: -x[2])),
    )


def _type_counts(s: NewsScore) -> dict[str, tuple[int, int, int]]:
    """Per gold event type: (right, gold, coded)."""
    types = sorted({g for g, _, _ in s.confusion} - {"NONE"})
    return {
        t: (
            sum(n for g, p, n in s.confusion if g == t and p == t),
            sum(n for g, _, n in s.confusion if g == t),
            sum(n for _, p, n in s.confusion if p == t),
        )
        for t in types
    }


def type_f1(s: NewsScore) -> dict[str, float]:
    """F1 of each event type the gold labels hold (a coded ``NONE`` is a miss)."""
    return {
        t: round(2 * tp / (gold + coded), 3) if gold + coded else 0.0
        for t, (tp, gold, coded) in _type_counts(s).items()
    }


def one_less_right(s: NewsScore) -> tuple[float, dict[str, float]]:
    """Accuracy and per-type F1 with one right sentence fewer: the resolution of the data,
    the margin a floor keeps below a measured value (the scores are deterministic, so any
    larger drop is a real change in the coder, not noise)."""
    right = round(s.accuracy * s.events)
    acc = round((right - 1) / s.events, 3) if s.events else 0.0
    f1 = {
        t: round(2 * max(tp - 1, 0) / (gold + coded - 1), 3) if gold + coded > 1 else 0.0
        for t, (tp, gold, coded) in _type_counts(s).items()
    }
    return acc, f1


def wilson(successes: int, n: int, z: float = 1.96) -> tuple[float, float]:
    """The 95% Wilson interval of a proportion: what a score says about unseen news."""
    if n == 0:
        return 0.0, 1.0
    p = successes / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * ((p * (1 - p) / n + z * z / (4 * n * n)) ** 0.5) / (1 + z * z / n)
    return round(centre - half, 3), round(centre + half, 3)
