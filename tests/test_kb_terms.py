"""Plausibility of the compiled office terms: no term ends before it starts, and a
single-holder office (head of state or government, foreign minister, vice-president, an
organization's secretary-general) has one holder at a time, give or take a handover month.

Acting holders who stood in while the holder stayed in office carry the role
``acting_head_of_state`` and are not a second holder. Offices of states missing from the
country table (the GDR, South Vietnam) carry no country (see ``curated/reference_fixes.csv``).
"""

from __future__ import annotations

import calendar
from collections import defaultdict
from datetime import date

import pytest

from communique.kb import KnowledgeBase

G20 = "ARG AUS BRA CAN CHN DEU FRA GBR IDN IND ITA JPN KOR MEX RUS SAU TUR USA ZAF".split()
ASEAN = "BRN KHM IDN LAO MMR MYS PHL SGP THA VNM".split()
ORGS = ("UNO", "NATO", "ASEAN", "EUR")
ONE_HEAD = ("IMF", "WBG", "WTO", "WHO", "AU")  # one org_head at a time (the EU has two)
SINGLE_HOLDER = ("head_of_state", "head_of_government", "foreign_minister",
                 "vice_head_of_state", "secretary_general", "high_representative")  # fmt: skip
HANDOVER_DAYS = 31


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return KnowledgeBase.load()


def first_day(text: str) -> date:
    y, m, d = (text.split("-") + ["1", "1"])[:3]
    return date(int(y), int(m), int(d))


def last_day(text: str | None) -> date:
    if not text:
        return date(9999, 12, 31)
    parts = text.split("-")
    y, m = int(parts[0]), int(parts[1]) if len(parts) > 1 else 12
    d = int(parts[2]) if len(parts) > 2 else calendar.monthrange(y, m)[1]
    return date(y, m, d)


def _terms(kb: KnowledgeBase) -> dict[tuple[str, str], list[tuple[date, date, str]]]:
    out: dict[tuple[str, str], list[tuple[date, date, str]]] = defaultdict(list)
    for actor in kb.persons():
        for o in actor.offices:
            single = o.role in SINGLE_HOLDER or (o.role == "org_head" and o.country in ONE_HEAD)
            if o.country and single and o.start:
                out[o.country, o.role].append((first_day(o.start), last_day(o.end), actor.name))
    return out


def test_no_term_ends_before_it_starts(kb: KnowledgeBase) -> None:
    bad = [(a.name, o.role, o.start, o.end) for a in kb.persons() for o in a.offices
           if o.start and o.end and last_day(o.end) < first_day(o.start)]  # fmt: skip
    assert bad == []


def test_acting_terms_end(kb: KnowledgeBase) -> None:
    """An acting holder stands in for a while; an open acting term is a missing end."""
    open_ = [(a.name, o.role, o.start) for a in kb.persons() for o in a.offices
             if o.role.startswith("acting_") and not o.end]  # fmt: skip
    assert open_ == []


@pytest.mark.parametrize("country", sorted(set(G20 + ASEAN)) + list(ORGS + ONE_HEAD))
def test_single_holder_offices_do_not_overlap(kb: KnowledgeBase, country: str) -> None:
    clashes = []
    for (where, role), terms in _terms(kb).items():
        if where != country:
            continue
        terms.sort()
        for i, (s1, e1, n1) in enumerate(terms):
            for s2, e2, n2 in terms[i + 1 :]:
                if s2 > e1:
                    break
                overlap = (min(e1, e2) - s2).days
                if n1 != n2 and overlap > HANDOVER_DAYS:
                    clashes.append((role, n1, str(s1), str(e1), n2, str(s2), str(e2)))
    assert clashes == []


@pytest.mark.parametrize(
    ("country", "role", "day", "names"),
    [
        ("DEU", "head_of_government", "1980-01-01", ["Helmut Schmidt"]),  # not the GDR's
        ("VNM", "head_of_state", "1970-06-01", ["Ton Duc Thang"]),  # not South Vietnam's
        ("JPN", "head_of_state", "1980-01-01", ["Hirohito"]),  # once, not twice
        ("LAO", "head_of_state", "1988-01-01", ["Prince Souphanouvong"]),  # not the acting one
        ("RUS", "head_of_state", "1991-09-01", ["Mikhail Gorbachev"]),  # the USSR's
        ("MMR", "head_of_government", "2009-01-01", ["Thein Sein"]),
        ("NATO", "secretary_general", "2020-01-01", ["Jens Stoltenberg"]),
        ("UNO", "secretary_general", "2010-06-01", ["Ban Ki-moon"]),
        ("IMF", "org_head", "2015-01-01", ["Christine Lagarde"]),
        ("EUR", "high_representative", "2016-01-01", ["Federica Mogherini"]),
    ],
)
def test_fixed_reference_terms(kb: KnowledgeBase, country: str, role: str, day: str,
                               names: list[str]) -> None:  # fmt: skip
    assert [a.name for a in kb.holders(country, role, day)] == names


def test_effective_leaders_are_not_known_holders_under_another_spelling(kb: KnowledgeBase) -> None:
    """REIGN's leader rows ("Najib Tun Razak") must not be a second person beside the
    holder of a top office the other sources know ("Najib Razak") at the same time."""
    countries = set(G20 + ASEAN)
    holders = [(a, o) for a in kb.persons() for o in a.offices
               if o.country in countries and o.role in ("head_of_state", "head_of_government")]  # fmt: skip
    doubles = []
    for a in kb.persons():
        for o in a.offices:
            if o.role != "leader" or o.country not in countries or not o.start:
                continue
            span = (first_day(o.start), last_day(o.end))
            doubles += [(a.name, b.name) for b, h in holders
                        if b.actor_id != a.actor_id and h.country == o.country and h.start
                        and first_day(h.start) <= span[1] and span[0] <= last_day(h.end)
                        and _surnames(a.name) & _surnames(b.name)]  # fmt: skip
    assert doubles == []


def _surnames(name: str) -> set[str]:
    return {t for t in name.lower().replace("-", " ").split() if len(t) > 3}


def test_no_namesake_gets_a_predecessors_term(kb: KnowledgeBase) -> None:
    """The reference gave Mark Rutte (born 1967) Victor Marijnen's 1963-65 term."""
    assert all((o.start or "") >= "2010" for o in kb.offices("p:mark-rutte"))


def test_acting_holders_fit_the_title_of_the_office(kb: KnowledgeBase) -> None:
    from communique.kb.base import role_matches, title_check

    assert role_matches("acting_head_of_state", "head_of_state")
    assert title_check(kb.offices("p:italo-luder"), "head_of_state", "1975-10-01") is None
