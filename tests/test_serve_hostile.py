"""Article text is data: script tags, quotes and very long lines must render inert."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from communique.api import build
from communique.serve.app import create_app

PAYLOAD = '<script>alert("pwned")</script>'
ATTR = "\"><img src=x onerror=alert('x')>"
LONG = "Trade " + "zeta" * 6000  # one line of 24,000 characters
OUR_SCRIPT = re.compile(r'<script src="/static/[\w./-]+\.js(\?v=[\w.-]+)?">')
DATA_BLOCK = re.compile(
    r'<script (id="[\w-]+" type="application/json"|type="application/json" id="[\w-]+")>'
)

ARTICLE = f"""Leaders meet in Hanoi {PAYLOAD}

HANOI, March 3, 2021 - Vietnamese Prime Minister Nguyen Xuan Phuc held talks {PAYLOAD} with \
Japanese Prime Minister Yoshihide Suga in Hanoi on Wednesday {PAYLOAD}.
The two sides signed an agreement on trade {ATTR} and pledged to raise bilateral trade to \
US$50 billion by 2025.
{LONG}
"""


@pytest.fixture(scope="module")
def hostile_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("hostile")
    (folder / "hostile.txt").write_text(ARTICLE, encoding="utf-8")
    db = folder / "h.duckdb"
    report = build([folder], db)
    assert report.added == 1
    return db


@pytest.fixture(scope="module")
def client(hostile_db: Path) -> TestClient:
    return TestClient(create_app(hostile_db))


def _pages(client: TestClient) -> list[str]:
    urls = ["/", "/timeline", "/events", "/pledges", "/figures", "/documents", "/actors",
            "/documents/hostile", "/documents/hostile?removed=1"]  # fmt: skip
    entries = client.get("/timeline.json").json()["rows"]
    urls += [f"/timeline/{e['entry_id']}" for e in entries]
    actors = client.get("/actors.json").json()["rows"]
    urls += [f"/actors/{a['actor_id']}" for a in actors]
    assert entries and any(a["actor_id"].startswith("p:") for a in actors), "nothing to render"
    return urls


def test_the_hostile_article_was_read(client: TestClient) -> None:
    doc = client.get("/documents/hostile.json").json()["document"]
    assert PAYLOAD in doc["text"] and LONG in doc["text"]
    assert client.get("/events.json").json()["total"] > 0


def test_no_page_carries_live_markup_from_the_article(client: TestClient) -> None:
    shown = []  # pages where the payload is, as text
    for url in _pages(client):
        r = client.get(url)
        assert r.status_code == 200, url
        html = r.text
        if "&lt;script&gt;alert(" in html:
            shown.append(url)
        assert 'alert("pwned")</script>' not in html.replace("&#34;", '"'), url
        assert "<img src=x" not in html, url
        # every <script> on our pages is one of ours: a file of the app or a JSON data block
        for tag in re.findall(r"<script[^>]*>", html):
            assert OUR_SCRIPT.fullmatch(tag) or DATA_BLOCK.fullmatch(tag), (url, tag)
    # the check saw the hostile text: the pages quoting the article's sentences show it escaped
    entry_pages = [u for u in shown if u.startswith("/timeline/")]
    assert {"/timeline", "/events", "/documents/hostile"} <= set(shown) and entry_pages, shown


def test_the_document_page_shows_the_text_escaped(client: TestClient) -> None:
    html = client.get("/documents/hostile").text
    assert "&lt;script&gt;alert(" in html
    assert "zeta" * 100 in html  # the long line is there, whole, as text


def test_no_data_block_can_close_its_script(client: TestClient) -> None:
    blocks = []
    for url in _pages(client):
        html = client.get(url).text
        for tag, data in re.findall(r"(<script[^>]*>)(.*?)</script>", html, re.S):
            if DATA_BLOCK.fullmatch(tag):
                assert "<" not in data, (url, tag)  # every '<' escaped as \\u003c
                json.loads(data)
                if "\\u003cscript\\u003ealert(" in data:
                    blocks.append(url)  # the payload is in the block, escaped
    assert "/timeline" in blocks  # the timeline chart's rows quote the article


def test_hostile_text_in_search_and_ids_is_only_a_value(client: TestClient) -> None:
    r = client.get("/events.json", params={"q": "'; DROP TABLE events; --"})
    assert r.status_code == 200 and r.json()["total"] == 0
    assert client.get("/events.json").json()["total"] > 0
    r = client.get("/documents/" + "%3Cscript%3Ex")
    assert r.status_code == 404 and "<script>x" not in r.text
    r = client.get("/events", params={"q": PAYLOAD})
    assert r.status_code == 200 and PAYLOAD not in r.text


# -- hostile request values: a clear 400 or an answer, never a 500, never internals --------
INTERNALS = ("Traceback", "SELECT", "FROM (", "Binder", "duckdb", "Exception", 'File "', ".py")
HOSTILE_VALUES = [
    "'; DROP TABLE events; --", "\x00", "%00", "\u202e\u0645", "🇻🇳", "a" * 199, "-1", "1e309",
    "9" * 40, "NaN", "null", "[]", "{}", "..", "../../etc/passwd", "$(reboot)", PAYLOAD,
]  # fmt: skip
PARAMS = ("from", "to", "actor", "countries", "type", "context", "outlet", "q", "status", "kind",
          "limit", "cursor", "sort")  # fmt: skip


@pytest.mark.parametrize("param", PARAMS)
def test_hostile_values_in_any_parameter_never_break_the_server(
    client: TestClient, param: str
) -> None:
    for value in HOSTILE_VALUES:
        for url in ("/events.json", "/pledges.json", "/events.csv", "/events"):
            r = client.get(url, params={param: value})
            assert r.status_code in (200, 400), (url, param, value, r.status_code, r.text[:300])
            if r.status_code == 400 and url.endswith(".json"):
                assert r.json()["error"]["code"] in ("E600", "invalid_request")
            body = r.text
            assert not any(word in body for word in INTERNALS) or r.status_code == 200, body
            assert PAYLOAD not in body  # echoed values are escaped on pages, quoted in JSON
    r = client.get("/overview.json", params={"a": PAYLOAD, "b": "\x00"})
    assert r.status_code == 400 and "SELECT" not in r.text


def test_a_crafted_cursor_is_refused_not_run(client: TestClient) -> None:
    import base64

    for raw in ("o:2^70", "o:" + "9" * 25, "o:1180591620717411303424", "o:-5", "x:1", "o:",
                "o:1 OR 1=1", "o:٣"):  # fmt: skip
        cursor = base64.urlsafe_b64encode(raw.encode()).decode()
        for url in ("/events.json", "/events", "/events.jsonl"):
            r = client.get(url, params={"cursor": cursor})
            assert r.status_code == 400, (raw, url, r.text[:200])
            assert "cursor" in r.text and "OFFSET" not in r.text and "Traceback" not in r.text


SECRET = "Binder Error: SELECT secret FROM hidden_table WHERE x = 'p4ssw0rd'"


@pytest.mark.parametrize(
    ("target", "url"),
    [
        ("communique.serve.app.read_list", "/events.json"),
        ("communique.serve.details.country_pairs", "/overview.json"),
        ("communique.serve.details.country_pairs", "/"),
        ("communique.serve.details.entry", "/timeline/x.json"),
        ("communique.serve.downloads.prepare", "/events.csv"),
        ("communique.serve.lists.list_rows", "/events"),
    ],
)
def test_an_unexpected_failure_shows_no_internals(
    hostile_db: Path, monkeypatch: pytest.MonkeyPatch, target: str, url: str
) -> None:
    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError(SECRET)

    monkeypatch.setattr(target, boom)
    with TestClient(create_app(hostile_db), raise_server_exceptions=False) as c:
        r = c.get(url)
    assert r.status_code == 500, (url, r.text[:300])
    for word in ("Binder", "SELECT", "secret", "p4ssw0rd", "RuntimeError", "Traceback", ".py"):
        assert word not in r.text, (url, word)
    if url.endswith((".json", ".csv")):
        err = r.json()["error"]
        assert (err["status"], err["code"]) == (500, "internal") and err["message"]
    else:
        assert "text/html" in r.headers["content-type"] and "internal" in r.text
