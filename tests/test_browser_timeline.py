"""The timeline chart on a real topic slice, in Chromium: every entry drawn or counted, labels
that never overlap, zoom anchored at the pointer, keyboard and touch, no sideways scroll, the
chart's data read on demand (counts per period zoomed out, the entries zoomed in) and a light
page.

The store is built once for the module from the first 250 articles of two LibyaWar outlets in
``../shared/corpus/t17-dev`` (read at run time; no corpus text is copied into the repository),
with the rule coder: the chart sees what the dating gives (days, months, years, misdated
outliers, history) from about a thousand entries, and the build takes a fifth of the learned
coder's time.
"""

from __future__ import annotations

import gzip
import itertools
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import httpx
import pytest
from browser_support import open_page
from playwright.sync_api import Browser, Page

from communique.api import build
from communique.config import Config

pytestmark = pytest.mark.browser

T17 = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "t17-dev"
SLICE = {"LibyaWar_cnn": 150, "LibyaWar_reuters": 100}  # articles, from each file's start

# every entry in view is a mark (a dot or a bar, with its entry id) or counted in a column
PLOTTED = """() => {
  const svg = document.getElementById('timeline-chart');
  let bands = 0;
  svg.querySelectorAll('rect.band').forEach(b => { bands += Number(b.dataset.count); });
  return {bands: bands, marks: svg.querySelectorAll('.happening[data-entry]').length,
          columns: svg.querySelectorAll('rect.band').length,
          shown: Number(svg.dataset.shown), earlier: Number(svg.dataset.earlier),
          later: Number(svg.dataset.later)};
}"""
# pairs of text elements in the chart whose boxes overlap (by more than half a pixel)
OVERLAPS = """() => {
  const boxes = [...document.querySelectorAll('#timeline-chart text')]
    .map(t => [t.textContent, t.getBoundingClientRect()]);
  const bad = [];
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i][1], b = boxes[j][1];
      if (a.left < b.right - 0.5 && b.left < a.right - 0.5 &&
          a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5) {
        bad.push([boxes[i][0], boxes[j][0]]);
      }
    }
  }
  return {texts: boxes.length, labels: document.querySelectorAll('#timeline-chart text.label').length,
          bad: bad};
}"""
VIEW = """() => {
  const s = document.getElementById('timeline-chart'), r = s.getBoundingClientRect();
  return {from: Number(s.dataset.from), to: Number(s.dataset.to), left: Number(s.dataset.plotLeft),
          right: Number(s.dataset.plotRight), x: r.left, y: r.top, width: r.width};
}"""
FRAME = "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"
READY = "() => document.getElementById('timeline-chart').dataset.state === 'ready'"


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("libya")
    articles = folder / "libya.jsonl"
    with articles.open("w", encoding="utf-8") as out:
        for name, n in SLICE.items():
            with gzip.open(T17 / name / "articles.jsonl.gz", "rt", encoding="utf-8") as lines:
                out.writelines(itertools.islice(lines, n))
    db = folder / "libya.duckdb"
    report = build([articles], db, Config(event_coder="rules", today="2025-12-31"))
    assert report.added >= 0.95 * sum(SLICE.values()), report
    return db


@pytest.fixture(scope="module")
def expected(store: Path) -> dict[str, int]:
    """What the chart must account for, counted in the database itself."""
    con = duckdb.connect(str(store), read_only=True)
    try:
        row = con.execute(
            "SELECT count(*) FILTER (WHERE date IS NOT NULL AND NOT history), "
            "count(*) FILTER (WHERE history), count(*) FILTER (WHERE date IS NULL) FROM "
            "(SELECT date, list_contains(from_json(flags, '[\"VARCHAR\"]'), 'history') AS history "
            "FROM timeline)"
        ).fetchone()
    finally:
        con.close()
    assert row is not None
    return {"dated": int(row[0]), "history": int(row[1]), "undated": int(row[2])}


@pytest.fixture
def page(browser: Browser, base_url: str) -> Iterator[Page]:
    with open_page(browser, base_url + "/timeline") as pg:
        _settle(pg)
        yield pg


