"""Near-duplicates on Spark: LSH bands, connected components, the local pass per component.

Documents sharing a band bucket are candidates of each other; the candidate graph's
connected components are found by label propagation (each document takes the smallest
label among its neighbours until none changes; the number of rounds is the graph's
diameter, a handful for copies of one story). Each component of two or more documents is
then handed whole, in the corpus order, to the local near-duplicate function
(:class:`communique.scale.corpus.Families`). Only counts return to the driver.
"""

from __future__ import annotations

from typing import Any

from communique.errors import PipelineError
from communique.scale.corpus import Bands, Families, order_key
from communique.scale.executor import documents

MAX_ROUNDS = 100  # label propagation stops well before on news (copies form small stars)


def near_duplicate_map(spark: Any, docs: Any, threshold: float) -> Any:
    """A DataFrame of ``(doc_id, duplicate_of)`` for every near-duplicate in ``docs``."""
    from pyspark.sql import functions as F

    pairs = (
        docs.select("payload")
        .rdd.mapPartitions(Bands(threshold))
        .toDF("band string, doc_id string")
    )
    buckets = pairs.groupBy("band").agg(F.min("doc_id").alias("head"), F.count("*").alias("n"))
    star = pairs.join(buckets.filter("n > 1"), "band").select("head", "doc_id").distinct()
    edges = star.select(F.col("head").alias("a"), F.col("doc_id").alias("b")).unionByName(
        star.select(F.col("doc_id").alias("a"), F.col("head").alias("b"))
    ).filter("a != b").distinct()  # fmt: skip
    if edges.rdd.isEmpty():  # no two documents share a bucket: no copies
        return spark.createDataFrame([], "doc_id string, duplicate_of string")
    labels = _components(edges)
    members = docs.select("doc_id", "payload").join(labels, "doc_id")
    triples = members.rdd.map(lambda r: (r.label, _member(r)))
    found = triples.groupByKey().flatMapValues(Families(threshold)).values()
    return spark.createDataFrame(found, "doc_id string, duplicate_of string")


def _member(row: Any) -> tuple[str, str, str]:
    doc = next(documents([row]))
    return order_key(doc), doc.doc_id, doc.text


def _components(edges: Any) -> Any:
    """``(doc_id, label)``: the smallest doc_id of each document's component."""
    from pyspark.sql import functions as F

    labels = (
        edges.select(F.col("a").alias("doc_id")).distinct().withColumn("label", F.col("doc_id"))
    )
    for _ in range(MAX_ROUNDS):
        spread = edges.join(labels.withColumnRenamed("doc_id", "a"), "a").select(
            F.col("b").alias("doc_id"), "label"
        )  # fmt: skip
        new = labels.unionByName(spread).groupBy("doc_id").agg(F.min("label").alias("label"))
        new = new.localCheckpoint()
        changed = new.join(labels.withColumnRenamed("label", "old"), "doc_id").filter(
            "label != old"
        ).count()  # fmt: skip
        labels = new
        if not changed:
            return labels
    raise PipelineError(f"near-duplicate components did not settle in {MAX_ROUNDS} rounds")
