"""The web UI in a real browser: Playwright driving Debian's Chromium against a live server.

Screenshots of every page go to ``test-artifacts/screenshots/`` (or the folder named by
``COMMUNIQUE_SCREENSHOTS``). The store is built from the seeds, or from the package's own
sample articles when ``COMMUNIQUE_BROWSER_CORPUS=samples`` (what ``scripts/screenshots.sh``
uses for the pictures in ``docs/``, so that no seed text is published there).
"""

from __future__ import annotations

import os
from pathlib import Path

import httpx
import pytest
from browser_support import shot
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def store(seeds_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    if os.environ.get("COMMUNIQUE_BROWSER_CORPUS") != "samples":
        return seeds_store
    from communique.api import build, sample_corpus

    db = tmp_path_factory.mktemp("samples") / "samples.duckdb"
    assert build([sample_corpus()], db).failed == 0
    return db


PAGES = {"overview": "/", "timeline": "/timeline", "events": "/events", "pledges": "/pledges",
         "figures": "/figures", "documents": "/documents", "actors": "/actors"}  # fmt: skip
# what each page shows when the store has content: an empty page fails
CONTENT = {"overview": "ul.entries li a[href^='/timeline/']", "timeline": "tr.entry-row",
           "events": "tr.event-row", "pledges": "tr.pledge-row", "figures": "section.series",
           "documents": "tr.doc-row", "actors": "tr.actor-row"}  # fmt: skip


@pytest.mark.parametrize("name", list(PAGES))
def test_every_page_loads(page: Page, base_url: str, name: str) -> None:
    response = page.goto(base_url + PAGES[name])
    assert response is not None and response.status == 200
    expect(page.locator("h1")).to_be_visible()
    expect(page.locator("header nav a.active")).to_have_count(1)
    expect(page.locator(CONTENT[name]).first).to_be_visible()
    shot(page, name)


def test_timeline_to_entry_to_evidence(page: Page, base_url: str) -> None:
    page.goto(base_url + "/timeline")
    page.click("#tl-all")  # every dated entry in view: each one a mark or counted in a column
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    plotted = page.evaluate(
        "() => { const s = document.getElementById('timeline-chart'); let n = 0;"
        " s.querySelectorAll('rect.band').forEach(b => { n += Number(b.dataset.count); });"
        " return n + s.querySelectorAll('.happening[data-entry]').length; }"
    )
    assert plotted == page.locator("tr.entry-row").count() > 0  # the table holds them all here
    page.click("#tl-zoom-in")  # the chart redraws on zoom without errors
    page.click("#tl-reset")
    multi = page.locator("svg#timeline-chart circle.happening.multi").first
    multi.click()  # a happening told by several sources
    page.wait_for_url("**/timeline/*")
    expect(page.locator("article.source")).to_have_count(2)
    shot(page, "entry")
    link = page.locator("a.evidence-link").first
    target = link.get_attribute("href")
    assert target and target.startswith("#ev-")
    link.click()
    anchor = page.locator(f"a.anchor[id='{target[1:]}']")
    expect(anchor).to_have_count(1)
    marked = page.locator(f"a.anchor[id='{target[1:]}'] + span.evidence")
    expect(marked).to_be_visible()
    assert marked.evaluate("e => getComputedStyle(e).backgroundColor") != "rgba(0, 0, 0, 0)"
    shot(page, "evidence")
    page.locator("article.source h3 a").first.click()
    page.wait_for_url("**/documents/*")
    expect(page.locator(".doc-text span.event").first).to_be_visible()
    page.click("#show-removed")
    expect(page.locator("table.removed")).to_be_visible()
    shot(page, "document")


def test_filter_the_events_table_and_download_the_view(page: Page, base_url: str) -> None:
    page.goto(base_url + "/events")
    before = page.locator("tr.event-row").count()
    page.select_option("select[name=type]", "CONSULT")
    pair = httpx.get(base_url + "/overview.json").json()["pair"]
    page.fill("input[name=countries]", ",".join(pair))
    page.click("form.filters button[type=submit]")
    page.wait_for_url("**/events?*type=CONSULT*")
    rows = page.locator("tr.event-row")
    assert 0 < rows.count() < before
    for text in rows.locator("td:nth-child(2)").all_inner_texts():
        assert text.strip() == "CONSULT"
    href = page.locator("#dl-csv").get_attribute("href")
    assert href and "type=CONSULT" in href and "countries=" + "%2C".join(pair) in href
    body = httpx.get(base_url + href).text
    assert body.count("\n") - 1 == rows.count()
    shot(page, "events-filtered")


def test_actor_page_shows_offices_and_network(page: Page, base_url: str) -> None:
    page.goto(base_url + "/actors")
    page.locator("tr.actor-row a[href^='/actors/p:']").first.click()  # a person the KB knows
    page.wait_for_url("**/actors/p:*")
    offices = page.locator("table.offices tbody tr")
    expect(offices.first).to_be_visible()
    expect(page.locator("table.offices td.empty")).to_have_count(0)
    expect(page.locator("svg.network")).to_be_visible()
    assert page.locator("svg.network circle.node:not(.center)").count() > 0  # partners met
    shot(page, "actor")
