"""Diacritic folding and slugs for names: "Nguyễn Phú Trọng" -> "nguyen phu trong"."""

from __future__ import annotations

import re
import unicodedata

_SPECIAL = str.maketrans({"đ": "d", "Đ": "D", "ø": "o", "Ø": "O", "ł": "l", "Ł": "L",
                          "ß": "ss", "’": "'", "‘": "'", "ı": "i"})  # fmt: skip


def ascii_fold(text: str) -> str:
    """Strip diacritics, keep case: "Nguyễn" -> "Nguyen" (same length not guaranteed)."""
    text = text.translate(_SPECIAL)
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def fold(text: str) -> str:
    """Lower-cased, diacritic-free, whitespace-normalized form for matching."""
    return " ".join(ascii_fold(text).lower().split())


def slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(name)).strip("-")


def fold_chars(text: str) -> str:
    """Like :func:`fold` but one output character per input character, so that offsets in
    the folded text are offsets in ``text``."""
    out = []
    for ch in text:
        if ch.isascii():
            out.append(ch.lower())
            continue
        base = ascii_fold(ch.translate(_SPECIAL))[:1] or ch
        out.append(base.lower()[:1] or base)
    return "".join(out)
