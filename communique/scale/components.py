"""Connected components on Spark, and near-duplicates by them.

:func:`components` labels each node of an undirected graph with the smallest node of its
component, round after round until no label changes. A round: each node takes the smallest
label among its own and its neighbours' (spread); all nodes that had one label take the
smallest label any of them took (hook: a whole tree of nodes moves at once, as in
Shiloach-Vishkin); then each node takes its label's label (pointer jumping). Spreading alone
needs as many rounds as the graph's diameter (a leader's meetings day after day through a
year form a chain of hundreds); with the jump alone a chain whose node ids are in order
settles in about log2(n) rounds, but one with ids in no order (report ids of arbitrary
doc_ids) took hundreds in a simulation. With the hook as well, chains of 30,000 settled in
11 to 15 rounds whatever the order of their ids, random trees of 30,000 in 7, and 200 random
graphs gave the same components as union-find. Whatever the rounds, the result is exact: a
label is always a node of the node's component no larger than the node, and the rounds stop
only when every edge joins equal labels, which makes each label the component's smallest
node.

Near-duplicates: documents sharing a band bucket are candidates of each other; each
component of the candidate graph, two or more documents, is handed whole, in the corpus
order, to the local near-duplicate function (:class:`communique.scale.corpus.Families`). The
happenings and visits of the refresh use the same components
(:mod:`communique.scale.refresh`). Only counts return to the driver.
"""

from __future__ import annotations

from typing import Any

from communique.errors import PipelineError
from communique.scale.corpus import Bands, Families, order_key
from communique.scale.executor import documents

MAX_ROUNDS = 100  # the rounds grow with log(n): 11-15 for a chain of 30,000


def document_bands(docs: Any, threshold: float) -> Any:
    """``(band, doc_id)``: the LSH buckets of each of ``docs`` (``_docs`` rows)."""
    rows = docs.select("payload").rdd.mapPartitions(Bands(threshold))
    return rows.toDF("band string, doc_id string")


def near_duplicate_map(spark: Any, docs: Any, pairs: Any, threshold: float,
                       fresh: Any = None, before: Any = None) -> Any:  # fmt: skip
    """A DataFrame of ``(doc_id, duplicate_of)`` for every near-duplicate in ``docs``, whose
    bands are ``pairs``. With ``fresh`` (``doc_id`` rows: the documents just added) and
    ``before`` (the map before they were), only the components holding a fresh document are
    compared again; every other component is one the earlier build had, whole (a component
    a fresh document does not reach gained no member), and keeps its rows of ``before``."""
    from pyspark.sql import functions as F

    buckets = pairs.groupBy("band").agg(F.min("doc_id").alias("head"), F.count("*").alias("n"))
    star = pairs.join(buckets.filter("n > 1"), "band").select("head", "doc_id").distinct()
    edges = star.select(F.col("head").alias("a"), F.col("doc_id").alias("b")).unionByName(
        star.select(F.col("doc_id").alias("a"), F.col("head").alias("b"))
    ).filter("a != b").distinct()  # fmt: skip
    if edges.rdd.isEmpty():  # no two documents share a bucket: no copies
        return spark.createDataFrame([], "doc_id string, duplicate_of string")
    labels = components(edges).withColumnRenamed("node", "doc_id")
    kept = None
    if fresh is not None and before is not None:
        touched = labels.join(fresh.select("doc_id"), "doc_id").select("label").distinct()
        kept = before.join(labels, "doc_id").join(touched, "label", "left_anti")
        kept = kept.select("doc_id", "duplicate_of")
        labels = labels.join(touched, "label")
    members = docs.select("doc_id", "payload").join(labels, "doc_id")
    triples = members.rdd.map(lambda r: (r.label, _member(r)))
    found = triples.groupByKey().flatMapValues(Families(threshold)).values()
    found = spark.createDataFrame(found, "doc_id string, duplicate_of string")
    return found if kept is None else found.unionByName(kept)


def _member(row: Any) -> tuple[str, str, str]:
    doc = next(documents([row]))
    return order_key(doc), doc.doc_id, doc.text


def star_edges(pairs: Any) -> Any:
    """``(key, node, own)`` rows to the undirected edges ``(a, b)`` that join all nodes of
    each key holding an own node and another node (a star on the key's smallest node)."""
    from pyspark.sql import functions as F

    keys = pairs.groupBy("key").agg(
        F.min("node").alias("head"),
        F.countDistinct("node").alias("n"),
        F.max(F.col("own").cast("int")).alias("owned"),
    )
    star = pairs.join(keys.filter("n > 1 AND owned = 1"), "key")
    return undirected(star.select(F.col("head").alias("a"), F.col("node").alias("b")))


def undirected(edges: Any) -> Any:
    """``(a, b)`` edges in both directions, once each, without loops."""
    back = edges.select(edges.b.alias("a"), edges.a.alias("b"))
    return edges.unionByName(back).filter("a != b").distinct()


def components(edges: Any, max_rounds: int = MAX_ROUNDS) -> Any:
    """``(node, label)``: the smallest node of each node's component, for the nodes of
    ``edges`` (undirected: each edge in both directions)."""
    edges = edges.localCheckpoint()  # computed once, not once a round
    labels = edges.selectExpr("a AS node", "a AS label").distinct()
    for _ in range(max_rounds):
        new = _round(edges, labels).localCheckpoint()
        labels = new.select("node", "label")
        if not new.filter("label != old").count():
            return labels
    raise PipelineError(f"connected components did not settle in {max_rounds} rounds")


def _round(edges: Any, labels: Any) -> Any:
    """One round: ``(node, old, label)``. Each node takes the smallest label around it
    (spread); every node of a label takes the smallest that any node of that label took
    (hook: the label's whole tree moves at once); then its label's label (jump)."""
    from pyspark.sql import functions as F

    near = edges.join(labels.withColumnRenamed("node", "a"), "a").groupBy(
        F.col("b").alias("node")
    ).agg(F.min("label").alias("near"))  # fmt: skip
    spread = labels.join(near, "node").select(
        "node", F.col("label").alias("old"), F.least("label", "near").alias("seen")
    )  # fmt: skip
    hook = spread.groupBy("old").agg(F.min("seen").alias("hook"))
    hooked = spread.join(hook, "old").select("node", "old", F.least("seen", "hook").alias("label"))
    up = hooked.select(F.col("node").alias("label"), F.col("label").alias("up"))
    return hooked.join(up, "label").select("node", "old", F.least("label", "up").alias("label"))
