"""Typed rows of the Python API: one frozen dataclass per kind of row, with the export
contract's fields (``shared/docs/contract.md``) in the contract's order and under its names.

A few fields the export also carries follow the contract's (each class lists them in
``EXTRAS``): the figure's id, the event's Goldstein score, the pledge's and the timeline
entry's kind, the undated entry's window. Dates are ISO 8601 text at the precision the
evidence supports ("2024-06-20", "2016-05", "2013"); a ``span`` is a pair of offsets into the
document's ``text`` (end exclusive).

:func:`from_row` turns a row read from the store (or built from an analysed document) into one
of these classes, converting lists to tuples and objects to their dataclasses.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar, TypeVar

from communique.fuse.conflicts import Claim  # one claim type: the fuser's
from communique.model import Evidence, Location, Office

__all__ = [
    "Actor",
    "Claim",
    "Contradiction",
    "Document",
    "Event",
    "Evidence",
    "Figure",
    "Location",
    "Office",
    "Person",
    "Pledge",
    "TimelineEntry",
    "from_row",
]

Span = tuple[int, int]


@dataclass(frozen=True)
class Document:
    doc_id: str
    title: str | None
    outlet: str | None
    url: str | None
    published: str | None
    published_source: str | None  # metadata / text / inferred
    published_evidence: str | None
    language: str | None
    text: str  # the cleaned text every offset points into
    duplicate_of: str | None

    EXTRAS: ClassVar[tuple[str, ...]] = ()


@dataclass(frozen=True)
class Actor:
    actor_id: str
    name: str
    kind: str  # person / country / organization
    country: str | None
    aliases: tuple[str, ...]
    offices: tuple[Office, ...]

    EXTRAS: ClassVar[tuple[str, ...]] = ()


@dataclass(frozen=True)
class Event:
    event_id: str
    doc_id: str
    sentence: str
    span: Span
    date: str | None
    date_text: str | None
    type: str  # PLOVER event type
    mode: str | None
    cameo: str | None
    source: tuple[str, ...]  # actor ids
    target: tuple[str, ...]
    participants: tuple[str, ...]
    location: Location | None
    contexts: tuple[str, ...]
    confidence: float
    goldstein: float | None = None

    EXTRAS: ClassVar[tuple[str, ...]] = ("goldstein",)


@dataclass(frozen=True)
class TimelineEntry:
    entry_id: str
    date: str | None  # None for an undated entry (see ``window``)
    title: str
    summary: str
    participants: tuple[str, ...]  # canonical names
    event_ids: tuple[str, ...]
    doc_ids: tuple[str, ...]
    location: Location | None
    kind: str = "happening"  # happening / visit / undated
    window: str | None = None  # undated: the interval its document lies in

    EXTRAS: ClassVar[tuple[str, ...]] = ("kind", "window")


@dataclass(frozen=True)
class Figure:
    doc_id: str
    sentence: str
    span: Span
    quantity: str
    value: float  # in base units
    unit: str
    period: str | None
    kind: str  # actual / forecast / target
    figure_id: str = ""

    EXTRAS: ClassVar[tuple[str, ...]] = ("figure_id",)


@dataclass(frozen=True)
class Pledge:
    pledge_id: str
    doc_id: str
    sentence: str
    span: Span
    made: str | None
    actors: tuple[str, ...]
    text: str
    deadline: str | None
    status: str  # kept / missed / open / unknown
    evidence: tuple[Evidence, ...]
    kind: str = "commitment"  # commitment / target / invitation / request

    EXTRAS: ClassVar[tuple[str, ...]] = ("kind",)


@dataclass(frozen=True)
class Contradiction:
    """Sources disagreeing about one figure (not in the contract: the export's fields)."""

    contradiction_id: str
    kind: str
    subject: str
    unit: str | None
    period: str | None
    countries: tuple[str, ...]
    claims: tuple[Claim, ...]

    EXTRAS: ClassVar[tuple[str, ...]] = ()


@dataclass(frozen=True)
class Person:
    """A person an analysed article names (:func:`communique.analyze`): every span of a
    mention of them, the office the article's date gives them, if any."""

    actor_id: str
    name: str
    country: str | None
    role: str | None
    spans: tuple[Span, ...]

    EXTRAS: ClassVar[tuple[str, ...]] = ()


R = TypeVar("R")


_HINTS: dict[type, dict[str, Any]] = {}  # resolved once per class


def hints(cls: type) -> dict[str, Any]:
    """The dataclass's fields and their resolved types, in order."""
    if cls not in _HINTS:
        resolved = typing.get_type_hints(cls)
        _HINTS[cls] = {f.name: resolved[f.name] for f in dataclasses.fields(cls)}
    return _HINTS[cls]


def optional_inner(hint: Any) -> Any:
    """``X`` for ``X | None``, else ``hint``."""
    if isinstance(hint, types.UnionType) or typing.get_origin(hint) is typing.Union:
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        return args[0] if len(args) == 1 else Any
    return hint


def from_row(cls: type[R], row: Mapping[str, Any]) -> R:
    """An instance of the dataclass ``cls`` from a mapping holding (at least) its fields."""
    return convert(cls, row)


def convert(hint: Any, value: Any) -> Any:
    """``value`` as the type ``hint`` says: lists as tuples, mappings as dataclasses."""
    hint = optional_inner(hint)
    if value is None:
        return None
    if typing.get_origin(hint) is tuple:
        args = typing.get_args(hint)
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(convert(args[0], v) for v in value)
        return tuple(convert(a, v) for a, v in zip(args, value, strict=True))
    if dataclasses.is_dataclass(hint) and isinstance(hint, type):
        return value if isinstance(value, hint) else _dataclass(hint, value)
    if hint in (int, float, bool):
        return hint(value)
    if hint is str and not isinstance(value, str):
        return str(value)
    return value


def _dataclass(cls: type, value: Mapping[str, Any]) -> Any:
    fields = {f.name: f for f in dataclasses.fields(cls)}
    kwargs = {
        name: convert(hint, value.get(name))
        for name, hint in hints(cls).items()
        if name in value or _required(fields[name])
    }
    return cls(**kwargs)


def _required(f: dataclasses.Field[Any]) -> bool:
    return f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
