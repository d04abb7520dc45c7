"""Event coreference (issue 14): the shipped model on ECB+ dev topics, with floors, and the API
on documents of our own."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from communique.fuse import coref_eval
from communique.fuse.coref import CorefModel, EventMention, corefer
from communique.fuse.coref_score import Scores

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
FLOORS = json.loads((ROOT / "tests" / "floors" / "coref.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def dev() -> coref_eval.Split:
    return coref_eval.load(CORPUS, "dev")


@pytest.fixture(scope="module")
def scores(dev: coref_eval.Split) -> Scores:
    return coref_eval.evaluate(dev)


def test_dev_split_is_the_published_one(dev: coref_eval.Split) -> None:
    sizes = Counter(dev.key.values())
    assert len(dev.mentions) == 1245 and len(sizes) == 409  # chains, singletons included
    assert sum(1 for n in sizes.values() if n == 1) == 280


def test_dev_scores_hold_their_floors(scores: Scores) -> None:
    floor = FLOORS["dev"]
    assert scores.conll_f1 >= floor["conll"], scores
    assert scores.muc.f1 >= floor["muc"] and scores.b3.f1 >= floor["b3"], scores
    assert scores.ceaf_e.f1 >= floor["ceaf_e"], scores


def test_beats_the_same_words_baseline_by_three_points(
    dev: coref_eval.Split, scores: Scores
) -> None:
    base = coref_eval.score(dev, coref_eval.same_words(dev))
    assert round(base.conll_f1, 3) == 0.724  # the README's published baseline: the scorer agrees
    assert scores.conll_f1 >= base.conll_f1 + FLOORS["dev"]["baseline_margin"]


def test_trained_on_train_topics_only() -> None:
    meta = CorefModel().meta
    assert meta["data"]["split"].startswith("train")
    assert meta["features"] and len(meta["weights"]) == len(meta["features"])


DOCS = {
    "a": "Rebels seized the port of Brega on Monday.\nThe capture of Brega came after a week of "
    "fighting.\nA storm hit the coast of Chile in May.",
    "b": "Rebel fighters captured Brega, a key oil port, on Monday.\nAnalysts said the fall "
    "of Brega changes the war.",
}


def _at(doc: str, word: str) -> EventMention:
    start = DOCS[doc].index(word)
    return EventMention(doc, start, start + len(word))


def test_corefer_returns_a_happening_for_every_mention() -> None:
    ms = [_at("a", "seized"), _at("a", "capture"), _at("a", "hit"), _at("b", "captured"),
          _at("b", "fall")]  # fmt: skip
    got = corefer(DOCS, ms)
    assert set(got) == set(ms)
    assert got[_at("a", "capture")] == got[_at("b", "captured")]  # one happening, two outlets
    assert got[_at("a", "hit")] not in {got[m] for m in ms if m != _at("a", "hit")}
    again = corefer(dict(reversed(list(DOCS.items()))), list(reversed(ms)))
    assert again == got  # the ids are content hashes: order does not matter


def test_a_mention_outside_the_text_is_named() -> None:
    with pytest.raises(ValueError, match="no sentence"):
        corefer(DOCS, [EventMention("a", 10_000, 10_004)])
