"""Pledges measured on annotated real news (tests/data/pledges_news.csv, issue 14).

Each annotated sentence says whether it reports a pledge (an actor committing itself or the body
it speaks for to an action or a target) and, if so, where the committing actor is named. The
pledges stage is run on the whole document, as in a build; a sentence is *flagged* when the
stage finds a pledge that starts in it. Precision is the share of flagged sentences annotated
as pledges; recall the share of annotated pledges flagged; actor right the share of right
flags whose actors include the one the annotated words name. The pool of sentences does not
depend on the stage (scripts/sample_pledges.py), so any version of it can be measured here.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from communique.config import Config
from communique.extract.news_eval import NewsSentence, annotated, wilson
from communique.model import Document, Pledge

STAGES = ("sentences", "mentions", "times", "pledges")


@dataclass(frozen=True)
class PledgeLabel:
    sentence: NewsSentence
    split: str
    stratum: str  # "cue": holds a commitment word; "random": holds none
    pledge: bool
    kind: str
    actor: tuple[int, int] | None  # document offsets of the words naming the committing actor


@dataclass(frozen=True)
class PledgeScore:
    sentences: int
    pledges: int  # annotated
    flagged: int
    right: int  # flagged and annotated
    actor_right: int  # of ``right`` with an annotated actor named by a mention
    actor_known: int

    @property
    def precision(self) -> float:
        return round(self.right / self.flagged, 3) if self.flagged else 0.0

    @property
    def recall(self) -> float:
        return round(self.right / self.pledges, 3) if self.pledges else 0.0

    @property
    def precision_interval(self) -> tuple[float, float]:
        return wilson(self.right, self.flagged)

    @property
    def actor_accuracy(self) -> float:
        return round(self.actor_right / self.actor_known, 3) if self.actor_known else 0.0


def load(labels: Path, corpus: Path) -> tuple[list[PledgeLabel], dict[str, str]]:
    """The annotated sentences and the texts of their documents; raises ``ValueError`` when a
    sentence no longer matches its hash."""
    rows, texts = annotated(labels, corpus)
    out = []
    for r, sent in rows:
        actor = (int(r["actor_start"]), int(r["actor_end"])) if r["actor_start"] else None
        pledge = r["label"] == "PLEDGE"
        out.append(PledgeLabel(sent, r["split"], r["stratum"], pledge, r["kind"], actor))
    return out, texts


def run_stage(texts: dict[str, str], config: Config | None = None) -> dict[str, Document]:
    """Every document through the stages the pledges stage needs."""
    from communique.pipeline import Pipeline

    pipe = Pipeline(dataclasses.replace(config or Config(), stages=STAGES))
    return {src: pipe(Document(doc_id=src, text=text)) for src, text in sorted(texts.items())}


def flagged(doc: Document, s: NewsSentence) -> Pledge | None:
    return next((p for p in doc.pledges if s.start <= p.start < s.end), None)


def score(items: Iterable[PledgeLabel], docs: dict[str, Document]) -> PledgeScore:
    n = pledges = flags = right = actor_right = actor_known = 0
    for it in items:
        n += 1
        pledges += it.pledge
        found = flagged(docs[it.sentence.source], it.sentence)
        if found is None:
            continue
        flags += 1
        if not it.pledge:
            continue
        right += 1
        named = _named(docs[it.sentence.source], it.actor)
        if named:
            actor_known += 1
            actor_right += bool(named & _ids(found.actors))
    return PledgeScore(n, pledges, flags, right, actor_right, actor_known)


def _named(doc: Document, span: tuple[int, int] | None) -> set[str]:
    """The actors a mention inside the annotated words names (none: the words name no actor
    the mentions stage knows, and the pledge's actor cannot be judged)."""
    if span is None:
        return set()
    ms = [m for m in doc.mentions if m.start < span[1] and span[0] < m.end]
    return _ids(m.actor_id for m in ms)


def _ids(actors: Iterable[str]) -> set[str]:
    out: set[str] = set()
    for a in actors:
        out.update(a[2:].split("+") if a.startswith("g:") else [a])
    return out


def errors(items: Sequence[PledgeLabel], docs: dict[str, Document]) -> list[tuple[str, str]]:
    """(kind, "source@start") of each false flag and each miss, for reading the dev split."""
    out = []
    for it in items:
        found = flagged(docs[it.sentence.source], it.sentence)
        if found is not None and not it.pledge:
            out.append(("false", f"{it.sentence.source}@{it.sentence.start}"))
        elif found is None and it.pledge:
            out.append(("missed", f"{it.sentence.source}@{it.sentence.start}"))
    return out
