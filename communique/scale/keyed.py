"""Figure contradictions on Spark, by claim key: the local function run per key group.

:func:`communique.fuse.conflicts.figure_contradictions` groups the actual figures of the
documents that are no copies by their claim key (measure, unit, period, as-of day, the two
countries the article is about; :func:`communique.fuse.conflicts._key`, computed from the one
document alone) and reports a group whose values disagree. A group needs nothing but its own
figures, so the corpus splits exactly by that key. First each document gives its distinct
claim keys, ``(key, doc_id)`` pairs, and only the keys at least two documents share are kept
(a claim nobody else makes contradicts nothing: most keys end here). Then each document is
sent, once per kept key, to that key's group, with only the layers a claim reads (the
document row, its mentions, its figures); there it keeps only that key's figures, and the
local function runs over the group's documents in doc_id order (the refresh's order). A key
yields at most one contradiction, and the local function emits them in key order, which the
joined key (:data:`SEP`, the lowest character) keeps when sorted as text.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from communique.fuse.conflicts import _key, figure_contradictions
from communique.model import Document
from communique.scale.executor import documents
from communique.scale.tables import CLAIMS, CONTRADICTIONS, payload_rows

SEP = "\x00"  # joins a key's parts: sorting the joined text sorts the tuples
CONTRADICTIONS_DDL = "key string, row string"
CLAIM_TABLES = ("documents", "mentions", "figures")  # the layers a claim reads


def claim_key(doc: Document, figure: Any) -> str | None:
    """The figure's claim key as one sortable text (None: the figure is no claim)."""
    key = _key(doc, figure)
    return None if key is None else SEP.join(key)


def claims(rows: Iterable[Any]) -> Iterator[tuple[str, str]]:
    """``_docs`` rows to ``(claim key, doc_id)``, once per distinct key of a document."""
    for row in rows:
        doc = next(documents([row]))
        keys = {k for f in doc.figures if (k := claim_key(doc, f)) is not None}
        for key in sorted(keys):
            yield key, doc.doc_id


def member(row: Any) -> tuple[str, tuple[str, str]]:
    """A ``(key, doc_id, payload)`` row to ``(key, (doc_id, payload))``, the payload holding
    only what a claim reads (the document row, mentions, figures)."""
    rows = payload_rows(row.payload)
    slim = {t: rows.get(t, []) for t in CLAIM_TABLES}
    return row.key, (row.doc_id, json.dumps(slim, ensure_ascii=False, sort_keys=True))


@dataclass(frozen=True)
class Contradictions:
    """One claim key's group, ``(key, [(doc_id, payload)])``, to ``(key, JSON row)`` for the
    contradiction :func:`figure_contradictions` finds in it (none when the claims agree)."""

    def __call__(self, group: tuple[str, Iterable[tuple[str, str]]]) -> Iterator[tuple[str, str]]:
        from communique.fuse.apply import _entry_row

        key, members = group
        ordered = sorted(members)
        if len({doc_id for doc_id, _ in ordered}) < 2:
            return
        docs = [_only(d, key) for d in documents({"payload": p} for _, p in ordered)]
        for found in figure_contradictions(docs):
            yield key, json.dumps(_entry_row(found), ensure_ascii=False, sort_keys=True)


def _only(doc: Document, key: str) -> Document:
    """``doc`` holding only its figures of claim key ``key``."""
    figures = tuple(f for f in doc.figures if claim_key(doc, f) == key)
    return dataclasses.replace(doc, figures=figures)


def contradictions(spark: Any, docs: Any, dups: Any, out: str, changed: Any = None) -> Any:
    """``(key, row)`` for every figure contradiction among ``docs`` that are not in ``dups``.
    Each document's claim keys are kept in ``out``'s ``_claims``; with ``changed``
    (``doc_id`` rows: the documents an append changed) only the keys those documents make,
    before or after, are compared again, and every other key keeps its rows."""
    from pyspark.sql import functions as F

    originals = docs.select("doc_id", "payload").join(dups, "doc_id", "left_anti")
    have = changed is not None and Path(out, CLAIMS).exists()
    redo = originals.join(changed, "doc_id") if have else originals
    pairs = redo.rdd.mapPartitions(claims).toDF("key string, doc_id string").localCheckpoint()
    touched = None
    if have:
        old = spark.read.parquet(f"{out}/{CLAIMS}").localCheckpoint()
        touched = old.join(changed, "doc_id").select("key").union(pairs.select("key")).distinct()
        pairs = old.join(changed, "doc_id", "left_anti").unionByName(pairs).localCheckpoint()
    pairs.write.mode("overwrite").parquet(f"{out}/{CLAIMS}")
    scope = pairs if touched is None else pairs.join(touched, "key")
    shared = scope.groupBy("key").agg(F.countDistinct("doc_id").alias("n")).filter("n > 1")
    members = scope.join(shared.select("key"), "key").join(originals, "doc_id")
    found = members.rdd.map(member).groupByKey().flatMap(Contradictions())
    found = spark.createDataFrame(found, CONTRADICTIONS_DDL)
    if touched is None:
        return found
    before = spark.read.parquet(f"{out}/{CONTRADICTIONS}").localCheckpoint()
    return before.join(touched, "key", "left_anti").unionByName(found)
