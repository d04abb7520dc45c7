"""Re-make the real-corpus screenshots in docs/screenshots/ (issue 15).

    python scripts/screenshots.py [--db /tmp/communique-libya-shots.duckdb] [--out docs/screenshots]

Builds the first 120 Timeline17 LibyaWar CNN articles (read from ../shared at run time; the
database is cached at --db), serves it, and photographs in Chromium only what communique
itself draws from them: the relationship dashboard's charts (cooperation and conflict per
direction, event types, the map) and the timeline chart over the whole slice and over three
days of it, at desktop and phone width. Titles and labels there are communique's own
(event types, names, counts); no article sentence is photographed, so no corpus text enters the
repo. Needs Playwright and Debian's Chromium, as the browser tests do.
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
SLICE = ROOT.parent / "shared/corpus/t17-dev/LibyaWar_cnn/articles.jsonl.gz"
RECORDS = 120
READY = "() => document.getElementById('timeline-chart').dataset.state === 'ready'"
DAYS = "?from=2011-02-14&to=2011-02-16"  # three quieter days: each happening labelled
SIZES = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


def build(db: Path) -> None:
    from communique.api import build as run_build

    if db.exists():
        return
    corpus = db.with_suffix(".jsonl")
    with gzip.open(SLICE, "rt", encoding="utf-8") as src, corpus.open("w") as out:
        for line in itertools.islice(src, RECORDS):
            if (json.loads(line).get("text") or "").strip():
                out.write(line)
    run_build([corpus], db)


def serve(db: Path, port: int) -> subprocess.Popen[bytes]:
    cmd = [sys.executable, "-m", "communique", "serve", "--db", str(db), "--port", str(port)]
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(150):
        try:
            if httpx.get(f"http://127.0.0.1:{port}/openapi.json", timeout=2).status_code == 200:
                return proc
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    proc.kill()
    raise SystemExit("the server did not start")


def shoot(base: str, out: Path) -> list[Path]:
    from playwright.sync_api import sync_playwright

    made: list[Path] = []
    chromium = shutil.which("chromium")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=["--headless", "--no-sandbox"])
        for size, viewport in SIZES.items():
            page = browser.new_page(viewport=viewport)
            page.goto(base + "/pair?a=USA&b=LBY")
            page.wait_for_timeout(1500)  # Chart.js animates in
            for section in ("tone", "types", "places"):
                made.append(out / f"real-{size}-pair-{section}.png")
                page.locator(f"section#{section}").screenshot(path=str(made[-1]))
            for name, query in (("timeline", ""), ("timeline-days", DAYS)):
                page.goto(base + "/timeline" + query)
                page.wait_for_function(READY, timeout=30_000)
                made.append(out / f"real-{size}-{name}.png")
                page.locator("#timeline-chart").screenshot(path=str(made[-1]))
            page.close()
        browser.close()
    return made


def shrink(path: Path) -> None:
    """128 colours, when Pillow is installed (the charts have few)."""
    try:
        from PIL import Image
    except ImportError:
        return
    Image.open(path).convert("RGB").quantize(colors=128).save(path, optimize=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--db", type=Path, default=Path("/tmp/communique-libya-shots.duckdb"))
    ap.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    ap.add_argument("--port", type=int, default=8791)
    args = ap.parse_args()
    build(args.db)
    proc = serve(args.db, args.port)
    try:
        for path in shoot(f"http://127.0.0.1:{args.port}", args.out):
            shrink(path)
            print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
    finally:
        proc.terminate()
        proc.wait(10)


if __name__ == "__main__":
    main()
