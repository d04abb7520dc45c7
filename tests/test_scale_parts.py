"""The Spark engine's parts without Spark: document payloads, near-duplicate blocks, load."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from types import SimpleNamespace

import pytest
from click.testing import CliRunner

from communique.api import read, sample_corpus
from communique.config import Config
from communique.errors import StoreError
from communique.fuse import fuse
from communique.fuse.conflicts import figure_contradictions
from communique.fuse.neardup import near_duplicates
from communique.model import Document
from communique.pipeline import Pipeline
from communique.scale.corpus import Bands, Families, fusion, order_key
from communique.scale.keyed import Contradictions, claims, member
from communique.scale.load import load
from communique.scale.tables import date_key, document_of, payload, store_columns
from communique.serve.cli import cli
from communique.store.duckdb_store import DuckDBStore
from communique.store.rows import Provenance

PROV = Provenance("v", "c", "r")
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="module")
def docs() -> list[Document]:
    pipeline = Pipeline(Config(event_coder="rules"))
    return [pipeline(d) for d in read([sample_corpus()], {}, PROV) if isinstance(d, Document)]


@pytest.fixture(scope="module")
def fused_docs() -> list[Document]:
    """Documents with a figure contradiction, pledges kept and missed, and a copy."""
    pipeline = Pipeline(Config(event_coder="rules"))
    inputs = [sample_corpus(), DATA / "fusion_two_outlets", DATA / "pledge_outcomes"]
    found = [pipeline(d) for d in read(inputs, {}, PROV) if isinstance(d, Document)]
    copy = Document(doc_id="zz-copy", text=found[0].text, meta=found[0].meta)
    return sorted([*found, pipeline(copy)], key=lambda d: d.doc_id)


def test_the_refresh_task_fuses_as_the_local_fuser_less_the_contradictions(
    fused_docs: list[Document],
) -> None:
    copy = next(d for d in fused_docs if d.doc_id == "zz-copy")
    original = next(d for d in fused_docs if d.text == copy.text and d is not copy)
    dups = {copy.doc_id: original.doc_id}
    want = fuse(fused_docs, duplicates=dups)
    assert want.contradictions and want.pledges and want.timeline
    assert fusion(fused_docs, dups, lambda a: a) == dataclasses.replace(want, contradictions=())


def test_contradictions_by_claim_key_are_those_of_the_whole_corpus(
    fused_docs: list[Document],
) -> None:
    from communique.fuse.apply import _entry_row

    pairs = list(claims(_Row(d) for d in fused_docs))
    docs_of: dict[str, set[str]] = {}
    for key, doc_id in pairs:
        docs_of.setdefault(key, set()).add(doc_id)
    payloads = {d.doc_id: payload(d, PROV) for d in fused_docs}
    groups: dict[str, list[tuple[str, str]]] = {}
    for key, doc_id in pairs:
        if len(docs_of[key]) > 1:  # as the Spark step keeps only shared keys
            row = SimpleNamespace(key=key, doc_id=doc_id, payload=payloads[doc_id])
            groups.setdefault(key, []).append(member(row)[1])
    assert len(groups) < len(docs_of)  # some claims are made once and go no further
    found = [row for g in sorted(groups.items()) for _, row in Contradictions()(g)]
    want = [_entry_row(c) for c in figure_contradictions(fused_docs)]
    assert want and [json.loads(r) for r in found] == want


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
