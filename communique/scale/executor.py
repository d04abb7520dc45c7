"""What Spark's executors run: per-document analysis, near-duplicate blocks, the refresh.

Each function here is shipped to the executors by reference (``communique`` is installed
there) with its arguments pickled. An executor's Python worker builds the pipeline (knowledge
base, models) once, on its first document, and keeps it for every later task it runs
(PySpark reuses its Python workers).
"""

from __future__ import annotations

import dataclasses
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from communique.api import Analyse, Failure, Outcome, _analyse, process
from communique.config import Config
from communique.model import Document
from communique.scale.tables import date_key, document_of, payload, store_columns
from communique.store.rows import Provenance

if TYPE_CHECKING:
    from communique.pipeline import Pipeline

# this worker process's pipelines, one per configuration, built on first use
_PIPELINES: dict[Config, Pipeline] = {}

DocRow = tuple[str, str, int, int, str, str, str]  # doc_id day file record source hash payload
FailRow = tuple[str, str, str, int, int]  # source, code, reason, file, record


def _pipeline(config: Config) -> Pipeline:
    from communique.pipeline import Pipeline

    if config not in _PIPELINES:
        _PIPELINES[config] = Pipeline(config)
    return _PIPELINES[config]


def _analyser(config: Config) -> Analyse:
    def analyse(items: Iterable[Outcome]) -> Iterator[Outcome]:
        for item in items:
            yield _analyse(_pipeline(config), item) if isinstance(item, Document) else item

    return analyse


@dataclass(frozen=True)
class Analyser:
    """Reads and analyses the files of a partition, ``(file number, path)`` pairs; yields
    ``("doc", DocRow)`` and ``("fail", FailRow)``."""

    config: Config
    prov: Provenance

    def __call__(self, files: Iterable[tuple[int, str]]) -> Iterator[tuple[str, tuple[Any, ...]]]:
        for number, path in files:
            yield from self.rows(number, path)

    def rows(self, number: int, path: str, url: str | None = None
             ) -> Iterator[tuple[str, tuple[Any, ...]]]:  # fmt: skip
        """The rows of one file; ``url``: where it was fetched from (it names its documents
        and failures instead of the local copy ``path``)."""
        outcomes = process([path], self.config, {}, self.prov, _analyser(self.config))
        for record, out in enumerate(outcomes):
            if isinstance(out, Failure):
                src = out.source.replace(path, url) if url else out.source
                yield "fail", (src, out.code, out.reason, number, record)
            elif isinstance(out, Document):
                if url and out.meta.source:
                    meta = dataclasses.replace(out.meta, source=out.meta.source.replace(path, url))
                    out = dataclasses.replace(out, meta=meta)
                src = out.meta.source or out.doc_id
                row = (out.doc_id, date_key(out.meta.published), number, record, src)
                yield "doc", (*row, out.content_hash, payload(out, self.prov))


@dataclass(frozen=True)
class Fetched:
    """Files Spark fetched from a filesystem it reads (``hdfs://``, ``s3a://``, ``file:``:
    ``binaryFiles``), ``((url, bytes), file number)``: each is written to a local temporary
    file of its own name (its suffix says its format, its stem may be its doc_id), read and
    analysed there as :class:`Analyser` reads a path; its documents and failures name the
    URL."""

    analyser: Analyser

    def __call__(self, items: Iterable[tuple[tuple[str, bytes], int]]
                 ) -> Iterator[tuple[str, tuple[Any, ...]]]:  # fmt: skip
        for (url, data), number in items:
            with tempfile.TemporaryDirectory(prefix="communique-") as tmp:
                local = Path(tmp) / PurePosixPath(urlsplit(url).path).name
                local.write_bytes(data)
                yield from self.analyser.rows(number, str(local), url)


def documents(rows: Iterable[Any]) -> Iterator[Document]:
    """Documents from ``_docs`` rows (anything with a ``payload``), as the store returns them."""
    columns = store_columns()
    for r in rows:
        yield document_of(r.payload if hasattr(r, "payload") else r["payload"], columns)


def table_rows(table: str) -> Callable[[Iterable[Any]], Iterator[tuple[Any, ...]]]:
    """``_docs`` rows to typed rows of one per-document table, its ``day`` last."""
    from communique.scale.tables import payload_rows, typed

    def rows(docs: Iterable[Any]) -> Iterator[tuple[Any, ...]]:
        columns = store_columns()[table]
        for d in docs:
            for r in payload_rows(d.payload).get(table, ()):
                yield (*typed(r, columns), d.day)

    return rows
