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
        # demands, conditional threats, readied force
        ("The envoy said the junta must free the detained journalists.", "REQUEST"),
        ("Officials said the province must hold a fresh vote this spring.", "REQUEST"),
        ("The statement must have been written abroad, the editor said.", "NONE"),
        ("The union said it would boycott the talks unless wages rise.", "THREATEN"),
        ("The ministry said it will expel the diplomats unless the fines are paid.", "THREATEN"),
        ("The navy said it was prepared to resume shelling the coastal forts.", "MOBILIZE"),
        ("Farmers blocked the main highway into the capital for six hours.", "PROTEST"),
        ("Dock workers began a three-day strike over unpaid wages.", "PROTEST"),
        # aid, concessions, retreats
        ("The republic granted political asylum to four exiled writers.", "AID"),
        ("The charity shipped medical supplies to the flooded valley.", "AID"),
        ("The governor eased the restrictions on evening markets.", "CONCEDE"),
        ("The cabinet accepted the demands of the striking nurses.", "CONCEDE"),
        ("The army lifted the siege of the northern town.", "RETREAT"),
        ("About two hundred militia fighters surrendered to the border police.", "RETREAT"),
        # coercion, assault, complaints, rejection, sanctions, cooperation
        ("Police used water cannon to disperse the crowd outside parliament.", "COERCE"),
        ("Guards tortured the prisoners, a monitoring group reported.", "ASSAULT"),
        ("The ministry lodged a formal protest with the neighbouring embassy.", "ACCUSE"),
        ("The fishing company sued the port authority over the seized trawler.", "ACCUSE"),
        ("The opposition is firmly opposed to the new border treaty.", "REJECT"),
        ("The two sides failed to reach agreement on the water quota.", "REJECT"),
        ("The airline announced a suspension of flights to the island.", "SANCTION"),
        (
            "The coastguards of both states have been sharing intelligence on smugglers.",
            "COOPERATE",
        ),
        ("The delegates accepted the proposal for a joint fisheries board.", "AGREE"),
        ("The ministry summoned the neighbouring state's ambassador on Monday.", "ACCUSE"),
        ("The secretary-general voiced alarm over the shelling of the port.", "ACCUSE"),
        ("Both states banned poultry imports from the region.", "SANCTION"),
        ("The navy sent two frigates toward the disputed atoll.", "MOBILIZE"),
        ("The government ordered two attaches to leave the country within a week.", "SANCTION"),
    ],
)
def test_coder_rules(text: str, expected: str) -> None:
    assert _top(text) == expected
