"""Merging reports of one real-world happening across documents, with blocking.

Reports are blocked by (year, country set); within a block, two reports are one happening
when their dates are compatible (equal, or one a prefix of the other: 2018 and 2018-09-06),
their kinds agree, and one's persons are a subset of the other's (a meeting with the prime
minister and one with the party chief on the same day stay apart), or two sources name
different holders of the same office beside a shared participant (kept and flagged).
Happenings on the days around a visit abroad that the traveller took part in are grouped as
parts of that visit.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from communique.fuse.model import Report
from communique.model import Document
from communique.nlp.date_values import compatible, defaulted_near


@dataclass(frozen=True)
class Cluster:
    """What a growing happening holds: its persons, their seats, its most precise date."""

    persons: frozenset[str]
    seats: dict[str, str]
    date: str
    days: frozenset[str]  # the day-precision dates its reports give (two, when disputed)
    places: frozenset[str] = frozenset()  # the countries its reports place it in

    @classmethod
    def of(cls, r: Report) -> Cluster:
        d = r.date or ""
        days = frozenset({d[:10]} if len(d) >= 10 else ())
        return cls(r.persons, dict(r.seats), d, days, frozenset(filter(None, [place(r)])))


VISIT_MODES = frozenset({"visit", "host"})
VISIT_DAYS = 3  # parts of a visit lie within this many days of its anchor
MIN_CONFIDENCE = 0.5  # weaker codings stay in the events table but make no timeline entry
# offices with one holder at a time: two names for one of them at one happening disagree
SEATS = frozenset(
    ("head_of_state", "head_of_government", "party_leader", "speaker", "foreign_minister")
)


def _seats(doc: Document) -> dict[str, str]:
    """The single-holder office each person holds in this document's telling (even where the
    knowledge base disagrees: the document's claim is what another source may contradict)."""
    out: dict[str, str] = {}
    for m in doc.mentions:
        if m.kind != "person" or m.role not in SEATS or not m.country:
            continue
        if any(f.startswith("past_office") for f in m.flags):
            continue  # "President Reagan" in a 2011 story: history, not a claim
        out.setdefault(m.actor_id, f"{m.country}:{m.role}")
    return out


def reports(docs: Sequence[Document], dates: dict[str, str], undated: bool = False,
            country_of: Mapping[str, str] | None = None) -> list[Report]:  # fmt: skip
    """Every dated event as a report; ``dates`` gives documents' (possibly inferred) dates.
    With ``undated``, instead the events no date reaches (neither their own nor their
    document's) that are not history: what the timeline's undated entries hold.
    ``country_of``: a person's home country (default: :func:`home_countries` of ``docs``); only the
    persons ``docs``' events name are read from it."""
    if country_of is None:
        country_of = home_countries(docs)
    out = []
    for d in docs:
        seat_of = _seats(d)
        for ev in d.events:
            date = ev.date or (dates.get(d.doc_id) if not ev.historical else None)
            if ev.confidence < MIN_CONFIDENCE or ((date or ev.historical) if undated else not date):
                continue
            persons = frozenset(p for p in ev.participants if p.startswith(("p:", "x:")))
            countries = frozenset(
                {p[2:] for p in ev.participants if p.startswith("c:")}
                | {c for p in persons if (c := country_of.get(p))}
                | ({ev.location.country} if ev.location and ev.location.country else set())
            )
            seats = tuple(sorted((p, seat_of[p]) for p in persons if p in seat_of))
            homes = tuple(sorted((p, c) for p in persons if (c := country_of.get(p))))
            sentence = d.text[ev.start : ev.end]
            out.append(Report(ev, d.doc_id, sentence, date, persons, countries, seats, homes))
    return out


def home_countries(docs: Sequence[Document]) -> dict[str, str]:
    """Each person's home country: the country of their first person mention with one."""
    country_of: dict[str, str] = {}
    for d in docs:
        for m in d.mentions:
            if m.country and m.kind == "person":
                country_of.setdefault(m.actor_id, m.country)
    return country_of


def undated_groups(items: Sequence[Report]) -> list[list[Report]]:
    """Undated reports of one document telling one happening: the same family of event and
    the same persons (or, naming none, the same countries). Never across documents: without a
    date nothing says two documents tell the same happening."""
    groups: dict[tuple[str, str, frozenset[str]], list[Report]] = defaultdict(list)
    for r in items:
        groups[(r.doc_id, r.family, r.persons or r.countries)].append(r)
    return [groups[k] for k in sorted(groups, key=lambda k: (k[0], k[1], sorted(k[2])))]


def place(r: Report) -> str | None:
    """Where a report puts its happening: the country of its location, if it names one."""
    loc = r.event.location
    return loc.country if loc and loc.country else None


