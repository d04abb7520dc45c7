"""Cross-document dating takes another report's date only on strong evidence (issue 12):
the same persons, place and kind of happening, a day the undated article states itself, and a
date inside the undated article's own window. Articles and people invented for the test."""

from __future__ import annotations

from pathlib import Path

import duckdb

from communique.api import build
from communique.config import Config

DATED = (
    "Estonia and Latvia agree on rail link\n"
    "TALLINN, June 20, 2024 (Wire) - Prime Minister Arvo Lindmaa held talks with "
    "Prime Minister Kaja Metsavaht of Latvia in Tallinn on Thursday.\n"
    "The two leaders agreed to speed up work on the rail link.\n"
)
UNDATED = (
    "Baltic leaders discuss rail link\n"
    "TALLINN, June 20 (Wire) - Prime Minister Arvo Lindmaa held talks with "
    "Prime Minister Kaja Metsavaht of Latvia in Tallinn.\n"
    "The two leaders agreed to speed up work on the rail link{bound}.\n"
)


def _published(tmp: Path, undated: str) -> dict[str, str | None]:
    folder = tmp / "in"
    folder.mkdir()
    (folder / "dated.txt").write_text(DATED, encoding="utf-8")
    (folder / "undated.txt").write_text(undated, encoding="utf-8")
    db = tmp / "x.duckdb"
    build([folder], db, Config(today="2026-11-30"))
    con = duckdb.connect(str(db), read_only=True)
    try:
        return dict(con.execute("SELECT doc_id, published FROM documents").fetchall())
    finally:
        con.close()


def test_the_same_talks_with_a_stated_day_take_the_date(tmp_path: Path) -> None:
    assert _published(tmp_path, UNDATED.format(bound=""))["undated"] == "2024-06-20"


def test_a_date_outside_the_articles_own_window_is_not_taken(tmp_path: Path) -> None:
    """'by 2015' is still ahead: the article is from 2015 or before, never 2024."""
    got = _published(tmp_path, UNDATED.format(bound=" by 2015"))["undated"]
    assert got is None or got <= "2015"


def test_an_article_that_states_no_day_is_not_dated_by_another(tmp_path: Path) -> None:
    undated = UNDATED.format(bound="").replace("TALLINN, June 20 (Wire)", "TALLINN (Wire)")
    assert _published(tmp_path, undated)["undated"] is None
