"""Undated happenings stay visible (issue 12): an article whose date or year cannot be known
gives timeline entries of kind "undated", without a date and with the window its document lies
in, in the store, the exports, the CLI and the web UI. Every article is written for the test.
"""

from __future__ import annotations

import contextlib
import json
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import duckdb
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from communique.api import build
from communique.config import Config
from communique.fuse import fuse
from communique.fuse.timeline import filter_entries, format_timeline, window_overlaps
from communique.model import DocMeta, Document, Event, Location, Sentence
from communique.serve.app import create_app
from communique.serve.cli import cli
from communique.serve.export import export_rows, write_export
from communique.store.duckdb_store import DuckDBStore

TODAY = "2025-06-30"  # the pipeline's clock, pinned: a window's open end stops here

ARTICLES = {
    # dated by its dateline
    "tokyo_dated": """Prime minister visits Tokyo

TOKYO, March 3, 2024 (Reuters) - Australian Prime Minister Anthony Albanese visited Japan on \
Sunday and held talks with Japanese Prime Minister Fumio Kishida.

The two leaders signed an agreement on defence cooperation.
""",
    # a dateline without a year, and nobody whose office fixes one: nothing bounds it
    "hanoi_noyear": """Vietnam and Laos pledge closer rail links

HANOI, June 20 (VNA) – Vietnamese and Lao officials met in Hanoi on Thursday to discuss a \
railway linking the two countries.

The two sides signed a memorandum of understanding on the railway project.

Laos accused smugglers of using the border crossings.
""",
    # its only bound: a deadline still ahead ("by 2030"), so published before the clock's day
    "jakarta_deadline": """Trade goal set

Indonesia and Malaysia agreed to raise bilateral trade to 30 billion US dollars by 2030, the \
two foreign ministries said in a joint statement.

Indonesia and Malaysia signed a memorandum on customs cooperation.
""",
}
WINDOWS = {"hanoi_noyear": None, "jakarta_deadline": f"../{TODAY}"}


