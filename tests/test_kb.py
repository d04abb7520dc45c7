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
        ("FRA", "head_of_government", "2024-10-15", "Michel Barnier"),
        ("ARG", "head_of_state", "2017-03-01", "Mauricio Macri"),
        ("THA", "head_of_government", "2024-06-01", "Srettha Thavisin"),
        ("DEU", "foreign_minister", "2015-06-01", "Frank-Walter Steinmeier"),
        ("KOR", "head_of_state", "2026-01-01", "Lee Jae-myung"),
        ("LAO", "foreign_minister", "2020-01-01", "Saleumxay Kommasith"),
        ("ARG", "speaker", "2020-06-01", "Sergio Massa"),
        ("BRN", "speaker", "2020-06-01", "Abdul Rahman Taib"),
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
    offices = [o for actor in kb.persons()[:500] for o in actor.offices]
    assert len(offices) >= 500
    assert [o for o in offices if not o.source] == []


# permanent Security Council members, the G20 states, ASEAN members and the seeds' countries
COVERED = ("USA GBR FRA RUS CHN ARG AUS BRA CAN DEU IND IDN ITA JPN KOR MEX SAU ZAF TUR "
           "BRN KHM LAO MYS MMR PHL SGP THA VNM").split()  # fmt: skip
TOP = ("head_of_state", "head_of_government", "party_leader")


@pytest.mark.parametrize("country", COVERED)
def test_covered_countries_have_a_leader_and_foreign_minister_in_2026(
    kb: KnowledgeBase, country: str
) -> None:
    assert any(kb.holders(country, role, "2026-01-01") for role in TOP), country
    assert kb.holders(country, "foreign_minister", "2026-01-01"), country
    if country != "MMR":  # the chamber was dissolved in 2021
        assert kb.holders(country, "speaker", "2026-01-01"), country


@pytest.mark.parametrize("country", COVERED)
def test_no_office_has_two_holders_at_once(kb: KnowledgeBase, country: str) -> None:
    """Terms of one office follow each other; they may share only the handover month."""
    for role in ("head_of_state", "head_of_government", "foreign_minister", "speaker"):
        terms = sorted(
            ((o.start or "")[:7], (o.end or "9999-12")[:7], a.name)
            for a in kb.persons() if a.country == country
            for o in a.offices if o.role == role and o.country == country
            and (o.end or "9999") >= "2010"
        )  # fmt: skip
        for (s1, e1, n1), (s2, _e2, n2) in zip(terms, terms[1:], strict=False):
            assert s2 >= e1, (country, role, n1, (s1, e1), n2, s2)


def test_country_codes_of_compound_reference_blocks() -> None:
    from communique.kb.build import _iso3

    valid = {"SRB", "YUG", "VGB", "GBR"}
    assert _iso3("[YUGSRB <20920427][SRB >20030101]", valid) == "SRB"
    assert _iso3("GBRVGB", valid) == "VGB"
    assert _iso3(": ISO-3166-alpha3 code", valid) is None
