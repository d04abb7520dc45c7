"""The JSON API and pages through an in-process client, on a store built from the seeds."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from communique.fuse.timeline import window_overlaps
from communique.serve.app import create_app
from communique.store.duckdb_store import DuckDBStore

LISTS = ("timeline", "events", "pledges", "figures", "documents", "actors")
# each page and a mark of one row of content on it (an empty page shows none)
PAGES = {"/": 'class="pair"', "/timeline": 'class="entry-row"', "/events": 'class="event-row"',
         "/pledges": 'class="pledge-row"', "/figures": 'class="series"',
         "/documents": 'class="doc-row"', "/actors": 'class="actor-row"'}  # fmt: skip


@pytest.fixture(scope="module")
def client(seeds_store: Path) -> Iterator[TestClient]:
    with TestClient(create_app(seeds_store)) as c:
        yield c


def _get(client: TestClient, url: str, status: int = 200) -> Any:
    r = client.get(url)
    assert r.status_code == status, (url, r.text[:300])
    return r.json()


def _error(client: TestClient, url: str, status: int) -> dict[str, Any]:
    body = _get(client, url, status)
    assert set(body) == {"error"}
    assert set(body["error"]) == {"status", "code", "message", "details"}
    assert body["error"]["status"] == status
    return dict(body["error"])


@pytest.mark.parametrize("name", LISTS)
def test_every_list_pages_through_all_rows_once(client: TestClient, name: str) -> None:
    first = _get(client, f"/{name}.json?limit=3")
    assert first["total"] > 0 and len(first["rows"]) == min(3, first["total"])
    seen, cursor = [], None
    while True:
        page = _get(client, f"/{name}.json?limit=3" + (f"&cursor={cursor}" if cursor else ""))
        seen.extend(json.dumps(r, sort_keys=True) for r in page["rows"])
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert len(seen) == first["total"] == len(set(seen))


def test_events_carry_the_contract_fields_and_point_to_their_sentence(
    client: TestClient, seeds_store: Path
) -> None:
    rows = _get(client, "/events.json?limit=1000")["rows"]
    with DuckDBStore(seeds_store, read_only=True) as store:
        texts = {r["doc_id"]: r["text"] for r in store.query("SELECT doc_id, text FROM documents")}
        assert len(rows) == store.count("events") > 0
    for ev in rows:
        for key in ("event_id", "doc_id", "sentence", "span", "date", "type", "mode", "cameo",
                    "source", "target", "participants", "location", "contexts", "confidence"):  # fmt: skip
            assert key in ev
        start, end = ev["span"]
        assert texts[ev["doc_id"]][start:end] == ev["sentence"]


def test_filters_narrow_the_events(client: TestClient) -> None:
    everything = _get(client, "/events.json?limit=1000")["rows"]
    consult = _get(client, "/events.json?type=consult&limit=1000")["rows"]
    assert consult and all(e["type"] == "CONSULT" for e in consult)
    assert len(consult) == sum(e["type"] == "CONSULT" for e in everything)
    pair = _get(client, "/events.json?countries=VNM,RUS&limit=1000")["rows"]
    assert pair and all({"VNM", "RUS"} <= set(e["countries"]) for e in pair)
    y2018 = _get(client, "/events.json?from=2018&to=2018&limit=1000")["rows"]
    assert y2018 and all(e["date"].startswith("2018") for e in y2018)
    putin = _get(client, "/events.json?actor=putin&limit=1000")["rows"]
    assert putin and all("p:vladimir-putin" in e["participants"] for e in putin)
    sochi = _get(client, "/events.json?q=SOCHI&limit=1000")["rows"]
    assert sochi and all("sochi" in e["sentence"].lower() for e in sochi)
    assert _get(client, "/events.json?q=zzqqxx")["total"] == 0


def test_a_year_filter_keeps_coarser_dates_that_overlap(client: TestClient) -> None:
    rows = _get(client, "/timeline.json?from=2014-06&to=2014-12&limit=1000")["rows"]
    assert any(r["date"] == "2014" for r in rows)  # a year overlaps its months
    assert all(r["date"][:4] == "2014" for r in rows if r["date"] is not None)
    # an undated entry is in the range when its window overlaps it
    undated = [r["window"] for r in rows if r["date"] is None]
    assert all(window_overlaps(w, "2014-06", "2014-12") for w in undated)


def test_sorting_both_ways(client: TestClient) -> None:
    asc = [
        r["date"] for r in _get(client, "/events.json?sort=date&limit=1000")["rows"] if r["date"]
    ]
    desc = [
        r["date"] for r in _get(client, "/events.json?sort=-date&limit=1000")["rows"] if r["date"]
    ]
    assert len(set(asc)) > 3 and sorted(asc) == sorted(desc)  # the same dated rows, both ways
    assert asc == sorted(asc) and desc == sorted(desc, reverse=True)


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/events.json?cursor=not-a-cursor", 400),
        ("/events.json?limit=0", 400),
        ("/events.json?limit=5000", 400),
        ("/events.json?sort=drop_table", 400),
        ("/events.json?from=yesterday", 400),
        ("/timeline/does-not-exist.json", 404),
        ("/documents/does-not-exist.json", 404),
        ("/actors/p:nobody.json", 404),
        ("/no/such/route.json", 404),
        ("/overview.json?a=V&b=RUS", 400),
    ],
)
def test_errors_share_one_envelope(client: TestClient, url: str, status: int) -> None:
    err = _error(client, url, status)
    assert err["message"]


def test_html_errors_are_pages_saying_the_same(client: TestClient) -> None:
    r = client.get("/timeline/does-not-exist")
    assert r.status_code == 404 and "text/html" in r.headers["content-type"]
    assert "E604" in r.text and "does-not-exist" in r.text


def test_csv_download_is_the_current_view(client: TestClient) -> None:
    r = client.get("/events.csv?type=CONSULT&limit=1000")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert rows and {row["type"] for row in rows} == {"CONSULT"}
    assert len(rows) == _get(client, "/events.json?type=CONSULT&limit=1000")["total"]


def test_overview_defaults_to_the_busiest_pair(client: TestClient) -> None:
    data = _get(client, "/overview.json")
    assert data["pair"] == [data["pairs"][0]["a"], data["pairs"][0]["b"]]
    assert data["counts"]["events"] == data["pairs"][0]["events"]
    per_year = sum(sum(c.values()) for c in data["per_year"].values())
    assert 0 < per_year <= data["counts"]["events"]
    assert data["open_pledges"] and {p["status"] for p in data["open_pledges"]} == {"open"}
    assert _get(client, "/index.json") == data


def test_entry_lists_sources_with_evidence_spans_inside_their_text(client: TestClient) -> None:
    entries = _get(client, "/timeline.json?sort=-sources&limit=5")["rows"]
    top = entries[0]
    assert top["n_sources"] >= 2  # the seeds report one visit from two outlets
    data = _get(client, f"/timeline/{top['entry_id']}.json")
    assert {s["doc_id"] for s in data["sources"]} == set(top["doc_ids"])
    by_id = {e["event_id"]: e for e in data["events"]}
    for src in data["sources"]:
        assert src["evidence"], src["doc_id"]  # every source shows where it tells the story
        for ev in src["evidence"]:
            start, end = ev["span"]
            assert src["text"][start:end] == by_id[ev["event_id"]]["sentence"]


def test_actor_has_offices_and_partners(client: TestClient) -> None:
    data = _get(client, "/actors/p:vladimir-putin.json")
    assert any(o["role"] == "head_of_state" for o in data["actor"]["offices"])
    assert data["partners"] and all(p["actor_id"] != "p:vladimir-putin" for p in data["partners"])
    dated = [e for e in data["events"] if e["date"]]
    assert dated and sum(data["events_per_year"].values()) == len(dated)
    assert all("p:vladimir-putin" in e["participants"] for e in data["events"])


def test_document_has_layers_inside_its_text(client: TestClient) -> None:
    doc_id = _get(client, "/documents.json?limit=1")["rows"][0]["doc_id"]
    data = _get(client, f"/documents/{doc_id}.json")
    text = data["document"]["text"]
    assert data["mentions"] and data["events"] and data["times"]
    for m in data["mentions"]:
        assert 0 <= m["start"] < m["end"] <= len(text)
    for t in data["times"]:
        assert text[t["start"] : t["end"]] == t["text"]


@pytest.mark.parametrize("path", list(PAGES))
def test_every_page_renders_and_links_its_json_twin(client: TestClient, path: str) -> None:
    r = client.get(path)
    assert r.status_code == 200 and "text/html" in r.headers["content-type"]
    assert PAGES[path] in r.text and 'class="empty"' not in r.text, path
    twin = "/index.json" if path == "/" else f"{path}.json"
    assert f'href="{twin}"' in r.text
    assert client.get(twin).status_code == 200


def test_openapi_documents_the_lists_and_their_filters(client: TestClient) -> None:
    spec = _get(client, "/openapi.json")
    for name in LISTS:
        params = {p["name"] for p in spec["paths"][f"/{name}.json"]["get"]["parameters"]}
        assert {"limit", "cursor", "sort", "from", "to", "actor", "countries", "q"} <= params


def test_the_server_never_writes(seeds_store: Path) -> None:
    app = create_app(seeds_store)
    with pytest.raises(Exception, match="read-only"):
        app.state.store.con.execute("DELETE FROM events")