def _write(folder: Path, names: list[str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        (folder / f"{name}.txt").write_text(ARTICLES[name], encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("undated")
    path = tmp / "u.duckdb"
    report = build([_write(tmp / "articles", sorted(ARTICLES))], path, Config(today=TODAY))
    assert report.added == len(ARTICLES) and not report.failed
    return path


@pytest.fixture(scope="module")
def timeline(db: Path) -> list[dict[str, Any]]:
    with DuckDBStore(db, read_only=True) as store:
        return list(export_rows(store, "timeline"))


def _undated(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [r for r in rows if r["date"] is None]


# -- the timeline export --------------------------------------------------------------------


def test_each_undated_article_gives_undated_entries_with_its_window(
    timeline: list[dict[str, Any]],
) -> None:
    undated = _undated(timeline)
    assert {d for r in undated for d in r["doc_ids"]} == set(WINDOWS)
    for r in undated:
        assert r["kind"] == "undated" and r["parts"] == []
        (doc_id,) = r["doc_ids"]  # never merged across documents
        assert r["window"] == WINDOWS[doc_id]
        assert r["event_ids"] and r["title"] and r["summary"]
    # the meeting and the signing in Hanoi are one happening; the accusation another
    hanoi = sorted(r["title"] for r in undated if r["doc_ids"] == ["hanoi_noyear"])
    assert len(hanoi) == 2 and any(t.startswith("Talks:") for t in hanoi)


def test_undated_entries_follow_the_dated_ones_ids_unique(timeline: list[dict[str, Any]]) -> None:
    dates = [r["date"] for r in timeline]
    first_undated = dates.index(None)
    assert first_undated > 0 and all(d is None for d in dates[first_undated:])
    ids = [r["entry_id"] for r in timeline]
    assert len(ids) == len(set(ids))
    events = [e for r in timeline for e in r["event_ids"]]
    assert len(events) == len(set(events))  # an event is in one entry only


def test_dated_entries_are_the_same_with_or_without_undated_articles(
    timeline: list[dict[str, Any]], tmp_path: Path
) -> None:
    alone = tmp_path / "alone.duckdb"
    build([_write(tmp_path / "a", ["tokyo_dated"])], alone, Config(today=TODAY))
    with DuckDBStore(alone, read_only=True) as store:
        dated = list(export_rows(store, "timeline"))
    assert dated and all(r["window"] is None and r["kind"] != "undated" for r in dated)
    assert [r for r in timeline if r["date"] is not None] == dated


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet"])
def test_every_export_format_carries_undated_entries(db: Path, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"timeline.{fmt}"
    result = CliRunner().invoke(
        cli, ["export", "timeline", "--db", str(db), "--format", fmt, "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    if fmt == "jsonl":
        rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    elif fmt == "parquet":
        rows = pq.read_table(out).to_pylist()
    else:
        with DuckDBStore(db, read_only=True) as store:
            n = write_export(export_rows(store, "timeline"), "csv", tmp_path / "again.csv")
        header, *lines = out.read_text(encoding="utf-8").splitlines()
        assert "window" in header.split(",") and len(lines) == n
        assert f"../{TODAY}" in out.read_text(encoding="utf-8")
        return
    undated = [r for r in rows if r["date"] is None]
    assert undated and all(r["kind"] == "undated" for r in undated)
    assert {r["window"] for r in undated} == set(WINDOWS.values())


def test_events_without_a_date_carry_their_documents_window(db: Path) -> None:
    with DuckDBStore(db, read_only=True) as store:
        events = list(export_rows(store, "events"))
        docs = {d["doc_id"]: d for d in export_rows(store, "documents")}
    assert docs["jakarta_deadline"]["published_window"] == f"../{TODAY}"
    for ev in events:
        expected = docs[ev["doc_id"]]["published_window"] if ev["date"] is None else None
        assert ev["window"] == expected
    assert any(ev["window"] == f"../{TODAY}" for ev in events)


# -- the command line -----------------------------------------------------------------------


def _timeline_cli(db: Path, *args: str) -> str:
    result = CliRunner().invoke(cli, ["timeline", "--db", str(db), *args])
    assert result.exit_code == 0, result.output
    return result.output


def test_the_cli_lists_undated_entries_after_the_dated_ones(
    db: Path, timeline: list[dict[str, Any]]
) -> None:
    out = _timeline_cli(db)
    n = len(_undated(timeline))
    dated, _, undated = out.partition(f"Undated ({n} entries)\n")
    assert "2024-03-03" in dated and undated
    assert f"window ../{TODAY} · jakarta_deadline" in undated
    assert "no window · hanoi_noyear" in undated
    assert "tokyo_dated" not in undated


def test_a_date_range_keeps_undated_entries_whose_window_overlaps_it(db: Path) -> None:
    out = _timeline_cli(db, "--from", "2019", "--to", "2020")
    assert "jakarta_deadline" in out and "hanoi_noyear" not in out  # no window: no overlap
    assert "2024-03-03" not in out
    later = _timeline_cli(db, "--from", "2025-07")  # after the deadline article's window
    assert "Undated" not in later and "2024" not in later
    assert "no timeline entries match" in later


def test_cli_jsonl_has_null_dates_and_tilse_leaves_undated_out(db: Path) -> None:
    rows = [json.loads(line) for line in _timeline_cli(db, "--format", "jsonl").splitlines()]
    assert any(r["date"] is None and r["window"] == f"../{TODAY}" for r in rows)
    tilse = _timeline_cli(db, "--format", "tilse")
    assert "Undated" not in tilse and "Laos accused" not in tilse and "Malaysia" not in tilse


# -- the web UI -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def client(db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(db)) as c:
        yield c


def test_the_timeline_page_and_its_twin_show_the_undated_section(client: TestClient) -> None:
    html = client.get("/timeline").text
    rows = client.get("/timeline.json").json()["rows"]
    undated = _undated(rows)
    assert undated and all("window" in r for r in rows)
    assert f"Undated ({len(undated)} entries)" in html
    assert html.count('class="undated-row"') == len(undated)
    assert html.count('class="entry-row"') == len(rows) - len(undated)
    for r in undated:
        assert f'href="/timeline/{r["entry_id"]}"' in html
    assert 'href="/documents/hanoi_noyear"' in html and f"../{TODAY}" in html
    assert "no window" in html


def test_the_web_date_range_treats_undated_entries_as_the_cli_does(client: TestClient) -> None:
    rows = client.get("/timeline.json?from=2019&to=2020").json()["rows"]
    assert {d for r in rows for d in r["doc_ids"]} == {"jakarta_deadline"}
    assert client.get("/timeline.json?from=2025-07").json()["rows"] == []


def test_an_undated_entry_page_and_its_document(client: TestClient) -> None:
    rows = client.get("/timeline.json").json()["rows"]
    (e, *_) = [r for r in rows if r["doc_ids"] == ["jakarta_deadline"]]
    page = client.get(f"/timeline/{e['entry_id']}")
    assert page.status_code == 200 and f"window ../{TODAY}" in page.text
    twin = client.get(f"/timeline/{e['entry_id']}.json").json()
    assert twin["entry"]["date"] is None and twin["entry"]["window"] == f"../{TODAY}"
    assert [s["doc_id"] for s in twin["sources"]] == ["jakarta_deadline"]
    doc = client.get("/documents/jakarta_deadline")
    assert doc.status_code == 200 and f"window ../{TODAY}" in doc.text
    assert (
        client.get("/documents/jakarta_deadline.json").json()["document"]["published_window"]
        == f"../{TODAY}"
    )
    assert client.get("/").status_code == 200


# -- fusion on hand-made documents ----------------------------------------------------------

A, B = "p:alice-ardent", "p:boris-bold"


def _doc(doc_id: str, events: tuple[Event, ...], window: str | None = None) -> Document:
    text = "Ardent met Bold. They signed a treaty. Ardent accused Bold."
    return Document(doc_id, text, DocMeta(published_window=window),
                    sentences=(Sentence(0, 16), Sentence(17, 38), Sentence(39, 59)),
                    events=events)  # fmt: skip


def _ev(doc_id: str, i: int, kind: str, mode: str | None, **kw: Any) -> Event:
    starts = {1: (0, 16), 2: (17, 38), 3: (39, 59)}
    s, e = starts[i]
    fields: dict[str, Any] = {"source": (A,), "target": (B,), "participants": (A, B),
                              "location": Location("Capital", "AAA"), "confidence": 0.8, **kw}  # fmt: skip
    return Event(f"{doc_id}-e{i}", s, e, kind, mode, "040", **fields)


def _three(doc_id: str) -> tuple[Event, ...]:
    return (_ev(doc_id, 1, "CONSULT", "meet"), _ev(doc_id, 2, "SUPPORT", "sign"),
            _ev(doc_id, 3, "ACCUSE", None))  # fmt: skip


def test_one_documents_happening_is_one_entry_never_merged_across_documents() -> None:
    docs = [_doc("one", _three("one"), "2011-03-01/2013-12-31"), _doc("two", _three("two"))]
    entries = fuse(docs).timeline
    assert all(e.kind == "undated" and e.date is None for e in entries)
    got = sorted((e.doc_ids, e.event_ids, e.window) for e in entries)
    assert got == [
        (("one",), ("one-e1", "one-e2"), "2011-03-01/2013-12-31"),  # meeting and signing
        (("one",), ("one-e3",), "2011-03-01/2013-12-31"),
        (("two",), ("two-e1", "two-e2"), None),
        (("two",), ("two-e3",), None),
    ]


def test_history_weak_codings_and_dated_events_make_no_undated_entry() -> None:
    events = (_ev("d", 1, "CONSULT", "meet", historical=True),
              _ev("d", 2, "SUPPORT", "sign", confidence=0.3),
              _ev("d", 3, "ACCUSE", None, date="2012-05-01"))  # fmt: skip
    (entry,) = fuse([_doc("d", events, "2011-03-01/2013-12-31")]).timeline
    assert entry.kind == "happening" and entry.date == "2012-05-01" and entry.window is None


def test_a_dated_document_leaves_nothing_undated() -> None:
    doc = _doc("d", _three("d"))
    dated = Document(doc.doc_id, doc.text, DocMeta(published="2012-05-01"),
                     sentences=doc.sentences, events=doc.events)  # fmt: skip
    assert all(e.date == "2012-05-01" for e in fuse([dated]).timeline)


# -- filters, rendering, migration ----------------------------------------------------------


def test_window_overlaps() -> None:
    w = "2011-03-01/2013-12-31"
    assert window_overlaps(w, "2013", None) and window_overlaps(w, "2013-12-31", "2020")
    assert not window_overlaps(w, "2014", None) and not window_overlaps(w, None, "2011-02")
    assert window_overlaps(w, None, "2011-03") and window_overlaps(w, "2012-06", "2012-07")
    assert window_overlaps("../2015-12-31", "1990", "1991")
    assert not window_overlaps("../2015-12-31", "2016", None)
    assert window_overlaps("2019-01-01/..", None, None) and not window_overlaps(None, None, "3000")


def test_filter_and_format_keep_dated_lines_as_they_were() -> None:
    dated = {"date": "2012-05", "title": "Talks: A, B", "summary": "A met B.", "doc_ids": ["a"],
             "participants": ["A", "B"]}  # fmt: skip
    undated = {**dated, "date": None, "window": None, "doc_ids": ["b"], "title": "Talks: C"}
    assert format_timeline([dated]) == "2012-05     Talks: A, B  (1 source)\n            A met B."
    out = format_timeline([dated, undated])
    assert out.startswith(format_timeline([dated]) + "\n\nUndated (1 entry)\nundated     Talks: C")
    assert "no window · b" in out
    assert filter_entries([dated, undated], "2012") == [dated]  # no window overlaps nothing
    assert filter_entries([dated, undated]) == [dated, undated]
    assert format_timeline([undated]).startswith("Undated (1 entry)")


def test_migration_5_adds_the_window_and_refreshes_a_stored_timeline(
    db: Path, timeline: list[dict[str, Any]], tmp_path: Path
) -> None:
    old = tmp_path / "old.duckdb"
    shutil.copy(db, old)
    con = duckdb.connect(str(old))  # as a build before migration 5 left it
    con.execute("DELETE FROM timeline WHERE date IS NULL")
    con.execute('ALTER TABLE timeline DROP COLUMN "window"')
    con.execute("DELETE FROM schema_migrations WHERE version >= 5")
    con.close()
    with DuckDBStore(old) as store:  # opening for writing migrates
        assert store.refresh_pending()
    report = build([], old, Config(today=TODAY))
    assert report.refreshed
    with DuckDBStore(old, read_only=True) as store:
        assert list(export_rows(store, "timeline")) == timeline


@pytest.mark.browser
def test_the_chart_draws_the_dated_entries_and_no_js_error_on_null_dates(
    db: Path, server_for: Callable[[Path], contextlib.AbstractContextManager[str]]
) -> None:
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium")
    assert chromium, "chromium not found: run `bash scripts/test`, which installs it"
    with server_for(db) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=["--headless", "--no-sandbox"])
        page = browser.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.goto(base + "/timeline")
        page.wait_for_function(  # the chart draws once its modules and data have loaded
            "() => document.getElementById('timeline-chart').dataset.state === 'ready'",
            timeout=15_000,
        )
        dots = page.locator("svg#timeline-chart circle.happening")
        assert dots.count() == 1  # the one dated happening; undated ones have no place on it
        assert page.locator("tr.undated-row").count() > 0
        browser.close()
    assert not errors, errors
