"""Article text is data: script tags, quotes and very long lines must render inert."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from communique.api import build
from communique.serve.app import create_app

PAYLOAD = '<script>alert("pwned")</script>'
ATTR = "\"><img src=x onerror=alert('x')>"
LONG = "Trade " + "zeta" * 6000  # one line of 24,000 characters

ARTICLE = f"""Leaders meet in Hanoi {PAYLOAD}

HANOI, March 3, 2021 - Vietnamese Prime Minister Nguyen Xuan Phuc held talks with Japanese \
Prime Minister Yoshihide Suga in Hanoi on Wednesday {PAYLOAD}.
The two sides signed an agreement on trade {ATTR} and pledged to raise bilateral trade to \
US$50 billion by 2025.
{LONG}
"""


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> TestClient:
    folder = tmp_path_factory.mktemp("hostile")
    (folder / "hostile.txt").write_text(ARTICLE, encoding="utf-8")
    db = folder / "h.duckdb"
    report = build([folder], db)
    assert report.added == 1
    return TestClient(create_app(db))


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
        # every <script> on our pages is one of ours: the app's file or a JSON data block
        for tag in re.findall(r"<script[^>]*>", html):
            assert tag in ('<script src="/static/timeline.js">',
                           '<script id="timeline-data" type="application/json">'), (url, tag)  # fmt: skip
    # the check saw the hostile text: the pages quoting the article's sentences show it escaped
    entry_pages = [u for u in shown if u.startswith("/timeline/")]
    assert {"/timeline", "/events", "/documents/hostile"} <= set(shown) and entry_pages, shown


def test_the_document_page_shows_the_text_escaped(client: TestClient) -> None:
    html = client.get("/documents/hostile").text
    assert "&lt;script&gt;alert(" in html
    assert "zeta" * 100 in html  # the long line is there, whole, as text


def test_the_timeline_data_block_cannot_close_its_script(client: TestClient) -> None:
    html = client.get("/timeline").text
    block = html.split('<script id="timeline-data" type="application/json">', 1)[1]
    data = block.split("</script>", 1)[0]
    assert "\\u003cscript\\u003ealert(" in data  # the payload is in the block, escaped
    assert "<" not in data  # tojson escapes every '<' as \\u003c


def test_hostile_text_in_search_and_ids_is_only_a_value(client: TestClient) -> None:
    r = client.get("/events.json", params={"q": "'; DROP TABLE events; --"})
    assert r.status_code == 200 and r.json()["total"] == 0
    assert client.get("/events.json").json()["total"] > 0
    r = client.get("/documents/" + "%3Cscript%3Ex")
    assert r.status_code == 404 and "<script>x" not in r.text
    r = client.get("/events", params={"q": PAYLOAD})
    assert r.status_code == 200 and PAYLOAD not in r.text
