"""The gazetteer behind mention detection: token n-gram dictionaries built from the KB."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from communique.kb import KnowledgeBase
from communique.kb.fold import fold, slug
from communique.nlp.mention_lex import (
    ORG_AFTER_TITLE,
    ORGS,
    country_word,
    role_pattern,
    title_pattern,
)

TOKEN = re.compile(r"[a-z0-9]+(?:['’-][a-z0-9]+)*")
MAX_NGRAM = 6  # "Luiz Inacio Lula da Silva"
# surnames that are also everyday words are only taken after a title or a full mention
COMMON_WORDS = frozenset(
    [
        "may",
        "man",
        "son",
        "lam",
        "li",
        "an",
        "hu",
        "brown",
        "rice",
        "wang",
        "kim",
        "lee",
        "ban",
        "park",
        "don",
        "carr",
        "kan",
        "hunt",
        "ryan",
        "martin",
        "smith",
        "johnson",
        "wong",
    ]
)


NAME_PARTICLES = frozenset(
    "da de do dos das di del della van von der den bin binti al el la le".split()
)


def key_of(text: str) -> str:
    return " ".join(TOKEN.findall(fold(text)))


@dataclass
class Gazetteer:
    kb: KnowledgeBase
    full: dict[str, str] = field(default_factory=dict)  # "nguyen phu trong" -> p:nguyen-phu-trong
    short: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    explicit: set[str] = field(default_factory=set)  # short names listed as aliases
    # "martin vizcarra" -> ids whose full name continues with one more word ("... cornejo":
    # a second surname the news leaves out)
    prefix: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    countries: dict[str, str] = field(default_factory=dict)  # "russian" -> RUS
    demonyms: dict[str, str] = field(default_factory=dict)
    capitals: dict[str, str] = field(default_factory=dict)
    # names the KB writes in capitals ("WHO", "UN", "US"): taken only so written, not "Who"
    acronyms: set[str] = field(default_factory=set)
    titles: re.Pattern[str] = field(default_factory=title_pattern)
    roles: re.Pattern[str] | None = None

    @classmethod
    def build(cls, kb: KnowledgeBase) -> Gazetteer:
        g = cls(kb)
        for actor in kb.persons():
            forms = (actor.name, *actor.aliases)
            for form in forms:
                key = key_of(form)
                if " " in key:
                    g.full.setdefault(key, actor.actor_id)
                elif key:
                    g.short[key].add(actor.actor_id)
                    g.explicit.add(key)
            # an initial is no surname ("S" of "Harry S. Truman")
            tokens = [t for t in key_of(actor.name).split() if len(t) > 1]
            if len(tokens) > 1:
                g.short[tokens[-1]].add(actor.actor_id)
            if len(tokens) > 2:
                g.prefix[" ".join(tokens[:-1])].add(actor.actor_id)
                # a first surname before a second one ("Vizcarra" of "Martin Vizcarra
                # Cornejo"): taken only after a title or a full mention in the same text
                if tokens[-2] not in NAME_PARTICLES:
                    g.short[tokens[-2]].add(actor.actor_id)
        for c in kb.countries():
            for form in (c.name, *c.names):
                g.countries.setdefault(key_of(form), c.iso3)
            for dem in c.demonyms:
                table = g.countries if country_word(dem) else g.demonyms
                table.setdefault(key_of(dem), c.iso3)
            g.acronyms.update(key_of(f) for f in (*c.names, *c.demonyms) if f.isupper())
            for cap in (c.capital, *c.capital_aliases):
                if cap:
                    g.capitals.setdefault(key_of(cap), c.iso3)
        g.roles = role_pattern(sorted(g.demonyms))
        return g

    def resolve_name(self, name: str, role: str, date: str | None, seen: set[str]) -> str | None:
        """A person id for a name written after a title, or None if unknown."""
        tokens = key_of(name).split()
        for i in range(len(tokens) - 1):
            if (aid := self.full.get(" ".join(tokens[i:]))) is not None:
                return aid
        if len(tokens) > 1 and len(cands := self.prefix.get(" ".join(tokens), set())) == 1:
            return next(iter(cands))
        if len(tokens) != 1:
            return None  # an unknown full name is an unknown person, not a namesake
        cands = self.short.get(tokens[0], set())
        return self.pick(cands, role, date, seen) if cands else None

    def pick(self, cands: set[str], role: str, date: str | None, seen: set[str]) -> str | None:
        """Choose among persons sharing a short name: already seen, then holding the role on
        the date, then unique."""
        if len(cands) == 1:
            return next(iter(cands))
        if in_doc := sorted(c for c in cands if c in seen):
            return in_doc[0]
        if date:
            held = sorted(
                c for c in cands
                if (o := self.kb.role_on(c, date)) is not None and (not role or o.role == role)
            )  # fmt: skip
            if held:
                return held[0]
        return None


def org_before(text: str, folded: str, start: int) -> str | None:
    """The organisation (a key of ``ORGS``) written right before ``start``: "NATO" in "NATO
    Secretary General", capitalized ("Nato" too); one of three letters or fewer only in capitals
    ("WHO", "UN": not "who", "un")."""
    toks = list(TOKEN.finditer(folded, max(0, start - 40), start))
    for n in range(min(3, len(toks)), 0, -1):
        first = toks[-n]
        key = " ".join(t.group(0) for t in toks[-n:]).removesuffix("'s").removesuffix("’s")
        whole = first.start() == 0 or not folded[first.start() - 1].isalnum()
        between = folded[first.start() : start]
        written = text[first.start() : start].strip().removesuffix("'s").removesuffix("’s")
        capitals = written.isupper() if len(key.replace(" ", "")) <= 3 else written[0].isupper()
        if key in ORGS and whole and capitals and not _BREAK.search(between):
            return key
    return None


def org_after(text: str, end: int) -> tuple[str, int] | None:
    """ "of the European Commission" right after a title at ``end``: the organisation and
    where the name may begin."""
    m = ORG_AFTER_TITLE.match(text, end)
    if m is None:
        return None
    words = list(re.finditer(r"\S+", m.group(1)))
    for n in range(len(words), 0, -1):
        if (key := key_of(m.group(1)[: words[n - 1].end()])) in ORGS:
            return key, m.start(1) + words[n - 1].end()
    return None


_BREAK = re.compile(r"[^a-z0-9.\s'’-]|\n")


def unknown_person_id(name: str) -> str:
    return "x:" + slug(name)
