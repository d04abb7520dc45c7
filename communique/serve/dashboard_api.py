"""The request side of the relationship dashboard: query parameters and the dependencies the
``/pair``, ``/pair/events`` and ``/figures/points`` routes (and their ``.json`` twins) share."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, Query

from communique.serve import dashboard, dashboard_claims, dashboard_sides
from communique.serve.app import Filt, Store

PairSide = Annotated[
    str,
    Query(max_length=200, description="a country (ISO3 code or name) or an actor id (p:...)"),
]
OtherSide = Annotated[str | None, Query(max_length=200, description="the other side, if any")]
From = Annotated[str | None, Query(alias="from", description="YYYY[-MM[-DD]]")]
To = Annotated[str | None, Query(alias="to", description="YYYY[-MM[-DD]]")]
Unit = Annotated[str | None, Query(description="week or month (default: week when the dated "
                                               "events span less than six months)")]  # fmt: skip
Text = Annotated[str | None, Query(max_length=200)]


def drill_data(
    store: Store,
    a: PairSide,
    b: OtherSide = None,
    start: From = None,
    end: To = None,
    unit: Annotated[str | None, Query(description="week, month or year")] = None,
    dir: Annotated[str | None, Query(description="ab, ba, none (or all for one side)")] = None,
    quad: Annotated[str | None, Query(description="a quad class, e.g. verbal_conflict")] = None,
    type: Annotated[str | None, Query(description="PLOVER event type")] = None,
    period: Annotated[
        str | None, Query(description="a period of the unit, or earlier, later, coarse, undated")
    ] = None,  # fmt: skip
    place: Text = None,
    place_country: Text = None,
    person: Text = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = dashboard.SHOWN_ROWS,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> dict[str, Any]:
    what = {"dir": dir, "quad": quad, "type": type, "period": period, "place": place,
            "place_country": place_country, "person": person}  # fmt: skip
    return dashboard.drill(store, a, b, start, end, unit, what, limit, offset)


def points_data(
    store: Store,
    f: Filt,
    quantity: Annotated[str, Query(max_length=200)],
    unit: Annotated[str, Query(max_length=200)],
    period: Annotated[str, Query(max_length=60, description="a period, or published:DAY")],
    kind: Annotated[str, Query(max_length=20)] = "actual",
    per: Annotated[str, Query(description="day or month: how the series grouped periods")] = "day",
    a: OtherSide = None,
    b: OtherSide = None,
) -> dict[str, Any]:
    scope = dashboard_sides.scope_from(store, a, b, None, None) if a and b else None
    return dashboard_claims.figure_points(store, f, scope, quantity, unit, period, kind, per)


def pledges_data(
    store: Store,
    a: PairSide,
    b: PairSide,
    start: From = None,
    end: To = None,
    status: Annotated[str | None, Query(description="open, kept, missed, unknown")] = None,
    side: Annotated[str | None, Query(description="a, b or both: who made them")] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = dashboard.SHOWN_ROWS,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> dict[str, Any]:
    return dashboard_claims.pair_pledges(store, a, b, start, end, status, side, limit, offset)


DrillData = Annotated[dict[str, Any], Depends(drill_data)]
PointsData = Annotated[dict[str, Any], Depends(points_data)]
PairPledges = Annotated[dict[str, Any], Depends(pledges_data)]
