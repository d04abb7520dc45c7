"""Spark scale-out: the same per-document analysis, spread over partitions."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from communique.api import build
from communique.errors import OptionalDependencyMissing
from communique.scale.spark import build_on_spark, list_inputs
from communique.serve.export import export_rows
from communique.store.duckdb_store import DuckDBStore

SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "seeds"


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


@pytest.mark.slow
def test_spark_build_matches_the_local_build(tmp_path: Path) -> None:
    pytest.importorskip("pyspark", reason="PySpark is an optional extra: communique[spark]")
    if shutil.which("java") is None:
        pytest.skip("Spark needs Java")
    local, spark = tmp_path / "local.duckdb", tmp_path / "spark.duckdb"
    build([SEEDS], local)
    report = build_on_spark([SEEDS], spark, partitions=2)
    assert report.added == 5 and not report.failures

    def facts(db: Path) -> dict[str, list[tuple[object, ...]]]:
        with DuckDBStore(db, read_only=True) as store:
            return {
                what: sorted(
                    tuple(str(r.get(k)) for k in ("doc_id", "type", "value", "date", "span"))
                    for r in export_rows(store, what)
                )
                for what in ("documents", "events", "figures", "times")
            }

    assert facts(spark) == facts(local)
