"""The temporal tagger on hand-written sentences, one phrase pattern per test."""

from __future__ import annotations

import pytest

from communique.model import TimeExpr
from communique.nlp.timex import tag

DCT = "2021-03-11"  # a Thursday


def _find(text: str, words: str, dct: str | None = DCT) -> TimeExpr:
    found = tag(text, dct)
    for t in found:
        if text[t.start : t.end] == words:
            return t
    raise AssertionError(f"{words!r} not tagged; got {[text[t.start : t.end] for t in found]}")


def _spans(text: str, dct: str | None = DCT) -> list[str]:
    return [text[t.start : t.end] for t in tag(text, dct)]


@pytest.mark.parametrize(
    ("text", "words", "type_", "value"),
    [
        ("The accord was signed on March 4, 2019 in Oslo.", "March 4, 2019", "DATE", "2019-03-04"),
        ("Ministers met on 4 March 2019.", "4 March 2019", "DATE", "2019-03-04"),
        ("It opened on October 2nd, 2015.", "October 2nd, 2015", "DATE", "2015-10-02"),
        ("Filed 2019-11-30 by the ministry.", "2019-11-30", "DATE", "2019-11-30"),
        (
            "Posted Monday, 2020-02-03 08:15:00 here",
            "Monday, 2020-02-03 08:15:00",
            "TIME",
            "2020-02-03T08:15:00",
        ),
        ("The port reopened in February 2012.", "February 2012", "DATE", "2012-02"),
        ("Trade boomed in the 1990s.", "the 1990s", "DATE", "199"),
        (
            "Exports fell in the second quarter of 2019.",
            "the second quarter of 2019",
            "DATE",
            "2019-Q2",
        ),
        ("Output grew in the first half of 2018.", "the first half of 2018", "DATE", "2018-H1"),
        ("Revenue for fiscal 2016 was flat.", "fiscal 2016", "DATE", "2016"),
        ("Crops failed in the summer of 2010.", "summer of 2010", "DATE", "2010-SU"),
    ],
)
def test_absolute_dates(text: str, words: str, type_: str, value: str) -> None:
    t = _find(text, words)
    assert (t.type, t.value) == (type_, value)


def test_two_bare_years_are_two_dates() -> None:
    text = "The envoy came in 2009 and 2012."
    assert [t.value for t in tag(text, DCT)] == ["2009", "2012"]


@pytest.mark.parametrize(
    ("text", "words", "value"),
    [
        ("The talks ended today.", "today", "2021-03-11"),
        ("The talks ended yesterday.", "yesterday", "2021-03-10"),
        ("The talks resume tomorrow.", "tomorrow", "2021-03-12"),
        ("Sales rose this year.", "this year", "2021"),
        ("Sales rose last year.", "last year", "2020"),
        ("Sales will rise next month.", "next month", "2021-04"),
        ("Two years ago the pact lapsed.", "Two years ago", "2019"),
        ("The tariff was cut earlier this month.", "earlier this month", "2021-03"),
        ("The sides are now closer.", "now", "PRESENT_REF"),
        ("The firm is currently hiring.", "currently", "PRESENT_REF"),
        ("Ties have grown in recent years.", "recent years", "PAST_REF"),
    ],
)
def test_relative_dates(text: str, words: str, value: str) -> None:
    assert _find(text, words).value == value


def test_weekday_past_tense_goes_back() -> None:
    assert _find("The minister arrived on Monday.", "Monday").value == "2021-03-08"


def test_weekday_future_tense_goes_forward() -> None:
    assert _find("The minister will arrive on Monday.", "Monday").value == "2021-03-15"
    assert _find("The envoy is scheduled to land on Saturday.", "Saturday").value == "2021-03-13"
    assert _find("A vote is expected next Tuesday.", "next Tuesday").value == "2021-03-16"


def test_weekday_same_as_dct() -> None:
    assert _find("The leaders met on Thursday in Geneva.", "Thursday").value == "2021-03-11"


def test_until_weekday_in_present_tense() -> None:
    assert _find("She is on a state visit until Sunday.", "Sunday").value == "2021-03-14"


def test_small_hours_of_weekday() -> None:
    assert _find("He landed in the small hours of Tuesday.", "Tuesday").value == "2021-03-09"


def test_same_day_refers_to_last_day_mentioned() -> None:
    text = "The delegation reached Lima on February 2, 2021 and left the same day."
    t = _find(text, "the same day")
    assert (t.value, t.anchor) == ("2021-02-02", "2021-02-02")


def test_same_day_without_earlier_date_uses_dct() -> None:
    assert _find("They signed the deal the same day.", "the same day").value == DCT


def test_range_first_months_of_year() -> None:
    text = "Trade reached 3 billion in the first seven months of 2016."
    t = _find(text, "the first seven months of 2016")
    assert (t.type, t.value) == ("DATE", "2016-01/2016-07")


