"""Exports following the contract (``shared/docs/contract.md``): JSON Lines, CSV, Parquet.

The contract fields come first and are never renamed; extra fields (provenance, Goldstein
score, evidence sentences) follow them. Each export is one query and a function shaping its
rows, so its columns are known without a row: an empty CSV export is its header line.

CSV cells cannot run as spreadsheet formulas (OWASP's rule): a text cell beginning with
``=``, ``+``, ``-``, ``@``, a tab or a carriage return is written behind an apostrophe
(``'=1+1``). Numbers are never touched, so a negative Goldstein score stays a number; text
that looks like a number ("-5" in a text column) stays text. JSON Lines and Parquet keep
values exactly. A file is written beside its target and moved over it once whole: a failed
export leaves no half file, and a folder that is missing is named in the error.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
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
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # what a spreadsheet may read as a formula


def _json_cols(row: Row, *cols: str) -> Row:
    for c in cols:
        default: Any = None if c == "location" else []
        row[c] = loads(row.get(c), default)
    return row


def _span(row: Row) -> Row:
    row["span"] = [row.pop("start"), row.pop("end")]
    return row


_DOCUMENTS = """SELECT doc_id, title, outlet, url, published, published_source,
                    published_evidence, published_window, language, notes, text,
                    duplicate_of, source, content_hash, captions, pipeline_version, config_hash
             FROM documents ORDER BY doc_id"""


def _document(r: Row) -> Row:
    r["captions"] = [c["text"] for c in loads(r["captions"], [])]
    r["notes"] = loads(r["notes"], [])
    return r


# window: for an event without a date, where its document lies (documents.published_window)
_EVENTS = """SELECT e.event_id, e.doc_id, e.sentence, e."start", e."end", e.date, e.date_text,
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


def _event(r: Row) -> Row:
    r = _json_cols(r, "source", "target", "participants", "location", "contexts", "evidence")
    start, end = r.pop("trigger_start"), r.pop("trigger_end")
    r["trigger"] = [start, end] if start is not None else None
    return _span(r)


# dated entries by date; then the undated (date null, a window instead) by document
_TIMELINE = """SELECT entry_id, date, title, summary, participants, event_ids, doc_ids, location,
                    parts, flags, claims, kind, "window", pipeline_version, config_hash
             FROM timeline
             ORDER BY date NULLS LAST, CASE WHEN date IS NULL THEN doc_ids END, entry_id"""
_TIMELINE_JSON = ("participants", "event_ids", "doc_ids", "location", "parts", "flags", "claims")
_FIGURES = """SELECT figure_id, doc_id, sentence, "start", "end", quantity, value, unit, period,
                    kind, value_start, value_end, actors, pipeline_version, config_hash
             FROM figures ORDER BY doc_id, "start", value_start, figure_id"""
_PLEDGES = """SELECT pledge_id, doc_id, sentence, "start", "end", made, actors, text, deadline,
                    status, evidence, kind, pipeline_version, config_hash
             FROM pledges ORDER BY doc_id, "start", pledge_id"""
_TIMES = """SELECT doc_id, "start", "end", text, type, value, mod, anchor,
                    pipeline_version, config_hash
             FROM times ORDER BY doc_id, "start", "end", value"""
_ACTORS = "SELECT * FROM actors ORDER BY actor_id"
_CONTRADICTIONS = "SELECT * FROM contradictions ORDER BY kind, subject, contradiction_id"

# export -> (its query, the function giving a row of the query the contract's shape)
_READERS: dict[str, tuple[str, Callable[[Row], Row]]] = {
    "contradictions": (_CONTRADICTIONS, lambda r: _json_cols(r, "countries", "claims")),
    "documents": (_DOCUMENTS, _document),
    "actors": (_ACTORS, lambda r: _json_cols(r, "aliases", "offices")),
    "events": (_EVENTS, _event),
    "timeline": (_TIMELINE, lambda r: _json_cols(r, *_TIMELINE_JSON)),
    "figures": (_FIGURES, lambda r: _span(_json_cols(r, "actors"))),
    "pledges": (_PLEDGES, lambda r: _span(_json_cols(r, "actors", "evidence"))),
    "times": (_TIMES, _span),
}


