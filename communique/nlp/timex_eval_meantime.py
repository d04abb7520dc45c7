"""A reader for the NewsReader MEANTIME corpus (English, CAT XML) to evaluate the temporal
tagger on news it was never tuned on.

MEANTIME (``meantime_newsreader_english_oct15/``) holds 120 WikiNews articles. Each file is a
``<Document>`` of ``<token t_id sentence number>`` elements (Penn Treebank tokens, no offsets,
no whitespace) followed by ``<Markables>``, where a ``<TIMEX3 type value functionInDocument>``
points at its tokens with ``<token_anchor t_id>`` children. This module

* rebuilds each document's text from its tokens: one line per sentence (sentence 0 is the
  title, sentence 1 the WikiNews date line), tokens joined by a space except before closing
  punctuation and clitics (``,`` ``.`` ``)`` ``%`` ``'s`` ``n't`` ...) and after opening ones
  (``(`` ``$`` ``US$`` ...); the PTB quotes (two backquotes, two apostrophes) are written as
  a double quote;
* maps each TIMEX3's token anchors to a character span in that text;
* takes the document creation time (DCT) from the TIMEX3 with
  ``functionInDocument="CREATION_TIME"`` and does not return it as a mention. In 118 files that
  timex is the whole date line; in two files the date line's timex is marked ``NONE`` although
  it carries the DCT's value, so a timex covering exactly sentence 1 stands in for it there.
  One DCT value is written day first, ``03-02-2009`` (article 120578, date line "February 03,
  2009"), against the schema's ``xs:date``: a ``DD-MM-YYYY`` value is read as that date;
* leaves out TIMEX3s without token anchors (implicit begin/end points: no text to find);
* finds the annotated part. MEANTIME annotates only the start of each article (its README does
  not say so; the data does): the title, the date line and the first four sentences of the
  body. No markable of any kind lies past sentence 5, except in one article (8983) where a photo
  caption is merged into the body's first sentence and markables reach sentence 6. The annotated
  part ends with the last sentence holding a markable (any kind: entity, event, timex, ...);
  an evaluation must not score what a tagger finds after it.

The directory ``intra-doc_annotation/`` is read; ``intra_cross-doc_annotation/`` carries the
same TIMEX3s.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from communique.errors import MalformedInput

__all__ = ["GoldTimex", "MeantimeDoc", "detokenize", "load_meantime", "parse_cat"]

# Tokens written without a space before them / after them.
_NO_SPACE_BEFORE = frozenset(
    {",", ".", ";", ":", "!", "?", ")", "]", "}", "%", "...", "''", "'s", "'re", "'ve", "'ll"}
    | {"'d", "'m", "n't", "'"}
)
_NO_SPACE_AFTER = frozenset({"(", "[", "{", "``", "$", "US$", "CA$", "AU$", "#", "£", "€"})
_QUOTES = {"``": '"', "''": '"'}
_DAY_FIRST = re.compile(r"(\d\d)-(\d\d)-(\d{4})")


@dataclass(frozen=True)
class GoldTimex:
    """A gold TIMEX3: character span in :attr:`MeantimeDoc.text`, type and value."""

    start: int
    end: int
    type: str
    value: str


@dataclass(frozen=True)
class MeantimeDoc:
    """One MEANTIME article: rebuilt text, DCT (ISO date) and its span, gold mentions, sentence
    spans (one line each), and where the annotated part of the text ends."""

    name: str
    text: str
    dct: str
    dct_span: tuple[int, int]
    timexes: tuple[GoldTimex, ...]
    sentences: tuple[tuple[int, int], ...]
    annotated_end: int


def detokenize(
    tokens: Sequence[tuple[str, int]],
) -> tuple[str, list[tuple[int, int]], list[tuple[int, int]]]:
    """Text from ``(token, sentence)`` pairs, each token's span in it, and sentence spans."""
    parts: list[str] = []
    spans: list[tuple[int, int]] = []
    sentences: list[tuple[int, int]] = []
    pos = 0
    prev: tuple[str, int] | None = None
    for raw, sent in tokens:
        if prev is not None:
            if sent != prev[1]:
                sentences[-1] = (sentences[-1][0], pos)
                parts.append("\n")
                pos += 1
            elif raw not in _NO_SPACE_BEFORE and prev[0] not in _NO_SPACE_AFTER:
                parts.append(" ")
                pos += 1
        if prev is None or sent != prev[1]:
            sentences.append((pos, pos))
        piece = _QUOTES.get(raw, raw)
        parts.append(piece)
        spans.append((pos, pos + len(piece)))
        pos += len(piece)
        prev = (raw, sent)
    if sentences:
        sentences[-1] = (sentences[-1][0], pos)
    return "".join(parts), spans, sentences


def parse_cat(path: Path) -> MeantimeDoc:
    """One CAT XML file of MEANTIME as text, DCT and gold timexes (the DCT not among them)."""
    root = ET.parse(path).getroot()
    tokens = [(t.text or "", int(t.get("sentence", "0"))) for t in root.iter("token")]
    text, spans, sentences = detokenize(tokens)
    where = {t.get("t_id", ""): i for i, t in enumerate(root.iter("token"))}
    line_of = {sent: n for n, sent in enumerate(dict.fromkeys(s for _, s in tokens))}

    def span_of(anchors: list[str]) -> tuple[int, int]:
        if any(a not in where for a in anchors):
            raise MalformedInput(f"a markable anchors a missing token {anchors}", str(path))
        idx = sorted(where[a] for a in anchors)
        return spans[idx[0]][0], spans[idx[-1]][1]

    dct: tuple[str, tuple[int, int]] | None = None
    golds: list[GoldTimex] = []
    for tx in root.iter("TIMEX3"):
        anchors = [a.get("t_id", "") for a in tx.iter("token_anchor")]
        if not anchors:
            continue
        gold = GoldTimex(*span_of(anchors), tx.get("type", ""), tx.get("value", ""))
        if tx.get("functionInDocument") == "CREATION_TIME":
            dct = (gold.value, (gold.start, gold.end))
        else:
            golds.append(gold)
    date_line = sentences[1] if len(sentences) > 1 else None
    dct = dct or next(((g.value, date_line) for g in golds if (g.start, g.end) == date_line), None)
    if dct is None:
        raise MalformedInput("no document creation time", str(path))
    marked = [where[a] for a in _anchors(root) if a in where]
    last = line_of[tokens[max(marked)][1]] if marked else len(sentences) - 1
    day_first = _DAY_FIRST.fullmatch(dct[0])
    if day_first:
        dct = (f"{day_first[3]}-{day_first[2]}-{day_first[1]}", dct[1])
    timexes = tuple(sorted((g for g in golds if (g.start, g.end) != dct[1]), key=_order))
    name = root.get("doc_name") or path.stem
    return MeantimeDoc(
        name,
        text,
        dct[0],
        dct[1],
        timexes,
        tuple(sentences),
        sentences[last][1] if sentences else 0,
    )


def _anchors(root: ET.Element) -> list[str]:
    markables = root.find("Markables")
    return [] if markables is None else [a.get("t_id", "") for a in markables.iter("token_anchor")]


def _order(g: GoldTimex) -> tuple[int, int]:
    return g.start, g.end


def load_meantime(root: Path) -> list[MeantimeDoc]:
    """Every article under ``root/intra-doc_annotation/*/``, sorted by path."""
    return [parse_cat(path) for path in sorted((root / "intra-doc_annotation").glob("*/*.xml"))]
