"""The actors export: one record per mentioned actor, with dated offices and surface forms."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from communique.kb.base import KnowledgeBase
from communique.kb.fold import ascii_fold
from communique.model import Actor, Document, Office


def collect_actors(kb: KnowledgeBase, docs: Iterable[Document]) -> list[Actor]:
    """Every actor mentioned in ``docs``: KB actors with their offices and the forms seen;
    persons the KB lacks with the title the text gives; groups are not actors."""
    forms: dict[str, set[str]] = defaultdict(set)
    first: dict[str, tuple[str, str | None, str | None, str]] = {}
    for doc in docs:
        for m in doc.mentions:
            if m.kind == "group":
                continue
            surface = " ".join(doc.text[m.start : m.end].split())
            forms[m.actor_id].add(surface)
            first.setdefault(m.actor_id, (m.kind, m.country, m.role, surface))
    out = []
    for aid in sorted(forms):
        known = kb.actor(aid)
        if known is not None:
            aliases = tuple(sorted(set(known.aliases) | forms[aid]))
            out.append(Actor(aid, ascii_fold(known.name), known.kind, known.country, aliases,
                             known.offices))  # fmt: skip
            continue
        kind, country, role, surface = first[aid]
        name = aid.split(":", 1)[1].replace("-", " ").title()
        offices = (Office(role, country, None, None, None, "text"),) if role else ()
        out.append(Actor(aid, name, kind, country, tuple(sorted(forms[aid])), offices))
    return out