def _settle(page: Page) -> None:
    """The chart redrawn (on the next frame) with the data of its view (read on demand)."""
    page.evaluate(FRAME)
    page.wait_for_function(READY, timeout=15_000)
    page.evaluate(FRAME)


def _view(page: Page) -> dict[str, float]:
    _settle(page)
    view: dict[str, float] = page.evaluate(VIEW)
    return view


def _zoom_until(page: Page, selector: str, steps: int = 10) -> int:
    """Wheel-zoom in at the chart's middle until ``selector`` is drawn; the steps it took."""
    view = _view(page)
    page.mouse.move(view["x"] + view["width"] * 0.5, view["y"] + 100)
    for n in range(steps):
        if page.locator(selector).count():
            return n
        page.mouse.wheel(0, -400)
        _settle(page)
    assert page.locator(selector).count(), selector
    return steps


def _x_of(view: dict[str, float], t: float) -> float:
    """Where the date ``t`` (ms) is drawn, in the chart's own pixels."""
    share = (t - view["from"]) / (view["to"] - view["from"])
    return view["left"] + share * (view["right"] - view["left"])


def test_every_entry_is_drawn_or_counted(page: Page, expected: dict[str, int]) -> None:
    assert expected["dated"] > 200, expected  # a slice big enough to need columns
    page.click("#tl-all")
    _settle(page)
    at_all: dict[str, Any] = page.evaluate(PLOTTED)
    assert at_all["earlier"] == at_all["later"] == 0
    assert at_all["bands"] + at_all["marks"] == at_all["shown"] == expected["dated"], at_all
    assert at_all["columns"] > 0  # zoomed out, entries are counted per period, not piled up
    page.click("#tl-reset")  # the bulk: what is left out is counted at the edges
    _settle(page)
    bulk: dict[str, Any] = page.evaluate(PLOTTED)
    assert bulk["bands"] + bulk["marks"] == bulk["shown"]
    assert bulk["shown"] + bulk["earlier"] + bulk["later"] == expected["dated"], bulk
    assert bulk["shown"] >= 0.9 * expected["dated"]
    if bulk["earlier"]:
        edge = page.locator("#timeline-chart text.edge").first.text_content() or ""
        assert f"{bulk['earlier']} earlier" in edge
    note = page.inner_text(".tl-note")
    assert f"{expected['dated']} dated entries on the chart" in note
    if expected["history"]:  # listed apart, with their count, the first 50 on the page
        assert f"{expected['history']} history" in note
        assert f"({expected['history']} entries)" in page.inner_text("section#history h2")
        assert page.locator("tr.history-row").count() == min(expected["history"], 50)
    # zoomed in: the entries themselves, and still every one drawn, counted, or at an edge
    _zoom_until(page, "#timeline-chart .happening[data-entry]")
    near: dict[str, Any] = page.evaluate(PLOTTED)
    assert near["marks"] > 0 and near["bands"] + near["marks"] == near["shown"]
    assert near["shown"] + near["earlier"] + near["later"] == expected["dated"], near


def test_labels_never_overlap(page: Page) -> None:
    views = {"fit": lambda: None, "all": lambda: page.click("#tl-all")}
    for name, go in views.items():
        go()
        _settle(page)
        found = page.evaluate(OVERLAPS)
        assert found["texts"] > 0 and not found["bad"], (name, found)
    page.click("#tl-reset")
    view = _view(page)
    page.mouse.move(view["x"] + view["width"] * 0.5, view["y"] + 100)
    labels = []
    for _ in range(7):  # zooming in: ever more entries drawn one by one, labelled
        page.mouse.wheel(0, -400)
        _settle(page)
        found = page.evaluate(OVERLAPS)
        assert not found["bad"], found
        labels.append(found["labels"])
    assert max(labels) > 5, labels


def test_labels_never_overlap_on_a_phone(browser: Browser, base_url: str) -> None:
    with open_page(browser, base_url + "/timeline", width=390) as pg:
        for button in ("#tl-reset", "#tl-all", *["#tl-zoom-in"] * 6):
            pg.click(button)
            _settle(pg)
            found = pg.evaluate(OVERLAPS)
            assert found["texts"] > 0 and not found["bad"], (button, found)


