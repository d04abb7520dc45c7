"""The actors export: one record per mentioned actor, with dated offices and surface forms."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from communique.kb.base import KnowledgeBase
from communique.kb.fold import ascii_fold
from communique.model import Actor, Document, Office

# what an actor's first mention says: kind, country, role, surface form
FirstMention = tuple[str, str | None, str | None, str]


def collect_actors(kb: KnowledgeBase, docs: Iterable[Document]) -> list[Actor]:
    """Every actor mentioned in ``docs``: KB actors with their offices and the forms seen;
    persons the KB lacks with the title the text gives; groups are not actors."""
    forms: dict[str, set[str]] = defaultdict(set)
    first: dict[str, FirstMention] = {}
    for doc in docs:
        for m in doc.mentions:
            if m.kind == "group":
                continue
            surface = " ".join(doc.text[m.start : m.end].split())
            forms[m.actor_id].add(surface)
            first.setdefault(m.actor_id, (m.kind, m.country, m.role, surface))
    return [actor_of(kb, aid, forms[aid], first[aid]) for aid in sorted(forms)]


def actor_of(kb: KnowledgeBase, aid: str, forms: set[str], first: FirstMention) -> Actor:
    """One actor from the forms its mentions take and its first mention (in corpus order)."""
    known = kb.actor(aid)
    if known is not None:
        aliases = tuple(sorted(set(known.aliases) | forms))
        return Actor(aid, ascii_fold(known.name), known.kind, known.country, aliases,
                     known.offices)  # fmt: skip
    kind, country, role, surface = first
    name = aid.split(":", 1)[1].replace("-", " ").title()
    offices = (Office(role, country, None, None, None, "text"),) if role else ()
    return Actor(aid, name, kind, country, tuple(sorted(forms)), offices)
