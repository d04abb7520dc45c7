"""Every page of the web UI on a phone, with a keyboard and for a screen reader, in Chromium
(Playwright driving Debian's Chromium), on a store built at run time from a real topic slice
(the first 120 Timeline17 LibyaWar CNN articles, as ``test_browser_dashboard.py`` reads them).

Every HTML route the app has is visited (a test checks the list below against the app's own
routes, so a new page cannot be missed):

- at 390×844 (a phone): the page does not scroll sideways (wide tables scroll inside their own
  box) and the sticky header takes under 15% of the screen;
- at desktop size: no element with ``role="img"`` holds anything focusable; every chart has a
  table twin (``aria-details`` naming it, or a ``<details class="twin">``/table in the chart's
  own figure or section) that a keyboard reaches; no information sits only in a hover tooltip
  (every ``title`` is on something focusable); and the text passes WCAG AA contrast: every
  visible text node against the background it is drawn on (ancestors' colours composited,
  alpha included; SVG text against the shape under it), 4.5:1, or 3:1 for large text (24px, or
  bold from 18.66px).

The overview, the dashboard and the timeline are photographed at both sizes into
``test-artifacts/screenshots/`` (or the folder ``COMMUNIQUE_SCREENSHOTS`` names), reduced to
256 colours when Pillow is installed. They show corpus text, so they are never committed.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from browser_support import SHOTS, open_page
from playwright.sync_api import Browser, Page

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1300, "height": 900}
HEADER_SHARE = 0.15  # of the phone's screen height, at most

# every HTML route of the app (its path pattern) -> the views of it visited here; "{entry}",
# "{doc}", "{actor}", "{person}", "{points}" are filled from the store's JSON
VIEWS: dict[str, dict[str, str]] = {
    "/": {"overview": "/"},
    "/pair": {"pair": "/pair?a=USA&b=LBY"},
    "/pair/events": {"pair-events": "/pair/events?a=USA&b=LBY&dir=ab"},
    "/pair/pledges": {"pair-pledges": "/pair/pledges?a=USA&b=LBY"},
    "/figures/points": {"figure-points": "{points}"},
    "/timeline": {"timeline": "/timeline"},
    "/timeline/history": {"timeline-history": "/timeline/history"},
    "/timeline/undated": {"timeline-undated": "/timeline/undated"},
    "/timeline/{entry_id}": {"entry": "/timeline/{entry}", "error": "/timeline/no-such-entry"},
    "/events": {"events": "/events", "events-filtered": "/events?countries=LBY&type=ASSAULT"},
    "/pledges": {"pledges": "/pledges"},
    "/figures": {"figures": "/figures"},
    "/documents": {"documents": "/documents"},
    "/documents/{doc_id}": {
        "document": "/documents/{doc}",
        "removed": "/documents/{doc}?removed=1",
    },
    "/actors": {"actors": "/actors"},
    "/actors/{actor_id}": {"actor-person": "/actors/{person}", "actor-country": "/actors/c:LBY"},
    "/docs": {"api-docs": "/docs"},
    "/redoc": {"api-redoc": "/redoc"},
}
# HTML routes that are not views: Swagger UI's OAuth2 helper (no content of its own)
NOT_VIEWS = {"/docs/oauth2-redirect"}
# third-party pages (Swagger UI, ReDoc from fastapi-offline): checked for sideways scroll only
THIRD_PARTY = {"api-docs", "api-redoc"}
NAMES = [name for views in VIEWS.values() for name in views]

SETTLE = "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"

# the sticky header's height and the page's width
LAYOUT = """() => {
  const h = document.querySelector('header.top');
  return {scroll: document.scrollingElement.scrollWidth, client: document.documentElement.clientWidth,
          header: h ? h.getBoundingClientRect().height : 0,
          sticky: h ? getComputedStyle(h).position : null,
          wide: [...document.querySelectorAll('body *')].filter(e => {
              const r = e.getBoundingClientRect();
              if (r.right <= innerWidth + 0.5 || !r.width) return false;
              for (let p = e.parentElement; p && p !== document.body; p = p.parentElement) {
                const s = getComputedStyle(p);
                if (s.overflowX !== 'visible' && p.getBoundingClientRect().right <= innerWidth + 0.5) return false;
              }
              return true;
            }).slice(0, 5).map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') +
                                    (e.className && e.className.baseVal === undefined ? '.' + String(e.className).trim().replace(/\\s+/g, '.') : '') +
                                    ' ' + Math.round(e.getBoundingClientRect().right))};
}"""

FOCUSABLE = ("a[href], area[href], button, input:not([type=hidden]), select, textarea, summary, "
             "iframe, [tabindex], [contenteditable]:not([contenteditable=false])")  # fmt: skip

# focusable things inside role="img" (a screen reader hides an image's descendants)
FOCUS_IN_IMG = f"""() => [...document.querySelectorAll('[role=img]')].flatMap(img =>
  [...img.querySelectorAll({json.dumps(FOCUSABLE)})].map(e =>
    (img.id || img.getAttribute('class') || img.tagName) + ' > ' + e.tagName.toLowerCase()))"""

# every chart and its table twin: aria-details naming it, else a details.twin or a table in
# the chart's own figure or section; what a keyboard must do to reach it
CHARTS = """() => {
  const charts = [...document.querySelectorAll(
      'canvas, svg[role=img], svg[role=application], svg[role=group], svg.chart, svg.map, svg.heat')]
    .filter(c => !c.closest('[aria-hidden=true]') && c.getBoundingClientRect().width > 40);
  return charts.map((c, i) => {
    c.dataset.a11yChart = String(i);
    const name = (c.id ? '#' + c.id : '') + '.' + (c.getAttribute('class') || c.tagName) +
                 (c.dataset.dir ? '[' + c.dataset.dir + ']' : '') + (c.dataset.series ? '[' + c.dataset.series + ']' : '');
    let twin = null, how = null;
    const ref = c.getAttribute('aria-details');
    if (ref) { twin = document.getElementById(ref); how = 'aria-details'; }
    if (!twin) {
      const box = c.closest('figure, section, .two > *');
      if (box) { twin = box.querySelector('details.twin, table'); how = 'in ' + box.tagName.toLowerCase(); }
    }
    if (!twin) return {i: i, name: name, twin: null};
    const holder = twin.matches('details') ? twin : twin.closest('details');
    const link = twin.matches('a[href]') ? twin : null;
    const table = twin.matches('table') ? twin : twin.querySelector('table');
    if (twin.id === '') twin.id = 'a11y-twin-' + i;
    return {i: i, name: name, twin: twin.id, how: how, link: link ? link.getAttribute('href') : null,
            closed: !!(holder && !holder.open), summary: holder ? !!holder.querySelector(':scope > summary') : false,
            table: !!table, hidden: !link && !(holder && !holder.open) && !(table && table.getClientRects().length)};
  });
}"""

# a twin's table once its <details> is open: rows (or its "none" line) and whether it is shown
TWIN_TABLE = """id => { const t = document.getElementById(id);
  const table = t.matches('table') ? t : t.querySelector('table');
  return table ? {rows: table.querySelectorAll('tbody tr').length, shown: table.getClientRects().length > 0}
               : {rows: 0, shown: false}; }"""

# information only in a hover tooltip: a title attribute on something no keyboard can focus
HOVER_ONLY = f"""() => [...document.querySelectorAll('[title]')].filter(e => {{
    if (e.closest('[role=img], [aria-hidden=true]')) return false;  // a chart's marks: the twin has them
    const twin = e.closest('[aria-details]');  // marked text whose marks are also in a table
    if (twin && document.querySelector('#' + CSS.escape(twin.getAttribute('aria-details')) + ' table')) return false;
    if (!e.getClientRects().length) return false;
    const t = e.getAttribute('title').trim();
    if (!t) return false;
    if (e.matches({json.dumps(FOCUSABLE)}) && e.tabIndex >= 0) return false;
    return !(e.textContent || '').includes(t) && (e.getAttribute('aria-label') || '') !== t;
  }}).map(e => e.tagName.toLowerCase() + '.' + (e.getAttribute('class') || '') + ' "' + e.getAttribute('title').slice(0, 40) + '"')"""

# WCAG 2 contrast of every visible text node against what it is drawn on
CONTRAST = """() => {
  const parse = c => {
    const m = /rgba?\\(([^)]+)\\)/.exec(c || '');
    if (!m) return null;
    const p = m[1].split(/[\\s,\\/]+/).filter(Boolean).map(v => v.endsWith('%') ? parseFloat(v) / 100 : Number(v));
    return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
  };
  const over = (top, under) => {  // top (with alpha) over an opaque colour
    const a = top[3];
    return [0, 1, 2].map(k => top[k] * a + under[k] * (1 - a)).concat([1]);
  };
  const lum = c => {
    const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]);
  };
  const ratio = (a, b) => { const x = lum(a), y = lum(b); return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05); };
  // the background behind an HTML element: its and its ancestors' colours, composited
  const background = el => {
    const layers = [];
    let opacity = 1;
    for (let e = el; e && e.nodeType === 1; e = e.parentElement) {
      const s = getComputedStyle(e);
      if (s.backgroundImage && s.backgroundImage !== 'none') return {unknown: 'background image on ' + e.tagName};
      opacity *= Number(s.opacity);
      const c = parse(s.backgroundColor);
      if (c && c[3] > 0) { layers.push(c); if (c[3] >= 1) break; }
    }
    let bg = [255, 255, 255, 1];  // the canvas under everything
    for (let k = layers.length - 1; k >= 0; k--) bg = over(layers[k], bg);
    return {bg: bg, opacity: opacity};
  };
  const SHAPES = 'rect, path, circle, ellipse, polygon';
  const svgBackground = el => {  // the shape under an SVG text's middle, else the page
    el.scrollIntoView({block: 'center', inline: 'center'});  // elementsFromPoint sees the viewport only
    const box = el.getBoundingClientRect(), x = box.left + box.width / 2, y = box.top + box.height / 2;
    for (const e of document.elementsFromPoint(x, y)) {
      if (e === el || el.contains(e)) continue;
      if (e instanceof SVGElement && e.matches(SHAPES)) {
        const s = getComputedStyle(e), c = parse(s.fill);
        if (!c || s.fill === 'none') continue;
        c[3] *= Number(s.fillOpacity) * Number(s.opacity);
        if (c[3] <= 0) continue;
        const under = background(e.ownerSVGElement || e.parentElement);
        if (under.unknown) return under;
        return {bg: over(c, under.bg), opacity: 1};
      }
      if (!(e instanceof SVGElement)) break;
    }
    return background(el.ownerSVGElement || el.parentElement);
  };
  const failures = [], seen = new Set();
  let checked = 0;
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const text = n.textContent.trim();
    const el = n.parentElement;
    if (!text || !el || el.closest('script, style, noscript, option, datalist, template, title, desc, [aria-hidden=true]')) continue;
    if (el.closest('button:disabled, input:disabled, select:disabled')) continue;
    const range = document.createRange(); range.selectNodeContents(n);
    const rects = [...range.getClientRects()].filter(r => r.width > 1 && r.height > 1);
    if (!rects.length) continue;
    const s = getComputedStyle(el);
    if (s.visibility !== 'visible') continue;
    const svg = el instanceof SVGElement;
    const fg = parse(svg ? (s.fill !== 'none' ? s.fill : s.color) : s.color);
    if (!fg) continue;
    const under = svg ? svgBackground(el) : background(el);
    if (under.unknown) continue;
    const alpha = fg[3] * (svg ? Number(s.fillOpacity) : 1) * under.opacity;
    if (alpha === 0) continue;
    const shown = over([fg[0], fg[1], fg[2], alpha], under.bg);
    const r = ratio(shown, under.bg);
    const size = parseFloat(s.fontSize), bold = Number(s.fontWeight) >= 700;
    const large = size >= 24 || (bold && size >= 18.66);
    const need = large ? 3 : 4.5;
    checked++;
    if (r + 1e-6 < need) {
      const what = el.tagName.toLowerCase() + (el.getAttribute('class') ? '.' + el.getAttribute('class').trim().replace(/\\s+/g, '.') : '');
      const key = what + ' ' + s.color + ' ' + r.toFixed(2);
      if (seen.has(key)) continue;
      seen.add(key);
      failures.push({what: what, text: text.slice(0, 30), ratio: Math.round(r * 100) / 100, need: need,
                     color: svg ? s.fill : s.color, background: 'rgb(' + under.bg.slice(0, 3).map(Math.round).join(', ') + ')'});
    }
  }
  return {checked: checked, failures: failures};
}"""


@pytest.fixture(scope="module")
def store(libya_cnn_store: Path) -> Path:
    return libya_cnn_store


@pytest.fixture(scope="module")
def urls(base_url: str) -> dict[str, str]:
    """Every view's URL, the ids in it taken from the store."""

    def first(path: str) -> dict[str, Any]:
        rows = httpx.get(base_url + path, timeout=30).json()["rows"]
        assert rows, path
        return dict(rows[0])

    fill = {
        "entry": first("/timeline.json?sort=-sources&limit=1")["entry_id"],
        "doc": first("/documents.json?sort=-events&limit=1")["doc_id"],
        "person": first("/actors.json?kind=person&sort=-events&limit=1")["actor_id"],
    }
    figures = httpx.get(base_url + "/figures", timeout=30).text  # a point's link, as drawn
    found = re.search(r'href="(/figures/points\?[^"]+)"', figures)
    assert found, "no figure point links on /figures"
    fill["points"] = html.unescape(found.group(1))
    out = {}
    for views in VIEWS.values():
        for name, url in views.items():
            out[name] = url.format(**fill)
    return out


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:
    with open_page(browser, width=PHONE["width"]) as pg:
        pg.set_viewport_size(PHONE)
        yield pg


