"""The local engine on every core: per-document analysis in a pool of processes.

The build's reader stays in the calling process (reading, cleaning, the skip and the
read-twice checks) and so does its single writer; only the analysis moves. Outcomes go to
the pool in chunks and come back in the order they were read, so the store is written in
the same order as with one process and the result is the same. At most ``window`` chunks are
in flight at once: memory stays bounded whatever the corpus size. Each worker builds its
pipeline (knowledge base, models) once, lazily, on its first document. A build with fewer
documents than the pool would pay for (``MIN_DOCS_PER_WORKER`` a worker) runs no pool.
"""

from __future__ import annotations

import itertools
import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from communique.config import Config
from communique.model import Document

if TYPE_CHECKING:
    from communique.pipeline import Pipeline

CHUNK = 8  # documents per task: amortises pickling, keeps the ordering window small
WINDOW_PER_WORKER = 2  # chunks in flight per worker: one running, one queued
# fewer documents than this per worker are analysed in this process: starting workers (each
# loading the knowledge base and the coder) costs more than it saves on a handful
MIN_DOCS_PER_WORKER = 2 * CHUNK

# one per worker process: the configuration it was started with and its pipeline, built on
# the first document (never in the parent, which only reads and writes)
_WORKER: dict[str, Any] = {}
_END = object()


def default_workers() -> int:
    """Every core this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


@dataclass(frozen=True)
class PoolOptions:
    workers: int
    chunk: int = CHUNK
    window: int = 0  # chunks in flight; 0: WINDOW_PER_WORKER per worker
    min_docs: int | None = None  # fewer: no pool; None: MIN_DOCS_PER_WORKER per worker

    @property
    def in_flight(self) -> int:
        return self.window or WINDOW_PER_WORKER * self.workers

    @property
    def pool_from(self) -> int:
        return MIN_DOCS_PER_WORKER * self.workers if self.min_docs is None else self.min_docs


def _init_worker(config: Config) -> None:
    from communique.extract.coder import set_default_threads

    _WORKER.clear()
    _WORKER["config"] = config
    set_default_threads(1)  # the workers share the cores: one coder thread each


def _pipeline() -> Pipeline:
    from communique.pipeline import Pipeline

    if "pipeline" not in _WORKER:
        _WORKER["pipeline"] = Pipeline(_WORKER["config"])
    pipeline: Pipeline = _WORKER["pipeline"]
    return pipeline


def _analyse_chunk(items: list[Any]) -> list[Any]:
    """In a worker: analyse the documents of a chunk; skips and failures pass through."""
    from communique.api import _analyse

    return [_analyse(_pipeline(), it) if isinstance(it, Document) else it for it in items]


def _chunks(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    """Consecutive items holding at most ``size`` documents each (other outcomes ride along)."""
    chunk: list[Any] = []
    docs = 0
    for it in items:
        chunk.append(it)
        docs += isinstance(it, Document)
        if docs >= size:
            yield chunk
            chunk, docs = [], 0
    if chunk:
        yield chunk


def pool_analyser(config: Config, options: PoolOptions) -> Callable[[Iterable[Any]], Iterator[Any]]:
    """A function analysing the documents among read outcomes in a pool of processes,
    yielding every outcome in the order it was read (see :func:`communique.api.process`)."""

    def analyse(items: Iterable[Any]) -> Iterator[Any]:
        rest = iter(items)
        head = _head(rest, options.pool_from)
        if sum(isinstance(it, Document) for it in head) < options.pool_from:
            from communique.api import analyse_here

            yield from analyse_here(config)(head)  # all there is: too few for a pool
            return
        ctx = multiprocessing.get_context("spawn")  # no fork of a process holding DuckDB
        pool = ProcessPoolExecutor(options.workers, ctx, _init_worker, (config,))
        try:
            chunks = _chunks(itertools.chain(head, rest), options.chunk)
            yield from _ordered(pool, chunks, options.in_flight)
        finally:
            pool.shutdown(wait=True, cancel_futures=True)

    return analyse


def _head(items: Iterator[Any], docs: int) -> list[Any]:
    """The first items, up to and including the ``docs``-th document (all, if fewer)."""
    head: list[Any] = []
    seen = 0
    while seen < docs:
        item = next(items, _END)
        if item is _END:
            break
        head.append(item)
        seen += isinstance(item, Document)
    return head


def _ordered(
    pool: ProcessPoolExecutor, chunks: Iterable[list[Any]], in_flight: int
) -> Iterator[Any]:
    """Submit chunks, at most ``in_flight`` at a time; yield results in submission order."""
    pending: deque[Future[list[Any]]] = deque()
    for chunk in chunks:
        if len(pending) >= in_flight:
            yield from pending.popleft().result()
        pending.append(pool.submit(_analyse_chunk, chunk))
    while pending:
        yield from pending.popleft().result()
