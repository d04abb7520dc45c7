"""The timeline chart's data, read on demand with the level of detail done in SQL.

The chart (``static/timeline.js``) never holds the whole timeline. For the window it shows it
asks :func:`density`: how many entries of the filtered set fall in each calendar bin of the
window (hours to millennia, the finest step giving at most ``bins`` bins), the entries dated
only to a period much longer than a bin grouped by that period (``spans``: "2011, 42 entries"),
and how many lie before and after the window. It is one statement: a GROUP BY of the bin over
the filtered list. Zoomed in far enough that few entries are in the window, the chart reads
them from ``/timeline.json`` instead and labels them.

Each entry's period is read from its date as the chart reads it (``YYYY``, ``YYYY-MM``,
``YYYY-MM-DD``, ``YYYY-MM-DDTHH``, ``a/b`` for a range; at least an hour long), in epoch
milliseconds; an entry is in the window when its period overlaps it, and it is counted in the
bin holding its period's middle (kept within the window). History entries (flagged
``history``) and undated ones are off the chart and counted apart (:func:`apart` lists them).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from communique.serve import params
from communique.serve.lists import SPECS
from communique.serve.reader import Filters, decode_row, filtered, filters_json
from communique.store.duckdb_store import DuckDBStore
from communique.store.rows import Row

HOUR = 3_600_000
DAY = 24 * HOUR
YEAR = 365.25 * DAY
MAX_BINS = 2000
WIDE = 1.5  # an entry longer than this many bins is a span, not a count in one bin
FAR = 2**52  # ms: past any date, for the window of "everything"


@dataclass(frozen=True)
class Step:
    """A calendar step for bins: ``k`` hours, a day, a week, ``k`` months or ``k`` years."""

    name: str
    unit: str
    k: int
    ms: float  # its length, about

    def key(self, t: str) -> str:
        """SQL: the start (epoch ms) of the bin holding the timestamp expression ``t``."""
        if self.unit == "hour":
            return f"epoch_ms(time_bucket(INTERVAL {self.k} HOUR, {t}))"
        if self.unit in ("day", "week"):
            return f"epoch_ms(date_trunc('{self.unit}', {t}))"
        if self.unit == "month":
            return f"epoch_ms(date_trunc('{'quarter' if self.k == 3 else 'month'}', {t}))"
        return f"epoch_ms(make_date(CAST(floor(year({t}) / {self.k}) * {self.k} AS INTEGER), 1, 1))"

    def end(self, start_ms: str) -> str:
        """SQL: the end of the bin starting at ``start_ms``."""
        length = {"hour": f"{self.k} HOUR", "day": "1 DAY", "week": "7 DAY",
                  "month": f"{self.k} MONTH", "year": f"{self.k} YEAR"}[self.unit]  # fmt: skip
        return f"epoch_ms(make_timestamp({start_ms} * 1000) + INTERVAL {length})"


def _steps() -> tuple[Step, ...]:
    hours = [Step("hour" if k == 1 else f"{k} hours", "hour", k, k * HOUR) for k in (1, 3, 6, 12)]
    days = [Step("day", "day", 1, DAY), Step("week", "week", 7, 7 * DAY)]
    months = [Step("month", "month", 1, YEAR / 12), Step("quarter", "month", 3, YEAR / 4)]
    names = {1: "year", 10: "decade", 100: "century"}
    years = [
        Step(names.get(k, f"{k} years"), "year", k, k * YEAR) for k in (1, 5, 10, 50, 100, 1000)
    ]
    return (*hours, *days, *months, *years)


STEPS = _steps()  # the chart's column steps, finest first (timeline.js has the same list)

_INSTANT = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2})(?::(\d{2}))?)?)?)?$")


def instant(value: str, name: str) -> int:
    """``YYYY[-MM[-DD[THH[:MM]]]]`` (UTC) -> epoch ms of its start; else a 400 naming ``name``."""
    m = _INSTANT.match(value.strip())
    if m is None:
        raise params.BadValue(
            name, f"{params.shown(value)} is not a time: use YYYY-MM-DD[THH[:MM]]"
        )
    y, mo, d, h, mi = (int(g) if g else None for g in m.groups())
    try:
        t = dt.datetime(y or 1, mo or 1, d or 1, h or 0, mi or 0, tzinfo=dt.UTC)
    except ValueError:
        raise params.BadValue(
            name, f"{params.shown(value)} is not a time of the calendar"
        ) from None
    return int(t.timestamp() * 1000)


def iso(ms: int) -> str:
    """Epoch ms as the chart's instant text, to the minute (UTC)."""
    t = dt.datetime(1970, 1, 1, tzinfo=dt.UTC) + dt.timedelta(milliseconds=ms)
    return t.strftime("%Y-%m-%dT%H:%M")


def choose_step(lo: int, hi: int, bins: int) -> Step:
    """The finest step giving at most ``bins`` bins over [lo, hi)."""
    for step in STEPS:
        if (hi - lo) / step.ms <= bins:
            return step
    return STEPS[-1]


