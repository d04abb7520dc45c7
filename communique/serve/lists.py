"""The lists the API and pages serve: one :class:`ListSpec` each, over the stored tables.

Every base query yields the same filter columns (``actor_ids``, ``countries``, ``types``,
``contexts_list``, ``outlets``) so that one WHERE builder serves all lists.
"""

from __future__ import annotations

from communique.serve.reader import (
    Filters,
    ListSpec,
    Page,
    PageRequest,
    list_rows,
)
from communique.store.duckdb_store import DuckDBStore
from communique.store.read_models import (
    ACTORS_BASE,
    CONTRADICTIONS_BASE,
    DOCUMENTS_BASE,
    EVENTS_BASE,
    FIGURES_BASE,
    PLEDGES_BASE,
    TIMELINE_BASE,
)
from communique.store.rows import Row

SPECS: dict[str, ListSpec] = {
    "events": ListSpec(
        name="events",
        base=EVENTS_BASE,
        sorts={
            "date": "date",
            "type": "type",
            "confidence": "confidence",
            "outlet": "outlet",
            "published": "published",
        },  # fmt: skip
        default_sort="-date",
        json_cols=("source", "target", "participants", "location", "contexts"),
        text_cols=("sentence",),
    ),
    "timeline": ListSpec(
        name="timeline",
        base=TIMELINE_BASE,
        sorts={"date": "date", "sources": "n_sources", "title": "title"},
        default_sort="-date",
        json_cols=(
            "participants",
            "event_ids",
            "doc_ids",
            "location",
            "parts",
            "flags",
            "claims",
        ),  # fmt: skip
        text_cols=("title", "summary"),
        window_col='"window"',
        has_kind=True,
        # undated entries (no date to sort by) by document, as the export has them
        tiebreak="CASE WHEN date IS NULL THEN doc_ids END, 1",
    ),
    "pledges": ListSpec(
        name="pledges",
        base=PLEDGES_BASE,
        sorts={"made": "made", "deadline": "deadline", "status": "status"},
        default_sort="-made",
        json_cols=("actors", "evidence"),
        text_cols=("text", "sentence"),
        date_col="made",
        has_kind=True,
        has_status=True,
    ),
    "figures": ListSpec(
        name="figures",
        base=FIGURES_BASE,
        sorts={
            "period": "period",
            "value": "value",
            "quantity": "quantity",
            "published": "published",
        },  # fmt: skip
        default_sort="period",
        json_cols=("actors",),
        text_cols=("quantity", "sentence"),
        date_col="period",
        has_kind=True,
    ),
    "documents": ListSpec(
        name="documents",
        base=DOCUMENTS_BASE,
        sorts={
            "published": "published",
            "title": "title",
            "outlet": "outlet",
            "events": "n_events",
        },  # fmt: skip
        default_sort="-published",
        text_cols=("title", "text"),
        date_col="published",
    ),
    "actors": ListSpec(
        name="actors",
        base=ACTORS_BASE,
        sorts={"name": "name", "events": "n_events", "country": "country", "last": "date"},
        default_sort="-events",
        json_cols=("aliases", "offices"),
        text_cols=("name", "aliases"),
        has_kind=True,
    ),
    "contradictions": ListSpec(
        name="contradictions",
        base=CONTRADICTIONS_BASE,
        sorts={"date": "date", "subject": "subject", "kind": "kind"},
        default_sort="subject",
        json_cols=("claims",),
        text_cols=("subject",),
        has_kind=True,
    ),
}


def read_list(store: DuckDBStore, name: str, f: Filters, page: PageRequest) -> Page:
    """One page of the list ``name`` (a key of :data:`SPECS`)."""
    result = list_rows(store, SPECS[name], f, page)
    for row in result.rows:
        present(name, row)
    return result


def present(name: str, row: Row) -> Row:
    """A row of the list ``name`` as the API shows it: the documents list carries no full text
    (the document view does)."""
    if name == "documents":
        row.pop("text", None)
    return row
