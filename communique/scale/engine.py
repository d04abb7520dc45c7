"""``communique build --engine spark``: a corpus to a folder of Parquet tables, on Spark.

The driver lists the input files (names only) and orchestrates; executors read the files
with the ingest readers, analyse the documents and write the tables (see
:mod:`communique.scale.tables` for the layout); the corpus-level passes run on executors
over those tables, keyed (:mod:`communique.scale.components`, :mod:`communique.scale.refresh`,
:mod:`communique.scale.keyed`). No document passes through the driver:
what comes back to it is counts. ``communique load DIR --db FILE`` then writes the folder
into a DuckDB store (:mod:`communique.scale.load`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from communique import PIPELINE_VERSION
from communique.config import Config
from communique.errors import PipelineError
from communique.scale import tables
from communique.scale.components import document_bands, near_duplicate_map
from communique.scale.executor import Analyser, Fetched, table_rows
from communique.scale.keyed import contradictions
from communique.scale.refresh import write_refresh
from communique.scale.session import spark_session
from communique.scale.state import State
from communique.store.rows import Provenance

_SPARK_TYPES = {"VARCHAR": "string", "INTEGER": "int", "BIGINT": "bigint",
                "DOUBLE": "double", "BOOLEAN": "boolean"}  # fmt: skip
DOCS_DDL = (
    "doc_id string, day string, file int, record int, source string, content_hash string, "
    "payload string"
)
FAILURES_DDL = "source string, code string, reason string, file int, record int"


@dataclass(frozen=True)
class SparkReport:
    out: str
    documents: int
    failed: int
    duplicates: int
    # units each refresh step recomputed (-1: every one; :func:`write_refresh`)
    refreshed: tuple[tuple[str, int], ...] = ()


def build_parquet(
    inputs: Sequence[str | Path],
    out: str | Path,
    config: Config | None = None,
    master: str = "local[2]",
    partitions: int | None = None,
    python: str | None = None,
    include: Sequence[str] = (),
    exclude: Sequence[str] = (),
    append: bool = False,
) -> SparkReport:
    """Read, analyse and fuse ``inputs`` on Spark into Parquet tables under ``out``
    (replaced whole). ``inputs``: files, folders or globs, chosen as the local build chooses
    them (``include``/``exclude``: :mod:`communique.ingest.select`). With ``append``, the
    documents of ``inputs`` (a new day, say) are added to the build already in ``out``:
    only they are analysed; the corpus-level passes then run over the whole folder."""
    config = config or Config()
    files, problems = _files(inputs, _options(config, include, exclude))
    with spark_session(master, python) as spark:
        return _run(spark, files, problems, str(out), config, partitions, append)


def _options(config: Config, include: Sequence[str] = (), exclude: Sequence[str] = ()) -> Any:
    from communique.ingest.tally import ReadOptions

    return ReadOptions(config.max_document_bytes, tuple(include), tuple(exclude))


def _files(inputs: Sequence[str | Path], options: Any) -> tuple[list[str], list[tuple[Any, ...]]]:
    """The files the local build would read, in its order; the inputs that cannot be."""
    from communique.ingest.select import choose
    from communique.ingest.tally import InputTally

    files = [str(i) for i in inputs if _is_url(str(i))]
    problems: list[tuple[Any, ...]] = []
    local = [i for i in inputs if not _is_url(str(i))]
    for chosen in choose(local, options, InputTally()) if local else ():
        if chosen.problem is not None:
            src = chosen.problem.source or str(chosen.path)
            problems.append((src, chosen.problem.code, chosen.problem.message, -1, 0))
        else:
            files.append(str(chosen.path))
    return files, problems


def _run(spark: Any, files: list[str], problems: list[tuple[Any, ...]], out: str,
         config: Config, partitions: int | None, append: bool = False) -> SparkReport:  # fmt: skip
    from pyspark import StorageLevel

    prov = Provenance(PIPELINE_VERSION, config.hash(), "spark")
    earlier = _earlier(spark, out, prov) if append else None
    files, missing = _reachable(spark, files)
    problems = [*problems, *missing]
    outcomes = _outcomes(spark, files, Analyser(config, prov), partitions)
    outcomes.persist(StorageLevel.MEMORY_AND_DISK)
    try:
        failed = _write_documents(spark, outcomes, problems, out, earlier)
    finally:
        outcomes.unpersist()
    mode = "append" if earlier is not None else "overwrite"
    batch = spark.read.parquet(f"{out}/{_batch_folder(earlier)}")
    if earlier is not None:
        batch.write.mode(mode).partitionBy("day").parquet(f"{out}/{tables.DOCS}")
    for table in tables.DOC_TABLES:
        _write_table(spark, batch, table, out, mode)
    docs = spark.read.parquet(f"{out}/{tables.DOCS}")
    before = _stored(spark, out, tables.DUPLICATES) if earlier is not None else None
    dups = _near_duplicates(spark, docs, batch, out, config, before)
    dups.write.mode("overwrite").parquet(f"{out}/{tables.DUPLICATES}")
    dups = spark.read.parquet(f"{out}/{tables.DUPLICATES}")
    state = State.open(spark, out, earlier is not None)
    refreshed = write_refresh(spark, state, docs, dups, out)
    found = contradictions(spark, docs, dups, out, refreshed.changed)
    found.write.mode("overwrite").parquet(f"{out}/{tables.CONTRADICTIONS}")
    state.commit(refreshed.scalars)
    _write_manifest(out, prov)
    counts = tuple(refreshed.counts.items())
    return SparkReport(out, docs.count(), failed, dups.count(), counts)


def _stored(spark: Any, out: str, table: str) -> Any:
    """A table of an earlier build, read now (it is about to be replaced); None if absent."""
    if not Path(out, table).exists():
        return None
    return spark.read.parquet(f"{out}/{table}").localCheckpoint()


def _outcomes(spark: Any, files: list[str], analyser: Analyser, partitions: int | None) -> Any:
    """The outcomes of reading and analysing ``files`` on the executors: paths the executors
    open where they are (the same path on every node), URLs (``scheme://...``, globs
    allowed) fetched by Spark from any filesystem it reads, numbered after the paths."""
    sc = spark.sparkContext
    urls = [f for f in files if _is_url(f)]
    paths = [f for f in files if not _is_url(f)]
    n = partitions or max(1, min(len(paths), sc.defaultParallelism * 4))
    outcomes = sc.parallelize(list(enumerate(paths)), max(1, n)).mapPartitions(analyser)
    if not urls:
        return outcomes
    fetched = sc.union([sc.binaryFiles(u) for u in urls]).sortByKey()
    fetched = fetched.zipWithIndex().map(lambda kv: (kv[0], kv[1] + len(paths)))
    return outcomes.union(fetched.mapPartitions(Fetched(analyser)))


def _reachable(spark: Any, files: list[str]) -> tuple[list[str], list[tuple[Any, ...]]]:
    """``files`` less the URLs that match no file, and those as failures (E105, as a
    missing path is), asked of the URL's filesystem on the driver (names only)."""
    sc = spark.sparkContext
    kept: list[str] = []
    missing: list[tuple[Any, ...]] = []
    for name in files:
        if _is_url(name):
            path = sc._jvm.org.apache.hadoop.fs.Path(name)
            try:
                found = path.getFileSystem(sc._jsc.hadoopConfiguration()).globStatus(path)
            except Exception as exc:  # py4j: an unknown scheme, a refused connection
                reason = str(exc).strip().splitlines()[0][:200]
                missing.append((name, "E105", f"cannot read: {reason}", -1, 0))
                continue
            if found is None or len(found) == 0:
                missing.append((name, "E105", "no such file or folder", -1, 0))
                continue
        kept.append(name)
    return kept, missing