def test_wheel_zoom_keeps_the_date_under_the_pointer(page: Page) -> None:
    for share, delta in ((0.62, -300), (0.62, -300), (0.2, -500), (0.2, 250), (0.85, 400)):
        before = _view(page)
        px = before["left"] + share * (before["right"] - before["left"])
        t = before["from"] + share * (before["to"] - before["from"])
        page.mouse.move(before["x"] + px, before["y"] + 120)
        page.mouse.wheel(0, delta)
        after = _view(page)
        span = (before["to"] - before["from"], after["to"] - after["from"])
        assert (span[1] < span[0]) if delta < 0 else (span[1] > span[0]), (delta, span)
        assert abs(_x_of(after, t) - px) < 2, (share, delta, before, after)


def test_buttons_zoom_about_the_centre(page: Page) -> None:
    before = _view(page)
    centre = (before["from"] + before["to"]) / 2
    page.click("#tl-zoom-in")
    after = _view(page)
    assert after["to"] - after["from"] == pytest.approx((before["to"] - before["from"]) / 2, 1e-3)
    assert (after["from"] + after["to"]) / 2 == pytest.approx(centre, abs=60_000)


def test_keyboard_pans_zooms_fits_and_shows_tooltips(page: Page) -> None:
    page.focus("#timeline-chart")
    start = _view(page)
    page.keyboard.press("+")
    zoomed = _view(page)
    assert zoomed["to"] - zoomed["from"] < 0.6 * (start["to"] - start["from"])
    page.keyboard.press("ArrowRight")
    panned = _view(page)
    assert panned["from"] > zoomed["from"]
    assert panned["to"] - panned["from"] == pytest.approx(zoomed["to"] - zoomed["from"], 1e-6)
    page.keyboard.press("Home")
    home = _view(page)
    assert (home["from"], home["to"]) == (start["from"], start["to"])
    page.keyboard.press(".")  # step onto what is drawn: the tooltip shows and is announced
    tip = page.locator("#tl-tip")
    assert tip.is_visible() and tip.inner_text().strip()
    assert page.inner_text("#tl-live").strip()
    first = tip.inner_text()
    page.keyboard.press(".")
    assert tip.inner_text() != first


def test_the_chart_is_one_application_with_no_links_inside(page: Page) -> None:
    chart = page.locator("#timeline-chart")
    assert chart.get_attribute("role") == "application"
    assert chart.get_attribute("tabindex") == "0"
    assert chart.get_attribute("aria-describedby") == "tl-help"
    inner = page.locator("#timeline-chart a, #timeline-chart [tabindex], #timeline-chart [href]")
    assert inner.count() == 0
    assert page.locator("table.list tr.entry-row").count() > 0  # the table twin


def test_a_click_on_a_happening_opens_it(page: Page) -> None:
    _zoom_until(page, "#timeline-chart .happening[data-entry]")
    dot = page.locator("#timeline-chart .happening[data-entry]").first
    entry = dot.get_attribute("data-entry")
    dot.click()
    page.wait_for_url(f"**/timeline/{entry}")


def test_touch_drag_pans_and_pinch_zooms(browser: Browser, base_url: str) -> None:
    with open_page(browser, base_url + "/timeline", touch=True) as pg:
        _settle(pg)
        cdp = pg.context.new_cdp_session(pg)
        view = _view(pg)
        y = view["y"] + 100

        def touch(kind: str, *xs: float) -> None:
            points = [{"x": view["x"] + x, "y": y, "id": i} for i, x in enumerate(xs)]
            cdp.send("Input.dispatchTouchEvent", {"type": kind, "touchPoints": points})

        touch("touchStart", 600)  # one finger: drag right, back in time
        for x in (620, 660, 700):
            touch("touchMove", x)
        touch("touchEnd")
        dragged = _view(pg)
        assert dragged["from"] < view["from"]
        assert dragged["to"] - dragged["from"] == pytest.approx(view["to"] - view["from"], 1e-6)
        t = dragged["from"] + (650 - dragged["left"]) / (dragged["right"] - dragged["left"]) * (
            dragged["to"] - dragged["from"]
        )
        touch("touchStart", 550, 750)  # two fingers apart: zoom in about their middle
        for gap in (120, 160, 200):
            touch("touchMove", 650 - gap, 650 + gap)
        touch("touchEnd")
        pinched = _view(pg)
        assert pinched["to"] - pinched["from"] < 0.6 * (dragged["to"] - dragged["from"])
        assert abs(_x_of(pinched, t) - 650) < 3


