"""Dates an article states about itself: a date line near the top or bottom ("Thursday,
2017-06-29 11:43:57", "June 20, 2024 | 10:15"), a dateline ("HANOI, June 20 (VNA) -") and
photo captions ("..., June 20, 2024. Photo: ...")."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from communique.model import Document
from communique.nlp.timex import tag

_DAY = re.compile(r"^(\d{4}|XXXX)-(\d\d)-(\d\d)")
_DATELINE = re.compile(r"^\s*[A-Z][A-Za-z .'-]{1,40},\s+(?=[A-Z0-9])")
_CAPTION_CUE = re.compile(r"\b(?:Photos?|Photo\s+credit|Image|File photo)\s*[:/]|\(Photo", re.I)
_HEAD_LINES = 8
_TAIL_LINES = 5


@dataclass(frozen=True)
class StatedDate:
    """A date the article states about itself: ``value`` is ``YYYY-MM-DD`` or ``XXXX-MM-DD``."""

    value: str
    kind: str  # date_line / dateline / caption
    text: str  # the words that gave it

    @property
    def has_year(self) -> bool:
        return not self.value.startswith("XXXX")


def _day_values(line: str) -> list[tuple[str, str, int]]:
    """(value at day precision, expression text, expression length) in ``line``."""
    out = []
    for t in tag(line, None):
        m = _DAY.match(t.value)
        if m and t.type in ("DATE", "TIME"):
            out.append((m.group(0), line[t.start : t.end], t.end - t.start))
    return out


def date_line(lines: Iterable[str]) -> StatedDate | None:
    """A line that is mostly a date (a by-line or time stamp)."""
    for line in lines:
        bare = line.strip()
        if not bare or len(bare) > 80:
            continue
        for value, words, length in _day_values(bare):
            rest = re.sub(r"[\W_]+", "", bare.replace(words, ""))
            if length >= 0.5 * len(bare) or len(rest) <= 12:
                return StatedDate(value, "date_line", words)
    return None


def dateline(lines: Iterable[str]) -> StatedDate | None:
    """ "CITY, Month Day (Agency) -" at the start of a paragraph."""
    for line in lines:
        m = _DATELINE.match(line)
        if not m:
            continue
        head = line[m.end() : m.end() + 40]
        for t in tag(head, None):
            dm = _DAY.match(t.value)
            if t.start == 0 and dm:
                return StatedDate(dm.group(0), "dateline", line[: m.end() + t.end])
    return None


def caption_date(captions: Iterable[str]) -> StatedDate | None:
    """The first full date in a photo caption."""
    for cap in captions:
        for value, words, _ in _day_values(cap):
            if not value.startswith("XXXX"):
                return StatedDate(value, "caption", words)
    return None


def stated_date(doc: Document) -> StatedDate | None:
    """The date the article gives for itself, best evidence first; may lack a year."""
    lines = doc.text.splitlines()
    head = lines[:_HEAD_LINES]
    edge = head + lines[-_TAIL_LINES:]
    caps = [c.text for c in doc.captions] + [ln for ln in lines if _CAPTION_CUE.search(ln)]
    found = [date_line(edge), dateline(head), caption_date(caps)]
    with_year = [f for f in found if f and f.has_year]
    if with_year:
        return with_year[0]
    partial = [f for f in found if f]
    if partial:
        return partial[0]
    for cap in caps:
        for value, words, _ in _day_values(cap):
            return StatedDate(value, "caption", words)
    return None