_URL = re.compile(r"[A-Za-z][A-Za-z0-9+.-]+:/")  # a scheme of two or more letters, then ":/"


def _is_url(name: str) -> bool:
    """A filesystem URL Spark reads (``hdfs://``, ``s3a://``, ``file:/...``), not a path
    (``C:\\...`` and ``notes:v2.txt`` are paths)."""
    return _URL.match(name) is not None


def _near_duplicates(spark: Any, docs: Any, batch: Any, out: str, config: Config,
                     before: Any) -> Any:  # fmt: skip
    """The near-duplicate map of ``docs``. The bands of each document are kept in ``_bands``:
    an append computes only the new documents' bands and compares again only the components
    they reach (:func:`near_duplicate_map`); a build without ``_bands`` computes them all."""
    threshold = config.near_duplicate_threshold
    have = before is not None and Path(out, tables.BANDS).exists()
    bands = document_bands(batch if have else docs, threshold)
    bands.write.mode("append" if have else "overwrite").parquet(f"{out}/{tables.BANDS}")
    pairs = spark.read.parquet(f"{out}/{tables.BANDS}")
    if not have:
        return near_duplicate_map(spark, docs, pairs, threshold).localCheckpoint()
    fresh = batch.select("doc_id")
    return near_duplicate_map(spark, docs, pairs, threshold, fresh, before).localCheckpoint()


