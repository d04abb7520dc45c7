"""Results of fusion across documents."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from communique.model import Event, Pledge


@dataclass(frozen=True)
class Report:
    """One event as read from one document, with what fusion needs to compare it."""

    event: Event
    doc_id: str
    sentence: str
    date: str | None
    persons: frozenset[str]
    countries: frozenset[str]
    # (person, seat): the single-holder office the document gives a participant ("VNM:head_of_
    # government"); two sources naming different holders of one seat at one happening disagree
    seats: tuple[tuple[str, str], ...] = ()
    homes: tuple[tuple[str, str], ...] = ()  # (person, country) as the mentions give them

    @property
    def family(self) -> str:
        return family(self.event)

    @property
    def stated(self) -> bool:
        """Does the sentence state the date? If not, it is its article's publication day."""
        return self.event.date_text is not None


def family(ev: Event) -> str:
    """Kinds of happening that can be the same real-world thing told differently."""
    if ev.type == "CONSULT" and ev.mode in ("visit", "host"):
        return "visit"
    if ev.type == "CONSULT" or (ev.type == "SUPPORT" and ev.mode == "sign"):
        return "meeting"
    return ev.type


@dataclass(frozen=True)
class TimelineEntry:
    entry_id: str
    date: str | None  # None for an undated entry
    title: str
    summary: str
    participants: tuple[str, ...]
    event_ids: tuple[str, ...]
    doc_ids: tuple[str, ...]
    location: dict[str, Any] | None = None
    parts: tuple[dict[str, Any], ...] = ()
    flags: tuple[str, ...] = ()
    claims: tuple[dict[str, Any], ...] = ()
    kind: str = "happening"  # happening / visit / undated
    # undated: where the evidence puts the document (ISO 8601 interval, ".." open), or None
    window: str | None = None


@dataclass(frozen=True)
class DocDating:
    doc_id: str
    published: str
    evidence: str


@dataclass(frozen=True)
class Fusion:
    timeline: tuple[TimelineEntry, ...] = ()
    pledges: tuple[Pledge, ...] = ()
    dating: tuple[DocDating, ...] = ()
    contradictions: tuple[Any, ...] = field(default_factory=tuple)  # conflicts.Contradiction
