"""``communique load DIR --db FILE``: a Spark build's folder into a DuckDB store.

Documents are written through the store's one write path in batches, in doc_id order
(DuckDB reads and sorts the Parquet; memory holds one batch), those already stored unchanged
skipped (loading a build that appended a day writes that day), then the corpus-level refresh
computed on Spark (:mod:`communique.scale.refresh`) is applied in one transaction, as a local build's refresh is: the store
then holds what a local build of the same inputs holds.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from communique.errors import StoreError
from communique.scale import tables
from communique.store.duckdb_store import DuckDBStore, Refresh
from communique.store.rows import Provenance

BATCH = 200


@dataclass(frozen=True)
class LoadReport:
    db: str
    documents: int
    failures: tuple[tuple[str, str, str], ...]  # (source, code, reason) named by the build


def load(folder: str | Path, db: str | Path, batch: int = BATCH) -> LoadReport:
    """Write the Spark build in ``folder`` into the store at ``db`` (new, or holding only
    documents of the same build: the corpus-level tables are replaced with the build's)."""
    from communique.store.snapshot import open_writer, publish

    root = Path(folder)
    prov = _provenance(root)
    with duckdb.connect() as parquet, open_writer(db) as store:
        _check_corpus(parquet, root, store)
        written = _write_documents(parquet, root, store, prov, batch)
        store.apply_refresh(_refresh(parquet, root), prov)
        failures = _failures(parquet, root)
        publish(store)
    return LoadReport(str(db), written, failures)


def _provenance(root: Path) -> Provenance:
    try:
        manifest = json.loads((root / tables.MANIFEST).read_text())
    except (OSError, ValueError) as exc:
        raise StoreError(f"not a Spark build folder: {exc}", source=str(root)) from None
    run = "load-" + uuid.uuid4().hex[:7]
    return Provenance(manifest["pipeline_version"], manifest["config_hash"], run)


def _files(root: Path, table: str) -> str:
    return str(root / table / "**" / "*.parquet")


def _check_corpus(parquet: duckdb.DuckDBPyConnection, root: Path, store: DuckDBStore) -> None:
    stored = set(store.known_documents())
    if not stored:
        return
    sql = f"SELECT doc_id FROM read_parquet('{_files(root, tables.DOCS)}')"
    built = {r[0] for r in parquet.execute(sql).fetchall()}
    if stored - built:
        raise StoreError(
            f"the database holds {len(stored - built)} documents this build lacks; "
            "load into a new database", source=str(store.path))  # fmt: skip


def _write_documents(parquet: duckdb.DuckDBPyConnection, root: Path, store: DuckDBStore,
                     prov: Provenance, batch: int) -> int:  # fmt: skip
    from communique.scale.executor import documents

    known = store.known_documents()
    sql = ("SELECT doc_id, content_hash, payload "
           f"FROM read_parquet('{_files(root, tables.DOCS)}') ORDER BY doc_id")  # fmt: skip
    cur = parquet.execute(sql)
    written = 0
    while rows := cur.fetchmany(batch):
        new = [r for r in rows if known.get(r[0]) != (r[1], *_version(prov))]
        written += store.write_documents(list(documents({"payload": r[2]} for r in new)), prov)
    return written


def _version(prov: Provenance) -> tuple[str, str]:
    return prov.pipeline_version, prov.config_hash


def _refresh(parquet: duckdb.DuckDBPyConnection, root: Path) -> Refresh:
    """The refresh rows, each kind in its key's order (text, sorted here: the order the
    local refresh lists them; a build from before numbered them, ``seq``)."""
    files = _files(root, tables.REFRESH)
    columns = {
        r[0] for r in parquet.execute(f"DESCRIBE SELECT * FROM read_parquet('{files}')").fetchall()
    }
    order = "key" if "key" in columns else "seq"
    rows = parquet.execute(f"SELECT kind, {order}, row FROM read_parquet('{files}')").fetchall()
    found: dict[str, list[Any]] = {}
    for kind, _, row in sorted(rows, key=lambda r: (r[0], r[1])):
        found.setdefault(kind, []).append(json.loads(row))
    if (root / tables.CONTRADICTIONS).exists():  # a build from before: in _refresh
        found["contradictions"] = _contradictions(parquet, root)
    derived = {k: found.get(k, []) for k in ("actors", "timeline", "contradictions")}
    return Refresh(
        derived=derived,
        documents=[(doc_id, fields) for doc_id, fields in found.get("documents", [])],
        pledges=[(p, status, evidence) for p, status, evidence in found.get("pledges", [])],
    )


def _contradictions(parquet: duckdb.DuckDBPyConnection, root: Path) -> list[Any]:
    """The figure contradictions, in claim-key order (as the local fuser lists them)."""
    if not any((root / tables.CONTRADICTIONS).glob("**/*.parquet")):
        return []
    sql = f"SELECT row FROM read_parquet('{_files(root, tables.CONTRADICTIONS)}') ORDER BY key"
    return [json.loads(r[0]) for r in parquet.execute(sql).fetchall()]


def _failures(parquet: duckdb.DuckDBPyConnection, root: Path) -> tuple[tuple[str, str, str], ...]:
    sql = (f"SELECT source, code, reason FROM read_parquet('{_files(root, tables.FAILURES)}') "
           "ORDER BY file, record, source")  # fmt: skip
    return tuple((r[0], r[1], r[2]) for r in parquet.execute(sql).fetchall())
