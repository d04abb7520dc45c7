"""The local engine on every core: a pool of processes writes the same store as one."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from communique.api import Failure, Skipped, build, read, sample_corpus
from communique.config import Config
from communique.model import Document
from communique.scale.pool import PoolOptions, _chunks, _head, default_workers, pool_analyser
from communique.serve.export import EXPORTS, export_rows
from communique.store.duckdb_store import DuckDBStore
from communique.store.rows import Provenance

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "corpus" / "seeds"
CORPUS = [SEEDS, sample_corpus(), ROOT / "tests" / "data" / "pledge_outcomes"]
PROV = Provenance("v", "c", "r")
CONFIG = Config(event_coder="rules", today="2026-01-01")  # the rules: fast, and the same path


def exports(db: Path) -> dict[str, list[str]]:
    """Every export in its own order (not sorted: the writer's order must match too)."""
    with DuckDBStore(db, read_only=True) as store:
        return {
            what: [json.dumps(r, sort_keys=True, default=str) for r in export_rows(store, what)]
            for what in EXPORTS
        }


@pytest.fixture
def always_pool(monkeypatch: pytest.MonkeyPatch) -> None:
    """A pool even for the few documents a test builds (by default they run in-process)."""
    monkeypatch.setattr("communique.scale.pool.MIN_DOCS_PER_WORKER", 0)


@pytest.mark.usefixtures("always_pool")
def test_two_workers_write_what_one_writes(tmp_path: Path) -> None:
    one = build(CORPUS, tmp_path / "one.duckdb", CONFIG, workers=1)
    two = build(CORPUS, tmp_path / "two.duckdb", CONFIG, workers=2)
    assert one.added == two.added > 5 and not one.failures and not two.failures
    a, b = exports(tmp_path / "one.duckdb"), exports(tmp_path / "two.duckdb")
    assert a["events"] and a["timeline"]
    assert a == b
    again = build(CORPUS, tmp_path / "two.duckdb", CONFIG, workers=2)
    assert again.added == 0 and again.skipped == two.added


def test_failures_and_skips_keep_their_place_in_chunks() -> None:
    doc = Document(doc_id="d", text="x")
    items = [Skipped("a"), doc, Failure("f", "E101", "empty"), doc, doc, Skipped("b")]
    chunks = list(_chunks(items, 2))
    assert [len(c) for c in chunks] == [4, 2]
    assert [x for c in chunks for x in c] == items


def test_the_window_bounds_what_is_in_flight() -> None:
    assert PoolOptions(3).in_flight == 6
    assert PoolOptions(3, window=1).in_flight == 1
    assert default_workers() >= 1


def test_a_handful_of_documents_runs_no_pool(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_pool(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("a pool was started")

    monkeypatch.setattr("communique.scale.pool.ProcessPoolExecutor", no_pool)
    docs = list(read([SEEDS], {}, PROV))
    out = list(pool_analyser(CONFIG, PoolOptions(2))(docs))
    assert len(out) == len(docs) == 5 and all(d.events for d in out if isinstance(d, Document))
    assert _head(iter(docs), 2) == docs[:2]


@pytest.mark.usefixtures("always_pool")
def test_a_bad_document_in_a_worker_is_a_failure_not_a_crash(tmp_path: Path) -> None:
    bad = tmp_path / "in"
    bad.mkdir()
    (bad / "empty.txt").write_text("")
    (bad / "ok.txt").write_text("Vietnam and Japan signed a trade agreement on 3 May 2016.\n")
    report = build([bad], tmp_path / "x.duckdb", CONFIG, workers=2)
    assert report.added == 1 and [f.code for f in report.failures] == ["E101"]
