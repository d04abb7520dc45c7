"""Single-item reads for the API and pages: an entry, a document, an actor, a relationship."""

from __future__ import annotations

import dataclasses
import json
from collections import defaultdict
from typing import Any

from communique.errors import NotFound
from communique.serve import params
from communique.serve.lists import SPECS, read_list
from communique.serve.reader import (
    Filters,
    PageRequest,
    count,
    decode_row,
    filtered,
    list_source,
    read_models_fresh,
    sort_order,
)
from communique.store.duckdb_store import DuckDBStore
from communique.store.read_models import COUNTRY_PAIRS
from communique.store.rows import Row


def _one(store: DuckDBStore, name: str, key: str, value: str) -> Row:
    spec = SPECS[name]
    rows = store.query(f"SELECT * FROM {list_source(store, spec)} AS b WHERE {key} = ?", [value])
    if not rows:
        raise NotFound(f"no {name[:-1] if name != 'timeline' else 'timeline entry'} {value!r}")
    return decode_row(rows[0], spec.json_cols)


def events_by_id(store: DuckDBStore, ids: list[str], order: str = 'doc_id, "start"'
                 ) -> list[Row]:  # fmt: skip
    """The events ``ids`` as the events list has them; ``order`` is fixed SQL of the caller."""
    if not ids:
        return []
    spec = SPECS["events"]
    rows = store.query(
        f"SELECT * FROM {list_source(store, spec)} AS b "
        "WHERE list_contains(?::VARCHAR[], event_id) "
        f"ORDER BY {order}",
        [ids],
    )
    return [decode_row(r, spec.json_cols) for r in rows]


def actor_names(store: DuckDBStore, ids: list[str]) -> dict[str, str]:
    if not ids:
        return {}
    rows = store.query(
        "SELECT actor_id, name FROM actors WHERE list_contains(?::VARCHAR[], actor_id)", [ids]
    )
    return {r["actor_id"]: r["name"] for r in rows}


def entry(store: DuckDBStore, entry_id: str) -> dict[str, Any]:
    """A timeline entry with its events and, per source document, the evidence spans."""
    row = _one(store, "timeline", "entry_id", entry_id)
    events = events_by_id(store, row["event_ids"])
    spans: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for ev in events:
        spans[ev["doc_id"]].append({"span": ev["span"], "event_id": ev["event_id"]})
    sources = []
    for doc_id in row["doc_ids"]:
        doc = store.query(
            "SELECT doc_id, title, outlet, url, published, published_source, text "
            "FROM documents WHERE doc_id = ?",
            [doc_id],
        )
        if doc:
            sources.append({**doc[0], "evidence": spans.get(doc_id, [])})
    ids = {a for ev in events for a in ev["participants"]} | set(row["actor_ids"])
    return {"entry": row, "events": events, "sources": sources,
            "names": actor_names(store, sorted(ids))}  # fmt: skip


def document(store: DuckDBStore, doc_id: str) -> dict[str, Any]:
    """A document with its layers: sentences, mentions, times, events, captions, removed."""
    rows = store.query("SELECT * FROM documents WHERE doc_id = ?", [doc_id])
    if not rows:
        raise NotFound(f"no document {doc_id!r}")
    doc = dict(rows[0])
    for col in ("captions", "removed", "notes"):
        doc[col] = json.loads(doc[col]) if doc.get(col) else []
    doc.pop("raw", None)
    mentions = store.query(
        'SELECT "start", "end", actor_id, kind, country, role, method, flags FROM mentions '
        'WHERE doc_id = ? ORDER BY "start"',
        [doc_id],
    )
    times = store.query(
        'SELECT "start", "end", text, type, value FROM times WHERE doc_id = ? ORDER BY "start"',
        [doc_id],
    )
    names = actor_names(store, sorted({m["actor_id"] for m in mentions}))
    for m in mentions:
        m["name"] = names.get(m["actor_id"], m["actor_id"])
        m["flags"] = json.loads(m["flags"]) if m.get("flags") else []
    events = _doc_events(store, doc_id)
    names.update(actor_names(store, sorted({a for e in events for a in e["participants"]})))
    return {"document": doc, "mentions": mentions, "times": times, "events": events,
            "names": names}  # fmt: skip


