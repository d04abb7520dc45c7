"""The embedded DuckDB store: the one write path into the database.

Writes go through :meth:`DuckDBStore.write_documents` (per-document facts, replaced whole per
document inside one transaction) and :meth:`DuckDBStore.apply_refresh` (the corpus-level
facts of one refresh). Reads are plain SQL with bound parameters.

Writing documents marks a corpus refresh pending in the same transaction (table ``state``).
:meth:`DuckDBStore.apply_refresh` writes a whole refresh, computed beforehand and handed over
as one :class:`Refresh`, in a single transaction: the documents' duplicate_of and inferred
dates, every derived table (actors, timeline, contradictions) replaced whole, the pledges'
status and evidence, and the clearing of the mark. It commits all of it or none of it, so a
build killed at any point leaves either the new corpus or the previous consistent one with
the mark still set, and the next build refreshes. The single-purpose writers
(:meth:`~DuckDBStore.replace_derived`, :meth:`~DuckDBStore.update_documents`,
:meth:`~DuckDBStore.update_pledges`, :meth:`~DuckDBStore.mark_refreshed`) remain, each its
own transaction, sharing their SQL with :meth:`~DuckDBStore.apply_refresh`.
"""

from __future__ import annotations

import contextlib
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any

import duckdb
import pyarrow as pa

from communique.errors import StoreError, StoreLocked
from communique.model import Document
from communique.store import read_models
from communique.store.rows import Provenance, Row, document_from_rows, document_row, layer_rows
from communique.store.schema import LAYER_TABLES, migrate

DERIVED_TABLES = ("actors", "timeline", "contradictions")
REFRESH_PENDING = "refresh_pending"  # key in table state; value: the run that wrote documents

PledgeUpdate = tuple[str, str, str]  # (pledge_id, status, evidence JSON)
DocumentUpdate = tuple[str, Row]  # (doc_id, {column: value})


@dataclass(frozen=True)
class Refresh:
    """Everything one corpus refresh writes, computed before anything is written.

    ``derived`` maps each derived table to its complete new rows (without provenance);
    ``documents`` and ``pledges`` are column updates applied in order.
    """

    derived: Mapping[str, Sequence[Row]] = field(default_factory=dict)
    documents: Sequence[DocumentUpdate] = ()
    pledges: Sequence[PledgeUpdate] = ()


def is_lock_error(exc: BaseException) -> bool:
    """Whether DuckDB refused to open a file because another process holds its lock."""
    return isinstance(exc, duckdb.IOException) and "lock" in str(exc).lower()


