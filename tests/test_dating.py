"""Document dating: stated dates (date line, dateline, caption) and inference from offices and
years in the text. The articles and the office terms below are invented for the tests."""

from __future__ import annotations

from datetime import date

from communique.config import Config
from communique.model import Caption, DocMeta, Document, Mention, Office
from communique.nlp.dating import DatingStage
from communique.nlp.dating_window import (
    Constraint,
    infer_window,
    resolve,
    text_constraints,
)
from communique.nlp.timex import tag


class FakeKB:
    """Two invented office holders of an invented country, with dated terms."""

    def __init__(self) -> None:
        self._offices = {
            "p:ana-ruiz": (
                Office("head_of_government", "FRE", "2015-04-01", "2019-02-28"),
                Office("foreign_minister", "FRE", "2011-01-01", "2015-03-31"),
            ),
            "p:lars-berg": (Office("foreign_minister", "SYL", "2018-01-10", None),),
        }

    def offices(self, actor_id: str) -> tuple[Office, ...]:
        return self._offices.get(actor_id, ())


ARTICLE = (
    "Freedonia and Sylvania pledge closer ties\n"
    "Prime Minister Ana Ruiz received Foreign Minister Lars Berg in the capital on October 3.\n"
    "The two sides agreed to double two-way trade by 2030 and to open a consulate.\n"
    "Ruiz recalled that the first trade accord was signed in 2009.\n"
)


def _mention(text: str, name: str, actor: str, role: str) -> Mention:
    start = text.index(name)
    return Mention(start, start + len(name), actor, "person", role=role, method="title")


def _doc(text: str, **kw: object) -> Document:
    return Document(doc_id="t", text=text, **kw)  # type: ignore[arg-type]


def _stage() -> DatingStage:
    return DatingStage(Config(), kb=FakeKB())


def test_undated_article_year_from_offices() -> None:
    mentions = (
        _mention(ARTICLE, "Ana Ruiz", "p:ana-ruiz", "head_of_government"),
        _mention(ARTICLE, "Lars Berg", "p:lars-berg", "foreign_minister"),
    )
    doc = _stage()(_doc(ARTICLE, mentions=mentions))
    # October 3 (a day the text reports) falls once in 2018-01-10/2019-02-28: the year
    assert doc.meta.published == "2018"
    assert doc.meta.published_window == "2018-01-10/2018-12-31"
    assert doc.meta.published_source == "inferred"
    assert doc.meta.published_evidence and "p:lars-berg" in doc.meta.published_evidence
    assert "dating" in doc.layers


def test_one_office_leaves_several_years_open() -> None:
    mentions = (_mention(ARTICLE, "Ana Ruiz", "p:ana-ruiz", "head_of_government"),)
    doc = _stage()(_doc(ARTICLE, mentions=mentions))
    assert doc.meta.published is None
    assert doc.meta.published_evidence and "2015" in doc.meta.published_evidence


def test_office_role_must_match() -> None:
    """Ruiz named as foreign minister points to her earlier term."""
    mentions = (_mention(ARTICLE, "Ana Ruiz", "p:ana-ruiz", "foreign_minister"),)
    doc = _stage()(_doc(ARTICLE, mentions=mentions))
    assert doc.meta.published_evidence and "2011" in doc.meta.published_evidence


def test_metadata_date_is_kept() -> None:
    doc = _stage()(_doc(ARTICLE, meta=DocMeta(published="2020-01-01", published_source=None)))
    assert (doc.meta.published, doc.meta.published_source) == ("2020-01-01", "metadata")


def test_date_line_at_the_top() -> None:
    text = "Envoys meet in Lisbon\nTuesday, 2016-05-17 09:30:12\nThe envoys met on Tuesday.\n"
    doc = _stage()(_doc(text))
    assert (doc.meta.published, doc.meta.published_source) == ("2016-05-17", "text")


def test_dateline_without_year_combined_with_offices() -> None:
    text = "LISBON, October 3 (Wire) - Prime Minister Ana Ruiz hosted Lars Berg for talks.\n"
    mentions = (
        _mention(text, "Ana Ruiz", "p:ana-ruiz", "head_of_government"),
        _mention(text, "Lars Berg", "p:lars-berg", "foreign_minister"),
    )
    doc = _stage()(_doc(text, mentions=mentions))
    assert doc.meta.published == "2018-10-03"