def _doc_events(store: DuckDBStore, doc_id: str) -> list[Row]:
    spec = SPECS["events"]
    rows = store.query(
        f'SELECT * FROM {list_source(store, spec)} AS b WHERE doc_id = ? ORDER BY "start"',
        [doc_id],
    )
    return [decode_row(r, spec.json_cols) for r in rows]


ACTOR_EVENTS_CAP = 200  # events listed on an actor's page (the counts cover them all)
PARTNERS_CAP = 12
PAIRS_CAP = 50
LATEST_CAP = 10
SERIES_CAP = 5000  # figure points in /figures/series.json


def cap(shown: int, total: int, limit: int) -> dict[str, Any]:
    """How a list inside a response was cut: ``capped`` when it shows fewer than ``total``."""
    return {"shown": shown, "total": total, "cap": limit, "capped": shown < total}


def _actor_events(store: DuckDBStore) -> str:
    events = list_source(store, SPECS["events"])
    return f"SELECT * FROM {events} AS b WHERE list_contains(actor_ids, ?)"


def actor(store: DuckDBStore, actor_id: str) -> dict[str, Any]:
    """An actor's offices, events per year and the actors met most often (over all its
    events), and its latest events (at most :data:`ACTOR_EVENTS_CAP`)."""
    row = _one(store, "actors", "actor_id", actor_id)
    base = _actor_events(store)
    total = int(store.scalar(f"SELECT count(*) FROM ({base}) AS e", [actor_id]))
    per_year = store.query(
        f"SELECT substr(date, 1, 4) AS y, count(*) AS n FROM ({base}) AS e "
        "WHERE date IS NOT NULL GROUP BY y ORDER BY y",
        [actor_id],
    )
    met = store.query(
        f"SELECT p, count(*) AS n FROM (SELECT unnest(list_distinct(actor_ids)) AS p "
        f"FROM ({base}) AS e) AS m WHERE p <> ? GROUP BY p ORDER BY n DESC, p LIMIT ?",
        [actor_id, actor_id, PARTNERS_CAP],
    )
    _, order = sort_order(SPECS["events"], "-date")
    rows = store.query(f"{base} ORDER BY {order} LIMIT ?", [actor_id, ACTOR_EVENTS_CAP])
    events = [decode_row(r, SPECS["events"].json_cols) for r in rows]
    ids = {a for e in events for a in e["participants"]} | {m["p"] for m in met}
    names = actor_names(store, sorted(ids))
    partners = [{"actor_id": m["p"], "name": names.get(m["p"], m["p"]), "events": m["n"]}
                for m in met]  # fmt: skip
    return {
        "names": names,
        "actor": row,
        "events_per_year": {r["y"]: r["n"] for r in per_year},
        "partners": partners,
        "events": events,
        "caps": {"events": cap(len(events), total, ACTOR_EVENTS_CAP)},
    }


def _pairs(store: DuckDBStore) -> str:
    if read_models_fresh(store):
        return "read_country_pairs"
    return f"({COUNTRY_PAIRS.format(events=list_source(store, SPECS['events']))})"


def country_pairs(store: DuckDBStore, limit: int = PAIRS_CAP) -> list[dict[str, Any]]:
    """Pairs of countries taking part in the same events, most events first."""
    rows = store.query(f"SELECT * FROM {_pairs(store)} AS p ORDER BY n DESC, c1, c2 LIMIT ?",
                       [limit])  # fmt: skip
    return [{"a": r["c1"], "b": r["c2"], "events": r["n"]} for r in rows]


