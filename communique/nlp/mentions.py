"""Actor mentions: names, titles, role descriptions, "the latter", countries and groups.

Detection is dictionary- and pattern-based over diacritic-folded text (offsets preserved),
so it runs on every sentence cheaply. Each mention resolves to an actor id: ``p:`` a person
in the knowledge base, ``x:`` a titled person it lacks, ``c:ISO3`` a country or its
government, ``g:A+B`` a group ("the two sides").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import ClassVar

from communique.config import Config
from communique.kb import KnowledgeBase
from communique.kb.base import title_check
from communique.kb.fold import fold_chars
from communique.model import Document, Mention
from communique.nlp.mention_gaz import (
    COMMON_WORDS,
    MAX_NGRAM,
    TOKEN,
    Gazetteer,
    key_of,
    org_after,
    org_before,
    unknown_person_id,
)
from communique.nlp.mention_lex import (
    ACTOR_NOUNS,
    COUNTRY_TITLES,
    DATELINE_AFTER,
    GROUP_PHRASES,
    GROUP_ROLES,
    LATTER,
    LOCATIVE,
    NAME_AFTER_TITLE,
    NOT_COREF,
    PAST_TITLE,
    PERSON_GROUP,
    ROLE_NOUNS,
    title_office,
)
from communique.pipeline import register

# codes in the country table that name organizations, not states
ORGANIZATIONS = frozenset({"UNO", "EUR", "NATO", "ASEAN", "IMF", "WBG", "WTO", "WHO", "AU"})


@dataclass
class _Found:
    """Mentions collected for one document, with overlap control."""

    doc: Document
    folded: str
    items: list[Mention] = field(default_factory=list)
    covered: bytearray = field(default_factory=bytearray)

    def free(self, start: int, end: int) -> bool:
        if not self.covered:
            self.covered = bytearray(len(self.doc.text) + 1)
        return not any(self.covered[start:end])

    def add(self, m: Mention) -> None:
        if self.free(m.start, m.end):
            self.items.append(m)
            self.covered[m.start : m.end] = b"\x01" * (m.end - m.start)

    def person_at(self, offset: int) -> Mention | None:
        return next((m for m in self.items if m.kind == "person" and m.start == offset), None)

    def replace(self, old: Mention, new: Mention) -> None:
        """Swap a mention for one covering it and the words before it."""
        self.items.remove(old)
        self.items.append(new)
        self.covered[new.start : new.end] = b"\x01" * (new.end - new.start)

    def persons_before(self, offset: int) -> list[Mention]:
        ms = sorted((m for m in self.items if m.kind == "person" and m.start < offset),
                    key=lambda m: m.start)  # fmt: skip
        return ms

    def person_ids(self) -> set[str]:
        return {m.actor_id for m in self.items if m.kind == "person"}


@register
class MentionStage:
    name: ClassVar[str] = "mentions"
    requires: ClassVar[tuple[str, ...]] = ("sentences",)
    provides: ClassVar[tuple[str, ...]] = ("mentions",)

    def __init__(self, config: Config, kb: KnowledgeBase | None = None) -> None:
        self.config = config
        self._kb = kb
        self._gaz: Gazetteer | None = None

    @property
    def gazetteer(self) -> Gazetteer:
        if self._gaz is None:
            self._gaz = Gazetteer.build(self._kb or KnowledgeBase.load())
        return self._gaz

    def __call__(self, doc: Document) -> Document:
        g = self.gazetteer
        found = _Found(doc, fold_chars(doc.text))
        _titled(found, g)
        _names_and_countries(found, g)
        _role_descriptions(found, g)
        _latter_former(found)
        _groups(found, g)
        mentions = tuple(sorted(found.items, key=lambda m: (m.start, m.end)))
        return doc.with_layers(mentions=mentions)


def _capitalized(text: str, start: int) -> bool:
    return text[start : start + 1].isupper()


def _person(found: _Found, g: Gazetteer, span: tuple[int, int], aid: str, stated: str,
            country: str | None = None) -> Mention:  # fmt: skip
    """A mention of KB person ``aid``; ``country``: the organisation a title names (else the
    person's country)."""
    date = found.doc.meta.published
    actor = g.kb.actor(aid)
    held = g.kb.role_on(aid, date) if date else None
    flag = title_check(actor.offices, stated, date) if date and actor else None
    flags = (flag,) if flag else ()
    country = country or (actor.country if actor else None)
    return Mention(span[0], span[1], aid, "person", country, stated or (held.role if held else None),
                   "title" if stated else "name", flags)  # fmt: skip


def _titled(found: _Found, g: Gazetteer) -> None:
    text, date = found.doc.text, found.doc.meta.published
    for m in g.titles.finditer(found.folded):
        title = text[m.start() : m.end()]
        office = _office(found, m.start(), m.end())
        after = NAME_AFTER_TITLE.match(text, office[2]) if office else None
        if office is None or not after:
            continue
        role, org, _ = office
        # "the president said" is no title; "Mr", and "NATO chief" (an organisation's head), are
        if (
            not _capitalized(text, m.start())
            and title.lower() not in ("mr", "mrs", "ms")
            and not org
        ):
            continue
        name = after.group(1).rstrip(".").removesuffix("’s").removesuffix("'s")
        end = after.start(1) + len(name)
        if PAST_TITLE.search(text[max(0, m.start() - 12) : m.start()]):
            role = ""  # a past office: no claim about the one held on the date
        aid = g.resolve_name(name, role, date, found.person_ids())
        if aid and (only := COUNTRY_TITLES.get(key_of(title))):
            actor = g.kb.actor(aid)
            if not actor or actor.country not in only:
                role = ""  # India's Foreign Secretary is a civil servant, not the minister
        if aid is None:
            if len(name.split()) < 2:
                continue  # a bare unknown surname after a title is too weak
            aid = unknown_person_id(name)
            country = org or _demonym_before(found, g, m.start())
            found.add(Mention(m.start(), end, aid, "person", country, role or None, "title"))
            continue
        found.add(_person(found, g, (m.start(), end), aid, role, org))


def _office(found: _Found, start: int, end: int) -> tuple[str, str | None, int] | None:
    """The office a title names, the code of the organisation it is an office of and where
    the name may begin; None when the words are no title."""
    text = found.doc.text
    org, name_from = org_before(text, found.folded, start), end
    if org is None and (after := org_after(text, end)):
        org, name_from = after
    office = title_office(key_of(text[start:end]), org)
    return (*office, name_from) if office else None


def _demonym_before(found: _Found, g: Gazetteer, offset: int) -> str | None:
    words = TOKEN.findall(found.folded[max(0, offset - 30) : offset])
    return g.demonyms.get(words[-1]) if words else None


def _names_and_countries(found: _Found, g: Gazetteer) -> None:
    text, folded = found.doc.text, found.folded
    toks = [_unpossessive(t.start(), t.end(), t.group(0)) for t in TOKEN.finditer(folded)]
    for short_pass in (False, True):
        i = 0
        while i < len(toks):
            i += _match_at(found, g, toks, i, short_pass) or 1
    del text


def _unpossessive(start: int, end: int, word: str) -> tuple[int, int, str]:
    """ "Japan's" is "Japan" for matching; the span shrinks accordingly."""
    if len(word) > 3 and word[-2] in "'’" and word[-1] == "s":
        return start, end - 2, word[:-2]
    return start, end, word


def _match_at(found: _Found, g: Gazetteer, toks: list[tuple[int, int, str]], i: int,
              short_pass: bool) -> int:  # fmt: skip
    text = found.doc.text
    if not _capitalized(text, toks[i][0]):
        return 0
    for n in range(min(MAX_NGRAM, len(toks) - i), 0, -1):
        key = " ".join(t[2] for t in toks[i : i + n])
        start, end = toks[i][0], toks[i + n - 1][1]
        if not found.free(start, end):
            continue
        if not short_pass and n > 1 and (aid := g.full.get(key)):
            found.add(_person(found, g, (start, end), aid, ""))
            return n
        if not short_pass and (iso := _country_at(found, g, key, start, end)):
            kind = "organization" if iso in ORGANIZATIONS else "country"
            found.add(Mention(start, end, "c:" + iso, kind, iso, None, "country"))
            return n
        if short_pass and n == 1 and (aid := _short(found, g, key)):
            found.add(_person(found, g, (start, end), aid, ""))
            return 1
    return 0


def _country_at(found: _Found, g: Gazetteer, key: str, start: int, end: int) -> str | None:
    if key in g.acronyms and not found.doc.text[start:end].isupper():
        return None  # "Who said", not the WHO
    if found.doc.text[end : end + 1] == "$":
        return None  # "US$2 billion": a currency, not the country
    if iso := g.countries.get(key):
        return iso
    if iso := g.demonyms.get(key):  # "the Russian side", "Vietnamese authorities"
        return iso if ACTOR_NOUNS.match(found.doc.text, end) else None
    if iso := g.capitals.get(key):  # metonym ("Moscow said"), not a place ("in Moscow")
        if LOCATIVE.search(found.folded[max(0, start - 12) : start]):
            return None
        line = found.doc.text.rfind("\n", 0, start) + 1
        at_line_start = not found.doc.text[line:start].strip()
        if at_line_start and DATELINE_AFTER.match(found.doc.text, end):
            return None  # the dateline's place of writing, not the government
        return iso
    return None


def _short(found: _Found, g: Gazetteer, key: str) -> str | None:
    cands = g.short.get(key)
    if not cands:
        # a person the knowledge base lacks, named in full earlier ("President Ana Rios ...
        # Rios said"): the surname refers back to them
        local = sorted(p for p in found.person_ids()
                       if p.startswith("x:") and p.rsplit("-", 1)[-1] == key)  # fmt: skip
        return local[0] if len(local) == 1 and key not in COMMON_WORDS else None
    seen = found.person_ids()
    if in_doc := sorted(c for c in cands if c in seen):
        return in_doc[0]
    if key in COMMON_WORDS or len(key) < 5 or len(cands) > 1 or key not in g.explicit:
        return None
    return next(iter(cands))


def _role_descriptions(found: _Found, g: Gazetteer) -> None:
    assert g.roles is not None
    date = found.doc.meta.published
    for m in g.roles.finditer(found.folded):
        if not found.free(m.start(), m.end()):
            continue
        iso = g.demonyms.get(m.group(1)) if m.group(1) else None
        role = ROLE_NOUNS.get(m.group(2))
        if _appositive(found, g, m, role):
            continue
        earlier = [p for p in reversed(found.persons_before(m.start()))
                   if (iso is None or p.country == iso) and (role is None or p.role == role)]  # fmt: skip
        aid = earlier[0].actor_id if earlier else None
        if aid is None and iso and role and date:
            holders = g.kb.holders(iso, role, date)
            aid = holders[0].actor_id if len(holders) == 1 else None
        if aid is not None:
            found.add(_person(found, g, (m.start(), m.end()), aid, "") if not earlier else
                      Mention(m.start(), m.end(), aid, "person", earlier[0].country,
                              earlier[0].role, "role"))  # fmt: skip


def _appositive(found: _Found, g: Gazetteer, m: re.Match[str], role: str | None) -> bool:
    """ "her Japanese counterpart Yoko Kamikawa": the description names the person right after
    it, whose mention takes the description's words and the office it states (a counterpart
    holds the office of the person whose counterpart they are)."""
    gap = re.match(r"[ \t]+", found.doc.text[m.end() :])
    name = found.person_at(m.end() + (gap.end() if gap else 0))
    if name is None:
        return False
    if role is None and m.group(2) == "counterpart":
        before = [p for p in found.persons_before(m.start()) if p.role]
        role = before[-1].role if before else None
    found.replace(name, _person(found, g, (m.start(), name.end), name.actor_id, role or ""))
    return True


def _latter_former(found: _Found) -> None:
    for m in LATTER.finditer(found.folded):
        if NOT_COREF.match(found.doc.text, m.end()):
            continue
        distinct: list[Mention] = []
        named = [p for p in found.persons_before(m.start()) if p.method in ("name", "title")]
        for p in reversed(named):
            if all(p.actor_id != d.actor_id for d in distinct):
                distinct.append(p)
            if len(distinct) == 2:
                break
        if len(distinct) == 2:
            ref = distinct[0] if m.group(1) == "latter" else distinct[1]
            found.add(Mention(m.start(), m.end(), ref.actor_id, "person", ref.country,
                              ref.role, "coref"))  # fmt: skip


def _groups(found: _Found, g: Gazetteer) -> None:
    countries: dict[str, int] = {}
    for item in found.items:
        if item.country and item.kind != "organization":
            countries[item.country] = countries.get(item.country, 0) + 1
    top = sorted(countries, key=lambda c: -countries[c])[:2]
    for m in GROUP_PHRASES.finditer(found.folded):
        if who := PERSON_GROUP.search(m.group(0)):
            members = _recent_pair(found, g, m.start(), GROUP_ROLES.get(who.group(0)))
        else:
            members = ["c:" + c for c in sorted(top)] if len(top) == 2 else []
        if members:
            found.add(Mention(m.start(), m.end(), "g:" + "+".join(sorted(members)), "group",
                              None, None, "group"))  # fmt: skip


def _recent_pair(found: _Found, g: Gazetteer, offset: int, role: str | None = None) -> list[str]:
    """The two most recently mentioned persons of different countries (holding ``role``, when
    the group names one: "the two presidents"; in an undated text, having held it)."""
    pair: list[Mention] = []
    persons = found.persons_before(offset)

    def holds(p: Mention) -> bool:
        if p.role:
            return p.role == role
        return any(o.role == role for o in g.kb.offices(p.actor_id))

    if role and len({p.actor_id for p in persons if holds(p)}) >= 2:
        persons = [p for p in persons if holds(p)]
    for p in reversed(persons):
        if all(p.country != q.country and p.actor_id != q.actor_id for q in pair):
            pair.append(p)
        if len(pair) == 2:
            return [q.actor_id for q in pair]
    return []