def _earlier(spark: Any, out: str, prov: Provenance) -> Any:
    """The documents a build in ``out`` holds (None: there is none), refusing a build made
    by another pipeline version or configuration."""
    manifest = Path(out, tables.MANIFEST)
    if not manifest.exists():
        return None
    found = json.loads(manifest.read_text())
    if (found["pipeline_version"], found["config_hash"]) != (prov.pipeline_version,
                                                              prov.config_hash):  # fmt: skip
        raise PipelineError(f"{out} was built with another version or configuration: rebuild it")
    return spark.read.parquet(f"{out}/{tables.DOCS}").select("doc_id", "content_hash")


def _write_documents(spark: Any, outcomes: Any, problems: list[tuple[Any, ...]],
                     out: str, earlier: Any) -> int:  # fmt: skip
    """Write the documents read now (the first reading of each doc_id, as the local build
    keeps; none already in ``earlier``) to ``_batch`` when appending, else to ``_docs``, and
    ``_failures``; return the number of failures."""
    from pyspark.sql import Window
    from pyspark.sql import functions as F

    docs = spark.createDataFrame(outcomes.filter(lambda o: o[0] == "doc").values(), DOCS_DDL)
    first = Window.partitionBy("doc_id").orderBy("file", "record")
    ranked = docs.withColumn("n", F.row_number().over(first)).withColumn(
        "first_source", F.first("source").over(first)
    )
    batch = ranked.filter("n = 1").drop("n", "first_source")
    if earlier is not None:  # unchanged: skipped (a changed one needs a full build)
        batch = batch.join(earlier.select("doc_id"), "doc_id", "left_anti")
    batch.write.mode("overwrite").partitionBy("day").parquet(f"{out}/{_batch_folder(earlier)}")
    twice = ranked.filter("n > 1").select(
        "source",
        F.lit("E107").alias("code"),
        F.concat(F.lit("doc_id '"), "doc_id", F.lit("' already read from "), "first_source")
        .alias("reason"),
        "file",
        "record",
    )  # fmt: skip
    read = spark.createDataFrame(outcomes.filter(lambda o: o[0] == "fail").values(), FAILURES_DDL)
    named = spark.createDataFrame(problems, FAILURES_DDL)
    failures = named.unionByName(read).unionByName(twice)
    failures.write.mode("overwrite").parquet(f"{out}/{tables.FAILURES}")
    return int(spark.read.parquet(f"{out}/{tables.FAILURES}").count())


def _batch_folder(earlier: Any) -> str:
    """Where the documents read now go: straight to ``_docs`` in a full build."""
    return tables.BATCH if earlier is not None else tables.DOCS


def _write_table(spark: Any, docs: Any, table: str, out: str, mode: str) -> None:
    """One per-document store table, typed, partitioned by the document's day."""
    columns = tables.store_columns()[table]
    ddl = ", ".join(f"`{c}` {_SPARK_TYPES.get(t, 'string')}" for c, t in columns)
    rows = docs.select("payload", "day").rdd.mapPartitions(table_rows(table))
    frame = spark.createDataFrame(rows, f"{ddl}, day string")
    frame.write.mode(mode).partitionBy("day").parquet(f"{out}/{table}")


def _write_manifest(out: str, prov: Provenance) -> None:
    """What the build was (a local folder; on a cluster filesystem, beside the tables)."""
    manifest = {"pipeline_version": prov.pipeline_version, "config_hash": prov.config_hash}
    Path(out, tables.MANIFEST).write_text(json.dumps(manifest, indent=1) + "\n")
