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
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import ClassVar, Protocol

from communique.config import Config
from communique.kb.base import ROLE_RANK, KnowledgeBase, role_matches, title_check, within
from communique.model import Document, Mention, Office, TimeExpr
from communique.nlp.people import check_people
from communique.nlp.timex import tag
from communique.nlp.timex_ctx import Context
from communique.nlp.timex_dateline import StatedDate, stated_date
from communique.nlp.timex_norm import parse_ref
from communique.pipeline import register

Interval = tuple[date, date]
_LOW, _HIGH = date(1, 1, 1), date(9999, 12, 31)


class OfficeSource(Protocol):
    """What dating needs from the knowledge base."""

    def offices(self, actor_id: str) -> tuple[Office, ...]: ...


@dataclass(frozen=True)
class Constraint:
    """The article lies inside one of ``intervals``, because of ``reason``."""

    intervals: tuple[Interval, ...]
    reason: str


@dataclass(frozen=True)
class Window:
    """Where the evidence puts an article (None when nothing bounds it)."""

    intervals: tuple[Interval, ...]
    reasons: tuple[str, ...]
    dropped: tuple[str, ...] = ()

    def hull(self, today: date | None = None) -> str:
        """Earliest–latest as an ISO 8601 interval ("2011-03-01/2013-12-31"; ".." when open),
        no later than ``today``."""
        lo = min(a for a, _ in self.intervals)
        hi = max(b for _, b in self.intervals)
        if today is not None and hi > today:
            hi = today
        left = ".." if lo == _LOW else lo.isoformat()
        right = ".." if hi == _HIGH else hi.isoformat()
        return f"{left}/{right}"

    def describe(self) -> str:
        spans = ", ".join(f"{a.isoformat()}/{b.isoformat()}" for a, b in self.intervals)
        return spans.replace(_LOW.isoformat(), "..").replace(_HIGH.isoformat(), "..")


