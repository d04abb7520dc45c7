"""Quality gate on real news: PLOVER coding of the annotated sentences in tests/data/plover_news.csv.

Accuracy is on the sentences that report an event; false_events is the share of the others the
coder gives an event. The ``test`` split was never read to write rules; ``dev`` was. Floors in
tests/floors/plover_news.json sit one sentence below the measured value (the scores are
deterministic: a larger drop is a change in the coder), and only move the right way
(tests/test_floors_history.py).
"""

from __future__ import annotations

import csv
import json
from collections import Counter
from pathlib import Path

import pytest

from communique.extract.news_eval import Labelled, NewsScore, load, score, type_f1, wilson

HERE = Path(__file__).parent
LABELS = HERE / "data" / "plover_news.csv"
CORPUS = HERE.parents[1] / "shared" / "corpus"
FLOORS = json.loads((HERE / "floors" / "plover_news.json").read_text())
COMMON = ("AGREE", "CONSULT", "SUPPORT", "ACCUSE", "ASSAULT", "REQUEST", "REJECT")


@pytest.fixture(scope="module")
def items() -> list[Labelled]:
    return load(LABELS, CORPUS)


@pytest.fixture(scope="module")
def scores(items: list[Labelled]) -> dict[str, NewsScore]:
    return {
        "all": score(items),
        "dev": score([i for i in items if i.split == "dev"]),
        "test": score([i for i in items if i.split == "test"]),
    }


def test_every_annotated_sentence_is_found(items: list[Labelled]) -> None:
    with LABELS.open(encoding="utf-8") as fh:
        rows = sum(1 for _ in csv.DictReader(fh))
    assert len(items) == rows >= 1800
    assert {i.split for i in items} == {"dev", "test"}
    assert all(i.sentence.text.strip() == i.sentence.text for i in items)


def test_actor_spans_lie_inside_their_sentence(items: list[Labelled]) -> None:
    spans = [(i, s) for i in items for s in (i.actor_source, i.actor_target) if s]
    assert len(spans) > 900
    for it, (start, end) in spans:
        assert it.sentence.start <= start < end <= it.sentence.end, it.sentence.source


def test_the_test_split_is_large_enough_to_measure(items: list[Labelled]) -> None:
    """±0.05 on accuracy (95% Wilson) and 20 sentences of each common type."""
    test = [i for i in items if i.split == "test"]
    events = [i for i in test if i.label != "NONE"]
    low, high = wilson(len(events) // 2, len(events))
    assert (high - low) / 2 <= 0.05, len(events)
    counts = Counter(i.label for i in events)
    assert all(counts[t] >= 20 for t in COMMON), counts


def test_no_sentence_text_is_in_both_splits(items: list[Labelled]) -> None:
    dev = {" ".join(i.sentence.text.split()) for i in items if i.split == "dev"}
    test = {" ".join(i.sentence.text.split()) for i in items if i.split == "test"}
    assert not dev & test


@pytest.mark.parametrize("split", ["all", "dev", "test"])
def test_news_floors_hold(scores: dict[str, NewsScore], split: str) -> None:
    s, floor = scores[split], FLOORS[split]
    assert s.accuracy >= floor["accuracy"], s
    assert s.false_events <= floor["false_events_max"], s


@pytest.mark.parametrize("event_type", sorted(FLOORS["test"]["per_type_f1"]))
def test_news_test_per_type_f1_holds(scores: dict[str, NewsScore], event_type: str) -> None:
    f1 = type_f1(scores["test"])
    assert f1[event_type] >= FLOORS["test"]["per_type_f1"][event_type], f1
