"""Library entry points: :func:`build` a corpus into a store, :func:`sample_corpus`.

The CLI, the web server and the Spark driver are thin shells over these functions.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from communique import PIPELINE_VERSION
from communique.config import Config
from communique.errors import CommuniqueError, PipelineError
from communique.ingest import (
    InputFailure,
    InputSummary,
    InputTally,
    ReadOptions,
    iter_inputs,
    to_document,
)
from communique.model import Document
from communique.pipeline import EXTRACTED_LANGUAGES, Pipeline
from communique.store.duckdb_store import DuckDBStore
from communique.store.rows import Provenance
from communique.store.snapshot import open_writer, publish

Progress = Callable[[int], object]  # e.g. tqdm.update, whose return value is ignored
ByteProgress = Callable[[int, int], object]  # (bytes read so far, bytes of the inputs chosen)
UNKNOWN = "unknown"  # BuildReport.languages' key for documents stored with no language


@dataclass(frozen=True)
class Failure:
    source: str
    code: str
    reason: str

    def __str__(self) -> str:
        return f"{self.source}: {self.reason} [{self.code}]"


@dataclass(frozen=True)
class BuildReport:
    run_id: str
    read: int
    added: int
    skipped: int
    failures: tuple[Failure, ...] = ()
    corpus: dict[str, int] = field(default_factory=dict)  # counts per table after the build
    refreshed: bool = False  # the corpus-level tables were rebuilt
    # stored documents per language after the build, most first ("unknown": none was set)
    languages: dict[str, int] = field(default_factory=dict)
    # what was read and skipped, by kind (``inputs.describe(...)`` says it in one line)
    inputs: InputSummary = field(default_factory=InputSummary)

    @property
    def failed(self) -> int:
        return len(self.failures)

    @property
    def not_extracted(self) -> int:
        """Stored documents in a language the extraction stages do not read."""
        return sum(
            n for lang, n in self.languages.items() if lang not in (*EXTRACTED_LANGUAGES, UNKNOWN)
        )


def sample_corpus() -> Path:
    """The folder of short sample articles shipped with the package (written for it)."""
    return Path(str(resources.files("communique") / "samples"))


@dataclass
class BatchWriter:
    """Accumulates analysed documents and flushes them to the store in batches."""

    store: DuckDBStore
    prov: Provenance
    size: int
    docs: list[Document] = field(default_factory=list)
    written: int = 0

    def add(self, doc: Document) -> None:
        self.docs.append(doc)
        if len(self.docs) >= self.size:
            self.flush()

    def flush(self) -> None:
        self.written += self.store.write_documents(self.docs, self.prov)
        self.docs = []


def _failure(item: InputFailure) -> Failure:
    return Failure(item.source, item.error.code, item.error.message)


def build(
    inputs: Sequence[str | Path],
    db: str | Path,
    config: Config | None = None,
    progress: Progress | None = None,
    workers: int = 1,
    *,
    include: Sequence[str] = (),
    exclude: Sequence[str] = (),
    byte_progress: ByteProgress | None = None,
) -> BuildReport:
    """Ingest, analyse and fuse ``inputs`` into the store at ``db``.

    Incremental and idempotent: a document already stored with the same content, pipeline
    version and configuration is skipped; a changed one is replaced; bad inputs are reported
    in the result and the batch goes on. The corpus-level tables are refreshed when documents
    were written, by this build or by an earlier one that died before its refresh completed.
    ``workers`` > 1 analyses documents in that many processes (the store gets the same rows).
    ``include``/``exclude`` choose files by glob (:mod:`communique.ingest.select`);
    ``progress`` is told of each document read, ``byte_progress`` of the bytes read.
    """
    config = config or Config()
    options = ReadOptions(config.max_document_bytes, tuple(include), tuple(exclude))
    tally = InputTally()
    run_id = uuid.uuid4().hex[:12]
    prov = Provenance(PIPELINE_VERSION, config.hash(), run_id)
    started = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    with open_writer(db) as store:  # waits a moment for a short-lived reader
        known = store.known_documents()
        batch = BatchWriter(store, prov, config.batch_size)
        analyse = _pool(config, workers)
        outcomes = process(inputs, config, known, prov, analyse, options=options, tally=tally)
        stats = consume(outcomes, batch, progress, tally=tally, byte_progress=byte_progress)
        batch.flush()
        refreshed = refresh_if_pending(store, prov, config)
        report = BuildReport(
            run_id=run_id,
            read=stats.read,
            added=batch.written,
            skipped=stats.skipped,
            failures=tuple(stats.failures),
            corpus={t: store.count(t) for t in ("documents", "events", "timeline", "pledges")},
            refreshed=refreshed,
            languages=_languages(store),
            inputs=tally.summary(),
        )
        if report.added or report.failures:
            store.record_run(_run_row(report, prov, started, inputs), _failure_rows(report))
        publish(store)  # what `serve` and `info` read from now on (store/snapshot.py)
    return report


def _pool(config: Config, workers: int) -> Analyse | None:
    """The analysis in a pool of ``workers`` processes; None (in this process) for one."""
    if workers <= 1:
        return None
    from communique.scale.pool import PoolOptions, pool_analyser

    return pool_analyser(config, PoolOptions(workers))


def _languages(store: DuckDBStore) -> dict[str, int]:
    rows = store.query(
        "SELECT coalesce(language, ?) AS language, count(*) AS n FROM documents "
        "GROUP BY 1 ORDER BY n DESC, 1",
        [UNKNOWN],
    )
    return {r["language"]: r["n"] for r in rows}


def refresh_if_pending(store: DuckDBStore, prov: Provenance, config: Config) -> bool:
    """Rebuild the corpus-level tables if documents were written since the last completed
    refresh: by this build, or by an earlier one that died before its refresh finished.
    The refresh writes its tables and clears the mark in one transaction, so a build killed
    during it leaves the previous consistent corpus and the mark. Returns whether it refreshed."""
    if not store.refresh_pending():
        return False
    from communique.fuse.apply import refresh_corpus

    refresh_corpus(store, prov, config)
    return True


@dataclass(frozen=True)
class Skipped:
    doc_id: str


Outcome = Document | Failure | Skipped


@dataclass
class Stats:
    read: int = 0
    skipped: int = 0
    failures: list[Failure] = field(default_factory=list)


# analyses the documents among read outcomes, yielding every outcome in the order read
Analyse = Callable[[Iterable[Outcome]], Iterator[Outcome]]


def process(
    inputs: Sequence[str | Path],
    config: Config,
    known: dict[str, tuple[str, str, str]],
    prov: Provenance,
    analyse: Analyse | None = None,
    *,
    options: ReadOptions | None = None,
    tally: InputTally | None = None,
) -> Iterator[Outcome]:
    """Read and analyse ``inputs``: one outcome per input record (a document ready to store,
    a skip for an unchanged stored one, or a failure). Used by :func:`build` and by the
    Spark executors on each partition. ``analyse`` runs the pipeline over what was read
    (default: in this process; :mod:`communique.scale.pool`: in a pool of processes)."""
    options = options or ReadOptions(config.max_document_bytes)
    return (analyse or analyse_here(config))(read(inputs, known, prov, options, tally))


def analyse_here(config: Config) -> Analyse:
    """Analyse in this process, the pipeline built on the first document that needs it."""

    def analyse(items: Iterable[Outcome]) -> Iterator[Outcome]:
        pipeline: Pipeline | None = None
        for item in items:
            if isinstance(item, Document):
                pipeline = pipeline or Pipeline(config)
                yield _analyse(pipeline, item)
            else:
                yield item

    return analyse


def read(
    inputs: Sequence[str | Path],
    known: dict[str, tuple[str, str, str]],
    prov: Provenance,
    options: ReadOptions | None = None,
    tally: InputTally | None = None,
) -> Iterator[Outcome]:
    """Read ``inputs``: a document not yet analysed, a skip or a failure per record."""
    seen: dict[str, str] = {}
    for item in iter_inputs(inputs, options, tally):
        if isinstance(item, InputFailure):
            yield _failure(item)
            continue
        try:
            doc = to_document(item)
        except CommuniqueError as exc:
            yield Failure(item.source, exc.code, exc.message)
            continue
        src = doc.meta.source or doc.doc_id
        if doc.doc_id in seen:
            yield Failure(
                src, "E107", f"doc_id {doc.doc_id!r} already read from {seen[doc.doc_id]}"
            )
            continue
        seen[doc.doc_id] = src
        if known.get(doc.doc_id) == (doc.content_hash, prov.pipeline_version, prov.config_hash):
            yield Skipped(doc.doc_id)
            continue
        yield doc


def consume(
    outcomes: Iterable[Outcome],
    batch: BatchWriter,
    progress: Progress | None = None,
    *,
    tally: InputTally | None = None,
    byte_progress: ByteProgress | None = None,
) -> Stats:
    """Count outcomes and hand documents to the batch writer (the caller flushes)."""
    stats = Stats()
    for out in outcomes:
        if byte_progress and tally:
            byte_progress(tally.read, tally.total)
        if isinstance(out, Failure):
            stats.failures.append(out)
            if not out.code.startswith("E2"):
                continue
        stats.read += 1
        if progress:
            progress(1)
        if isinstance(out, Skipped):
            stats.skipped += 1
        elif isinstance(out, Document):
            batch.add(out)
    if byte_progress and tally:
        byte_progress(tally.read, tally.total)
    return stats


def _analyse(pipeline: Pipeline, doc: Document) -> Document | Failure:
    try:
        return pipeline(doc)
    except PipelineError:
        raise
    except Exception as exc:  # one bad document must not stop the batch
        src = doc.meta.source or doc.doc_id
        return Failure(src, "E201", f"analysis failed: {type(exc).__name__}: {exc}")


def _run_row(
    report: BuildReport, prov: Provenance, started: dt.datetime, inputs: Sequence[str | Path]
) -> dict[str, object]:
    return {
        "run_id": report.run_id,
        "started_at": started,
        "finished_at": dt.datetime.now(dt.UTC).replace(tzinfo=None),
        "pipeline_version": prov.pipeline_version,
        "config_hash": prov.config_hash,
        "inputs": " ".join(str(i) for i in inputs),
        "read_count": report.read,
        "added": report.added,
        "skipped": report.skipped,
        "failed": report.failed,
    }


def _failure_rows(report: BuildReport) -> list[dict[str, object]]:
    return [
        {"run_id": report.run_id, "source": f.source, "code": f.code, "reason": f.reason}
        for f in report.failures
    ]