def _bound(iso: str | None, end: bool) -> date:
    ref = parse_ref(iso)
    if ref is None:
        return _HIGH if end else _LOW
    d = ref.day
    if ref.precision == "Y":
        return date(d.year, 12, 31) if end else date(d.year, 1, 1)
    if ref.precision == "M":
        nxt = date(d.year + d.month // 12, d.month % 12 + 1, 1)
        return date.fromordinal(nxt.toordinal() - 1) if end else date(d.year, d.month, 1)
    return d


def office_constraints(mentions: Iterable[Mention], kb: OfficeSource) -> list[Constraint]:
    """One constraint per (person, office) named in the text with a role the KB dates."""
    seen: set[tuple[str, str]] = set()
    out: list[Constraint] = []
    for m in mentions:
        if m.kind != "person" or not m.role or not m.actor_id.startswith("p:"):
            continue
        key = (m.actor_id, m.role)
        if key in seen:
            continue
        seen.add(key)
        terms = [
            (_bound(o.start, False), _bound(o.end, True))
            for o in kb.offices(m.actor_id)
            if role_matches(o.role, m.role)
            and (m.country is None or o.country in (None, m.country))
        ]
        if terms:
            reason = f"{m.actor_id} as {m.role} ({_terms(terms)})"
            out.append(Constraint(tuple(sorted(terms)), reason))
    return out


def _terms(terms: Sequence[Interval]) -> str:
    return "; ".join(f"{a.isoformat()}–{'' if b == _HIGH else b.isoformat()}" for a, b in terms)


_YEAR = re.compile(r"^(\d{4})(?:-(\d\d)(?:-(\d\d))?)?$")


_REPORTING = re.compile(
    r"\b(?:said|told|noted|stated|stressed|affirmed|emphasi[sz]ed|highlighted|underlined|added"
    r"|asked|urged|called|proposed|suggested|expressed|announced|hoped|believed|agreed)\b",
    re.I,
)
_DONE = re.compile(r"\b(?:had|was|were|did|completed|achieved|reached|finished|met)\b", re.I)
_CLAUSE_BREAK = re.compile(r"[,;:()\[\]\n]|\b(?:that|which|and|but|while|when|after|before)\b")


def _clause(text: str, start: int, end: int) -> str:
    """The clause around a span: from the last break before it to the next one after it."""
    left = text[max(0, start - 150) : start]
    cuts = [m.end() for m in _CLAUSE_BREAK.finditer(left)]
    right = text[end : end + 150]
    nxt = _CLAUSE_BREAK.search(right)
    return left[cuts[-1] if cuts else 0 :] + text[start:end] + right[: nxt.start() if nxt else 150]


def clause_tense(text: str, start: int, end: int) -> str | None:
    """past / future / present from the verbs of the clause itself (reporting verbs aside)."""
    clause = _REPORTING.sub(" ", _clause(text, start, end))
    return Context(clause, None, None).tense(len(clause) // 2, len(clause) // 2) if clause else None


def _anniversary(text: str, t: TimeExpr, y: int) -> list[Constraint]:
    """An anniversary being marked now gives the year; one ahead an upper bound; a past one a
    lower bound (read from the words just before it)."""
    left = text[max(0, t.start - 80) : t.start]
    left = left[left.rfind(".") + 1 :]
    words = text[t.start : t.end]
    if re.search(r"\b(?:celebrated|marked|was|were|had)\b", left, re.I):
        return [Constraint(((date(y, 1, 1), _HIGH),), f"'{words}' ({y}) is past")]
    if re.search(
        r"\b(?:celebrat\w*|mark\w*|observ\w*|commemorat\w*|on\s+the\s+occasion)\s+$", left, re.I
    ):
        return [Constraint(((date(y, 1, 1), date(y, 12, 31)),), f"'{words}' ({y}) marked now")]
    return [Constraint(((_LOW, date(y, 12, 31)),), f"'{words}' ({y}) not yet past")]


def text_constraints(text: str, times: Sequence[TimeExpr]) -> list[Constraint]:
    """Bounds from absolute dates and the tense of their clause (times tagged without DCT)."""
    out: list[Constraint] = []
    for t in times:
        m = _YEAR.match(t.value)
        if not m or t.type not in ("DATE", "TIME") or not 1900 <= int(m[1]) <= 2100:
            continue
        words = text[t.start : t.end]
        y = int(m[1])
        before = text[max(0, t.start - 12) : t.start].lower()
        clause = _clause(text, t.start, t.end)
        tense = clause_tense(text, t.start, t.end)
        if "anniversar" in words.lower():
            out.extend(_anniversary(text, t, y))
        elif t.mod in ("ON_OR_BEFORE", "BEFORE") and not _DONE.search(clause):
            end = _bound(t.value, True)
            out.append(Constraint(((_LOW, end),), f"deadline '{words}' still ahead"))
        elif tense == "future" and re.search(r"\b(?:in|by)\s+$", before):
            out.append(Constraint(((_LOW, _bound(t.value, True)),), f"'{words}' still ahead"))
        elif re.search(r"\bsince\s+$", before) or (
            tense == "past" and re.search(r"\b(?:in|on)\s+$", before)
        ):
            out.append(Constraint(((_bound(t.value, False), _HIGH),), f"'{words}' told as past"))
    return out


def _intersect(a: Sequence[Interval], b: Sequence[Interval]) -> tuple[Interval, ...]:
    out = []
    for a0, a1 in a:
        for b0, b1 in b:
            lo, hi = max(a0, b0), min(a1, b1)
            if lo <= hi:
                out.append((lo, hi))
    return tuple(sorted(out))


def infer_window(constraints: Sequence[Constraint]) -> Window | None:
    """Intersect the constraints; one that would empty the window is dropped (and named)."""
    if not constraints:
        return None
    current: tuple[Interval, ...] = ((_LOW, _HIGH),)
    reasons: list[str] = []
    dropped: list[str] = []
    for c in constraints:
        nxt = _intersect(current, c.intervals)
        if nxt:
            current = nxt
            reasons.append(c.reason)
        else:
            dropped.append(c.reason)
    return Window(current, tuple(reasons), tuple(dropped)) if reasons else None


def _day_months(times: Sequence[TimeExpr], stated: StatedDate | None) -> list[tuple[int, int]]:
    found = []
    if stated and not stated.has_year:
        found.append((int(stated.value[5:7]), int(stated.value[8:10])))
    for t in times:
        m = re.match(r"^XXXX-(\d\d)-(\d\d)$", t.value)
        if m:
            found.append((int(m[1]), int(m[2])))
    return found


_WEEKDAY = re.compile(r"\b(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b")
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def lead_weekdays(text: str, chars: int = 600) -> list[int]:
    """Weekdays (0 = Monday) named near the top of the article, where the dateline's day is
    usually the day the lead reports ("BEIJING, May 13 -- ... on Tuesday")."""
    return sorted({_WEEKDAYS.index(w.lower()) for w in _WEEKDAY.findall(text[:chars])})


def resolve(
    window: Window,
    day_months: Sequence[tuple[int, int]],
    weekdays: Sequence[int] = (),
    *,
    today: date,
) -> tuple[str | None, str]:
    """(published, evidence) from a window and the year-less dates of the text; an article
    cannot be from after ``today`` (``Config.clock``), and a weekday the lead names breaks a
    tie between years."""
    why = "; ".join(window.reasons)
    spans = [(lo, min(hi, today)) for lo, hi in window.intervals if lo <= today]
    for mo, d in day_months[:1]:
        hits = _years_of(spans, mo, d)
        if len(hits) == 1:
            return (
                f"{hits[0]:04d}-{mo:02d}-{d:02d}",
                f"{mo:02d}-{d:02d} falls once in {window.describe()}: {why}",
            )
        same_day = [y for y in hits if date(y, mo, d).weekday() in weekdays]
        if len(same_day) == 1:
            wd = _WEEKDAYS[date(same_day[0], mo, d).weekday()].capitalize()
            return (
                f"{same_day[0]:04d}-{mo:02d}-{d:02d}",
                f"{mo:02d}-{d:02d} is a {wd}, as the lead says, only in {same_day[0]} of "
                f"{', '.join(map(str, hits[:6]))}; window {window.describe()}: {why}",
            )
        if hits:
            years = ", ".join(str(y) for y in hits[:6]) + (
                f" (+{len(hits) - 6})" if len(hits) > 6 else ""
            )
            return None, f"{mo:02d}-{d:02d} in one of {years}; window {window.describe()}: {why}"
    span_years = {y for lo, hi in spans for y in (lo.year, hi.year)}
    if len(span_years) == 1:
        return f"{span_years.pop():04d}", f"window {window.describe()}: {why}"
    return None, f"window {window.describe()}: {why}"


def _years_of(spans: Sequence[Interval], month: int, day: int) -> list[int]:
    """The years in which month-day falls inside one of ``spans`` (1900-2100)."""
    hits = []
    for lo, hi in spans:
        for y in range(max(lo.year, 1900), min(hi.year, 2100) + 1):
            try:
                if lo <= date(y, month, day) <= hi:
                    hits.append(y)
            except ValueError:  # February 29 of a common year
                continue
    return hits


@register
class DatingStage:
    name: ClassVar[str] = "dating"
    requires: ClassVar[tuple[str, ...]] = ("sentences", "mentions")
    provides: ClassVar[tuple[str, ...]] = ("dating",)

    def __init__(self, config: Config, kb: OfficeSource | None = None) -> None:
        self.config = config
        self._kb = kb
        self._kb_loaded = kb is not None

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

    def _date(self, doc: Document) -> Document:
        if doc.meta.published:
            return doc.with_meta(published_source=doc.meta.published_source or "metadata")
        stated = stated_date(doc)
        if stated and stated.has_year:
            return doc.with_meta(
                published=stated.value,
                published_source="text",
                published_evidence=f"{stated.kind}: '{stated.text}'",
            )
        times = tag(doc.text, None, doc.sentences or None)
        kb = self._knowledge()
        cons = office_constraints(doc.mentions, kb) if kb else []
        window = infer_window(cons + text_constraints(doc.text, times))
        if window is None:
            return doc
        day_months, weekdays = _day_months(times, stated), lead_weekdays(doc.text)
        today = self.config.clock()
        published, evidence = resolve(window, day_months, weekdays, today=today)
        return doc.with_meta(
            published=published,
            published_source="inferred" if published else None,
            published_evidence=evidence,
            published_window=None if published and len(published) >= 10 else window.hull(today),
        )


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
