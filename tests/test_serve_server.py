"""One real server: `communique serve` in its own process, spoken to over HTTP."""

from __future__ import annotations

import contextlib
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest


@pytest.fixture(scope="module")
def server(seeds_server: str) -> str:
    return seeds_server


def test_real_server_answers_json_html_and_errors(server: str) -> None:
    r = httpx.get(server + "/events.json", params={"limit": 5, "type": "CONSULT"})
    assert r.status_code == 200
    body = r.json()
    assert body["total"] > 5 and len(body["rows"]) == 5
    assert {e["type"] for e in body["rows"]} == {"CONSULT"}
    page = httpx.get(server + "/timeline")
    assert page.status_code == 200 and "timeline-chart" in page.text
    css = httpx.get(server + "/static/app.css")
    assert css.status_code == 200 and "text/css" in css.headers["content-type"]
    missing = httpx.get(server + "/actors/p:nobody.json")
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "E604"


def test_serving_a_missing_database_fails_clearly(tmp_path: Path) -> None:
    cmd = [sys.executable, "-m", "communique", "serve", "--db", str(tmp_path / "none.duckdb")]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
    assert done.returncode != 0
    assert "none.duckdb" in done.stderr and "no such database" in done.stderr


ServerFor = Callable[..., contextlib.AbstractContextManager[str]]


def test_a_server_that_never_answers_fails_the_test_with_its_output(
    server_for: ServerFor, tmp_path: Path
) -> None:
    silent = [sys.executable, "-c", "import time; print('starting up', flush=True); time.sleep(30)"]
    with (
        pytest.raises(pytest.fail.Exception, match="did not answer.*starting up"),
        server_for(tmp_path / "any.duckdb", cmd=silent, wait=2),
    ):
        pytest.fail("the body must not run")


def test_a_server_that_exits_fails_the_test_with_its_output(
    server_for: ServerFor, tmp_path: Path
) -> None:
    with (
        pytest.raises(pytest.fail.Exception, match="exited with code 2.*no such database"),
        server_for(tmp_path / "none.duckdb"),
    ):
        pytest.fail("the body must not run")
