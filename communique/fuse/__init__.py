"""Fusion across documents: merged happenings, timeline, pledge outcomes, cross-dating."""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import gc
from collections.abc import Callable, Iterator, Mapping, Sequence

from communique.fuse.conflicts import Contradiction, figure_contradictions
from communique.fuse.crossdate import cross_date
from communique.fuse.merge import happenings, reports, undated_groups, visits
from communique.fuse.model import DocDating, Fusion, TimelineEntry
from communique.fuse.outcomes import judge
from communique.fuse.timeline import entry, undated_entry
from communique.model import Document
from communique.nlp.dating_window import bound

__all__ = ["Contradiction", "DocDating", "Fusion", "TimelineEntry", "fuse"]


def fuse(
    docs: Sequence[Document],
    names: Callable[[str], str] | None = None,
    duplicates: Mapping[str, str] | None = None,
    contradictions: bool = True,
) -> Fusion:
    """Merge the events of ``docs`` into a timeline, judge pledges, date undated documents.

    ``duplicates`` maps near-duplicate documents to the one they copy: copies add no reports
    of their own, but are listed as sources wherever their original is. Without
    ``contradictions`` the figure contradictions are left out (the Spark engine finds them
    claim key by claim key: :mod:`communique.scale.keyed`).
    """
    with _no_cyclic_gc():
        return _fuse(docs, names, duplicates, contradictions)


@contextlib.contextmanager
def _no_cyclic_gc() -> Iterator[None]:
    """Fusion builds millions of small acyclic objects; the cyclic collector's passes over
    them cost a third of the time at 100k events and nothing is freed by them."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def _fuse(
    docs: Sequence[Document],
    names: Callable[[str], str] | None,
    duplicates: Mapping[str, str] | None,
    contradictions: bool = True,
) -> Fusion:
    name_of = names or (lambda actor_id: actor_id)
    dups = dict(duplicates or {})
    all_docs, docs = docs, [d for d in docs if d.doc_id not in dups]
    dates = {d.doc_id: d.meta.published for d in docs if d.meta.published}
    first = reports(docs, dates)
    dating = cross_date(docs, first)
    if dating:
        dates.update({d.doc_id: d.published for d in dating})
    items = reports(docs, dates) if dating else first
    entries = sorted(
        (entry(v, name_of) for v in visits(happenings(items))),
        key=lambda e: (e.date or "", e.entry_id),
    )
    entries = _history(entries, docs)
    entries += _undated(docs, dates, name_of)
    if dups:
        entries = [_with_copies(e, dups) for e in entries]
    today = max(dates.values(), default="")
    return Fusion(
        tuple(entries),
        tuple(judge(all_docs, today or "")),
        tuple(dating),
        contradictions=figure_contradictions(docs) if contradictions else (),
    )


HISTORY_MARGIN = 30  # days before the first article that still belong to the corpus's own period


def _history(entries: list[TimelineEntry], docs: Sequence[Document]) -> list[TimelineEntry]:
    """Flag ``history`` on entries that end before the corpus's own period (its first article,
    less a month): the past mentioned in passing ("since the 1969 coup"), kept apart from the
    happenings the corpus reports."""
    published = [d.meta.published[:10] for d in docs if d.meta.published]
    if not published:
        return entries
    start = dt.date.fromisoformat(min(published)) - dt.timedelta(days=HISTORY_MARGIN)
    out = []
    for e in entries:
        if e.date and bound(e.date, end=True) < start and "history" not in e.flags:
            e = dataclasses.replace(e, flags=(*e.flags, "history"))
        out.append(e)
    return out


def _undated(docs: Sequence[Document], dates: dict[str, str], names: Callable[[str], str]
             ) -> list[TimelineEntry]:  # fmt: skip
    """Entries for what no date reaches, one per document and happening, each with the
    window its document lies in; by document, then id."""
    windows = {d.doc_id: d.meta.published_window for d in docs}
    loose = undated_groups(reports(docs, dates, undated=True))
    out = [undated_entry(g, names, windows.get(g[0].doc_id)) for g in loose]
    return sorted(out, key=lambda e: (e.doc_ids, e.entry_id))


def _with_copies(entry: TimelineEntry, dups: Mapping[str, str]) -> TimelineEntry:
    copies = [c for c, original in dups.items() if original in entry.doc_ids]
    if not copies:
        return entry
    return dataclasses.replace(entry, doc_ids=tuple(sorted({*entry.doc_ids, *copies})))