@pytest.fixture
def desktop(browser: Browser) -> Iterator[Page]:
    with open_page(browser, width=DESKTOP["width"]) as pg:
        yield pg


def _visit(page: Page, url: str, name: str) -> None:
    response = page.goto(url)
    assert response is not None
    assert response.status == (404 if name == "error" else 200), (name, response.status)
    page.wait_for_load_state("load")
    if page.locator("svg#pair-map").count():
        page.wait_for_selector("svg#pair-map[data-ready='1']", state="attached", timeout=10_000)
    if page.locator("svg#timeline-chart").count():
        page.wait_for_function(
            "() => document.getElementById('timeline-chart').dataset.state !== 'loading'",
            timeout=10_000,
        )
    page.evaluate(SETTLE)


def test_every_html_route_is_visited(store: Path) -> None:
    from fastapi.routing import APIRoute

    from communique.serve.app import create_app

    html = {r.path for r in create_app(store).routes
            if isinstance(r, APIRoute) and not r.include_in_schema}  # fmt: skip
    assert html - NOT_VIEWS == set(VIEWS), "routes without a view here, or views of no route"


@pytest.mark.parametrize("name", NAMES)
def test_a_phone_never_scrolls_sideways(phone: Page, base_url: str, urls: dict[str, str],
                                        name: str) -> None:  # fmt: skip
    _visit(phone, base_url + urls[name], name)
    layout = phone.evaluate(LAYOUT)
    assert layout["scroll"] <= PHONE["width"], f"{name} is {layout['scroll']}px wide: {layout}"
    if name not in THIRD_PARTY:
        assert layout["header"] < HEADER_SHARE * PHONE["height"], f"header {layout}"


