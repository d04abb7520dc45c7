"""Fusion through the whole pipeline, on two reports of one visit we wrote ourselves: a wire
that dates it Tuesday and names one foreign minister, a paper that says Monday and names
another, with different trade figures."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from communique.api import build
from communique.store.duckdb_store import DuckDBStore

ARTICLES = Path(__file__).parent / "data" / "fusion_two_outlets"


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> DuckDBStore:
    db = tmp_path_factory.mktemp("fusion") / "f.duckdb"
    report = build([ARTICLES], db)
    assert report.added == 2 and not report.failed
    return DuckDBStore(db, read_only=True)


def _entries(store: DuckDBStore) -> list[dict[str, object]]:
    rows = store.query("SELECT * FROM timeline ORDER BY date, entry_id")
    for r in rows:
        for key in ("doc_ids", "flags", "claims", "parts"):
            r[key] = json.loads(r[key])
    return rows


def test_the_visit_is_one_entry_from_both_outlets_with_its_date_disputed(
    store: DuckDBStore,
) -> None:
    (visit,) = [e for e in _entries(store) if e["kind"] == "visit"]
    assert visit["doc_ids"] == ["paper_b", "wire_a"]
    assert visit["date"] == "2025-08-05"  # the date the texts state, not a publication day
    assert "contradiction: date" in visit["flags"]  # Tuesday (wire) against Monday (paper)
    claimed = {(c["doc_id"], c["value"]) for c in visit["claims"] if c["field"] == "date"}
    assert ("wire_a", "2025-08-05") in claimed and ("paper_b", "2025-08-04") in claimed


def test_two_foreign_ministers_named_for_one_meeting_are_flagged(store: DuckDBStore) -> None:
    (talks,) = [e for e in _entries(store) if "contradiction: participant" in e["flags"]]
    assert talks["doc_ids"] == ["paper_b", "wire_a"]
    named = {(c["doc_id"], c["actor_id"]) for c in talks["claims"] if c["field"] == "participant"}
    assert named == {("wire_a", "p:takeshi-iwaya"), ("paper_b", "p:yoko-kamikawa")}


def test_trade_figures_that_disagree_are_a_contradiction(store: DuckDBStore) -> None:
    (row,) = store.query("SELECT * FROM contradictions")
    assert row["unit"] == "AUD" and row["period"] == "2024"
    values = sorted(c["value"] for c in json.loads(row["claims"]))
    assert values == [98e9, 105e9]


def test_a_title_the_knowledge_base_contradicts_is_flagged_once_the_date_is_known(
    store: DuckDBStore,
) -> None:
    # the paper is dated only in its text ("Posted August 6, 2025"); its foreign minister had
    # left office by then
    (m,) = store.query(
        "SELECT * FROM mentions WHERE doc_id = 'paper_b' AND actor_id = 'p:yoko-kamikawa'"
    )
    assert any(f.startswith("role_conflict") for f in json.loads(m["flags"]))


def test_pledges_judged_by_later_articles(tmp_path: Path) -> None:
    """A trade target later missed (a figure for its deadline year falls short) and an
    accepted invitation later kept (the visit happened), on two articles we wrote."""
    db = tmp_path / "p.duckdb"
    build([Path(__file__).parent / "data" / "pledge_outcomes"], db)
    store = DuckDBStore(db, read_only=True)
    pledges = {r["kind"]: r for r in store.query("SELECT * FROM pledges")}
    target, invitation = pledges["target"], pledges["invitation"]
    assert (target["status"], target["deadline"]) == ("missed", "2022")
    assert [e["doc_id"] for e in json.loads(target["evidence"])] == ["b_2023"]
    assert invitation["status"] == "kept"
    assert json.loads(invitation["actors"]) == ["p:martin-vizcarra-cornejo"]  # "Vizcarra"
