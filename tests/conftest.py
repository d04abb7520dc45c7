"""Shared fixtures: a store built from the seeds once per test session (read-only use)."""

from __future__ import annotations

import contextlib
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
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


@contextlib.contextmanager
def running_server(db: Path) -> Iterator[str]:
    """`communique serve --db DB` in its own process on a free port; yields its base URL."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    cmd = [sys.executable, "-m", "communique", "serve", "--db", str(db), "--port", str(port)]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            if proc.poll() is not None:
                out = proc.stdout.read().decode() if proc.stdout else ""
                pytest.fail(f"server exited: {out}")
            try:
                httpx.get(base + "/openapi.json", timeout=1)
                break
            except httpx.TransportError:
                time.sleep(0.1)
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.fixture(scope="session")
def seeds_server(seeds_store: Path) -> Iterator[str]:
    with running_server(seeds_store) as base:
        yield base


@pytest.fixture(scope="session")
def server_for() -> Callable[[Path], contextlib.AbstractContextManager[str]]:
    """:func:`running_server`, for tests serving a store of their own."""
    return running_server
