"""Person links checked against time and context, once the article's date or window is known.

The mention stage links names to the knowledge base before the article is dated (dating needs
those links), so a bare surname can take a namesake from another decade ("Carney" in 2011 news
is seldom Canada's prime minister of 2025) or a person of another trade ("photographer Ahmet
Sezer"). Here, for each KB person the document names:

* a name inside a photo credit ("Photo: X", "(Photo by X/Agency)", "X/Reuters") or a byline
  ("(Reporting by X in Cairo)") is never a KB person (that mention alone is unlinked);
* a name given another occupation right beside it ("spokesman X", "X, the press secretary"),
  or a bare surname after a title that fits none of the person's offices ("Foreign Minister X"
  for a central banker), names another person of that name;
* time: a person named by name alone (no office title anywhere in the document) must have
  held an office near the document's date or window — within ``SURNAME_YEARS`` of it for a
  bare surname; for a full name, any time before it and up to ``FULL_NAME_AHEAD`` years after.

Such a person becomes an unresolved person of the name (``x:``, as the mention stage names
persons the KB lacks), with an ``unlinked:`` flag giving the reason and the former link. Every
mention of them follows (the surname again, "the latter", "the two leaders"), unless the
document also names them with a title that fits: that vouches for the link, and only the
mentions with a reason of their own are unlinked.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from communique.kb import KnowledgeBase
from communique.kb.base import role_matches
from communique.kb.fold import fold
from communique.model import Document, Mention, Office
from communique.nlp.mention_gaz import NAME_PARTICLES, unknown_person_id
from communique.nlp.mention_lex import (
    BYLINE,
    CREDIT_AFTER,
    CREDIT_BEFORE,
    CREDIT_SLASHED,
    HEAD_TITLES,
    OCCUPATION_AFTER,
    OCCUPATION_BEFORE,
    PAST_TRADE,
    ROLE_NOUNS,
    TITLES,
)

# A bare surname in the news is someone in or near office: a leader just out of office is still
# quoted, one about to take office is already a minister or a candidate. Two years covers both
# without reaching the namesakes of other decades.
SURNAME_YEARS = 2
# A full name identifies the person whatever the date: before the first office it is the same
# person earlier in a career (a central bank governor who becomes prime minister), after the
# last one history. Only a full name long before any office is a namesake: among KB persons
# with several offices, 90% have started all of them within 17 years of the first, 95% within
# 22 (the KB as built for issue 12), so 20 years.
FULL_NAME_AHEAD = 20

COURTESY = frozenset(("mr", "mrs", "ms", "dr"))
# words of titles and role descriptions: where, read from its end, a mention's name stops
_TITLE_WORDS = frozenset(
    w for k in (*TITLES, *HEAD_TITLES, *ROLE_NOUNS) for w in re.split(r"[ -]", k)
) | {"the", "his", "her", "their", "its"}
_WORD = re.compile(r"\S+")

Years = tuple[int | None, int | None]


@dataclass(frozen=True)
class _Anchor:
    """A mention that names the person: its name, and whether an office comes with it."""

    index: int
    mention: Mention
    name: str
    titled: bool  # a title or role description (a courtesy "Mr." is none)
    full: bool  # a full name: several words, or all of a one-word name ("Suharto")


@dataclass(frozen=True)
class _Unlink:
    xid: str  # the unresolved person it becomes
    reason: str
    was: str  # the KB person
    was_country: str | None  # theirs, not the namesake's


def check_people(doc: Document, kb: KnowledgeBase) -> Document:
    """Unlink persons whose known offices and life do not fit the document's date window or
    the words around the mention; they stay unresolved persons of that name."""
    years = document_years(doc.meta.published, doc.meta.published_window)
    alone: dict[int, _Unlink] = {}  # mention index -> how that mention alone is unlinked
    whole: dict[str, _Unlink] = {}  # p: id -> how every mention of the person is unlinked
    persons = {m.actor_id for m in doc.mentions if m.kind == "person"}
    for aid in sorted(p for p in persons if p.startswith("p:")):
        actor = kb.actor(aid)
        whole_name = fold(actor.name) if actor else ""
        anchors = [a for i, m in enumerate(doc.mentions)
                   if m.actor_id == aid and (a := _anchor(doc.text, i, m, whole_name))]  # fmt: skip
        if not anchors:
            continue
        verdict = _judge(doc.text, anchors, kb.offices(aid), years)
        for index, xid, reason in verdict:
            unlink = _Unlink(xid, reason, aid, actor.country if actor else None)
            if index is None:
                whole[aid] = unlink
            else:
                alone[index] = unlink
    if not alone and not whole:
        return doc
    out = [_rewrite(i, m, alone, whole) for i, m in enumerate(doc.mentions)]
    return doc.with_layers(mentions=tuple(out))


Verdict = list[tuple[int | None, str, str]]  # (mention index or None for all, x: id, reason)


def _judge(text: str, anchors: list[_Anchor], offices: Sequence[Office], years: Years) -> Verdict:
    """Decide for one person: unlinked in the whole document, or only some of its mentions
    (each with its own unresolved id), or kept (nothing)."""
    credits = [a for a in anchors if _credit(text, a.mention)]
    out: Verdict = [(a.index, unknown_person_id(a.name), "credit") for a in credits]
    rest = [a for a in anchors if a not in credits]
    # a trade is told where a person is introduced: the first time they are named
    other = {a.index: r for a in rest if (r := _other_person(text, a, offices, a is rest[0]))}
    if any(a.titled and a.index not in other for a in rest):
        # a fitting title vouches for the link: only mentions with reasons of their own go
        return out + [(a.index, unknown_person_id(a.name), other[a.index])
                      for a in rest if a.index in other]  # fmt: skip
    if not rest:
        return [(None, out[0][1], "named only in a credit")]
    reason = other[min(other)] if other else _out_of_time(rest, offices, years)
    if reason is None:
        return out
    best = max(rest, key=lambda a: (a.full, len(a.name), -a.index))
    return out + [(None, unknown_person_id(best.name), reason)]


def _rewrite(i: int, m: Mention, alone: dict[int, _Unlink], whole: dict[str, _Unlink]) -> Mention:
    u = alone.get(i) or whole.get(m.actor_id)
    if u is not None:
        # a title states an office (and its organisation) the text gives the namesake
        titled = m.method == "title"
        return dataclasses.replace(
            m, actor_id=u.xid, role=m.role if titled else None,
            country=m.country if titled and m.country != u.was_country else None,
            flags=(*m.flags, f"unlinked: {u.reason} (was {u.was})"),
        )  # fmt: skip
    members = m.actor_id[2:].split("+") if m.kind == "group" else []
    if any(p in whole for p in members):
        ids = sorted(dict.fromkeys(whole[p].xid if p in whole else p for p in members))
        return dataclasses.replace(m, actor_id="g:" + "+".join(ids))
    return m


def _anchor(text: str, index: int, m: Mention, whole_name: str) -> _Anchor | None:
    """The name a person mention holds (read back from its end over capitalized words and
    name particles, up to a title word), or None for a description ("the Russian leader")."""
    if m.method not in ("name", "title"):
        return None
    surface = text[m.start : m.end]
    words = list(_WORD.finditer(surface))
    first = len(words)
    for w in reversed(words):
        key = fold(w.group(0)).strip(".,")
        if key in _TITLE_WORDS or not (w.group(0)[0].isupper() or key in NAME_PARTICLES):
            break
        first -= 1
    while first < len(words) and words[first].group(0) in NAME_PARTICLES:
        first += 1
    if first == len(words):
        return None
    prefix = fold(surface[: words[first].start()]).strip(" .")
    name = surface[words[first].start() :]
    full = len(_name_words(name)) > 1 or fold(name) == whole_name
    return _Anchor(index, m, name, bool(prefix) and prefix not in COURTESY, full)


def _credit(text: str, m: Mention) -> bool:
    """Is the mention inside a photo credit or a byline?"""
    before = text[max(0, m.start - 200) : m.start]
    slash, close = CREDIT_SLASHED
    return bool(
        CREDIT_BEFORE.search(before[-60:])
        or CREDIT_AFTER.match(text, m.end)
        or (slash.search(before[-60:]) and close.match(text, m.end))
        or BYLINE.search(before)
    )


def _other_person(text: str, a: _Anchor, offices: Sequence[Office], first: bool) -> str | None:
    """Why the words beside the mention make its bearer someone else, or None; a trade beside
    the name counts at its ``first`` mention only."""
    m = a.mention
    if first and not a.titled:
        before = text[max(0, m.start - 80) : m.start]
        cue = OCCUPATION_BEFORE.search(before)
        if cue and not PAST_TRADE.search(before[: cue.start("job")]):
            return f"occupation: {cue.group('job').lower()}"
        cue = OCCUPATION_AFTER.match(text, m.end)
        if cue and not PAST_TRADE.search(text[cue.start() : cue.start("job")]):
            return f"occupation: {cue.group('job').lower()}"
    stated = m.role if m.method == "title" and m.role != "minister" else None
    if stated and not a.full and not any(role_matches(o.role, stated) for o in offices):
        return f"title {stated} fits none of the KB offices ({_roles(offices)})"
    return None


def _out_of_time(anchors: Iterable[_Anchor], offices: Sequence[Office], years: Years) -> str | None:
    """Why no office of the person's fits the document's years, or None if one does."""
    lo, hi = years
    if lo is None and hi is None:
        return None
    full = any(a.full for a in anchors)
    if any(_near(o, lo, hi, full) for o in offices):
        return None
    when = str(lo) if lo == hi else f"{lo or '..'}/{hi or '..'}"
    name = "full name" if full else "surname alone"
    return f"{name}: no office near {when} ({_roles(offices)})"


def _near(o: Office, lo: int | None, hi: int | None, full: bool) -> bool:
    """Does office ``o`` fall near the years ``lo``..``hi`` (see the module's rule)?"""
    start, end = _year(o.start), _year(o.end)
    ahead = FULL_NAME_AHEAD if full else SURNAME_YEARS
    if start is not None and hi is not None and start > hi + ahead:
        return False  # every office long after: a namesake
    return full or end is None or lo is None or end >= lo - SURNAME_YEARS


def document_years(published: str | None, window: str | None) -> Years:
    """The first and last year the document can date from (None: open)."""
    if published:
        y = _year(published)
        return y, y
    if window and "/" in window:
        start, end = window.split("/", 1)
        return _year(start), _year(end)
    return None, None


def _year(iso: str | None) -> int | None:
    return int(iso[:4]) if iso and iso[:4].isdigit() else None


def _name_words(name: str) -> list[str]:
    return [w for w in name.split() if w not in NAME_PARTICLES]


def _roles(offices: Sequence[Office]) -> str:
    """The first offices, for a flag: "head_of_government CAN 2025-03–"."""
    shown = [" ".join(filter(None, (o.role, o.country, f"{o.start or ''}–{o.end or ''}")))
             for o in offices[:3]]  # fmt: skip
    return "; ".join(shown) + ("; ..." if len(offices) > 3 else "")
