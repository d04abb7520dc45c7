"""Schema migrations, tracked in the database itself (table ``schema_migrations``).

Each migration is a numbered list of statements; :func:`migrate` applies the ones not yet
recorded, in order, each inside a transaction. Never edit a released migration: add one.
JSON-valued columns are stored as VARCHAR holding JSON text (no extension needed offline).
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

PROV = "pipeline_version VARCHAR, config_hash VARCHAR"


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    statements: tuple[str, ...]


MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        1,
        "initial schema",
        (
            """CREATE TABLE runs (
                run_id VARCHAR PRIMARY KEY, started_at TIMESTAMP, finished_at TIMESTAMP,
                pipeline_version VARCHAR, config_hash VARCHAR, inputs VARCHAR,
                read_count INTEGER, added INTEGER, skipped INTEGER, failed INTEGER)""",
            """CREATE TABLE failures (
                run_id VARCHAR, source VARCHAR, code VARCHAR, reason VARCHAR)""",
            f"""CREATE TABLE documents (
                doc_id VARCHAR PRIMARY KEY, content_hash VARCHAR, title VARCHAR,
                outlet VARCHAR, url VARCHAR, published VARCHAR, published_source VARCHAR,
                published_evidence VARCHAR, language VARCHAR, text VARCHAR, raw VARCHAR,
                source VARCHAR, duplicate_of VARCHAR, captions VARCHAR, removed VARCHAR,
                run_id VARCHAR, {PROV})""",
            """CREATE TABLE sentences (doc_id VARCHAR, idx INTEGER, "start" INTEGER,
                "end" INTEGER)""",
            f"""CREATE TABLE mentions (doc_id VARCHAR, "start" INTEGER, "end" INTEGER,
                actor_id VARCHAR, kind VARCHAR, country VARCHAR, role VARCHAR,
                method VARCHAR, flags VARCHAR, {PROV})""",
            f"""CREATE TABLE times (doc_id VARCHAR, "start" INTEGER, "end" INTEGER,
                text VARCHAR, type VARCHAR, value VARCHAR, mod VARCHAR, anchor VARCHAR,
                {PROV})""",
            f"""CREATE TABLE events (event_id VARCHAR, doc_id VARCHAR, "start" INTEGER,
                "end" INTEGER, sentence VARCHAR, type VARCHAR, mode VARCHAR, cameo VARCHAR,
                goldstein DOUBLE, source VARCHAR, target VARCHAR, participants VARCHAR,
                date VARCHAR, date_text VARCHAR, location VARCHAR, contexts VARCHAR,
                confidence DOUBLE, evidence VARCHAR, historical BOOLEAN, {PROV})""",
            f"""CREATE TABLE figures (figure_id VARCHAR, doc_id VARCHAR, "start" INTEGER,
                "end" INTEGER, sentence VARCHAR, quantity VARCHAR, value DOUBLE,
                unit VARCHAR, period VARCHAR, kind VARCHAR, value_start INTEGER,
                value_end INTEGER, actors VARCHAR, {PROV})""",
            f"""CREATE TABLE pledges (pledge_id VARCHAR, doc_id VARCHAR, "start" INTEGER,
                "end" INTEGER, sentence VARCHAR, made VARCHAR, actors VARCHAR, text VARCHAR,
                deadline VARCHAR, status VARCHAR, evidence VARCHAR, kind VARCHAR, {PROV})""",
            f"""CREATE TABLE actors (actor_id VARCHAR PRIMARY KEY, name VARCHAR,
                kind VARCHAR, country VARCHAR, aliases VARCHAR, offices VARCHAR, {PROV})""",
            f"""CREATE TABLE timeline (entry_id VARCHAR PRIMARY KEY, date VARCHAR,
                title VARCHAR, summary VARCHAR, participants VARCHAR, event_ids VARCHAR,
                doc_ids VARCHAR, location VARCHAR, parts VARCHAR, flags VARCHAR,
                claims VARCHAR, kind VARCHAR, {PROV})""",
            "CREATE INDEX events_doc ON events (doc_id)",
            "CREATE INDEX mentions_doc ON mentions (doc_id)",
            "CREATE INDEX times_doc ON times (doc_id)",
        ),
    ),
    Migration(
        2,
        "contradictions between sources",
        (
            f"""CREATE TABLE contradictions (contradiction_id VARCHAR PRIMARY KEY,
                kind VARCHAR, subject VARCHAR, unit VARCHAR, period VARCHAR,
                countries VARCHAR, claims VARCHAR, {PROV})""",
        ),
    ),
    Migration(
        3,
        "store state: a corpus refresh pending since documents were written",
        (
            "CREATE TABLE state (key VARCHAR PRIMARY KEY, value VARCHAR)",
            # a database from before this migration may hold documents whose refresh never
            # completed (a crash in between left no trace): refresh it once to be sure
            """INSERT INTO state SELECT 'refresh_pending', 'migration 3'
                WHERE EXISTS (SELECT 1 FROM documents)""",
        ),
    ),
    Migration(
        4,
        "documents: the window an undated article lies in; per-document notes",
        (
            "ALTER TABLE documents ADD COLUMN IF NOT EXISTS published_window VARCHAR",
            "ALTER TABLE documents ADD COLUMN IF NOT EXISTS notes VARCHAR",
        ),
    ),
    Migration(
        5,
        "timeline: undated entries and the window they lie in",
        (
            # "window" is an SQL keyword: always quote the column
            'ALTER TABLE timeline ADD COLUMN IF NOT EXISTS "window" VARCHAR',
            # the timeline stored so far lacks the undated entries: rebuild it once
            """INSERT INTO state SELECT 'refresh_pending', 'migration 5'
                WHERE EXISTS (SELECT 1 FROM documents)
                AND NOT EXISTS (SELECT 1 FROM state WHERE key = 'refresh_pending')""",
        ),
    ),
    Migration(
        6,
        "events: the trigger's offsets (merged events are scored as event coreference)",
        (
            "ALTER TABLE events ADD COLUMN IF NOT EXISTS trigger_start INTEGER",
            "ALTER TABLE events ADD COLUMN IF NOT EXISTS trigger_end INTEGER",
        ),
    ),
)

LAYER_TABLES = ("sentences", "mentions", "times", "events", "figures", "pledges")


def current_version(con: duckdb.DuckDBPyConnection) -> int:
    con.execute(
        """CREATE TABLE IF NOT EXISTS schema_migrations (
            version INTEGER PRIMARY KEY, name VARCHAR, applied_at TIMESTAMP)"""
    )
    row = con.execute("SELECT max(version) FROM schema_migrations").fetchone()
    return int(row[0]) if row and row[0] is not None else 0


def migrate(con: duckdb.DuckDBPyConnection) -> list[int]:
    """Apply pending migrations; return the versions applied."""
    applied: list[int] = []
    have = current_version(con)
    for mig in MIGRATIONS:
        if mig.version <= have:
            continue
        con.execute("BEGIN TRANSACTION")
        try:
            for stmt in mig.statements:
                con.execute(stmt)
            con.execute(
                "INSERT INTO schema_migrations VALUES (?, ?, current_timestamp)",
                [mig.version, mig.name],
            )
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise
        applied.append(mig.version)
    return applied
