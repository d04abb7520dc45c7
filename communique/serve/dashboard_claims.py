"""What the dashboard and the figures page show of the claims in the articles: pledges made
by one side about the other, figures about both sides as series per measure (the figures
page's too), and contradictions between sources about both sides' countries."""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Any
from urllib.parse import urlencode

from communique.errors import RequestError
from communique.serve.dashboard_sides import Scope, Side, scope_from
from communique.serve.dashboard_sql import IDS
from communique.serve.details import actor_names
from communique.serve.lists import SPECS
from communique.serve.reader import Filters, decode_row, filtered, list_source
from communique.store.duckdb_store import DuckDBStore
from communique.store.rows import Row

PLEDGE_SIDES = ("a", "b", "both")
SHOWN_PLEDGES = 25  # on the dashboard; /pair/pledges pages through them all


def pledges(store: DuckDBStore, scope: Scope, limit: int = SHOWN_PLEDGES, offset: int = 0,
            status: str | None = None, side: str | None = None) -> dict[str, Any]:  # fmt: skip
    """Pledges made by one side that name the other (an actor of it mentioned in the
    pledge's sentence) or made by both: counts by side (``a``, ``b``, ``both``) and status over
    all of them, and ``limit`` rows from ``offset``, the latest first (narrowed to ``status``
    and ``side`` when given)."""
    if scope.b is None:
        return {"total": 0, "matching": 0, "by_status": {}, "rows": [], "shown": 0,
                "offset": 0, "limit": limit}  # fmt: skip
    if side is not None and side not in PLEDGE_SIDES:
        raise RequestError(f"side: {side!r} is unknown; use a, b or both")
    if not 1 <= limit <= 1000 or offset < 0:
        raise RequestError("limit must be between 1 and 1000, offset at least 0")
    sql, params = _pledges_sql(scope)
    counts = store.query(
        f"SELECT side, coalesce(status, 'unknown') AS status, count(*) AS n FROM ({sql}) AS s "
        "GROUP BY ALL ORDER BY side, status",
        params,
    )
    by_status: dict[str, dict[str, int]] = defaultdict(dict)
    for r in counts:
        by_status[r["side"]][r["status"]] = int(r["n"])
    where, extra = _narrowed(len(params), status, side)
    n = len(params) + len(extra) + 1
    matching = int(store.scalar(f"SELECT count(*) FROM ({sql}) AS s WHERE {where}",
                                [*params, *extra]))  # fmt: skip
    rows = store.query(
        f"SELECT * FROM ({sql}) AS s WHERE {where} ORDER BY made DESC NULLS LAST, pledge_id "
        f"LIMIT ${n} OFFSET ${n + 1}",
        [*params, *extra, limit, offset],
    )
    decoded = [decode_row(r, ("actors", "evidence")) for r in rows]
    return {"total": sum(r["n"] for r in counts), "matching": matching,
            "by_status": dict(by_status), "rows": decoded, "shown": len(decoded),
            "offset": offset, "limit": limit,
            "link": "/pair/pledges?" + urlencode(scope.query())}  # fmt: skip


def _pledges_sql(scope: Scope) -> tuple[str, list[Any]]:
    """The pledges made by one side naming the other, or by both, with the side that made
    each (``a``, ``b``, ``both``), over the scope's dates; and the params to bind."""
    dates, extra = scope.dates_sql("made")
    date_cond = "".join(f" AND {c}" for c in dates)
    sql = f"""WITH p AS (SELECT *, from_json(actors, {IDS}) AS ids FROM pledges),
        m AS (SELECT p.pledge_id, list(DISTINCT mn.actor_id) AS named FROM p JOIN mentions mn
              ON mn.doc_id = p.doc_id AND mn."start" >= p."start" AND mn."end" <= p."end"
              GROUP BY p.pledge_id),
        x AS (SELECT p.*, coalesce(m.named, []::VARCHAR[]) AS named,
                list_has_any(p.ids, $1::VARCHAR[]) AS by_a, list_has_any(p.ids, $2::VARCHAR[]) AS by_b
              FROM p LEFT JOIN m USING (pledge_id))
        SELECT pledge_id, doc_id, sentence, made, actors, text, deadline, status, evidence, kind,
            CASE WHEN by_a AND by_b THEN 'both' WHEN by_a THEN 'a' ELSE 'b' END AS side FROM x
        WHERE ((by_a AND (by_b OR list_has_any(named, $2::VARCHAR[])))
           OR (by_b AND list_has_any(named, $1::VARCHAR[]))){date_cond}"""
    return sql, [*scope.params(), *extra]


def _narrowed(bound: int, status: str | None, side: str | None) -> tuple[str, list[Any]]:
    """The condition narrowing pledges to ``status`` and ``side`` (params from ``$bound+1``)."""
    cond: list[str] = ["true"]
    extra: list[Any] = []
    if status:
        cond.append(f"coalesce(status, 'unknown') = ${bound + 1}")
        extra.append(status)
    if side:
        cond.append(f"side = ${bound + len(extra) + 1}")
        extra.append(side)
    return " AND ".join(cond), extra


