"""The pipeline's clock (``Config.today``): a year-less dateline takes a year up to the pinned
day and never one after it. The article and the office term are invented for the tests."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from communique.config import Config
from communique.errors import PipelineError
from communique.model import DocMeta, Document, Mention, Office
from communique.nlp.dating import DatingStage
from communique.pipeline import Pipeline


class FakeKB:
    """An invented foreign minister in office from 10 January 2018, still in office."""

    def offices(self, actor_id: str) -> tuple[Office, ...]:
        if actor_id == "p:lars-berg":
            return (Office("foreign_minister", "SYL", "2018-01-10", None),)
        return ()


# 20 June was a Wednesday in 2018, a Thursday in 2019, a Saturday in 2020
DATELINE = "LISBON, June 20 (Wire) - Foreign Minister Lars Berg {lead} in Lisbon.\n"


def _published(today: str, lead: str = "held talks") -> str | None:
    text = DATELINE.format(lead=lead)
    start = text.index("Lars Berg")
    berg = Mention(start, start + 9, "p:lars-berg", "person", role="foreign_minister",
                   method="title")  # fmt: skip
    stage = DatingStage(Config(today=today), kb=FakeKB())
    return stage(Document("t", text, mentions=(berg,))).meta.published


def test_the_only_june_20_before_the_pinned_day_is_taken() -> None:
    # in office since 2018; on 1 March 2019 the last 20 June was 2018's
    assert _published("2019-03-01") == "2018-06-20"
    # the day before 20 June 2019: still 2018, never the coming 20 June
    assert _published("2019-06-19") == "2018-06-20"


def test_once_the_day_has_come_the_year_is_open_until_the_weekday_settles_it() -> None:
    assert _published("2019-06-20") is None  # 2018 or 2019
    assert _published("2019-07-01", lead="held talks on Thursday") == "2019-06-20"
    assert _published("2019-07-01", lead="held talks on Wednesday") == "2018-06-20"


def test_a_weekday_does_not_pull_the_date_past_the_pinned_day() -> None:
    # Thursday fits 2019 only, but on 19 June 2019 that day has not come: 2018 is the only year
    assert _published("2019-06-19", lead="held talks on Thursday") == "2018-06-20"


def test_no_date_after_the_pinned_day_whatever_the_day() -> None:
    days = [date(2018, 1, 1) + timedelta(days=d) for d in range(0, 3 * 366, 11)]
    results = {d: _published(d.isoformat()) for d in days}
    to_the_day = {d: p for d, p in results.items() if p is not None and len(p) == 10}
    assert len(to_the_day) > len(days) // 4, "the check must see dated articles"
    # a day no later than the pinned one, a year no later than its year
    assert all(p <= d.isoformat()[: len(p)] for d, p in results.items() if p), results
    # before 20 June 2018 no 20 June of Berg's term has come: never a day, at most the year;
    # before his term began (10 January 2018) nothing fits
    assert {results[d] for d in days if d < date(2018, 6, 20)} == {None, "2018"}
    assert results[date(2018, 1, 1)] is None


def test_the_pipeline_reads_the_clock_from_its_configuration() -> None:
    """With the real knowledge base: Sunak (prime minister from October 2022) meets Scholz on
    'March 14' with a deadline 'by 2023' still ahead: 14 March 2023 is the only fit, unless
    the pinned day comes before it."""
    text = (
        "LONDON, March 14 (Wire) - Prime Minister Rishi Sunak received Chancellor Olaf Scholz.\n"
        "The two leaders agreed to link their offshore wind grids by 2023.\n"
    )
    dated = Pipeline(Config(today="2024-01-01"))(Document("a", text, DocMeta()))
    assert dated.meta.published == "2023-03-14"
    early = Pipeline(Config(today="2023-03-13"))(Document("a", text, DocMeta()))
    assert early.meta.published is None  # 2022 or 2023: no 14 March of the window has come


def test_the_clock_is_the_system_one_unless_pinned() -> None:
    assert Config().clock() == date.today()
    assert Config(today="2019-06-19").clock() == date(2019, 6, 19)


def test_the_default_config_hash_is_unchanged_and_a_pinned_clock_changes_it() -> None:
    # the hash stored with every fact before the clock existed: stores built then stay valid
    # (with the stages of the time: the language stage, added since, changes it on purpose)
    # (and the learned event coder, the default since issue 13, changes it on purpose too, as
    # does the learned pledge filter, the default since issue 14)
    earlier = Config(
        stages=tuple(s for s in Config().stages if s != "language"),
        event_coder="rules",
        pledge_filter=False,
    )
    assert earlier.hash() == "1c980d9e15ce"
    assert Config(event_coder="rules", pledge_filter=False).hash() == "326af8802219"
    assert Config(pledge_filter=False).hash() == "b2c217e11106"
    assert Config().hash() == "5a78f08e5312"
    assert Config(today="2019-06-19").hash() not in (
        Config().hash(),
        Config(today="2019-06-20").hash(),
    )


def test_a_clock_that_is_not_an_iso_date_is_refused() -> None:
    with pytest.raises(PipelineError, match="ISO date") as err:
        Config(today="19/06/2019")
    assert err.value.code == "E200"
