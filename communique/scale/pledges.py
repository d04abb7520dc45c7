"""Pledge outcomes by key: :func:`communique.fuse.outcomes.judge`, one key at a time.

``judge`` settles each pledge (``_judge_one``) by, in this order: the first actual figure,
in the corpus order (documents, then figures), that settles its target (same unit and
measure, the deadline's year or after: :func:`~communique.fuse.outcomes.target_status`); else,
for an invitation, the first visit event, in the corpus order, that keeps it (later, by an
invitee, to the host: :func:`~communique.fuse.outcomes.visit_keeps`); else open or unknown
by the deadline and ``today``, the corpus's latest date
(:func:`~communique.fuse.outcomes.unsettled`). Each is exact by key:

- a figure can settle a target only when their units are equal and their quantities share a
  head word (``_same_measure``), so targets and actual figures go to a group for each
  (unit, head word) they have; the first settling figure overall is the earliest of the
  first settling figure of each of the target's groups (each group's figures in the corpus
  order);
- a visit can keep an invitation only when one of the pledge's actors is in the visit's
  source or participants, so invitations and visits are grouped by that actor, and the
  first keeping visit is the earliest of each actor group's first;
- ``today`` is one scalar.

Target figure, host country and evidence sentence are read from the pledge's or the visit's
own document (:func:`pledge_facts`), so no group needs a whole document.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from communique.fuse.outcomes import (
    _heads,
    _host_country,
    _target_figure,
    evidence,
    target_status,
    unsettled,
    visit_keeps,
)
from communique.model import Document, Evidence, Pledge
from communique.scale.keyed import SEP
from communique.store.rows import dumps

Fact = tuple[str, Any, Any]
Order = tuple[str, int]  # (doc_id, index in the document's layer)


def pledge_facts(doc: Document) -> Iterator[Fact]:
    """One document's facts for the judge: its pledges (keyed by their place in the corpus),
    targets to settle and actual figures (by unit and head word), invitations and visits
    (by actor)."""
    for k, f in enumerate(doc.figures):
        if f.kind == "actual" and f.period:
            said = evidence(doc, f.start, f.end)
            for head in sorted(_heads(f.quantity)):
                yield "actual", (f.unit, head), ((doc.doc_id, k), f, said)
    for k, e in enumerate(doc.events):
        if e.type == "CONSULT" and e.mode == "visit":
            said = evidence(doc, e.start, e.end)
            for actor in sorted(set(e.source + e.participants)):
                yield "visit", actor, ((doc.doc_id, k), doc.doc_id, e, said)
    for k, p in enumerate(doc.pledges):
        key = (doc.doc_id, k)
        yield "pledge", key, p
        target = _target_figure(doc, p)
        if target is not None and p.deadline:
            for head in sorted(_heads(target.quantity)):
                yield "target", (target.unit, head), (key, target, p.deadline)
        if p.kind == "invitation":
            host = _host_country(doc, p)
            for actor in sorted(set(p.actors)):
                yield "invite", actor, (key, doc.doc_id, p, host)


Group = tuple[Any, tuple[Iterable[Any], Iterable[Any]]]
Settled = tuple[Order, str, Evidence]  # the settling figure's or visit's place, status, evidence


def settle_targets(group: Group) -> Iterator[tuple[Order, Settled]]:
    """One (unit, head word)'s targets and actual figures to ``(pledge, settled)`` for each
    target a figure of the group settles: the first that does, in the corpus order."""
    _, (targets, actuals) = group
    ordered = sorted(actuals, key=lambda a: a[0])
    for key, target, deadline in targets:
        for order, figure, said in ordered:
            if status := target_status(target, deadline, figure):
                yield key, (order, status, said)
                break


def keep_invitations(group: Group) -> Iterator[tuple[Order, Settled]]:
    """One actor's invitations and visits to ``(pledge, settled)`` for the first visit in
    the corpus order that keeps each invitation."""
    _, (invitations, visits) = group
    ordered = sorted(visits, key=lambda v: v[0])
    for key, doc_id, pledge, host in invitations:
        for order, at, event, said in ordered:
            if visit_keeps(doc_id, pledge, host, at, event):
                yield key, (order, "kept", said)
                break


def earliest(a: Settled, b: Settled) -> Settled:
    """Of two groups' answers for one pledge, the one that comes first in the corpus."""
    return a if a[0] <= b[0] else b


@dataclass(frozen=True)
class Judged:
    """A pledge cogrouped with what settles its target and what keeps it as an invitation
    (each the earliest over its groups), to its refresh row ``("pledges", key, JSON)``."""

    today: str

    def __call__(self, group: tuple[Order, tuple[Iterable[Any], ...]]) -> Iterator[Any]:
        (doc_id, k), (pledges, targets, invited) = group
        for pledge in pledges:
            p = judged(pledge, next(iter(targets), None), next(iter(invited), None), self.today)
            row = [p.pledge_id, p.status, dumps(p.evidence)]
            yield "pledges", pledge_key(doc_id, k), json.dumps(row, ensure_ascii=False)


def judged(p: Pledge, target: Settled | None, invited: Settled | None, today: str) -> Pledge:
    """``_judge_one``'s precedence: settled by its target, else kept by a visit, else open
    or unknown."""
    for settled in (target, invited):
        if settled is not None:
            return dataclasses.replace(p, status=settled[1], evidence=(settled[2],))
    return unsettled(p, today)


def pledge_key(doc_id: str, index: int) -> str:
    """The refresh row's key: the pledge's place in the corpus, sorting as text."""
    return f"{doc_id}{SEP}{index:07d}"
