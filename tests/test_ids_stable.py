"""Every exported id is unique within its table and the same whichever build made it.

A slice of real news (Timeline17 LibyaWar from ``../shared``, read at run time and written to
a temporary file: no corpus text enters the repository) and our own two-outlet articles (for
a contradiction) are built three ways: into a fresh database, into a second fresh database,
and into a third in reverse order and in two builds (the incremental path). Each export's ids
must be unique in the first and identical, row for row, in the others; the second half of the
incremental build must keep every per-document id the first half gave.

The slice holds two CNN articles with a sentence naming one past date twice ("in 2009 ...
in 2009"), which gave two events one ``event_id`` (a split per past date, one per mention).
"""

from __future__ import annotations

import gzip
from collections import Counter
from pathlib import Path

import pytest

from communique.api import build
from communique.config import Config
from communique.model import DocMeta, Document
from communique.pipeline import Pipeline
from communique.serve.export import EXPORTS, export_rows
from communique.store.duckdb_store import DuckDBStore

ROOT = Path(__file__).resolve().parents[1]
T17 = ROOT.parent / "shared" / "corpus" / "t17-dev"
TWO_OUTLETS = ROOT / "tests" / "data" / "fusion_two_outlets"
# records of each topic's articles.jsonl.gz: the first CNN weeks, one late-March CNN article,
# and Reuters' reports of 15-16 March 2011 (the same days from another outlet)
SLICE = (("LibyaWar_cnn", [*range(30), 176]), ("LibyaWar_reuters", list(range(90, 100))))
REPEATED_DATE = ("LibyaWar_cnn-2011-02-20-45", "LibyaWar_cnn-2011-03-28-356")
CONFIG = Config(event_coder="rules")  # the ids do not depend on the coder; the rules are quick
# each export's id: the fields that name a row (a time expression is named by its span)
ID_FIELDS = {
    "documents": ("doc_id",),
    "actors": ("actor_id",),
    "events": ("event_id",),
    "timeline": ("entry_id",),
    "figures": ("figure_id",),
    "pledges": ("pledge_id",),
    "times": ("doc_id", "span"),
    "contradictions": ("contradiction_id",),
}
PER_DOCUMENT = ("documents", "events", "figures", "pledges", "times")
Ids = dict[str, list[tuple[object, ...]]]


def _records() -> list[str]:
    lines: list[str] = []
    for topic, wanted in SLICE:
        with gzip.open(T17 / topic / "articles.jsonl.gz", "rt", encoding="utf-8") as src:
            records = src.readlines()
        lines.extend(records[i] for i in wanted)
    assert all(any(f'"{d}"' in line for line in lines) for d in REPEATED_DATE)
    return lines


def _write(path: Path, lines: list[str]) -> Path:
    with gzip.open(path, "wt", encoding="utf-8") as dst:
        dst.writelines(lines)
    return path


def _ids(db: Path) -> Ids:
    out: Ids = {}
    with DuckDBStore(db, read_only=True) as store:
        for what in EXPORTS:
            fields = ID_FIELDS[what]
            out[what] = [
                tuple(tuple(v) if isinstance(v, list) else v for v in (r[f] for f in fields))
                for r in export_rows(store, what)
            ]
    return out


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Ids]:
    """Ids per export of: ``first`` and ``second`` (fresh builds of the same inputs),
    ``half`` (reversed inputs, first build of two) and ``reversed`` (after both)."""
    tmp = tmp_path_factory.mktemp("ids")
    lines = _records()
    news = _write(tmp / "news.jsonl.gz", lines)
    back = lines[::-1]
    later = _write(tmp / "later.jsonl.gz", back[: len(back) // 2])
    earlier = _write(tmp / "earlier.jsonl.gz", back[len(back) // 2 :])
    out: dict[str, Ids] = {}
    for name in ("first", "second"):
        report = build([news, TWO_OUTLETS], tmp / f"{name}.duckdb", CONFIG)
        assert report.failed == 0 and report.added == len(lines) + 2
        out[name] = _ids(tmp / f"{name}.duckdb")
    db = tmp / "reversed.duckdb"
    assert build([TWO_OUTLETS, later], db, CONFIG).failed == 0
    out["half"] = _ids(db)
    assert build([earlier], db, CONFIG).failed == 0
    out["reversed"] = _ids(db)
    return out


def test_every_export_declares_its_id() -> None:
    assert set(ID_FIELDS) == set(EXPORTS)


@pytest.mark.parametrize("what", EXPORTS)
def test_every_exported_id_is_unique(builds: dict[str, Ids], what: str) -> None:
    ids = builds["first"][what]
    assert ids, f"no {what} exported: nothing checked"
    twice = sorted({i for i, n in Counter(ids).items() if n > 1}, key=repr)
    assert not twice, f"{len(twice)} {what} ids used more than once, e.g. {twice[:3]}"


@pytest.mark.parametrize("what", EXPORTS)
def test_a_second_fresh_build_gives_the_same_ids(builds: dict[str, Ids], what: str) -> None:
    assert builds["second"][what] == builds["first"][what]


@pytest.mark.parametrize("what", EXPORTS)
def test_input_order_and_incremental_builds_give_the_same_ids(
    builds: dict[str, Ids], what: str
) -> None:
    assert builds["reversed"][what] == builds["first"][what]


@pytest.mark.parametrize("what", PER_DOCUMENT)
def test_adding_documents_keeps_every_earlier_per_document_id(
    builds: dict[str, Ids], what: str
) -> None:
    before, after = set(builds["half"][what]), set(builds["reversed"][what])
    assert before and before <= after, sorted(before - after)[:3]


def test_a_past_date_named_twice_in_a_sentence_is_one_event() -> None:
    """The cause of the shared event_id: one event per past date, not per mention of it."""
    pipeline = Pipeline(CONFIG)
    lead = "Relations between the two countries are warm.\n\n"
    twice = "In 2013, President Truong Tan Sang visited Russia in 2013 and met Vladimir Putin."
    mixed = ("In 2013, President Truong Tan Sang visited Russia in 2015 and President "
             "Vladimir Putin met him in 2013.")  # fmt: skip
    meta = DocMeta(published="2024-05-02")
    one = pipeline(Document("twice", lead + twice + "\n", meta)).events
    assert [(e.date, e.historical) for e in one] == [("2013", True)]
    two = pipeline(Document("mixed", lead + mixed + "\n", meta)).events
    assert sorted(str(e.date) for e in two) == ["2013", "2015"]
    assert len({e.event_id for e in two}) == 2
    (in_2013,) = (e for e in two if e.date == "2013")
    assert "p:vladimir-putin" in in_2013.participants  # the persons of both mentions
