"""Timeline entries from merged happenings: date, title, extractive summary, sources; plus the
text rendering and filters the CLI uses."""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Callable, Sequence
from typing import Any

from communique.fuse.model import Report, TimelineEntry
from communique.model import stable_id
from communique.nlp.date_values import compatible

Names = Callable[[str], str]
VERBS = {
    "visit": "visit", "host": "visit", "meet": "talks", "press-conference": "press conference",
    "phone": "phone call", "letter": "letters", "sign": "signing", "invite": "invitation",
    "accept-invitation": "invitation accepted",
}  # fmt: skip


@dataclasses.dataclass(frozen=True)
class DateVerdict:
    date: str
    flags: tuple[str, ...] = ()
    claims: tuple[dict[str, Any], ...] = ()


def _best_date(reports: Sequence[Report]) -> DateVerdict:
    """The most precise date all reports agree with; conflicting dates are kept as claims
    with their sources and flagged."""
    # a date the text states outweighs a publication day standing in for one
    told = [r for r in reports if r.stated and r.date] or list(reports)
    dates = sorted({r.date for r in told if r.date}, key=lambda d: (-len(d), d))
    best = dates[0]
    conflicts = [d for d in dates if not compatible(d, best)]
    if not conflicts:
        return DateVerdict(best)
    claims = tuple(
        {"field": "date", "value": r.date, "doc_id": r.doc_id, "sentence": r.sentence} for r in told
    )
    common = Counter(r.date for r in told).most_common(1)[0][0] or best
    return DateVerdict(common, ("contradiction: date",), claims)


def _seat_claims(reports: Sequence[Report], names: Names) -> DateVerdict | None:
    """Sources naming different holders of one office at one happening: every claim kept
    with its source, the entry flagged. (Returned as a verdict without a date.)"""
    holders: dict[str, dict[str, list[Report]]] = {}
    for r in reports:
        for person, seat in r.seats:
            holders.setdefault(seat, {}).setdefault(person, []).append(r)
    claims: list[dict[str, Any]] = []
    for seat, by_person in sorted(holders.items()):
        docs = [{r.doc_id for r in rs} for rs in by_person.values()]
        if len(by_person) < 2 or len(set().union(*docs)) < 2:
            continue
        country, role = seat.split(":", 1)
        claims.extend(
            {"field": "participant", "value": names(person), "actor_id": person,
             "office": role, "country": country, "doc_id": r.doc_id, "sentence": r.sentence}
            for person, rs in sorted(by_person.items()) for r in rs
        )  # fmt: skip
    if not claims:
        return None
    return DateVerdict("", ("contradiction: participant",), tuple(claims))


def _leading_persons(reports: Sequence[Report], k: int = 3) -> list[str]:
    """The ``k`` persons most reports name; ties go to the one named first (source, then
    target, then the other participants of the earliest report), never to set order."""
    counts = Counter(p for r in reports for p in r.persons)
    first: dict[str, int] = {}
    for r in reports:
        ev = r.event
        for p in (*ev.source, *ev.target, *ev.participants, *sorted(r.persons)):
            if p in r.persons:
                first.setdefault(p, len(first))
    return sorted(counts, key=lambda p: (-counts[p], first[p]))[:k]


def _title(reports: Sequence[Report], names: Names, parts: int) -> str:
    modes = Counter(r.event.mode or r.event.type.lower() for r in reports)
    if parts > 1:
        visitor = next((r for r in reports if r.event.mode == "visit"
                        and r.event.source[:1] and r.event.source[0][:2] in ("p:", "x:")), None)  # fmt: skip
        if visitor:
            return f"{names(visitor.event.source[0])} visits {_host(visitor, names)}".strip()
        what, who = "visit", _who(reports, names)
    else:
        top = modes.most_common(1)[0][0]
        what = VERBS.get(top, top.replace("-", " "))
        who = _main_actors(reports, top, names) or _who(reports, names)
    return f"{what[:1].upper()}{what[1:]}: {', '.join(who)}"


def _who(reports: Sequence[Report], names: Names) -> list[str]:
    who = [names(p) for p in _leading_persons(reports)]
    return who or sorted({names("c:" + c) for r in reports for c in r.countries})[:3]


def _main_actors(reports: Sequence[Report], mode: str, names: Names) -> list[str]:
    """Who did what to whom in the happening's main report (the most confident of its most
    told kind): its source, then its target — not whoever the reports name most (a leader
    named in every story of a war is not the actor of each of its happenings)."""
    main = min((r for r in reports if (r.event.mode or r.event.type.lower()) == mode),
               key=lambda r: (-r.event.confidence, r.doc_id, r.event.start))  # fmt: skip
    ids = [
        m
        for a in (*main.event.source, *main.event.target)
        for m in (a[2:].split("+") if a.startswith("g:") else [a])
    ]  # a group: its members
    return list(dict.fromkeys(names(a) for a in ids))[:3]


def _host(visit: Report, names: Names) -> str:
    ev = visit.event
    if ev.location and ev.location.country:
        return names("c:" + ev.location.country)
    target = next((t for t in ev.target if t.startswith("c:")), None)
    return names(target) if target else ""


def _summary(reports: Sequence[Report], k: int = 3) -> str:
    """Up to k source sentences, one per document first, most confident first."""
    ranked = sorted(reports, key=lambda r: (-r.event.confidence, r.doc_id, r.event.start))
    chosen: list[str] = []
    seen_docs: set[str] = set()
    for r in ranked + ranked:
        if len(chosen) >= k:
            break
        if (r.doc_id in seen_docs and len(seen_docs) < len({x.doc_id for x in reports})) or (
            r.sentence in chosen
        ):
            continue
        seen_docs.add(r.doc_id)
        chosen.append(" ".join(r.sentence.split()))
    return " ".join(chosen)


