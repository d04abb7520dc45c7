"""The two sides of the dashboard and the scope of its events.

A *side* is a country (an ISO3 code, or a name the knowledge base knows: all actors of that
country stand for it) or one actor (an actor id such as ``p:barack-obama``). A *scope* is one
side (an actor's page) or two (a pair), over a range of dates.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
from dataclasses import dataclass
from typing import Any

from communique.errors import NotFound, RequestError
from communique.kb.base import KnowledgeBase
from communique.serve.details import actor_names
from communique.serve.reader import read_models_fresh
from communique.store.duckdb_store import DuckDBStore
from communique.store.read_models import EVENT_SIDES

_ISO3 = re.compile(r"^[A-Za-z]{3,4}$")


@dataclass(frozen=True)
class Side:
    key: str  # what a URL carries: an ISO3 code or an actor id
    kind: str  # "country" or "actor"
    name: str
    country: str | None  # the country's code, or the actor's country
    ids: tuple[str, ...]  # the actor ids standing for this side

    def as_json(self) -> dict[str, Any]:
        href = f"/actors/{self.key}" if self.kind == "actor" else f"/actors/c:{self.key}"
        return {"key": self.key, "kind": self.kind, "name": self.name,
                "country": self.country, "href": href}  # fmt: skip


@functools.lru_cache(maxsize=1)
def knowledge_base() -> KnowledgeBase:
    return KnowledgeBase.load()


def country_names(store: DuckDBStore, codes: list[str]) -> dict[str, str]:
    """Each code's country name: the knowledge base's, else the stored ``c:`` actor's."""
    stored = actor_names(store, [f"c:{c}" for c in codes])
    out = {actor_id[2:]: name for actor_id, name in stored.items() if name}
    kb = knowledge_base()
    for c in codes:
        known = kb.country(c)
        if known is not None:
            out[c] = known.name
        out.setdefault(c, c)
    return out


def _country_side(store: DuckDBStore, code: str) -> Side | None:
    rows = store.query("SELECT actor_id FROM actors WHERE country = ? ORDER BY actor_id", [code])
    if not rows and knowledge_base().country(code) is None:
        return None
    ids = tuple(r["actor_id"] for r in rows)
    return Side(code, "country", country_names(store, [code])[code], code, ids)


def resolve_side(store: DuckDBStore, text: str) -> Side:
    """A side from what a person types: ISO3 code, actor id, country name or actor name."""
    value = text.strip()
    if not value or len(value) > 200:
        raise RequestError("a side is an ISO3 code (VNM), an actor id (p:...) or a name")
    if ":" in value:  # an actor id stands for that actor alone (``c:LBY`` too)
        rows = store.query("SELECT actor_id, name, country FROM actors WHERE actor_id = ?", [value])
        if rows:
            r = rows[0]
            return Side(r["actor_id"], "actor", r["name"] or r["actor_id"], r["country"], (value,))
        if not value.startswith("c:"):
            raise NotFound(f"no actor {value!r}")
        value = value[2:]
    if _ISO3.match(value) and (side := _country_side(store, value.upper())) is not None:
        return side
    found = knowledge_base().find_country(value)
    if found is not None and (side := _country_side(store, found.iso3)) is not None:
        return side
    needle = value.lower()
    rows = store.query(
        "SELECT actor_id, name, country, kind FROM actors WHERE lower(name) = ? "
        "OR contains(lower(aliases), ?) ORDER BY kind = 'person' DESC, actor_id",
        [needle, json.dumps(value)[1:-1].lower()],
    )
    if not rows:
        raise RequestError(
            f"{value!r} is no country or actor here: give an ISO3 code (VNM), an actor id "
            "(p:...) or a name as the actors list shows it"
        )
    r = rows[0]
    if r["actor_id"].startswith("c:"):
        side = _country_side(store, r["actor_id"][2:])
        if side is not None:
            return side
    return Side(r["actor_id"], "actor", r["name"], r["country"], (r["actor_id"],))


def actor_side(store: DuckDBStore, actor_id: str) -> Side:
    """The actor itself (a ``c:`` actor as one actor, not as all of its country)."""
    rows = store.query("SELECT actor_id, name, country FROM actors WHERE actor_id = ?", [actor_id])
    if not rows:
        raise NotFound(f"no actor {actor_id!r}")
    r = rows[0]
    return Side(actor_id, "actor", r["name"] or actor_id, r["country"], (actor_id,))


@dataclass(frozen=True)
class Scope:
    """Whose events, over which dates: one side (an actor's page) or two (a pair)."""

    a: Side
    b: Side | None = None
    start: str | None = None
    end: str | None = None
    events: str = f"({EVENT_SIDES})"  # what the events are read from (see events_from)

    def params(self) -> list[Any]:
        return [list(self.a.ids), list(self.b.ids if self.b else ())]

    def dates_sql(self, col: str) -> tuple[list[str], list[Any]]:
        """Conditions keeping the dates in ``col`` that overlap the scope's range (dates and
        bounds alike may be a year, a month or a day), bound from ``$3`` on (after
        :meth:`params`), and their params."""
        cond: list[str] = []
        params: list[Any] = []
        if self.start:
            cond.append(f"({col} >= $3 OR starts_with($3, {col}))")
            params.append(self.start)
        if self.end:
            n = len(params) + 3
            cond.append(f"substr({col}, 1, length(${n})) <= ${n}")
            params.append(self.end)
        return cond, params

    def query(self) -> dict[str, str]:
        q = {"a": self.a.key, "b": self.b.key if self.b else None, "from": self.start,
             "to": self.end}  # fmt: skip
        return {k: v for k, v in q.items() if v}


def events_from(store: DuckDBStore) -> str:
    """The events with their sides parsed: the read model while fresh, else the query."""
    return "read_event_sides" if read_models_fresh(store) else f"({EVENT_SIDES})"


def scope_from(store: DuckDBStore, a: str, b: str | None, start: str | None,
               end: str | None) -> Scope:  # fmt: skip
    side_a = resolve_side(store, a)
    side_b = resolve_side(store, b) if b else None
    if side_b is not None and side_a.key == side_b.key:
        raise RequestError("a and b are the same: give two different countries or actors")
    start, end = _check_date(start, "from"), _check_date(end, "to")
    if start and end and start[: min(len(start), len(end))] > end[: min(len(start), len(end))]:
        raise RequestError(f"from {start!r} is after to {end!r}")
    return Scope(side_a, side_b, start, end, events_from(store))


def _check_date(value: str | None, name: str) -> str | None:
    if not value:
        return None
    value = value.strip()
    m = re.match(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$", value)
    try:
        if m is None:
            raise ValueError
        dt.date(int(m[1]), int(m[2] or 1), int(m[3] or 1))
    except ValueError:
        raise RequestError(
            f"{name}: {value!r} is not a date: use YYYY, YYYY-MM or YYYY-MM-DD"
        ) from None
    return value
