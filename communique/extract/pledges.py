"""The pledges stage: promises, targets, requests with deadlines and accepted invitations.

A sentence holds a pledge when a commitment cue ("will", "pledged to", "agreed to", "to bring
... by") follows a subject that names an actor (a person, country, group, or "we"/"they").
Expectations about things ("the visit will help ...") are not pledges: their subject is no
actor. Conditional and negated statements are skipped.
"""

from __future__ import annotations

import re
from typing import ClassVar

from communique.config import Config
from communique.model import Document, Mention, Pledge, Sentence, stable_id
from communique.pipeline import register

COMMIT = re.compile(
    r"\b(?:will(?: continue to| soon)?|shall|pledg(?:ed|es)? to|vow(?:ed|s)? to|"
    r"(?:are|is|were|was)? ?committed to|commit(?:s|ted)? to|promis(?:ed|es) to|"
    r"agreed to|agree to|undert(?:ook|akes) to|aim(?:s|ed)? to|plans? to|"
    r"need to|should)\b"
)
REQUEST = re.compile(r"\b(?:asked|urged|called on|requested|proposed that)\b")
INVITATION = re.compile(r"\binvit(?:ed|es)\b")
ACCEPTED = re.compile(r"\baccept(?:ed|s)\b")
SKIP = re.compile(r"\b(?:if|unless|would|could|might|hopes?|expects?|will help|will give|will provide|"
                  r"will create|will contribute|will open)\b|\bnot\b|n't\b")  # fmt: skip
PRONOUN_SUBJECT = re.compile(r"\b(?:we|they|both|the two|host and guest)\b")
DEADLINE_MODS = ("BEFORE", "ON_OR_BEFORE", "END", "EQUAL_OR_LESS")
ACTOR_KINDS = ("person", "country", "group")


@register
class PledgeStage:
    name: ClassVar[str] = "pledges"
    requires: ClassVar[tuple[str, ...]] = ("sentences", "mentions", "times")
    provides: ClassVar[tuple[str, ...]] = ("pledges",)

    def __init__(self, config: Config) -> None:
        self.config = config

    def __call__(self, doc: Document) -> Document:
        pledges = [p for s in doc.sentences if (p := sentence_pledge(doc, s)) is not None]
        return doc.with_layers(pledges=tuple(pledges))


def _actors(ms: tuple[Mention, ...] | list[Mention]) -> tuple[str, ...]:
    ids: list[str] = []
    for m in ms:
        if m.kind in ACTOR_KINDS:
            ids.extend(m.actor_id[2:].split("+") if m.kind == "group" else [m.actor_id])
    return tuple(dict.fromkeys(ids))


def _deadline(doc: Document, sent: Sentence, after: int) -> str | None:
    for t in doc.times_in(sent.start, sent.end):
        if t.mod in DEADLINE_MODS and t.start >= after:
            return t.value[:10]
    return None


def _clause(text: str, start: int) -> str:
    rest = text[start:].strip().rstrip(".")
    rest = re.split(r"[;:]|, (?:which|while|as|he|she|they) ", rest)[0]
    return rest[:200].strip()


def sentence_pledge(doc: Document, sent: Sentence) -> Pledge | None:
    text = doc.text[sent.start : sent.end]
    low = text.lower()
    mentions = doc.mentions_in(sent.start, sent.end)
    if not mentions and not PRONOUN_SUBJECT.search(low):
        return None
    made = doc.meta.published
    inv = INVITATION.search(low)
    if inv and ACCEPTED.search(low, inv.end()):
        invitees = [m for m in mentions if m.start >= sent.start + inv.end() and m.kind == "person"]
        what = _clause(text, inv.end())
        return _pledge(doc, sent, made, _actors(invitees[:1]) or _actors(mentions), what,
                       None, "invitation")  # fmt: skip
    req = REQUEST.search(low)
    if req and (deadline := _deadline(doc, sent, req.end())):
        asker = [m for m in mentions if m.end <= sent.start + req.start()]
        return _pledge(doc, sent, made, _actors(asker) or _actors(mentions),
                       _clause(text, req.end()), deadline, "request")  # fmt: skip
    cue = COMMIT.search(low)
    if cue is None or SKIP.search(low[max(0, cue.start() - 40) : cue.end() + 20]):
        return None
    subject = [m for m in mentions if m.end <= sent.start + cue.start()]
    if not subject and not PRONOUN_SUBJECT.search(low[: cue.start()]):
        return None
    deadline = _deadline(doc, sent, cue.start())
    kind = (
        "target" if re.search(r"\bto (?:bring|raise|reach|boost|increase)\b", low) else "commitment"
    )
    actors = _actors(subject) or _actors(mentions) or _main_parties(doc)
    return _pledge(doc, sent, made, actors, _clause(text, cue.end()), deadline, kind)


def _main_parties(doc: Document) -> tuple[str, ...]:
    """For "both sides" without names: the two countries the document is most about."""
    counts: dict[str, int] = {}
    for m in doc.mentions:
        if m.kind == "country":
            counts[m.actor_id] = counts.get(m.actor_id, 0) + 1
    return tuple(sorted(counts, key=lambda a: -counts[a])[:2])


def _pledge(doc: Document, sent: Sentence, made: str | None, actors: tuple[str, ...], what: str,
            deadline: str | None, kind: str) -> Pledge:  # fmt: skip
    return Pledge(stable_id(doc.doc_id, sent.start, kind), sent.start, sent.end, made, actors,
                  what, deadline, "open", (), kind)  # fmt: skip