@pytest.mark.parametrize("name", [n for n in NAMES if n not in THIRD_PARTY])
def test_charts_keyboard_and_contrast(desktop: Page, base_url: str, urls: dict[str, str],
                                      name: str) -> None:  # fmt: skip
    _visit(desktop, base_url + urls[name], name)
    assert desktop.evaluate(FOCUS_IN_IMG) == [], "focusable things inside role=img"
    charts = desktop.evaluate(CHARTS)
    for chart in charts:
        assert chart["twin"], f"{chart['name']} has no table twin"
        assert not chart["hidden"], f"{chart['name']}: its twin is hidden: {chart}"
        if chart["link"]:
            continue
        if chart["closed"]:  # a closed <details>: its summary opens it from the keyboard
            assert chart["summary"], chart
            summary = desktop.locator(f"#{chart['twin']} > summary, #{chart['twin']} summary").first
            summary.focus()
            assert summary.evaluate("s => document.activeElement === s"), chart
            desktop.keyboard.press("Enter")
        table = desktop.evaluate(TWIN_TABLE, chart["twin"])
        assert table["shown"] and table["rows"] > 0, f"{chart['name']}: twin {table}"
    assert desktop.evaluate(HOVER_ONLY) == [], "information in a hover tooltip only"
    contrast = desktop.evaluate(CONTRAST)
    assert contrast["checked"] > 0
    assert contrast["failures"] == [], f"{len(contrast['failures'])} below WCAG AA"


SHOOT = {"overview": "overview", "pair": "pair", "timeline": "timeline"}


def _save(png: bytes, name: str) -> None:
    """``png`` as ``SHOTS/name.png``, in 256 colours when Pillow is there (a quarter the size)."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    try:
        import io

        from PIL import Image
    except ImportError:
        (SHOTS / f"{name}.png").write_bytes(png)
        return
    image = Image.open(io.BytesIO(png)).convert("RGB").quantize(256, dither=Image.Dither.NONE)
    image.save(SHOTS / f"{name}.png", optimize=True)


def test_screenshots_at_phone_and_desktop_size(browser: Browser, base_url: str,
                                               urls: dict[str, str]) -> None:  # fmt: skip
    for size, viewport in (("phone", PHONE), ("desktop", {"width": 1280, "height": 800})):
        with open_page(browser, width=viewport["width"]) as pg:
            pg.set_viewport_size(viewport)
            for name, shot_name in SHOOT.items():
                _visit(pg, base_url + urls[name], name)
                _save(pg.screenshot(), f"{size}-{shot_name}")