def pair_pledges(store: DuckDBStore, a: str, b: str, start: str | None, end: str | None,
                 status: str | None, side: str | None, limit: int,
                 offset: int) -> dict[str, Any]:  # fmt: skip
    """The ``/pair/pledges`` page: the pair's pledges, narrowed by status and side, paged."""
    scope = scope_from(store, a, b, start, end)
    assert scope.b is not None
    data = pledges(store, scope, limit, offset, status, side)
    names = actor_names(store, sorted({x for p in data["rows"] for x in p["actors"]}))
    return {"pair": {"a": scope.a.as_json(), "b": scope.b.as_json()},
            "filters": {"status": status, "side": side}, **data, "names": names,
            "back": "/pair?" + urlencode(scope.query()) + "#pledges"}  # fmt: skip


def _figure_side_sql(side: Side, n: int) -> str:
    if side.kind == "country":
        return f"list_contains(countries, ${n})"
    return (f"(list_contains(actor_ids, ${n}) OR (len(actor_ids) = 0 AND doc_id IN "
            f"(SELECT doc_id FROM mentions WHERE actor_id = ${n})))")  # fmt: skip


# how finely figure periods are grouped: a period stated more finely is cut to the month (or
# to the day: "2011-02-24TEV" -> "2011-02-24"); coarser ones ("2011", "2011-W08") stay whole
FIGURE_BUCKETS = {"day": (r"^\d{4}-\d{2}-\d{2}", 10), "month": (r"^\d{4}-\d{2}", 7)}


def _figure_bucket(col: str, per: str) -> str:
    if per not in FIGURE_BUCKETS:
        raise RequestError(f"per: {per!r} is unknown; use day or month")
    pattern, n = FIGURE_BUCKETS[per]
    return f"CASE WHEN regexp_matches({col}, '{pattern}') THEN substr({col}, 1, {n}) ELSE {col} END"


def _figure_point_sql(source: str, per: str) -> str:
    """Figures of ``source`` (a SELECT over the figures list) grouped per measure, kind and
    period (the period stated, else the day the article was published, grouped ``per`` day or
    month), with how many, the median and the range."""
    bucket = _figure_bucket("coalesce(period, published)", per)
    return f"""SELECT quantity, unit, kind, {bucket} AS period,
            count_if(period IS NULL) AS n_published, count(*) AS n, median(value) AS median,
            min(value) AS min, max(value) AS max
        FROM ({source}) AS base
        GROUP BY ALL ORDER BY quantity, unit, period NULLS LAST, kind"""


def _pair_figures_sql(store: DuckDBStore, scope: Scope) -> tuple[str, list[Any]]:
    assert scope.b is not None
    where = f"{_figure_side_sql(scope.a, 1)} AND {_figure_side_sql(scope.b, 2)}"
    figures = list_source(store, SPECS["figures"])  # the read model while fresh
    return f"SELECT * FROM {figures} AS f WHERE {where}", [scope.a.key, scope.b.key]


def _series(rows: list[Row], link: Any) -> list[dict[str, Any]]:
    groups: dict[tuple[str, str], list[Row]] = defaultdict(list)
    for r in rows:
        groups[(r["quantity"], r["unit"])].append(r)
    out = []
    for (q, u), pts in groups.items():
        points = [{"period": p["period"], "kind": p["kind"], "n_published": p["n_published"],
                   "n": p["n"], "median": p["median"], "min": p["min"], "max": p["max"],
                   "href": link(q, u, p)} for p in pts]  # fmt: skip
        out.append({"quantity": q, "unit": u, "figures": sum(p["n"] for p in pts),
                    "points": points})  # fmt: skip
    out.sort(key=lambda s: (-s["figures"], s["quantity"] or "", s["unit"] or ""))
    return out


def _point_query(q: str, u: str, p: Row, per: str) -> dict[str, str]:
    return {"quantity": q, "unit": u, "per": per, "kind": p["kind"], "period": p["period"] or ""}


def pair_figures(store: DuckDBStore, scope: Scope, per: str = "month") -> dict[str, Any]:
    """The actual figures about both sides, as series per measure (see :func:`_figure_point_sql`);
    forecasts and targets are counted apart."""
    if scope.b is None:
        return {"total": 0, "actual": 0, "series": []}
    source, params = _pair_figures_sql(store, scope)
    rows = store.query(_figure_point_sql(source, per), params)
    actual = [r for r in rows if r["kind"] == "actual"]
    base = {"a": scope.a.key, "b": scope.b.key}

    def link(q: str, u: str, p: Row) -> str:
        return "/figures/points?" + urlencode({**base, **_point_query(q, u, p, per)})

    return {"per": per, "total": sum(r["n"] for r in rows), "actual": sum(r["n"] for r in actual),
            "series": _series(actual, link),
            "other_kinds": {k: sum(r["n"] for r in rows if r["kind"] == k)
                            for k in sorted({r["kind"] for r in rows if r["kind"] != "actual"})},
            "list": "/figures?" + urlencode({"countries": f"{scope.a.key},{scope.b.key}"})
            if scope.a.kind == scope.b.kind == "country" else None}  # fmt: skip


