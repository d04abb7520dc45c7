"""Spark scale-out: the same per-document analysis, spread over partitions."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

from communique.api import build
from communique.errors import OptionalDependencyMissing
from communique.scale.spark import build_on_spark, list_inputs
from communique.serve.export import EXPORTS, export_rows
from communique.store.duckdb_store import DuckDBStore

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "corpus" / "seeds"


def test_list_inputs_expands_folders_to_readable_files(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("x")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.jsonl.gz").write_bytes(b"")
    (tmp_path / "notes.md").write_text("x")
    files = list_inputs([tmp_path])
    assert [Path(f).name for f in files] == ["a.txt", "b.jsonl.gz"]


def test_missing_pyspark_is_a_clear_message(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setitem(sys.modules, "pyspark.sql", None)
    with pytest.raises(OptionalDependencyMissing, match="pip install"):
        build_on_spark([SEEDS], tmp_path / "x.duckdb")


# the seeds and articles of our own, enough for every export to have rows (fusion_two_outlets
# holds a contradiction, pledge_outcomes pledges kept and missed)
DATA = ROOT / "tests" / "data"
CORPUS = [SEEDS, ROOT / "communique" / "samples", ROOT / "tests" / "golden" / "articles",
          DATA / "fusion_two_outlets", DATA / "pledge_outcomes"]  # fmt: skip
# the only fields allowed to differ between two builds of the same inputs: which run wrote a
# row and when (exports carry none of them today; dropped by name should one be added)
RUN_SPECIFIC = frozenset({"run_id", "started_at", "finished_at"})
PROVENANCE = ("pipeline_version", "config_hash")  # compared like any other field

Tables = dict[str, list[str]]


def exports(db: Path) -> Tables:
    """Every export, each row in full (less the run-specific fields) as canonical JSON; rows
    sorted so that the order of ties in an export does not count."""
    out: Tables = {}
    with DuckDBStore(db, read_only=True) as store:
        for what in EXPORTS:
            rows = [{k: v for k, v in r.items() if k not in RUN_SPECIFIC}
                    for r in export_rows(store, what)]  # fmt: skip
            assert rows, f"{what} is empty: the comparison would prove nothing"
            assert all(set(PROVENANCE) <= set(r) for r in rows), what
            out[what] = sorted(json.dumps(r, sort_keys=True, default=str) for r in rows)
    return out


@pytest.fixture(scope="module")
def local(tmp_path_factory: pytest.TempPathFactory) -> Tables:
    db = tmp_path_factory.mktemp("local") / "local.duckdb"
    report = build(CORPUS, db)
    assert report.added == 16 and not report.failures
    return exports(db)


@pytest.mark.slow
def test_spark_build_matches_the_local_build_on_every_export(local: Tables, tmp_path: Path) -> None:
    db = tmp_path / "spark.duckdb"
    report = build_on_spark(CORPUS, db, partitions=3)
    assert report.added == 16 and not report.failures
    spark = exports(db)
    assert set(spark) == set(EXPORTS)
    for what in EXPORTS:
        assert spark[what] == local[what], f"{what} differs between Spark and local builds"
    assert report.refreshed


@pytest.mark.slow
def test_spark_build_refreshes_what_a_crashed_build_left_pending(
    local: Tables, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "spark.duckdb"
    with monkeypatch.context() as patch:
        patch.setattr("communique.fuse.apply._fusion", _crash)
        with pytest.raises(RuntimeError, match="killed"):
            build(CORPUS, db)
    # and the workers run this interpreter whatever the environment says
    monkeypatch.setenv("PYSPARK_PYTHON", str(tmp_path / "no-such-python"))
    report = build_on_spark(CORPUS, db, partitions=2)
    assert report.added == 0 and report.skipped == 16
    assert exports(db) == local
    assert report.refreshed


def _crash(*_args: object) -> None:
    raise RuntimeError("killed after the actors were written")


def test_spark_workers_run_this_interpreter(monkeypatch: pytest.MonkeyPatch) -> None:
    from communique.scale import spark

    monkeypatch.setenv("PYSPARK_PYTHON", "/usr/bin/python-without-deps")
    monkeypatch.delenv("PYSPARK_DRIVER_PYTHON", raising=False)
    with spark._worker_python(sys.executable):
        assert os.environ["PYSPARK_PYTHON"] == sys.executable
        assert os.environ["PYSPARK_DRIVER_PYTHON"] == sys.executable
    assert os.environ["PYSPARK_PYTHON"] == "/usr/bin/python-without-deps"
    assert "PYSPARK_DRIVER_PYTHON" not in os.environ
