"""The dashboard's PLOVER quad classes and its time axis.

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

Time is bucketed per calendar month, or per week (starting Monday) when the dated events
span less than six months (``unit=`` overrides); an actor's activity over more than thirty
years, per year.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from communique.errors import RequestError

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


def bucket_sql(unit: str) -> str:
    """The period a ``date`` column falls in, or NULL when it is dated too coarsely."""
    if unit == "week":
        return ("CASE WHEN length(date) = 10 THEN strftime(date_trunc('week', "
                "try_cast(date AS DATE)), '%Y-%m-%d') END")  # fmt: skip
    if unit == "month":
        return "CASE WHEN length(date) >= 7 THEN substr(date, 1, 7) END"
    return "CASE WHEN length(date) >= 4 THEN substr(date, 1, 4) END"


def quad_sql(col: str = "type") -> str:
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
