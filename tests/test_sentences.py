from __future__ import annotations

from communique.nlp.sentences import split


def _texts(text: str) -> list[str]:
    return [text[s.start : s.end] for s in split(text)]


def test_abbreviations_initials_and_decimals_do_not_split() -> None:
    text = "Mr. Ortiz met V. Petrov and George W. Bush in the U.S. capital. Trade hit $2.7 billion."
    assert _texts(text) == [
        "Mr. Ortiz met V. Petrov and George W. Bush in the U.S. capital.",
        "Trade hit $2.7 billion.",
    ]


def test_quotes_questions_and_newlines() -> None:
    text = '"We agree," she said. Will it last? Nobody knows!\nA new paragraph starts here'
    assert _texts(text) == ['"We agree," she said.', "Will it last?", "Nobody knows!",
                            "A new paragraph starts here"]  # fmt: skip


def test_spans_exclude_whitespace_and_point_into_the_text() -> None:
    text = "  First one.   Second one.  \n\n Third."
    spans = split(text)
    assert [text[s.start : s.end] for s in spans] == ["First one.", "Second one.", "Third."]
