"""Figures that sources disagree on are kept as contradictions with both claims."""

from __future__ import annotations

from pathlib import Path

import pytest

from communique.api import build
from communique.fuse.conflicts import (
    closed,
    figure_contradictions,
    figure_measure,
    figure_unit,
    measure,
    running,
)
from communique.model import DocMeta, Document, Figure, Mention
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


DATA = Path(__file__).parent / "data"
SERIES = DATA / "contradictions_series"  # Libya 2011, articles written for this test


def test_measure_folds_wording_not_meaning() -> None:
    assert measure("Two-way trade turnover") == measure("bilateral trade") == "trade"
    assert measure("- two-way trade") == "trade"  # a dateline dash is no word
    assert measure("trade deficit") != measure("trade")


@pytest.mark.parametrize("generic", ["amount", "value", "total value", "worth", "", "the sum"])
def test_a_quantity_that_only_says_a_number_is_no_measure(generic: str) -> None:
    assert measure(generic) == ""


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


def _doc(doc_id: str, published: str | None, sentence: str, number: str, quantity: str,
         unit: str, period: str, value: float) -> Document:  # fmt: skip
    """One sentence about Libya and the United States with one actual figure."""
    at = sentence.index(number)
    figure = Figure(0, len(sentence), quantity, value, unit, period, "actual", at, at + len(number))
    mentions = tuple(Mention(0, 0, f"c:{c}", "country", country=c) for c in ("LBY", "USA"))
    return Document(doc_id, sentence, DocMeta(published=published), mentions=mentions,
                    figures=(figure,))  # fmt: skip


def test_libya_war_articles_give_only_the_true_contradiction(tmp_path: Path) -> None:
    """Gold price, frozen assets, diesel and crude on one day (the extractor reads "aid" in
    "said" for several); two cumulative sortie counts and two April counts on different
    days: none is a contradiction. Two outlets' 2010 trade figures still are."""
    db = tmp_path / "libya.duckdb"
    assert build([SERIES], db).failed == 0
    with DuckDBStore(db, read_only=True) as store:
        (found,) = export_rows(store, "contradictions")
    assert (found["subject"], found["unit"], found["period"]) == (
        "trade 2010 (LBY, USA)",
        "USD",
        "2010",
    )
    claims = found["claims"]
    assert isinstance(claims, list)
    assert [(c["doc_id"], c["value"]) for c in claims] == [("assets_frozen", 2.7e9),
                                                           ("trade_us_libya", 3.1e9)]  # fmt: skip


def test_different_measures_in_one_unit_are_no_contradiction() -> None:
    docs = [
        _doc("a", "2011-05-05", "Libyan exports reached US$30 billion in 2010.", "US$30 billion",
             "libyan exports", "USD", "2010", 30e9),
        _doc("b", "2011-05-06", "Libyan imports reached US$11 billion in 2010.", "US$11 billion",
             "libyan imports", "USD", "2010", 11e9),
        # "aid" read inside "said": not a measure the sentence states
        _doc("c", "2011-05-06", "Officials said US$2 billion was frozen in 2010.", "US$2 billion",
             "aid", "USD", "2010", 2e9),
    ]  # fmt: skip
    assert figure_measure(docs[2], docs[2].figures[0]) == ""
    assert figure_contradictions(docs) == ()


def test_a_rate_is_its_own_unit() -> None:
    """Diesel by the litre, crude by the barrel, gold by the ounce: never one claim."""
    docs = [
        _doc("a", "2011-05-05", "Fuel prices: diesel sold for US$1.20 a litre in April.",
             "US$1.20", "fuel prices", "USD", "2011-04", 1.2),
        _doc("b", "2011-05-05", "Fuel prices: Brent crude sold for US$123 a barrel in April.",
             "US$123", "fuel prices", "USD", "2011-04", 123.0),
    ]  # fmt: skip
    assert [figure_unit(d, d.figures[0]) for d in docs] == ["USD/litre", "USD/barrel"]
    gold = _doc("c", "2011-03-02", "Gold rose to US$1,440 an ounce on Wednesday.", "US$1,440",
                "gold", "USD", "2011-03-02", 1440.0)  # fmt: skip
    trade = _doc("d", "2011-05-05", "Trade hit US$3 billion annually in 2010.", "US$3 billion",
                 "trade", "USD", "2010", 3e9)  # fmt: skip
    assert figure_unit(gold, gold.figures[0]) == "USD/ounce"
    assert figure_unit(trade, trade.figures[0]) == "USD"
    assert figure_contradictions(docs) == ()


