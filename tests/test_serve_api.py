"""The JSON API and pages through an in-process client, on a store built from the seeds."""

from __future__ import annotations

import base64
import csv
import io
import json
import os
import re
import shutil
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
    index = _get(client, "/index.json")  # the overview page's data: the same, and more
    assert {k: v for k, v in index.items() if k in data and k != "pairs"} == {
        k: v for k, v in data.items() if k != "pairs"
    }
    assert [{k: p[k] for k in ("a", "b", "events")} for p in index["pairs"]] == data["pairs"]


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


# -- sturdy inputs -------------------------------------------------------------------------
def _cursor(raw: str) -> str:
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


# each bad value, the parameter the message must name, and a word it must say
BAD_VALUES = [
    ("/events.json?from=2011-13", "from", "months are 01 to 12"),
    ("/events.json?to=2011-02-30", "to", "not a day of the calendar"),
    ("/events.json?from=2011-2-3", "from", "YYYY-MM-DD"),
    ("/events.json?from=20110", "from", "YYYY-MM-DD"),
    ("/timeline.json?from=2019&to=2018-05", "from/to", "after"),
    ("/events.json?cursor=" + _cursor("o:2^70"), "cursor", "next_cursor"),
    ("/events.json?cursor=" + _cursor("o:" + "9" * 30), "cursor", "next_cursor"),
    ("/events.json?cursor=" + _cursor("o:1e9"), "cursor", "next_cursor"),
    ("/events.json?cursor=" + _cursor("o:-1"), "cursor", "next_cursor"),
    ("/events.json?cursor=" + _cursor("o:999999"), "cursor", "past the end"),
    ("/events.json?cursor=" + "A" * 99, "cursor", "next_cursor"),
    ("/events.json?cursor=" + "A" * 101, "cursor", "at most 100 characters"),
    ("/events.json?type=visit", "type", "CONSULT (mode visit)"),
    ("/events.json?type=DROP", "type", "ASSAULT"),
    ("/events.json?context=econ", "context", "economic"),
    ("/pledges.json?status=broken", "status", "kept"),
    ("/events.json?status=open", "status", "events cannot"),
    ("/figures.json?kind=person", "kind", "actual, forecast, target"),
    ("/documents.json?kind=person", "kind", "documents cannot"),
    ("/actors.json?kind=nation", "kind", "kinds"),
    ("/events.json?countries=Narnia", "countries", "ISO 3166-1"),
    ("/events.json?countries=Vietnum", "countries", "did you mean Vietnam"),
    ("/events.json?sort=-secret", "sort", "confidence, date"),
    ("/events.json?limit=0", "limit", "greater than or equal to 1"),
    ("/events.json?limit=1001", "limit", "less than or equal to 1000"),
    ("/events.json?limit=ten", "limit", "integer"),
    ("/events.json?q=" + "x" * 201, "q", "200 characters"),
    ("/events.csv?type=visit", "type", "CONSULT"),
    ("/events.jsonl?from=2011-13", "from", "months"),
    ("/events.all.json?cursor=" + _cursor("o:2^70"), "cursor", "next_cursor"),
    ("/figures/series.json?kind=person", "kind", "actual"),
    ("/overview.json?a=Narnia&b=RUS", "countries", "ISO 3166-1"),
    ("/overview.json?a=VNM", "a/b", "two countries"),
]


@pytest.mark.parametrize(("url", "param", "says"), BAD_VALUES)
def test_every_bad_value_is_a_400_naming_the_parameter(
    client: TestClient, url: str, param: str, says: str
) -> None:
    err = _error(client, url, 400)
    assert err["message"].startswith(("invalid request parameters: " + param, param + ":")), err
    assert says in err["message"], err
    for internal in ("SELECT", "Binder", "Traceback", "duckdb", "Error:"):
        assert internal not in json.dumps(err), err


@pytest.mark.parametrize("url", ["/events?from=2011-13", "/timeline?type=visit", "/?a=Narnia&b=X"])
def test_bad_values_on_pages_are_html_error_pages(client: TestClient, url: str) -> None:
    r = client.get(url)
    assert r.status_code == 400 and "text/html" in r.headers["content-type"]
    assert "E600" in r.text and "SELECT" not in r.text


def test_good_dates_at_every_precision_are_taken(client: TestClient) -> None:
    for q in (
        "from=2018",
        "from=2018-02",
        "from=2016-02-29",
        "to=2018-12-31",
        "from=2014-06&to=2014",
    ):
        assert _get(client, f"/events.json?{q}")["total"] > 0, q