def overview(store: DuckDBStore, a: str | None, b: str | None) -> dict[str, Any]:
    """A relationship at a glance: counts, events per year by context, latest, open pledges.
    ``a`` and ``b`` are countries (codes or names); by default the pair with most events."""
    pairs = country_pairs(store)
    n_pairs = int(store.scalar(f"SELECT count(*) FROM {_pairs(store)} AS p"))
    if bool(a) != bool(b):
        raise params.BadValue(
            "a/b", "give two countries (a and b), or neither for the busiest pair"
        )
    if not (a and b):
        if not pairs:
            return {"pair": None, "pairs": [], "counts": {}, "per_year": {}, "latest": [],
                    "open_pledges": [], "caps": {}}  # fmt: skip
        a, b = pairs[0]["a"], pairs[0]["b"]
    pair = (params.country(a), params.country(b))
    f = Filters(countries=pair)
    timeline = read_list(store, "timeline", f, PageRequest(limit=LATEST_CAP))
    open_f = dataclasses.replace(f, status="open")
    pledges = read_list(store, "pledges", open_f, PageRequest(limit=LATEST_CAP, sort="-made"))
    return {
        "pair": list(pair),
        "pairs": pairs,
        "counts": {
            "events": count(store, SPECS["events"], f),
            "timeline": timeline.total,
            "pledges": count(store, SPECS["pledges"], f),
            "open_pledges": pledges.total,
            "figures": count(store, SPECS["figures"], f),
        },
        "per_year": _per_year(store, f),
        "latest": timeline.rows,
        "open_pledges": pledges.rows,
        "caps": {
            "pairs": cap(len(pairs), n_pairs, PAIRS_CAP),
            "latest": cap(len(timeline.rows), timeline.total, LATEST_CAP),
            "open_pledges": cap(len(pledges.rows), pledges.total, LATEST_CAP),
        },
    }


def _per_year(store: DuckDBStore, f: Filters) -> dict[str, dict[str, int]]:
    """Dated events matching ``f`` per year and first context (all of them, counted in SQL)."""
    inner, args = filtered(store, SPECS["events"], f)
    rows = store.query(
        f"SELECT substr(date, 1, 4) AS y, coalesce(contexts_list[1], 'other') AS c, "
        f"count(*) AS n FROM ({inner}) AS e WHERE date IS NOT NULL GROUP BY y, c ORDER BY y, c",
        args,
    )
    out: dict[str, dict[str, int]] = defaultdict(dict)
    for r in rows:
        out[r["y"]][r["c"]] = r["n"]
    return dict(out)


def _figure_rows(store: DuckDBStore, f: Filters, limit: int) -> tuple[list[Row], int]:
    spec = SPECS["figures"]
    inner, args = filtered(store, spec, f)
    _, order = sort_order(spec, "period")
    total = int(store.scalar(f"SELECT count(*) FROM ({inner}) AS c", args))
    rows = store.query(f"{inner} ORDER BY {order} LIMIT ?", [*args, limit])
    return [decode_row(r, spec.json_cols) for r in rows], total


def figure_series(store: DuckDBStore, f: Filters, limit: int = SERIES_CAP) -> list[dict[str, Any]]:
    """Figures grouped by what they measure and unit, each point with its kind and period
    (the first ``limit`` figures by period: :func:`figure_series_json` says when cut)."""
    return _series(_figure_rows(store, f, limit)[0])


def figure_series_json(store: DuckDBStore, f: Filters) -> dict[str, Any]:
    """:func:`figure_series` with how many figures there are and whether the series are cut."""
    rows, total = _figure_rows(store, f, SERIES_CAP)
    return {"series": _series(rows), **cap(len(rows), total, SERIES_CAP)}


def _series(rows: list[Row]) -> list[dict[str, Any]]:
    groups: dict[tuple[str, str], list[Row]] = defaultdict(list)
    for r in rows:
        groups[(r["quantity"], r["unit"])].append(r)
    series = [{"quantity": q, "unit": u, "points": pts} for (q, u), pts in groups.items()]
    series.sort(key=lambda s: (-len(s["points"]), s["quantity"]))
    return series
