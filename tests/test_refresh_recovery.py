"""A build that dies between writing documents and finishing the corpus refresh is repaired by
the next build: the store keeps a pending-refresh mark written with the documents and cleared
only once the refresh has completed."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import duckdb
import pytest

from communique.api import build
from communique.serve.export import EXPORTS, export_rows
from communique.store.duckdb_store import DuckDBStore
from communique.store.rows import Provenance

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "corpus" / "seeds"
DATA = ROOT / "tests" / "data"
# the first build; the second adds a document contradicting wire_a's trade figure, and pledges
FIRST = [SEEDS, ROOT / "communique" / "samples", ROOT / "tests" / "golden" / "articles",
         DATA / "fusion_two_outlets" / "wire_a.txt"]  # fmt: skip
BOTH = [*FIRST, DATA / "fusion_two_outlets" / "paper_b.txt", DATA / "pledge_outcomes"]
REFRESHED = ("actors", "timeline", "contradictions")  # rebuilt whole by each refresh

Tables = dict[str, list[dict[str, Any]]]


class Crash(RuntimeError):
    """Stands for the process dying at that point."""


def exports(db: Path) -> Tables:
    with DuckDBStore(db, read_only=True) as store:
        return {what: list(export_rows(store, what)) for what in EXPORTS}


def pending(db: Path) -> bool:
    with DuckDBStore(db) as store:
        return store.refresh_pending()


@pytest.fixture(scope="module")
def clean(tmp_path_factory: pytest.TempPathFactory) -> Tables:
    """Every export of an uninterrupted build of the same inputs (in two steps, like the
    interrupted one, and checked equal to a single build of everything)."""
    base = tmp_path_factory.mktemp("clean")
    build(FIRST, base / "steps.duckdb")
    report = build(BOTH, base / "steps.duckdb")
    assert report.added == 3 and report.refreshed and not report.failures
    single = build(BOTH, base / "single.duckdb")
    assert single.added == 16 and not single.failures
    tables = exports(base / "steps.duckdb")
    assert tables == exports(base / "single.duckdb")
    for what in EXPORTS:
        assert tables[what], f"{what} is empty: the comparison would prove nothing"
    return tables


def _raise(*_args: Any, **_kwargs: Any) -> None:
    raise Crash("killed")


def _fail_on(table: str) -> Callable[..., None]:
    real = DuckDBStore.replace_derived

    def replace_derived(self: DuckDBStore, name: str, rows: Any, prov: Provenance) -> None:
        if name == table:
            raise Crash(f"killed before {table} was written")
        real(self, name, rows, prov)

    return replace_derived


# each crash point: what to patch, and the tables already written anew when it strikes
CRASHES: dict[str, tuple[str, Callable[[], Any], tuple[str, ...]]] = {
    "before the refresh": ("communique.fuse.apply.refresh_corpus", lambda: _raise, ()),
    "actors written, not the timeline": (
        "communique.fuse.apply._fusion", lambda: _raise, ("actors",)),
    "timeline written, not the contradictions": (
        "communique.store.duckdb_store.DuckDBStore.replace_derived",
        lambda: _fail_on("contradictions"), ("actors", "timeline")),
    "all written, the mark not cleared": (
        "communique.store.duckdb_store.DuckDBStore.mark_refreshed", lambda: _raise, REFRESHED),
}  # fmt: skip


@pytest.mark.parametrize("where", list(CRASHES))
def test_a_crash_after_the_documents_were_written_is_repaired(
    where: str, clean: Tables, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target, make, written = CRASHES[where]
    db = tmp_path / "s.duckdb"
    build(FIRST, db)
    before = exports(db)
    with monkeypatch.context() as patch:
        patch.setattr(target, make())
        with pytest.raises(Crash):
            build(BOTH, db)
    crashed = exports(db)
    assert len(crashed["documents"]) == len(clean["documents"])  # the documents were written
    assert pending(db)
    for table in REFRESHED:  # each table is as the crash left it: new if written, else stale
        assert crashed[table] == (clean if table in written else before)[table], table
    assert before["contradictions"] == [] != clean["contradictions"]  # stale really differs

    report = build(BOTH, db)
    assert exports(db) == clean
    assert report.added == 0 and report.skipped == 16 and report.refreshed
    assert not pending(db)


def test_a_killed_process_leaves_the_mark_on_disk(clean: Tables, tmp_path: Path) -> None:
    """No exception handler, no close: the process exits inside the refresh."""
    db = tmp_path / "s.duckdb"
    build(FIRST, db)
    script = (
        "import os, sys\n"
        "import communique.fuse.apply as apply\n"
        "from communique.api import build\n"
        "apply._fusion = lambda *a, **k: os._exit(3)\n"
        "build([*sys.argv[2:]], sys.argv[1])\n"
    )
    args = [sys.executable, "-c", script, str(db), *map(str, BOTH)]
    assert subprocess.run(args, check=False, timeout=300).returncode == 3
    assert exports(db)["timeline"] != clean["timeline"]
    assert pending(db)
    report = build(BOTH, db)
    assert exports(db) == clean
    assert report.added == 0 and report.refreshed


def test_nothing_new_and_nothing_pending_means_no_refresh(tmp_path: Path) -> None:
    db = tmp_path / "s.duckdb"
    assert build(FIRST, db).refreshed
    assert not pending(db)
    report = build(FIRST, db)
    assert report.added == 0 and not report.refreshed


def test_a_database_from_before_the_mark_is_refreshed_once(clean: Tables, tmp_path: Path) -> None:
    """Schema 2 had no mark, so a stale corpus there left no trace: migration 3 marks a
    database holding documents as pending."""
    db = tmp_path / "s.duckdb"
    build(BOTH, db)
    con = duckdb.connect(str(db))
    con.execute("DROP TABLE state")
    con.execute("DELETE FROM schema_migrations WHERE version >= 3")
    con.execute("DELETE FROM timeline")  # stale, as an interrupted build of old left it
    con.close()
    assert pending(db)  # opening for writing migrated it
    report = build(BOTH, db)
    assert exports(db) == clean
    assert report.added == 0 and report.refreshed
    assert not build(BOTH, db).refreshed


def test_an_empty_database_from_before_the_mark_has_nothing_pending(tmp_path: Path) -> None:
    db = tmp_path / "s.duckdb"
    DuckDBStore(db).close()
    con = duckdb.connect(str(db))
    con.execute("DROP TABLE state")
    con.execute("DELETE FROM schema_migrations WHERE version >= 3")
    con.close()
    assert not pending(db)


def test_the_mark_is_written_with_the_documents_or_not_at_all(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from communique.store import duckdb_store

    src = SEEDS / sorted(p.name for p in SEEDS.iterdir())[0]
    db = tmp_path / "s.duckdb"
    real = duckdb_store.DuckDBStore._insert

    def insert(self: DuckDBStore, table: str, rows: list[dict[str, Any]]) -> None:
        if table == "events":
            raise Crash("killed while writing events")
        real(self, table, rows)

    with monkeypatch.context() as patch:
        patch.setattr(duckdb_store.DuckDBStore, "_insert", insert)
        with pytest.raises(Crash):
            build([src], db)
    with DuckDBStore(db) as store:
        assert store.count("documents") == 0 and not store.refresh_pending()
    report = build([src], db)
    assert report.added == 1 and report.refreshed and not pending(db)
