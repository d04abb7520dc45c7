"""The knowledge base: countries, office holders with dated terms, and two small dated fact
tables (when pairs of states established diplomatic relations; numbered meetings: party
congresses, summits, General Assembly sessions).

Loaded from the compiled tables in ``communique/kb/data/`` (``python -m communique.kb.build``).
The instance holds every index it needs; nothing is cached at module level.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib import resources

from communique.kb.fold import fold
from communique.model import Actor, Location, Office

TOP_ROLES = frozenset(("head_of_state", "party_leader", "head_of_government"))
# "leader": the effective ruler a source names without saying which office (REIGN);
# "acting_head_of_state" (or government): one who stood in while the holder stayed in office
# (on leave, abroad, ill); secretary_general, org_head, high_representative: heads of
# international organizations, whose ``country`` is the organization's code (UNO, NATO, ASEAN,
# EUR; IMF, WBG, WTO, WHO, AU are codes of office rows only, see kb.build)
ROLE_RANK = {
    "head_of_state": 0, "party_leader": 1, "head_of_government": 2, "leader": 2,
    "acting_head_of_state": 2, "acting_head_of_government": 3, "secretary_general": 3,
    "org_head": 3, "speaker": 3, "vice_head_of_state": 3, "high_representative": 4,
    "foreign_minister": 4, "defence_minister": 5, "deputy_head_of_government": 6, "minister": 7,
}  # fmt: skip


@dataclass(frozen=True)
class Meeting:
    """One numbered meeting of a series ("cpc-congress" 20: 2022-10-16 to 2022-10-22)."""

    series: str
    number: int
    start: str
    end: str | None
    place: str | None
    country: str | None
    source: str


@dataclass(frozen=True)
class Country:
    iso3: str
    name: str
    names: tuple[str, ...]
    demonyms: tuple[str, ...]
    capital: str | None
    capital_aliases: tuple[str, ...]
    cities: tuple[str, ...] = ()


def _split(text: str) -> tuple[str, ...]:
    return tuple(p.strip() for p in text.split(";") if p.strip())


def _rows(name: str) -> list[dict[str, str]]:
    data = resources.files("communique.kb").joinpath("data", name).read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(data)))


def role_matches(office_role: str, stated: str) -> bool:
    """Does an office of ``office_role`` fit a text calling its holder ``stated``? An
    effective leader of unknown office fits any top office; an acting holder, the office."""
    return (
        office_role == stated
        or (office_role == "leader" and stated in TOP_ROLES)
        or office_role == f"acting_{stated}"
    )


def title_check(offices: Sequence[Office], stated: str, date: str) -> str | None:
    """A flag for a title the knowledge base does not bear out on ``date``, or None.

    ``past_office``: the person held it, but more than a year before (a historical mention:
    "President Reagan" in a 2011 article); ``role_conflict``: otherwise (a stale or wrong
    title, or one held only later)."""
    if not stated or stated == "minister" or not offices:
        return None
    held = [o for o in offices if within(date, o.start, o.end)]
    if any(role_matches(o.role, stated) for o in held):
        return None
    ended = [o.end for o in offices if o.role == stated and o.end and o.end[:4] < date[:4]]
    if ended and int(date[:4]) - int(max(ended)[:4]) > 1:
        return f"past_office: text says {stated}, held until {max(ended)}; {date} is later"
    said = (held[0].title or held[0].role) if held else "no office held"
    return f"role_conflict: text says {stated}, KB says {said} on {date}"


def within(date: str, start: str | None, end: str | None) -> bool:
    """Is ``date`` (any precision) inside [start, end]? Compares at the coarser precision."""
    if start and date[: len(start)] < start[: len(date)]:
        return False
    return not (end and date[: len(end)] > end[: len(date)])


def _pair(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a <= b else (b, a)


class KnowledgeBase:
    def __init__(
        self,
        countries: list[Country],
        offices: list[dict[str, str]],
        relations: Sequence[dict[str, str]] = (),
        meetings: Sequence[Meeting] = (),
        series: dict[str, tuple[str, ...]] | None = None,
    ) -> None:
        self._relations = {_pair(r["a"], r["b"]): r["established"] for r in relations}
        self._meetings = {(m.series, m.number): m for m in meetings}
        self._series = dict(series or {})
        self._countries = {c.iso3: c for c in countries}
        self._country_names: dict[str, str] = {}
        self._places: dict[str, Location] = {}
        for c in countries:
            for n in (c.name, *c.names, *c.demonyms, *c.capital_aliases):
                self._country_names.setdefault(fold(n), c.iso3)
            for city in (c.capital, *c.cities):
                if city:
                    self._places.setdefault(fold(city), Location(city, c.iso3))
        self._actors: dict[str, dict[str, object]] = {}
        self._offices: dict[str, list[Office]] = defaultdict(list)
        self._aliases: dict[str, set[str]] = defaultdict(set)
        for r in offices:
            self._add_office(r)

    def _add_office(self, r: dict[str, str]) -> None:
        aid = "p:" + r["actor_id"]
        self._actors.setdefault(aid, {"name": r["name"], "country": r["country"] or None})
        office = Office(r["role"], r["country"] or None, r["start"] or None, r["end"] or None,
                        r["title"] or None, r["source"] or None)  # fmt: skip
        if office not in self._offices[aid]:
            self._offices[aid].append(office)
        self._aliases[aid].update(_split(r["aliases"]))

    @classmethod
    def load(cls) -> KnowledgeBase:
        countries = [
            Country(r["iso3"], r["name"], _split(r["names"]), _split(r["demonyms"]),
                    r["capital"] or None, _split(r["capital_aliases"]), _split(r["cities"]))
            for r in _rows("countries.csv")
        ]  # fmt: skip
        meetings = [
            Meeting(r["series"], int(r["number"]), r["start"], r["end"] or None,
                    r["place"] or None, r["country"] or None, r["source"])
            for r in _rows("meetings.csv")
        ]  # fmt: skip
        series = {r["series"]: _split(r["aliases"]) for r in _rows("meetings_series.csv")}
        return cls(countries, _rows("offices.csv"), _rows("relations.csv"), meetings, series)

    # -- people ----------------------------------------------------------------------------
    def persons(self) -> list[Actor]:
        return [a for aid in self._actors if (a := self.actor(aid)) is not None]

    def actor(self, actor_id: str) -> Actor | None:
        if actor_id.startswith("c:"):
            c = self.country(actor_id[2:])
            if c is None:
                return None
            return Actor(actor_id, c.name, "country", c.iso3, (c.name, *c.names))
        info = self._actors.get(actor_id)
        if info is None:
            return None
        return Actor(
            actor_id, str(info["name"]), "person", info["country"],  # type: ignore[arg-type]
            tuple(sorted(self._aliases[actor_id])), self.offices(actor_id),
        )  # fmt: skip

    def offices(self, actor_id: str) -> tuple[Office, ...]:
        return tuple(sorted(self._offices.get(actor_id, ()), key=lambda o: o.start or ""))

    def role_on(self, actor_id: str, date: str) -> Office | None:
        held = [o for o in self._offices.get(actor_id, ()) if within(date, o.start, o.end)]
        held.sort(key=lambda o: ROLE_RANK.get(o.role, 9))
        return held[0] if held else None

    def holders(self, country: str, role: str, date: str) -> tuple[Actor, ...]:
        """Who held ``role`` in ``country`` on ``date``; for a top office with no known
        holder, the effective leader of unknown office."""
        exact = self._holding(country, date, lambda r: r == role)
        if exact or role not in TOP_ROLES:
            return exact
        return self._holding(country, date, lambda r: r == "leader")

    def _holding(self, country: str, date: str, fits: Callable[[str], bool]) -> tuple[Actor, ...]:
        out = []
        for aid, offices in self._offices.items():
            match = any(
                o.country == country and fits(o.role) and within(date, o.start, o.end)
                for o in offices
            )
            if match and (a := self.actor(aid)) is not None:
                out.append(a)
        return tuple(out)

    # -- countries and places --------------------------------------------------------------
    def country(self, iso3: str) -> Country | None:
        return self._countries.get(iso3)

    def countries(self) -> list[Country]:
        return list(self._countries.values())

    def find_country(self, text: str) -> Country | None:
        key = fold(text)
        if key.startswith("the "):
            key = key[4:]
        iso3 = self._country_names.get(key) or self._country_names.get("the " + key)
        if iso3 is None and (place := self._places.get(key)) and place.country:
            c = self._countries.get(place.country)
            return c if c and c.capital and fold(c.capital) == key else None
        return self._countries.get(iso3) if iso3 else None

    def find_place(self, text: str) -> Location | None:
        return self._places.get(fold(text))

    def place_names(self) -> list[str]:
        return [loc.name for loc in self._places.values()]

    # -- dated facts -----------------------------------------------------------------------
    def relations_established(self, a: str, b: str) -> str | None:
        """When states ``a`` and ``b`` (ISO codes, either order) established diplomatic
        relations (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``), or None if not recorded."""
        return self._relations.get(_pair(a, b))

    def meeting(self, series: str, number: int) -> Meeting | None:
        """The ``number``-th meeting of ``series`` ("cpv-congress", 13), or None."""
        return self._meetings.get((series, number))

    def meeting_series(self) -> dict[str, tuple[str, ...]]:
        """Each series key and the names news gives it ("g20-summit": ("G20 summit", ...))."""
        return dict(self._series)
