"""Figures that sources disagree on are kept as contradictions with both claims."""

from __future__ import annotations

from pathlib import Path

from communique.api import build
from communique.fuse.conflicts import measure
from communique.serve.export import export_rows
from communique.store.duckdb_store import DuckDBStore

HEAD = "Leaders review economic ties\n{place}, March {day}, 2020 — {lead}\n"
A = HEAD.format(place="NEW DELHI", day=2, lead="Indian Prime Minister Narendra Modi met "
                "Japanese Foreign Minister Toshimitsu Motegi in New Delhi on Monday.")  # fmt: skip
B = HEAD.format(place="TOKYO", day=4, lead="Japanese Prime Minister Shinzo Abe said on "
                "Wednesday that Japan and India would deepen their partnership.")  # fmt: skip
C = HEAD.format(place="CANBERRA", day=5, lead="Australian Prime Minister Scott Morrison met "
                "New Zealand Prime Minister Jacinda Ardern in Canberra on Thursday.")  # fmt: skip


def _contradictions(tmp_path: Path, texts: dict[str, str]) -> list[dict[str, object]]:
    for name, text in texts.items():
        (tmp_path / f"{name}.txt").write_text(text, encoding="utf-8")
    db = tmp_path / "c.duckdb"
    assert build([tmp_path], db).failed == 0
    with DuckDBStore(db, read_only=True) as store:
        return list(export_rows(store, "contradictions"))


def test_measure_folds_wording_not_meaning() -> None:
    assert measure("Two-way trade turnover") == measure("bilateral trade") == "trade"
    assert measure("trade deficit") != measure("trade")


def test_two_outlets_disagreeing_on_a_figure(tmp_path: Path) -> None:
    found = _contradictions(tmp_path, {
        "a": A + "Bilateral trade between India and Japan reached US$18.4 billion in 2019.\n",
        "b": B + "Two-way trade turnover between Japan and India hit US$20.6 billion in 2019.\n",
    })  # fmt: skip
    assert len(found) == 1
    c = found[0]
    assert c["kind"] == "figure" and c["period"] == "2019" and c["countries"] == ["IND", "JPN"]
    claims = c["claims"]
    assert isinstance(claims, list)
    assert [(x["doc_id"], x["value"]) for x in claims] == [("a", 18.4e9), ("b", 20.6e9)]
    assert all("2019" in x["sentence"] for x in claims)


def test_rounding_a_different_period_or_another_pair_is_no_contradiction(tmp_path: Path) -> None:
    found = _contradictions(tmp_path, {
        "a": A + "Bilateral trade between India and Japan reached US$18.4 billion in 2019.\n"
                 "Bilateral trade between India and Japan reached US$17.6 billion in 2018.\n",
        "b": B + "Two-way trade between Japan and India hit US$18.45 billion in 2019.\n",
        "c": C + "Bilateral trade between Australia and New Zealand reached US$9.1 billion "
                 "in 2019.\n",
    })  # fmt: skip
    assert found == []


def test_the_web_ui_shows_both_claims(tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    from communique.serve.app import create_app

    _contradictions(tmp_path, {
        "a": A + "Bilateral trade between India and Japan reached US$18.4 billion in 2019.\n",
        "b": B + "Two-way trade turnover between Japan and India hit US$20.6 billion in 2019.\n",
    })  # fmt: skip
    client = TestClient(create_app(tmp_path / "c.duckdb"))
    rows = client.get("/contradictions.json", params={"countries": "JPN,IND"}).json()["rows"]
    assert len(rows) == 1 and len(rows[0]["claims"]) == 2
    html = client.get("/figures").text
    assert "Sources disagree" in html and "18,400,000,000" in html and "20,600,000,000" in html
