"""Triggers that only name an event, and the constructions added from the news check (own sentences)."""

from __future__ import annotations

import pytest

from communique.extract.classify import classify_sentence
from communique.extract.mention import is_mention


def _top(text: str) -> str:
    codings = classify_sentence(text)
    return codings[0].type if codings else "NONE"


@pytest.mark.parametrize(
    "text",
    [
        "The report counts the dead and injured in the bombings of two hotels in the port city.",
        "Analysts say a series of attacks on pipelines may be linked.",
        "The museum's exhibition covers the protests of the 1980s in detail.",
        "If the guerrillas cannot mount a fresh offensive, the siege will fade.",
        "Officials said the inquiry would take months, and declined to comment further.",
        "The spokesman said the case was closed when asked about the allegations.",
    ],
)
def test_a_named_or_supposed_event_is_weak_evidence(text: str) -> None:
    codings = classify_sentence(text)
    assert not codings or codings[0].score < 0.45, codings


def test_a_reported_event_wins_over_a_named_one() -> None:
    text = "Citing the bombings of the two hotels, the government expelled three diplomats."
    assert _top(text) == "SANCTION", classify_sentence(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The insurgents launched an attack on the garrison at dawn.", "ASSAULT"),
        ("The blast killed nine people near the market.", "ASSAULT"),
        ("The rally drew twenty thousand people to the main square.", "PROTEST"),
        ("Farmers staged protests outside the parliament.", "PROTEST"),
        ("The opposition filed a petition with the electoral court.", "PROTEST"),
        ("The government ordered an investigation into the shooting.", "ACCUSE"),
    ],
)
def test_a_named_event_made_to_happen_is_reported(text: str, expected: str) -> None:
    assert _top(text) == expected, classify_sentence(text)


def test_a_trigger_that_starts_with_its_verb_is_not_a_noun() -> None:
    low = "the governor shortened by two hours the nightly curfew."
    assert not is_mention(low, low.index("shortened"), low.index("curfew") + 6)


def test_a_gerund_after_a_preposition_is_a_verb() -> None:
    low = "both armies are guilty of violating the truce."
    assert not is_mention(low, low.index("violating"), low.index("truce") + 5)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Gunmen abducted three aid workers near the border on Sunday.", "ASSAULT"),
        ("Militiamen took two engineers hostage at the dam.", "ASSAULT"),
        ("Government troops stormed the rebel camp overnight.", "ASSAULT"),
        ("The army captured the northern town after a week of shelling.", "ASSAULT"),
        ("Twelve civilians were wounded when the market was shelled.", "ASSAULT"),
        ("The ministry said it had provided weapons and training to the coalition.", "AID"),
        ("The minister said she was shocked by the treatment of the detainees.", "ACCUSE"),
        ("The senator challenged the government's approach to the talks.", "ACCUSE"),
        ("The commission found evidence of abuses by both sides.", "ACCUSE"),
        ("Fighter jets from three allies arrived at the air base on Friday.", "MOBILIZE"),
        ("The general acknowledged that the army had made mistakes.", "CONCEDE"),
        ("The two republics formally joined the alliance at a ceremony.", "SUPPORT"),
        ("She said she looked forward to visiting the two capitals next year.", "AGREE"),
        ("As unrest spread to the provinces, the police arrested dozens of students.", "COERCE"),
        ("Militia fighters seized the airport and two oil fields on Tuesday.", "ASSAULT"),
        ("Heavy artillery fire kept the convoy out of the valley for a week.", "ASSAULT"),
        ("Soldiers fired indiscriminately on the crowd outside the ministry.", "ASSAULT"),
        ("The advancing column met fierce resistance outside the town.", "NONE"),
        ("The government has ruled out early elections.", "REJECT"),
        ("The regional bloc is against any foreign intervention in the conflict.", "REJECT"),
        ("The new law will create a framework to support small exporters.", "NONE"),
        ("Doctors said the patient's vital signs were stable.", "NONE"),
    ],
)
def test_constructions_from_the_news_check(text: str, expected: str) -> None:
    assert _top(text) == expected, classify_sentence(text)
