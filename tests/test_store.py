"""The storage interface: round trips, replacement, migrations, read-only, provenance."""

from __future__ import annotations

from pathlib import Path

import pytest

from communique.errors import StoreError
from communique.model import (
    Caption,
    DocMeta,
    Document,
    Event,
    Evidence,
    Figure,
    Location,
    Mention,
    Pledge,
    Sentence,
    TimeExpr,
    content_hash,
)
from communique.serve.export import export_rows
from communique.store.duckdb_store import DuckDBStore
from communique.store.rows import Provenance
from communique.store.schema import MIGRATIONS

TEXT = "Ministers met in Oslo on Monday. They signed a deal worth $5 million."
PROV = Provenance("9.9", "cfg", "run1")


def make_doc(doc_id: str = "d1", text: str = TEXT) -> Document:
    s1, s2 = Sentence(0, 32), Sentence(33, len(text))
    return Document(
        doc_id=doc_id,
        text=text,
        meta=DocMeta(title="T", published="2020-03-04", published_source="metadata"),
        content_hash=content_hash(text),
        raw=text + "\nShare",
        captions=(Caption("A photo, 2020. Photo: X", 3),),
        sentences=(s1, s2),
        mentions=(Mention(0, 9, "x:ministers", "group", flags=("f",)),),
        times=(TimeExpr(25, 31, "DATE", "2020-03-02", anchor="2020-03-04"),),
        events=(
            Event(
                "e1",
                0,
                32,
                "CONSULT",
                mode="meet",
                cameo="040",
                goldstein=1.0,
                source=("x:ministers",),
                participants=("x:ministers",),
                date="2020-03-02",
                date_text="on Monday",
                location=Location("Oslo", "NOR"),
                contexts=("economic",),
                confidence=0.8,
                evidence=(s2,),
            ),
        ),
        figures=(
            Figure(33, len(text), "deal", 5e6, "USD", period="2020", value_start=58, value_end=68),
        ),
        pledges=(
            Pledge(
                "p1",
                33,
                len(text),
                "2020-03-04",
                ("x:ministers",),
                "a deal",
                evidence=(Evidence("d0", "earlier"),),
            ),
        ),
    )


def test_round_trip_keeps_every_layer(tmp_path: Path) -> None:
    doc = make_doc()
    with DuckDBStore(tmp_path / "s.duckdb") as store:
        store.write_documents([doc], PROV)
        (back,) = list(store.iter_documents())
    assert back.text == doc.text
    assert back.meta == doc.meta
    assert back.captions == doc.captions
    assert back.sentences == doc.sentences
    assert back.mentions == doc.mentions
    assert back.times == doc.times
    assert back.events == doc.events
    assert back.figures == doc.figures
    assert back.pledges == doc.pledges


def test_rewrite_replaces_instead_of_duplicating(tmp_path: Path) -> None:
    with DuckDBStore(tmp_path / "s.duckdb") as store:
        store.write_documents([make_doc()], PROV)
        store.write_documents([make_doc()], PROV)
        assert store.count("documents") == 1
        assert store.count("events") == 1
        assert store.count("sentences") == 2


def test_migrations_are_tracked_and_applied_once(tmp_path: Path) -> None:
    path = tmp_path / "s.duckdb"
    DuckDBStore(path).close()
    with DuckDBStore(path) as store:
        versions = [r["version"] for r in store.query("SELECT version FROM schema_migrations")]
    assert versions == [m.version for m in MIGRATIONS]


def test_read_only_store_refuses_writes(tmp_path: Path) -> None:
    path = tmp_path / "s.duckdb"
    DuckDBStore(path).close()
    with DuckDBStore(path, read_only=True) as store, pytest.raises(StoreError):
        store.write_documents([make_doc()], PROV)


def test_missing_database_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no such database"):
        DuckDBStore(tmp_path / "absent.duckdb", read_only=True)


def test_exports_carry_contract_fields_and_provenance(tmp_path: Path) -> None:
    with DuckDBStore(tmp_path / "s.duckdb") as store:
        store.write_documents([make_doc()], PROV)
        (ev,) = list(export_rows(store, "events"))
        (fig,) = list(export_rows(store, "figures"))
        (tm,) = list(export_rows(store, "times"))
    assert ev["sentence"] == TEXT[:32]
    assert ev["span"] == [0, 32]
    assert ev["location"] == {"name": "Oslo", "country": "NOR"}
    assert ev["evidence"][0]["sentence"] == TEXT[33:]
    assert ev["pipeline_version"] == "9.9" and ev["config_hash"] == "cfg"
    assert fig["value"] == 5e6 and fig["span"] == [33, len(TEXT)]
    assert tm["text"] == "Monday" and tm["span"] == [25, 31]


def test_round_trip_keeps_the_order_of_events_in_one_sentence(tmp_path: Path) -> None:
    """Events sharing a sentence come back in the order the pipeline made them."""
    from communique.ingest import RawDoc, to_document
    from communique.pipeline import Pipeline

    article = Path(__file__).parent / "golden" / "articles" / "jakarta_tokyo_summit.txt"
    raw = RawDoc(str(article), article.read_text(encoding="utf-8"), doc_id="jakarta")
    doc = Pipeline()(to_document(raw))
    starts = [e.start for e in doc.events]
    assert len(starts) > len(set(starts)), "the article should hold two events in one sentence"
    with DuckDBStore(tmp_path / "s.duckdb") as store:
        store.write_documents([doc], PROV)
        (back,) = list(store.iter_documents())
    assert back.events == doc.events
    assert back.mentions == doc.mentions
