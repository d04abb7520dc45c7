"""Shared fixtures: a store built from the seeds once per test session (read-only use)."""

from __future__ import annotations

from pathlib import Path

import pytest

from communique.api import build

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SEEDS = SHARED / "corpus" / "seeds"


@pytest.fixture(scope="session")
def seeds_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A DuckDB file built from the five seed articles; tests must not write to it."""
    db = tmp_path_factory.mktemp("seeds_store") / "seeds.duckdb"
    report = build([SEEDS], db)
    assert report.failed == 0 and report.added == 5
    return db
