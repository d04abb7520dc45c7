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
from communique.store.rows import Row

IDS = "'[\"VARCHAR\"]'"

EVENTS_BASE = f"""
WITH parts AS (
    SELECT event_id, unnest(from_json(participants, {IDS})) AS actor_id FROM events),
ec AS (
    SELECT p.event_id, list(DISTINCT a.country ORDER BY a.country)
        FILTER (WHERE a.country IS NOT NULL) AS countries
    FROM parts p LEFT JOIN actors a USING (actor_id) GROUP BY p.event_id)
SELECT e.event_id, e.doc_id, e."start", e."end", e.sentence, e.date, e.date_text, e.type,
    e.mode, e.cameo, e.goldstein, e.source, e.target, e.participants, e.location, e.contexts,
    e.confidence, e.historical, d.outlet, d.title AS doc_title, d.published,
    CASE WHEN e.date IS NULL THEN d.published_window END AS "window",
    from_json(e.participants, {IDS}) AS actor_ids,
    coalesce(ec.countries, []::VARCHAR[]) AS countries,
    [e.type] AS types,
    from_json(e.contexts, {IDS}) AS contexts_list,
    [d.outlet] AS outlets,
    e.pipeline_version, e.config_hash
FROM events e JOIN documents d USING (doc_id) LEFT JOIN ec USING (event_id)
"""

TIMELINE_BASE = f"""
WITH te AS (
    SELECT entry_id, unnest(from_json(event_ids, {IDS})) AS event_id FROM timeline),
ev AS ({EVENTS_BASE}),
agg AS (
    SELECT te.entry_id,
        list_sort(list_distinct(list(ev.type))) AS types,
        list_sort(list_distinct(flatten(list(ev.actor_ids)))) AS actor_ids,
        list_sort(list_distinct(flatten(list(ev.countries)))) AS countries,
        list_sort(list_distinct(flatten(list(ev.contexts_list)))) AS contexts_list,
        list_sort(list_distinct(list(ev.outlet) FILTER (WHERE ev.outlet IS NOT NULL))) AS outlets
    FROM te JOIN ev USING (event_id) GROUP BY te.entry_id)
SELECT t.entry_id, t.date, t.title, t.summary, t.participants, t.event_ids, t.doc_ids,
    t.location, t.parts, t.flags, t.claims, t.kind, t."window",
    len(from_json(t.doc_ids, {IDS})) AS n_sources,
    coalesce(agg.types, []::VARCHAR[]) AS types,
    coalesce(agg.actor_ids, []::VARCHAR[]) AS actor_ids,
    coalesce(agg.countries, []::VARCHAR[]) AS countries,
    coalesce(agg.contexts_list, []::VARCHAR[]) AS contexts_list,
    coalesce(agg.outlets, []::VARCHAR[]) AS outlets,
    t.pipeline_version, t.config_hash
FROM timeline t LEFT JOIN agg USING (entry_id)
"""

PLEDGES_BASE = f"""
WITH pa AS (
    SELECT pledge_id, unnest(from_json(actors, {IDS})) AS actor_id FROM pledges),
pc AS (
    SELECT pa.pledge_id, list(DISTINCT a.country ORDER BY a.country)
        FILTER (WHERE a.country IS NOT NULL) AS countries
    FROM pa LEFT JOIN actors a USING (actor_id) GROUP BY pa.pledge_id)
SELECT p.pledge_id, p.doc_id, p."start", p."end", p.sentence, p.made, p.actors, p.text,
    p.deadline, p.status, p.evidence, p.kind, d.outlet, d.title AS doc_title,
    from_json(p.actors, {IDS}) AS actor_ids,
    coalesce(pc.countries, []::VARCHAR[]) AS countries,
    []::VARCHAR[] AS types, []::VARCHAR[] AS contexts_list, [d.outlet] AS outlets,
    p.pipeline_version, p.config_hash
FROM pledges p JOIN documents d USING (doc_id) LEFT JOIN pc USING (pledge_id)
"""

