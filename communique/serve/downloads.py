""" "Download this view": the whole filtered list, not one page, streamed as it is read.

A download is checked and counted first (:func:`prepare`: a bad filter is a 400 before a byte
is sent), then read through its own cursor in batches and written as CSV, JSON Lines or one
JSON object (:func:`stream`), so the server never holds the whole list in memory. A CSV
starts with its header row, rows or none, and its cells cannot run as spreadsheet formulas
(:func:`communique.serve.export.csv_cell`).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from communique.serve.export import csv_cell
from communique.serve.lists import SPECS, present
from communique.serve.reader import Filters, decode_row, filtered, filters_json, sort_order
from communique.store.duckdb_store import DuckDBStore
from communique.store.rows import Row

# format -> (URL suffix, media type)
FORMATS = {
    "csv": (".csv", "text/csv; charset=utf-8"),
    "jsonl": (".jsonl", "application/x-ndjson; charset=utf-8"),
    "json": (".all.json", "application/json"),
}
BATCH = 500  # rows fetched, and written, at a time


@dataclass(frozen=True)
class Download:
    """A checked request for the whole of one list: its query and how many rows it gives."""

    name: str
    sql: str
    args: list[Any]
    total: int
    sort: str
    filters: dict[str, Any] = field(default_factory=dict)


def prepare(store: DuckDBStore, name: str, f: Filters, sort: str | None) -> Download:
    """Check the filters and sort of a download of ``name`` and count its rows."""
    spec = SPECS[name]
    key, order = sort_order(spec, sort)
    inner, args = filtered(store, spec, f)
    total = int(store.scalar(f"SELECT count(*) FROM ({inner}) AS c", args))
    return Download(name, f"{inner} ORDER BY {order}", args, total, key, filters_json(f))


Batches = Iterator[tuple[list[str], list[Row]]]


def batches(store: DuckDBStore, d: Download) -> Batches:
    """The download's rows, a batch at a time, read through a cursor of its own; each batch
    with the rows' fields (the first batch is empty: the fields alone, known before any row)."""
    spec = SPECS[d.name]
    reader = store.reader()
    try:
        cur = reader.con.execute(d.sql, d.args)
        names = [c[0] for c in cur.description or ()]
        fields = list(present(d.name, decode_row(dict.fromkeys(names), spec.json_cols)))
        yield fields, []
        while batch := cur.fetchmany(BATCH):
            rows = [decode_row(dict(zip(names, r, strict=True)), spec.json_cols) for r in batch]
            yield fields, [present(d.name, r) for r in rows]
    finally:
        reader.close()


def stream(store: DuckDBStore, d: Download, fmt: str) -> Iterator[str]:
    """The download written as ``fmt`` (a key of :data:`FORMATS`), a batch per chunk."""
    if fmt == "csv":
        return _csv(batches(store, d))
    if fmt == "jsonl":
        return ("".join(_line(r) + "\n" for r in rows) for _, rows in batches(store, d))
    return _json(batches(store, d), d)


def _line(row: Row) -> str:
    return json.dumps(row, ensure_ascii=False, default=str)


def _csv(parts: Batches) -> Iterator[str]:
    buf = io.StringIO()
    writer: csv.DictWriter[str] | None = None
    for fields, rows in parts:
        if writer is None:
            writer = csv.DictWriter(buf, fieldnames=fields, extrasaction="ignore")
            writer.writeheader()
        for r in rows:
            writer.writerow({k: csv_cell(v) for k, v in r.items()})
        yield buf.getvalue()
        buf.seek(0)
        buf.truncate()


def _json(parts: Batches, d: Download) -> Iterator[str]:
    head = {"name": d.name, "total": d.total, "sort": d.sort, "filters": d.filters}
    yield json.dumps(head, ensure_ascii=False)[:-1] + ', "rows": ['
    sep = ""
    for _, rows in parts:
        if rows:
            yield sep + ", ".join(_line(r) for r in rows)
            sep = ", "
    yield "]}"


def links(name: str, query: dict[str, str]) -> dict[str, str]:
    """The download URLs of the list ``name`` filtered and sorted as ``query`` says (paging
    left out: a download is the whole list)."""
    kept = {k: v for k, v in query.items() if v and k not in ("cursor", "limit")}
    qs = ("?" + urlencode(kept)) if kept else ""
    return {fmt: f"/{name}{suffix}{qs}" for fmt, (suffix, _) in FORMATS.items()}
