"""The layout of a Spark build's output folder and the rows in it.

``DIR/_docs``: one row per analysed document (``doc_id``, ``day``, ``payload``: the
document's store rows as JSON), partitioned by ``day`` (its publication day, or
``undated``); the corpus-level passes and ``communique load`` rebuild documents from it.
``DIR/<table>`` for each per-document store table (documents, sentences, mentions, times,
events, figures, pledges): typed columns, the store's names, partitioned by the document's
``day`` (DuckDB reads them directly: ``read_parquet('DIR/events/*/*.parquet')``).
``DIR/_batch``: the documents an ``append`` run added (a day's, say).
``DIR/_failures``: inputs the last run could not read or analyse. ``DIR/_duplicates``: the
near-duplicate map. ``DIR/_refresh``: the corpus-level refresh (actors, timeline, document
and pledge updates) as ``(kind, key, row)``, ``row`` JSON, ``key`` ordering a kind's rows.
``DIR/_contradictions``: the figure contradictions as ``(key, row)``, ``key`` the claim key
(it orders them).
``DIR/_claims``: each document's claim keys (an append compares again only those its
documents make). ``DIR/_state``: what the refresh keeps by key (:mod:`communique.scale.state`).
``DIR/_manifest.json``: pipeline version and configuration hash of the build.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping
from typing import Any

from communique.model import Document
from communique.store.rows import Provenance, Row, document_from_rows, document_row, layer_rows
from communique.store.schema import LAYER_TABLES

DOCS = "_docs"
BATCH = "_batch"  # the documents the last append run added
FAILURES = "_failures"
DUPLICATES = "_duplicates"
BANDS = "_bands"  # (band, doc_id): each document's LSH buckets, appended with each batch
REFRESH = "_refresh"
CONTRADICTIONS = "_contradictions"  # (key, row): the figure contradictions, by claim key
CLAIMS = "_claims"  # (key, doc_id): each original's claim keys, kept for appends
MANIFEST = "_manifest.json"
DOC_TABLES = ("documents", *LAYER_TABLES)
UNDATED = "undated"
Columns = Mapping[str, list[tuple[str, str]]]  # table -> [(column, DuckDB type)]


def date_key(published: str | None) -> str:
    """The partition a document goes in: its publication day (or month, year), else undated."""
    return (published or "")[:10] or UNDATED


def payload(doc: Document, prov: Provenance) -> str:
    """A document's store rows (what :meth:`DuckDBStore.write_documents` writes) as JSON."""
    rows = {"documents": [document_row(doc, prov)], **layer_rows(doc, prov)}
    return json.dumps(rows, ensure_ascii=False, sort_keys=True)


def payload_rows(text: str) -> dict[str, list[Row]]:
    rows: dict[str, list[Row]] = json.loads(text)
    return rows


def document_of(text: str, columns: Columns) -> Document:
    """A document as the store gives it back (:meth:`DuckDBStore.iter_documents`): values of
    the columns' types, layers in the store's order (by start, ties in the order written),
    only non-empty layers present. ``columns``: :func:`store_columns`."""
    rows = payload_rows(text)
    layers: dict[str, list[Row]] = {}
    for table in LAYER_TABLES:
        found = [_as_stored(r, columns[table]) for r in rows.get(table) or ()]
        if found:
            key = "idx" if table == "sentences" else "start"
            layers[table] = sorted(found, key=lambda r, k=key: r[k])  # type: ignore[misc]
    return document_from_rows(_as_stored(rows["documents"][0], columns["documents"]), layers)


def _as_stored(row: Row, columns: list[tuple[str, str]]) -> Row:
    return {name: _cast(row.get(name), kind) for name, kind in columns}


def typed(row: Mapping[str, Any], columns: list[tuple[str, str]]) -> tuple[Any, ...]:
    """A row as a tuple of ``columns`` ((name, DuckDB type)), numbers cast to the type."""
    return tuple(_cast(row.get(name), kind) for name, kind in columns)


def _cast(value: Any, kind: str) -> Any:
    if value is None:
        return None
    if kind == "DOUBLE":
        return float(value)
    if kind in ("INTEGER", "BIGINT"):
        return int(value)
    if kind == "BOOLEAN":
        return bool(value)
    return value


@functools.cache
def store_columns() -> dict[str, list[tuple[str, str]]]:
    """Each per-document table's columns and DuckDB types, read from the store's schema
    (computed once per process: the schema is the code's)."""
    from communique.store.duckdb_store import DuckDBStore

    with DuckDBStore(":memory:") as store:
        return {
            t: [(r["column_name"], r["column_type"]) for r in store.query(f"DESCRIBE {t}")]
            for t in DOC_TABLES
        }
