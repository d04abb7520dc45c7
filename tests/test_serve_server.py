"""One real server: `communique serve` in its own process, spoken to over HTTP."""

from __future__ import annotations

import subprocess
import sys
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
    assert len(body["rows"]) <= 5 and all(e["type"] == "CONSULT" for e in body["rows"])
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
