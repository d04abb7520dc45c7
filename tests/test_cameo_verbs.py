"""The CAMEO verb-pattern matcher and the coder rules built on it (own sentences)."""

from __future__ import annotations

import pytest

from communique.extract.cameo_verbs import verb_hits
from communique.extract.classify import classify_sentence


def _top(text: str) -> str:
    codings = classify_sentence(text)
    return codings[0].type if codings else "NONE"


def test_a_pattern_refines_the_verb_default() -> None:
    hits = {h.verb: h for h in verb_hits("The minister condemned the suicide bombing in the city.")}
    assert hits["CONDEMN"].code == "111" and hits["CONDEMN"].matched == 2


def test_inflections_and_offsets() -> None:
    text = "Rebels kidnapped two engineers."
    hit = next(h for h in verb_hits(text) if h.verb == "KIDNAP")
    assert text[hit.start : hit.end] == "kidnapped" and hit.code.startswith("18")


def test_a_capitalised_word_inside_a_sentence_is_a_name_not_a_verb() -> None:
    assert not [h for h in verb_hits("The United Nations met in Geneva.") if h.verb == "UNITE"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The two governments will support each other's candidacies next year.", "AGREE"),
        ("The ministers agreed to lift the ban on beef imports.", "AGREE"),
        ("The rebels threatened to attack the capital.", "THREATEN"),
        ("The foreign minister cancelled a planned visit to the neighbouring country.", "SANCTION"),
        ("The president visited the port city on Monday.", "CONSULT"),
        ("About two thousand students are studying abroad.", "NONE"),
        ("Despite sanctions imposed by its neighbours, the island keeps growing fast.", "NONE"),
        ("Amid tensions over fishing rights, the two ministers met in Manila.", "CONSULT"),
    ],
)
def test_coder_rules(text: str, expected: str) -> None:
    assert _top(text) == expected
