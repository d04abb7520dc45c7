"""Date arithmetic for the temporal tagger: reading the reference date, shifting it, formatting
TIMEX3 values at a given precision."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

_ISO = re.compile(r"^(\d{4})(?:-(\d\d)(?:-(\d\d))?)?")


@dataclass(frozen=True)
class Ref:
    """A reference date (the DCT or an anchor) and how precise it is (Y, M or D)."""

    day: date
    precision: str = "D"

    @property
    def iso(self) -> str:
        if self.precision == "Y":
            return f"{self.day.year:04d}"
        if self.precision == "M":
            return f"{self.day.year:04d}-{self.day.month:02d}"
        return self.day.isoformat()


def parse_ref(value: str | None) -> Ref | None:
    """``"2024-06-20"`` (or a longer ISO timestamp, or ``"2024-06"``/``"2024"``) -> :class:`Ref`."""
    if not value:
        return None
    m = _ISO.match(value.strip())
    if not m:
        return None
    y = int(m.group(1))
    mo = int(m.group(2)) if m.group(2) else None
    d = int(m.group(3)) if m.group(3) else None
    try:
        if mo is None:
            return Ref(date(y, 7, 1), "Y")
        if d is None:
            return Ref(date(y, mo, 15), "M")
        return Ref(date(y, mo, d), "D")
    except ValueError:
        return None


def add_months(d: date, months: int) -> date:
    total = d.year * 12 + d.month - 1 + months
    y, m = divmod(total, 12)
    last = calendar.monthrange(y, m + 1)[1]
    return date(y, m + 1, min(d.day, last))


def shift(d: date, n: int, unit: str) -> date:
    """``d`` moved by ``n`` units (Y, M, W, D, Q, DE, CE)."""
    if unit == "D":
        return d + timedelta(days=n)
    if unit == "W":
        return d + timedelta(weeks=n)
    if unit == "M":
        return add_months(d, n)
    if unit == "Q":
        return add_months(d, 3 * n)
    if unit == "Y":
        return add_months(d, 12 * n)
    if unit == "DE":
        return add_months(d, 120 * n)
    if unit == "CE":
        return add_months(d, 1200 * n)
    return d


def fmt(d: date, unit: str) -> str:
    """``d`` written at the precision of ``unit``."""
    if unit == "Y":
        return f"{d.year:04d}"
    if unit == "M":
        return f"{d.year:04d}-{d.month:02d}"
    if unit == "Q":
        return f"{d.year:04d}-Q{(d.month - 1) // 3 + 1}"
    if unit == "W":
        y, w, _ = d.isocalendar()
        return f"{y:04d}-W{w:02d}"
    if unit == "WE":
        y, w, _ = d.isocalendar()
        return f"{y:04d}-W{w:02d}-WE"
    if unit == "DE":
        return f"{d.year // 10:03d}"
    if unit == "CE":
        return f"{d.year // 100:02d}"
    return d.isoformat()


def weekday_near(ref: date, weekday: int, direction: int) -> date:
    """The date with ISO ``weekday`` nearest ``ref``: on or before it (direction -1), on or after
    (+1), strictly before (-2) or strictly after (+2)."""
    diff = weekday - ref.isoweekday()
    if direction == -1:
        return ref + timedelta(days=diff if diff <= 0 else diff - 7)
    if direction == -2:
        return ref + timedelta(days=diff if diff < 0 else diff - 7)
    if direction == 2:
        return ref + timedelta(days=diff if diff > 0 else diff + 7)
    return ref + timedelta(days=diff if diff >= 0 else diff + 7)


def year_for(month: int, day: int | None, ref: date, tense: str | None) -> int:
    """The year of a year-less month (and day): the occurrence nearest ``ref`` (news speaks of
    the recent past and near future alike); ``tense`` breaks near-ties only."""
    best: tuple[int, int] | None = None
    for y in (ref.year - 1, ref.year, ref.year + 1):
        dist = abs(
            (y * 12 + month) * 31 + (day or 15) - ((ref.year * 12 + ref.month) * 31 + ref.day)
        )
        if best is None or dist < best[0]:
            best = (dist, y)
    assert best is not None
    return best[1]


def valid_date(y: int, m: int, d: int) -> bool:
    try:
        date(y, m, d)
    except ValueError:
        return False
    return True
