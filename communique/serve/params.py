"""Request values checked and read the way a person writes them, for the API and the CLI alike.

Every function here either returns a clean value or raises :class:`BadValue` (a
:class:`~communique.errors.RequestError`: a 400 in the API, a usage error in the CLI) with a
message saying what is accepted. Countries may be ISO 3166-1 alpha-3 codes (``VNM``) or names
the knowledge base knows (``Vietnam``, ``Viet Nam``); event types are PLOVER types in any case
(``consult``).
"""

from __future__ import annotations

import datetime as dt
import functools
import re

from rapidfuzz import fuzz, process

from communique.errors import RequestError
from communique.extract.event_lex import CONTEXTS
from communique.kb.base import KnowledgeBase
from communique.kb.fold import fold

PLOVER_TYPES = ("AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT",
                "REQUEST", "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE",
                "COERCE", "ASSAULT")  # fmt: skip
# words people use for a type that are a PLOVER mode (or PLOVER's merged YIELD) instead
TYPE_HINTS = {
    "VISIT": "CONSULT (mode visit)", "MEET": "CONSULT (mode meet)", "HOST": "CONSULT (mode host)",
    "PHONE": "CONSULT (mode phone)", "CALL": "CONSULT (mode phone)", "TALKS": "CONSULT",
    "SIGN": "AGREE or SUPPORT (mode sign)", "YIELD": "CONCEDE or RETREAT",
    "ATTACK": "ASSAULT", "FIGHT": "ASSAULT", "DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE",
}  # fmt: skip
CONTEXT_VALUES = tuple(sorted({*CONTEXTS, "diplomatic"}))
PLEDGE_STATUSES = ("open", "kept", "missed", "unknown")
KINDS = {
    "figures": ("actual", "forecast", "target"),
    "actors": ("person", "country", "organization", "group"),
    "pledges": ("commitment", "target", "invitation", "request"),
    "timeline": ("happening", "visit", "undated"),
    "contradictions": ("figure",),
}
ALL_KINDS = tuple(sorted({k for kinds in KINDS.values() for k in kinds}))
MAX_TEXT = 200  # the longest free-text value (search, actor, outlet) taken
MAX_COUNTRIES = 20

_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


class BadValue(RequestError):
    """A request value not accepted: ``param`` names it, ``detail`` says what is accepted."""

    def __init__(self, param: str, detail: str) -> None:
        super().__init__(f"{param}: {detail}")
        self.param = param
        self.detail = detail


def shown(value: str, limit: int = 60) -> str:
    """A request value quoted for a message, cut short."""
    return repr(value if len(value) <= limit else value[: limit - 1] + "…")


def check_date(value: str, name: str = "date") -> str:
    """``YYYY``, ``YYYY-MM`` (month 01-12) or ``YYYY-MM-DD`` (a day of the calendar)."""
    m = _DATE.match(value.strip())
    if m is None:
        raise BadValue(name, f"{shown(value)} is not a date: use YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = m.groups()
    if month and not 1 <= int(month) <= 12:
        raise BadValue(name, f"{shown(value)} is not a date: months are 01 to 12")
    try:
        dt.date(int(year), int(month or 1), int(day or 1))
    except ValueError:
        raise BadValue(name, f"{shown(value)} is not a day of the calendar") from None
    return value.strip()


def check_range(start: str | None, end: str | None) -> None:
    """``start`` not after ``end`` (compared at the coarser precision: 2014-06 .. 2014 holds)."""
    if start and end:
        n = min(len(start), len(end))
        if start[:n] > end[:n]:
            raise BadValue("from/to", f"{start!r} is after {end!r}")


def event_type(value: str) -> str:
    """A PLOVER type in any case (``consult`` -> ``CONSULT``)."""
    key = value.strip().upper()
    if key in PLOVER_TYPES:
        return key
    hint = f"; for {key.lower()} use {TYPE_HINTS[key]}" if key in TYPE_HINTS else ""
    raise BadValue(
        "type",
        f"{shown(value)} is not a PLOVER event type{hint}; use one of {', '.join(PLOVER_TYPES)}",
    )


def context(value: str) -> str:
    key = value.strip().lower().replace(" ", "_")
    if key not in CONTEXT_VALUES:
        raise BadValue(
            "context", f"{shown(value)} is unknown; use one of {', '.join(CONTEXT_VALUES)}"
        )
    return key


def pledge_status(value: str) -> str:
    key = value.strip().lower()
    if key not in PLEDGE_STATUSES:
        raise BadValue(
            "status", f"{shown(value)} is unknown; use one of {', '.join(PLEDGE_STATUSES)}"
        )
    return key


def kind(value: str, list_name: str | None = None) -> str:
    """A kind of ``list_name``'s rows, or of any list's when no list is named."""
    key = value.strip().lower()
    allowed = ALL_KINDS if list_name is None else KINDS.get(list_name, ())
    if not allowed:
        raise BadValue("kind", f"{list_name} cannot be filtered by kind")
    if key not in allowed:
        what = f"{list_name} kinds" if list_name else "kinds"
        raise BadValue("kind", f"{shown(value)} is unknown; {what}: {', '.join(allowed)}")
    return key


def text(value: str, name: str) -> str:
    if len(value) > MAX_TEXT:
        raise BadValue(name, f"at most {MAX_TEXT} characters")
    return value


@functools.lru_cache(maxsize=1)
def _kb() -> KnowledgeBase:
    return KnowledgeBase.load()


@functools.lru_cache(maxsize=1)
def _codes() -> frozenset[str]:
    """Country codes, and the codes of the organizations whose offices the KB holds."""
    kb = _kb()
    orgs = {o.country for p in kb.persons() for o in p.offices if o.country}
    return frozenset({c.iso3 for c in kb.countries()} | orgs)


def country(value: str) -> str:
    """An ISO3 code (any case) or a name the knowledge base knows -> the ISO3 code."""
    token = value.strip()
    code = re.sub(r"[^A-Za-z]", "", token).upper()  # "vnm", "U.S.A."
    if code in _codes():
        return code
    found = _kb().find_country(token) if len(token) <= MAX_TEXT else None
    iso3 = found.iso3 if found else _squashed().get(_squash(token))
    if iso3 is None:
        near = process.extract(token, _names(), scorer=fuzz.WRatio, limit=3, score_cutoff=80)
        hint = f" (did you mean {' or '.join(n for n, _, _ in near)}?)" if near else ""
        raise BadValue(
            "countries",
            f"{shown(value)} is not a country{hint}: give an ISO 3166-1 alpha-3 code (VNM) "
            "or an English name (Vietnam)",
        )
    return iso3


def _squash(name: str) -> str:
    return re.sub(r"[^a-z]", "", fold(name))


@functools.lru_cache(maxsize=1)
def _squashed() -> dict[str, str]:
    """Country names without spaces or punctuation ("vietnam" for "Viet Nam")."""
    return {_squash(n): c.iso3 for c in _kb().countries() for n in (c.name, *c.names)}


@functools.lru_cache(maxsize=1)
def _names() -> tuple[str, ...]:
    return tuple(sorted(c.name for c in _kb().countries()))


def countries(value: str) -> tuple[str, ...]:
    """Comma-separated countries (codes or names) -> ISO3 codes, in order, without repeats."""
    tokens = [t for t in value.split(",") if t.strip()]
    if len(tokens) > MAX_COUNTRIES:
        raise BadValue("countries", f"at most {MAX_COUNTRIES}")
    return tuple(dict.fromkeys(country(t) for t in tokens))