def test_countries_and_types_are_taken_by_name(client: TestClient) -> None:
    by_code = _get(client, "/events.json?countries=VNM,RUS&type=CONSULT&limit=1000")
    for q in ("countries=Vietnam,Russia&type=consult", "countries=vnm,%20russia&type=Consult",
              "countries=Viet%20Nam,RUS&type=CONSULT"):  # fmt: skip
        by_name = _get(client, f"/events.json?{q}&limit=1000")
        assert by_name["rows"] == by_code["rows"] and by_name["total"] > 0, q
        assert by_name["filters"] == {"countries": ["VNM", "RUS"], "type": "CONSULT"}
    pair = _get(client, "/overview.json?a=Vietnam&b=Russia")
    assert pair["pair"] == ["VNM", "RUS"] and pair == _get(client, "/overview.json?a=VNM&b=RUS")


def test_a_page_past_the_first_cursor_chain_is_consistent(client: TestClient) -> None:
    first = _get(client, "/events.json?limit=10")
    second = _get(client, f"/events.json?limit=10&cursor={first['next_cursor']}")
    assert second["offset"] == 10 and second["total"] == first["total"]
    end = _get(client, "/events.json?cursor=" + _cursor(f"o:{first['total']}"))
    assert end["rows"] == [] and end["next_cursor"] is None  # the end itself is a valid cursor


# -- nothing silently cut ------------------------------------------------------------------
@pytest.mark.parametrize("name", [*LISTS, "contradictions"])
def test_every_list_states_its_total_and_next_cursor(client: TestClient, name: str) -> None:
    page = _get(client, f"/{name}.json?limit=1")
    assert {"rows", "total", "next_cursor", "limit", "offset"} <= set(page)
    assert (page["next_cursor"] is not None) == (page["total"] > 1)


def _jsonl(text: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in text.splitlines()]


@pytest.mark.parametrize("name", ["events", "timeline", "documents"])
def test_downloads_hold_the_whole_filtered_list_not_the_page(client: TestClient, name: str) -> None:
    total = _get(client, f"/{name}.json?limit=1000")
    assert total["total"] > 2  # more than the one page of 2 the links are asked from
    rows = _jsonl(client.get(f"/{name}.jsonl?limit=2").text)
    assert rows == total["rows"]
    whole = _get(client, f"/{name}.all.json?limit=2&cursor=" + _cursor("o:2"))
    assert whole["total"] == total["total"] and whole["rows"] == total["rows"]
    r = client.get(f"/{name}.csv?limit=2")
    assert r.headers["x-total-count"] == str(total["total"])
    assert len(list(csv.DictReader(io.StringIO(r.text)))) == total["total"]


def test_downloads_keep_the_filters_and_the_sort(client: TestClient) -> None:
    view = "countries=Vietnam,Russia&type=consult&sort=date"
    page = _get(client, f"/events.json?{view}&limit=1000")
    assert _jsonl(client.get(f"/events.jsonl?{view}").text) == page["rows"]
    data = _get(client, f"/events.all.json?{view}")
    assert data["filters"] == page["filters"] and data["sort"] == "date"
    assert data["total"] == page["total"] == len(data["rows"])
    r = client.get("/events.csv?q=zzqqxx")  # nothing matches: the header alone
    assert r.status_code == 200 and r.text.splitlines()[0].startswith("event_id,doc_id,sentence")
    assert len(r.text.splitlines()) == 1 and client.get("/events.jsonl?q=zzqqxx").text == ""