# an entry's period in epoch ms, from its date text ``a`` (start) and ``b`` (end: ``a`` but
# for a range "a/b"); what does not read as a date gives NULL (the entry is "unplaced")
_FORMAT = r"^\d{4}(-\d{2}(-\d{2}(T\d{2}(:\d{2}(:\d{2})?)?)?)?)?$"


def _start(x: str) -> str:
    return (f"CASE WHEN NOT regexp_full_match({x}, '{_FORMAT}') THEN NULL "
            f"WHEN length({x}) = 4 THEN try_strptime({x}, '%Y') "
            f"WHEN length({x}) = 7 THEN try_strptime({x}, '%Y-%m') "
            f"WHEN length({x}) = 10 THEN try_strptime({x}, '%Y-%m-%d') "
            f"ELSE try_strptime(left({x}, 13), '%Y-%m-%dT%H') END")  # fmt: skip


def _length(x: str) -> str:
    return (f"CASE length({x}) WHEN 4 THEN INTERVAL 1 YEAR WHEN 7 THEN INTERVAL 1 MONTH "
            f"WHEN 10 THEN INTERVAL 1 DAY ELSE INTERVAL 1 HOUR END")  # fmt: skip


def _sql(inner: str, step: Step) -> str:
    """One statement: the rows of ``inner`` classed and grouped by bin, plus a grand total
    row (``cls`` NULL) carrying the extent. Its parameters after ``inner``'s: lo, hi, the
    span threshold, lo, hi."""
    placed = "cls IN ('bin', 'span', 'before', 'after')"
    return f"""
WITH f AS (SELECT date, flags FROM ({inner}) AS f0),
p AS (SELECT date,
        list_contains(coalesce(from_json(flags, '["VARCHAR"]'), []::VARCHAR[]), 'history') AS hist,
        split_part(date, '/', 1) AS da,
        CASE WHEN contains(date, '/') THEN split_part(date, '/', 2)
             ELSE split_part(date, '/', 1) END AS db
      FROM f),
q AS (SELECT date, hist, epoch_ms({_start("da")}) AS s,
        epoch_ms({_start("db")} + {_length("db")}) AS eb FROM p),
r AS (SELECT date, hist, s, greatest(eb, s + {HOUR}) AS e FROM q),
c AS (SELECT s, e, (s + e) / 2 AS m,
        CASE WHEN date IS NULL THEN 'undated' WHEN hist THEN 'history'
             WHEN s IS NULL OR e IS NULL THEN 'unplaced'
             WHEN e <= ? THEN 'before' WHEN s >= ? THEN 'after'
             WHEN e - s > ? THEN 'span' ELSE 'bin' END AS cls
      FROM r),
k AS (SELECT *,
        CASE WHEN cls IN ('bin', 'span') THEN
          {step.key("make_timestamp(CAST(greatest(least(m, ? - 1), ?) AS BIGINT) * 1000)")}
        END AS bin,
        CASE WHEN cls = 'span' THEN s END AS ss, CASE WHEN cls = 'span' THEN e END AS se
      FROM c)
SELECT cls, bin, {step.end("bin")} AS bin_end, ss, se, count(*) AS n,
    min(s) FILTER (WHERE {placed}) AS first, max(e) FILTER (WHERE {placed}) AS last,
    quantile_disc(m, 0.02) FILTER (WHERE {placed}) AS p02,
    quantile_disc(m, 0.98) FILTER (WHERE {placed}) AS p98,
    min(e - s) FILTER (WHERE {placed}) AS finest
FROM k GROUP BY GROUPING SETS ((cls, bin, ss, se), ())
"""


def _query(store: DuckDBStore, f: Filters, lo: int, hi: int, step: Step) -> list[Row]:
    inner, args = filtered(store, SPECS["timeline"], f)
    return store.query(_sql(inner, step), [*args, lo, hi, WIDE * step.ms, hi, lo])


def _check(f: Filters) -> None:
    if f.kind:
        params.kind(f.kind, "timeline")
    if f.status:
        raise params.BadValue("status", "timeline cannot be filtered by status")


def window(lo: str | None, hi: str | None) -> tuple[int, int] | None:
    """The window ``lo``..``hi`` checked (both or neither; ``lo`` before ``hi``)."""
    if lo is None and hi is None:
        return None
    if lo is None or hi is None:
        raise params.BadValue("lo/hi", "give both ends of the window, or neither")
    a, b = instant(lo, "lo"), instant(hi, "hi")
    if a >= b:
        raise params.BadValue("lo/hi", f"{lo!r} is not before {hi!r}")
    return a, b


