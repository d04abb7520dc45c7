"""Corpus-level work on the executors, with the local fuser's own functions.

Near-duplicates decompose exactly by the local fuser's blocking: :func:`near_duplicates
<communique.fuse.neardup.near_duplicates>` compares a document only with the LSH candidates
it shares a band with, so running it on each connected component of the band-sharing graph
(documents in the corpus order) gives the global answer; a document sharing no band with
any other is no copy and needs no pass at all. Bands are computed per document, in parallel.

The refresh (actors, happenings and timeline, cross-dating, pledge outcomes) runs as keyed
steps (:mod:`communique.scale.refresh`); :func:`refresh_rows` is what those steps compute,
in one process: the local refresh's functions over every document, the reference the tests
and ``bench/bench_scale.py refresh`` hold them to. Figure contradictions run by claim key
(:mod:`communique.scale.keyed`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from communique.fuse.model import Fusion
from communique.fuse.neardup import NUM_PERM, _minhash, near_duplicates, shingles
from communique.model import Document
from communique.scale.executor import documents
from communique.store.rows import Row


def order_key(doc: Document) -> str:
    """The local fuser's order for near-duplicates: publication date (none last), doc_id."""
    return f"{doc.meta.published or '9999'}\x00{doc.doc_id}"


@dataclass(frozen=True)
class Bands:
    """``_docs`` rows to ``(band key, doc_id)`` pairs: the LSH buckets the local
    near-duplicate pass would put each document in (same MinHash, same bands)."""

    threshold: float

    def __call__(self, rows: Iterable[Any]) -> Iterator[tuple[str, str]]:
        from datasketch import MinHashLSH

        lsh = MinHashLSH(threshold=min(self.threshold, 0.3), num_perm=NUM_PERM)
        for doc in documents(rows):
            sh = shingles(doc.text)
            if not sh:
                continue
            values = _minhash(sh).hashvalues
            for band, (lo, hi) in enumerate(lsh.hashranges):
                yield f"{band}:{values[lo:hi].tobytes().hex()}", doc.doc_id


@dataclass(frozen=True)
class Families:
    """One component of candidates, ``(order key, doc_id, text)`` triples, to the
    ``(doc_id, duplicate_of)`` pairs the local pass finds among them."""

    threshold: float

    def __call__(self, members: Iterable[tuple[str, str, str]]) -> Iterator[tuple[str, str]]:
        items = [(doc_id, text) for _, doc_id, text in sorted(members)]
        yield from sorted(near_duplicates(items, self.threshold).items())


def refresh_rows(docs: list[Document], dups: dict[str, str]) -> dict[str, list[Any]]:
    """What :func:`communique.fuse.apply.compute_refresh` computes but the figure
    contradictions, the near-duplicate map given (computed by blocks beforehand), with the
    same functions."""
    from communique.fuse import apply

    kb = apply._load_kb()
    actors = apply._actors(docs, kb)
    result = fusion(docs, dups, apply._name_lookup(actors, kb))
    updates: list[Any] = [(d.doc_id, {"duplicate_of": dups.get(d.doc_id)}) for d in docs]
    updates += [apply._dating_update(d) for d in result.dating]
    timeline: list[Row] = [apply._entry_row(e) for e in result.timeline]
    return {
        "actors": actors,
        "timeline": timeline,
        "documents": [list(u) for u in updates],
        "pledges": [[p.pledge_id, p.status, _dumps(p.evidence)] for p in result.pledges],
    }


def fusion(docs: list[Document], dups: dict[str, str], names: Callable[[str], str]) -> Fusion:
    """:func:`communique.fuse.fuse` less its figure contradictions (run by claim key,
    :mod:`communique.scale.keyed`)."""
    from communique.fuse import fuse

    return fuse(docs, names, dups, contradictions=False)


def _dumps(value: Any) -> str:
    from communique.store.rows import dumps

    return dumps(value)
