"""The TimelineJS export loads in TimelineJS3 (vendored from the npm registry in
communique/serve/static/vendor/timelinejs/) in a real browser: a static page holding the
exported JSON renders one slide per dated timeline entry, and no JavaScript error; nothing
is fetched from the network."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from browser_support import open_page, shot
from click.testing import CliRunner
from playwright.sync_api import Browser, Request

from communique.api import build, sample_corpus
from communique.config import Config
from communique.serve.cli import cli

pytestmark = pytest.mark.browser

VENDOR = Path(__file__).resolve().parents[1] / "communique/serve/static/vendor/timelinejs"
PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>timeline</title>
<link rel="stylesheet" href="{css}"></head>
<body><div id="timeline-embed" style="width:100%;height:600px"><div id="timeline"></div></div>
<script src="{js}"></script>
<script>
window.tlData = {data};
window.tl = new TL.Timeline("timeline", window.tlData,
  {{script_path: "{js_dir}", font: null, language: "en"}});
</script></body></html>
"""


@pytest.fixture(scope="module")
def page_file(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, object]]:
    folder = tmp_path_factory.mktemp("timelinejs")
    db = folder / "samples.duckdb"
    assert build([sample_corpus()], db, config=Config(event_coder="rules")).failed == 0
    out = folder / "timeline.json"
    result = CliRunner().invoke(cli, ["export", "timeline", "--db", str(db), "--format",
                                      "timelinejs", "-o", str(out)])  # fmt: skip
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text("utf-8"))
    html = PAGE.format(css=(VENDOR / "css/timeline.css").as_uri(),
                       js=(VENDOR / "js/timeline.js").as_uri(),
                       js_dir=(VENDOR / "js").as_uri() + "/",
                       data=json.dumps(data).replace("</", "<\\/"))  # fmt: skip
    page = folder / "index.html"
    page.write_text(html, encoding="utf-8")
    return page, data


def test_timelinejs_renders_the_exported_timeline(browser: Browser,
                                                  page_file: tuple[Path, dict[str, object]]) -> None:  # fmt: skip
    path, data = page_file
    events = data["events"]
    assert isinstance(events, list) and events
    remote: list[str] = []
    with open_page(browser) as pg:
        pg.on("request", lambda r: _note_remote(r, remote))
        console_errors: list[str] = []
        pg.on("console", lambda m: console_errors.append(m.text) if m.type == "error" else None)
        pg.goto(path.as_uri())
        pg.wait_for_function("document.querySelectorAll('.tl-slide').length > 1", timeout=15000)
        slides = pg.locator(".tl-slide")
        assert slides.count() == len(events) + 1  # the title slide, then one per entry
        assert pg.locator(".tl-timemarker").count() == len(events)
        assert pg.locator(".tl-message-full").count() == 0 or not pg.locator(
            ".tl-message-full").is_visible()  # fmt: skip
        headlines = pg.locator(".tl-slide .tl-headline").all_inner_texts()
        first = events[0]
        assert isinstance(first, dict)
        assert first["text"]["headline"] in [h.strip() for h in headlines]
        pg.locator(".tl-slidenav-next").first.click()
        shown = pg.locator(".tl-slide .tl-headline", has_text=first["text"]["headline"]).first
        shown.wait_for(state="visible", timeout=5000)
        pg.wait_for_timeout(1000)  # the slide's animation
        text = pg.locator(".tl-slide").nth(1).inner_text()
        assert "Sources:" in text and "<" not in text  # HTML rendered, not shown as text
        shot(pg, "interop-timelinejs")
    assert not remote, remote
    assert not console_errors, console_errors


def _note_remote(request: Request, remote: list[str]) -> None:
    if not request.url.startswith(("file:", "data:", "blob:", "about:")):
        remote.append(request.url)
