"""The dashboard's aggregates over the events of a scope, counted in SQL over every matching
row, nothing sampled or cut: per period, direction and quad class; people; places.

An event is *between* the pair when actors of both sides take part in it (what
``/events?countries=A,B`` lists for two countries). It goes *A→B* when an actor of A is among
its sources and one of B among its targets, *B→A* the other way round, and has *no
direction* between the pair when neither holds (both named, or a third party acting on
both). An event coded both ways counts in both directions.

The chart covers the events of the articles' own period; events outside it (history an
article recalls), events dated too coarsely for the unit and undated events are counted and
listed, never dropped.
"""

from __future__ import annotations

import functools
import json
from collections import defaultdict
from importlib import resources
from typing import Any
from urllib.parse import urlencode

from communique.serve.dashboard_quads import (
    QUAD_COLORS,
    QUAD_LABELS,
    QUAD_ORDER,
    QUADS,
    TYPE_ORDER,
    Frame,
    bucket_sql,
    choose_frame,
    quad_sql,
)
from communique.serve.dashboard_sides import Scope, country_names, knowledge_base
from communique.store.duckdb_store import DuckDBStore
from communique.store.rows import Row

TOP_PEOPLE = 10
UNNAMED = "-"  # a drill-down's place or place_country for events naming none
IDS = "'[\"VARCHAR\"]'"


def scope_sql(scope: Scope) -> tuple[str, list[Any]]:
    """A CTE ``se`` of the scope's events with direction flags, quad and place; params $1 (A's
    ids) and $2 (B's ids) are bound by the caller; the date range is bound here."""
    cond = ["list_has_any(parts, $1::VARCHAR[])"]
    if scope.b is not None:
        cond.append("list_has_any(parts, $2::VARCHAR[])")
    dates, params = scope.dates_sql("date")
    cond += dates
    sql = f"""se AS (
        SELECT event_id, doc_id, date, type, goldstein, coalesce(historical, false) AS historical,
            {quad_sql()} AS quad,
            json_extract_string(location, '$.country') AS place_country,
            json_extract_string(location, '$.name') AS place,
            parts,
            list_has_any(src, $1::VARCHAR[]) AND list_has_any(tgt, $2::VARCHAR[]) AS ab,
            list_has_any(src, $2::VARCHAR[]) AND list_has_any(tgt, $1::VARCHAR[]) AS ba
        FROM {scope.events} e
        WHERE {" AND ".join(cond)})"""
    return sql, params


def frame_of(store: DuckDBStore, scope: Scope, unit: str | None, allow_year: bool = False) -> Frame:
    cte, extra = scope_sql(scope)
    row = store.query(
        f"""WITH {cte} SELECT
            min(date) FILTER (WHERE length(date) = 10) AS first_day,
            max(date) FILTER (WHERE length(date) = 10) AS last_day,
            min(date) FILTER (WHERE length(date) >= 7) AS first,
            max(date) FILTER (WHERE length(date) >= 7) AS last
            FROM se WHERE NOT historical AND try_cast(substr(date, 1, 4) AS INT) IS NOT NULL""",
        [*scope.params(), *extra],
    )[0]
    return choose_frame(row["first_day"], row["last_day"], row["first"], row["last"], unit,
                        allow_year)  # fmt: skip


def placed_sql(scope: Scope, frame: Frame) -> tuple[str, list[Any]]:
    """``se`` plus ``pe``: each event's period and where it is placed: on the chart, earlier
    or later than it, dated too coarsely for the unit, or undated."""
    cte, extra = scope_sql(scope)
    n = len(extra) + 3
    sql = f"""{cte}, pe0 AS (SELECT *, {bucket_sql(frame.unit)} AS period FROM se),
        pe AS (SELECT *, CASE WHEN date IS NULL THEN 'undated'
                              WHEN period IS NULL THEN 'coarse'
                              WHEN ${n}::VARCHAR IS NULL THEN 'earlier'
                              WHEN period < ${n} THEN 'earlier'
                              WHEN period > ${n + 1} THEN 'later'
                              ELSE 'chart' END AS placed FROM pe0)"""
    return sql, [*scope.params(), *extra, frame.lo, frame.hi]


DIRECTIONS = ("ab", "ba", "none")
PLACED = ("chart", "earlier", "later", "coarse", "undated")


def dir_sql(d: str) -> str:
    return {"ab": "ab", "ba": "ba", "none": "NOT ab AND NOT ba", "all": "true"}[d]


def direction_labels(scope: Scope) -> dict[str, str]:
    if scope.b is None:
        return {"all": f"events {scope.a.name} takes part in"}
    a, b = scope.a.name, scope.b.name
    return {"ab": f"{a} → {b}", "ba": f"{b} → {a}",
            "none": "both take part, neither directed at the other"}  # fmt: skip


