"""The relationship dashboard (``/pair``) through an in-process client on the seeds' store:
its aggregates against counts taken here straight from the tables, both directions, names
instead of codes, every mark's drill-down holding exactly the events the mark counts."""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest
from fastapi.testclient import TestClient

from communique.serve.app import create_app
from communique.serve.charts import PALETTE
from communique.serve.dashboard_quads import QUAD_COLORS, QUADS
from communique.serve.dashboard_sides import Scope, resolve_side
from communique.serve.dashboard_sql import activity
from communique.store.duckdb_store import DuckDBStore

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
A, B = "VNM", "RUS"  # the seeds' pair


@pytest.fixture(scope="module")
def client(seeds_store: Path) -> Iterator[TestClient]:
    with TestClient(create_app(seeds_store)) as c:
        yield c


@pytest.fixture(scope="module")
def raw(seeds_store: Path) -> dict[str, Any]:
    """The tables as rows, for counting by hand."""
    with DuckDBStore(seeds_store, read_only=True) as store:
        events = store.query("SELECT * FROM events")
        actors = store.query("SELECT actor_id, name, kind, country FROM actors")
        pledges = store.query("SELECT * FROM pledges")
        mentions = store.query('SELECT doc_id, "start", "end", actor_id FROM mentions')
    for e in events:
        for col in ("source", "target", "participants"):
            e[col] = json.loads(e[col] or "[]")
        e["location"] = json.loads(e["location"]) if e["location"] else None
    return {"events": events, "actors": {a["actor_id"]: a for a in actors},
            "pledges": pledges, "mentions": mentions}  # fmt: skip


@pytest.fixture(scope="module")
def pair(client: TestClient) -> dict[str, Any]:
    return _get(client, f"/pair.json?a={A}&b={B}")


def _get(client: TestClient, url: str, status: int = 200) -> Any:
    r = client.get(url)
    assert r.status_code == status, (url, r.text[:400])
    return r.json() if url.split("?")[0].endswith(".json") else r.text


def _side(raw: dict[str, Any], code: str) -> set[str]:
    return {a for a, row in raw["actors"].items() if row["country"] == code}


def _between(raw: dict[str, Any]) -> list[dict[str, Any]]:
    sa, sb = _side(raw, A), _side(raw, B)
    return [e for e in raw["events"]
            if sa & set(e["participants"]) and sb & set(e["participants"])]  # fmt: skip


def _directed(e: dict[str, Any], src: set[str], tgt: set[str]) -> bool:
    return bool(src & set(e["source"]) and tgt & set(e["target"]))


def test_totals_and_directions_match_the_tables(pair: dict[str, Any], raw: dict[str, Any],
                                                seeds_store: Path) -> None:  # fmt: skip
    events = _between(raw)
    sa, sb = _side(raw, A), _side(raw, B)
    ab = [e for e in events if _directed(e, sa, sb)]
    ba = [e for e in events if _directed(e, sb, sa)]
    none = [e for e in events if not _directed(e, sa, sb) and not _directed(e, sb, sa)]
    t = pair["totals"]
    assert t["events"] == len(events) > 0
    assert (t["ab"], t["ba"], t["none"]) == (len(ab), len(ba), len(none))
    assert ab and ba, "the seeds hold events both ways"
    assert t["ab"] + t["ba"] - t["both"] + t["none"] == t["events"]
    assert sum(t[k] for k in ("chart", "earlier", "later", "coarse", "undated")) == t["events"]
    assert t["undated"] == sum(e["date"] is None for e in events)
    # the events list's filter gives the same events between two countries
    with TestClient(create_app(seeds_store)) as c:
        listed = _get(c, f"/events.json?countries={A},{B}&limit=1000")
    assert listed["total"] == t["events"]


