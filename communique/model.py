"""The one document model.

A :class:`Document` is the cleaned text of an article plus layers of spans. Every span is a
pair of offsets into ``Document.text`` (Python string indices, end exclusive): never a copy of
the text. Stages add layers by returning a new document (``doc.with_layers(...)``); nothing is
mutated in place.
"""

from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass, field
from typing import Any


def content_hash(text: str) -> str:
    """Stable id for a text: the first 16 hex digits of its SHA-256."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def stable_id(*parts: object) -> str:
    """Deterministic id from parts (used for events, pledges, timeline entries)."""
    joined = "\x1f".join(str(p) for p in parts)
    return hashlib.sha1(joined.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int


@dataclass(frozen=True)
class Caption:
    """A photo caption or credit removed from the text but kept: it often gives date and place."""

    text: str
    line: int  # 0-based line number in the raw input


@dataclass(frozen=True)
class Removed:
    """A boilerplate line removed by cleaning, with the reason (for the document view)."""

    text: str
    line: int
    reason: str


@dataclass(frozen=True)
class Office:
    role: str  # head_of_state, head_of_government, party_leader, speaker, foreign_minister, ...
    country: str | None
    start: str | None  # ISO date at known precision
    end: str | None  # None while ongoing
    title: str | None = None  # how the office is called locally ("General Secretary")
    source: str | None = None  # where the row comes from (Archigos, REIGN, curated, ...)


@dataclass(frozen=True)
class Actor:
    actor_id: str
    name: str
    kind: str  # person / country / organization
    country: str | None = None
    aliases: tuple[str, ...] = ()
    offices: tuple[Office, ...] = ()


@dataclass(frozen=True)
class Mention:
    """A reference to an actor: a name, a title, a role description, a pronoun-like phrase."""

    start: int
    end: int
    actor_id: str
    kind: str  # person / country / organization / group
    country: str | None = None
    role: str | None = None  # office held on the document's date, if known
    method: str = "name"  # name / title / role / coref / country / ner
    flags: tuple[str, ...] = ()  # e.g. "role_conflict: ..."


@dataclass(frozen=True)
class TimeExpr:
    """A TIMEX3-style temporal expression normalized against the publication date."""

    start: int
    end: int
    type: str  # DATE / TIME / DURATION / SET
    value: str  # TIMEX3 value
    mod: str | None = None  # BEFORE (deadline), AFTER, START, END, APPROX, ...
    anchor: str | None = None  # the date it was resolved against, if relative


@dataclass(frozen=True)
class Location:
    name: str
    country: str | None = None


@dataclass(frozen=True)
class Event:
    event_id: str
    start: int  # span of the sentence (or tighter)
    end: int
    type: str  # PLOVER event type
    mode: str | None = None
    cameo: str | None = None
    goldstein: float | None = None
    source: tuple[str, ...] = ()
    target: tuple[str, ...] = ()
    participants: tuple[str, ...] = ()
    date: str | None = None
    date_text: str | None = None
    location: Location | None = None
    contexts: tuple[str, ...] = ()
    confidence: float = 0.5
    evidence: tuple[Sentence, ...] = ()  # further sentences reporting the same happening
    historical: bool = False  # a mention in passing of an earlier happening
    trigger_start: int | None = None  # the words that code the event, when a rule found them
    trigger_end: int | None = None


@dataclass(frozen=True)
class Figure:
    start: int  # sentence span
    end: int
    quantity: str
    value: float
    unit: str
    period: str | None = None
    kind: str = "actual"  # actual / forecast / target
    value_start: int | None = None  # offsets of the number itself
    value_end: int | None = None
    actors: tuple[str, ...] = ()


@dataclass(frozen=True)
class Evidence:
    doc_id: str
    sentence: str


@dataclass(frozen=True)
class Pledge:
    pledge_id: str
    start: int
    end: int
    made: str | None
    actors: tuple[str, ...]
    text: str
    deadline: str | None = None
    status: str = "open"  # kept / missed / open / unknown
    evidence: tuple[Evidence, ...] = ()
    kind: str = "commitment"  # commitment / target / invitation / request


@dataclass(frozen=True)
class DocMeta:
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    published: str | None = None
    published_source: str | None = None  # metadata / text / inferred
    published_evidence: str | None = None
    # where the evidence puts an undated (or year-only) article: "START/END" (ISO 8601
    # interval, ".." for an open end), or None when nothing bounds it
    published_window: str | None = None
    # ISO 639-1: stated by the input, else set by the language stage; None until then
    language: str | None = None
    # per-document notices a reader should see (e.g. a language not extracted)
    notes: tuple[str, ...] = ()
    source: str | None = None  # the file (and record) this came from


@dataclass(frozen=True)
class Document:
    doc_id: str
    text: str
    meta: DocMeta = field(default_factory=DocMeta)
    content_hash: str = ""
    raw: str = ""
    captions: tuple[Caption, ...] = ()
    removed: tuple[Removed, ...] = ()
    sentences: tuple[Sentence, ...] = ()
    mentions: tuple[Mention, ...] = ()
    times: tuple[TimeExpr, ...] = ()
    events: tuple[Event, ...] = ()
    figures: tuple[Figure, ...] = ()
    pledges: tuple[Pledge, ...] = ()
    layers: frozenset[str] = frozenset({"text"})

    def with_layers(self, **layers: Any) -> Document:
        """A copy with the given layers set and recorded as present."""
        return dataclasses.replace(self, layers=self.layers | frozenset(layers), **layers)

    def with_meta(self, **fields: Any) -> Document:
        return dataclasses.replace(self, meta=dataclasses.replace(self.meta, **fields))

    def span_text(self, start: int, end: int) -> str:
        return self.text[start:end]

    def sentence_at(self, offset: int) -> Sentence | None:
        """The sentence containing ``offset`` (binary search over the sentence layer)."""
        lo, hi = 0, len(self.sentences) - 1
        while lo <= hi:
            mid = (lo + hi) // 2
            s = self.sentences[mid]
            if offset < s.start:
                hi = mid - 1
            elif offset >= s.end:
                lo = mid + 1
            else:
                return s
        return None

    def mentions_in(self, start: int, end: int) -> tuple[Mention, ...]:
        return tuple(m for m in self.mentions if m.start >= start and m.end <= end)

    def times_in(self, start: int, end: int) -> tuple[TimeExpr, ...]:
        return tuple(t for t in self.times if t.start >= start and t.end <= end)