def density(
    store: DuckDBStore, f: Filters, win: tuple[int, int] | None, bins: int
) -> dict[str, Any]:
    """Counts per calendar bin over ``win`` (epoch ms, [lo, hi); the filtered set's whole
    extent when None) of the filtered timeline's dated entries; see the module's text."""
    if not 1 <= bins <= MAX_BINS:
        raise params.BadValue("bins", f"between 1 and {MAX_BINS}")
    _check(f)
    if win is None:  # first the extent, then the bins over it
        ext = _summary(_query(store, f, -FAR, FAR, STEPS[-1]))["extent"]
        win = (ext["first"], ext["last"]) if ext["first"] is not None else (0, DAY)
    lo, hi = win
    step = choose_step(lo, hi, bins)
    rows = _query(store, f, lo, hi, step)
    out = _summary(rows)
    binned = sorted(
        (int(r["bin"]), int(r["bin_end"]), int(r["n"])) for r in rows if r["cls"] == "bin"
    )
    spans = sorted((int(r["ss"]), int(r["se"]), int(r["n"]), int(r["bin"]))
                   for r in rows if r["cls"] == "span")  # fmt: skip
    return {
        "window": {"lo": iso(lo), "hi": iso(hi), "lo_ms": lo, "hi_ms": hi},
        "step": {"name": step.name, "unit": step.unit, "k": step.k, "ms": step.ms},
        "bins": [list(b) for b in binned],
        "spans": [list(s) for s in spans],
        **out,
        "filters": filters_json(f),
    }


def _summary(rows: list[Row]) -> dict[str, Any]:
    """Counts by class and the extent, from the grouped rows."""
    by: dict[str, int] = {}
    total: Row = {}
    for r in rows:
        if r["cls"] is None:
            total = r
        else:
            by[r["cls"]] = by.get(r["cls"], 0) + int(r["n"])
    shown = by.get("bin", 0) + by.get("span", 0)
    dated = shown + by.get("before", 0) + by.get("after", 0)

    def ms(v: Any) -> int | None:
        return None if v is None else round(v)

    bulk = [ms(total.get("p02")), ms(total.get("p98"))] if total.get("p02") is not None else None
    return {
        "shown": shown,
        "before": by.get("before", 0),
        "after": by.get("after", 0),
        "counts": {
            "dated": dated,
            "history": by.get("history", 0),
            "undated": by.get("undated", 0),
            "unplaced": by.get("unplaced", 0),
            "total": dated + sum(by.get(k, 0) for k in ("history", "undated", "unplaced")),
        },  # fmt: skip
        "extent": {
            "first": ms(total.get("first")),
            "last": ms(total.get("last")),
            "bulk": bulk,
            "finest": ms(total.get("finest")),  # the shortest period: columns are no finer
        },
    }


# -- the entries off the chart: history and undated, paged ------------------------------------

APART = {
    # which: (the rows' condition over the list's columns, their order)
    "history": ("date IS NOT NULL AND list_contains(coalesce(from_json(flags, '[\"VARCHAR\"]'), "
                "[]::VARCHAR[]), 'history')", "date, entry_id"),
    "undated": ("date IS NULL", "doc_ids, entry_id"),
}  # fmt: skip
MAX_APART = 500


def apart(
    store: DuckDBStore, f: Filters, which: str, offset: int = 0, limit: int = 50
) -> dict[str, Any]:
    """A page of the filtered timeline's ``which`` entries (history or undated), with their
    total: one statement."""
    if which not in APART:
        raise params.BadValue("which", f"{params.shown(which)}: use history or undated")
    if not 1 <= limit <= MAX_APART:
        raise params.BadValue("limit", f"between 1 and {MAX_APART}")
    if offset < 0:
        raise params.BadValue("offset", "0 or more")
    _check(f)
    cond, order = APART[which]
    inner, args = filtered(store, SPECS["timeline"], f)
    rows = store.query(
        f"SELECT *, count(*) OVER () AS total_rows FROM ({inner}) AS a WHERE {cond} "
        f"ORDER BY {order} LIMIT ? OFFSET ?",
        [*args, limit, offset],
    )
    total = int(rows[0]["total_rows"]) if rows else _count(store, inner, args, cond)
    out = [decode_row({k: v for k, v in r.items() if k != "total_rows"}, SPECS["timeline"].json_cols)
           for r in rows]  # fmt: skip
    return {"which": which, "rows": out, "total": total, "offset": offset, "limit": limit,
            "next_offset": offset + limit if offset + limit < total else None,
            "filters": filters_json(f)}  # fmt: skip


def _count(store: DuckDBStore, inner: str, args: list[Any], cond: str) -> int:
    """How many rows a page past the end (or an empty set) would have had."""
    return int(store.scalar(f"SELECT count(*) FROM ({inner}) AS a WHERE {cond}", args))


def compact(rows: list[Row]) -> list[list[Any]]:
    """Dated entries as the chart's compact rows: [date, entry_id, title, n_sources, kind,
    flags, the summary's start]."""
    out = []
    for r in rows:
        title, gist = r.get("title") or "", r.get("summary") or ""
        out.append([r["date"], r["entry_id"], title if len(title) <= 90 else title[:89] + "…",
                    r.get("n_sources") or 0, r.get("kind") or "", r.get("flags") or [],
                    gist if len(gist) <= 140 else gist[:139] + "…"])  # fmt: skip
    return out