def figure_series(store: DuckDBStore, f: Filters, per: str = "month") -> dict[str, Any]:
    """The figures page: every figure matching ``f`` (all kinds) as series, aggregated in SQL
    (per month: see :func:`_figure_point_sql`)."""
    source, params = filtered(store, SPECS["figures"], f)
    rows = store.query(_figure_point_sql(source, per), params)
    filt = {k: v for k, v in _filter_query(f).items() if k != "kind"}

    def link(q: str, u: str, p: Row) -> str:
        return "/figures/points?" + urlencode({**filt, **_point_query(q, u, p, per)})

    return {"per": per, "total": sum(r["n"] for r in rows), "series": _series(rows, link)}


def all_rows(store: DuckDBStore, name: str, f: Filters) -> list[Row]:
    """Every row of the list ``name`` matching ``f``, unpaged (for short lists such as the
    contradictions, shown whole)."""
    spec = SPECS[name]
    source, params = filtered(store, spec, f)
    rows = store.query(
        f"SELECT * FROM ({source}) AS r ORDER BY {spec.default_sort.lstrip('-')}, 1", params
    )
    return [decode_row(r, spec.json_cols) for r in rows]


def _filter_query(f: Filters) -> dict[str, str]:
    q = {"from": f.start, "to": f.end, "actor": f.actor, "countries": ",".join(f.countries),
         "q": f.q, "kind": f.kind, "outlet": f.outlet}  # fmt: skip
    return {k: v for k, v in q.items() if v}


def figure_points(store: DuckDBStore, f: Filters, scope: Scope | None, quantity: str,
                  unit: str, period: str, kind: str, per: str = "day") -> dict[str, Any]:  # fmt: skip
    """The figures behind one point of a series (grouped ``per`` day or month as the series
    was), with their sentences."""
    if scope is not None and scope.b is not None:
        source, params = _pair_figures_sql(store, scope)
    else:
        source, params = filtered(store, SPECS["figures"], f)
        source = _numbered(source)
    n = len(params) + 1
    bucket = _figure_bucket("coalesce(period, published)", per)
    when = f"{bucket} IS NOT DISTINCT FROM nullif(${n + 3}, '')"
    # the filters' params are positional ("?"): number them for the added conditions
    sql = f"""SELECT figure_id, doc_id, sentence, quantity, value, unit, period, kind, published,
            outlet, "start", "end" FROM ({source}) AS base
        WHERE quantity = ${n} AND unit = ${n + 1} AND kind = ${n + 2} AND {when}
        ORDER BY value, doc_id, "start" """
    rows = store.query(sql, [*params, quantity, unit, kind, period])
    pair = None
    if scope is not None and scope.b is not None:
        pair = {"a": scope.a.as_json(), "b": scope.b.as_json()}
        back = "/pair?" + urlencode(scope.query()) + "#figures"
    else:
        back = "/figures?" + urlencode(_filter_query(f))
    return {"quantity": quantity, "unit": unit, "kind": kind, "period": period, "per": per,
 "pair": pair, "back": back,
            "rows": [decode_row(r, ()) for r in rows], "total": len(rows)}  # fmt: skip


def _numbered(where: str) -> str:
    """``?`` placeholders as ``$1, $2, ...`` (DuckDB does not mix the two styles)."""
    count = 0

    def sub(_: re.Match[str]) -> str:
        nonlocal count
        count += 1
        return f"${count}"

    return re.sub(r"\?", sub, where)


def contradictions(store: DuckDBStore, scope: Scope) -> dict[str, Any]:
    """Contradictions between sources about both sides' countries, with the claims' sources."""
    codes = [s.country for s in (scope.a, scope.b) if s is not None]
    if scope.b is None or not all(codes):
        return {"rows": [], "sources": {}}
    rows = store.query(
        f"""SELECT contradiction_id, kind, subject, unit, period, countries, claims
            FROM contradictions WHERE list_has_all(from_json(countries, {IDS}), ?::VARCHAR[])
            ORDER BY period NULLS LAST, subject""",
        [codes],
    )
    decoded = [decode_row(r, ("countries", "claims")) for r in rows]
    ids = sorted({str(c["doc_id"]) for r in decoded for c in r["claims"] if c.get("doc_id")})
    sources = {}
    if ids:
        src = store.query(
            "SELECT doc_id, title, outlet, published FROM documents "
            "WHERE list_contains(?::VARCHAR[], doc_id)",
            [ids],
        )
        sources = {r["doc_id"]: r for r in src}
    return {"rows": decoded, "sources": sources}
