"""The relationship dashboard (``/pair?a=VNM&b=RUS``) and the activity of one actor: every
number aggregated in SQL over all the matching rows, nothing sampled or cut.

This module gathers a page's data; the parts live beside it: the sides and the scope
(:mod:`~communique.serve.dashboard_sides`), quad classes and time buckets
(:mod:`~communique.serve.dashboard_quads`), the aggregates over events per direction, period
and quad, people and places (:mod:`~communique.serve.dashboard_sql`), and pledges, figures
and contradictions (:mod:`~communique.serve.dashboard_claims`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlencode

from communique.errors import RequestError
from communique.serve import details
from communique.serve.dashboard_claims import contradictions, pair_figures, pledges
from communique.serve.dashboard_quads import QUAD_LABELS, QUAD_ORDER
from communique.serve.dashboard_sides import (
    Scope,
    actor_side,
    country_names,
    events_from,
    resolve_side,
    scope_from,
)
from communique.serve.dashboard_sql import (
    IDS,
    UNNAMED,
    activity,
    dir_sql,
    direction_keys,
    direction_labels,
    events_list_link,
    frame_of,
    people,
    placed_sql,
    places,
    scope_sql,
)
from communique.serve.details import actor_names
from communique.serve.lists import SPECS
from communique.serve.reader import list_source
from communique.store.duckdb_store import DuckDBStore
from communique.store.rows import Row

SHOWN_ROWS = 100  # pledges and drill-down rows on one page (the total is always stated)
# the events a chart cannot place, as a drill-down describes them
OFF_CHART = {"earlier": "before the chart's period", "later": "after the chart's period",
            "coarse": "dated too coarsely for a {unit}", "undated": "undated"}  # fmt: skip


def pair(store: DuckDBStore, a: str, b: str, start: str | None = None, end: str | None = None,
         unit: str | None = None) -> dict[str, Any]:  # fmt: skip
    """Everything the dashboard shows about the pair ``a``, ``b``."""
    scope = scope_from(store, a, b, start, end)
    assert scope.b is not None
    act = activity(store, scope, unit)
    codes = [s.key for s in (scope.a, scope.b) if s.kind == "country"]
    counts = {}
    if len(codes) == 2:
        counts["timeline"] = int(store.scalar(
            f"SELECT count(*) FROM {list_source(store, SPECS['timeline'])} t "
            "WHERE list_has_all(countries, ?::VARCHAR[])", [codes]))  # fmt: skip
    return {
        "pair": {"a": scope.a.as_json(), "b": scope.b.as_json()},
        "filters": {"from": scope.start, "to": scope.end, "unit": unit},
        **act,
        "people": people(store, scope),
        "places": places(store, scope),
        "pledges": pledges(store, scope),
        "figures": pair_figures(store, scope, "day" if act["unit"] == "week" else "month"),
        "contradictions": contradictions(store, scope),
        "counts": counts,
        "links": {
            "events": events_list_link(scope),
            "timeline": "/timeline?" + urlencode({"countries": ",".join(codes)})
            if len(codes) == 2
            else None,
            "swap": "/pair?" + urlencode({**scope.query(), "a": scope.b.key, "b": scope.a.key}),
        },
    }


def drill(store: DuckDBStore, a: str, b: str | None, start: str | None, end: str | None,
          unit: str | None, what: dict[str, str | None], limit: int = SHOWN_ROWS,
          offset: int = 0) -> dict[str, Any]:  # fmt: skip
    """The events behind one mark of the dashboard (or of an actor's activity chart), exactly
    those it counts, with their sentences: ``limit`` of them from ``offset``, by date."""
    if not 1 <= limit <= 1000 or offset < 0:
        raise RequestError("limit must be between 1 and 1000, offset at least 0")
    scope = scope_from(store, a, b, start, end)
    frame = frame_of(store, scope, unit, allow_year=scope.b is None)
    placed, params = placed_sql(scope, frame)
    cond, desc = _mark_conditions(store, scope, frame.unit, what, params)
    where = " AND ".join(cond)
    n = len(params) + 1
    total = int(store.scalar(f"WITH {placed} SELECT count(*) FROM pe WHERE {where}", params))
    ids = [r["event_id"] for r in store.query(
        f"WITH {placed} SELECT event_id FROM pe WHERE {where} "
        f"ORDER BY date NULLS LAST, event_id LIMIT ${n} OFFSET ${n + 1}",
        [*params, limit, offset])]  # fmt: skip
    events = _events(store, ids)
    names = actor_names(store, sorted({x for e in events for x in e["participants"]}))
    if person := what.get("person"):
        desc[-1] = f"with {names.get(person, person)}"
    sides = {"a": scope.a.as_json(), "b": scope.b.as_json() if scope.b else None}
    back = ("/pair?" if scope.b else f"/actors/{scope.a.key}?") + urlencode(
        {k: v for k, v in scope.query().items() if scope.b or k not in ("a", "b")}
    )
    return {"pair": sides, "unit": frame.unit, "what": {k: v for k, v in what.items() if v},
            "description": desc, "total": total, "shown": len(events), "rows": events,
            "offset": offset, "limit": limit,
            "names": names, "back": back,
            "events_list": events_list_link(scope, *_period_range(what.get("period"), frame.unit))}  # fmt: skip


def _mark_conditions(store: DuckDBStore, scope: Scope, unit: str, what: dict[str, str | None],
                     params: list[Any]) -> tuple[list[str], list[str]]:  # fmt: skip
    """The conditions on ``pe`` picking the events of the mark ``what`` (its values bound as
    further ``params``), and how each reads."""
    cond, desc = ["true"], []

    def bind(clause: str, value: Any, text: str) -> None:
        cond.append(clause.replace("$?", f"${len(params) + 1}"))
        params.append(value)
        desc.append(text)

    if d := what.get("dir"):
        if d not in (*direction_keys(scope), "all"):
            raise RequestError(
                f"dir: {d!r} is unknown; use one of {', '.join(direction_keys(scope))}"
            )
        cond.append(dir_sql(d))
        desc.append(direction_labels(scope).get(d, "all"))
    if q := what.get("quad"):
        if q not in QUAD_LABELS:
            raise RequestError(f"quad: {q!r} is unknown; use one of {', '.join(QUAD_ORDER)}")
        bind("quad = $?", q, QUAD_LABELS[q])
    if t := what.get("type"):
        bind("type = $?", t.upper(), t.upper())
    if p := what.get("period"):
        if p in OFF_CHART:
            bind("placed = $?", p, OFF_CHART[p].format(unit=unit))
        else:
            bind("period = $? AND placed = 'chart'", p, f"{unit} {p}")
    if (pc := what.get("place_country")) == UNNAMED:
        cond.append("place_country IS NULL")
        desc.append("in no country named")
    elif pc:
        bind("place_country = $?", pc, f"in {country_names(store, [pc])[pc]}")
    if (pl := what.get("place")) == UNNAMED:
        cond.append("place IS NULL")
        desc.append("at no place named")
    elif pl:
        bind("place = $?", pl, f"at {pl}")
    if person := what.get("person"):
        bind("list_contains(parts, $?)", person, f"with {person}")
    return cond, desc


def _events(store: DuckDBStore, ids: list[str]) -> list[Row]:
    """The events ``ids`` as the events list has them, by date."""
    return details.events_by_id(store, ids, "date NULLS LAST, event_id")


def _period_range(period: str | None, unit: str) -> tuple[str | None, str | None]:
    if not period or period in OFF_CHART:
        return None, None
    if unit == "week":
        end = dt.date.fromisoformat(period) + dt.timedelta(days=6)
        return period, end.isoformat()
    return period, period


def actor_activity(store: DuckDBStore, actor_id: str) -> dict[str, Any]:
    """An actor's events in all: per period and quad class (months, or years over a long
    span), total, and the actors met most often, counted in SQL over every event."""
    scope = Scope(actor_side(store, actor_id), events=events_from(store))
    act = activity(store, scope, allow_year=True)
    cte, extra = scope_sql(scope)
    partners = store.query(
        f"""WITH {cte}, pp AS (SELECT DISTINCT event_id, unnest(parts) AS actor_id FROM se)
            SELECT pp.actor_id, coalesce(a.name, pp.actor_id) AS name, count(*) AS events
            FROM pp LEFT JOIN actors a USING (actor_id) WHERE pp.actor_id <> $3
            GROUP BY ALL ORDER BY events DESC, name LIMIT 12""",
        [*scope.params(), *extra, actor_id],
    )
    n_partners = int(store.scalar(
        f"""WITH {cte} SELECT count(DISTINCT p) FROM (SELECT unnest(parts) AS p FROM se)
            WHERE p <> $3""", [*scope.params(), *extra, actor_id]))  # fmt: skip
    return {**act, "partners": partners, "partners_total": n_partners}


# -- the overview and the pickers ----------------------------------------------------------


def picker_options(store: DuckDBStore, persons: int = 60) -> list[tuple[str, str]]:
    """What the pair picker offers: every country taking part in events, then the persons
    with the most events; (value, label) with the name in the label."""
    rows = store.query(
        f"""WITH ea AS (SELECT unnest(from_json(participants, {IDS})) AS actor_id FROM events)
            SELECT a.actor_id, a.name, a.kind, a.country, count(*) AS n
            FROM ea JOIN actors a USING (actor_id) GROUP BY ALL ORDER BY n DESC, a.actor_id"""
    )
    codes = sorted({r["country"] for r in rows if r["country"]})
    names = country_names(store, codes)
    out = [(c, f"{names[c]} (country)") for c in sorted(codes, key=lambda c: names[c])]
    top = [r for r in rows if r["kind"] == "person"][:persons]
    out += [(r["actor_id"], f"{r['name']} ({r['n']} events)") for r in top]
    return out


def overview(store: DuckDBStore, a: str | None, b: str | None) -> dict[str, Any]:
    """The overview page's data: :func:`details.overview` with country names, the pair's
    cooperation and conflict over time, and links to the relationship dashboard."""
    data = details.overview(store, a, b)
    codes = sorted({c for p in data["pairs"] for c in (p["a"], p["b"])} | set(data["pair"] or ()))
    names = country_names(store, codes)
    data["names"] = names
    for p in data["pairs"]:
        p["href"] = "/pair?" + urlencode({"a": p["a"], "b": p["b"]})
        p["label"] = f"{names[p['a']]} – {names[p['b']]}"
    if not data["pair"]:
        return data
    ca, cb = data["pair"]
    scope = Scope(resolve_side(store, ca), resolve_side(store, cb), events=events_from(store))
    data["dashboard"] = "/pair?" + urlencode({"a": ca, "b": cb})
    data["activity"] = activity(store, scope)
    return data
