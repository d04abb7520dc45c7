"""Property tests (hypothesis) on the temporal normalizer, the dates an article states about
itself, and the figure parser: whatever the text and the reference date, no exception escapes,
every offset lies inside the text, every date produced is a real calendar date and every
figure a finite positive number. Texts are drawn from the words these parsers react to, mixed
with arbitrary characters; the example counts keep the file to a few seconds."""

from __future__ import annotations

import datetime as dt
import math
import re

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from communique.config import Config
from communique.model import DocMeta, Document
from communique.nlp.timex import tag
from communique.nlp.timex_dateline import stated_date
from communique.pipeline import Pipeline

FUZZ = settings(max_examples=150, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow])  # fmt: skip

TIME_WORDS = """January Feb. March May June Sept December 1 2 15 29 30 31 32 0 00 1999 2000 2024
9999 0001 0000 1500 2099 the of on in by before after ago later next last this year years month
months week weeks day days decade century centuries quarter Q1 Q4 first second third fourth half
H1 H2 fiscal FY2020 FY99 1990s '90s 80s spring winter Monday Sunday weekend today yesterday
tomorrow tonight morning noon midnight 10:30 25:99 a.m. p.m. early mid late - / – , .
2024-02-30 2023-02-29 2024-13-01 2021-03-11 1/2/2003 31/12/2020 99/99/9999 twenty nineteen
ninety ninth hundred thousand 10000 99999 1,000,000 anniversary 50th 1000th centenary Christmas
Easter New Year's Eve Thanksgiving within two three several few earlier from now hence back same
previous following 2020-W53 2021-W53 until end beginning 29th February 29, 2023 2100 April 31st
""".split()
FIGURE_WORDS = """$ US$ € £ ¥ A$ 1 0 00 3.4 1,000 1,000,000 , . % percent per cent billion bn m
b million thousand trillion tn dollars euros yuan dong trade exports aid reached to in 2020 2025
by the first months of expected target will provide people soldiers troops years ago Ninh Thuan
currently Q1 next year - – 0.0 .5 5. 1,00 12,345,678 USD Trade is was nearly""".split()
LONG_NUMBER = "9" * 400  # more digits than a float holds


def _texts(words: list[str]) -> st.SearchStrategy[str]:
    word = st.sampled_from([*words, "\n", "  ", LONG_NUMBER])
    return st.one_of(
        st.lists(word, max_size=30).map(" ".join),
        st.lists(st.one_of(word, st.text(max_size=4)), max_size=25).map(" ".join),
        st.text(max_size=80),
    )


DCTS = st.one_of(
    st.none(),
    st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)).map(str),
    st.sampled_from(["0001-01-01", "9999-12-31", "2024", "2024-02", "2021-02-30", "garbage", ""]),
)
_DAY = re.compile(r"(\d{4})-(\d\d)-(\d\d)")
_MONTH = re.compile(r"(\d{4})-(\d\d)")
_WEEK = re.compile(r"(\d{4})-W(\d\d)(?:-.*)?")


def assert_valid_value(value: str) -> None:
    """Each part of a TIMEX3 value (or of a START/END interval) naming a day, a month or a
    week names a real one (an unknown year, XXXX, read as a leap year)."""
    for part in value.split("/"):
        part = part.replace("XXXX", "2000", 1)
        if m := _DAY.match(part):
            dt.date(int(m[1]), int(m[2]), int(m[3]))  # raises if no such day
        elif m := _MONTH.fullmatch(part):
            assert 1 <= int(m[2]) <= 12, value
        elif m := _WEEK.fullmatch(part):
            weeks = dt.date(int(m[1]), 12, 28).isocalendar()[1]
            assert 1 <= int(m[2]) <= weeks, value


@FUZZ
@given(_texts(TIME_WORDS), DCTS)
@example("Christmas and New Year's Day, the 50th anniversary", "0001-01-01")  # year 0
@example("yesterday, the next day and tomorrow", "0001-01-01")  # off the calendar
@example("tomorrow, next week and a decade later", "9999-12-31")
def test_temporal_normalizer(text: str, dct: str | None) -> None:
    for t in tag(text, dct):
        assert 0 <= t.start < t.end <= len(text), t
        assert t.type in ("DATE", "TIME", "DURATION", "SET"), t
        assert_valid_value(t.value)
        if t.anchor:
            assert_valid_value(t.anchor)


@FUZZ
@given(_texts(TIME_WORDS))
@example("HANOI, February 30 (VNA) - Talks\n31/02/2014")
def test_the_date_an_article_states(text: str) -> None:
    found = stated_date(Document("t", text, DocMeta()))
    if found is None:
        return
    for value in filter(None, (found.value, *found.candidates)):
        assert _DAY.fullmatch(value.replace("XXXX", "2000")), value
        assert_valid_value(value)
    assert found.text in text or found.text in found.line


FIGURES = Pipeline(Config(stages=("language", "sentences", "times", "figures")))


@FUZZ
@given(_texts(FIGURE_WORDS), st.sampled_from([None, "2021-04-10", "0001-01-01", "2024"]))
@example(f"Aid of ${LONG_NUMBER} billion was sent; {LONG_NUMBER} troops; {LONG_NUMBER}%.", None)
@example("Trade fell to $0.0000 bn in 2020.", "2021-04-10")
def test_figure_parser(text: str, published: str | None) -> None:
    doc = FIGURES(Document("t", text, DocMeta(published=published, language="en")))
    for f in doc.figures:
        assert 0 <= f.start <= f.end <= len(text), f
        assert f.value_start is not None and f.value_end is not None, f
        assert f.start <= f.value_start < f.value_end <= f.end, f
        assert 0 < f.value < math.inf, f
        if f.period:
            assert_valid_value(f.period)


def test_a_number_too_long_for_a_float_is_no_figure() -> None:
    doc = FIGURES(Document("t", f"They sent {LONG_NUMBER} soldiers and 300 soldiers.",
                           DocMeta(language="en")))  # fmt: skip
    assert [f.value for f in doc.figures] == [300.0]
