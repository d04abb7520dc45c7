"""Same answers: the Spark engine (local mode) and the local engine export the same record.

The seeds and two folders of our own articles (one holds a contradiction between outlets,
one pledges kept and missed) go through ``build`` and through ``build --engine spark`` then
``load``; events, timeline and pledges (and every other export) must be identical, row for
row and in order, with the default configuration (the learned event coder). Adding a day to a
Spark build is checked with the trigger rules (``Config(event_coder="rules")``), which take
the same path through both engines, faster; so is a slice of t17-dev (30 articles from each of
two topics; all of it: ``python bench/bench_scale.py equal``).
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from communique.api import build
from communique.config import Config
from communique.serve.export import EXPORTS, export_rows
from communique.store.duckdb_store import DuckDBStore

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "corpus" / "seeds"
DATA = ROOT / "tests" / "data"
T17 = ROOT.parent / "shared" / "corpus" / "t17-dev"
T17_TOPICS = ("H1N1_guardian", "LibyaWar_reuters")
CORPUS = [SEEDS, DATA / "fusion_two_outlets", DATA / "pledge_outcomes"]
CONFIG = Config()
RULES = Config(event_coder="rules")
MUST_HAVE_ROWS = ("events", "timeline", "pledges", "contradictions", "actors")


def exports(db: Path) -> dict[str, list[str]]:
    with DuckDBStore(db, read_only=True) as store:
        return {
            what: [json.dumps(r, sort_keys=True, default=str) for r in export_rows(store, what)]
            for what in EXPORTS
        }


@pytest.mark.slow
def test_spark_engine_exports_what_the_local_engine_exports(tmp_path: Path) -> None:
    from communique.scale.engine import build_parquet
    from communique.scale.load import load

    local = build(CORPUS, tmp_path / "local.duckdb", CONFIG)
    assert local.added and not local.failures
    built = build_parquet(CORPUS, tmp_path / "out", CONFIG, master="local[2]", partitions=3)
    assert built.documents == local.added and built.failed == 0
    loaded = load(tmp_path / "out", tmp_path / "spark.duckdb")
    assert loaded.documents == local.added and not loaded.failures
    want, got = exports(tmp_path / "local.duckdb"), exports(tmp_path / "spark.duckdb")
    for what in MUST_HAVE_ROWS:
        assert want[what], f"{what} is empty: the comparison would prove nothing"
    for what in ("events", "timeline", "pledges", *EXPORTS):
        assert got[what] == want[what], f"{what} differs between the Spark and local engines"
    # DuckDB reads the tables directly, partitioned by day
    with DuckDBStore(":memory:") as store:
        n = store.scalar(f"SELECT count(*) FROM read_parquet('{tmp_path}/out/events/*/*.parquet')")
    assert n == len(want["events"])


@pytest.mark.slow
def test_a_day_appended_on_spark_gives_the_record_of_a_build_of_everything(
    tmp_path: Path,
) -> None:
    from communique.scale.engine import build_parquet
    from communique.scale.load import load

    first, day = CORPUS[1], CORPUS[2]
    build([first, day], tmp_path / "local.duckdb", RULES)
    out, db = tmp_path / "out", tmp_path / "spark.duckdb"
    build_parquet([first], out, RULES, master="local[1]")
    assert load(out, db).documents > 0
    # the CLI's --append: only the new day's documents are analysed
    from click.testing import CliRunner

    from communique.serve.cli import cli

    args = ["build", "--engine", "spark", "--master", "local[1]", "--coder", "rules",
            "--out", str(out), "--append", str(first), str(day)]  # fmt: skip
    ran = CliRunner().invoke(cli, args)
    assert ran.exit_code == 0, ran.output
    with DuckDBStore(":memory:") as store:  # the day's documents were added, no others
        again = store.scalar(f"SELECT count(*) FROM read_parquet('{out}/_batch/*/*.parquet')")
        assert again == len(list(day.glob("*.txt")))
    assert load(out, db).documents == 2  # the stored ones are not written again
    want, got = exports(tmp_path / "local.duckdb"), exports(db)
    assert want["pledges"] and got == want


def t17_slice(folder: Path, per_topic: int = 30) -> Path:
    """The first articles with text of each of two t17-dev topics, one JSON Lines file each."""
    folder.mkdir()
    for topic in T17_TOPICS:
        lines = gzip.decompress((T17 / topic / "articles.jsonl.gz").read_bytes()).splitlines()
        kept = [ln for ln in lines if str(json.loads(ln).get("text", "")).strip()][:per_topic]
        (folder / f"{topic}.jsonl").write_bytes(b"\n".join(kept) + b"\n")
    return folder


@pytest.mark.slow
def test_a_t17_dev_slice_gives_the_same_record_on_both_engines(tmp_path: Path) -> None:
    from communique.scale.engine import build_parquet
    from communique.scale.load import load

    corpus = t17_slice(tmp_path / "in")
    local = build([corpus], tmp_path / "local.duckdb", RULES)
    assert local.added == 2 * 30 and not local.failures
    build_parquet([corpus], tmp_path / "out", RULES, master="local[2]")
    assert load(tmp_path / "out", tmp_path / "spark.duckdb").documents == local.added
    want, got = exports(tmp_path / "local.duckdb"), exports(tmp_path / "spark.duckdb")
    assert want["events"] and want["timeline"] and want["pledges"]
    for what in ("events", "timeline", "pledges", *EXPORTS):
        assert got[what] == want[what], f"{what} differs between the Spark and local engines"
