"""Cleaning on the five seeds, against our own annotation of their raw lines.

The annotation is kept as 0-based raw line numbers (never the text): which lines are web
boilerplate (navigation, share bars, image alt text, repeated headlines, credit trailers)
and which are photo captions or time stamps (kept in the caption layer). Every other
non-empty line is article text and must survive cleaning.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from communique.ingest import RawDoc, to_document

SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "seeds"

BOILERPLATE = {
    "000_5738a7793722f2fe": {3, 19, 21},
    "001_c79cfec5afc41c64": {30},
    "002_0adb232ef2553c31": {3, 6, 30, 31, 32, 33, 34, 35, 37},
    "003_5b810d79becaad3b": {83},
    "004_8c1f1e815dbeb2b1": {1, 27},
}
CAPTIONS = {
    "000_5738a7793722f2fe": {5},
    "001_c79cfec5afc41c64": {7, 18},
    "002_0adb232ef2553c31": {2, 5},
    "003_5b810d79becaad3b": {2, 17, 41},
    "004_8c1f1e815dbeb2b1": {4, 17, 25},
}


def _norm(line: str) -> str:
    return " ".join(line.split())


@pytest.mark.parametrize("name", sorted(BOILERPLATE))
def test_no_boilerplate_left_and_no_sentence_lost(name: str) -> None:
    raw = (SEEDS / f"{name}.txt").read_text(encoding="utf-8")
    doc = to_document(RawDoc(str(SEEDS / f"{name}.txt"), raw, doc_id=name))
    kept = set(doc.text.split("\n"))
    captions = {c.line for c in doc.captions}
    drop = BOILERPLATE[name] | CAPTIONS[name]
    lines = raw.split("\n")
    for i, line in enumerate(lines):
        text = _norm(line)
        if not text:
            continue
        if i in drop:
            # a repeated headline is dropped as a line, its first copy stays
            assert text not in kept or lines.index(line) < i, f"line {i} left in the text"
        else:
            assert text in kept, f"article line {i} lost"
    assert captions == CAPTIONS[name]
    assert {r.line for r in doc.removed} == drop
