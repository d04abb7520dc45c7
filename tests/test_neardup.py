from __future__ import annotations

import random

from communique.fuse.neardup import near_duplicates


def _article(seed: int, n: int = 300) -> str:
    rng = random.Random(seed)
    vocab = [f"word{i}" for i in range(3000)]
    return " ".join(rng.choice(vocab) for _ in range(n))


def test_edited_and_truncated_copies_are_caught() -> None:
    original = _article(1)
    words = original.split()
    rng = random.Random(2)
    edited = " ".join(w if rng.random() > 0.05 else "changed" for w in words)
    truncated = " ".join(words[: len(words) // 2])
    found = near_duplicates([("a", original), ("b", edited), ("c", truncated)])
    assert found == {"b": "a", "c": "a"}


def test_different_articles_on_one_topic_are_not_duplicates() -> None:
    shared = "the two ministers met in the capital to discuss trade and energy cooperation"
    a = shared + " " + _article(3)
    b = shared + " " + _article(4)
    assert near_duplicates([("a", a), ("b", b)]) == {}


def test_copies_point_to_the_first_of_their_family() -> None:
    text = _article(5)
    assert near_duplicates([("x", text), ("y", text), ("z", text)]) == {"y": "x", "z": "x"}
