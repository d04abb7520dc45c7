"""What the browser tests share: Debian's Chromium driven by Playwright, pages that fail the
test on any JavaScript error, and screenshots.

Importing this module fails the importing test module at collection when Chromium is not
installed. The fixtures built on it (``browser``, ``base_url``, ``page``) are in
``conftest.py``.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]  # fmt: skip
SHOTS = Path(os.environ.get("COMMUNIQUE_SCREENSHOTS", "test-artifacts/screenshots"))

if CHROMIUM is None:  # the README's test command installs it; say so loudly if it did not
    pytest.fail("chromium not found: run `bash scripts/test`, which installs it", pytrace=False)

from playwright.sync_api import Browser, Page, sync_playwright  # noqa: E402


@contextlib.contextmanager
def launch() -> Iterator[Browser]:
    """Chromium, headless, with no network of its own beyond the pages it is sent to."""
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield b
        b.close()


@contextlib.contextmanager
def open_page(
    browser: Browser, url: str | None = None, width: int = 1300, touch: bool = False
) -> Iterator[Page]:
    """A page in a context of its own, ``width`` pixels wide and 900 high (with touch input
    when ``touch``), at ``url`` when given; a JavaScript error on it fails the test once the
    page is closed."""
    context = browser.new_context(viewport={"width": width, "height": 900}, has_touch=touch)
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        if url is not None:
            pg.goto(url)
        yield pg
    finally:
        context.close()
    assert not errors, f"JavaScript errors: {errors}"


def shot(page: Page, name: str) -> None:
    """A screenshot of what the page shows, as ``SHOTS/name.png``."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=False)
