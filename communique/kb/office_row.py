"""One dated term of office, as the knowledge-base build writes it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class OfficeRow:
    actor_id: str
    name: str
    aliases: str
    country: str
    role: str
    title: str
    start: str
    end: str
    source: str
