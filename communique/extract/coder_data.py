"""Examples for the learned event coder: real news sentences with a PLOVER type (or ``NONE``)
and, where annotated, the source and target actor spans.

Three sources, each read at run time from ``../shared`` (their text never enters the repo):

- ``PLV_train.tsv`` (Hu et al. 2024): 1,049 news sentences, every one an event, with one marked
  source (``<s>…</s>``) and target (``<t>…</t>``). Its ``YIELD`` is PLOVER's CONCEDE or RETREAT:
  the example allows both.
- this project's news annotations (``tests/data/plover_news.csv``), dev split only for
  training; draws 1-2 have no actor spans (``spans_known`` False).
- the PLOVER gold sentences (CAMEO manual examples): held out, for evaluation only.

No torch here: the training script and the evaluation both read these.
"""

from __future__ import annotations

import csv
import hashlib
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from communique.extract.news_eval import load as load_news
from communique.extract.plover_eval import load_gold

TYPES = (
    "NONE", "AGREE", "CONSULT", "SUPPORT", "COOPERATE", "AID", "CONCEDE", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)  # fmt: skip
PLV_NAMES = {"YIELD": ("CONCEDE", "RETREAT")}

Span = tuple[int, int]  # offsets in the example's text


@dataclass(frozen=True)
class Example:
    text: str
    labels: tuple[str, ...]  # the allowed types (one, or two for PLV's YIELD)
    source: Span | None = None
    target: Span | None = None
    spans_known: bool = False  # False: the spans were not annotated (not "no actor")
    origin: str = ""  # "plv", "news:dev", "news:test", "gold"
    key: str = ""  # a stable id (for grouping and splitting)

    @property
    def label(self) -> str:
        return self.labels[0]


_MARK = re.compile(r"</?[st]>")


def _unmark(marked: str) -> tuple[str, Span | None, Span | None]:
    """The plain sentence and the offsets of its ``<s>`` and ``<t>`` spans."""
    out: list[str] = []
    pos = 0
    opened: dict[str, int] = {}
    spans: dict[str, Span] = {}
    length = 0
    for m in _MARK.finditer(marked):
        piece = marked[pos : m.start()]
        out.append(piece)
        length += len(piece)
        tag = m.group()
        if tag.startswith("</"):
            begin = opened.pop(tag[2], length)
            spans.setdefault(tag[2], (begin, length))
        else:
            opened[tag[1]] = length
        pos = m.end()
    out.append(marked[pos:])
    text = "".join(out)
    return text, _trimmed(text, spans.get("s")), _trimmed(text, spans.get("t"))


def _trimmed(text: str, span: Span | None) -> Span | None:
    if span is None:
        return None
    a, b = span
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return (a, b) if b > a else None


def plv_examples(path: Path) -> list[Example]:
    csv.field_size_limit(sys.maxsize)
    out = []
    with path.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            text, src, tgt = _unmark(row["marked_sentence"])
            root = row["gold_root"]
            labels = PLV_NAMES.get(root, (root,))
            if not all(t in TYPES for t in labels):
                raise ValueError(f"{path}: unknown type {root!r}")
            key = "plv:" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]
            out.append(Example(text, labels, src, tgt, True, "plv", key))
    return out


def news_examples(labels: Path, corpus: Path, split: str | None = None) -> list[Example]:
    out = []
    for it in load_news(labels, corpus):
        if split and it.split != split:
            continue
        s = it.sentence
        known = it.draw >= 3

        def rel(span: tuple[int, int] | None, start: int = s.start) -> Span | None:
            return (span[0] - start, span[1] - start) if span else None

        out.append(Example(s.text, (it.label,), rel(it.actor_source), rel(it.actor_target),
                           known, f"news:{it.split}", f"{s.source}@{s.start}"))  # fmt: skip
    return out


def gold_examples(path: Path) -> list[Example]:
    return [Example(text, (label,), origin="gold", key=f"gold:{i}")
            for i, (text, label) in enumerate(load_gold(path))]  # fmt: skip


def story_of(key: str) -> str:
    """The document an example comes from (news keys are ``source@offset``)."""
    return key.split("@", 1)[0]


def holdout(examples: list[Example], share: int = 5) -> tuple[list[Example], list[Example]]:
    """Split news examples by a hash of their document: one in ``share`` documents goes to the
    held-out part (calibration and the event threshold), the rest to training."""
    train: list[Example] = []
    held: list[Example] = []
    for ex in examples:
        h = int(hashlib.sha1(story_of(ex.key).encode("utf-8")).hexdigest(), 16)
        (held if ex.origin.startswith("news") and h % share == 0 else train).append(ex)
    return train, held
