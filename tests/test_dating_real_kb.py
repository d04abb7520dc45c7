"""Dating with the real knowledge base and the whole per-document pipeline: an undated
article of our own whose year only follows from who held which office."""

from __future__ import annotations

from communique.model import DocMeta, Document
from communique.pipeline import Pipeline

# No year anywhere: a head of government who held office from 2022-10 to 2024-07 meets a
# chancellor in office 2021-12 to 2025-05, and a deadline that is still ahead ("by 2023").
ARTICLE = (
    "Leaders discuss North Sea wind power\n"
    "Prime Minister Rishi Sunak received Chancellor Olaf Scholz in London on March 14.\n"
    "The two leaders agreed to link their offshore wind grids by 2023.\n"
)


def test_year_inferred_from_office_holders() -> None:
    """March 14 falls once in the offices' window: it fixes the year. It is the day of the
    talks the text reports, not the day the article was written: the event has the day,
    the article only the year (and its window)."""
    doc = Pipeline()(Document("undated", ARTICLE, DocMeta()))
    assert doc.meta.published_source == "inferred"
    assert doc.meta.published == "2023"
    assert doc.meta.published_window == "2023-01-01/2023-12-31"
    assert "p:rishi-sunak" in (doc.meta.published_evidence or "")
    talks = [e for e in doc.events if "received" in doc.text[e.start : e.end]]
    assert [e.date for e in talks] == ["2023-03-14"]


def test_stated_dates_beat_inference() -> None:
    text = "LONDON, March 14, 2023 — " + ARTICLE.split("\n", 1)[1]
    doc = Pipeline()(Document("dated", text, DocMeta()))
    assert (doc.meta.published, doc.meta.published_source) == ("2023-03-14", "text")


def test_metadata_dates_are_kept() -> None:
    doc = Pipeline()(Document("meta", ARTICLE, DocMeta(published="2023-03-15",
                                                       published_source="metadata")))  # fmt: skip
    assert (doc.meta.published, doc.meta.published_source) == ("2023-03-15", "metadata")
