"""The relationship dashboard (``/pair?a=VNM&b=RUS``) and the activity of one actor: every
number aggregated in SQL over all the matching rows, nothing sampled or cut.

A *side* is a country (an ISO3 code, or a name the knowledge base knows: all actors of that
country stand for it) or one actor (an actor id such as ``p:barack-obama``). An event is
*between* the pair when actors of both sides take part in it (what ``/events?countries=A,B``
lists for two countries). It goes *A→B* when an actor of A is among its sources and one of B
among its targets, *B→A* the other way round, and has *no direction* between the pair when
neither holds (both named, or a third party acting on both). An event coded both ways counts
in both directions.

Time is bucketed per calendar month, or per week (starting Monday) when the dated events
span less than six months (``unit=`` overrides). The chart covers the events of the
articles' own period; events outside it (history an article recalls), events dated too
coarsely for the unit and undated events are counted and listed, never dropped.

PLOVER types fall into four *quad classes* (the PLOVER manual's "Quad category" of each
type):

======================  ===========================================
quad                    PLOVER types
======================  ===========================================
verbal cooperation      AGREE, CONSULT, SUPPORT, CONCEDE
material cooperation    COOPERATE, AID, RETREAT
verbal conflict         REQUEST, ACCUSE, REJECT, THREATEN
material conflict       PROTEST, SANCTION, MOBILIZE, COERCE, ASSAULT
======================  ===========================================
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
from collections import defaultdict
from dataclasses import dataclass
from importlib import resources
from typing import Any
from urllib.parse import urlencode

from communique.errors import NotFound, RequestError
from communique.kb.base import KnowledgeBase
from communique.serve.lists import FIGURES_BASE, SPECS
from communique.serve.reader import Filters, decode_row, filtered
from communique.store.duckdb_store import DuckDBStore
from communique.store.rows import Row

QUADS: dict[str, str] = {
    "AGREE": "verbal_cooperation", "CONSULT": "verbal_cooperation",
    "SUPPORT": "verbal_cooperation", "CONCEDE": "verbal_cooperation",
    "COOPERATE": "material_cooperation", "AID": "material_cooperation",
    "RETREAT": "material_cooperation",
    "REQUEST": "verbal_conflict", "ACCUSE": "verbal_conflict", "REJECT": "verbal_conflict",
    "THREATEN": "verbal_conflict",
    "PROTEST": "material_conflict", "SANCTION": "material_conflict",
    "MOBILIZE": "material_conflict", "COERCE": "material_conflict",
    "ASSAULT": "material_conflict",
}  # fmt: skip
# stacking order (cooperation at the bottom), labels and colours: each colour has at least
# 3:1 contrast on white (WCAG 1.4.11) and the four differ in hue and in lightness
QUAD_ORDER = ("material_cooperation", "verbal_cooperation", "verbal_conflict",
              "material_conflict", "other")  # fmt: skip
QUAD_LABELS = {"material_cooperation": "material cooperation",
               "verbal_cooperation": "verbal cooperation", "verbal_conflict": "verbal conflict",
               "material_conflict": "material conflict", "other": "other type"}  # fmt: skip
QUAD_COLORS = {"material_cooperation": "#1f5fa8", "verbal_cooperation": "#3c8dde",
               "verbal_conflict": "#c26400", "material_conflict": "#a4262c",
               "other": "#6b7785"}  # fmt: skip
TYPE_ORDER = tuple(QUADS)
WEEK_SPAN_DAYS = 183  # dated events spanning less than this are counted per week
YEAR_SPAN_MONTHS = 360  # an actor's activity over more than 30 years is counted per year
SHOWN_ROWS = 100  # pledges and drill-down rows on one page (the total is always stated)
TOP_PEOPLE = 10
UNNAMED = "-"  # a drill-down's place or place_country for events naming none
IDS = "'[\"VARCHAR\"]'"
_ISO3 = re.compile(r"^[A-Za-z]{3,4}$")


# -- sides ---------------------------------------------------------------------------------


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
    out: dict[str, str] = {}
    if codes:
        rows = store.query(
            "SELECT actor_id, name FROM actors WHERE list_contains(?::VARCHAR[], actor_id)",
            [[f"c:{c}" for c in codes]],
        )
        out = {r["actor_id"][2:]: r["name"] for r in rows if r["name"]}
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


# -- time buckets --------------------------------------------------------------------------


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


def _bucket_sql(unit: str) -> str:
    """The period a ``date`` column falls in, or NULL when it is dated too coarsely."""
    if unit == "week":
        return ("CASE WHEN length(date) = 10 THEN strftime(date_trunc('week', "
                "try_cast(date AS DATE)), '%Y-%m-%d') END")  # fmt: skip
    if unit == "month":
        return "CASE WHEN length(date) >= 7 THEN substr(date, 1, 7) END"
    return "CASE WHEN length(date) >= 4 THEN substr(date, 1, 4) END"


def _quad_sql(col: str = "type") -> str:
    whens = " ".join(f"WHEN '{t}' THEN '{q}'" for t, q in QUADS.items())
    return f"CASE {col} {whens} ELSE 'other' END"


def periods_between(lo: str, hi: str, unit: str) -> list[str]:
    """Every period from ``lo`` to ``hi`` inclusive (empty ones too: gaps stay visible)."""
    out: list[str] = []
    if unit == "week":
        day, last = dt.date.fromisoformat(lo), dt.date.fromisoformat(hi)
        while day <= last:
            out.append(day.isoformat())
            day += dt.timedelta(days=7)
    elif unit == "month":
        y, m = int(lo[:4]), int(lo[5:7])
        while f"{y:04d}-{m:02d}" <= hi:
            out.append(f"{y:04d}-{m:02d}")
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    else:
        out = [f"{y:04d}" for y in range(int(lo), int(hi) + 1)]
    return out


def _monday(day: str) -> str:
    d = dt.date.fromisoformat(day)
    return (d - dt.timedelta(days=d.weekday())).isoformat()


def _bucket(date: str, unit: str) -> str:
    return _monday(date[:10]) if unit == "week" else date[:7] if unit == "month" else date[:4]


@dataclass(frozen=True)
class Frame:
    """How one set of events is laid on a time axis."""

    unit: str  # week / month / year
    lo: str | None  # first and last period of the chart (None: nothing to chart)
    hi: str | None

    def periods(self) -> list[str]:
        return periods_between(self.lo, self.hi, self.unit) if self.lo and self.hi else []


def choose_frame(first_day: str | None, last_day: str | None, first: str | None,
                 last: str | None, unit: str | None, allow_year: bool = False) -> Frame:  # fmt: skip
    """The unit and span of the chart from the events' dates (articles' own period only):
    ``first``/``last`` over dates to the month or day, ``first_day``/``last_day`` over days."""
    if unit not in (None, "", "week", "month") and not (allow_year and unit == "year"):
        raise RequestError(f"unit: {unit!r} is unknown; use week or month")
    if not (first and last):
        return Frame(unit or "month", None, None)
    start = dt.date.fromisoformat((first + "-01")[:10])
    end = dt.date.fromisoformat((last + "-01")[:10])
    if not unit:
        months = (end.year - start.year) * 12 + end.month - start.month
        if (end - start).days < WEEK_SPAN_DAYS and first_day:
            unit = "week"
        elif allow_year and months > YEAR_SPAN_MONTHS:
            unit = "year"
        else:
            unit = "month"
    if unit == "week":
        if not (first_day and last_day):
            return Frame("week", None, None)
        return Frame("week", _monday(first_day), _monday(last_day))
    return Frame(unit, _bucket(first, unit), _bucket(last, unit))


# -- the pair's events ---------------------------------------------------------------------


@dataclass(frozen=True)
class Scope:
    """Whose events, over which dates: one side (an actor's page) or two (a pair)."""

    a: Side
    b: Side | None = None
    start: str | None = None
    end: str | None = None

    def params(self) -> list[Any]:
        return [list(self.a.ids), list(self.b.ids if self.b else ())]

    def query(self) -> dict[str, str]:
        q = {"a": self.a.key, "b": self.b.key if self.b else None, "from": self.start,
             "to": self.end}  # fmt: skip
        return {k: v for k, v in q.items() if v}


def _scope_sql(scope: Scope) -> tuple[str, list[Any]]:
    """A CTE ``se`` of the scope's events with direction flags, quad and place; params $1 (A's
    ids) and $2 (B's ids) are bound by the caller; the date range is bound here."""
    cond = ["list_has_any(parts, $1::VARCHAR[])"]
    if scope.b is not None:
        cond.append("list_has_any(parts, $2::VARCHAR[])")
    params: list[Any] = []
    if scope.start:
        n = len(params) + 3
        cond.append(f"(date >= ${n} OR starts_with(${n}, date))")
        params.append(scope.start)
    if scope.end:
        n = len(params) + 3
        cond.append(f"substr(date, 1, length(${n})) <= ${n}")
        params.append(scope.end)
    sql = f"""se AS (
        SELECT event_id, doc_id, date, type, goldstein, coalesce(historical, false) AS historical,
            {_quad_sql()} AS quad,
            json_extract_string(location, '$.country') AS place_country,
            json_extract_string(location, '$.name') AS place,
            parts,
            list_has_any(src, $1::VARCHAR[]) AND list_has_any(tgt, $2::VARCHAR[]) AS ab,
            list_has_any(src, $2::VARCHAR[]) AND list_has_any(tgt, $1::VARCHAR[]) AS ba
        FROM (SELECT *, from_json(source, {IDS}) AS src, from_json(target, {IDS}) AS tgt,
                     from_json(participants, {IDS}) AS parts FROM events) e
        WHERE {" AND ".join(cond)})"""
    return sql, params


def _frame(store: DuckDBStore, scope: Scope, unit: str | None, allow_year: bool = False) -> Frame:
    cte, extra = _scope_sql(scope)
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


def _placed_sql(scope: Scope, frame: Frame) -> tuple[str, list[Any]]:
    """``se`` plus ``pe``: each event's period and where it is placed: on the chart, earlier
    or later than it, dated too coarsely for the unit, or undated."""
    cte, extra = _scope_sql(scope)
    n = len(extra) + 3
    sql = f"""{cte}, pe0 AS (SELECT *, {_bucket_sql(frame.unit)} AS period FROM se),
        pe AS (SELECT *, CASE WHEN date IS NULL THEN 'undated'
                              WHEN period IS NULL THEN 'coarse'
                              WHEN ${n}::VARCHAR IS NULL THEN 'earlier'
                              WHEN period < ${n} THEN 'earlier'
                              WHEN period > ${n + 1} THEN 'later'
                              ELSE 'chart' END AS placed FROM pe0)"""
    return sql, [*scope.params(), *extra, frame.lo, frame.hi]


DIRECTIONS = ("ab", "ba", "none")
PLACED = ("chart", "earlier", "later", "coarse", "undated")


def _dir_sql(d: str) -> str:
    return {"ab": "ab", "ba": "ba", "none": "NOT ab AND NOT ba", "all": "true"}[d]


def _direction_labels(scope: Scope) -> dict[str, str]:
    if scope.b is None:
        return {"all": f"events {scope.a.name} takes part in"}
    a, b = scope.a.name, scope.b.name
    return {"ab": f"{a} → {b}", "ba": f"{b} → {a}",
            "none": "both take part, neither directed at the other"}  # fmt: skip


def _direction_keys(scope: Scope) -> tuple[str, ...]:
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
    frame = _frame(store, scope, unit, allow_year)
    placed, params = _placed_sql(scope, frame)
    dirs = _direction_keys(scope)
    groups = store.query(
        f"""WITH {placed} SELECT placed, period, ab, ba, type, quad, count(*) AS n,
            sum(goldstein) AS g, count(goldstein) AS gn FROM pe GROUP BY ALL""",
        params,
    )
    totals = dict.fromkeys(("events", "ab", "ba", "none", "both", *PLACED), 0)
    for r in groups:
        totals["events"] += r["n"]
        totals[r["placed"]] += r["n"]
        for key, hit in (("ab", r["ab"]), ("ba", r["ba"]), ("none", not (r["ab"] or r["ba"])),
                         ("both", r["ab"] and r["ba"])):  # fmt: skip
            totals[key] += r["n"] if hit else 0
    rows = [r for r in groups if r["placed"] == "chart"]
    periods = frame.periods()
    index = {p: i for i, p in enumerate(periods)}
    labels = _direction_labels(scope)
    out = []
    for d in dirs:
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
        n_dir = int(totals["events"] if d == "all" else totals[d])
        tone = [round(s / n, 2) if n else None for s, n in zip(gsum, gn, strict=True)]
        out.append({
            "key": d, "label": labels[d], "events": n_dir,
            "charted": sum(sum(v) for v in quads.values()),
            "quads": {q: v for q, v in quads.items() if q != "other" or any(v)},
            "goldstein": tone,
            "goldstein_mean": round(sum(gsum) / sum(gn), 2) if sum(gn) else None,
            "types": {t: types[t] for t in sorted(types, key=_type_rank)},
        })  # fmt: skip
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


def _in_dir(r: Row, d: str) -> bool:
    return d == "all" or (d == "ab" and r["ab"]) or (d == "ba" and r["ba"]) or (
        d == "none" and not r["ab"] and not r["ba"])  # fmt: skip


def _type_rank(t: str) -> tuple[int, str]:
    return (TYPE_ORDER.index(t), t) if t in TYPE_ORDER else (len(TYPE_ORDER), t)


def people(store: DuckDBStore, scope: Scope, top: int = TOP_PEOPLE) -> dict[str, Any]:
    """The persons taking part in the scope's events, most events first, per side (and the
    third parties), each with the number of events and how many persons there are in all."""
    cte, extra = _scope_sql(scope)
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
    cte, extra = _scope_sql(scope)
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


# -- pledges, figures, contradictions ------------------------------------------------------


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
    date_cond, params = "", [*scope.params()]
    if scope.start:
        date_cond += " AND (made >= $3 OR starts_with($3, made))"
        params.append(scope.start)
    if scope.end:
        n = len(params) + 1
        date_cond += f" AND substr(made, 1, length(${n})) <= ${n}"
        params.append(scope.end)
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
    counts = store.query(
        f"SELECT side, coalesce(status, 'unknown') AS status, count(*) AS n FROM ({sql}) AS s "
        "GROUP BY ALL ORDER BY side, status",
        params,
    )
    by_status: dict[str, dict[str, int]] = defaultdict(dict)
    for r in counts:
        by_status[r["side"]][r["status"]] = int(r["n"])
    cond, extra = ["true"], []
    if status:
        cond.append(f"coalesce(status, 'unknown') = ${len(params) + 1}")
        extra.append(status)
    if side:
        cond.append(f"side = ${len(params) + len(extra) + 1}")
        extra.append(side)
    n = len(params) + len(extra) + 1
    where = " AND ".join(cond)
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


def pair_pledges(store: DuckDBStore, a: str, b: str, start: str | None, end: str | None,
                 status: str | None, side: str | None, limit: int,
                 offset: int) -> dict[str, Any]:  # fmt: skip
    """The ``/pair/pledges`` page: the pair's pledges, narrowed by status and side, paged."""
    scope = scope_from(store, a, b, start, end)
    assert scope.b is not None
    data = pledges(store, scope, limit, offset, status, side)
    ids = sorted({x for p in data["rows"] for x in p["actors"]})
    names = {} if not ids else {r["actor_id"]: r["name"] for r in store.query(
        "SELECT actor_id, name FROM actors WHERE list_contains(?::VARCHAR[], actor_id)", [ids])}  # fmt: skip
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


def _pair_figures_sql(scope: Scope) -> tuple[str, list[Any]]:
    assert scope.b is not None
    where = f"{_figure_side_sql(scope.a, 1)} AND {_figure_side_sql(scope.b, 2)}"
    return f"SELECT * FROM ({FIGURES_BASE}) AS f WHERE {where}", [scope.a.key, scope.b.key]


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
    source, params = _pair_figures_sql(scope)
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
        source, params = _pair_figures_sql(scope)
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


# -- the pages' data -----------------------------------------------------------------------


def scope_from(store: DuckDBStore, a: str, b: str | None, start: str | None,
               end: str | None) -> Scope:  # fmt: skip
    side_a = resolve_side(store, a)
    side_b = resolve_side(store, b) if b else None
    if side_b is not None and side_a.key == side_b.key:
        raise RequestError("a and b are the same: give two different countries or actors")
    start, end = _check_date(start, "from"), _check_date(end, "to")
    if start and end and start[: min(len(start), len(end))] > end[: min(len(start), len(end))]:
        raise RequestError(f"from {start!r} is after to {end!r}")
    return Scope(side_a, side_b, start, end)


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
            f"SELECT count(*) FROM ({SPECS['timeline'].base}) t "
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
    frame = _frame(store, scope, unit, allow_year=scope.b is None)
    placed, params = _placed_sql(scope, frame)
    cond, desc = ["true"], []
    n = len(params) + 1

    def bind(clause: str, value: Any, text: str) -> None:
        nonlocal n
        cond.append(clause.replace("$?", f"${n}"))
        params.append(value)
        desc.append(text)
        n += 1

    d = what.get("dir")
    if d:
        if d not in (*_direction_keys(scope), "all"):
            raise RequestError(
                f"dir: {d!r} is unknown; use one of {', '.join(_direction_keys(scope))}"
            )
        cond.append(_dir_sql(d))
        desc.append(_direction_labels(scope).get(d, "all"))
    if q := what.get("quad"):
        if q not in QUAD_LABELS:
            raise RequestError(f"quad: {q!r} is unknown; use one of {', '.join(QUAD_ORDER)}")
        bind("quad = $?", q, QUAD_LABELS[q])
    if t := what.get("type"):
        bind("type = $?", t.upper(), t.upper())
    if p := what.get("period"):
        if p in ("earlier", "later", "coarse", "undated"):
            bind("placed = $?", p, {"earlier": "before the chart's period",
                                    "later": "after the chart's period",
                                    "coarse": f"dated too coarsely for a {frame.unit}",
                                    "undated": "undated"}[p])  # fmt: skip
        else:
            bind("period = $? AND placed = 'chart'", p, f"{frame.unit} {p}")
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
    where = " AND ".join(cond)
    total = int(store.scalar(f"WITH {placed} SELECT count(*) FROM pe WHERE {where}", params))
    ids = [r["event_id"] for r in store.query(
        f"WITH {placed} SELECT event_id FROM pe WHERE {where} "
        f"ORDER BY date NULLS LAST, event_id LIMIT ${n} OFFSET ${n + 1}",
        [*params, limit, offset])]  # fmt: skip
    spec = SPECS["events"]
    rows = store.query(
        f"SELECT * FROM ({spec.base}) AS b WHERE list_contains(?::VARCHAR[], event_id) "
        "ORDER BY date NULLS LAST, event_id",
        [ids],
    )
    events = [decode_row(r, spec.json_cols) for r in rows]
    people_ids = sorted({x for e in events for x in e["participants"]})
    names = {} if not people_ids else {r["actor_id"]: r["name"] for r in store.query(
        "SELECT actor_id, name FROM actors WHERE list_contains(?::VARCHAR[], actor_id)",
        [people_ids])}  # fmt: skip
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


def _period_range(period: str | None, unit: str) -> tuple[str | None, str | None]:
    if not period or period in ("earlier", "later", "coarse", "undated"):
        return None, None
    if unit == "week":
        end = dt.date.fromisoformat(period) + dt.timedelta(days=6)
        return period, end.isoformat()
    return period, period


def actor_activity(store: DuckDBStore, actor_id: str) -> dict[str, Any]:
    """An actor's events in all: per period and quad class (months, or years over a long
    span), total, and the actors met most often, counted in SQL over every event."""
    scope = Scope(_actor_side(store, actor_id))
    act = activity(store, scope, allow_year=True)
    cte, extra = _scope_sql(scope)
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


def _actor_side(store: DuckDBStore, actor_id: str) -> Side:
    """The actor itself (a ``c:`` actor as one actor, not as all of its country)."""
    rows = store.query("SELECT actor_id, name, country FROM actors WHERE actor_id = ?", [actor_id])
    if not rows:
        raise NotFound(f"no actor {actor_id!r}")
    r = rows[0]
    return Side(actor_id, "actor", r["name"] or actor_id, r["country"], (actor_id,))


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
    people = [r for r in rows if r["kind"] == "person"][:persons]
    out += [(r["actor_id"], f"{r['name']} ({r['n']} events)") for r in people]
    return out


def overview(store: DuckDBStore, a: str | None, b: str | None) -> dict[str, Any]:
    """The overview page's data: :func:`details.overview` with country names, the pair's
    cooperation and conflict over time, and links to the relationship dashboard."""
    from communique.serve import details

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
    scope = Scope(resolve_side(store, ca), resolve_side(store, cb))
    data["dashboard"] = "/pair?" + urlencode({"a": ca, "b": cb})
    data["activity"] = activity(store, scope)
    return data