def test_caption_date() -> None:
    caps = (Caption("The ministers shake hands in Lisbon, March 3, 2017. Photo: Staff", 4),)
    doc = _stage()(_doc("The ministers met and agreed to expand trade.\n", captions=caps))
    assert (doc.meta.published, doc.meta.published_source) == ("2017-03-03", "text")
    assert doc.meta.published_evidence and "caption" in doc.meta.published_evidence


def test_text_bounds_past_year_and_deadline() -> None:
    cons = text_constraints(ARTICLE, tag(ARTICLE, None))
    window = infer_window(cons)
    assert window is not None
    (lo, hi), *_ = window.intervals
    assert lo == date(2009, 1, 1) and hi == date(2030, 12, 31)


def test_anniversary_in_present_tense_fixes_the_year() -> None:
    text = "The two nations celebrate the 20th anniversary of the treaty signed in 2001."
    window = infer_window(text_constraints(text, tag(text, None)))
    assert window is not None
    assert window.intervals == ((date(2021, 1, 1), date(2021, 12, 31)),)
    assert resolve(window, [], today=date(2024, 6, 1))[0] == "2021"


def test_an_office_bounds_the_date_from_below_even_in_a_historical_aside() -> None:
    """A text may name an office held long before it was written, never one held only
    later: the start of every office named is a hard lower bound; a term that conflicts
    with a later office's start is dropped."""
    text = "Foreign Minister Ana Ruiz recalled a visit. Foreign Minister Lars Berg spoke.\n"
    mentions = (
        _mention(text, "Ana Ruiz", "p:ana-ruiz", "foreign_minister"),  # 2011-2015
        _mention(text, "Lars Berg", "p:lars-berg", "foreign_minister"),  # 2018-
    )
    doc = _stage()(_doc(text, mentions=mentions))
    assert doc.meta.published_window == f"2018-01-10/{date.today().isoformat()}"
    assert doc.meta.published_evidence and "p:lars-berg" in doc.meta.published_evidence


def test_conflicting_constraint_is_dropped_not_fatal() -> None:
    a = Constraint(((date(2010, 1, 1), date(2012, 12, 31)),), "a")
    b = Constraint(((date(2015, 1, 1), date(2016, 12, 31)),), "b")
    window = infer_window([a, b])
    assert window is not None and window.dropped == ("b",)


def test_a_weekday_in_the_lead_picks_the_year_of_a_yearless_dateline() -> None:
    from datetime import date as _date

    from communique.nlp.dating_window import Window, lead_weekdays, resolve

    window = Window(((_date(2019, 1, 1), _date(2022, 12, 31)),), ("test window",))
    # March 3 was a Tuesday in 2020 only among 2019-2022
    assert lead_weekdays("LIMA, March 3 -- Ministers met on Tuesday.") == [1]
    published, why = resolve(window, [(3, 3)], [1], today=_date(2024, 6, 1))
    assert published == "2020-03-03" and "Tuesday" in why
    # without a weekday the year stays open
    assert resolve(window, [(3, 3)], [], today=_date(2024, 6, 1))[0] is None


def test_an_article_is_not_from_after_today() -> None:
    from datetime import date as _date

    from communique.nlp.dating_window import Window, resolve

    y = 2024
    window = Window(((_date(y - 1, 1, 1), _date(y + 5, 12, 31)),), ("w",))
    published, why = resolve(window, [(1, 1)], [], today=_date(y, 6, 1))
    assert published is None and f"in one of {y - 1}, {y};" in why  # no later year


def test_a_weekday_written_with_a_reported_day_picks_its_year() -> None:
    """'on Sunday, October 30': among the years the offices allow, only one has October 30
    on a Sunday; it fixes the year (the day is the event's, not the article's)."""
    text = (
        "Prime Minister Ana Ruiz spoke to reporters.\n"
        "The delegations met on Sunday, October 30, and agreed to resume talks.\n"
    )
    mentions = (_mention(text, "Ana Ruiz", "p:ana-ruiz", "head_of_government"),)  # 2015-2019
    doc = _stage()(_doc(text, mentions=mentions))
    assert doc.meta.published == "2016"  # October 30 was a Sunday in 2016 only
    assert doc.meta.published_evidence and "Sunday" in doc.meta.published_evidence
