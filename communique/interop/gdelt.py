"""``export events --format gdelt``: the GDELT 2.0 event table, tab-separated, no header.

One row per event and source, as GDELT's mentions table has it: every document reporting an
event gives a row of its own, its SOURCEURL the document's URL. Rows of one event share
GLOBALEVENTID: an event is a merged happening (a timeline entry) and a CAMEO code, so two
outlets reporting the same talks share an id while the talks and the agreement signed at them
do not. NumMentions counts the event's reports, NumArticles its documents, NumSources its
outlets. Actors, date and place in each row are as that source reports them.

Where communique knows less than GDELT: AvgTone is empty (no tone is measured); geography is
the place's name and its country's ISO3 code (not FIPS 10-4), no coordinates; an event dated
only to a month or year is written on that period's first day, one with no date of its own on
its happening's date, else its document's publication date (GDELT's own practice); an event
with none of these is left out. DATEADDED is the document's publication date at midnight.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import IO, Any

from communique.extract.classify import load_goldstein
from communique.interop import codes
from communique.interop.codes import ActorInfo, CameoActor
from communique.interop.gdelt_columns import COLUMNS
from communique.store.duckdb_store import DuckDBStore
from communique.store.rows import Row, loads

_ROWS = """
WITH te AS (
    SELECT entry_id, date AS entry_date,
           unnest(json_extract_string(event_ids, '$[*]')) AS event_id FROM timeline),
h AS (SELECT event_id, min(entry_id) AS happening_id, arg_min(entry_date, entry_id) AS h_date
      FROM te GROUP BY event_id),
lead AS (SELECT e.event_id, count(s.idx) AS before
         FROM events e LEFT JOIN sentences s ON s.doc_id = e.doc_id AND s."end" <= e."start"
         GROUP BY e.event_id)
SELECT e.event_id, e.doc_id, e."start", e.date, e.type, e.cameo, e.goldstein, e.source,
       e.target, e.participants, e.location, h.happening_id, h.h_date, lead.before,
       d.url, d.outlet, d.published
FROM events e JOIN documents d USING (doc_id) LEFT JOIN h USING (event_id)
     LEFT JOIN lead USING (event_id)
ORDER BY e.doc_id, e."start", e.event_id
"""
LEAD_SENTENCES = 3  # the title and the first two sentences: GDELT's "lead paragraph"


@dataclass(frozen=True)
class _Mention:
    key: tuple[str, str]
    row: Row
    date: str


def event_key(row: Mapping[str, Any]) -> tuple[str, str]:
    """What makes reports one GDELT event: the happening (else the event) and its code."""
    return (row["happening_id"] or row["event_id"], row["cameo"] or row["type"] or "")


def global_id(key: tuple[str, str]) -> int:
    """A stable positive 60-bit integer for an event key."""
    return int(hashlib.sha1(":".join(key).encode()).hexdigest()[:15], 16)


def gdelt_rows(store: DuckDBStore) -> Iterator[list[Any]]:
    """The GDELT rows, ordered by date, event id and source."""
    actors = codes.load_actors(store)
    goldstein = load_goldstein()
    mentions = [m for r in store.query(_ROWS) if (m := _mention(r)) is not None]
    groups: dict[tuple[str, str], list[_Mention]] = {}
    for m in mentions:
        groups.setdefault(m.key, []).append(m)
    firsts: dict[tuple[tuple[str, str], str], _Mention] = {}
    for m in mentions:
        firsts.setdefault((m.key, m.row["doc_id"]), m)
    ordered = sorted(firsts.values(), key=lambda m: (m.date, global_id(m.key), m.row["doc_id"]))
    for m in ordered:
        yield _row(m, groups[m.key], actors, goldstein)


def _mention(r: Row) -> _Mention | None:
    date = r["date"] or r["h_date"] or r["published"]
    if codes.date_parts(date) is None:
        return None
    return _Mention(event_key(r), r, date)


def _row(m: _Mention, group: list[_Mention], actors: Mapping[str, ActorInfo],
         goldstein: Mapping[str, float]) -> list[Any]:  # fmt: skip
    r = m.row
    y, mo, d = codes.date_parts(m.date) or (0, 0, 0)
    a1, a2 = (codes.cameo_actor(a, r["date"]) if a else None for a in _dyad(r, actors))
    code = r["cameo"] or ""
    score = r["goldstein"] if r["goldstein"] is not None else goldstein.get(code)
    outlets = {g.row["outlet"] or g.row["url"] or g.row["doc_id"] for g in group}
    published = codes.date_parts(r["published"])
    return [
        global_id(m.key), y * 10000 + mo * 100 + d, y * 100 + mo, y,
        round(y + (mo * 30 + d) / 365, 4),
        *_actor_cols(a1), *_actor_cols(a2),
        int((r["before"] or 0) < LEAD_SENTENCES), code, code[:3], code[:2],
        codes.quad_class(r["cameo"], r["type"]), score,
        len(group), len(outlets), len({g.row["doc_id"] for g in group}), None,
        *([None] * 8), *([None] * 8), *_geo(loads(r["location"], None), actors),
        f"{published[0]:04d}{published[1]:02d}{published[2]:02d}000000" if published else None,
        r["url"] or r["doc_id"],
    ]  # fmt: skip


def _dyad(r: Row, actors: Mapping[str, ActorInfo]) -> tuple[ActorInfo | None, ActorInfo | None]:
    """Actor1 (the first source, else the first participant) and Actor2 (the first target,
    else the first other party from another country)."""
    source, target = codes.expand(loads(r["source"], [])), codes.expand(loads(r["target"], []))
    parts = codes.expand(loads(r["participants"], []))
    first = (source or parts)[:1]
    if not first:
        return None, None
    a1 = codes.actor_info(actors, first[0])
    others = [codes.actor_info(actors, i) for i in [*target, *source, *parts] if i != first[0]]
    pick = [o for o in others if o.actor_id in target] or [
        o for o in others if o.country != a1.country or a1.country is None
    ]
    return a1, (pick[0] if pick else None)


def _actor_cols(a: CameoActor | None) -> list[Any]:
    if a is None:
        return [None] * 10
    sectors = [*a.sectors, None, None, None][:3]
    return [a.code, a.name, a.country or None, a.group or None, None, None, None, *sectors]


def _geo(loc: Mapping[str, Any] | None, actors: Mapping[str, ActorInfo]) -> list[Any]:
    if not loc or not loc.get("name"):
        return [None] * 8
    name, iso3 = str(loc["name"]), loc.get("country") or None
    country = codes.actor_info(actors, f"c:{iso3}").name if iso3 else None
    if country is None or name.lower() == country.lower():
        kind, full = 1, name
    else:
        kind, full = (3 if iso3 == "USA" else 4), f"{name}, {country}"
    return [kind, full, iso3, None, None, None, None, None]


def cell(v: Any) -> str:
    """A value as GDELT writes it: empty for none, no tabs or line breaks inside."""
    if v is None:
        return ""
    return " ".join(str(v).split()) if isinstance(v, str) else str(v)


def write_gdelt(store: DuckDBStore, out: IO[str]) -> int:
    """Write the GDELT event table; returns the number of rows."""
    n = 0
    for row in gdelt_rows(store):
        out.write("\t".join(cell(v) for v in row) + "\n")
        n += 1
    return n


def header() -> str:
    """The column names, tab-separated (GDELT files have no header: this is for readers)."""
    return "\t".join(COLUMNS)
