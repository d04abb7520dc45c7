"""CAMEO actor codes, quad classes and dates the way GDELT and PLOVER data sets write them.

An actor's CAMEO code is its country's ISO 3166-1 alpha-3 code followed by the role codes of
the office it held on the event's date (``AUSGOV`` for Australia's prime minister, ``DEUGOVMIL``
for a German defence minister); a country alone is its code (``IDN``); the head of an
international organization is ``IGO`` and the organization's CAMEO group code (``IGOUNO``).
Role codes are CAMEO's and PLOVER's sector codes (GOV government, MIL military, LEG legislature,
IGO intergovernmental organization).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from communique.store.duckdb_store import DuckDBStore
from communique.store.rows import loads

# knowledge-base office roles -> CAMEO/PLOVER sector codes (first is the primary)
ROLE_SECTORS: dict[str, tuple[str, ...]] = {
    "head_of_state": ("GOV",), "head_of_government": ("GOV",), "leader": ("GOV",),
    "party_leader": ("GOV",), "acting_head_of_state": ("GOV",),
    "acting_head_of_government": ("GOV",), "vice_head_of_state": ("GOV",),
    "deputy_head_of_government": ("GOV",), "foreign_minister": ("GOV",),
    "minister": ("GOV",), "defence_minister": ("GOV", "MIL"), "speaker": ("LEG",),
    "secretary_general": ("IGO",), "org_head": ("IGO",), "high_representative": ("IGO",),
}  # fmt: skip
# the knowledge base's organization codes -> CAMEO known-group codes
ORG_GROUPS = {"UNO": "UNO", "NATO": "NAT", "ASEAN": "ASN", "EUR": "EEC", "IMF": "IMF",
              "WBG": "WBK", "WTO": "WTO", "WHO": "WHO", "AU": "AFU"}  # fmt: skip
PLOVER_QUADS = {
    "AGREE": 1, "CONSULT": 1, "SUPPORT": 1, "CONCEDE": 1, "COOPERATE": 2, "AID": 2,
    "RETREAT": 2, "REQUEST": 3, "ACCUSE": 3, "REJECT": 3, "THREATEN": 3, "PROTEST": 4,
    "SANCTION": 4, "MOBILIZE": 4, "COERCE": 4, "ASSAULT": 4,
}  # fmt: skip
QUAD_NAMES = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict",
              4: "material conflict"}  # fmt: skip


@dataclass(frozen=True)
class ActorInfo:
    """One actor as the interchange formats need it."""

    actor_id: str
    name: str
    kind: str
    country: str | None
    offices: tuple[Mapping[str, Any], ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class CameoActor:
    """An actor coded the CAMEO way for one event."""

    code: str
    name: str
    country: str  # ISO3 or ""
    group: str  # known-group code (organizations) or ""
    sectors: tuple[str, ...]  # up to three role codes
    office: str  # the title held, or ""


def load_actors(store: DuckDBStore) -> dict[str, ActorInfo]:
    """Every stored actor by id."""
    rows = store.query("SELECT actor_id, name, kind, country, offices FROM actors")
    return {r["actor_id"]: ActorInfo(r["actor_id"], r["name"] or r["actor_id"], r["kind"] or "",
                                     r["country"], tuple(loads(r["offices"], [])))
            for r in rows}  # fmt: skip


def expand(ids: Iterable[str]) -> list[str]:
    """Actor ids with each group (``g:a+b``) replaced by its members, in order, once each."""
    out: list[str] = []
    for i in ids:
        out.extend(i[2:].split("+") if i.startswith("g:") else [i])
    return list(dict.fromkeys(out))


def actor_info(actors: Mapping[str, ActorInfo], actor_id: str) -> ActorInfo:
    """A stored actor, or what its id says (``c:IDN`` is Indonesia's code)."""
    found = actors.get(actor_id)
    if found is not None:
        return found
    if actor_id.startswith("c:"):
        return ActorInfo(actor_id, actor_id[2:], "country", actor_id[2:])
    return ActorInfo(actor_id, actor_id.split(":", 1)[-1], "", None)


def office_on(info: ActorInfo, date: str | None) -> Mapping[str, Any] | None:
    """The highest-listed office ``info`` held on ``date`` (any precision), if any."""
    for o in info.offices:
        start, end = o.get("start") or "", o.get("end") or ""
        began = not start or date is None or start[: len(date)] <= date
        ended = bool(end) and date is not None and date[: len(end)] > end
        if began and not ended:
            return o
    return None


def cameo_actor(info: ActorInfo, date: str | None) -> CameoActor:
    """``info`` coded on ``date``: country, known group, sectors and the code they make."""
    office = office_on(info, date)
    sectors = ROLE_SECTORS.get(str(office.get("role")), ()) if office else ()
    country = info.country or ""
    group = ""
    if info.kind == "organization" or (sectors and sectors[0] == "IGO"):
        group, country, sectors = ORG_GROUPS.get(country, country), "", ("IGO",)
    code = country + "".join(sectors) + (group if group else "")
    title = str(office.get("title") or "") if office else ""
    return CameoActor(code, info.name.upper(), country, group, sectors[:3], title)


def quad_class(cameo: str | None, plover_type: str | None) -> int | None:
    """GDELT's QuadClass: from the CAMEO root (01-05 verbal cooperation, 06-09 material
    cooperation, 10-14 verbal conflict, 15-20 material conflict), else the PLOVER type's."""
    if cameo and cameo[:2].isdigit():
        root = int(cameo[:2])
        return 1 if root <= 5 else 2 if root <= 9 else 3 if root <= 14 else 4
    return PLOVER_QUADS.get(plover_type or "")


def date_parts(date: str | None) -> tuple[int, int, int] | None:
    """(year, month, day) of an ISO date at any precision, month and day 1 when unknown."""
    if not date or not date[:4].isdigit():
        return None
    year = int(date[:4])
    month = int(date[5:7]) if len(date) >= 7 and date[5:7].isdigit() else 1
    day = int(date[8:10]) if len(date) >= 10 and date[8:10].isdigit() else 1
    return year, month, day
