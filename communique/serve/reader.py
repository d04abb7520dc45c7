"""Read-only queries behind the JSON API and the web pages: filtered, sorted, paged lists.

The library layer of ``communique serve``: every page and every ``.json`` twin calls these,
and so can any Python user. SQL is fixed text; request values only ever travel as bound
parameters, and sort keys are looked up in a whitelist.
"""

from __future__ import annotations

import base64
import json
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from communique.serve import params
from communique.store import read_models
from communique.store.duckdb_store import DuckDBStore
from communique.store.rows import Row

MAX_LIMIT = 1000
MAX_CURSOR = 40  # characters: a cursor is base64 of "o:" and an offset


@dataclass(frozen=True)
class Filters:
    """What a list may be narrowed by; every field optional."""

    start: str | None = None  # date prefix: YYYY, YYYY-MM or YYYY-MM-DD
    end: str | None = None
    actor: str | None = None  # actor id, or part of a canonical name
    countries: tuple[str, ...] = ()  # ISO3 codes (or names), all of which must take part
    type: str | None = None  # PLOVER event type (any case)
    context: str | None = None
    outlet: str | None = None
    q: str | None = None  # case-insensitive text search
    status: str | None = None  # pledges only
    kind: str | None = None  # figures (actual/forecast/target), actors (person/country/...)


@dataclass(frozen=True)
class PageRequest:
    limit: int = 50
    cursor: str | None = None
    sort: str | None = None  # a key of the list's whitelist, "-" first for descending


@dataclass(frozen=True)
class Page:
    rows: list[Row]
    total: int
    limit: int
    offset: int
    next_cursor: str | None
    sort: str
    filters: dict[str, Any] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        return {
            "rows": self.rows,
            "total": self.total,
            "limit": self.limit,
            "offset": self.offset,
            "next_cursor": self.next_cursor,
            "sort": self.sort,
            "filters": self.filters,
        }