class DuckDBStore:
    """A DuckDB file (or ``":memory:"``). Read-only when ``read_only`` is true."""

    def __init__(self, path: str | Path, read_only: bool = False) -> None:
        self.path = str(path)
        self.read_only = read_only
        if read_only and self.path != ":memory:" and not Path(self.path).exists():
            raise StoreError("no such database", source=self.path)
        try:
            self.con = duckdb.connect(self.path, read_only=read_only)
        except duckdb.Error as exc:
            kind = StoreLocked if is_lock_error(exc) else StoreError
            raise kind(f"cannot open database: {exc}", source=self.path) from exc
        if not read_only:
            migrate(self.con)
        self._columns: dict[str, list[str]] = {}

    # -- context manager -------------------------------------------------------------
    def __enter__(self) -> DuckDBStore:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        self.con.close()

    def reader(self) -> DuckDBStore:
        """A read-only view of the same database for one thread (a DuckDB cursor)."""
        clone = object.__new__(DuckDBStore)
        clone.path, clone.read_only = self.path, True
        clone.con = self.con.cursor()
        clone._columns = {}
        return clone

    # -- reading ------------------------------------------------------------------------
    def query(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        """Run a read query with bound parameters; rows as dicts."""
        cur = self.con.execute(sql, list(params))
        names = [d[0] for d in cur.description or ()]
        return [dict(zip(names, r, strict=True)) for r in cur.fetchall()]

    def scalar(self, sql: str, params: Sequence[Any] = ()) -> Any:
        row = self.con.execute(sql, list(params)).fetchone()
        return row[0] if row else None

    def count(self, table: str) -> int:
        self._check_table(table)
        return int(self.scalar(f"SELECT count(*) FROM {table}"))

    def known_documents(self) -> dict[str, tuple[str, str, str]]:
        """doc_id -> (content_hash, pipeline_version, config_hash) of what is stored."""
        rows = self.con.execute(
            "SELECT doc_id, content_hash, pipeline_version, config_hash FROM documents"
        ).fetchall()
        return {r[0]: (r[1], r[2], r[3]) for r in rows}

    def refresh_pending(self) -> bool:
        """Whether documents were written since the last completed corpus refresh."""
        return self.scalar("SELECT count(*) FROM state WHERE key = ?", [REFRESH_PENDING]) > 0

    def iter_documents(self, doc_ids: Sequence[str] | None = None) -> Iterator[Document]:
        """Rebuild stored documents with all their layers."""
        where, params = ("", []) if doc_ids is None else ("WHERE doc_id IN ?", [list(doc_ids)])
        docs = self.query(f"SELECT * FROM documents {where} ORDER BY doc_id", params)
        layers: dict[str, dict[str, list[Row]]] = defaultdict(lambda: defaultdict(list))
        for table in LAYER_TABLES:
            # rowid (insertion order) breaks ties: several events can share a sentence
            order = "doc_id, idx" if table == "sentences" else 'doc_id, "start", rowid'
            for row in self.query(f"SELECT * FROM {table} {where} ORDER BY {order}", params):
                layers[row["doc_id"]][table].append(row)
        for d in docs:
            yield document_from_rows(d, layers.get(d["doc_id"], {}))

    # -- writing ------------------------------------------------------------------------
    def write_documents(self, docs: Sequence[Document], prov: Provenance) -> int:
        """Store documents with all their layers, replacing any earlier version of each."""
        if not docs:
            return 0
        ids = [d.doc_id for d in docs]
        tables: dict[str, list[Row]] = defaultdict(list)
        for doc in docs:
            tables["documents"].append(document_row(doc, prov))
            for name, rows in layer_rows(doc, prov).items():
                tables[name].extend(rows)
        with self._transaction():
            for table in ("documents", *LAYER_TABLES):
                self.con.execute(f"DELETE FROM {table} WHERE doc_id IN ?", [ids])
            for table, rows in tables.items():
                self._insert(table, rows)
            self.con.execute(
                "INSERT OR REPLACE INTO state VALUES (?, ?)", [REFRESH_PENDING, prov.run_id]
            )
        return len(docs)

    def apply_refresh(self, refresh: Refresh, prov: Provenance) -> None:
        """Write one corpus refresh and clear the pending mark, all in ONE transaction.

        Documents are updated first, then each derived table is replaced whole, then the
        pledges, then the mark is deleted; a failure anywhere (or a killed process) rolls all
        of it back, leaving the previous consistent state and the mark for the next build.
        """
        for table in refresh.derived:
            self._check_derived(table)
        with self._transaction():
            self._update_document_rows(refresh.documents)
            for table, rows in refresh.derived.items():
                self._replace_derived_rows(table, rows, prov)
            self._update_pledge_rows(refresh.pledges)
            read_models.rebuild(self.con)
            self._clear_pending()

    def mark_refreshed(self) -> None:
        """Clear the pending refresh on its own (:meth:`apply_refresh` already does)."""
        with self._transaction():
            self._clear_pending()

    def replace_derived(self, table: str, rows: Sequence[Row], prov: Provenance) -> None:
        """Rebuild one corpus-level table (actors, timeline, contradictions) from scratch."""
        self._check_derived(table)
        with self._transaction():
            self._replace_derived_rows(table, rows, prov)

    def update_documents(self, updates: Iterable[DocumentUpdate]) -> None:
        """Set columns of stored documents: ``(doc_id, {column: value})`` pairs."""
        with self._transaction():
            self._update_document_rows(updates)

    def update_pledges(self, updates: Iterable[PledgeUpdate]) -> None:
        """Set ``(pledge_id, status, evidence_json)`` on stored pledges."""
        with self._transaction():
            self._update_pledge_rows(updates)

    def record_run(self, run: Row, failures: Sequence[Row]) -> None:
        with self._transaction():
            self._insert("runs", [run])
            self._insert("failures", list(failures))

    # -- internals ----------------------------------------------------------------------
    def _transaction(self) -> _Transaction:
        if self.read_only:
            raise StoreError("the store is open read-only", source=self.path)
        return _Transaction(self.con)

    # The bodies below open no transaction: their caller holds one (DuckDB has no nesting).
    def _clear_pending(self) -> None:
        self.con.execute("DELETE FROM state WHERE key = ?", [REFRESH_PENDING])

    def _replace_derived_rows(self, table: str, rows: Sequence[Row], prov: Provenance) -> None:
        self._check_derived(table)
        self.con.execute(f"DELETE FROM {table}")
        self._insert(table, [{**r, **prov.columns()} for r in rows])

    def _update_document_rows(self, updates: Iterable[DocumentUpdate]) -> None:
        for doc_id, fields in updates:
            cols = list(fields)
            for c in cols:
                self._check_column("documents", c)
            sets = ", ".join(f"{c} = ?" for c in cols)
            self.con.execute(
                f"UPDATE documents SET {sets} WHERE doc_id = ?", [*fields.values(), doc_id]
            )

    def _update_pledge_rows(self, updates: Iterable[PledgeUpdate]) -> None:
        for pid, status, evidence in updates:
            self.con.execute(
                "UPDATE pledges SET status = ?, evidence = ? WHERE pledge_id = ?",
                [status, evidence, pid],
            )

    def _check_derived(self, table: str) -> None:
        if table not in DERIVED_TABLES:
            raise StoreError(f"{table} is not a derived table")

    def _table_columns(self, table: str) -> list[str]:
        if table not in self._columns:
            rows = self.con.execute(f"DESCRIBE {table}").fetchall()
            self._columns[table] = [r[0] for r in rows]
        return self._columns[table]

    def _check_table(self, table: str) -> None:
        ok = {"documents", "runs", "failures", *LAYER_TABLES, *DERIVED_TABLES}
        if table not in ok:
            raise StoreError(f"unknown table {table!r}")

    def _check_column(self, table: str, column: str) -> None:
        if column not in self._table_columns(table):
            raise StoreError(f"unknown column {table}.{column}")

    def _insert(self, table: str, rows: list[Row]) -> None:
        """Bulk insert through Arrow (executemany is ~100x slower in DuckDB)."""
        if not rows:
            return
        cols = self._table_columns(table)
        data = {c: [r.get(c) for r in rows] for c in cols}
        arrow = pa.table(data)
        self.con.register("_incoming", arrow)
        quoted = ", ".join(f'"{c}"' for c in cols)
        try:
            self.con.execute(f"INSERT INTO {table} ({quoted}) SELECT {quoted} FROM _incoming")
        except duckdb.Error as exc:
            raise StoreError(f"cannot write {table}: {exc}", source=self.path) from exc
        finally:
            with contextlib.suppress(duckdb.Error):
                self.con.unregister("_incoming")


class _Transaction:
    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self.con = con

    def __enter__(self) -> None:
        self.con.execute("BEGIN TRANSACTION")

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.con.execute("ROLLBACK" if exc_type else "COMMIT")