def test_what_happened_to_counted_people_is_part_of_the_measure() -> None:
    docs = [
        _doc("a", "2011-03-20", "On March 19, 30 people were killed in Benghazi.", "30 people",
             "people", "people", "2011-03-19", 30),
        _doc("b", "2011-03-20", "On March 19, 200 people were wounded in Benghazi.", "200 people",
             "people", "people", "2011-03-19", 200),
        _doc("c", "2011-03-21", "On March 19, 45 people were killed in Benghazi.", "45 people",
             "people", "people", "2011-03-19", 45),
    ]  # fmt: skip
    assert figure_measure(docs[0], docs[0].figures[0]) == "people killed"
    (found,) = figure_contradictions(docs)  # killed: 30 against 45; wounded stands alone
    assert [c.doc_id for c in found.claims] == ["a", "c"]


@pytest.mark.parametrize(
    "sentence",
    [
        "NATO aircraft have flown 2,800 sorties since March 31.",
        "Allied planes had flown 5,300 sorties so far, an officer said.",
        "The alliance counted 900 strikes to date.",
        "A cumulative 4,000 sorties were flown in 2011.",
    ],
)
def test_a_running_total_is_recognised(sentence: str) -> None:
    assert running(sentence)


def test_a_figure_for_a_closed_period_is_no_running_total() -> None:
    assert not running("Two-way trade hit US$3.1 billion in 2010, according to customs figures.")


def test_a_period_is_closed_once_it_is_over_at_publication() -> None:
    assert closed("2010", "2011-05-05") and closed("2011-04", "2011-05-05")
    assert closed("2011-05-04", "2011-05-05") and closed("2010-Q4", "2011-05-05")
    assert not closed("2011", "2011-05-05") and not closed("2011-05", "2011-05-05")
    assert not closed("2011-05-05", "2011-05-05") and not closed("2011-Q1", "2011-05-05")
    assert not closed("2010", None)


def test_a_count_for_a_period_not_yet_over_is_compared_only_on_one_day() -> None:
    def count(doc_id: str, published: str, value: int) -> Document:
        sentence = f"In April, allied planes flew {value:,} sorties over Libya."
        return _doc(doc_id, published, sentence, f"{value:,} sorties", "sorties", "sorties",
                    "2011-04", value)  # fmt: skip

    # April 20 and April 27: the month was running, the counts are a series
    assert (
        figure_contradictions([count("a", "2011-04-20", 1900), count("b", "2011-04-27", 2600)])
        == ()
    )
    # two outlets the same day disagree on the count so far
    (found,) = figure_contradictions(
        [count("a", "2011-04-20", 1900), count("b", "2011-04-20", 2600)]
    )
    assert found.subject == "sorties 2011-04 as of 2011-04-20 (LBY, USA)"
    # after the month: final counts, comparable across days
    (final,) = figure_contradictions(
        [count("a", "2011-05-02", 3500), count("b", "2011-05-09", 3900)]
    )
    assert final.subject == "sorties 2011-04 (LBY, USA)"
    # an undated article cannot tell whether April was over
    assert (
        figure_contradictions([count("a", "2011-05-02", 3500), _undated(count("b", "", 3900))])
        == ()
    )


def _undated(doc: Document) -> Document:
    return doc.with_meta(published=None)


def test_the_web_ui_shows_contradicting_claims_side_by_side_not_as_json(tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    from communique.serve.app import create_app

    db = tmp_path / "ui.duckdb"
    assert build([SERIES, DATA / "fusion_two_outlets"], db).failed == 0
    client = TestClient(create_app(db))
    figures = client.get("/figures").text
    section = figures[
        figures.index("Sources disagree") : figures.index(
            "</section>", figures.index("Sources disagree")
        )
    ]
    assert section.count('class="claim-pair"') == 2  # Libya-US trade 2010, Australia-Japan 2024
    for sentence in ("Trade between the United States and Libya reached US$2.7 billion in 2010",
                     "Two-way trade between Libya and the United States hit US$3.1 billion in 2010",
                     "Two-way trade reached A$98 billion in 2024"):  # fmt: skip
        assert sentence in section
    assert 'href="/documents/assets_frozen"' in section and "2,700,000,000" in section
    assert '"doc_id"' not in section and "{" not in section and "&#34;" not in section
    rows = client.get("/contradictions.json").json()["rows"]  # the data stays in the twin
    assert {r["subject"] for r in rows} == {"trade 2010 (LBY, USA)", "trade 2024 (AUS, JPN)"}
    assert all(isinstance(c["sentence"], str) for r in rows for c in r["claims"])

    timeline = client.get("/timeline.json", params={"limit": 500}).json()["rows"]
    (talks,) = [e for e in timeline if "contradiction: participant" in e["flags"]]
    page = client.get(f"/timeline/{talks['entry_id']}").text
    claims = page[page.index("Disagreeing claims") : page.index("<h2>Events</h2>")]
    assert 'class="claim-pair"' in claims and "Takeshi Iwaya" in claims
    assert "counterpart Yoko Kamikawa." in claims and 'href="/documents/paper_b"' in claims
    assert '"field"' not in claims and "{" not in claims and "&#34;" not in claims