def encode_cursor(offset: int) -> str:
    return base64.urlsafe_b64encode(f"o:{offset}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str | None) -> int:
    """The offset a cursor stands for; anything not made by :func:`encode_cursor` is refused."""
    if not cursor:
        return 0
    bad = params.BadValue(
        "cursor", f"{params.shown(cursor)} is not a cursor: use the next_cursor a page gave"
    )
    if len(cursor) > MAX_CURSOR:
        raise bad
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode("ascii")
    except (ValueError, UnicodeDecodeError):
        raise bad from None
    tag, _, num = raw.partition(":")
    if tag != "o" or not num.isdigit() or not num.isascii() or len(num) > 12:
        raise bad
    return int(num)


@dataclass(frozen=True)
class ListSpec:
    """How one list is read: its base query, searchable column and sort whitelist."""

    name: str
    base: str  # SELECT ... yielding one row per item, with the filterable columns
    sorts: dict[str, str]
    default_sort: str
    json_cols: tuple[str, ...] = ()
    text_cols: tuple[str, ...] = ()
    date_col: str = "date"
    # an interval column ("2011-03-01/2013-12-31", ".." open) standing in for a null date: a
    # row without a date is within a date range when its window overlaps it
    window_col: str | None = None
    tiebreak: str = "1"  # what orders rows the sort key ties (default: the first column)
    has_kind: bool = False  # a ``kind`` column to filter by
    has_status: bool = False  # a ``status`` column to filter by (pledges)


@dataclass
class _Where:
    clauses: list[str] = field(default_factory=list)
    params: list[Any] = field(default_factory=list)

    def add(self, clause: str, *values: Any) -> None:
        self.clauses.append(clause)
        self.params.extend(values)

    def sql(self) -> str:
        return (" WHERE " + " AND ".join(self.clauses)) if self.clauses else ""


def matching_actor_ids(store: DuckDBStore, actor: str) -> list[str]:
    """Actor ids equal to ``actor`` or whose canonical name or aliases contain it."""
    needle = actor.strip().lower()
    rows = store.query(
        "SELECT actor_id FROM actors WHERE actor_id = ? OR contains(lower(name), ?) "
        "OR contains(lower(aliases), ?)",
        [actor.strip(), needle, needle],
    )
    return [r["actor_id"] for r in rows]


def _where(store: DuckDBStore, spec: ListSpec, f: Filters) -> _Where:
    w = _Where()
    _date_range(w, spec, f)
    if f.actor:
        w.add("list_has_any(actor_ids, ?::VARCHAR[])", matching_actor_ids(store, f.actor))
    if f.countries:
        codes = [params.country(c) for c in f.countries]
        w.add("list_has_all(countries, ?::VARCHAR[])", codes)
    if f.type:
        w.add("list_contains(types, ?)", params.event_type(f.type))
    if f.context:
        w.add("list_contains(contexts_list, ?)", params.context(f.context))
    if f.outlet:
        w.add("list_contains(outlets, ?)", f.outlet)
    if f.status:
        if not spec.has_status:
            raise params.BadValue("status", f"{spec.name} cannot be filtered by status")
        w.add("status = ?", params.pledge_status(f.status))
    if f.kind:
        if not spec.has_kind:
            raise params.BadValue("kind", f"{spec.name} cannot be filtered by kind")
        w.add("kind = ?", params.kind(f.kind))
    if f.q and spec.text_cols:
        ors = " OR ".join(f"contains(lower(coalesce({c}, '')), ?)" for c in spec.text_cols)
        w.add(f"({ors})", *([f.q.lower()] * len(spec.text_cols)))
    return w


def _date_range(w: _Where, spec: ListSpec, f: Filters) -> None:
    """Rows dated within [start, end] (at any precision); with a window column, also the rows
    without a date whose window overlaps the range."""
    col, win = spec.date_col, spec.window_col
    params.check_range(f.start, f.end)
    if f.start:
        start = params.check_date(f.start, "from")
        if win is None:
            w.add(f"({col} >= ? OR starts_with(?, {col}))", start, start)
        else:
            hi = f"split_part({win}, '/', 2)"
            w.add(f"({col} >= ? OR starts_with(?, {col}) OR ({col} IS NULL AND "
                  f"({hi} = '..' OR {hi} >= ? OR starts_with(?, {hi}))))",
                  start, start, start, start)  # fmt: skip
    if f.end:
        end = params.check_date(f.end, "to")
        if win is None:
            w.add(f"substr({col}, 1, ?) <= ?", len(end), end)
        else:
            lo = f"split_part({win}, '/', 1)"
            w.add(f"(substr({col}, 1, ?) <= ? OR ({col} IS NULL AND "
                  f"({lo} = '..' OR substr({lo}, 1, ?) <= ?)))", len(end), end, len(end), end)  # fmt: skip


def sort_order(spec: ListSpec, sort: str | None) -> tuple[str, str]:
    """The sort key used (``sort`` or the list's default) and its ORDER BY text."""
    key = sort or spec.default_sort
    desc = key.startswith("-")
    column = spec.sorts.get(key[1:] if desc else key)
    if column is None:
        raise params.BadValue(
            "sort",
            f"cannot sort {spec.name} by {params.shown(key)}; use one of "
            f"{', '.join(sorted(spec.sorts))} ('-' first for descending)",
        )
    direction = "DESC NULLS LAST" if desc else "ASC NULLS LAST"
    return key, f"{column} {direction}, {spec.tiebreak}"


def filtered(store: DuckDBStore, spec: ListSpec, f: Filters) -> tuple[str, list[Any]]:
    """The SELECT of ``spec``'s rows matching ``f`` (unordered) and its bound parameters: over
    the list's precomputed read model while it is fresh, else over its base query."""
    w = _where(store, spec, f)
    return f"SELECT * FROM {list_source(store, spec)} AS base{w.sql()}", w.params


def list_source(store: DuckDBStore, spec: ListSpec) -> str:
    """What to select ``spec``'s rows from: its read model while fresh, else its base query."""
    return f"read_{spec.name}" if read_models_fresh(store) else f"({spec.base})"


_FRESH: dict[tuple[str, int, int], bool] = {}


def read_models_fresh(store: DuckDBStore) -> bool:
    """Whether ``store``'s read models can be used; checked once per state of a file (its
    size and time), every time for an in-memory database."""
    try:
        st = os.stat(store.path)
    except OSError:
        return read_models.fresh(store.con)
    key = (store.path, st.st_size, st.st_mtime_ns)
    if key not in _FRESH:
        if len(_FRESH) > 64:
            _FRESH.clear()
        _FRESH[key] = read_models.fresh(store.con)
    return _FRESH[key]


def count(store: DuckDBStore, spec: ListSpec, f: Filters) -> int:
    """How many of ``spec``'s rows match ``f``."""
    inner, args = filtered(store, spec, f)
    return _count(store, inner, args)


def _count(store: DuckDBStore, inner: str, args: list[Any]) -> int:
    return int(store.scalar(f"SELECT count(*) FROM ({inner}) AS c", args))


def list_rows(store: DuckDBStore, spec: ListSpec, f: Filters, page: PageRequest) -> Page:
    """One page of ``spec``'s rows matching ``f``."""
    if not 1 <= page.limit <= MAX_LIMIT:
        raise params.BadValue("limit", f"between 1 and {MAX_LIMIT}")
    offset = decode_cursor(page.cursor)
    sort, order = sort_order(spec, page.sort)
    inner, args = filtered(store, spec, f)
    total = _count(store, inner, args)
    if offset > total:
        raise params.BadValue("cursor", f"past the end of the list ({total} rows)")
    rows = store.query(f"{inner} ORDER BY {order} LIMIT ? OFFSET ?", [*args, page.limit, offset])
    nxt = offset + page.limit
    return Page(
        rows=[decode_row(r, spec.json_cols) for r in rows],
        total=total,
        limit=page.limit,
        offset=offset,
        next_cursor=encode_cursor(nxt) if nxt < total else None,
        sort=sort,
        filters=filters_json(f),
    )


def filters_json(f: Filters) -> dict[str, Any]:
    """The filters a list was read with, as the response states them (unset ones left out)."""
    return {k: v for k, v in vars(f).items() if v not in (None, ())}


def decode_row(row: Row, json_cols: Sequence[str]) -> Row:
    """JSON text columns parsed, start/end folded into ``span``, helper columns dropped."""
    out = dict(row)
    for c in json_cols:
        if isinstance(out.get(c), str):
            out[c] = json.loads(out[c])
    for c in ("start", "end"):
        if c in out and "span" not in out:
            out["span"] = [out.pop("start"), out.pop("end")]
            break
    return {k: v for k, v in out.items() if k not in _INTERNAL}


_INTERNAL = {"contexts_list", "raw"}