def test_both_directions_are_charted_with_names(pair: dict[str, Any], raw: dict[str, Any]) -> None:
    dirs = {d["key"]: d for d in pair["directions"]}
    assert set(dirs) == {"ab", "ba", "none"}
    assert dirs["ab"]["label"] == "Vietnam → Russia" and dirs["ba"]["label"] == "Russia → Vietnam"
    assert pair["pair"]["a"]["name"] == "Vietnam" and pair["pair"]["b"]["name"] == "Russia"
    events = _between(raw)
    sa, sb = _side(raw, A), _side(raw, B)
    periods = pair["periods"]
    assert (
        pair["unit"] == "month" and periods == sorted(periods) and len(set(periods)) == len(periods)
    )
    for key, src, tgt in (("ab", sa, sb), ("ba", sb, sa)):
        d = dirs[key]
        on_chart = [e for e in events if _directed(e, src, tgt) and e["date"] and len(e["date"]) >= 7
                    and periods[0] <= e["date"][:7] <= periods[-1]]  # fmt: skip
        per_quad = Counter((e["date"][:7], QUADS.get(e["type"], "other")) for e in on_chart)
        for quad, counts in d["quads"].items():
            for i, n in enumerate(counts):
                assert n == per_quad.get((periods[i], quad), 0), (key, quad, periods[i])
        assert d["charted"] == len(on_chart) and sum(map(sum, d["types"].values())) == len(on_chart)
        for i, g in enumerate(d["goldstein"]):
            scores = [e["goldstein"] for e in on_chart if e["date"][:7] == periods[i]]
            assert g == (round(sum(scores) / len(scores), 2) if scores else None)


def _marks(pair: dict[str, Any]) -> Iterator[tuple[dict[str, str], int]]:
    """Every non-empty mark of the charts: its drill-down parameters and its count."""
    for d in pair["directions"]:
        for quad, counts in d["quads"].items():
            for i, n in enumerate(counts):
                if n:
                    yield {"dir": d["key"], "quad": quad, "period": pair["periods"][i]}, n
        for type_, counts in d["types"].items():
            for i, n in enumerate(counts):
                if n:
                    yield {"dir": d["key"], "type": type_, "period": pair["periods"][i]}, n


def test_every_mark_opens_exactly_its_events(client: TestClient, pair: dict[str, Any]) -> None:
    marks = list(_marks(pair))
    assert len(marks) > 10
    for params, n in marks:
        query = "&".join(f"{k}={v}" for k, v in params.items())
        got = _get(client, f"{pair['drill'].replace('/pair/events', '/pair/events.json')}&{query}")
        assert got["total"] == len(got["rows"]) == n, params
        for e in got["rows"]:
            assert e["date"].startswith(params["period"])
            assert "quad" not in params or QUADS.get(e["type"], "other") == params["quad"]
            assert "type" not in params or e["type"] == params["type"]
    for key in ("earlier", "coarse", "undated"):
        got = _get(client, f"/pair/events.json?a={A}&b={B}&period={key}")
        assert got["total"] == pair["totals"][key]


def test_the_page_draws_and_tells_the_numbers(client: TestClient, pair: dict[str, Any]) -> None:
    html = _get(client, f"/pair?a={A}&b={B}")
    assert len(html.encode()) < 200_000
    assert "<h1>Vietnam – Russia</h1>" in html
    for d in pair["directions"]:
        assert f'data-dir="{d["key"]}"' in html and d["label"] in html
    assert 'src="/static/vendor/chart.js/chart.umd.min.js"' in html
    assert 'id="pair-map"' in html and "topojson-client.min.js" in html
    data = json.loads(re.search(r'<script type="application/json" id="dash-data">(.*?)</script>',
                                html, re.S)[1])  # fmt: skip
    assert data["activity"]["periods"] == pair["periods"]
    assert {d["key"] for d in data["activity"]["directions"]} == {"ab", "ba", "none"}
    # no link inside an image: the canvases and the map hold none
    for img in re.findall(
        r'<(?:canvas|svg)[^>]*role="img"[^>]*>(.*?)</(?:canvas|svg)>', html, re.S
    ):
        assert "<a " not in img
    assert "Nguyen Phu Trong" in html and "Vladimir Putin" in html


