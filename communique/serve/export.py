"""Exports following the contract (``shared/docs/contract.md``): JSON Lines, CSV, Parquet.

The contract fields come first and are never renamed; extra fields (provenance, Goldstein
score, evidence sentences) follow them.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

import pyarrow as pa
import pyarrow.parquet as pq

from communique.errors import ExportError
from communique.store.duckdb_store import DuckDBStore
from communique.store.rows import Row, loads

EXPORTS = ("documents", "actors", "events", "timeline", "figures", "pledges", "times",
           "contradictions")  # fmt: skip
FORMATS = ("jsonl", "csv", "parquet")
PROV = ("pipeline_version", "config_hash")


def _json_cols(row: Row, *cols: str) -> Row:
    for c in cols:
        default: Any = None if c == "location" else []
        row[c] = loads(row.get(c), default)
    return row


def _span(row: Row) -> Row:
    row["span"] = [row.pop("start"), row.pop("end")]
    return row


def _documents(store: DuckDBStore) -> Iterator[Row]:
    sql = """SELECT doc_id, title, outlet, url, published, published_source,
                    published_evidence, published_window, language, notes, text,
                    duplicate_of, source, content_hash, captions, pipeline_version, config_hash
             FROM documents ORDER BY doc_id"""
    for r in store.query(sql):
        r["captions"] = [c["text"] for c in loads(r["captions"], [])]
        r["notes"] = loads(r["notes"], [])
        yield r


def _actors(store: DuckDBStore) -> Iterator[Row]:
    sql = "SELECT * FROM actors ORDER BY actor_id"
    for r in store.query(sql):
        yield _json_cols(r, "aliases", "offices")


def _events(store: DuckDBStore) -> Iterator[Row]:
    # window: for an event without a date, where its document lies (documents.published_window)
    sql = """SELECT e.event_id, e.doc_id, e.sentence, e."start", e."end", e.date, e.date_text,
                    e.type, e.mode, e.cameo, e.source, e.target, e.participants, e.location,
                    e.contexts, e.confidence, e.goldstein, e.historical, e.evidence,
                    CASE WHEN e.date IS NULL THEN d.published_window END AS "window",
                    e.trigger_start, e.trigger_end, h.happening_id,
                    e.pipeline_version, e.config_hash
             FROM events e LEFT JOIN documents d USING (doc_id)
             LEFT JOIN (SELECT event_id, min(entry_id) AS happening_id
                        FROM (SELECT entry_id,
                                     unnest(json_extract_string(event_ids, '$[*]')) AS event_id
                              FROM timeline)
                        GROUP BY event_id) h USING (event_id)
             ORDER BY e.doc_id, e."start", e.event_id"""
    for r in store.query(sql):
        r = _json_cols(r, "source", "target", "participants", "location", "contexts", "evidence")
        start, end = r.pop("trigger_start"), r.pop("trigger_end")
        r["trigger"] = [start, end] if start is not None else None
        yield _span(r)


def _timeline(store: DuckDBStore) -> Iterator[Row]:
    # dated entries by date; then the undated (date null, a window instead) by document
    sql = """SELECT entry_id, date, title, summary, participants, event_ids, doc_ids, location,
                    parts, flags, claims, kind, "window", pipeline_version, config_hash
             FROM timeline
             ORDER BY date NULLS LAST, CASE WHEN date IS NULL THEN doc_ids END, entry_id"""
    for r in store.query(sql):
        cols = ("participants", "event_ids", "doc_ids", "location", "parts", "flags", "claims")
        yield _json_cols(r, *cols)


def _figures(store: DuckDBStore) -> Iterator[Row]:
    sql = """SELECT figure_id, doc_id, sentence, "start", "end", quantity, value, unit, period,
                    kind, value_start, value_end, actors, pipeline_version, config_hash
             FROM figures ORDER BY doc_id, "start", value_start, figure_id"""
    for r in store.query(sql):
        yield _span(_json_cols(r, "actors"))


def _pledges(store: DuckDBStore) -> Iterator[Row]:
    sql = """SELECT pledge_id, doc_id, sentence, "start", "end", made, actors, text, deadline,
                    status, evidence, kind, pipeline_version, config_hash
             FROM pledges ORDER BY doc_id, "start", pledge_id"""
    for r in store.query(sql):
        yield _span(_json_cols(r, "actors", "evidence"))


def _times(store: DuckDBStore) -> Iterator[Row]:
    sql = """SELECT doc_id, "start", "end", text, type, value, mod, anchor,
                    pipeline_version, config_hash
             FROM times ORDER BY doc_id, "start", "end", value"""
    for r in store.query(sql):
        yield _span(r)


def _contradictions(store: DuckDBStore) -> Iterator[Row]:
    for r in store.query("SELECT * FROM contradictions ORDER BY kind, subject, contradiction_id"):
        yield _json_cols(r, "countries", "claims")


_READERS: dict[str, Callable[[DuckDBStore], Iterator[Row]]] = {
    "contradictions": _contradictions,
    "documents": _documents,
    "actors": _actors,
    "events": _events,
    "timeline": _timeline,
    "figures": _figures,
    "pledges": _pledges,
    "times": _times,
}


def export_rows(store: DuckDBStore, what: str) -> Iterator[Row]:
    """Rows of one export, in the contract's shape."""
    try:
        reader = _READERS[what]
    except KeyError:
        raise ExportError(f"unknown export {what!r}; choose one of {', '.join(EXPORTS)}") from None
    return reader(store)


def write_export(rows: Iterator[Row], fmt: str, out: IO[str] | Path) -> int:
    """Write rows as jsonl/csv to a text stream or path, parquet to a path. Returns the count."""
    if fmt not in FORMATS:
        raise ExportError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if fmt == "parquet":
        if not isinstance(out, Path):
            raise ExportError("parquet needs an output file (-o FILE)")
        return _write_parquet(list(rows), out)
    if isinstance(out, Path):
        with out.open("w", encoding="utf-8", newline="") as fh:
            return write_export(rows, fmt, fh)
    return _write_jsonl(rows, out) if fmt == "jsonl" else _write_csv(rows, out)


def _write_jsonl(rows: Iterator[Row], out: IO[str]) -> int:
    n = 0
    for r in rows:
        out.write(json.dumps(r, ensure_ascii=False, default=str) + "\n")
        n += 1
    return n


def csv_cell(v: Any) -> Any:
    """A value as a CSV cell: lists and objects as JSON text."""
    return json.dumps(v, ensure_ascii=False) if isinstance(v, (list, dict)) else v


def _write_csv(rows: Iterator[Row], out: IO[str]) -> int:
    writer: csv.DictWriter[str] | None = None
    n = 0
    for r in rows:
        if writer is None:
            writer = csv.DictWriter(out, fieldnames=list(r))
            writer.writeheader()
        writer.writerow({k: csv_cell(v) for k, v in r.items()})
        n += 1
    return n


def _write_parquet(rows: list[Row], path: Path) -> int:
    flat = [{k: csv_cell(v) for k, v in r.items()} for r in rows]
    table = pa.Table.from_pylist(flat) if flat else pa.table({})
    pq.write_table(table, path)
    return len(rows)


def export_text(store: DuckDBStore, what: str, fmt: str = "jsonl") -> str:
    """Convenience for tests and notebooks: the whole export as a string."""
    buf = io.StringIO()
    write_export(export_rows(store, what), fmt, buf)
    return buf.getvalue()
