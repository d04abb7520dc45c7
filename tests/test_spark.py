"""Spark support: a clear message without PySpark; the workers run this interpreter.

The Spark build itself is compared with the local one in tests/test_scale_equal.py.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from communique.errors import OptionalDependencyMissing
from communique.scale.engine import build_parquet

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "corpus" / "seeds"


def test_missing_pyspark_is_a_clear_message(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setitem(sys.modules, "pyspark.sql", None)
    with pytest.raises(OptionalDependencyMissing, match="pip install"):
        build_parquet([SEEDS], tmp_path / "out")


def test_spark_workers_run_this_interpreter(monkeypatch: pytest.MonkeyPatch) -> None:
    from communique.scale import session

    monkeypatch.setenv("PYSPARK_PYTHON", "/usr/bin/python-without-deps")
    monkeypatch.delenv("PYSPARK_DRIVER_PYTHON", raising=False)
    with session.worker_python(sys.executable):
        assert os.environ["PYSPARK_PYTHON"] == sys.executable
        assert os.environ["PYSPARK_DRIVER_PYTHON"] == sys.executable
    assert os.environ["PYSPARK_PYTHON"] == "/usr/bin/python-without-deps"
    assert "PYSPARK_DRIVER_PYTHON" not in os.environ


def test_components_settle_a_chain_in_logarithmic_rounds() -> None:
    """Chains of 300 (a leader's meetings day after day), their node ids in order and in no
    order, need 300 rounds of label propagation alone; with hooking and pointer jumping
    they settle in 12, each node labelled with its component's smallest node."""
    import random

    from communique.scale.components import components, undirected
    from communique.scale.session import spark_session

    ids = [f"r{i:04d}" for i in range(301)]
    random.Random(7).shuffle(ids)
    chains = [(f"{i:04d}", f"{i + 1:04d}") for i in range(300)] + list(
        zip(ids[:-1], ids[1:], strict=True)
    )
    star = [("s0", f"s{i}") for i in range(1, 5)]
    with spark_session("local[1]") as spark:
        edges = undirected(spark.createDataFrame([*chains, *star], "a string, b string"))
        labels = dict(components(edges, max_rounds=12).rdd.map(tuple).collect())
    want = {f"{i:04d}": "0000" for i in range(301)}
    want.update({i: "r0000" for i in ids} | {f"s{i}": "s0" for i in range(5)})
    assert labels == want


def test_refresh_state_is_replaced_only_when_a_run_commits(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A run reads ``_state`` and writes ``_state.next``: a run that stops before its
    commit leaves the earlier state as it was; ``renew`` replaces the records under the
    touched keys and keeps every other. (Two tables stand for the twelve.)"""
    from communique.scale import state
    from communique.scale.rdd import Run
    from communique.scale.session import spark_session
    from communique.scale.state import State

    monkeypatch.setattr(state, "NAMES", ("facts", "rows"))

    out = str(tmp_path)
    with spark_session("local[1]") as spark:
        sc = spark.sparkContext
        first = State.open(spark, out, append=False)
        for name in state.NAMES:
            first.keep(name, sc.parallelize([("a", 1), ("b", 2)]))
        first.commit({"today": "2011-10-20"})
        second = State.open(spark, out, append=True)
        run = Run(spark, 2, second)
        touched = sc.parallelize([("b", None), ("c", None)])
        renewed = run.renew("facts", sc.parallelize([("c", 3)]), touched)
        assert sorted(renewed.collect()) == [("a", 1), ("c", 3)]
        # no commit: the run failed; the state is the first run's
        third = State.open(spark, out, append=True)
        assert third.earlier and third.scalars == {"today": "2011-10-20"}
        assert sorted(third.old("facts").collect()) == [("a", 1), ("b", 2)]
        run = Run(spark, 2, third)
        for name in state.NAMES:  # a run writes every table
            run.renew(name, sc.parallelize([("c", 3)]), touched)
        third.commit({"today": "2011-10-21"})
        fourth = State.open(spark, out, append=True)
        assert fourth.scalars == {"today": "2011-10-21"}
        assert sorted(fourth.old("rows").collect()) == [("a", 1), ("c", 3)]
        assert not State.open(spark, out, append=False).earlier  # a full build starts anew


def test_urls_are_fetched_by_spark_and_one_matching_nothing_is_a_failure_naming_it(
    tmp_path: Path,
) -> None:
    """Inputs given as URLs (any filesystem Spark reads; ``file:`` here) are asked of their
    filesystem on the driver: one matching no file is a failure E105 naming it, as a
    missing path is; the others go to the executors."""
    from communique.config import Config
    from communique.scale.engine import _files, _options, _reachable
    from communique.scale.session import spark_session

    (tmp_path / "a.txt").write_text("Talks were held in Hanoi on Monday.\n", encoding="utf-8")
    there, nowhere = f"file://{tmp_path}/*.txt", f"file://{tmp_path}/none/*.txt"
    files, problems = _files([there, nowhere, tmp_path / "a.txt"], _options(Config()))
    assert files == [there, nowhere, str(tmp_path / "a.txt")] and not problems
    with spark_session("local[1]") as spark:
        kept, missing = _reachable(spark, files)
    assert kept == [there, str(tmp_path / "a.txt")]
    assert missing == [(nowhere, "E105", "no such file or folder", -1, 0)]