def same_place(a: Report, b: Report) -> bool:
    """Two reports placing a happening in different countries tell two happenings (a trip's
    stops are parts of a visit, never one happening)."""
    pa, pb = place(a), place(b)
    return pa is None or pb is None or pa == pb


def near_days(a: str, b: str) -> bool:
    """Day-precision dates one day apart: sources disagreeing on one happening's date."""
    if len(a) < 10 or len(b) < 10 or a[:7] != b[:7]:
        return False
    return abs(int(a[8:10]) - int(b[8:10])) <= 1


def same_happening(a: Report, b: Report) -> bool:
    if a.family != b.family or not (a.date and b.date) or not same_place(a, b):
        return False
    if not compatible(a.date, b.date):
        if a.stated != b.stated:  # a headline dated by its publication day, a dated report
            stated, default = (a, b) if a.stated else (b, a)
            if defaulted_near(stated.date, default.date, days=3):
                return _same_people(a, b)
        # two sources dating one meeting of the same people differently: merge and flag
        return near_days(a.date, b.date) and len(a.persons) >= 2 and a.persons == b.persons
    return _same_people(a, b)


def _same_people(a: Report, b: Report) -> bool:
    if a.persons and b.persons:
        if a.doc_id == b.doc_id:
            return a.persons <= b.persons or b.persons <= a.persons
        return agree(a.persons, dict(a.seats), b.persons, dict(b.seats))
    return a.countries <= b.countries or b.countries <= a.countries


def agree(pa: frozenset[str], seats_a: dict[str, str], pb: frozenset[str],
          seats_b: dict[str, str]) -> bool:  # fmt: skip
    """Do two sets of participants tell one happening? One is a subset of the other, or,
    sharing someone, they differ only by naming different holders of the same offices (a
    disagreement fusion keeps and flags)."""
    if pa <= pb or pb <= pa:
        return True
    common = pa & pb
    if not common:
        return False
    da = {seats_a.get(p, p) for p in pa - common}
    db = {seats_b.get(p, p) for p in pb - common}
    return (da <= db or db <= da) and all(":" in s for s in da | db)


def _find(parent: list[int], i: int) -> int:
    while parent[i] != i:
        parent[i] = parent[parent[i]]
        i = parent[i]
    return i


IndexKey = tuple[str, str]  # (date, person): "" for a report naming no person


def happenings(items: Sequence[Report], order: Mapping[IndexKey, Any] | None = None
               ) -> list[list[Report]]:  # fmt: skip
    """Clusters of reports of one happening. Blocked by year, then indexed by (date, person):
    a report is compared only with reports that share a person and a compatible date, so the
    cost grows with the corpus times the reports per person and day, not its square.
    ``order``: the rank of each index key (default: the order in which ``items`` first give
    it), for running over a part of a corpus in the whole corpus's order."""
    parent = list(range(len(items)))
    by_year: dict[str, list[int]] = defaultdict(list)
    for i, r in enumerate(items):
        by_year[(r.date or "")[:4]].append(i)
    for members in by_year.values():
        _union_block(items, members, parent, order)
    groups: dict[int, list[Report]] = defaultdict(list)
    for i, r in enumerate(items):
        groups[_find(parent, i)].append(r)
    return list(groups.values())


def _union_block(items: Sequence[Report], members: list[int], parent: list[int],
                 order: Mapping[IndexKey, Any] | None = None) -> None:  # fmt: skip
    """Union compatible reports; a cluster's persons must stay a chain of subsets, so that
    {A} does not bridge {A, B} and {A, C} into one happening. Within the block, a report is
    only compared with reports sharing a person (or, without persons, none) on the same day,
    the next day or a coarser date."""
    index: dict[IndexKey, list[int]] = defaultdict(list)
    for i in members:
        for key in index_keys(items[i]):
            index[key].append(i)
    keys = list(index) if order is None else sorted(index, key=order.__getitem__)
    clusters: dict[int, Cluster] = {}
    for date, person in keys:
        here = index[(date, person)]
        others = [j for d in _neighbours(date) for j in index.get((d, person), ())]
        for x, i in enumerate(here):
            for j in here[x + 1 :] + others:
                _try_union(items, i, j, parent, clusters)


def index_keys(r: Report) -> list[IndexKey]:
    """The (date, person) keys a report is indexed under, in the order it gives them."""
    return [(r.date or "", person) for person in sorted(r.persons) or [""]]  # set order varies


def _neighbours(date: str) -> list[str]:
    """Dates a report on ``date`` may be merged with, other than ``date`` itself: coarser
    dates, the next day, and the three days before (a report dated by its publication day
    may tell of them)."""
    out = [date[:n] for n in (4, 7) if len(date) > n]
    days = _window(date, 3) if len(date) >= 10 else []
    if len(days) == 7:  # day -3 .. day +3
        out.extend([*days[:3], days[4]])
    return out


