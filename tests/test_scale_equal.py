"""Same answers: the Spark engine (local mode) and the local engine export the same record.

The seeds and two folders of our own articles (one holds a contradiction between outlets,
one pledges kept and missed) go through ``build`` and through ``build --engine spark`` then
``load``; events, timeline and pledges (and every other export) must be identical, row for
row and in order, with the default configuration (the learned event coder). Adding a day to a
Spark build is checked with the trigger rules (``Config(event_coder="rules")``), which take
the same path through both engines, faster; so is all of t17-dev (the five topics, 1,175
documents; ``python bench/bench_scale.py equal`` prints the same comparison with timings).
"""

from __future__ import annotations

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

    first, day = CORPUS[1], _day_with_a_copy(tmp_path / "day", CORPUS[1], CORPUS[2])
    build([first, day], tmp_path / "local.duckdb", RULES)
    with DuckDBStore(tmp_path / "local.duckdb", read_only=True) as store:  # a copy to find
        assert store.scalar("SELECT count(*) FROM documents WHERE duplicate_of IS NOT NULL")
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
    # the three new documents and the earlier article the edited copy now sorts before (it
    # becomes the copy); the day holds a 2019 article, before the first build's first day:
    # every visit is recomputed (the history flag), so visits are not counted
    assert "recomputed only what the new documents touch: 4 documents" in ran.output
    assert "visits" not in ran.output
    with DuckDBStore(":memory:") as store:  # the day's documents were added, no others
        again = store.scalar(f"SELECT count(*) FROM read_parquet('{out}/_batch/*/*.parquet')")
        assert again == len(list(day.glob("*.txt"))) == 3
        # each document's bands once: the stored ones were not computed again
        bands = f"read_parquet('{out}/_bands/*.parquet')"
        rows = store.scalar(f"SELECT count(*) FROM (SELECT DISTINCT * FROM {bands})")
        assert store.scalar(f"SELECT count(*) FROM {bands}") == rows
        assert store.scalar(f"SELECT count(DISTINCT doc_id) FROM {bands}") == 5
    assert load(out, db).documents == 3  # the stored ones are not written again
    want, got = exports(tmp_path / "local.duckdb"), exports(db)
    assert want["pledges"] and got == want


def _day_with_a_copy(folder: Path, earlier: Path, day: Path) -> Path:
    """A day's folder: ``day``'s articles and a lightly edited copy of one of ``earlier``'s
    (a near-duplicate across days: the component it joins is compared again)."""
    folder.mkdir()
    for path in sorted(day.glob("*.txt")):
        (folder / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    original = sorted(earlier.glob("*.txt"))[0].read_text(encoding="utf-8")
    (folder / "copy.txt").write_text(original.rstrip() + "\n\n(Edited by the desk.)\n",
                                     encoding="utf-8")  # fmt: skip
    return folder


@pytest.mark.slow
def test_all_of_t17_dev_gives_the_same_record_on_both_engines(tmp_path: Path) -> None:
    """The five t17-dev topics as they come (1,182 records, 1,175 with text), the trigger
    rules: the local engine with two workers reads them at once; Spark ``local[2]`` builds
    all but some days, then appends those days (every 12th date of the corpus from the
    7th, scattered through it, and the last), then ``load``. The append recomputes only what the days
    touch: fewer documents are reported again, and fewer pledges judged, than the corpus
    holds, and still every export is the local build's."""
    from communique.scale.engine import build_parquet
    from communique.scale.load import load

    corpus = sorted(T17.glob("*/articles.jsonl.gz"))
    assert len(corpus) == 5
    local = build(corpus, tmp_path / "local.duckdb", RULES, workers=2)
    assert local.added > 1000
    earlier, days = _split_days(corpus, tmp_path / "earlier", tmp_path / "days")
    first = build_parquet([earlier], tmp_path / "out", RULES, master="local[2]")
    added = build_parquet([days], tmp_path / "out", RULES, master="local[2]", append=True)
    assert first.documents < added.documents == local.added
    redone = dict(added.refreshed)
    assert 0 < redone["reports"] < local.added // 2 and redone["visits"] > 0
    assert 0 < redone["pledges"] < len(exports(tmp_path / "local.duckdb")["pledges"])
    assert load(tmp_path / "out", tmp_path / "spark.duckdb").documents == local.added
    want, got = exports(tmp_path / "local.duckdb"), exports(tmp_path / "spark.duckdb")
    for what in MUST_HAVE_ROWS:
        assert want[what], f"{what} is empty: the comparison would prove nothing"
    # the documents were read from other files: where each was read is all that differs
    want["documents"], got["documents"] = _unsourced(want), _unsourced(got)
    for what in ("events", "timeline", "pledges", *EXPORTS):
        assert got[what] == want[what], f"{what} differs between the Spark and local engines"


def _unsourced(found: dict[str, list[str]]) -> list[str]:
    return [
        json.dumps({**json.loads(r), "source": None}, sort_keys=True) for r in found["documents"]
    ]


def _split_days(corpus: list[Path], earlier: Path, days: Path) -> tuple[Path, Path]:
    """The records of ``corpus`` in two folders of JSON Lines files, one per topic: those
    published on every 12th date of the corpus from the 7th (not the first: that would
    move the history flag of every entry) and on its last, and the others."""
    import gzip

    topics = [gzip.decompress(p.read_bytes()).decode().splitlines() for p in corpus]
    dates = sorted({_day(line) for t in topics for line in t})
    held = set(dates[6::12]) | {dates[-1]}
    for folder in (earlier, days):
        folder.mkdir()
    for k, lines in enumerate(topics):
        for folder, keep in ((days, True), (earlier, False)):
            chosen = [x for x in lines if (_day(x) in held) == keep]
            (folder / f"topic-{k}.jsonl").write_text("".join(f"{x}\n" for x in chosen))
    return earlier, days


def _day(line: str) -> str:
    return str(json.loads(line).get("published") or "")[:10]
