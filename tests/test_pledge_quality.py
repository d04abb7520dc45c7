"""Pledge quality floors on annotated real news (issue 14): the pool of sentences is drawn
without regard to what the stage finds (scripts/sample_pledges.py), so precision and recall
measured here hold for any version of the stage. Floors in tests/floors/pledges.json."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from communique.extract import pledge_eval
from communique.model import Document

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
LABELS = ROOT / "tests" / "data" / "pledges_news.csv"
FLOORS = json.loads((ROOT / "tests" / "floors" / "pledges.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def measured() -> tuple[list[pledge_eval.PledgeLabel], dict[str, Document]]:
    items, texts = pledge_eval.load(LABELS, CORPUS)
    return items, pledge_eval.run_stage(texts)


def test_the_annotations_are_split_before_use() -> None:
    items, _ = pledge_eval.load(LABELS, CORPUS)
    test = [i for i in items if i.split == "test"]
    assert len(test) >= 400 and sum(i.pledge for i in test) >= 60
    sources = {i.sentence.source for i in test}
    assert not sources & {i.sentence.source for i in items if i.split == "dev"}


@pytest.mark.parametrize("split", ["dev", "test"])
def test_pledge_precision_and_recall_hold(split: str, measured: tuple) -> None:
    items, docs = measured
    score = pledge_eval.score([i for i in items if i.split == split], docs)
    floor = FLOORS[split]
    assert score.precision >= floor["precision"], score
    assert score.recall >= floor["recall"], score
    assert score.flagged - score.right <= floor["flagged_wrong_max"], score


def test_wishes_exhortations_and_forecasts_are_not_pledges() -> None:
    """Our own sentences, one of each kind the issue names."""
    from communique.config import Config
    from communique.pipeline import Pipeline

    pipe = Pipeline(Config(stages=pledge_eval.STAGES))
    cases = {
        "Chile hopes to sign a trade deal with Peru next year.": False,
        "Peru urged Chile to sign the trade deal by June.": False,
        "Chile will always remember the help Peru gave.": False,
        "Chile and Peru should sail together on the same ship.": False,
        "Chile will face a hard winter, Peru said.": False,
        "Chile said it would sign the deal if Peru lowered its tariffs.": False,
        "Chile agreed to the proposal on Monday.": False,
        "Chile said it would take two years to open a consulate in Lima.": False,
        "When Peru signs the deal, Chile will open a consulate in Lima.": False,
        "Peru welcomed the news, but their trade plans to reach Chile were shelved.": False,
        "Chile pledged to open a consulate in Lima.": True,
        "Peru said it would send a trade mission to Santiago in May.": True,
        '"We will not send troops," the Chilean president said.': True,
        "Chile plans to double its exports to Peru by 2030.": True,
    }
    got = {t: bool(pipe(Document(doc_id="t", text=t)).pledges) for t in cases}
    assert got == cases


FLAGS = ROOT / "tests" / "data" / "pledge_flags_dev.csv"


def test_the_filter_was_trained_on_dev_flags_only() -> None:
    """Draw 4 (the filter's training flags) comes from dev stories and PLV_train only, and the
    shipped model card names the very annotation files it was trained on."""
    import csv
    import hashlib

    from communique.extract.pledge_filter import MODEL

    items, _ = pledge_eval.load(LABELS, CORPUS)
    test_sources = {i.sentence.source for i in items if i.split == "test"}
    with FLAGS.open(encoding="utf-8") as fh:
        flags = list(csv.DictReader(fh))
    assert len(flags) >= 300 and {r["split"] for r in flags} == {"dev"}
    assert not {r["source"] for r in flags} & test_sources
    card = json.loads(MODEL.read_text(encoding="utf-8"))
    for path in (LABELS, FLAGS):
        assert card["data"][path.name] == hashlib.sha1(path.read_bytes()).hexdigest()[:16], (
            f"{path.name} changed since the filter was trained: "
            "python scripts/train_pledge_filter.py"
        )


def _flag(kind: str = "commitment", deadline: str | None = None) -> tuple[Document, object]:
    from communique.model import Pledge

    text = "Chile will open a consulate in Lima."
    doc = Document(doc_id="t", text=text)
    return doc, Pledge("p", 0, len(text), None, ("c:CHL",), "open a consulate in Lima",
                       deadline, "open", (), kind)  # fmt: skip


def test_the_filter_judges_open_ended_commitments_only() -> None:
    from communique.extract.pledge_filter import PledgeFilter

    never = PledgeFilter({"weights": {}, "bias": -5.0, "threshold": 0.5})
    doc, flag = _flag()
    assert not never.keeps(doc, flag)  # type: ignore[arg-type]
    for kind, deadline in (("target", None), ("invitation", None), ("commitment", "2030")):
        doc, flag = _flag(kind, deadline)
        assert never.keeps(doc, flag), kind  # type: ignore[arg-type]


def test_the_filter_sees_kinds_of_actors_not_names() -> None:
    from communique.config import Config
    from communique.extract.pledge_filter import features
    from communique.pipeline import Pipeline

    pipe = Pipeline(Config(stages=pledge_eval.STAGES, pledge_filter=False))
    one = pipe(Document(doc_id="a", text="Chile said it would send 40 doctors to Peru."))
    two = pipe(Document(doc_id="b", text="Japan said it would send 12 doctors to Kenya."))
    assert one.pledges and two.pledges
    assert features(one, one.pledges[0]) == features(two, two.pledges[0])


def test_without_the_filter_the_rules_flags_stand(measured: tuple) -> None:
    import dataclasses

    from communique.config import Config

    items, docs = measured
    dev = [i for i in items if i.split == "dev"]
    wanted = {i.sentence.source for i in dev}
    texts = {s: d.text for s, d in docs.items() if s in wanted}
    bare = dataclasses.replace(Config(), pledge_filter=False)
    with_filter = pledge_eval.score(dev, docs)
    rules = pledge_eval.score(dev, pledge_eval.run_stage(texts, bare))
    assert rules.flagged > with_filter.flagged