@pytest.mark.parametrize(
    ("text", "words", "type_", "value"),
    [
        ("The pipeline took five years to build.", "five years", "DURATION", "P5Y"),
        ("The summit lasted three days.", "three days", "DURATION", "P3D"),
        ("Envoys meet every year.", "every year", "SET", "P1Y"),
        ("The annual forum opened.", "annual", "SET", "P1Y"),
        ("Flights run daily.", "daily", "SET", "P1D"),
    ],
)
def test_durations_and_sets(text: str, words: str, type_: str, value: str) -> None:
    t = _find(text, words)
    assert (t.type, t.value) == (type_, value)


def test_deadlines_carry_a_mod() -> None:
    assert _find("The plant will be finished by 2026.", "2026").mod == "ON_OR_BEFORE"
    assert _find("Troops leave before 2030.", "2030").mod == "BEFORE"
    t = _find("The debt is repaid within two years.", "two years")
    assert (t.value, t.mod) == ("P2Y", "EQUAL_OR_LESS")


def test_anniversary_from_base_year() -> None:
    text = "They marked the 25th anniversary of the accord signed in 1996."
    assert _find(text, "the 25th anniversary").value == "2021"


def test_anniversary_with_its_own_year() -> None:
    text = "Both sides prepare for the 50th anniversary of relations in 2023."
    assert _find(text, "the 50th anniversary").value == "2023"


def test_anniversary_without_a_year_is_not_guessed() -> None:
    assert "the 40th anniversary" not in _spans("They hailed the 40th anniversary of the pact.")


@pytest.mark.parametrize(
    "text",
    [
        "We may see progress, officials said.",
        "Protesters march to the square and we sat in on the hearing.",
        "The second round of talks begins.",
        "Exports reached US$2.7 billion and 13 cooperative deals were signed.",
        "Resolution No. 1985 was adopted.",
        "Some 2500 people attended.",
        "Under the Sun, they talked.",
    ],
)
def test_false_positives(text: str) -> None:
    assert _spans(text) == []


def test_month_name_as_person_name_is_not_a_date() -> None:
    assert _spans("Theresa May said August Schmidt agreed.") == []


def test_no_dct_leaves_relative_values_underspecified() -> None:
    assert _find("They met on June 20.", "June 20", None).value == "XXXX-06-20"
    assert _find("They met on Friday.", "Friday", None).value == "XXXX-WXX-5"
    assert _find("They met today.", "today", None).anchor is None


def test_year_less_date_takes_the_nearest_year() -> None:
    assert _find("Elections are due on January 9.", "January 9", "2020-12-20").value == "2021-01-09"
    assert _find("He resigned on December 30.", "December 30", "2021-01-04").value == "2020-12-30"


def test_offsets_point_into_the_text() -> None:
    text = "On 5 May 2022, and again in 2023, they met."
    found = [(text[t.start : t.end], t.value) for t in tag(text, DCT)]
    assert found == [("5 May 2022", "2022-05-05"), ("2023", "2023")]  # whole words, no blanks


def test_day_month_without_year_resolves_against_the_dct() -> None:
    from communique.nlp.timex import tag as tag_text

    found = tag_text("Talks began on the 5th of March and ended on 6 March.", "2011-03-10")
    assert [t.value for t in found] == ["2011-03-05", "2011-03-06"]


@pytest.mark.parametrize(
    ("text", "dct", "words", "value"),
    [
        ("The border was drawn in nineteen fifty-four.", DCT, "nineteen fifty-four", "1954"),
        ("It reopened in March twenty twelve.", DCT, "March twenty twelve", "2012-03"),
        ("Its walls date from the 14th century.", DCT, "the 14th century", "13"),
        ("A 19th-century fort guards the bay.", DCT, "19th-century", "18"),
        ("Profits fell in the fourth quarter.", "2021-01-20", "the fourth quarter", "2020-Q4"),
        ("Profits fell in the first quarter.", "2021-05-20", "the first quarter", "2021-Q1"),
        ("The envoys met again after Christmas.", "2021-01-10", "Christmas", "2020-12-25"),
        ("The envoys hope to meet before Christmas.", "2021-11-10", "Christmas", "2021-12-25"),
    ],
)
def test_spelled_years_centuries_quarters_holidays(text: str, dct: str, words: str,
                                                   value: str) -> None:  # fmt: skip
    (t,) = [t for t in tag(text, dct) if text[t.start : t.end] == words]
    assert t.value == value


def test_numbers_of_people_are_not_years() -> None:
    assert tag("Twenty five delegates and nineteen eighty tons of rice arrived.", DCT) == []


def test_more_years_and_coming_months() -> None:
    assert _find("The treaty runs for 20 more years.", "20 more years").value == "P20Y"
    assert _find("Talks resume in the coming months.", "the coming months").value == "FUTURE_REF"


def test_a_trailing_reporting_verb_does_not_set_the_tense() -> None:
    text = "The minister will meet his counterpart on Monday, the ministry said."
    assert _find(text, "Monday").value == "2021-03-15"  # DCT Thursday 2021-03-11: next Monday
