"""Corpus-level refresh after documents were added: near-duplicates, actors, fusion.

Reads every stored document back, computes the corpus-level facts and writes them through the
store's write path. Pure computations live in their own modules; this one only wires them.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any

from communique.config import Config
from communique.model import Document
from communique.store.duckdb_store import DuckDBStore
from communique.store.rows import Provenance, Row, dumps


def refresh_corpus(store: DuckDBStore, prov: Provenance, config: Config) -> None:
    docs = list(store.iter_documents())
    dups = _near_duplicates(store, docs, config)
    kb = _load_kb()
    _actors(store, docs, prov, kb)
    _fusion(store, docs, prov, dups, kb)


def _near_duplicates(
    store: DuckDBStore, docs: Sequence[Document], config: Config
) -> dict[str, str]:
    from communique.fuse.neardup import near_duplicates

    order = sorted(docs, key=lambda d: (d.meta.published or "9999", d.doc_id))
    dups = near_duplicates([(d.doc_id, d.text) for d in order], config.near_duplicate_threshold)
    store.update_documents((d.doc_id, {"duplicate_of": dups.get(d.doc_id)}) for d in docs)
    return dups


def _load_kb() -> Any:
    from communique.kb import KnowledgeBase

    return KnowledgeBase.load()


def _actors(store: DuckDBStore, docs: Sequence[Document], prov: Provenance, kb: Any) -> None:
    from communique.kb.actors import collect_actors

    rows: list[Row] = []
    for a in collect_actors(kb, docs):
        rows.append(
            {
                "actor_id": a.actor_id,
                "name": a.name,
                "kind": a.kind,
                "country": a.country,
                "aliases": dumps(list(a.aliases)),
                "offices": dumps(a.offices),
            }
        )
    store.replace_derived("actors", rows, prov)


def _fusion(
    store: DuckDBStore, docs: Sequence[Document], prov: Provenance, dups: dict[str, str], kb: Any
) -> None:
    from communique.fuse import fuse

    names = _name_lookup(store, kb)
    result = fuse(docs, names=names, duplicates=dups)
    store.replace_derived("timeline", [_entry_row(e) for e in result.timeline], prov)
    store.replace_derived("contradictions", [_entry_row(c) for c in result.contradictions], prov)
    store.update_pledges((p.pledge_id, p.status, dumps(p.evidence)) for p in result.pledges)
    store.update_documents(
        (
            d.doc_id,
            {
                "published": d.published,
                "published_source": "inferred",
                "published_evidence": d.evidence,
            },
        )
        for d in result.dating
    )


def _name_lookup(store: DuckDBStore, kb: Any) -> Any:
    """Actor names: the stored actors, else the knowledge base (a country only a location or a
    demonym named), else the id."""
    names = {r["actor_id"]: r["name"] for r in store.query("SELECT actor_id, name FROM actors")}

    def name(actor_id: str) -> str:
        if actor_id in names:
            return str(names[actor_id])
        actor = kb.actor(actor_id)
        return actor.name if actor is not None else actor_id

    return name


def _entry_row(entry: Any) -> Row:
    row = dataclasses.asdict(entry)
    out: Row = {}
    for key, value in row.items():
        out[key] = dumps(value) if isinstance(value, (list, tuple, dict)) else value
    return out
