"""Single-item reads for the API and pages: an entry, a document, an actor, a relationship."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from typing import Any

from communique.errors import NotFound, RequestError
from communique.serve.lists import SPECS, read_list
from communique.serve.reader import Filters, PageRequest, decode_row
from communique.store.duckdb_store import DuckDBStore
from communique.store.rows import Row


def _one(store: DuckDBStore, name: str, key: str, value: str) -> Row:
    spec = SPECS[name]
    rows = store.query(f"SELECT * FROM ({spec.base}) AS b WHERE {key} = ?", [value])
    if not rows:
        raise NotFound(f"no {name[:-1] if name != 'timeline' else 'timeline entry'} {value!r}")
    return decode_row(rows[0], spec.json_cols)


def _events_by_id(store: DuckDBStore, ids: list[str]) -> list[Row]:
    if not ids:
        return []
    spec = SPECS["events"]
    rows = store.query(
        f"SELECT * FROM ({spec.base}) AS b WHERE list_contains(?::VARCHAR[], event_id) "
        'ORDER BY doc_id, "start"',
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
    events = _events_by_id(store, row["event_ids"])
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
        f'SELECT * FROM ({spec.base}) AS b WHERE doc_id = ? ORDER BY "start"', [doc_id]
    )
    return [decode_row(r, spec.json_cols) for r in rows]


def actor(store: DuckDBStore, actor_id: str) -> dict[str, Any]:
    """An actor's offices, events per year and the actors met most often."""
    row = _one(store, "actors", "actor_id", actor_id)
    events = read_list(
        store, "events", Filters(actor=actor_id), PageRequest(limit=1000, sort="-date")
    ).rows
    events = [e for e in events if actor_id in e["participants"]]
    per_year = Counter((e["date"] or "")[:4] for e in events if e.get("date"))
    met: Counter[str] = Counter()
    for e in events:
        met.update(p for p in set(e["participants"]) if p != actor_id)
    names = actor_names(store, list(met))
    partners = [
        {"actor_id": a, "name": names.get(a, a), "events": n} for a, n in met.most_common(12)
    ]
    ids = {a for e in events for a in e["participants"]}
    return {
        "names": actor_names(store, sorted(ids)),
        "actor": row,
        "events_per_year": dict(sorted(per_year.items())),
        "partners": partners,
        "events": events[:200],
    }


def country_pairs(store: DuckDBStore) -> list[dict[str, Any]]:
    """Pairs of countries taking part in the same events, most events first."""
    rows = store.query(
        f"""WITH ec AS (SELECT event_id, unnest(countries) AS c FROM ({SPECS["events"].base}) e)
            SELECT x.c AS c1, y.c AS c2, count(*) AS n FROM ec x JOIN ec y
              ON x.event_id = y.event_id AND x.c < y.c
            GROUP BY c1, c2 ORDER BY n DESC, c1, c2 LIMIT 50"""
    )
    return [{"a": r["c1"], "b": r["c2"], "events": r["n"]} for r in rows]


def overview(store: DuckDBStore, a: str | None, b: str | None) -> dict[str, Any]:
    """A relationship at a glance: counts, events per year by context, latest, open pledges."""
    pairs = country_pairs(store)
    if not (a and b):
        if not pairs:
            return {"pair": None, "pairs": [], "counts": {}, "per_year": {}, "latest": [],
                    "open_pledges": []}  # fmt: skip
        a, b = pairs[0]["a"], pairs[0]["b"]
    if not (len(a) == 3 and len(b) == 3 and a.isalpha() and b.isalpha()):
        raise RequestError("countries are ISO 3166-1 alpha-3 codes such as VNM and RUS")
    f = Filters(countries=(a.upper(), b.upper()))
    events = read_list(store, "events", f, PageRequest(limit=1000, sort="date"))
    per_year: dict[str, Counter[str]] = defaultdict(Counter)
    for e in events.rows:
        if e.get("date"):
            per_year[e["date"][:4]][(e["contexts"] or ["other"])[0]] += 1
    timeline = read_list(store, "timeline", f, PageRequest(limit=10))
    pledges = read_list(store, "pledges", f, PageRequest(limit=1000, sort="-made"))
    figures = read_list(store, "figures", f, PageRequest(limit=1))
    return {
        "pair": [a.upper(), b.upper()],
        "pairs": pairs,
        "counts": {
            "events": events.total,
            "timeline": timeline.total,
            "pledges": pledges.total,
            "open_pledges": sum(p["status"] == "open" for p in pledges.rows),
            "figures": figures.total,
        },
        "per_year": {y: dict(c) for y, c in sorted(per_year.items())},
        "latest": timeline.rows,
        "open_pledges": [p for p in pledges.rows if p["status"] == "open"][:10],
    }


def figure_series(store: DuckDBStore, f: Filters) -> list[dict[str, Any]]:
    """Figures grouped by what they measure and unit, each point with its kind and period."""
    rows = read_list(store, "figures", f, PageRequest(limit=1000, sort="period")).rows
    groups: dict[tuple[str, str], list[Row]] = defaultdict(list)
    for r in rows:
        groups[(r["quantity"], r["unit"])].append(r)
    series = [{"quantity": q, "unit": u, "points": pts} for (q, u), pts in groups.items()]
    series.sort(key=lambda s: (-len(s["points"]), s["quantity"]))
    return series
