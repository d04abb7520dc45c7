"""Unit checks of the stated-date readers (lines and datelines of our own) and of the
numeric-order rules; the dating suite (tests/test_dating_quality.py) measures them whole."""

from __future__ import annotations

from datetime import date

from communique.nlp.numeric_order import agency_country, plain_order, settle
from communique.nlp.timex_dateline import date_line, dateline


def _none(_: str) -> str | None:
    return None


def test_stamps_after_a_label_and_before_a_title() -> None:
    assert date_line(["NEWS STORY 02/13/1998 14:35:00"]) is not None
    assert date_line(["2001-05-02  Ministers meet in Oslo"]) is not None
    assert date_line(["Published 11:52 PM EDT, October 8, 2015"]).value == "2015-10-08"  # type: ignore[union-attr]
    assert date_line(["On June 20, 2024, the president met his counterpart."]) is None


def test_datelines_with_diacritics_and_not_sentences() -> None:
    assert dateline(["HÀ NỘI, 20/6/2024 — Talks began."]).value == "2024-06-20"  # type: ignore[union-attr]
    assert dateline(["ŁÓDŹ, 11.05.22 (PAP) – Mayors met."]).value == "2022-05-11"  # type: ignore[union-attr]
    assert dateline(["The delegations met on Sunday, October 30, and agreed."]) is None


def test_the_weekday_beside_a_numeric_date_settles_its_order() -> None:
    # 2019-06-05 (day first) was a Wednesday; 2019-05-06 (month first) a Monday
    r = settle("05/06/2019", "Wednesday, 05/06/2019", "", (), _none)
    assert r and r.settled == date(2019, 6, 5)


def test_other_numeric_dates_or_the_outlets_country_settle_it() -> None:
    assert plain_order("issued 03/25/2019") == "month"
    r = settle("03/04/2019", "03/04/2019", "WASHINGTON (AP) - Officials met.", (), agency_country)
    assert r and r.settled == date(2019, 3, 4) and "USA" in r.why


def test_nothing_settles_it_both_readings_stay() -> None:
    r = settle("07/08/2014", "07/08/2014", "Officials met.", (), _none)
    assert r and r.settled is None
    assert {r.day_first, r.month_first} == {date(2014, 8, 7), date(2014, 7, 8)}
