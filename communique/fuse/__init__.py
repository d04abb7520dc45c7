"""Fusion across documents: merged happenings, timeline, pledge outcomes, cross-dating."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from communique.fuse.crossdate import cross_date
from communique.fuse.merge import happenings, reports, visits
from communique.fuse.model import DocDating, Fusion, TimelineEntry
from communique.fuse.outcomes import judge
from communique.fuse.timeline import entry
from communique.model import Document

__all__ = ["DocDating", "Fusion", "TimelineEntry", "fuse"]


def fuse(docs: Sequence[Document], names: Callable[[str], str] | None = None) -> Fusion:
    """Merge the events of ``docs`` into a timeline, judge pledges, date undated documents."""
    name_of = names or (lambda actor_id: actor_id)
    dates = {d.doc_id: d.meta.published for d in docs if d.meta.published}
    first = reports(docs, dates)
    dating = cross_date(docs, first)
    if dating:
        dates.update({d.doc_id: d.published for d in dating})
    items = reports(docs, dates) if dating else first
    entries = sorted(
        (entry(v, name_of) for v in visits(happenings(items))), key=lambda e: (e.date, e.entry_id)
    )
    today = max(dates.values(), default="")
    return Fusion(tuple(entries), tuple(judge(docs, today or "")), tuple(dating))
