"""Pipeline stage ``dating``: the publication date of an article.

Order of evidence: metadata (kept as is) > a date the text states about itself (date line,
dateline, photo caption: :mod:`timex_dateline`) > inference. Inference intersects windows:

* offices: a person named with an office ("State President X") wrote or spoke while X held
  that office, so the article lies inside one of X's terms (``kb.offices``);
* years in the text: a year told in the past tense is a lower bound, a deadline ("by 2015")
  or a year in a future-tense sentence an upper bound, an anniversary in the present tense
  ("celebrate the 30th anniversary of the 1994 treaty") gives the year itself.

A day-month without a year ("on June 20") then picks the year(s) inside the window. The pure
functions (:func:`office_constraints`, :func:`text_constraints`, :func:`infer_window`,
:func:`resolve`) are reused by cross-document fusion.
"""

from __future__ import annotations

import dataclasses
import re
from datetime import date
from typing import ClassVar

from communique.config import Config
from communique.kb.base import ROLE_RANK, KnowledgeBase, title_check, within
from communique.model import Document, Office
from communique.nlp.dating_facts import FactReader, fact_constraints
from communique.nlp.dating_window import (
    OfficeSource,
    Window,
    bound,
    infer_window,
    intersect,
    lead_weekdays,
    office_constraints,
    resolve,
    text_constraints,
    year_less_days,
)
from communique.nlp.numeric_order import agency_country
from communique.nlp.people import check_people
from communique.nlp.timex import tag
from communique.nlp.timex_dateline import stated_date
from communique.pipeline import register


@register
class DatingStage:
    name: ClassVar[str] = "dating"
    requires: ClassVar[tuple[str, ...]] = ("sentences", "mentions")
    provides: ClassVar[tuple[str, ...]] = ("dating",)

    def __init__(self, config: Config, kb: OfficeSource | None = None) -> None:
        self.config = config
        self._kb = kb
        self._kb_loaded = kb is not None
        self._fact_reader: FactReader | None = None

    def _knowledge(self) -> OfficeSource | None:
        if not self._kb_loaded:
            self._kb_loaded = True
            self._kb = KnowledgeBase.load()
        return self._kb

    def __call__(self, doc: Document) -> Document:
        dated = self._date(doc)
        kb = self._knowledge()
        if kb is not None and dated.meta.published and not doc.meta.published:
            dated = recheck_roles(dated, kb)
        if isinstance(kb, KnowledgeBase):
            dated = check_people(dated, kb)
        return _mark(dated)

    def _facts(self, kb: KnowledgeBase) -> FactReader:
        if self._fact_reader is None:
            self._fact_reader = FactReader.build(kb)
        return self._fact_reader

    def _country_of(self, text: str) -> str | None:
        """The outlet's country, for its date convention: the agency tag's, else the
        dateline's place's."""
        return agency_country(text) or _place_country(self._knowledge(), text)

    def _date(self, doc: Document) -> Document:
        if doc.meta.published:
            return doc.with_meta(published_source=doc.meta.published_source or "metadata")
        lead = lead_weekdays(doc.text)
        stated = stated_date(doc, self._country_of, lead)
        if stated and stated.candidates:
            first, last = stated.candidates[0], stated.candidates[-1]
            return doc.with_meta(
                published_evidence=f"{stated.kind}: '{stated.text}' reads as "
                f"{' or '.join(stated.candidates)}; {stated.how}",
                published_window=f"{first}/{last}",
            )
        if stated and stated.has_year:
            how = f" ({stated.how})" if stated.how else ""
            return doc.with_meta(
                published=stated.value,
                published_source="text",
                published_evidence=f"{stated.kind}: '{stated.text}'{how}",
            )
        times = tag(doc.text, None, doc.sentences or None)
        kb = self._knowledge()
        cons = office_constraints(doc.mentions, kb) if kb else []
        if isinstance(kb, KnowledgeBase):
            cons += fact_constraints(doc, self._facts(kb))
        window = infer_window(cons + text_constraints(doc.text, times))
        if window is None:
            return doc
        own, told = year_less_days(times, stated, doc.text)
        today = self.config.clock()
        published, evidence = resolve(window, own, lead, today=today, told=told)
        return doc.with_meta(
            published=published,
            published_source="inferred" if published else None,
            published_evidence=evidence,
            published_window=_window_of(window, published, today),
        )


_DATELINE_PLACE = re.compile(r"^\s*([^\W\d_][^\n,(]{1,40}?)\s*(?:,|\(|$)", re.M)


def _place_country(kb: OfficeSource | None, text: str) -> str | None:
    """The country of the place a dateline names at the start of one of the first lines."""
    if not isinstance(kb, KnowledgeBase):
        return None
    for m in _DATELINE_PLACE.finditer("\n".join(text.splitlines()[:8])):
        place = kb.find_place(m.group(1)) or kb.find_place(m.group(1).split()[0])
        if place and place.country:
            return place.country
    return None


def _window_of(window: Window, published: str | None, today: date) -> str | None:
    """The window to keep beside a date coarser than a day: the evidence's, inside that
    year or month."""
    if published and len(published) >= 10:
        return None
    if published:
        lo, hi = bound(published, False), bound(published, True)
        inside = intersect(window.intervals, ((lo, hi),))
        window = Window(inside or ((lo, hi),), window.reasons)
    return window.hull(today)


def recheck_roles(doc: Document, kb: OfficeSource) -> Document:
    """Offices as of a date found only now (in the text, or inferred): a person named alone
    gets the office held then; one named with a title the knowledge base contradicts is
    flagged, as the mention stage does for documents dated from the start."""
    date = doc.meta.published or ""
    out = []
    for m in doc.mentions:
        if m.kind == "person" and m.actor_id.startswith("p:"):
            held = [o for o in kb.offices(m.actor_id) if within(date, o.start, o.end)]
            if m.role is None and held:
                m = dataclasses.replace(m, role=min(held, key=_rank).role)
            elif (
                m.method == "title"
                and m.role
                and (flag := title_check(kb.offices(m.actor_id), m.role, date))
            ):
                m = dataclasses.replace(m, flags=(*m.flags, flag))
        out.append(m)
    return doc.with_layers(mentions=tuple(out))


def _rank(o: Office) -> int:
    return ROLE_RANK.get(o.role, 9)


def _mark(doc: Document) -> Document:
    """Record the ``dating`` layer (it lives in ``meta``, not in a field of its own)."""
    return dataclasses.replace(doc, layers=doc.layers | {"dating"})
