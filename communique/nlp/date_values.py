"""Comparing normalized date values ("2016", "2016-05", "2016-05-12"), shared by the stages
that extract events and the one that fuses them."""

from __future__ import annotations

import datetime as dt


def compatible(a: str | None, b: str | None) -> bool:
    """One value contains the other ("2016" and "2016-05-12"); unknown is compatible."""
    return a is None or b is None or a.startswith(b) or b.startswith(a)


def defaulted_near(stated: str | None, default: str | None, days: int = 7) -> bool:
    """Can a date the text states be the date of a report dated only by its publication day
    (a headline, "the leaders signed ...")? Yes when it lies up to ``days`` before it."""
    if not stated or not default or len(stated) < 10 or len(default) < 10:
        return False
    try:
        gap = (dt.date.fromisoformat(default[:10]) - dt.date.fromisoformat(stated[:10])).days
    except ValueError:
        return False
    return 0 <= gap <= days