FIGURES_BASE = f"""
WITH fa AS (
    SELECT figure_id, unnest(from_json(actors, {IDS})) AS actor_id FROM figures),
fc AS (
    SELECT fa.figure_id, list(DISTINCT a.country ORDER BY a.country)
        FILTER (WHERE a.country IS NOT NULL) AS countries
    FROM fa LEFT JOIN actors a USING (actor_id) GROUP BY fa.figure_id),
dc AS (
    SELECT doc_id, list(DISTINCT country ORDER BY country) FILTER (WHERE country IS NOT NULL) AS countries
    FROM mentions GROUP BY doc_id)
SELECT f.figure_id, f.doc_id, f."start", f."end", f.sentence, f.quantity, f.value, f.unit,
    f.period, f.kind, f.actors, d.outlet, d.published, d.title AS doc_title,
    from_json(f.actors, {IDS}) AS actor_ids,
    -- a figure naming no actor is about the countries its article is about
    coalesce(fc.countries, dc.countries, []::VARCHAR[]) AS countries,
    []::VARCHAR[] AS types, []::VARCHAR[] AS contexts_list, [d.outlet] AS outlets,
    f.pipeline_version, f.config_hash
FROM figures f JOIN documents d USING (doc_id) LEFT JOIN fc USING (figure_id)
    LEFT JOIN dc ON dc.doc_id = f.doc_id
"""

DOCUMENTS_BASE = """
WITH dm AS (
    SELECT doc_id, list(DISTINCT actor_id ORDER BY actor_id) AS actor_ids,
        list(DISTINCT country ORDER BY country) FILTER (WHERE country IS NOT NULL) AS countries
    FROM mentions GROUP BY doc_id),
de AS (
    SELECT doc_id, count(*) AS n_events, list(DISTINCT type ORDER BY type) AS types FROM events GROUP BY doc_id)
SELECT d.doc_id, d.title, d.outlet, d.url, d.published, d.published_source,
    d.published_evidence, d.published_window, d.language, d.duplicate_of,
    length(d.text) AS n_chars,
    coalesce(de.n_events, 0) AS n_events, d.text,
    coalesce(dm.actor_ids, []::VARCHAR[]) AS actor_ids,
    coalesce(dm.countries, []::VARCHAR[]) AS countries,
    coalesce(de.types, []::VARCHAR[]) AS types,
    []::VARCHAR[] AS contexts_list, [d.outlet] AS outlets,
    d.pipeline_version, d.config_hash
FROM documents d LEFT JOIN dm USING (doc_id) LEFT JOIN de USING (doc_id)
"""

ACTORS_BASE = f"""
WITH ea AS (
    SELECT unnest(from_json(participants, {IDS})) AS actor_id, date FROM events),
n AS (SELECT actor_id, count(*) AS n_events, max(date) AS last_event FROM ea GROUP BY actor_id)
SELECT a.actor_id, a.name, a.kind, a.country, a.aliases, a.offices,
    coalesce(n.n_events, 0) AS n_events, n.last_event AS date,
    [a.actor_id] AS actor_ids,
    CASE WHEN a.country IS NULL THEN []::VARCHAR[] ELSE [a.country] END AS countries,
    []::VARCHAR[] AS types, []::VARCHAR[] AS contexts_list, []::VARCHAR[] AS outlets,
    a.pipeline_version, a.config_hash
FROM actors a LEFT JOIN n USING (actor_id)
"""

CONTRADICTIONS_BASE = f"""
SELECT c.contradiction_id, c.kind, c.subject, c.unit, c.period AS date,
    from_json(c.countries, {IDS}) AS countries, c.claims, []::VARCHAR[] AS actor_ids,
    []::VARCHAR[] AS types, []::VARCHAR[] AS contexts_list, []::VARCHAR[] AS outlets,
    c.pipeline_version, c.config_hash
FROM contradictions c
"""

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