def test_no_sideways_scroll_on_a_phone(browser: Browser, base_url: str) -> None:
    with open_page(browser, base_url + "/timeline", width=390) as pg:
        _settle(pg)
        widths = pg.evaluate(
            "() => [document.scrollingElement.scrollWidth, document.scrollingElement.clientWidth]"
        )
        assert widths[0] <= widths[1], widths


def test_zooming_in_loads_the_labelled_entries_of_the_view(page: Page, base_url: str) -> None:
    assert page.get_attribute("#timeline-chart", "data-mode") == "density"  # many: counts
    asked: list[str] = []
    page.on("request", lambda r: asked.append(r.url[len(base_url) :]))
    steps = _zoom_until(page, "#timeline-chart .happening[data-entry]")
    assert steps > 0 and page.get_attribute("#timeline-chart", "data-mode") == "entries"
    density = [u for u in asked if u.startswith("/timeline/density.json?")]
    entries = [u for u in asked if u.startswith("/timeline.json?")]
    assert density and entries, asked
    assert "sort=date" in entries[-1] and "from=" in entries[-1] and "to=" in entries[-1]
    found = page.evaluate(OVERLAPS)
    assert found["labels"] > 5 and not found["bad"], found
    page.click("#tl-all")  # zoomed out again: counts per period
    _settle(page)
    assert page.get_attribute("#timeline-chart", "data-mode") == "density"


def test_the_overview_strip_picks_a_range(page: Page) -> None:
    before = _view(page)
    strip = page.locator("#tl-brush").bounding_box()
    assert strip is not None and page.locator("#tl-brush rect.brush-bar").count() > 0
    y = strip["y"] + strip["height"] / 2
    page.mouse.move(strip["x"] + 5, y)  # drag from the left end across a tenth of the strip
    page.mouse.down()
    page.mouse.move(strip["x"] + 5 + strip["width"] * 0.05, y, steps=3)
    page.mouse.move(strip["x"] + 5 + strip["width"] * 0.1, y, steps=3)
    page.mouse.up()
    after = _view(page)
    assert (
        after["from"] < before["from"]
        and after["to"] - after["from"] < before["to"] - before["from"]
    )
    plotted: dict[str, Any] = page.evaluate(PLOTTED)
    assert plotted["bands"] + plotted["marks"] == plotted["shown"]


def test_the_page_is_light_and_carries_no_entries_of_a_big_set(
    browser: Browser, base_url: str, expected: dict[str, int]
) -> None:
    page = httpx.get(base_url + "/timeline", headers={"Accept-Encoding": "identity"})
    assert page.status_code == 200 and len(page.content) < 200_000, len(page.content)
    block = re.search(r'<script id="timeline-data" type="application/json">(.*?)</script>',
                      page.text, re.S)  # fmt: skip
    assert block is not None and len(block.group(1)) < 30_000
    chart = json.loads(block.group(1))
    assert chart["entries"] is None  # a thousand entries: counts only, the rest on demand
    assert chart["density"]["counts"]["dated"] == expected["dated"]
    with open_page(browser, base_url + "/timeline") as pg:  # and in the browser, all of it
        _settle(pg)
        weight = pg.evaluate(
            "() => performance.getEntriesByType('resource').concat(performance.getEntriesByType("
            "'navigation')).reduce((n, e) => n + (e.decodedBodySize || 0), 0)"
        )
        assert 0 < weight < 200_000, weight
