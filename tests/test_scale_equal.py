"""Same answers: the Spark engine (local mode) and the local engine export the same record.

The seeds and two folders of our own articles (one holds a contradiction between outlets,
one pledges kept and missed) go through ``build``, and through ``build --engine spark``,
the last folder appended as a day, then ``load``; events, timeline and pledges (and every
other export) must be identical, row for row and in order, with the default configuration
(the learned event coder). All of t17-dev (the five topics, 1,175 documents, some of its
days appended) is checked with the trigger rules (``Config(event_coder="rules")``), which
take the same path through both engines, faster (``python bench/bench_scale.py equal`` and
``append`` print the same comparisons with timings).
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
def test_spark_engine_exports_what_the_local_engine_exports_with_a_day_appended(
    tmp_path: Path,
) -> None:
    """The seeds and a folder of ours (a contradiction between two outlets) built on Spark
    ``local[2]`` with the default configuration (the learned coder); then a day appended
    through the CLI, given as a ``file:`` URL with a glob: a folder of pledges kept and
    missed, and an edited copy of an earlier article (a near-duplicate across days, which
    sorts before the earlier one and makes it the copy). Loaded, the folder exports what a
    local build of everything exports, row for row."""
    from click.testing import CliRunner

    from communique.scale.engine import build_parquet
    from communique.scale.load import load
    from communique.serve.cli import cli

    first, day = CORPUS[:2], _day_with_a_copy(tmp_path / "day", CORPUS[1], CORPUS[2])
    local = build([*first, day], tmp_path / "local.duckdb", CONFIG)
    assert local.added and not local.failures
    out, db = tmp_path / "out", tmp_path / "spark.duckdb"
    built = build_parquet(first, out, CONFIG, master="local[2]", partitions=3)
    assert built.failed == 0 and load(out, db).documents == built.documents
    args = ["build", "--engine", "spark", "--master", "local[2]", "--out", str(out),
            "--append", *map(str, first), f"file://{day}/*.txt"]  # fmt: skip
    ran = CliRunner().invoke(cli, args)
    assert ran.exit_code == 0, ran.output
    # the three new documents and the earlier article the edited copy now sorts before
    assert "recomputed only what the new documents touch: 4 documents" in ran.output
    with DuckDBStore(":memory:") as store:  # the day's documents were added, no others
        again = store.scalar(f"SELECT count(*) FROM read_parquet('{out}/_batch/*/*.parquet')")
        assert again == len(list(day.glob("*.txt"))) == 3
        # each document's bands once: the stored ones were not computed again
        bands = f"read_parquet('{out}/_bands/*.parquet')"
        rows = store.scalar(f"SELECT count(*) FROM (SELECT DISTINCT * FROM {bands})")
        assert store.scalar(f"SELECT count(*) FROM {bands}") == rows
        assert store.scalar(f"SELECT count(DISTINCT doc_id) FROM {bands}") == local.added
        # DuckDB reads the tables directly, partitioned by day
        events = store.scalar(f"SELECT count(*) FROM read_parquet('{out}/events/*/*.parquet')")
    assert load(out, db).documents == 3  # the stored ones are not written again
    want, got = exports(tmp_path / "local.duckdb"), exports(db)
    assert events == len(want["events"])
    fetched = {json.loads(r)["source"] for r in got["documents"]} - {
        json.loads(r)["source"] for r in want["documents"]}  # fmt: skip
    assert fetched == {f"file:{p}" for p in day.glob("*.txt")}  # they name the URL read
    want["documents"], got["documents"] = _unsourced(want), _unsourced(got)
    for what in MUST_HAVE_ROWS:
        assert want[what], f"{what} is empty: the comparison would prove nothing"
    for what in ("events", "timeline", "pledges", *EXPORTS):
        assert got[what] == want[what], f"{what} differs between the Spark and local engines"


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
