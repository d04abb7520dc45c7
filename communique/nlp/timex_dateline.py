"""Dates an article states about itself: a date line near the top or bottom ("Thursday,
2017-06-29 11:43:57", "June 20, 2024 | 10:15"), a dateline ("HANOI, June 20 (VNA) -") and
photo captions ("..., June 20, 2024. Photo: ...")."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from communique.model import Document
from communique.nlp.numeric_order import NUMERIC, agency_country, readings, settle
from communique.nlp.timex import tag

_DAY = re.compile(r"^(\d{4}|XXXX)-(\d\d)-(\d\d)")
_DATELINE = re.compile(
    r"^\s*(?=[^\W\d_])[^\W\d_][^\W\d_ .'-]*(?:[ .'-]+[^\W\d_]+){0,4}\.?,\s+(?=[^\W_])"
)
_CAPTION_CUE = re.compile(r"\b(?:Photos?|Photo\s+credit|Image|File photo)\s*[:/]|\(Photo", re.I)
_HEAD_LINES = 8
# where a dateline ends and the story begins: "--", a dash, "(Agency)", "/TASS/"
_SEPARATOR = re.compile(r"\s(?:--|[-–—]|\()\s?|\s/[A-Z]+/")
_TAIL_LINES = 5


@dataclass(frozen=True)
class StatedDate:
    """A date the article states about itself: ``value`` is ``YYYY-MM-DD`` or ``XXXX-MM-DD``."""

    value: str
    kind: str  # date_line / dateline / caption
    text: str  # the words that gave it
    line: str = ""  # the line they stand on
    # a numeric date nothing settles ("07/08/2014"): both readings, and ``value`` is ""
    candidates: tuple[str, ...] = ()
    how: str = ""  # what settled a numeric date's order

    @property
    def has_year(self) -> bool:
        return not self.value.startswith("XXXX")


def _day_values(line: str) -> list[tuple[str, str, int]]:
    """(value at day precision, expression text, expression length) in ``line``."""
    out = []
    for t in tag(line, None):
        m = _DAY.match(t.value)
        if m and t.type in ("DATE", "TIME"):
            value, end = m.group(0), t.end
            # "11:52 PM EDT, October 8, 2015": a year the expression left outside
            if value.startswith("XXXX") and (y := _YEAR_AFTER.match(line, t.end)):
                value, end = y.group(1) + value[4:], y.end()
            out.append((value, line[t.start : end], end - t.start))
    return out


_YEAR_AFTER = re.compile(r",?\s*((?:19|20)\d\d)\b(?![/.:-]\d)")


def date_line(lines: Iterable[str]) -> StatedDate | None:
    """A line that is a date stamp: mostly a date ("Thursday, 2017-06-29 11:43:57"), or a
    full date after a short label ("NEWS STORY 02/13/1998 14:35", "Updated: ...", "By Ann
    Lee | May 13, 2017") and set apart from any words after it ("1999-02-10  NATO to ...")."""
    for line in lines:
        bare = line.strip()
        if not bare or len(bare) > 120:
            continue
        for value, words, length in _day_values(bare):
            rest = re.sub(r"[\W_]+", "", _TIME_WORDS.sub("", bare.replace(words, "")))
            if length >= 0.5 * len(bare) or len(rest) <= 12 or _stamp(bare, words, value):
                return StatedDate(value, "date_line", words, bare)
    return None


# clock times, zones and weekday names around a stamp's date
_TIME_WORDS = re.compile(
    r"\b\d{1,2}[:.]\d\d(?:[:.]\d\d)?(?:\s*[ap]\.?m\.?)?|\b(?:GMT|UTC|[A-Z]{2,4}T)(?:[+-]\d+)?\b"
    r"|\b(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*\b",
    re.I,
)
_LABEL = re.compile(r"^(?:[A-Z][\w.'-]*[ \t]*|[|:/,(\-–—]+[ \t]*){0,4}$")
_SET_APART = re.compile(r"^(?:$|\s{2,}|\s*[|()\-–—/•·]|\s*\d)")


def _stamp(line: str, words: str, value: str) -> bool:
    """A full date after at most four capitalized label words (or none), with nothing after
    it but a time or words set apart by a bar, a dash or a wide space."""
    if value.startswith("XXXX"):
        return False
    at = line.find(words)
    before = _TIME_WORDS.sub("", line[:at]).strip()
    after = _TIME_WORDS.sub("", line[at + len(words) :])
    prose = re.search(r"\b[a-z]+\s+[a-z]+\s+[a-z]+\b", after)
    return bool(_LABEL.match(before)) and bool(_SET_APART.match(after) or not prose)


_PARTICLES = frozenset("de da do del della la le el al es of upon on am an der".split())


def _place_like(head: str) -> bool:
    """A dateline's place: every word capitalized but short particles ("Rio de Janeiro");
    "The delegations met on Sunday," is a sentence."""
    words = re.findall(r"[^\W\d_]+", head.split("[")[0])
    return bool(words) and all(w[0].isupper() or w.lower() in _PARTICLES for w in words)


def dateline(lines: Iterable[str]) -> StatedDate | None:
    """ "CITY, Month Day (Agency) -" at the start of a paragraph."""
    for line in lines:
        m = _DATELINE.match(line)
        if not m:
            continue
        if not _place_like(line[: m.end()]):
            continue
        head = line[m.end() : m.end() + 60]
        cut = _SEPARATOR.search(head)
        head = head[: cut.start()] if cut else head[:40]
        for value, words, _ in _day_values(head) or _numeric(head):
            at = head.find(words)
            if re.search(r"\b[a-z]{2,}\b", head[:at]):
                break  # prose before the date: a sentence, not a dateline
            return StatedDate(value, "dateline", line[: m.end() + at + len(words)], line)
    return None


def _numeric(head: str) -> list[tuple[str, str, int]]:
    """A numeric date the tagger leaves alone ("11.05.22"), day first for now: its order is
    settled later, with the rest of the text."""
    m = NUMERIC.match(head)
    if not m or not (both := readings(m.group(0))) or not (first := both[0] or both[1]):
        return []
    return [(first.isoformat(), m.group(0), len(m.group(0)))]


def caption_date(captions: Iterable[str]) -> StatedDate | None:
    """The first full date in a photo caption."""
    for cap in captions:
        for value, words, _ in _day_values(cap):
            if not value.startswith("XXXX"):
                return StatedDate(value, "caption", words, cap)
    return None


def stated_date(
    doc: Document,
    country_of: Callable[[str], str | None] = agency_country,
    lead: Sequence[int] = (),
) -> StatedDate | None:
    """The date the article gives for itself, best evidence first; may lack a year. A
    numeric date's order is settled as :mod:`numeric_order` says, or left open."""
    found = _stated(doc)
    if found is None or not found.has_year:
        return found
    r = settle(found.text, found.line, doc.text, lead, country_of)
    if r is None:
        return found
    if r.settled:
        return dataclasses.replace(found, value=r.settled.isoformat(), how=r.why)
    both = tuple(sorted(d.isoformat() for d in (r.day_first, r.month_first) if d))
    return dataclasses.replace(found, value="", candidates=both, how=r.why)


def _stated(doc: Document) -> StatedDate | None:
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
            return StatedDate(value, "caption", words, cap)
    return None
