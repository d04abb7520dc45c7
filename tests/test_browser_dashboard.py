"""The relationship dashboard in a real browser (Playwright driving Debian's Chromium) on a
store built at run time from a real topic slice: the first 120 records of the Timeline17
LibyaWar CNN articles (read from ``shared/``, written to a temporary file; no corpus text is
kept in the repository). The charts draw data, a mark opens its events and their sentences,
and nothing scrolls sideways on a 390-pixel-wide phone."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from browser_support import open_page, shot
from playwright.sync_api import Browser, Page, expect

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def store(libya_cnn_store: Path) -> Path:
    return libya_cnn_store


@pytest.fixture(scope="module")
def pair(base_url: str) -> tuple[str, str]:
    pairs = httpx.get(base_url + "/index.json", timeout=30).json()["pairs"]
    codes = [(p["a"], p["b"]) for p in pairs]
    assert ("LBY", "USA") in codes, codes[:5]
    return "USA", "LBY"


@pytest.fixture(scope="module")
def data(base_url: str, pair: tuple[str, str]) -> dict[str, Any]:
    return dict(httpx.get(f"{base_url}/pair.json?a={pair[0]}&b={pair[1]}", timeout=30).json())


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:
    with open_page(browser, width=390) as pg:
        yield pg


def _url(pair: tuple[str, str]) -> str:
    return f"/pair?a={pair[0]}&b={pair[1]}"


def test_the_dashboard_draws_every_chart_with_data(page: Page, base_url: str,
                                                   pair: tuple[str, str], data: dict[str, Any]) -> None:  # fmt: skip
    response = page.goto(base_url + _url(pair))
    assert response is not None and response.status == 200
    assert len(response.body()) < 200_000
    expect(page.locator("h1")).to_have_text("United States – Libya")
    charts = page.locator("canvas.quad-chart")
    expect(charts).to_have_count(3)
    for i in range(3):
        drawn = charts.nth(i).evaluate(
            """c => { const d = c.chart.data.datasets.filter(s => s.type === 'bar');
                      const n = d.reduce((t, s) => t + s.data.reduce((a, b) => a + b, 0), 0);
                      const px = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
                      let ink = 0; for (let k = 3; k < px.length; k += 4) if (px[k]) ink++;
                      return [n, ink]; }"""
        )
        key = charts.nth(i).get_attribute("data-dir")
        direction = next(d for d in data["directions"] if d["key"] == key)
        assert drawn[0] == direction["charted"] > 0 and drawn[1] > 1000
    # the number tables hold the same counts, each a link
    for d in data["directions"]:
        twin = page.locator(f"details[data-twin=quads][data-dir={d['key']}]")
        rows = twin.locator("tbody tr")
        non_empty = sum(1 for i in range(len(data["periods"]))
                        if sum(v[i] for v in d["quads"].values()))  # fmt: skip
        expect(rows).to_have_count(non_empty)
    expect(page.locator("[data-grid] svg rect.mark").first).to_be_attached()
    assert page.locator("[data-grid] svg rect.mark").count() >= 10
    expect(page.locator("svg#pair-map[data-ready='1']")).to_be_attached(timeout=10_000)
    assert page.locator("svg#pair-map path.country.mark").count() == len(
        data["places"]["countries"]
    )
    assert page.locator("svg#pair-map path.country").count() > 150
    figures = page.locator("canvas.figure-chart")
    assert figures.count() >= 1
    assert (
        figures.first.evaluate("c => c.chart.data.datasets[0].data.filter(v => v !== null).length")
        >= 2
    )
    assert page.locator("[role=img] a, [role=img] [tabindex]").count() == 0
    page.locator("#tone").scroll_into_view_if_needed()
    shot(page, "dashboard")
    page.locator("#places").scroll_into_view_if_needed()
    shot(page, "dashboard-map")


def test_a_bar_opens_its_events_and_their_sentences(page: Page, base_url: str,
                                                    pair: tuple[str, str], data: dict[str, Any]) -> None:  # fmt: skip
    page.goto(base_url + _url(pair))
    ab = next(d for d in data["directions"] if d["key"] == "ab")
    quad, i = max(((q, i) for q, v in ab["quads"].items() for i in range(len(v))),
                  key=lambda qi: ab["quads"][qi[0]][qi[1]])  # fmt: skip
    n = ab["quads"][quad][i]
    canvas = page.locator("canvas.quad-chart[data-dir=ab]")
    canvas.scroll_into_view_if_needed()
    x, y = canvas.evaluate(
        """(c, [quad, i]) => { const ch = c.chart;
             const k = ch.data.datasets.findIndex(s => s.quad === quad);
             const bar = ch.getDatasetMeta(k).data[i]; return [bar.x, (bar.y + bar.base) / 2]; }""",
        [quad, i],
    )
    box = canvas.bounding_box()
    assert box is not None
    page.mouse.click(box["x"] + x, box["y"] + y)
    page.wait_for_url("**/pair/events?*")
    assert (
        f"quad={quad}" in page.url
        and "dir=ab" in page.url
        and f"period={data['periods'][i]}" in page.url
    )
    rows = page.locator("tr.event-row")
    expect(rows).to_have_count(n)
    expect(page.locator("p.pager b")).to_have_text(str(n))
    shot(page, "dashboard-drill")
    link = rows.first.locator("a[href^='/documents/']").last
    href = link.get_attribute("href")
    assert href and "#ev-" in href
    link.click()
    page.wait_for_url("**/documents/*")
    expect(page.locator(f"a.anchor[id='{href.split('#')[1]}']")).to_have_count(1)


def test_a_type_cell_and_a_country_open_their_events(page: Page, base_url: str,
                                                     pair: tuple[str, str]) -> None:  # fmt: skip
    page.goto(base_url + _url(pair))
    cell = page.locator("[data-grid=ab] svg rect.mark").first
    cell.scroll_into_view_if_needed()
    title = cell.locator("title").text_content() or ""
    count = int(title.rsplit(":", 1)[1])
    cell.click()
    page.wait_for_url("**/pair/events?*type=*")
    expect(page.locator("tr.event-row")).to_have_count(count)
    page.go_back()
    expect(page.locator("svg#pair-map[data-ready='1']")).to_be_attached(timeout=10_000)
    libya = page.locator("svg#pair-map path.country.mark[data-country=LBY]")
    libya.scroll_into_view_if_needed()
    libya.click()
    page.wait_for_url("**/pair/events?*place_country=LBY*")
    assert page.locator("tr.event-row").count() > 0


def test_the_overview_leads_to_the_dashboard_with_names(page: Page, base_url: str) -> None:
    page.goto(base_url + "/")
    link = page.locator("ul.pair-list a", has_text="Libya – United States")
    expect(link).to_have_count(1)
    expect(page.locator("canvas.quad-chart").first).to_be_visible()
    link.click()
    page.wait_for_url("**/pair?a=LBY&b=USA")
    expect(page.locator("h1")).to_have_text("Libya – United States")


@pytest.mark.parametrize("path", ["/pair?a=USA&b=LBY", "/", "/actors/p:muammar-gaddafi",
                                  "/pair/events?a=USA&b=LBY&dir=ab", "/figures"])  # fmt: skip
def test_nothing_scrolls_sideways_on_a_phone(phone: Page, base_url: str, path: str) -> None:
    phone.goto(base_url + path)
    phone.wait_for_timeout(300)
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"{path} is {width}px wide"
    if path.startswith("/pair?"):
        expect(phone.locator("canvas.quad-chart").first).to_be_visible()
        shot(phone, "dashboard-phone")