def direction_keys(scope: Scope) -> tuple[str, ...]:
    return DIRECTIONS if scope.b is not None else ("all",)


def drill_link(scope: Scope, unit: str | None, **what: str | None) -> str:
    """The drill-down page listing exactly the events behind one mark (``unit`` when the
    mark is a period: the drill-down buckets dates as the chart did)."""
    q = {**scope.query(), "unit": unit, **{k: v for k, v in what.items() if v}}
    q = {k: v for k, v in q.items() if v}
    return "/pair/events?" + urlencode(q)


def events_list_link(scope: Scope, start: str | None = None, end: str | None = None) -> str:
    """The closest view of the events list (``/events``) to the scope: it has no direction,
    and holds one actor at most."""
    q: dict[str, str] = {}
    countries = [s.key for s in (scope.a, scope.b) if s is not None and s.kind == "country"]
    actors = [s.key for s in (scope.a, scope.b) if s is not None and s.kind == "actor"]
    if countries:
        q["countries"] = ",".join(countries)
    if actors:
        q["actor"] = actors[0]
    if start or scope.start:
        q["from"] = start or scope.start or ""
    if end or scope.end:
        q["to"] = end or scope.end or ""
    return "/events?" + urlencode(q)


def activity(store: DuckDBStore, scope: Scope, unit: str | None = None,
             allow_year: bool = False) -> dict[str, Any]:  # fmt: skip
    """Per period and direction: events per quad class and per type, mean Goldstein score;
    with the totals and the events the chart cannot place."""
    frame = frame_of(store, scope, unit, allow_year)
    placed, params = placed_sql(scope, frame)
    groups = store.query(
        f"""WITH {placed} SELECT placed, period, ab, ba, type, quad, count(*) AS n,
            sum(goldstein) AS g, count(goldstein) AS gn FROM pe GROUP BY ALL""",
        params,
    )
    totals = _totals(groups)
    rows = [r for r in groups if r["placed"] == "chart"]
    periods = frame.periods()
    labels = direction_labels(scope)
    out = [_direction(rows, d, labels[d], periods, int(totals["events" if d == "all" else d]))
           for d in direction_keys(scope)]  # fmt: skip
    return {
        "unit": frame.unit,
        "periods": periods,
        "directions": out,
        "totals": {k: int(v) for k, v in totals.items()},
        "quads": [
            {
                "key": q,
                "label": QUAD_LABELS[q],
                "color": QUAD_COLORS[q],
                "types": [t for t, x in QUADS.items() if x == q],
            }
            for q in QUAD_ORDER
        ],  # fmt: skip
        "drill": drill_link(scope, frame.unit),
    }


def _totals(groups: list[Row]) -> dict[str, int]:
    """Events in all, per direction (``both``: coded both ways) and per placing."""
    totals = dict.fromkeys(("events", "ab", "ba", "none", "both", *PLACED), 0)
    for r in groups:
        totals["events"] += r["n"]
        totals[r["placed"]] += r["n"]
        for key, hit in (("ab", r["ab"]), ("ba", r["ba"]), ("none", not (r["ab"] or r["ba"])),
                         ("both", r["ab"] and r["ba"])):  # fmt: skip
            totals[key] += r["n"] if hit else 0
    return totals


def _direction(rows: list[Row], d: str, label: str, periods: list[str],
               events: int) -> dict[str, Any]:  # fmt: skip
    """One direction's series over ``periods`` from the charted groups ``rows``."""
    index = {p: i for i, p in enumerate(periods)}
    quads = {q: [0] * len(periods) for q in QUAD_ORDER}
    types: dict[str, list[int]] = {}
    gsum, gn = [0.0] * len(periods), [0] * len(periods)
    for r in rows:
        if not _in_dir(r, d):
            continue
        i = index[r["period"]]
        quads[r["quad"]][i] += r["n"]
        types.setdefault(r["type"] or "?", [0] * len(periods))[i] += r["n"]
        gsum[i] += r["g"] or 0.0
        gn[i] += r["gn"]
    tone = [round(s / n, 2) if n else None for s, n in zip(gsum, gn, strict=True)]
    return {
        "key": d, "label": label, "events": events,
        "charted": sum(sum(v) for v in quads.values()),
        "quads": {q: v for q, v in quads.items() if q != "other" or any(v)},
        "goldstein": tone,
        "goldstein_mean": round(sum(gsum) / sum(gn), 2) if sum(gn) else None,
        "types": {t: types[t] for t in sorted(types, key=_type_rank)},
    }  # fmt: skip


def _in_dir(r: Row, d: str) -> bool:
    return d == "all" or (d == "ab" and r["ab"]) or (d == "ba" and r["ba"]) or (
        d == "none" and not r["ab"] and not r["ba"])  # fmt: skip


