"""The corpus refresh is atomic: a build that dies after writing its documents, at any point of
the refresh, leaves the previous consistent corpus (every derived table, the pledges' outcomes
and the documents' duplicates and inferred dates exactly as before) with the pending-refresh
mark still set, and the next build refreshes to the state an uninterrupted build reaches.

The refresh computes everything first and writes it, with the clearing of the mark, in one
transaction; the documents themselves were committed earlier, with the mark."""

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
WIRE_A = DATA / "fusion_two_outlets" / "wire_a.txt"
# the first build; the second adds a document contradicting wire_a's trade figure, pledges,
# a near-copy of wire_a and an undated report of the same visit (see ``second``)
FIRST = [SEEDS, ROOT / "communique" / "samples", ROOT / "tests" / "golden" / "articles", WIRE_A]
BOTH = [*FIRST, DATA / "fusion_two_outlets" / "paper_b.txt", DATA / "pledge_outcomes"]
REFRESHED = ("actors", "timeline", "contradictions")  # rebuilt whole by each refresh
UNDATED = (
    "Ishiba in Canberra\n\nJapanese Prime Minister Shigeru Ishiba arrived in Canberra on "
    "August 5 for an official visit and held talks with Australian Prime Minister Anthony "
    "Albanese.\n"
)

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
def second(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """The second build's inputs. Only a refresh marks the copy of wire_a (duplicate_of) and
    dates the undated report (published, from wire_a): the documents change too."""
    extra = tmp_path_factory.mktemp("extra")
    wire = WIRE_A.read_text(encoding="utf-8")
    copy = wire.replace("(Wire A)", "(Wire C)").replace("Japanese PM", "Japan's PM")
    (extra / "wire_c_copy.txt").write_text(copy, encoding="utf-8")
    (extra / "undated.txt").write_text(UNDATED, encoding="utf-8")
    return [*BOTH, extra]


@pytest.fixture(scope="module")
def clean(tmp_path_factory: pytest.TempPathFactory, second: list[Path]) -> Tables:
    """Every export of an uninterrupted build of the same inputs (in two steps, like the
    interrupted one, and checked equal to a single build of everything)."""
    base = tmp_path_factory.mktemp("clean")
    build(FIRST, base / "steps.duckdb")
    report = build(second, base / "steps.duckdb")
    assert report.added == 5 and report.refreshed and not report.failures
    single = build(second, base / "single.duckdb")
    assert single.added == 18 and not single.failures
    tables = exports(base / "steps.duckdb")
    assert tables == exports(base / "single.duckdb")
    for what in EXPORTS:
        assert tables[what], f"{what} is empty: the comparison would prove nothing"
    return tables


@pytest.fixture(scope="module")
def stale(tmp_path_factory: pytest.TempPathFactory, second: list[Path], clean: Tables) -> Tables:
    """The previous consistent state: the first build refreshed, the second build's documents
    written, and no refresh since (the second build runs with its refresh skipped)."""
    db = tmp_path_factory.mktemp("stale") / "s.duckdb"
    build(FIRST, db)
    first = exports(db)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("communique.api.refresh_if_pending", lambda *_a: False)
        assert build(second, db).added == 5
    assert pending(db)
    tables = exports(db)
    assert len(tables["documents"]) == len(clean["documents"])  # the documents are written
    for table in REFRESHED:
        assert tables[table] == first[table], table
    for what in (*REFRESHED, "pledges", "documents"):  # the refresh changes each of them
        assert tables[what] != clean[what], f"{what}: the comparison would prove nothing"
    return tables


def _raise(*_args: Any, **_kwargs: Any) -> None:
    raise Crash("killed")


def _fail_before(table: str) -> Callable[..., None]:
    """Kill the per-table writer before it replaces ``table``, the earlier ones replaced."""
    real = DuckDBStore._replace_derived_rows

    def replace(self: DuckDBStore, name: str, rows: Any, prov: Provenance) -> None:
        if name == table:
            raise Crash(f"killed before {table} was replaced")
        real(self, name, rows, prov)

    return replace


def _fail_after(method: str) -> Callable[..., None]:
    """Kill right after the store's private writer ``method`` did its writes."""
    real = getattr(DuckDBStore, method)

    def write(self: DuckDBStore, *args: Any) -> None:
        real(self, *args)
        raise Crash(f"killed after {method}")

    return write


STORE = "communique.store.duckdb_store.DuckDBStore."
# each crash point: what to patch, and with what
CRASHES: dict[str, tuple[str, Callable[[], Any]]] = {
    "before the refresh": ("communique.fuse.apply.refresh_corpus", lambda: _raise),
    "while computing the fusion": ("communique.fuse.apply._fusion", lambda: _raise),
    "documents updated": (STORE + "_update_document_rows",
                          lambda: _fail_after("_update_document_rows")),
    "actors replaced, not the timeline": (STORE + "_replace_derived_rows",
                                          lambda: _fail_before("timeline")),
    "timeline replaced, not the contradictions": (STORE + "_replace_derived_rows",
                                                  lambda: _fail_before("contradictions")),
    "derived tables replaced, pledges updated": (STORE + "_update_pledge_rows",
                                                 lambda: _fail_after("_update_pledge_rows")),
    "all written and the mark cleared, just before commit": (
        STORE + "_clear_pending", lambda: _fail_after("_clear_pending")),
}  # fmt: skip


@pytest.mark.parametrize("where", list(CRASHES))
def test_a_crash_in_the_refresh_leaves_the_previous_consistent_state(
    where: str,
    second: list[Path],
    clean: Tables,
    stale: Tables,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    target, make = CRASHES[where]
    db = tmp_path / "s.duckdb"
    build(FIRST, db)
    with monkeypatch.context() as patch:
        patch.setattr(target, make())
        with pytest.raises(Crash):
            build(second, db)
    assert exports(db) == stale  # all of it: derived tables, pledges, documents
    assert pending(db)

    report = build(second, db)
    assert exports(db) == clean
    assert report.added == 0 and report.skipped == 18 and report.refreshed
    assert not pending(db)


def test_the_rolled_back_transaction_held_the_whole_refresh(
    second: list[Path], clean: Tables, stale: Tables, tmp_path: Path
) -> None:
    """Just before the commit the transaction sees the clean corpus and no mark: the crash
    undid real writes, all of them."""
    seen: dict[str, Any] = {}
    real = DuckDBStore._clear_pending

    def clear(self: DuckDBStore) -> None:
        real(self)
        seen["pending"] = self.refresh_pending()
        seen["tables"] = {what: list(export_rows(self, what)) for what in EXPORTS}
        raise Crash("killed before the commit")

    db = tmp_path / "s.duckdb"
    build(FIRST, db)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(DuckDBStore, "_clear_pending", clear)
        with pytest.raises(Crash):
            build(second, db)
    assert seen == {"pending": False, "tables": clean}
    assert exports(db) == stale and pending(db)


def test_a_process_killed_inside_the_transaction_leaves_the_previous_state_on_disk(
    second: list[Path], clean: Tables, stale: Tables, tmp_path: Path
) -> None:
    """No exception handler, no rollback, no close: the process exits inside the refresh's
    transaction, after the documents were updated and the actors replaced."""
    db = tmp_path / "s.duckdb"
    build(FIRST, db)
    script = (
        "import os, sys\n"
        "from communique.api import build\n"
        "from communique.store.duckdb_store import DuckDBStore\n"
        "real = DuckDBStore._replace_derived_rows\n"
        "def replace(self, table, rows, prov):\n"
        "    real(self, table, rows, prov)\n"
        "    if table == 'actors':\n"
        "        os._exit(3)\n"
        "DuckDBStore._replace_derived_rows = replace\n"
        "build([*sys.argv[2:]], sys.argv[1])\n"
    )
    args = [sys.executable, "-c", script, str(db), *map(str, second)]
    assert subprocess.run(args, check=False, timeout=300).returncode == 3
    assert exports(db) == stale
    assert pending(db)
    report = build(second, db)
    assert exports(db) == clean
    assert report.added == 0 and report.refreshed
    assert not pending(db)


def test_nothing_new_and_nothing_pending_means_no_refresh(tmp_path: Path) -> None:
    db = tmp_path / "s.duckdb"
    assert build(FIRST, db).refreshed
    assert not pending(db)
    report = build(FIRST, db)
    assert report.added == 0 and not report.refreshed


def test_a_database_from_before_the_mark_is_refreshed_once(
    second: list[Path], clean: Tables, tmp_path: Path
) -> None:
    """Schema 2 had no mark, so a stale corpus there left no trace: migration 3 marks a
    database holding documents as pending."""
    db = tmp_path / "s.duckdb"
    build(second, db)
    con = duckdb.connect(str(db))
    con.execute("DROP TABLE state")
    con.execute("DELETE FROM schema_migrations WHERE version >= 3")
    con.execute("DELETE FROM timeline")  # stale, as an interrupted build of old left it
    con.close()
    assert pending(db)  # opening for writing migrated it
    report = build(second, db)
    assert exports(db) == clean
    assert report.added == 0 and report.refreshed
    assert not build(second, db).refreshed


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
