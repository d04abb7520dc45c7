"""Rule-based sentence splitting: fast, offsets only, abbreviation- and initial-aware."""

from __future__ import annotations

import re
from typing import ClassVar

from communique.config import Config
from communique.model import Document, Sentence
from communique.pipeline import register

ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "gen",
        "lt",
        "col",
        "maj",
        "capt",
        "cmdr",
        "adm",
        "sgt",
        "sen",
        "rep",
        "gov",
        "pres",
        "st",
        "jr",
        "sr",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "no",
        "nos",
        "co",
        "corp",
        "inc",
        "ltd",
        "bros",
        "vs",
        "etc",
        "e.g",
        "i.e",
        "u.s",
        "u.n",
        "u.k",
        "e.u",
        "a.m",
        "p.m",
        "approx",
        "est",
        "dept",
        "fig",
        "ft",
        "mt",
        "ave",
        "blvd",
    ]
)
# a candidate boundary: terminal punctuation, optional closers, whitespace, then an opener
_BOUNDARY = re.compile(r"[.!?…]+[\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9À-Ý])")
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.]*)\.?$")


def _is_abbreviation(text: str, end: int) -> bool:
    """Does the period ending at ``end`` close an abbreviation or an initial?"""
    if text[end - 1] != ".":
        return False
    m = _WORD_BEFORE.search(text, max(0, end - 12), end)
    if not m:
        return False
    word = m.group(1).rstrip(".").lower()
    if len(word) == 1 and word.isalpha():
        return True  # an initial: "V. Putin", "George W. Bush"
    return word in ABBREVIATIONS


def split(text: str, start: int = 0, end: int | None = None) -> list[Sentence]:
    """Sentences of ``text[start:end]``; a newline always ends a sentence."""
    end = len(text) if end is None else end
    out: list[Sentence] = []
    pos = start
    for line in re.finditer(r"[^\n]+", text[start:end]):
        ls, le = start + line.start(), start + line.end()
        pos = ls
        for m in _BOUNDARY.finditer(text, ls, le):
            stop = m.start() + len(m.group(0).rstrip())
            if _is_abbreviation(text, m.start() + 1):
                continue
            _add(text, pos, stop, out)
            pos = m.end()
        _add(text, pos, le, out)
    return out


def _add(text: str, s: int, e: int, out: list[Sentence]) -> None:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    if e > s:
        out.append(Sentence(s, e))


@register
class SentenceStage:
    name: ClassVar[str] = "sentences"
    requires: ClassVar[tuple[str, ...]] = ("text",)
    provides: ClassVar[tuple[str, ...]] = ("sentences",)
    any_language: ClassVar[bool] = True

    def __init__(self, config: Config) -> None:
        self.config = config

    def __call__(self, doc: Document) -> Document:
        return doc.with_layers(sentences=tuple(split(doc.text)))