def test_people_places_pledges_and_figures_add_up(client: TestClient, pair: dict[str, Any],
                                                  raw: dict[str, Any]) -> None:  # fmt: skip
    events = _between(raw)
    persons = Counter(p for e in events for p in set(e["participants"])
                      if raw["actors"].get(p, {}).get("kind") == "person")  # fmt: skip
    for side, code in (("a", A), ("b", B)):
        rows = pair["people"][side]["rows"]
        assert rows and all(raw["actors"][r["actor_id"]]["country"] == code for r in rows)
        for r in rows:
            assert r["events"] == persons[r["actor_id"]]
            assert _get(client, _json(r["href"]))["total"] == r["events"]
    located = [e for e in events if e["location"]]
    assert pair["places"]["events_with_place"] == len(located)
    for c in pair["places"]["countries"]:
        assert c["events"] == sum(e["location"].get("country") == c["country"] for e in located)
        assert c["atlas_id"] and _get(client, _json(c["href"]))["total"] == c["events"]
    pledges = pair["pledges"]
    assert pledges["total"] == sum(sum(v.values()) for v in pledges["by_status"].values()) > 0
    assert pledges["total"] == _pledges_by_hand(raw)
    listed = _get(client, f"/pair/pledges.json?a={A}&b={B}&limit=1000")
    assert listed["matching"] == pledges["total"] == len(listed["rows"])
    figures = pair["figures"]
    assert figures["actual"] == sum(s["figures"] for s in figures["series"]) > 0
    for s in figures["series"]:
        for p in s["points"]:
            got = _get(client, _json(p["href"]))
            assert got["total"] == p["n"] and {f["quantity"] for f in got["rows"]} == {
                s["quantity"]
            }


def _json(href: str) -> str:
    path, _, query = href.partition("?")
    return f"{path}.json?{query}"


def _pledges_by_hand(raw: dict[str, Any]) -> int:
    sa, sb = _side(raw, A), _side(raw, B)
    n = 0
    for p in raw["pledges"]:
        ids = set(json.loads(p["actors"] or "[]"))
        named = {m["actor_id"] for m in raw["mentions"] if m["doc_id"] == p["doc_id"]
                 and m["start"] >= p["start"] and m["end"] <= p["end"]}  # fmt: skip
        n += bool((ids & sa and (ids & sb or named & sb)) or (ids & sb and named & sa))
    return n


def test_names_are_taken_and_shown(client: TestClient, pair: dict[str, Any]) -> None:
    by_name = _get(client, "/pair.json?a=Vietnam&b=russia")
    assert by_name["totals"] == pair["totals"] and by_name["pair"] == pair["pair"]
    swapped = _get(client, f"/pair.json?a={B}&b={A}")
    assert swapped["totals"]["ab"] == pair["totals"]["ba"]
    person = _get(client, "/pair.json?a=p:vladimir-putin&b=VNM")
    assert person["pair"]["a"]["name"] == "Vladimir Putin" and person["totals"]["events"] > 0
    overview = _get(client, "/")
    assert 'href="/pair?a=RUS&amp;b=VNM"' in overview and "Russia – Vietnam" in overview
    assert "RUS – VNM" not in overview
    assert _get(client, "/index.json")["dashboard"] == "/pair?a=RUS&b=VNM"


@pytest.mark.parametrize(
    "url",
    ["/pair.json?a=VNM&b=VNM", "/pair.json?a=Atlantis&b=VNM", "/pair.json?a=VNM&b=RUS&unit=day",
     "/pair.json?a=VNM&b=RUS&from=2020-13", "/pair/events.json?a=VNM&b=RUS&quad=warm",
     "/pair/events.json?a=VNM&b=RUS&dir=up", "/figures/points.json?quantity=x&unit=y&period=2020&per=week"],
)  # fmt: skip
def test_bad_requests_get_the_error_envelope(client: TestClient, url: str) -> None:
    body = _get(client, url, 400)
    assert set(body) == {"error"} and body["error"]["status"] == 400


def test_a_date_range_and_the_week_unit(client: TestClient, pair: dict[str, Any]) -> None:
    year = _get(client, f"/pair.json?a={A}&b={B}&from=2018&to=2018")
    assert all(p.startswith("2018") for p in year["periods"])
    assert 0 < year["totals"]["events"] < pair["totals"]["events"]
    assert year["unit"] == "week"  # the 2018 events span less than six months
    weeks = _get(client, f"/pair.json?a={A}&b={B}&unit=week")
    assert weeks["unit"] == "week" and all(len(p) == 10 for p in weeks["periods"])
    assert weeks["totals"]["events"] == pair["totals"]["events"]


