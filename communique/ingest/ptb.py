"""Undo Penn-Treebank tokenization (as in Timeline17's text) so that text reads naturally."""

from __future__ import annotations

import re

_ESCAPES = {
    "-LRB-": "(", "-RRB-": ")", "-LSB-": "[", "-RSB-": "]", "-LCB-": "{", "-RCB-": "}",
    "``": '"', "''": '"',
}  # fmt: skip
_ESC = re.compile("|".join(re.escape(k) for k in _ESCAPES))
_TOKENIZED = re.compile(r" (?:[,.;:!?%)\]}]|'s\b|n't\b|'re\b|'ve\b|'ll\b|'d\b|'m\b)| -LRB- ")
_SPACE_BEFORE = re.compile(r" ([,.;:!?%)\]}]|'s\b|n't\b|'re\b|'ve\b|'ll\b|'d\b|'m\b)")
_SPACE_AFTER = re.compile(r"([(\[{$]) ")
_QUOTES = re.compile(r'" ([^"\n]*?) "')


def detokenize(text: str) -> str:
    """Return ``text`` unchanged unless it looks PTB-tokenized; then join tokens back."""
    if not (_TOKENIZED.search(text) or "-LRB-" in text or "``" in text):
        return text
    lines = []
    for line in text.split("\n"):
        line = _ESC.sub(lambda m: _ESCAPES[m.group(0)], line)
        line = _SPACE_BEFORE.sub(r"\1", line)
        line = _SPACE_AFTER.sub(r"\1", line)
        line = _QUOTES.sub(r'"\1"', line)
        lines.append(line)
    return "\n".join(lines)
