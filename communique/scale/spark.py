"""Scale out the per-document pipeline on Apache Spark, writing into one DuckDB file.

The driver lists the input files, Spark runs :func:`communique.api.process` on each partition
(the very function the laptop build uses), and the analysed documents stream back to the
driver, which writes them through the store's one write path and refreshes the corpus-level
facts. The driver and its one file are the ceiling of this path: for corpora larger than a
machine, :mod:`communique.scale.engine` writes Parquet on the executors instead and nothing
comes back to the driver (``communique build --engine spark``, docs/scale.md). PySpark is
optional: ``pip install 'communique[spark]'`` (Java 17 must be present).
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from communique import PIPELINE_VERSION
from communique.api import (
    BatchWriter,
    BuildReport,
    Outcome,
    consume,
    process,
    refresh_if_pending,
)
from communique.config import Config
from communique.errors import OptionalDependencyMissing
from communique.store.duckdb_store import DuckDBStore
from communique.store.rows import Provenance

# read by PySpark when its context starts: the interpreter for workers and for the driver
PYTHON_VARS = ("PYSPARK_PYTHON", "PYSPARK_DRIVER_PYTHON")
SUFFIXES = (".txt", ".html", ".htm", ".jsonl", ".jsonl.gz", ".warc", ".warc.gz")


def list_inputs(inputs: Sequence[str | Path]) -> list[str]:
    """Expand folders to the files the ingest layer reads (sorted, deterministic)."""
    files: list[str] = []
    for item in inputs:
        path = Path(item)
        if path.is_dir():
            files.extend(str(p) for p in sorted(path.rglob("*")) if p.is_file() and _readable(p))
        else:
            files.append(str(path))
    return files


def _readable(path: Path) -> bool:
    return any(path.name.endswith(s) for s in SUFFIXES)


def _partition_runner(
    config: Config, known: dict[str, tuple[str, str, str]], prov: Provenance
) -> Callable[[Iterable[str]], Iterator[Outcome]]:
    def run(paths: Iterable[str]) -> Iterator[Outcome]:
        yield from process(list(paths), config, known, prov)

    return run


def build_on_spark(
    inputs: Sequence[str | Path],
    db: str | Path,
    config: Config | None = None,
    master: str = "local[2]",
    partitions: int | None = None,
    python: str | None = None,
) -> BuildReport:
    """Like :func:`communique.api.build`, with the analysis spread over a Spark cluster.

    Spark's Python workers run ``python``: by default this interpreter, which has the
    project's dependencies (left to itself PySpark starts whatever ``python3`` comes first on
    the PATH). On a cluster whose nodes keep the interpreter elsewhere, pass its path there.
    """
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        raise OptionalDependencyMissing(
            "Spark support needs PySpark: pip install 'communique[spark]' (and Java 17)"
        ) from None
    config = config or Config()
    files = list_inputs(inputs)
    python = python or sys.executable
    with _worker_python(python):
        builder = SparkSession.builder.master(master).appName("communique")
        for key in ("spark.pyspark.python", "spark.pyspark.driver.python"):
            builder = builder.config(key, python)
        spark = builder.getOrCreate()
        try:
            return _build(spark, files, db, config, partitions)
        finally:
            spark.stop()


@contextlib.contextmanager
def _worker_python(python: str) -> Iterator[None]:
    """Set the interpreter PySpark gives its workers (read when the context starts), and put
    the environment back afterwards."""
    saved = {name: os.environ.get(name) for name in PYTHON_VARS}
    os.environ.update(dict.fromkeys(PYTHON_VARS, python))
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def _build(
    spark: Any, files: list[str], db: str | Path, config: Config, partitions: int | None
) -> BuildReport:
    with DuckDBStore(db) as store:
        prov = Provenance(PIPELINE_VERSION, config.hash(), "spark")
        known = store.known_documents()
        rdd = spark.sparkContext.parallelize(files, partitions or max(1, len(files) // 50))
        outcomes: Iterable[Outcome] = rdd.mapPartitions(
            _partition_runner(config, known, prov)
        ).toLocalIterator()
        report = _collect(outcomes, store, prov, config)
        return replace(report, refreshed=refresh_if_pending(store, prov, config))


def _collect(
    outcomes: Iterable[Outcome], store: DuckDBStore, prov: Provenance, config: Config
) -> BuildReport:
    batch = BatchWriter(store, prov, config.batch_size)
    stats = consume(outcomes, batch)
    batch.flush()
    return BuildReport(prov.run_id, stats.read, batch.written, stats.skipped, tuple(stats.failures))