def _reader(what: str) -> tuple[str, Callable[[Row], Row]]:
    try:
        return _READERS[what]
    except KeyError:
        raise ExportError(f"unknown export {what!r}; choose one of {', '.join(EXPORTS)}") from None


def export_rows(store: DuckDBStore, what: str) -> Iterator[Row]:
    """Rows of one export, in the contract's shape."""
    sql, shape = _reader(what)
    return (shape(r) for r in store.query(sql))


def export_columns(store: DuckDBStore, what: str) -> list[str]:
    """The fields of one export's rows, in order, read from its query (no row needed)."""
    sql, shape = _reader(what)
    names = [r["column_name"] for r in store.query(f"DESCRIBE {sql}")]
    return list(shape(dict.fromkeys(names)))


def write_export(
    rows: Iterable[Row], fmt: str, out: IO[str] | Path, columns: Sequence[str] | None = None
) -> int:
    """Write rows as jsonl/csv to a text stream or path, parquet to a path. Returns the count.
    ``columns`` (:func:`export_columns`) head a CSV or Parquet file that gets no row."""
    if fmt not in FORMATS:
        raise ExportError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if fmt == "parquet":
        if not isinstance(out, Path):
            raise ExportError("parquet needs an output file (-o FILE)")
        with replacing(out) as tmp:
            return _write_parquet(list(rows), tmp, columns)
    if isinstance(out, Path):
        with replacing(out) as tmp, tmp.open("w", encoding="utf-8", newline="") as fh:
            return write_export(rows, fmt, fh, columns)
    return _write_jsonl(rows, out) if fmt == "jsonl" else _write_csv(rows, out, columns)


@contextlib.contextmanager
def replacing(path: Path) -> Iterator[Path]:
    """A temporary file beside ``path``, moved over it once written whole."""
    where = str(path)
    folder = path.parent
    if not folder.is_dir():
        why = "is not a folder" if folder.exists() else "does not exist"
        raise ExportError(f"cannot write the export: folder {str(folder)!r} {why}", where)
    if path.is_dir():
        raise ExportError("cannot write the export: it is a folder", where)
    tmp = folder / f".{path.name}.{os.getpid()}.part"
    try:
        yield tmp
        os.replace(tmp, path)
    except OSError as exc:
        raise ExportError(f"cannot write the export: {exc.strerror or exc}", where) from exc
    finally:
        tmp.unlink(missing_ok=True)


def _write_jsonl(rows: Iterable[Row], out: IO[str]) -> int:
    n = 0
    for r in rows:
        out.write(json.dumps(r, ensure_ascii=False, default=str) + "\n")
        n += 1
    return n


def flat_cell(v: Any) -> Any:
    """A value as one cell: lists and objects as JSON text."""
    return json.dumps(v, ensure_ascii=False) if isinstance(v, (list, dict)) else v


def csv_cell(v: Any) -> Any:
    """A value as a CSV cell (:func:`flat_cell`), text that a spreadsheet would run as a
    formula behind an apostrophe; numbers as they are."""
    v = flat_cell(v)
    return "'" + v if isinstance(v, str) and v.startswith(FORMULA_START) else v


def _write_csv(rows: Iterable[Row], out: IO[str], columns: Sequence[str] | None) -> int:
    writer: csv.DictWriter[str] | None = None
    n = 0
    for r in rows:
        if writer is None:
            writer = csv.DictWriter(out, fieldnames=list(r))
            writer.writeheader()
        writer.writerow({k: csv_cell(v) for k, v in r.items()})
        n += 1
    if writer is None and columns:
        csv.DictWriter(out, fieldnames=list(columns)).writeheader()
    return n


def _write_parquet(rows: list[Row], path: Path, columns: Sequence[str] | None) -> int:
    flat = [{k: flat_cell(v) for k, v in r.items()} for r in rows]
    if flat:
        table = pa.Table.from_pylist(flat)
    else:
        table = pa.table({c: pa.array([], pa.null()) for c in columns or ()})
    pq.write_table(table, path)
    return len(rows)


def export_text(store: DuckDBStore, what: str, fmt: str = "jsonl") -> str:
    """Convenience for tests and notebooks: the whole export as a string."""
    buf = io.StringIO()
    write_export(export_rows(store, what), fmt, buf, export_columns(store, what))
    return buf.getvalue()
