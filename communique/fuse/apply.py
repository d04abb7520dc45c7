"""Corpus-level refresh after documents were added: near-duplicates, actors, fusion.

Reads every stored document back and computes every corpus-level fact with no write at all
(:func:`compute_refresh`): the near-duplicate map, the actors, and the fusion result, whose
actor names come from the computed actors and the knowledge base, never from the store. Only
then is the whole :class:`~communique.store.duckdb_store.Refresh` handed to
:meth:`~communique.store.duckdb_store.DuckDBStore.apply_refresh`, which writes it and clears
the pending mark in one transaction: a refresh killed at any point leaves the previous
consistent corpus. Pure computations live in their own modules; this one only wires them.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from typing import Any

from communique.config import Config
from communique.fuse.model import DocDating, Fusion
from communique.model import Document
from communique.store.duckdb_store import DocumentUpdate, DuckDBStore, Refresh
from communique.store.rows import Provenance, Row, dumps


def refresh_corpus(store: DuckDBStore, prov: Provenance, config: Config) -> None:
    """Rebuild every corpus-level fact and clear the pending mark, atomically."""
    docs = list(store.iter_documents())
    store.apply_refresh(compute_refresh(docs, config), prov)


def compute_refresh(docs: Sequence[Document], config: Config) -> Refresh:
    """Everything a refresh of ``docs`` writes; reads nothing from the store."""
    dups = _near_duplicates(docs, config)
    kb = _load_kb()
    actors = _actors(docs, kb)
    result = _fusion(docs, dups, _name_lookup(actors, kb))
    documents: list[DocumentUpdate] = [
        (d.doc_id, {"duplicate_of": dups.get(d.doc_id)}) for d in docs
    ]
    documents += [_dating_update(d) for d in result.dating]
    return Refresh(
        derived={
            "actors": actors,
            "timeline": [_entry_row(e) for e in result.timeline],
            "contradictions": [_entry_row(c) for c in result.contradictions],
        },
        documents=documents,
        pledges=[(p.pledge_id, p.status, dumps(p.evidence)) for p in result.pledges],
    )


def _near_duplicates(docs: Sequence[Document], config: Config) -> dict[str, str]:
    from communique.fuse.neardup import near_duplicates

    order = sorted(docs, key=lambda d: (d.meta.published or "9999", d.doc_id))
    return near_duplicates([(d.doc_id, d.text) for d in order], config.near_duplicate_threshold)


def _load_kb() -> Any:
    from communique.kb import KnowledgeBase

    return KnowledgeBase.load()


def _actors(docs: Sequence[Document], kb: Any) -> list[Row]:
    from communique.kb.actors import collect_actors

    return [
        {
            "actor_id": a.actor_id,
            "name": a.name,
            "kind": a.kind,
            "country": a.country,
            "aliases": dumps(list(a.aliases)),
            "offices": dumps(a.offices),
        }
        for a in collect_actors(kb, docs)
    ]


def _fusion(docs: Sequence[Document], dups: dict[str, str], names: Callable[[str], str]) -> Fusion:
    from communique.fuse import fuse

    return fuse(docs, names=names, duplicates=dups)


def _name_lookup(actors: Sequence[Row], kb: Any) -> Callable[[str], str]:
    """Actor names: the refreshed actors, else the knowledge base (a country only a location or
    a demonym named), else the id."""
    names = {r["actor_id"]: r["name"] for r in actors}

    def name(actor_id: str) -> str:
        if actor_id in names:
            return str(names[actor_id])
        actor = kb.actor(actor_id)
        return actor.name if actor is not None else actor_id

    return name


def _dating_update(dating: DocDating) -> DocumentUpdate:
    fields: Row = {
        "published": dating.published,
        "published_source": "inferred",
        "published_evidence": dating.evidence,
    }
    return dating.doc_id, fields


def _entry_row(entry: Any) -> Row:
    row = dataclasses.asdict(entry)
    out: Row = {}
    for key, value in row.items():
        out[key] = dumps(value) if isinstance(value, (list, tuple, dict)) else value
    return out
