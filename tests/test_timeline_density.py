"""The timeline chart's on-demand data: ``/timeline/density.json`` (counts per calendar bin
over the filtered set, in one statement), ``/timeline/history`` and ``/timeline/undated``
(the entries off the chart, paged), and the timeline page's small first view.

Two stores: the seeds (a real build: filters, twins, the page), and a synthetic one holding
timeline rows written directly, so that every date form the chart reads and every bin
boundary is checked exactly.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import pytest
from fastapi.testclient import TestClient

from communique.serve.app import create_app
from communique.serve.reader import Filters
from communique.serve.timeline_density import STEPS, choose_step, density, instant
from communique.store.duckdb_store import DuckDBStore


def ms(y: int, mo: int, d: int, h: int = 0, mi: int = 0) -> int:
    return int(dt.datetime(y, mo, d, h, mi, tzinfo=dt.UTC).timestamp() * 1000)


# the synthetic timeline: (entry_id, date, flags); the chart reads each date as a period
ROWS = [
    ("d1", "2011-03-19", []),  # a day
    ("d2", "2011-03-19", ["contradiction: date"]),
    ("d3", "2011-03-21", []),
    ("h1", "2011-03-19T14", []),  # an hour
    ("m1", "2011-03", []),  # a month
    ("y1", "2011", []),  # a year
    ("r1", "2011-03-01/2011-03-05", []),  # a range
    ("o1", "2019-07-04", []),  # an outlier, far later
    ("old", "1914-06-28", ["history"]),
    ("bad", "in spring", []),  # unreadable
    ("u1", None, []),  # undated
    ("u2", None, []),
]
DATED = 8  # d1 d2 d3 h1 m1 y1 r1 o1


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("density") / "synthetic.duckdb"
    DuckDBStore(db).close()  # the schema
    con = duckdb.connect(str(db))
    for entry_id, date, flags in ROWS:
        con.execute(
            "INSERT INTO timeline (entry_id, date, title, summary, participants, event_ids, "
            'doc_ids, flags, kind, "window") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
            [entry_id, date, f"entry {entry_id}", "", "[]", "[]", '["doc"]', json.dumps(flags),
             "undated" if date is None else "happening", "2011/2012" if date is None else None],
        )  # fmt: skip
    con.close()
    return db


@pytest.fixture(scope="module")
def syn(synthetic: Path) -> Iterator[DuckDBStore]:
    with DuckDBStore(synthetic, read_only=True) as store:
        yield store


@pytest.fixture(scope="module")
def client(seeds_store: Path) -> Iterator[TestClient]:
    with TestClient(create_app(seeds_store)) as c:
        yield c


@pytest.fixture(scope="module")
def syn_client(synthetic: Path) -> Iterator[TestClient]:
    with TestClient(create_app(synthetic)) as c:
        yield c


def _get(client: TestClient, url: str) -> Any:
    r = client.get(url)
    assert r.status_code == 200, (url, r.text[:300])
    return r.json()


def _binned(d: dict[str, Any]) -> int:
    return sum(b[2] for b in d["bins"]) + sum(s[2] for s in d["spans"])


# -- the synthetic store: exact counts -------------------------------------------------------


def test_counts_over_the_whole_extent(syn: DuckDBStore) -> None:
    d = density(syn, Filters(), None, 200)
    assert d["counts"] == {"dated": DATED, "history": 1, "undated": 2, "unplaced": 1,
                           "total": len(ROWS)}  # fmt: skip
    assert d["before"] == d["after"] == 0
    assert d["shown"] == _binned(d) == DATED
    assert d["extent"]["first"] == ms(2011, 1, 1) and d["extent"]["last"] == ms(2019, 7, 5)
    assert d["step"]["name"] == "month"  # 8.5 years in at most 200 bins


def test_a_window_counts_what_overlaps_it_and_the_rest_at_its_edges(syn: DuckDBStore) -> None:
    win = (ms(2011, 3, 19), ms(2011, 3, 20))  # one day, in hours
    d = density(syn, Filters(), win, 48)
    assert d["step"]["name"] == "hour"
    # in the window: h1 (one hour, a bin) and d1, d2, m1, y1, dated to periods longer than a
    # bin: spans over their periods; r1 ended on the 5th
    assert d["shown"] == _binned(d) == 5
    assert (d["before"], d["after"]) == (1, 2)  # r1; d3 and o1
    assert d["shown"] + d["before"] + d["after"] == DATED
    spans = {(s[0], s[1]): s[2] for s in d["spans"]}
    assert spans == {(ms(2011, 3, 19), ms(2011, 3, 20)): 2, (ms(2011, 3, 1), ms(2011, 4, 1)): 1,
                     (ms(2011, 1, 1), ms(2012, 1, 1)): 1}  # fmt: skip
    assert d["bins"] == [[ms(2011, 3, 19, 14), ms(2011, 3, 19, 15), 1]]  # the hour's bin
    # a week of days: the days are counted in bins, at their middle
    w = density(syn, Filters(), (ms(2011, 3, 14), ms(2011, 3, 28)), 14)
    assert w["step"]["name"] == "day"
    assert {b[0]: b[2] for b in w["bins"]} == {ms(2011, 3, 19): 3, ms(2011, 3, 21): 1}


def test_calendar_bins_start_where_the_calendar_does(syn: DuckDBStore) -> None:
    d = density(syn, Filters(), (ms(2011, 1, 1), ms(2011, 12, 31)), 60)
    assert d["step"]["name"] == "week"
    for start, end, _ in d["bins"]:
        assert dt.datetime.fromtimestamp(start / 1000, dt.UTC).weekday() == 0  # Mondays
        assert end - start == 7 * 86_400_000
    q = density(syn, Filters(), (ms(2011, 1, 1), ms(2019, 12, 31)), 40)
    assert q["step"]["name"] == "quarter"
    assert {b[0] for b in q["bins"]} <= {
        ms(y, m, 1) for y in range(2011, 2020) for m in (1, 4, 7, 10)
    }


def test_the_step_is_the_finest_within_the_bins_asked() -> None:
    assert choose_step(0, 86_400_000, 24).name == "hour"
    assert choose_step(0, 86_400_000, 23).name == "3 hours"
    assert choose_step(0, 100 * 365 * 86_400_000, 10).name == "decade"
    assert [s.name for s in STEPS][:6] == ["hour", "3 hours", "6 hours", "12 hours", "day", "week"]
    assert instant("2011-03-19T14:30", "lo") == ms(2011, 3, 19, 14, 30)
    assert instant("2011", "lo") == ms(2011, 1, 1)


def test_the_api_and_the_page_on_the_synthetic_store(syn_client: TestClient) -> None:
    d = _get(syn_client, "/timeline/density.json?bins=100&lo=2011-03-01&hi=2011-04-01")
    assert d["window"] == {"lo": "2011-03-01T00:00", "hi": "2011-04-01T00:00",
                           "lo_ms": ms(2011, 3, 1), "hi_ms": ms(2011, 4, 1)}  # fmt: skip
    assert d["shown"] + d["before"] + d["after"] == DATED
    undated = _get(syn_client, "/timeline/undated.json?limit=1")
    assert undated["total"] == 2 and len(undated["rows"]) == 1 and undated["next_offset"] == 1
    rest = _get(syn_client, "/timeline/undated.json?limit=1&offset=1")
    assert (
        rest["next_offset"] is None
        and rest["rows"][0]["entry_id"] != undated["rows"][0]["entry_id"]
    )
    history = _get(syn_client, "/timeline/history.json")
    assert [r["entry_id"] for r in history["rows"]] == ["old"] and history["total"] == 1
    html = syn_client.get("/timeline").text
    assert "8 dated entries on the chart" in html and "1 with dates the chart cannot read" in html
    assert "Undated (2 entries)" in html and 'class="history-row"' in html
    page = syn_client.get("/timeline/undated?limit=1")
    assert page.status_code == 200 and page.text.count('class="undated-row"') == 1
    assert 'class="next" href="?limit=1&amp;offset=1"' in page.text


# -- the seeds: filters, errors, the page ----------------------------------------------------


def _dated(client: TestClient, query: str) -> int:
    """Dated entries of the filtered list, history left out, as the list API gives them."""
    rows = _get(client, f"/timeline.json?limit=1000&{query}")["rows"]
    return sum(1 for r in rows if r["date"] and "history" not in r["flags"])


@pytest.mark.parametrize("query", ["", "countries=CHN", "type=consult", "actor=putin",
                                   "from=2017&to=2018", "q=visit", "kind=visit"])  # fmt: skip
def test_counts_per_bin_sum_to_the_filtered_total(client: TestClient, query: str) -> None:
    d = _get(client, f"/timeline/density.json?bins=50&{query}")
    assert d["shown"] == _binned(d) == d["counts"]["dated"] == _dated(client, query)
    assert (
        d["counts"]["dated"]
        + d["counts"]["history"]
        + d["counts"]["undated"]
        + d["counts"]["unplaced"]
        == d["counts"]["total"]
        == _get(client, f"/timeline.json?limit=1&{query}")["total"]
    )
    if query:
        assert d["filters"]  # the filters it was read with, stated


def test_filters_narrow_the_counts(client: TestClient) -> None:
    everything = _get(client, "/timeline/density.json")["counts"]["dated"]
    narrowed = _get(client, "/timeline/density.json?countries=CHN")["counts"]["dated"]
    assert 0 < narrowed < everything


def test_a_window_splits_the_set_into_before_in_and_after(client: TestClient) -> None:
    whole = _get(client, "/timeline/density.json")
    first, last = whole["extent"]["first"], whole["extent"]["last"]
    mid = (first + last) // 2
    lo = dt.datetime.fromtimestamp(mid / 1000, dt.UTC).strftime("%Y-%m-%d")
    d = _get(client, f"/timeline/density.json?lo={lo}&hi={lo}T12&bins=100")
    assert d["shown"] + d["before"] + d["after"] == whole["counts"]["dated"]
    assert d["step"]["name"] == "hour"


@pytest.mark.parametrize(
    ("query", "param"),
    [("bins=0", "bins"), ("bins=5000", "bins"), ("bins=many", "bins"),
     ("lo=2011-13-01&hi=2012", "lo"), ("lo=2011-02-30&hi=2012", "lo"), ("lo=2011", "lo/hi"),
     ("lo=2012&hi=2011", "lo/hi"), ("lo=2011&hi=2011", "lo/hi"), ("hi=x&lo=2011", "hi"),
     ("from=2011-13", "from"), ("type=dance", "type"), ("countries=Narnia", "countries"),
     ("status=open", "status"), ("kind=actual", "kind"), ("lo=" + "9" * 30 + "&hi=2012", "lo")],
)  # fmt: skip
def test_bad_values_are_a_400_naming_the_parameter(
    client: TestClient, query: str, param: str
) -> None:
    r = client.get(f"/timeline/density.json?{query}")
    assert r.status_code == 400, (query, r.text)
    error = r.json()["error"]
    assert param in json.dumps(error), (query, error)
    assert "SELECT" not in r.text and "duckdb" not in r.text.lower()


@pytest.mark.parametrize("url", ["/timeline/history.json?offset=-1", "/timeline/undated.json?limit=0",
                                 "/timeline/undated.json?limit=100000", "/timeline/history?type=dance"])  # fmt: skip
def test_bad_paging_of_the_entries_off_the_chart_is_a_400(client: TestClient, url: str) -> None:
    assert client.get(url).status_code == 400


def test_the_routes_are_not_taken_for_entries(client: TestClient) -> None:
    for url in ("/timeline/density.json", "/timeline/history.json", "/timeline/undated.json"):
        assert "error" not in _get(client, url)
    assert client.get("/timeline/no-such-entry.json").status_code == 404
    spec = _get(client, "/openapi.json")["paths"]
    assert {"/timeline/density.json", "/timeline/history.json", "/timeline/undated.json"} <= set(
        spec
    )


def test_the_page_carries_a_small_first_view_and_its_twins(client: TestClient) -> None:
    html = client.get("/timeline").text
    block = re.search(
        r'<script id="timeline-data" type="application/json">(.*?)</script>', html, re.S
    )
    assert block is not None
    chart = json.loads(block.group(1))
    assert set(chart) == {"density", "entries", "entry_limit"}
    assert chart["density"]["counts"]["dated"] == len(chart["entries"])  # few: inline
    assert 'data-source="/timeline/density.json?"' in html
    assert '<script src="/static/timeline_boot.js"></script>' in html
    assert "<script>" not in html  # no inline script
    for module in (
        "timeline_boot",
        "timeline",
        "timeline_data",
        "timeline_lanes",
        "timeline_bands",
    ):
        js = client.get(f"/static/{module}.js")
        assert js.status_code == 200 and "javascript" in js.headers["content-type"]
        assert js.text.count("\n") < 400