def entry(visit: Sequence[Sequence[Report]], names: Names) -> TimelineEntry:
    reports = [r for g in visit for r in g]
    verdict = _best_date(reports)
    seats = _seat_claims(reports, names)
    date = verdict.date
    persons = sorted({p for r in reports for p in r.persons})
    loc = next((r.event.location for r in reports if r.event.location), None)
    parts = tuple(
        {"date": _best_date(g).date, "title": _title(g, names, 1),
         "event_ids": sorted({r.event.event_id for r in g})}
        for g in visit
    ) if len(visit) > 1 else ()  # fmt: skip
    countries = sorted({c for r in reports for c in r.countries})
    return TimelineEntry(
        # unique: the smallest event id is in no other entry
        entry_id=stable_id("entry", min(r.event.event_id for r in reports)),
        date=date,
        title=_title(reports, names, len(visit)),
        summary=_summary(reports),
        participants=tuple(names(p) for p in persons) or tuple(names("c:" + c) for c in countries),
        event_ids=tuple(sorted({r.event.event_id for r in reports})),
        doc_ids=tuple(sorted({r.doc_id for r in reports})),
        location=dataclasses.asdict(loc) if loc else None,
        parts=parts,
        flags=verdict.flags + (seats.flags if seats else ()),
        claims=verdict.claims + (seats.claims if seats else ()),
        kind="visit" if len(visit) > 1 else "happening",
    )


def undated_entry(reports: Sequence[Report], names: Names, window: str | None) -> TimelineEntry:
    """An entry for the undated reports of one document telling one happening (see
    :func:`communique.fuse.merge.undated_groups`): no date, the document's window instead."""
    persons = sorted({p for r in reports for p in r.persons})
    countries = sorted({c for r in reports for c in r.countries})
    loc = next((r.event.location for r in reports if r.event.location), None)
    return TimelineEntry(
        entry_id=stable_id("entry", min(r.event.event_id for r in reports)),
        date=None,
        title=_title(reports, names, 1),
        summary=_summary(reports),
        participants=tuple(names(p) for p in persons) or tuple(names("c:" + c) for c in countries),
        event_ids=tuple(sorted({r.event.event_id for r in reports})),
        doc_ids=tuple(sorted({r.doc_id for r in reports})),
        location=dataclasses.asdict(loc) if loc else None,
        kind="undated",
        window=window,
    )


def filter_entries(
    entries: Sequence[dict[str, Any]],
    start: str | None = None,
    end: str | None = None,
    actor: str | None = None,
    country: str | None = None,
) -> list[dict[str, Any]]:
    """Entries (as exported rows) within [start, end] naming the actor or country. An undated
    entry is within the range only when its window overlaps it."""
    out = []
    for e in entries:
        if not _within(e, start, end):
            continue
        text = " ".join([*e.get("participants", []), e.get("title", ""), e.get("summary", "")])
        if actor and actor.lower() not in text.lower():
            continue
        if country and country.lower() not in text.lower():
            continue
        out.append(e)
    return out


def _within(e: dict[str, Any], start: str | None, end: str | None) -> bool:
    date = e.get("date")
    if date is None:
        return not (start or end) or window_overlaps(e.get("window"), start, end)
    return _from(date, start) and _until(date, end)


def _from(value: str, start: str | None) -> bool:
    """``value`` (a date at any precision) is not wholly before ``start``."""
    return not start or value[: len(start)] >= start[: len(value)]


def _until(value: str, end: str | None) -> bool:
    """``value`` is not wholly after ``end``."""
    return not end or value[: len(end)] <= end[: len(value)]


def window_overlaps(window: str | None, start: str | None, end: str | None) -> bool:
    """Does the interval ``window`` ("2011-03-01/2013-12-31", ".." for an open end) overlap
    [start, end]? No window overlaps nothing."""
    lo, sep, hi = (window or "").partition("/")
    if not sep:
        return False
    return (hi == ".." or _from(hi, start)) and (lo == ".." or _until(lo, end))


def format_timeline(entries: Sequence[dict[str, Any]], width: int = 100) -> str:
    """Dated entries in order, then a section of the undated ones with their windows."""
    dated = [e for e in entries if e.get("date") is not None]
    undated = [e for e in entries if e.get("date") is None]
    lines = [line for e in dated for line in _entry_lines(e, e["date"], width)]
    if undated:
        if lines:
            lines.append("")
        lines.append(f"Undated ({len(undated)} entr{'y' if len(undated) == 1 else 'ies'})")
        for e in undated:
            where = f"window {e['window']}" if e.get("window") else "no window"
            lines.extend(_entry_lines(e, "undated", width, f"{where} · {', '.join(e['doc_ids'])}"))
    return "\n".join(lines)


def _entry_lines(e: dict[str, Any], date: str, width: int, note: str = "") -> list[str]:
    sources = len(e.get("doc_ids", []))
    flag = "  [!] " + ", ".join(e["flags"]) if e.get("flags") else ""
    lines = [f"{date:<10}  {e['title']}  ({sources} source{'s' * (sources != 1)}){flag}"]
    if note:
        lines.append(f"{'':<12}{note}")
    for part in e.get("parts", []):
        lines.append(f"{'':<12}- {part['date']}: {part['title']}")
    summary = e.get("summary", "")
    if summary:
        lines.append(f"{'':<12}{summary[: width - 12]}{'…' if len(summary) > width - 12 else ''}")
    return lines