def _try_union(items: Sequence[Report], i: int, j: int, parent: list[int],
               clusters: dict[int, Cluster]) -> None:  # fmt: skip
    ri, rj = _find(parent, i), _find(parent, j)
    if ri == rj or not same_happening(items[i], items[j]):
        return
    ci = clusters.get(ri) or Cluster.of(items[i])
    cj = clusters.get(rj) or Cluster.of(items[j])
    if ci.persons and cj.persons and not agree(ci.persons, ci.seats, cj.persons, cj.seats):
        return
    # a coarse report ("in February") may join one day's happening, never bridge two days;
    # two different days join only through a direct link of the reports that carry them
    direct = items[i].date == ci.date and items[j].date == cj.date
    if not (compatible(ci.date, cj.date) or direct):
        return
    days = ci.days | cj.days
    if len(days) > 2:
        return  # a disputed date has two values, not a run of days
    places = ci.places | cj.places
    if len(places) > 1:
        return  # one happening takes place in one country (a trip is a visit's parts)
    parent[ri] = rj
    finest = max(ci.date, cj.date, key=len) if compatible(ci.date, cj.date) else cj.date
    seats = {**ci.seats, **cj.seats}
    clusters[rj] = Cluster(ci.persons | cj.persons, seats, finest, days, places)


def visits(groups: list[list[Report]]) -> list[list[list[Report]]]:
    """Group happenings into visits: a happening with a visit/host report anchors a visit;
    other happenings on the same day sharing a person with it become its parts."""
    who = [_persons(g) for g in groups]
    by_day: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, g in enumerate(groups):
        for person in who[i]:
            by_day[(_day(g), person)].append(i)
    taken: set[int] = set()
    out: list[list[list[Report]]] = []
    for ai, anchor in enumerate(groups):
        if ai in taken or len(_day(anchor)) < 10:
            continue
        guests = _visitors(anchor)
        if not guests:
            continue
        # the parts of a visit are what the visitor did there, with the hosts, in those days:
        # not everything any participant did (a leader at home appears in every story of a
        # crisis), nor what the traveller did elsewhere that week
        near = dict.fromkeys(
            j
            for day in _window(_day(anchor))
            for p in sorted(guests)
            for j in by_day.get((day, p), [])
            if _at_visit(groups[j], guests[p])
        )
        members = [ai] + [j for j in near if j != ai and j not in taken]
        taken.update(members)
        out.append([groups[j] for j in members])
    out.extend([g] for i, g in enumerate(groups) if i not in taken)
    return out


def _at_visit(group: list[Report], host: str) -> bool:
    """Did this happening take place at the visit: placed in the host country, or, placed
    nowhere, with the host country or one of its people taking part?"""
    return at_visit(*whereabouts(group), host)


def whereabouts(group: list[Report]) -> tuple[frozenset[str], frozenset[str]]:
    """What :func:`at_visit` reads of a happening: the countries its reports place it in,
    and the countries they name."""
    places = frozenset(p for r in group if (p := place(r)))
    return places, frozenset(c for r in group for c in r.countries)


def at_visit(places: frozenset[str], countries: frozenset[str], host: str) -> bool:
    """:func:`_at_visit` from a happening's :func:`whereabouts`."""
    if places:
        return places == {host}
    return host in countries


def _visitors(group: list[Report]) -> dict[str, str]:
    """Who travelled, and where to: the person making a visit or the guest of a host, when
    the visit goes to a known country not their own (a leader touring their own country, or
    "arriving" with no destination, anchors no state visit)."""
    out: dict[str, str] = {}
    for r in group:
        ev = r.event
        if ev.mode == "visit":
            guest = next((a for a in ev.source if a.startswith(("p:", "x:"))), None)
        elif ev.mode == "host":
            guest = next((a for a in ev.target if a.startswith(("p:", "x:"))), None)
        else:
            continue
        home = dict(r.homes).get(guest or "")
        abroad = ev.location.country if ev.location else None
        abroad = abroad or next((a[2:] for a in ev.target if a.startswith("c:")), None)
        if guest and abroad and abroad != home:
            out.setdefault(guest, abroad)
    return out


def _window(day: str, days: int = VISIT_DAYS) -> list[str]:
    """The days around ``day`` a visit may span."""
    try:
        center = dt.date.fromisoformat(day[:10])
    except ValueError:
        return [day]
    return [(center + dt.timedelta(d)).isoformat() for d in range(-days, days + 1)]


def _persons(group: list[Report]) -> frozenset[str]:
    return frozenset().union(*(r.persons for r in group))


def _day(group: list[Report]) -> str:
    return max((r.date or "" for r in group), key=len)
