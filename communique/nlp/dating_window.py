"""Windows for undated articles: constraints from offices and from the years a text tells,
intersected; a year-less day then picks the year(s) inside the window. Pure functions, reused
by the dating stage and by cross-document dating."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from communique.kb.base import role_matches
from communique.model import Mention, Office, TimeExpr
from communique.nlp.timex_ctx import Context
from communique.nlp.timex_dateline import StatedDate
from communique.nlp.timex_norm import parse_ref

Interval = tuple[date, date]
# offices of organisations: held by a national of some state, filed under the organisation
ORGANIZATION_CODES = ("UNO", "NATO", "ASEAN", "EUR", "IMF", "WBG", "WTO", "WHO", "AU")
_LOW, _HIGH = date(1, 1, 1), date(9999, 12, 31)


class OfficeSource(Protocol):
    """What dating needs from the knowledge base."""

    def offices(self, actor_id: str) -> tuple[Office, ...]: ...


@dataclass(frozen=True)
class Constraint:
    """The article lies inside one of ``intervals``, because of ``reason``."""

    intervals: tuple[Interval, ...]
    reason: str
    # a hard constraint is applied before the others; they are dropped if they conflict
    hard: bool = False


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


def bound(iso: str | None, end: bool) -> date:
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
    """Two constraints per (person, office) named in the text with a role the KB dates: the
    article is not older than the office (hard: a text can name an office held before it
    was written, as in a historical aside, never one held only later), and it lies inside
    one of the terms (soft: dropped when it conflicts with the rest of the evidence)."""
    seen: set[tuple[str, str]] = set()
    out: list[Constraint] = []
    for m in mentions:
        if m.kind != "person" or not m.role or not m.actor_id.startswith("p:"):
            continue
        key = (m.actor_id, m.role)
        if key in seen:
            continue
        seen.add(key)
        terms = sorted(
            (bound(o.start, False), bound(o.end, True))
            for o in kb.offices(m.actor_id)
            if role_matches(o.role, m.role)
            and (m.country is None or o.country in (None, m.country, *ORGANIZATION_CODES))
        )
        if terms:
            first = terms[0][0]
            out.append(
                Constraint(
                    ((first, _HIGH),),
                    f"{m.actor_id} as {m.role} from {first.isoformat()}",
                    hard=True,
                )
            )
            out.append(Constraint(tuple(terms), f"{m.actor_id} as {m.role} ({_terms(terms)})"))
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
            end = bound(t.value, True)
            out.append(Constraint(((_LOW, end),), f"deadline '{words}' still ahead"))
        elif tense == "future" and re.search(r"\b(?:in|by)\s+$", before):
            out.append(Constraint(((_LOW, bound(t.value, True)),), f"'{words}' still ahead"))
        elif re.search(r"\bsince\s+$", before) or (
            tense == "past" and re.search(r"\b(?:in|on)\s+$", before)
        ):
            out.append(Constraint(((bound(t.value, False), _HIGH),), f"'{words}' told as past"))
    return out


def intersect(a: Sequence[Interval], b: Sequence[Interval]) -> tuple[Interval, ...]:
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
    for c in sorted(constraints, key=lambda c: not c.hard):
        nxt = intersect(current, c.intervals)
        if nxt:
            current = nxt
            reasons.append(c.reason)
        else:
            dropped.append(c.reason)
    return Window(current, tuple(reasons), tuple(dropped)) if reasons else None


Told = tuple[int, int, int | None]  # month, day, the weekday written with it (0 = Monday)


def year_less_days(
    times: Sequence[TimeExpr], stated: StatedDate | None, text: str = ""
) -> tuple[list[tuple[int, int]], list[Told]]:
    """(the day the article states for itself without a year, days its text reports): the
    first is the publication day, the others only fix a year, with the weekday written
    beside them if any ("on Sunday, October 30")."""
    own = (
        [(int(stated.value[5:7]), int(stated.value[8:10]))]
        if stated and not stated.has_year
        else []
    )
    told: list[Told] = []
    for t in times:
        m = re.match(r"^XXXX-(\d\d)-(\d\d)$", t.value)
        if m:
            near = text[max(0, t.start - 12) : t.end]
            wd = _WEEKDAY.search(near)
            told.append((int(m[1]), int(m[2]), _WEEKDAYS.index(wd[1].lower()) if wd else None))
    return own, told


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
    told: Sequence[Told] = (),
) -> tuple[str | None, str]:
    """(published, evidence) from a window, the day the article states for itself without a
    year (``day_months``) and the days its text reports (``told``); an article cannot be
    from after ``today`` (``Config.clock``), and a weekday the lead names breaks a tie
    between years of the stated day. A reported day is when something happened, not when
    it was written: it may fix the year, never the day."""
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
    for mo, d, day_of_week in told[:1]:
        hits = _years_of(spans, mo, d)
        if day_of_week is not None and len(hits) > 1:
            hits = [y for y in hits if date(y, mo, d).weekday() == day_of_week]
        if len(hits) == 1:
            on = f" ({_WEEKDAYS[day_of_week].capitalize()})" if day_of_week is not None else ""
            return (
                f"{hits[0]:04d}",
                f"{mo:02d}-{d:02d}{on}, a day the text reports, falls once in "
                f"{window.describe()}: {why}",
            )
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
