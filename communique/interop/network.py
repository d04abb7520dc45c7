"""The actor network: who took part in the same happenings as whom.

A node per actor (every stored actor, and any actor an event names that the actors table
lacks; a group is its members). An undirected edge joins two actors taking part in the same
happening (a merged timeline entry, so that one meeting reported by five outlets counts once;
an event in no entry is a happening of its own); its ``weight`` is the number of such
happenings, ``first`` and ``last`` the earliest and latest of their dates (ISO 8601 at the
precision known), ``spells`` the periods those dates denote, and ``types`` the PLOVER types of
their events.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Mapping
from dataclasses import dataclass

from communique.interop import codes
from communique.store.duckdb_store import DuckDBStore
from communique.store.rows import loads

_EVENTS = """
WITH te AS (
    SELECT entry_id, date AS entry_date,
           unnest(json_extract_string(event_ids, '$[*]')) AS event_id FROM timeline),
h AS (SELECT event_id, min(entry_id) AS happening_id, arg_min(entry_date, entry_id) AS h_date
      FROM te GROUP BY event_id)
SELECT e.event_id, e.type, e.date, e.source, e.target, e.participants, h.happening_id, h.h_date
FROM events e LEFT JOIN h USING (event_id)
ORDER BY e.event_id
"""


@dataclass(frozen=True)
class Node:
    id: str
    label: str
    kind: str
    country: str
    happenings: int


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    weight: int
    first: str | None
    last: str | None
    spells: tuple[tuple[str, str], ...]
    types: tuple[str, ...]


@dataclass(frozen=True)
class Network:
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]


@dataclass
class _Happening:
    date: str | None
    actors: set[str]
    types: set[str]


def actor_network(store: DuckDBStore) -> Network:
    """The network of the stored happenings, nodes and edges sorted by id."""
    happenings = _happenings(store)
    actors = codes.load_actors(store)
    ids = set(actors) | {a for h in happenings.values() for a in h.actors}
    counts = {i: sum(i in h.actors for h in happenings.values()) for i in ids}
    nodes = tuple(_node(actors, i, counts[i]) for i in sorted(ids))
    pairs: dict[tuple[str, str], list[_Happening]] = {}
    for h in happenings.values():
        for a, b in itertools.combinations(sorted(h.actors), 2):
            pairs.setdefault((a, b), []).append(h)
    return Network(nodes, tuple(_edge(a, b, hs) for (a, b), hs in sorted(pairs.items())))


def _happenings(store: DuckDBStore) -> dict[str, _Happening]:
    out: dict[str, _Happening] = {}
    for r in store.query(_EVENTS):
        key = r["happening_id"] or r["event_id"]
        h = out.setdefault(key, _Happening(r["h_date"] or r["date"], set(), set()))
        ids = [*loads(r["participants"], []), *loads(r["source"], []), *loads(r["target"], [])]
        h.actors.update(codes.expand(ids))
        if r["type"]:
            h.types.add(r["type"])
    return out


def _node(actors: Mapping[str, codes.ActorInfo], actor_id: str, n: int) -> Node:
    info = codes.actor_info(actors, actor_id)
    return Node(actor_id, info.name, info.kind, info.country or "", n)


def _edge(a: str, b: str, hs: list[_Happening]) -> Edge:
    dates = sorted({h.date for h in hs if h.date})
    spells = tuple(sorted({p for d in dates if (p := period(d)) is not None}))
    types = tuple(sorted({t for h in hs for t in h.types}))
    first, last = (dates[0], dates[-1]) if dates else (None, None)
    return Edge(a, b, len(hs), first, last, spells, types)


def period(date: str) -> tuple[str, str] | None:
    """The days an ISO date at any precision covers: "2017" is 2017-01-01 to 2017-12-31."""
    parts = codes.date_parts(date)
    if parts is None:
        return None
    y, m, d = parts
    if len(date) >= 10:
        return date[:10], date[:10]
    if len(date) >= 7:
        nxt = dt.date(y + (m == 12), m % 12 + 1, 1)
        return f"{y:04d}-{m:02d}-01", (nxt - dt.timedelta(days=1)).isoformat()
    return f"{y:04d}-01-01", f"{y:04d}-12-31"