def test_an_actor_page_counts_every_event(client: TestClient, raw: dict[str, Any],
                                          seeds_store: Path) -> None:  # fmt: skip
    actor = "p:vladimir-putin"
    mine = [e for e in raw["events"] if actor in e["participants"]]
    html = _get(client, f"/actors/{actor}")
    assert f"<b>{len(mine)}</b> events" in html and "max 1000" not in html
    with DuckDBStore(seeds_store, read_only=True) as store:
        act = activity(store, Scope(resolve_side(store, actor)), allow_year=True)
    assert act["totals"]["events"] == len(mine)
    assert sum(sum(v) for v in act["directions"][0]["quads"].values()) == act["totals"]["chart"]
    assert "<a " not in "".join(re.findall(r'role="img"[^>]*>(.*?)</svg>', html, re.S))


def test_the_figures_page_aggregates_every_figure(client: TestClient, seeds_store: Path) -> None:
    html = _get(client, "/figures")
    with DuckDBStore(seeds_store, read_only=True) as store:
        n = store.count("figures")
    assert f"<b>{n}</b> figures" in html
    point = re.search(r'href="(/figures/points\?[^"]+)"', html)
    assert point is not None
    got = _get(client, _json(point[1].replace("&amp;", "&")))
    params = dict(parse_qsl(urlsplit(point[1].replace("&amp;", "&")).query))
    assert got["total"] > 0 and all(f["quantity"] == params["quantity"] for f in got["rows"])


def _contrast(color: str) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(color[i : i + 2], 16) / 255 for i in (1, 3, 5))
    lum = 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)
    return 1.05 / (lum + 0.05)


def test_colours_are_distinct_and_stand_out_on_white() -> None:
    for color in (*QUAD_COLORS.values(), *PALETTE):
        assert _contrast(color) >= 3.0, color  # WCAG 1.4.11, graphics
    assert len(set(QUAD_COLORS.values())) == len(QUAD_COLORS)
    assert len(set(PALETTE)) == len(PALETTE)


def test_the_quad_table_is_the_plover_manuals() -> None:
    manual = (SHARED / "reference" / "plover" / "PLOVER_MANUAL.tex").read_text()
    found = dict(re.findall(r"\\section\{([A-Z]+)\}.*?Quad category: ([A-Z ]+)\}", manual, re.S))
    assert len(found) == 16
    assert {t: q.lower().replace(" ", "_") for t, q in found.items()} == QUADS


PAYLOAD = '<script>alert("pwned")</script>'
HOSTILE = f"""Leaders meet in Hanoi {PAYLOAD}

HANOI, March 3, 2021 - Vietnamese Prime Minister Nguyen Xuan Phuc held talks {PAYLOAD} with \
Japanese Prime Minister Yoshihide Suga in Hanoi on Wednesday {PAYLOAD}.
The two sides signed an agreement on trade "><img src=x onerror=alert('x')> and Japan pledged \
to raise bilateral trade with Vietnam to US$50 billion by 2025.
"""


def test_article_text_stays_inert_on_the_dashboard(tmp_path: Path) -> None:
    from communique.api import build

    (tmp_path / "hostile.txt").write_text(HOSTILE, encoding="utf-8")
    db = tmp_path / "h.duckdb"
    assert build([tmp_path], db).added == 1
    with TestClient(create_app(db)) as c:
        for url in ("/pair?a=VNM&b=JPN", "/pair/events?a=VNM&b=JPN", "/pair/pledges?a=VNM&b=JPN",
                    "/", "/figures"):  # fmt: skip
            html = _get(c, url)
            assert PAYLOAD not in html and "<img src=x" not in html, url
            for block in re.findall(r'id="dash-data">(.*?)</script>', html, re.S):
                assert "<" not in block
                json.loads(block)
        assert _get(c, "/pair.json?a=VNM&b=JPN")["totals"]["events"] > 0


def test_an_actors_marks_open_exactly_their_events(client: TestClient, seeds_store: Path) -> None:
    from communique.serve.dashboard import actor_activity

    actor = "p:nguyen-phu-trong"
    with DuckDBStore(seeds_store, read_only=True) as store:
        act = actor_activity(store, actor)
    (d,) = act["directions"]
    assert d["key"] == "all" and act["partners"]
    checked = 0
    for quad, counts in d["quads"].items():
        for i, n in enumerate(counts):
            if n:
                url = f"{_json(act['drill'])}&dir=all&quad={quad}&period={act['periods'][i]}"
                got = _get(client, url)
                assert got["total"] == n and all(actor in e["participants"] for e in got["rows"])
                checked += 1
    assert checked > 0
    assert _get(client, f"/pair/events.json?a={actor}")["total"] == act["totals"]["events"]