def test_downloads_are_streamed_a_batch_at_a_time(
    client: TestClient, seeds_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from communique.serve import downloads
    from communique.serve.reader import Filters

    monkeypatch.setattr(downloads, "BATCH", 7)
    store = DuckDBStore(seeds_store, read_only=True)
    try:
        d = downloads.prepare(store, "events", Filters(), None)
        chunks = downloads.stream(store, d, "jsonl")
        first = next(chunks)  # read before the rest exists
        assert first == ""  # the fields alone
        assert len(_jsonl(next(chunks))) == 7
        rest = [row for chunk in chunks for row in _jsonl(chunk)]
        assert 7 + len(rest) == d.total > 7
    finally:
        store.close()
    r = client.get("/events.csv")
    assert "content-length" not in r.headers or r.headers.get("content-encoding") == "gzip"


def test_lists_inside_responses_say_when_they_are_cut(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    from communique.serve import details

    monkeypatch.setattr(details, "ACTOR_EVENTS_CAP", 5)
    r = client.get("/actors/p:vladimir-putin.json", headers={"Cache-Control": "no-cache"})
    data = r.json()
    cut = data["caps"]["events"]
    assert cut == {"shown": 5, "total": cut["total"], "cap": 5, "capped": True}
    assert len(data["events"]) == 5 < cut["total"]
    assert sum(data["events_per_year"].values()) > 5  # counted over every event, not the five
    monkeypatch.setattr(details, "SERIES_CAP", 3)
    series = _get(client, "/figures/series.json")
    assert series["capped"] and series["cap"] == 3 and series["total"] > 3
    assert sum(len(s["points"]) for s in series["series"]) == 3
    over = _get(client, "/overview.json")
    assert over["caps"]["latest"]["total"] == over["counts"]["timeline"]
    assert over["caps"]["open_pledges"]["total"] == over["counts"]["open_pledges"]


# -- fast and light ------------------------------------------------------------------------
def test_responses_are_gzipped_above_a_kilobyte(client: TestClient) -> None:
    big = client.get("/events.json?limit=100", headers={"Accept-Encoding": "gzip"})
    assert big.headers["content-encoding"] == "gzip" and big.json()["rows"]
    assert int(big.headers["content-length"]) < len(big.content) / 3  # sent compressed
    small = client.get("/events.json?q=zzqqxx", headers={"Accept-Encoding": "gzip"})
    assert "content-encoding" not in small.headers
    plain = client.get("/events.json?limit=100", headers={"Accept-Encoding": "identity"})
    assert "content-encoding" not in plain.headers and plain.json() == big.json()
    csv_ = client.get("/events.csv", headers={"Accept-Encoding": "gzip"})
    assert csv_.headers["content-encoding"] == "gzip"


@pytest.mark.parametrize("url", ["/events.json?limit=3", "/timeline", "/events.csv?type=consult"])
def test_etags_answer_304_when_nothing_changed(client: TestClient, url: str) -> None:
    r = client.get(url)
    etag = r.headers["etag"]
    assert (
        r.status_code == 200 and etag.startswith('W/"') and r.headers["cache-control"] == "no-cache"
    )
    again = client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b"" and again.headers["etag"] == etag
    assert client.get(url, headers={"If-None-Match": 'W/"other"'}).status_code == 200
    other = client.get(url + ("&" if "?" in url else "?") + "q=putin")
    assert other.headers["etag"] != etag


def test_etags_change_with_the_database(
    client: TestClient, seeds_store: Path, tmp_path: Path
) -> None:
    copy = tmp_path / "copy.duckdb"
    shutil.copy(seeds_store, copy)
    os.utime(copy, ns=(1, 1))  # another file: another modification time
    with TestClient(create_app(copy)) as other:
        assert other.get("/events.json").json() == client.get("/events.json").json()
        assert (
            other.get("/events.json").headers["etag"] != client.get("/events.json").headers["etag"]
        )


def test_errors_carry_no_etag(client: TestClient) -> None:
    r = client.get("/events.json?from=2011-13")
    assert r.status_code == 400 and "etag" not in r.headers


def test_static_files_are_cached(client: TestClient) -> None:
    css = client.get("/static/app.css")
    assert css.status_code == 200 and css.headers["cache-control"] == "public, max-age=3600"
    assert (
        client.get("/static/app.css", headers={"If-None-Match": css.headers["etag"]}).status_code
        == 304
    )


# -- /docs offline -------------------------------------------------------------------------
@pytest.mark.parametrize("page", ["/docs", "/redoc"])
def test_api_docs_load_nothing_from_outside(client: TestClient, page: str) -> None:
    r = client.get(page)
    assert r.status_code == 200 and "text/html" in r.headers["content-type"]
    assert not re.search(r"https?://|//cdn|fonts\.googleapis", r.text), r.text
    assets = re.findall(r'(?:src|href)="([^"]+)"', r.text)
    assert len(assets) >= (3 if page == "/docs" else 2), assets
    for url in assets:
        a = client.get(url)
        assert a.status_code == 200 and len(a.content) > 1000, url
        assert a.headers["cache-control"] == "public, max-age=31536000, immutable", url
    assert "'/openapi.json'" in r.text or '"/openapi.json"' in r.text