def _type_rank(t: str) -> tuple[int, str]:
    return (TYPE_ORDER.index(t), t) if t in TYPE_ORDER else (len(TYPE_ORDER), t)


def people(store: DuckDBStore, scope: Scope, top: int = TOP_PEOPLE) -> dict[str, Any]:
    """The persons taking part in the scope's events, most events first, per side (and the
    third parties), each with the number of events and how many persons there are in all."""
    cte, extra = scope_sql(scope)
    rows = store.query(
        f"""WITH {cte}, pp AS (SELECT DISTINCT event_id, unnest(parts) AS actor_id FROM se)
            SELECT a.actor_id, a.name, a.country, list_contains($1::VARCHAR[], a.actor_id) AS on_a,
                list_contains($2::VARCHAR[], a.actor_id) AS on_b, count(*) AS events
            FROM pp JOIN actors a USING (actor_id) WHERE a.kind = 'person'
            GROUP BY ALL ORDER BY events DESC, a.name""",
        [*scope.params(), *extra],
    )
    groups: dict[str, list[Row]] = {"a": [], "b": [], "others": []}
    for r in rows:
        groups["a" if r["on_a"] else "b" if r["on_b"] else "others"].append(r)
    out = {}
    for g, items in groups.items():
        if g == "b" and scope.b is None:
            continue
        out[g] = {
            "total": len(items),
            "rows": [{"actor_id": r["actor_id"], "name": r["name"], "country": r["country"],
                      "events": r["events"],
                      "href": drill_link(scope, None, person=r["actor_id"])}
                     for r in items[:top]],
        }  # fmt: skip
    return out


@functools.lru_cache(maxsize=1)
def atlas_ids() -> dict[str, str]:
    """ISO3 code -> the id of the country's shape in the vendored world-atlas (ISO 3166-1
    numeric), matched by the shape's name through the knowledge base."""
    path = resources.files("communique.serve").joinpath(
        "static", "vendor", "world-atlas", "countries-110m.json"
    )
    topo = json.loads(path.read_text())
    kb = knowledge_base()
    out: dict[str, str] = {}
    for g in topo["objects"]["countries"]["geometries"]:
        name, gid = g.get("properties", {}).get("name", ""), g.get("id")
        if not gid:
            continue
        code = ATLAS_NAMES.get(name)
        if code is None and (c := kb.find_country(name)) is not None:
            code = c.iso3
        if code:
            out.setdefault(code, gid)
    return out


# shape names of world-atlas the knowledge base does not know (abbreviated or territories)
ATLAS_NAMES = {
    "United States of America": "USA", "Dem. Rep. Congo": "COD", "Dominican Rep.": "DOM",
    "Central African Rep.": "CAF", "Eq. Guinea": "GNQ", "Solomon Is.": "SLB",
    "Bosnia and Herz.": "BIH", "S. Sudan": "SSD", "W. Sahara": "ESH", "Falkland Is.": "FLK",
    "Fr. S. Antarctic Lands": "ATF", "Antarctica": "ATA", "Greenland": "GRL",
    "New Caledonia": "NCL",
}  # fmt: skip


def places(store: DuckDBStore, scope: Scope) -> dict[str, Any]:
    """Where the scope's events took place: per country (for the map) and per place name."""
    cte, extra = scope_sql(scope)
    params = [*scope.params(), *extra]
    total = store.scalar(f"WITH {cte} SELECT count(*) FROM se", params)
    rows = store.query(
        f"""WITH {cte} SELECT place_country AS country, place AS name, count(*) AS events
            FROM se WHERE place_country IS NOT NULL OR place IS NOT NULL
            GROUP BY ALL ORDER BY events DESC, name""",
        params,
    )
    per_country: dict[str, int] = defaultdict(int)
    for r in rows:
        if r["country"]:
            per_country[r["country"]] += r["events"]
    names = country_names(store, sorted(per_country))
    ids = atlas_ids()
    countries = [{"country": c, "name": names[c], "events": n, "atlas_id": ids.get(c),
                  "href": drill_link(scope, None, place_country=c)}
                 for c, n in sorted(per_country.items(), key=lambda kv: (-kv[1], kv[0]))]  # fmt: skip
    return {
        "events": int(total),
        "events_with_place": sum(r["events"] for r in rows),
        "countries": countries,
        "places": [
            {
                **r,
                "country_name": names.get(r["country"] or "", r["country"]),
                "href": drill_link(
                    scope, None, place=r["name"] or UNNAMED, place_country=r["country"] or UNNAMED
                ),
            }
            for r in rows
        ],  # fmt: skip
        "sides": {s.country: s.name for s in (scope.a, scope.b) if s is not None and s.country},
        "atlas_sides": [
            ids[s.country] for s in (scope.a, scope.b) if s is not None and s.country in ids
        ],  # fmt: skip
    }
