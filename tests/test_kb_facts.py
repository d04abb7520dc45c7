"""The dated fact tables: diplomatic relations by pair, numbered meetings by series."""

from __future__ import annotations

from pathlib import Path

import pytest

from communique.kb import KnowledgeBase
from communique.kb.base import Meeting
from communique.kb.facts import meetings, relations


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return KnowledgeBase.load()


@pytest.mark.parametrize(
    ("a", "b", "established"),
    [
        ("VNM", "USA", "1995-07-12"),
        ("VNM", "JPN", "1973-09-21"),
        ("KOR", "VNM", "1992-12-22"),
        ("CHN", "USA", "1979-01-01"),
        ("CHN", "KOR", "1992-08-24"),
        ("RUS", "VNM", "1950-01-30"),  # the USSR's date
    ],
)
def test_relations_established_in_either_order(kb: KnowledgeBase, a: str, b: str,
                                               established: str) -> None:  # fmt: skip
    assert kb.relations_established(a, b) == established
    assert kb.relations_established(b, a) == established


def test_unknown_pairs_have_no_date(kb: KnowledgeBase) -> None:
    assert kb.relations_established("KOR", "PRK") is None
    assert kb.relations_established("VNM", "VNM") is None


def test_relations_cover_the_priority_countries(kb: KnowledgeBase) -> None:
    partners = {c: 0 for c in ("VNM", "CHN", "RUS", "USA", "JPN", "IND", "KOR")}
    codes = [c.iso3 for c in kb.countries()]
    pairs = {(a, b) for a in codes for b in codes if a < b and kb.relations_established(a, b)}
    for a, b in pairs:
        for c in (a, b):
            if c in partners:
                partners[c] += 1
    assert len(pairs) >= 120
    assert all(n >= 10 for n in partners.values()), partners


def test_a_congress_by_number(kb: KnowledgeBase) -> None:
    assert kb.meeting("cpc-congress", 20) == Meeting(
        "cpc-congress", 20, "2022-10-16", "2022-10-22", "Beijing", "CHN",
        "curated: general knowledge, unverified",
    )  # fmt: skip
    cpv = kb.meeting("cpv-congress", 14)
    assert cpv is not None and (cpv.start, cpv.end, cpv.country) == (
        "2026-01-19",
        "2026-01-23",
        "VNM",
    )
    assert kb.meeting("wpk-congress", 8).start == "2021-01-05"  # type: ignore[union-attr]
    assert kb.meeting("cpc-congress", 99) is None
    assert kb.meeting("no-such-series", 1) is None


def test_summits_and_general_assembly_sessions(kb: KnowledgeBase) -> None:
    assert kb.meeting("g20-summit", 18).country == "IND"  # type: ignore[union-attr]
    assert kb.meeting("asean-summit", 37).start == "2020-11-12"  # type: ignore[union-attr]
    assert kb.meeting("brics-summit", 16).place == "Kazan"  # type: ignore[union-attr]
    session = kb.meeting("unga-session", 78)
    assert session is not None and session.start == "2023-09" and session.source.startswith("rule")
    assert kb.meeting("unga-session", 81).start == "2026-09"  # type: ignore[union-attr]


def test_series_aliases(kb: KnowledgeBase) -> None:
    series = kb.meeting_series()
    assert {"cpc-congress", "cpv-congress", "lprp-congress", "wpk-congress", "asean-summit",
            "brics-summit", "g20-summit", "east-asia-summit", "unga-session"} <= set(series)  # fmt: skip
    assert "CPC National Congress" in series["cpc-congress"]
    assert "UN General Assembly" in series["unga-session"]
    assert all(series.values())
    for aliases in series.values():
        folded = [a.casefold() for a in aliases]
        assert len(folded) == len(set(folded))


def test_meetings_of_a_series_follow_their_numbers(kb: KnowledgeBase) -> None:
    for key in kb.meeting_series():
        held = [m for n in range(1, 120) if (m := kb.meeting(key, n)) is not None]
        assert held, key
        starts = [m.start for m in held]
        assert starts == sorted(starts), key
        assert all(not m.end or m.end[:4] >= m.start[:4] for m in held), key


def test_the_compiler_rejects_bad_rows(tmp_path: Path) -> None:
    bad = tmp_path / "relations.csv"
    bad.write_text("a,b,established,source\nVNM,XXX,1950,s\n", encoding="utf-8")
    with pytest.raises(ValueError, match="known codes"):
        relations(bad, {"VNM", "CHN"})
    bad.write_text("a,b,established,source\nVNM,CHN,1950,s\nCHN,VNM,1950,s\n", encoding="utf-8")
    with pytest.raises(ValueError, match="already"):
        relations(bad, {"VNM", "CHN"})
    table = tmp_path / "meetings.csv"
    table.write_text("series,aliases,number,start,end,place,country,source\n"
                     "x-congress,X,1,2020-05,2020-04,,,s\n", encoding="utf-8")  # fmt: skip
    with pytest.raises(ValueError, match="ends before"):
        meetings(table, set())
