"""Shared fixtures: a store built from the seeds once per test session (read-only use), live
servers, and the browser tests' Chromium, server and page (see ``browser_support.py``)."""

from __future__ import annotations

import contextlib
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING

import httpx
import pytest

from communique.api import build

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SEEDS = SHARED / "corpus" / "seeds"


@pytest.fixture(scope="session")
def seeds_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A DuckDB file built from the five seed articles; tests must not write to it."""
    db = tmp_path_factory.mktemp("seeds_store") / "seeds.duckdb"
    report = build([SEEDS], db)
    assert report.failed == 0 and report.added == 5
    return db


LIBYA_CNN = SHARED / "corpus" / "t17-dev" / "LibyaWar_cnn" / "articles.jsonl.gz"
LIBYA_RECORDS = 120


@pytest.fixture(scope="session")
def libya_cnn_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The first 120 Timeline17 LibyaWar CNN records (those with text) built once a session
    for the browser tests (read-only use)."""
    import gzip
    import itertools
    import json

    if not LIBYA_CNN.exists():
        pytest.fail(f"the topic slice {LIBYA_CNN} is missing", pytrace=False)
    folder = tmp_path_factory.mktemp("libya")
    corpus = folder / "libya.jsonl"
    with gzip.open(LIBYA_CNN, "rt", encoding="utf-8") as src, corpus.open("w") as out:
        for line in itertools.islice(src, LIBYA_RECORDS):
            if (json.loads(line).get("text") or "").strip():  # two records have no text
                out.write(line)
    db = folder / "libya.duckdb"
    report = build([corpus], db)
    assert report.failed == 0 and report.added > 100
    return db


@contextlib.contextmanager
def running_server(db: Path, cmd: Sequence[str] | None = None, wait: float = 30.0) -> Iterator[str]:
    """`communique serve --db DB` (or ``cmd``, given the port) in its own process on a free
    port; yields its base URL once it answers. Fails the test with the server's output if it
    exits or does not answer within ``wait`` seconds."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    serve = [sys.executable, "-m", "communique", "serve", "--db", str(db), "--port", str(port)]
    args = [*cmd, str(port)] if cmd is not None else serve
    base = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryFile() as log:  # a file, not a pipe nobody reads while it runs
        proc = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT)
        try:
            _wait_until_up(proc, base, log, wait)
            yield base
        finally:
            proc.terminate()
            proc.wait(timeout=10)


def _wait_until_up(proc: subprocess.Popen[bytes], base: str, log: IO[bytes], wait: float) -> None:
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"server exited with code {proc.returncode}: {_output(log)}")
        try:
            if httpx.get(base + "/openapi.json", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    pytest.fail(f"server did not answer at {base} within {wait:g} s: {_output(log)}")


def _output(log: IO[bytes]) -> str:
    log.flush()
    log.seek(0)
    return log.read().decode(errors="replace")[-4000:] or "(no output)"


@pytest.fixture(scope="session")
def seeds_server(seeds_store: Path) -> Iterator[str]:
    with running_server(seeds_store) as base:
        yield base


@pytest.fixture(scope="session")
def server_for() -> Callable[..., contextlib.AbstractContextManager[str]]:
    """:func:`running_server`, for tests serving a store of their own."""
    return running_server


# -- the browser tests ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    from browser_support import launch

    with launch() as b:
        yield b


@pytest.fixture(scope="module")
def base_url(store: Path) -> Iterator[str]:
    """A live server on the requesting module's own ``store`` fixture."""
    with running_server(store) as base:
        yield base


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A blank page 1300 pixels wide; a JavaScript error on it fails the test."""
    from browser_support import open_page

    with open_page(browser) as pg:
        yield pg
