"""Timeline summarization (--max-dates / --sentences-per-date / --format tilse) on own articles."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from communique.api import build
from communique.fuse.tls import TlsRequest, format_tilse, summarize
from communique.serve.cli import cli
from communique.store.duckdb_store import DuckDBStore

# A small invented story: a flood on March 3, a relief conference on March 10, told by
# articles on several days; later articles keep recalling the flood day.
ARTICLES = [
    ("2021-03-03", "Heavy rain caused the river to burst its banks in the northern province "
     "on Wednesday, flooding hundreds of homes. Rescue teams evacuated families from the "
     "villages along the river."),
    ("2021-03-04", "The floods of March 3 destroyed bridges and roads across the northern "
     "province, officials said on Thursday. Schools remained closed."),
    ("2021-03-06", "Residents returned to their damaged villages on Saturday. The river burst "
     "its banks on March 3 after days of heavy rain, flooding hundreds of homes."),
    ("2021-03-08", "Donors will meet on March 10 to pledge money for rebuilding. The March 3 "
     "floods left thousands of families without shelter in the northern province."),
    ("2021-03-11", "Donors pledged 40 million dollars for rebuilding at a conference in the "
     "capital on March 10, the government said. The floods of March 3 destroyed bridges and "
     "thousands of homes."),
    ("2021-03-12", "Engineers began rebuilding the bridges on Friday, a week after the donors "
     "conference of March 10 pledged money for the work."),
]  # fmt: skip


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("tls")
    with (folder / "flood.jsonl").open("w", encoding="utf-8") as fh:
        for i, (published, text) in enumerate(ARTICLES):
            fh.write(json.dumps({"doc_id": f"d{i}", "published": published, "text": text}) + "\n")
    db = folder / "tls.duckdb"
    assert build([folder], db).failed == 0
    return db


def test_the_days_most_recalled_come_first(store_path: Path) -> None:
    with DuckDBStore(store_path, read_only=True) as store:
        days = summarize(store, TlsRequest(max_dates=2, sentences_per_date=1))
    assert [d.date for d in days] == ["2021-03-03", "2021-03-10"]
    assert days[0].score > days[1].score  # recalled by more later articles


def test_sentences_are_spans_of_their_documents_and_about_their_day(store_path: Path) -> None:
    with DuckDBStore(store_path, read_only=True) as store:
        days = summarize(store, TlsRequest(max_dates=2, sentences_per_date=2))
        texts = {r["doc_id"]: r["text"] for r in store.query("SELECT doc_id, text FROM documents")}
    flood, donors = days
    for d in days:
        assert 1 <= len(d.sentences) <= 2
        for s in d.sentences:
            assert " ".join(texts[s.doc_id][s.start : s.end].split()) == s.text
    assert all("flood" in s.text.lower() or "river" in s.text.lower() for s in flood.sentences)
    assert all("donor" in s.text.lower() for s in donors.sentences)
    assert len({s.text for s in flood.sentences}) == len(flood.sentences)  # no repeats


def test_the_window_limits_the_days(store_path: Path) -> None:
    with DuckDBStore(store_path, read_only=True) as store:
        days = summarize(store, TlsRequest(max_dates=5, start="2021-03-07", end="2021-03-31"))
    assert days and all(d.date >= "2021-03-07" for d in days)


def test_tilse_format_round_trips() -> None:
    from communique.fuse.tls import TlsDate, TlsSentence

    days = [TlsDate("2021-03-03", 3.0, (TlsSentence("d", 0, 5, "A b c."),)),
            TlsDate("2021-03-10", 2.0, (TlsSentence("e", 0, 5, "D e f."),
                                        TlsSentence("e", 6, 9, "G h.")))]  # fmt: skip
    text = format_tilse(days)
    assert text.splitlines() == ["2021-03-03", "A b c.", "-" * 32,
                                 "2021-03-10", "D e f.", "G h.", "-" * 32]  # fmt: skip


def test_cli_summarizes_in_tilse_format(store_path: Path) -> None:
    args = ["timeline", "--db", str(store_path), "--max-dates", "2", "--sentences-per-date", "1",
            "--format", "tilse"]  # fmt: skip
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "2021-03-03" and lines[2] == "-" * 32 and lines[3] == "2021-03-10"
    bad = CliRunner().invoke(cli, [*args[:4], "0"])
    assert bad.exit_code == 2 and "at least 1" in bad.output
