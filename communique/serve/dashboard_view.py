"""What the dashboard's templates and script get from :mod:`communique.serve.dashboard`'s
aggregates: period labels, summaries, and the compact payload ``static/dashboard.js`` draws
the charts and their number tables from (so a page over years of events stays small: the
tables are built in the browser, each count a link to its events)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any
from urllib.parse import urlencode

from markupsafe import Markup

from communique.serve.dashboard_quads import QUAD_COLORS, QUADS

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
UNPLACED = {
    "earlier": "before the chart's period (history the articles recall)",
    "later": "after the chart's period",
    "coarse": "dated too coarsely for the chart's unit",
    "undated": "undated",
}
CHARTED_SERIES = 8  # figure series drawn on the dashboard (the rest listed, all counted)
LISTED_SERIES = 30


def period_label(period: str, unit: str) -> str:
    """``2011-03`` -> ``Mar 2011``; a week by its Monday: ``14 Feb 2011``."""
    if unit == "month" and len(period) == 7:
        return f"{MONTHS[int(period[5:7]) - 1]} {period[:4]}"
    if unit == "week" and len(period) == 10:
        d = dt.date.fromisoformat(period)
        return f"{d.day} {MONTHS[d.month - 1]} {d.year}"
    return period


def unit_words(unit: str) -> str:
    return {"week": "per week (starting Monday)", "month": "per month", "year": "per year"}[unit]


def _link(base: str, **what: str) -> str:
    return base + "&" + urlencode(what)


def activity_view(act: dict[str, Any]) -> dict[str, Any]:
    """Summaries and the script's payload for :func:`dashboard.activity`'s data."""
    unit, periods, base = act["unit"], act["periods"], act["drill"]
    labels = [period_label(p, unit) for p in periods]
    keys = {q for d in act["directions"] for q in d["quads"]}
    quads = [q for q in act["quads"] if q["key"] in keys]
    ymax = max(
        (sum(v[i] for v in d["quads"].values()) for d in act["directions"]
         for i in range(len(periods))),
        default=0,
    )  # fmt: skip
    dirs = [{**d, "href": _link(base, dir=d["key"])} for d in act["directions"]]
    totals = act["totals"]
    unplaced = [{"key": k, "n": totals[k], "words": w, "href": _link(base, period=k)}
                for k, w in UNPLACED.items() if totals.get(k)]  # fmt: skip
    payload = {
        "unit": unit, "periods": periods, "labels": labels, "drill": base, "ymax": ymax,
        "quads": [{"key": q["key"], "label": q["label"], "color": q["color"]} for q in quads],
        "type_colors": {t: QUAD_COLORS[q] for t, q in QUADS.items()},
        "directions": [{"key": d["key"], "label": d["label"], "quads": d["quads"],
                        "goldstein": d["goldstein"], "types": d["types"]}
                       for d in act["directions"]],
    }  # fmt: skip
    return {"labels": labels, "quads": quads, "dirs": dirs, "unplaced": unplaced,
            "unit_words": unit_words(unit), "payload": payload}  # fmt: skip


def figures_view(series: list[dict[str, Any]], charted: int | None = None,
                 listed: int | None = None) -> dict[str, Any]:  # fmt: skip
    """Series with points in two or more periods as line charts (the first ``charted``:
    each with its canvas id), the rest in one table (their first ``listed`` rows); with the
    totals, so that whatever a page leaves out is said. The payload holds the charted series'
    points as ``[period, kind, median, min, max, n]`` and a link base per series."""
    multi = [(i, s) for i, s in enumerate(series) if len({p["period"] for p in s["points"]}) > 1]
    once = [s for s in series if len({p["period"] for p in s["points"]}) <= 1]
    drawn = multi if charted is None else multi[:charted]
    payload = []
    for i, s in drawn:
        href = s["points"][0]["href"]
        base = href.split("&kind=")[0] if "&kind=" in href else href
        pts = [[p["period"] or "", p["kind"], p["median"], p["min"], p["max"], p["n"]]
               for p in s["points"]]  # fmt: skip
        payload.append({"id": f"series-{i}", "quantity": s["quantity"], "unit": s["unit"],
                        "base": base, "points": pts})  # fmt: skip
    rows = [(s, p) for s in once for p in s["points"]]
    table_rows = rows if listed is None else rows[:listed]
    return {
        "charted": [(s, f"series-{i}") for i, s in drawn],
        "not_charted": [s for _, s in multi[len(drawn):]],
        "once": table_rows, "once_total": len(rows), "once_series": len(once),
        "payload": payload,
    }  # fmt: skip


def payload_json(payload: Any) -> Markup:
    """JSON for a ``<script type="application/json">``: ``<``, ``>`` and ``&`` escaped so no
    text inside can end the element."""
    text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))
