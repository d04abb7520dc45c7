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
