"""Quality gate on real news: PLOVER coding of 646 annotated sentences (tests/data/plover_news.csv).

Accuracy is on the sentences that report an event; false_events is the share of the others the
coder gives an event. Floors in tests/floors/plover_news.json only move the right way.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from communique.extract.news_eval import Labelled, NewsScore, load, score

HERE = Path(__file__).parent
CORPUS = HERE.parents[1] / "shared" / "corpus"
FLOORS = json.loads((HERE / "floors" / "plover_news.json").read_text())


@pytest.fixture(scope="module")
def items() -> list[Labelled]:
    return load(HERE / "data" / "plover_news.csv", CORPUS)


def test_every_annotated_sentence_is_found(items: list[Labelled]) -> None:
    assert len(items) == 646
    assert {i.split for i in items} == {"dev", "test"}
    assert all(i.sentence.text.strip() == i.sentence.text for i in items)


@pytest.mark.parametrize("split", ["all", "test"])
def test_news_floors_hold(items: list[Labelled], split: str) -> None:
    chosen = items if split == "all" else [i for i in items if i.split == split]
    s: NewsScore = score(chosen)
    floor = FLOORS[split]
    assert s.accuracy >= floor["accuracy"], s
    assert s.false_events <= floor["false_events_max"], s
