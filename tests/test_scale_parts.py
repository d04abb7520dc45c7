"""The Spark engine's parts without Spark: document payloads, near-duplicate blocks, load."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from communique.api import read, sample_corpus
from communique.config import Config
from communique.errors import StoreError
from communique.fuse.neardup import near_duplicates
from communique.model import Document
from communique.pipeline import Pipeline
from communique.scale.corpus import Bands, Families, order_key
from communique.scale.load import load
from communique.scale.tables import date_key, document_of, payload, store_columns
from communique.serve.cli import cli
from communique.store.duckdb_store import DuckDBStore
from communique.store.rows import Provenance

PROV = Provenance("v", "c", "r")


@pytest.fixture(scope="module")
def docs() -> list[Document]:
    pipeline = Pipeline(Config(event_coder="rules"))
    return [pipeline(d) for d in read([sample_corpus()], {}, PROV) if isinstance(d, Document)]


def test_a_payload_gives_back_the_document_the_store_gives_back(docs: list[Document]) -> None:
    with DuckDBStore(":memory:") as store:
        store.write_documents(docs, PROV)
        stored = list(store.iter_documents())
    columns = store_columns()
    rebuilt = sorted((document_of(payload(d, PROV), columns) for d in docs), key=lambda d: d.doc_id)
    assert [d.doc_id for d in rebuilt] == [d.doc_id for d in stored]
    assert rebuilt == stored
    assert sum(len(d.events) for d in stored) > 0


def test_documents_are_partitioned_by_their_day() -> None:
    assert date_key("2016-05-03T10:00") == "2016-05-03"
    assert date_key("2016-05") == "2016-05"
    assert date_key(None) == "undated"


class _Row:
    def __init__(self, doc: Document) -> None:
        self.payload = payload(doc, PROV)


def test_copies_share_bands_and_each_component_finds_what_the_whole_corpus_finds(
    docs: list[Document],
) -> None:
    original = docs[0]
    copy = Document(doc_id="zz-copy", text=original.text, meta=original.meta)
    corpus = [*docs, copy]
    pairs = list(Bands(0.6)(_Row(d) for d in corpus))
    buckets: dict[str, set[str]] = {}
    for band, doc_id in pairs:
        buckets.setdefault(band, set()).add(doc_id)
    assert {original.doc_id, "zz-copy"} in buckets.values()
    members = [(order_key(d), d.doc_id, d.text) for d in (copy, original)]
    found = dict(Families(0.6)(members))
    order = sorted(corpus, key=lambda d: (d.meta.published or "9999", d.doc_id))
    assert found == near_duplicates([(d.doc_id, d.text) for d in order], 0.6)
    assert found == {"zz-copy": original.doc_id}


def test_load_names_a_folder_that_is_no_spark_build(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="not a Spark build folder"):
        load(tmp_path, tmp_path / "x.duckdb")


def test_the_spark_engine_needs_an_output_folder(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["build", "--engine", "spark", str(sample_corpus())])
    assert result.exit_code == 2 and "--out" in result.output
    result = CliRunner().invoke(cli, ["load", str(tmp_path), "--db", str(tmp_path / "x.db")])
    assert result.exit_code == 2 and "not a Spark build folder" in result.output
