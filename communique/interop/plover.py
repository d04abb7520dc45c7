"""``export events --format plover``: PLOVER event records as POLECAT publishes them.

JSON Lines, one event a line, with the field names of POLECAT's coder (NGEC) and the PLOVER
manual's data fields: ``id``, ``date`` (when it happened, ISO 8601 at the precision known),
``event_type``, ``event_mode`` and ``contexts`` (lists), ``event_text`` (the sentence),
``attributes`` with the ``ACTOR``, ``RECIP`` and ``LOC`` objects, ``event_geolocation``, and the
document's provenance: ``story_id``, ``headline``, ``pub_date``, ``publisher``, ``url`` and
``text_info`` (the sentence's offsets in the document's cleaned text). communique adds
``cameo``, ``goldstein``, ``quad_code``, ``confidence`` and ``happening_id``. The JSON Schema is
``communique/interop/plover.schema.json``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from importlib import resources
from typing import IO, Any

from communique.interop import codes
from communique.interop.codes import ActorInfo
from communique.serve.export import export_rows
from communique.store.duckdb_store import DuckDBStore
from communique.store.rows import Row

SCHEMA_FILE = "plover.schema.json"
_DOCS = "SELECT doc_id, title, outlet, url, published, language FROM documents"
# the words naming each actor in each document (the ACTOR objects' raw ``text``)
_WORDS = """SELECT m.doc_id, m."start", m.actor_id,
                   substr(d.text, m."start" + 1, m."end" - m."start") AS words
            FROM mentions m JOIN documents d USING (doc_id)
            ORDER BY m.doc_id, m."start", m.actor_id"""


def plover_schema() -> dict[str, Any]:
    """The JSON Schema of one PLOVER record."""
    text = resources.files("communique.interop").joinpath(SCHEMA_FILE).read_text("utf-8")
    return dict(json.loads(text))


def plover_records(store: DuckDBStore) -> Iterator[dict[str, Any]]:
    """One PLOVER record per stored event, in the events export's order."""
    actors = codes.load_actors(store)
    docs = {r["doc_id"]: r for r in store.query(_DOCS)}
    version = store.scalar("SELECT max(pipeline_version) FROM events")
    words: dict[str, list[tuple[int, str, str]]] = {}
    for w in store.query(_WORDS):
        words.setdefault(w["doc_id"], []).append((w["start"], w["actor_id"], w["words"]))
    for ev in export_rows(store, "events"):
        named = _named(words.get(ev["doc_id"], []), ev["span"])
        yield _record(ev, docs.get(ev["doc_id"], {}), _Ctx(actors, named, str(version or "")))


def _named(words: list[tuple[int, str, str]], span: list[int]) -> dict[str, str]:
    """The first words naming each actor within ``span``."""
    found: dict[str, str] = {}
    for start, actor_id, text in words:
        if span[0] <= start < span[1]:
            found.setdefault(actor_id, text)
    return found


@dataclass(frozen=True)
class _Ctx:
    actors: Mapping[str, ActorInfo]
    named: Mapping[str, str]
    version: str


def _record(ev: Row, doc: Mapping[str, Any], ctx: _Ctx) -> dict[str, Any]:
    loc, actors, version = ev["location"], ctx.actors, ctx.version
    source, target = codes.expand(ev["source"]), codes.expand(ev["target"])
    return {
        "id": ev["event_id"],
        "date": ev["date"],
        "date_raw": ev["date_text"],
        "event_type": ev["type"],
        "event_mode": [ev["mode"]] if ev["mode"] else [],
        "contexts": list(ev["contexts"]),
        "event_text": ev["sentence"],
        "attributes": {
            "ACTOR": [_actor(ctx, i, ev["date"]) for i in source],
            "RECIP": [_actor(ctx, i, ev["date"]) for i in target],
            "LOC": [{"text": loc["name"]}] if loc and loc.get("name") else [],
        },
        "event_geolocation": _geolocation(loc, actors),
        "quad_code": codes.quad_class(ev["cameo"], ev["type"]),
        "cameo": ev["cameo"],
        "goldstein": ev["goldstein"],
        "confidence": ev["confidence"],
        "happening_id": ev["happening_id"],
        "story_id": ev["doc_id"],
        "headline": doc.get("title"),
        "pub_date": doc.get("published"),
        "publisher": doc.get("outlet"),
        "url": doc.get("url"),
        "language": doc.get("language"),
        "text_info": {"start": ev["span"][0], "end": ev["span"][1]},
        "version": f"communique-{version}" if version else "communique",
    }


def _actor(ctx: _Ctx, actor_id: str, date: str | None) -> dict[str, Any]:
    actors = ctx.actors
    info = codes.actor_info(actors, actor_id)
    coded = codes.cameo_actor(info, date)
    country = coded.country or coded.group
    return {
        "text": ctx.named.get(actor_id, info.name),
        "wiki": info.name,
        "actor_id": actor_id,
        "kind": info.kind or None,
        "country": country or None,
        "country_name": codes.actor_info(actors, f"c:{country}").name if coded.country else None,
        "code_1": coded.sectors[0] if coded.sectors else "",
        "code_2": coded.sectors[1] if len(coded.sectors) > 1 else "",
        "office": coded.office or None,
        "cameo_code": coded.code or None,
    }


def _geolocation(loc: Mapping[str, Any] | None,
                 actors: Mapping[str, ActorInfo]) -> dict[str, Any]:  # fmt: skip
    if not loc or not loc.get("name"):
        return {"reason": "no place named for the event", "geo": None}
    iso3 = loc.get("country")
    country = codes.actor_info(actors, f"c:{iso3}").name if iso3 else None
    geo = {"search_placename": loc["name"], "resolved_placename": loc["name"],
           "country_code3": iso3, "country_name": country}  # fmt: skip
    return {"reason": "the place the event was read at", "geo": geo}


def write_plover(store: DuckDBStore, out: IO[str]) -> int:
    """Write the PLOVER records as JSON Lines; returns the count."""
    n = 0
    for rec in plover_records(store):
        out.write(json.dumps(rec, ensure_ascii=False, sort_keys=False) + "\n")
        n += 1
    return n
