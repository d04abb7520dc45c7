"""Serving at size (issue 15): the lists precomputed at each refresh give the same answers as
their queries, are not used once stale, and whole responses are sent again from memory while
the served snapshot is unchanged."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest
from fastapi.testclient import TestClient

from communique.serve import reader
from communique.serve.app import create_app
from communique.serve.lists import SPECS, read_list
from communique.serve.reader import Filters, PageRequest
from communique.store import read_models
from communique.store.duckdb_store import DuckDBStore

FILTERS = [
    Filters(),
    Filters(countries=("VNM", "RUS")),
    Filters(start="2013", end="2019-06"),
    Filters(q="visit"),
    Filters(actor="Putin"),
]


@pytest.fixture()
def copy(seeds_store: Path, tmp_path: Path) -> Path:
    out = tmp_path / "copy.duckdb"
    shutil.copy(seeds_store, out)
    return out


def _pages(store: DuckDBStore, name: str, f: Filters) -> list[object]:
    pages, cursor = [], None
    while True:
        page = read_list(store, name, f, PageRequest(limit=7, cursor=cursor))
        pages.append((page.total, page.rows))
        if not (cursor := page.next_cursor):
            return pages


def test_a_build_leaves_fresh_read_models(seeds_store: Path) -> None:
    with DuckDBStore(seeds_store, read_only=True) as store:
        assert read_models.fresh(store.con)
        for name in SPECS:
            assert store.scalar(f"SELECT count(*) FROM read_{name}") == store.scalar(
                f"SELECT count(*) FROM ({SPECS[name].base}) AS b"
            )


@pytest.mark.parametrize("name", sorted(SPECS))
def test_read_models_answer_as_the_queries_do(
    seeds_store: Path, name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    filters = [f for f in FILTERS if name != "actors" or not f.start]
    with DuckDBStore(seeds_store, read_only=True) as store:
        assert reader.read_models_fresh(store)
        fast = [_pages(store, name, f) for f in filters]
        _without_read_models(monkeypatch)
        slow = [_pages(store, name, f) for f in filters]
    assert fast == slow
    if name != "contradictions":  # the samples have none
        assert any(total for pages in fast for total, _ in pages)  # type: ignore[misc]


def _without_read_models(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(read_models, "fresh", lambda _con: False)
    monkeypatch.setattr(reader, "_FRESH", {})


@pytest.mark.parametrize(
    "url", ["/index.json", "/pair.json?a=VNM&b=RUS", "/actors/p:vladimir-putin.json"]
)
def test_the_overview_and_dashboard_answer_as_without_read_models(
    seeds_store: Path, url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(reader, "_FRESH", {})
    fast = TestClient(create_app(seeds_store)).get(url)
    _without_read_models(monkeypatch)
    slow = TestClient(create_app(seeds_store)).get(url)
    assert fast.status_code == slow.status_code == 200
    assert fast.json() == slow.json()


def test_stale_read_models_are_not_used(copy: Path) -> None:
    with duckdb.connect(str(copy)) as con:
        con.execute("DELETE FROM events WHERE type = 'CONSULT'")
        assert not read_models.fresh(con)
    with DuckDBStore(copy, read_only=True) as store:
        assert not reader.read_models_fresh(store)
        page = read_list(store, "events", Filters(type="CONSULT"), PageRequest())
        assert page.total == 0 and page.rows == []
        assert store.scalar("SELECT count(*) FROM read_events WHERE type = 'CONSULT'") > 0


def test_repeated_requests_are_answered_from_memory(copy: Path) -> None:
    client = TestClient(create_app(copy))
    first = client.get("/events.json?limit=3")
    again = client.get("/events.json?limit=3")
    assert first.headers["x-cache"] == "miss" and again.headers["x-cache"] == "hit"
    assert again.content == first.content and again.headers["etag"] == first.headers["etag"]
    assert client.get("/events.json?limit=4").headers["x-cache"] == "miss"  # another URL
    reload = client.get("/events.json?limit=3", headers={"Cache-Control": "no-cache"})
    assert reload.headers["x-cache"] == "miss" and reload.content == first.content
    not_modified = client.get(
        "/events.json?limit=3", headers={"If-None-Match": first.headers["etag"]}
    )
    assert not_modified.status_code == 304 and not not_modified.content
    assert client.get("/nope.json").status_code == 404
    assert client.get("/nope.json").headers.get("x-cache") != "hit"  # errors are not kept


def test_downloads_stream_past_the_cache(copy: Path) -> None:
    client = TestClient(create_app(copy))
    for _ in range(2):
        r = client.get("/events.csv")
        assert r.status_code == 200 and r.headers.get("x-cache") != "hit"
