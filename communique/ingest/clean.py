"""Remove web boilerplate that survives text extraction, keeping every article sentence.

Works line by line on the extracted text. Each line is kept, moved to the caption layer
(photo captions and credits, time stamps: they carry date and place) or removed with a reason
(navigation and share bars, image alt text, repeated headlines, credit trailers). The cleaned
text keeps one paragraph per line, without blank lines.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from communique.model import Caption, Removed

NAV_WORDS = frozenset(
    [
        "facebook twitter x print email e-mail mail in linkedin google+ weibo zalo whatsapp",
        "    telegram reddit pinterest tumblr vk share tweet feedback others comments comment tags tag",
        "    related more menu home search login subscribe top back next previous prev copy link",
        "    font size font-size a+ a- text size listen rss newsletter advertisement ads sponsored",
        "    more news stories related news related articles read more see more back to top",
        "    most read most viewed latest news share this article share on facebook share on twitter",
        "    print article send to a friend cookie settings accept cookies",
    ]
)
_NAV_SINGLE = frozenset(w for line in NAV_WORDS for w in line.split()) | {
    ln.strip() for ln in NAV_WORDS
}
_NAV_PHRASES = frozenset(
    {
        "more news stories", "related news", "related articles", "read more", "see more",
        "back to top", "most read", "most viewed", "latest news", "font size", "text size",
        "share this article", "print article", "send to a friend", "cookie settings",
        "accept cookies", "share on facebook", "share on twitter", "google+",
    }
)  # fmt: skip
_SOCIAL = re.compile(
    r"\b(?:like|follow|join) us on\b|\bsubscribe to (?:our|the)\b|\ball rights reserved\b|"
    r"^©|^copyright\b|\bcookies?\b.*\b(?:accept|consent|policy)\b",
    re.I,
)
_ALT_TEXT = re.compile(r"(?:\s-\s*ảnh\s*\d+|^(?:photo|image|picture|ảnh)\s*\d+)\s*$", re.I)
_CREDIT = re.compile(
    r"(?:^|[\s(\[.])(?:photos?|images?|picture|credit|file photo|ảnh)\s*:\s*\S", re.I
)
_PIPE_END = re.compile(r"\|\s*$")
# a reader comment's stamp: "March 7, 2011 at 9:29 pm | Reply ...": the comment thread begins
_COMMENT_STAMP = re.compile(
    r"^(?:[A-Z][a-z]+\.? \d{1,2}, \d{4}|\d{1,2} [A-Z][a-z]+ \d{4}|\d{4}-\d\d-\d\d)"
    r"(?: at)? \d{1,2}:\d\d ?(?:[ap]\.?m\.?)?\s*\|\s*(?:Reply|Report abuse)\b",
    re.I,
)
# "Related: Putin's visit to Beijing", "Read more: ...", "See also - ...": a link to elsewhere
_RELATED_LINK = re.compile(
    r"^(?:related(?: news| articles?| stories| coverage)?|read (?:more|also)|also read|"
    r"see also|more on this|recommended|you may also like)\s*[:\-–—»>|]\s*\S",
    re.I,
)
_POSITION = re.compile(
    r"\((?:l|r|c|left|right|centre|center|right side|left side|from left|from right|"
    r"2nd (?:left|right)|second (?:left|right)|front|back|top|bottom)\)",
    re.I,
)
_SOURCE_TRAILER = re.compile(r"^(?:source|sources|by)\s*:\s*(\S.{0,50})$", re.I)
_STAMP_WORDS = re.compile(
    r"^(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*$|^(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|"
    r"nov|dec)[a-z]*\.?$|^(?:am|pm|gmt|utc|ict|updated|published|posted|last|on|at)$",
    re.I,
)
_CONNECTORS = frozenset(
    [
        "and",
        "of",
        "the",
        "de",
        "la",
        "van",
        "von",
        "bin",
        "al",
        "el",
        "da",
        "du",
        "der",
        "at",
        "in",
        "with",
        "his",
        "her",
    ]
)
_WORD = re.compile(r"[^\W\d_][\w'’.-]*")
_KEY_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Cleaned:
    text: str
    captions: tuple[Caption, ...]
    removed: tuple[Removed, ...]
    outlet_hint: str | None = None
    collapsed: int = 0  # repeats of long paragraphs taken out


def _norm(line: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", line).split())


def _is_nav(line: str) -> bool:
    low = line.lower().strip(" :•·*-–—>")
    parts = [p.strip(" :•·*-–—>") for p in re.split(r"[|•·/]+", low)]
    parts = [p for p in parts if p]
    if not parts:
        return True  # punctuation or bullets only
    return all(p in _NAV_PHRASES or p in _NAV_SINGLE for p in parts)


def _is_stamp(line: str) -> bool:
    """A time stamp like "Thursday, 2017-06-29 11:43:57" or "Updated: June 20, 2024 10:15"."""
    if len(line) > 60 or not re.search(r"\d{4}|\d{1,2}:\d\d", line):
        return False
    words = _WORD.findall(line)
    return all(_STAMP_WORDS.match(w.rstrip(".:")) for w in words)


def _is_name_pair(line: str) -> bool:
    """A short verbless line naming people ("President A and Prime Minister B.")."""
    words = _WORD.findall(line)
    if not 3 <= len(words) <= 20 or " and " not in f" {line} ":
        return False
    lower = [w for w in words if not w[0].isupper()]
    return all(w.lower() in _CONNECTORS for w in lower) and not line.rstrip().endswith("?")


def classify(line: str, index: int, first_text_line: int) -> str | None:
    """The reason a line is not article text, or None to keep it. ``caption:`` reasons move
    the line to the caption layer."""
    if _is_nav(line):
        return "navigation"
    if _SOCIAL.search(line) and len(line) < 200:
        return "social"
    if _RELATED_LINK.match(line) and len(line) < 160:
        return "navigation"
    if _ALT_TEXT.search(line):
        return "image alt text"
    if _is_stamp(line):
        return "caption: time stamp"
    if _CREDIT.search(line) or _PIPE_END.search(line) or _POSITION.search(line):
        return "caption: photo caption"
    if index != first_text_line and _is_name_pair(line):
        return "caption: photo caption"
    if _SOURCE_TRAILER.match(line) and len(line) < 60:
        return "source credit"
    return None


# a line this long is a paragraph: one repeated with other spacing, quotes or case is the
# same paragraph; a shorter line is repeated only as it is (a quote, a sentence a line)
LONG = 300


def repeat_key(text: str) -> str:
    """A paragraph's words, case-folded, without punctuation: two paragraphs with one key are
    the same paragraph reformatted (spacing, quotes, case)."""
    return " ".join(_KEY_WORD.findall(text.casefold()))


def clean_text(raw: str) -> Cleaned:
    lines = raw.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    kept: list[str] = []
    captions: list[Caption] = []
    out = _Removals()
    seen: set[str] = set()
    collapsed = 0
    outlet: str | None = None
    first = next((i for i, ln in enumerate(lines) if ln.strip()), 0)
    thread = next((i for i, ln in enumerate(lines) if _COMMENT_STAMP.match(_norm(ln))), None)
    for i, line in enumerate(lines):
        text = _norm(line)
        if not text:
            continue
        if thread is not None and i >= thread:
            out.add(text, i, "reader comments")
            continue
        key = repeat_key(text) if len(text) >= LONG else text.lower()
        if key in seen:
            collapsed += len(text) >= LONG  # a paragraph: the text repeats itself
            out.add(text, i, "repeated line")
            continue
        reason = classify(text, i, first)
        if reason is None:
            seen.add(key)
            kept.append(text)
            continue
        if out.add(text, i, reason) and reason.startswith("caption:"):
            captions.append(Caption(text.rstrip(" |").strip(), i))
        if reason == "source credit" and (m := _SOURCE_TRAILER.match(text)):
            outlet = m.group(1).strip()
    return Cleaned("\n".join(kept), tuple(captions), out.listed(), outlet, collapsed)


LISTED = 10  # times one line is listed as removed; later ones are counted on the last listed


class _Removals:
    """The lines removed, each one listed up to ``LISTED`` times and then counted: a text
    repeating an article thousands of times keeps a short list."""

    def __init__(self) -> None:
        self.removed: list[Removed] = []
        self.counts: dict[tuple[str, str], list[int]] = {}  # -> [index of last listed, times]

    def add(self, text: str, line: int, reason: str) -> bool:
        """List a removed line; False if it is only counted."""
        count = self.counts.setdefault((text.lower(), reason), [-1, 0])
        count[1] += 1
        if count[1] > LISTED:
            return False
        count[0] = len(self.removed)
        self.removed.append(Removed(text, line, reason))
        return True

    def listed(self) -> tuple[Removed, ...]:
        removed = list(self.removed)
        for index, times in self.counts.values():
            if times > LISTED:
                last = removed[index]
                reason = f"{last.reason} ({times - LISTED + 1} times from here)"
                removed[index] = Removed(last.text, last.line, reason)
        return tuple(removed)
