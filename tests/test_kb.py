"""Knowledge-base lookups by date, folding, countries and places."""

from __future__ import annotations

import pytest

from communique.kb import KnowledgeBase
from communique.kb.fold import fold, fold_chars


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return KnowledgeBase.load()


def _names(actors: tuple[object, ...]) -> list[str]:
    return [a.name for a in actors]  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("country", "role", "date", "name"),
    [
        ("VNM", "head_of_state", "2016-05-01", "Tran Dai Quang"),
        ("VNM", "head_of_state", "2024-06-20", "To Lam"),
        ("VNM", "party_leader", "2013-11", "Nguyen Phu Trong"),
        ("VNM", "speaker", "2008", "Nguyen Phu Trong"),
        ("RUS", "head_of_government", "2010-01-01", "Vladimir Putin"),
        ("RUS", "head_of_state", "2010-01-01", "Dmitry Medvedev"),
        ("USA", "head_of_state", "2010-05-01", "Barack Obama"),
        ("GBR", "head_of_government", "2023-01-01", "Rishi Sunak"),
    ],
)
def test_office_holders_by_date(kb: KnowledgeBase, country: str, role: str, date: str,
                                name: str) -> None:  # fmt: skip
    assert _names(kb.holders(country, role, date)) == [name]


def test_role_on_prefers_the_top_office(kb: KnowledgeBase) -> None:
    office = kb.role_on("p:nguyen-phu-trong", "2019-06-01")
    assert office is not None and office.role == "head_of_state"
    assert kb.role_on("p:to-lam", "2025-01-01").role == "party_leader"  # type: ignore[union-attr]
    assert kb.role_on("p:to-lam", "2010-01-01") is None


def test_folding_removes_diacritics_and_keeps_offsets() -> None:
    assert fold("Nguyễn Phú Trọng") == "nguyen phu trong"
    assert fold("Đỗ  Mười") == "do muoi"
    text = "Tô Lâm and Lương Cường"
    assert len(fold_chars(text)) == len(text)


def test_countries_demonyms_capitals_and_places(kb: KnowledgeBase) -> None:
    assert kb.find_country("Russian").iso3 == "RUS"  # type: ignore[union-attr]
    assert kb.find_country("the Kremlin").iso3 == "RUS"  # type: ignore[union-attr]
    assert kb.find_country("Hanoi").iso3 == "VNM"  # type: ignore[union-attr]
    assert kb.find_country("Sochi") is None  # a city, not a metonym for a government
    place = kb.find_place("Sochi")
    assert place is not None and place.country == "RUS"


def test_every_office_row_has_a_source(kb: KnowledgeBase) -> None:
    for actor in kb.persons()[:500]:
        assert all(o.source for o in actor.offices)
