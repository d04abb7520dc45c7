"""Effective leaders after the other references end, from the REIGN leader list.

REIGN (Bell, Besaw & Frank 2021) names one effective leader per country-term up to March
2021, with Correlates-of-War state codes and often only a surname. Nothing here is a
hand-made table:

- a REIGN state code maps to the ISO code whose known office holders (CountryInfo and the
  curated rows) match its leaders best, by name tokens and overlapping terms;
- REIGN does not say which office its leader held (a president in one country, a prime
  minister or a general in another, and it changes), so a new row gets the role
  ``leader``, which fits any top office (``kb.base.role_matches``);
- only terms running past the other references (ending 2010 or later) are added, and only
  for persons not already known in that office.
"""

from __future__ import annotations

import csv
import dataclasses
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from communique.kb.fold import fold, slug
from communique.kb.office_row import OfficeRow

SOURCE = "REIGN leaderlist 3.21 (Bell, Besaw & Frank 2021)"
TOP_ROLES = ("head_of_state", "head_of_government", "party_leader")
FIRST_NEW_END = "2010"


@dataclass(frozen=True)
class ReignTerm:
    state: str
    leader: str
    start: str
    end: str  # "" while in office when the list was made


def _date(day: str, month: str, year: str) -> str:
    if not year.strip().isdigit():
        return ""
    y = int(year)
    if month.strip().isdigit() and 1 <= int(month) <= 12:
        m = int(month)
        if day.strip().isdigit() and 1 <= int(day) <= 31:
            return f"{y:04d}-{m:02d}-{int(day):02d}"
        return f"{y:04d}-{m:02d}"
    return f"{y:04d}"


def read_terms(path: Path) -> list[ReignTerm]:
    with path.open(encoding="utf-8", errors="replace") as fh:
        return [
            ReignTerm(r["stateabb"].strip(), " ".join(r["leader"].split()),
                      _date(r["sdate"], r["smonth"], r["syear"]),
                      _date("", r["emonth"], r["eyear"]))
            for r in csv.DictReader(fh) if r.get("leader") and r.get("syear")
        ]  # fmt: skip


def _tokens(name: str) -> frozenset[str]:
    return frozenset(t for t in slug(name).split("-") if len(t) >= 3)


def _overlaps(a_start: str, a_end: str, b_start: str, b_end: str) -> bool:
    return (a_start[:4] <= (b_end or "9999")[:4]) and (b_start[:4] <= (a_end or "9999")[:4])


def _same_person(term: ReignTerm, row: OfficeRow) -> bool:
    mine = _tokens(term.leader)
    return (
        bool(mine)
        and mine <= _tokens(row.name)
        and _overlaps(term.start, term.end, row.start, row.end)
    )


def _country_map(terms: list[ReignTerm], rows: list[OfficeRow]) -> dict[str, str]:
    by_token: dict[str, list[OfficeRow]] = defaultdict(list)
    for r in rows:
        if r.role in TOP_ROLES:
            for t in _tokens(r.name):
                by_token[t].append(r)
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    for term in terms:
        cands = {r.country for t in _tokens(term.leader) for r in by_token.get(t, ())
                 if _same_person(term, r)}  # fmt: skip
        for iso in cands:
            votes[term.state][iso] += 1
    out = {}
    for state, counter in votes.items():
        (iso, n), *_ = counter.most_common(1)
        if n >= 2 and n * 2 > sum(counter.values()):
            out[state] = iso
    return out


def reign_rows(path: Path, rows: Iterable[OfficeRow]) -> list[OfficeRow]:
    """Office rows for REIGN leaders the other sources do not know, in the office their
    country's leaders hold."""
    known = [r for r in rows if r.role in TOP_ROLES]
    terms = read_terms(path)
    iso_of = _country_map(terms, known)
    by_country: dict[str, list[OfficeRow]] = defaultdict(list)
    for r in known:
        by_country[r.country].append(r)
    fresh: list[tuple[str, ReignTerm]] = []
    for term in terms:
        iso = iso_of.get(term.state)
        if iso is None:
            continue
        matched = any(_same_person(term, r) for r in by_country[iso])
        if not matched and (term.end or "9999") >= FIRST_NEW_END:
            fresh.append((iso, term))
    out = []
    for iso, term in fresh:
        if len(fold(term.leader).replace(" ", "")) < 5:
            continue
        out.append(OfficeRow(slug(term.leader), term.leader, "", iso, "leader", "Leader",
                             term.start, term.end, SOURCE))  # fmt: skip
    return out


def close_with_reign(path: Path, rows: list[OfficeRow]) -> list[OfficeRow]:
    """A reference term left open (its source ended while the person was in office) ends
    where REIGN says that person's term ended, when REIGN saw it end after the reference's
    horizon (an effective-leader term that ended earlier may be a different office: a king
    who stopped ruling but stayed king)."""
    terms = read_terms(path)
    iso_of = _country_map(terms, [r for r in rows if r.role in TOP_ROLES])
    ended: dict[str, list[ReignTerm]] = defaultdict(list)
    for term in terms:
        if term.end >= FIRST_NEW_END and (iso := iso_of.get(term.state)):
            ended[iso].append(term)
    out = []
    for r in rows:
        if r.role in TOP_ROLES and r.start and not r.end and not r.source.startswith("curated"):
            # the same term: same person, starting within a year of the open one
            same = [t for t in ended.get(r.country, ())
                    if _same_person(t, r) and t.end >= r.start and abs(int(t.start[:4]) - int(r.start[:4])) <= 1]  # fmt: skip
            if same:
                term = min(same, key=lambda t: abs(int(t.start[:4]) - int(r.start[:4])))
                r = dataclasses.replace(r, end=term.end)
        out.append(r)
    return out
