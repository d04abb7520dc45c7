"""Scale out the per-document pipeline on Apache Spark.

The driver lists the input files, Spark runs :func:`communique.api.process` on each partition
(the very function the laptop build uses), and the analysed documents stream back to the
driver, which writes them through the store's one write path and refreshes the corpus-level
facts. PySpark is optional: ``pip install 'communique[spark]'`` (Java 17 must be present).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path

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
) -> BuildReport:
    """Like :func:`communique.api.build`, with the analysis spread over a Spark cluster."""
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        raise OptionalDependencyMissing(
            "Spark support needs PySpark: pip install 'communique[spark]' (and Java 17)"
        ) from None
    config = config or Config()
    files = list_inputs(inputs)
    spark = SparkSession.builder.master(master).appName("communique").getOrCreate()
    try:
        with DuckDBStore(db) as store:
            prov = Provenance(PIPELINE_VERSION, config.hash(), "spark")
            known = store.known_documents()
            rdd = spark.sparkContext.parallelize(files, partitions or max(1, len(files) // 50))
            outcomes: Iterable[Outcome] = rdd.mapPartitions(
                _partition_runner(config, known, prov)
            ).toLocalIterator()
            report = _collect(outcomes, store, prov, config)
            report = replace(report, refreshed=refresh_if_pending(store, prov, config))
    finally:
        spark.stop()
    return report


def _collect(
    outcomes: Iterable[Outcome], store: DuckDBStore, prov: Provenance, config: Config
) -> BuildReport:
    batch = BatchWriter(store, prov, config.batch_size)
    stats = consume(outcomes, batch)
    batch.flush()
    return BuildReport(prov.run_id, stats.read, batch.written, stats.skipped, tuple(stats.failures))
