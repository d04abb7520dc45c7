"""Read models: the lists ``communique serve`` reads, precomputed at each corpus refresh.

Each list (events, timeline, pledges, figures, documents, actors, contradictions) is a query
over the stored tables that yields one row per item with the filter columns every list shares
(``actor_ids``, ``countries``, ``types``, ``contexts_list``, ``outlets``). Computing them per
request costs 0.2-7 s at 100k events (unnesting every event's participants and joining
actors), so :func:`rebuild` stores each as a table ``read_<list>`` inside the refresh's
transaction, with a stamp of the row counts it was made from. A reader uses the tables only
while the stamp still matches (:func:`fresh`); otherwise (a database from before read models,
or rows changed since by hand) it falls back to the queries themselves, with the same answers.
"""

from __future__ import annotations

import duckdb

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


# every event with its sides parsed once (the relationship dashboard filters on them)
EVENT_SIDES = f"""
SELECT event_id, doc_id, date, type, goldstein, historical, location,
    from_json(source, {IDS}) AS src, from_json(target, {IDS}) AS tgt,
    from_json(participants, {IDS}) AS parts
FROM events
"""

# pairs of countries taking part in the same events (the overview's pair picker)
COUNTRY_PAIRS = """WITH ec AS (SELECT event_id, unnest(countries) AS c FROM {events} e)
    SELECT x.c AS c1, y.c AS c2, count(*) AS n FROM ec x JOIN ec y
      ON x.event_id = y.event_id AND x.c < y.c
    GROUP BY c1, c2"""

READ_MODELS: dict[str, str] = {
    "events": EVENTS_BASE,
    "timeline": TIMELINE_BASE,
    "pledges": PLEDGES_BASE,
    "figures": FIGURES_BASE,
    "documents": DOCUMENTS_BASE,
    "actors": ACTORS_BASE,
    "contradictions": CONTRADICTIONS_BASE,
    "event_sides": EVENT_SIDES,
    "country_pairs": COUNTRY_PAIRS.format(events="read_events"),  # after read_events
}
# what the read models are computed from: a change in any count makes them stale
SOURCES = ("documents", "events", "timeline", "pledges", "figures", "actors", "contradictions",
           "mentions")  # fmt: skip
STAMP = "read_models_stamp"


def _counts_sql() -> str:
    return "SELECT " + ", ".join(f"(SELECT count(*) FROM {t}) AS {t}" for t in SOURCES)


def rebuild(con: duckdb.DuckDBPyConnection) -> None:
    """(Re)make every ``read_<list>`` table and the stamp, on the caller's transaction."""
    for name, sql in READ_MODELS.items():
        con.execute(f"CREATE OR REPLACE TABLE read_{name} AS {sql}")
    con.execute(f"CREATE OR REPLACE TABLE {STAMP} AS {_counts_sql()}")


def fresh(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether every read model exists and was made from the tables as they are now."""
    names = [STAMP, *(f"read_{name}" for name in READ_MODELS)]
    row = con.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE database_name = current_database() "
        "AND schema_name = 'main' AND list_contains(?::VARCHAR[], table_name)",
        [names],
    ).fetchone()
    if not row or row[0] != len(names):
        return False
    stamp = con.execute(f"SELECT * FROM {STAMP}").fetchone()
    now = con.execute(_counts_sql()).fetchone()
    return stamp is not None and stamp == now
