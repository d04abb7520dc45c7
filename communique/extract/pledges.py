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
    r"agreed (?:on \w+ |\w+ly )?to|agree to|(?:is|are) ready to|undert(?:ook|akes) to|aim(?:s|ed)? to|plans? to|"
    r"need to|should|set (?:a |the |an )?(?:\w+ )?target|would)\b"
)
REQUEST = re.compile(r"\b(?:asked|urged|called on|requested|proposed that)\b")
INVITATION = re.compile(r"\binvit(?:ed|es)\b")
ACCEPTED = re.compile(r"\baccept(?:ed|s)\b")
# "The premier accepted an invitation to visit ...": the invitee promises a visit
ACCEPTED_INVITATION = re.compile(
    r"\baccept(?:ed|s|ing)? (?:an |the |his |her |their |its )?invitation\b"
)
SKIP = re.compile(r"\b(?:if|unless|could|might|hopes?|expects?)\b|\bnot\b|n't\b")
# a thing doing something ("the visit will help ...", "Putin's visit will provide a
# springboard") promises nothing; an actor doing it ("Japan will provide a loan") does
THING_FUTURE = re.compile(r"\bwill (?:help|give|provide|create|contribute|open)\b")
# "would" promises only in reported speech ("Mr X said Japan would provide ...")
REPORTED = re.compile(r"\b(?:said|says|announced|told|added|stated|confirmed|pledged|promised)\b")
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
        if t.mod in DEADLINE_MODS and t.start >= sent.start + after:
            return t.value[:10]
    return None


def _when(doc: Document, sent: Sentence, after: int) -> str | None:
    """A deadline, else the first date after the cue: an accepted invitation's "next year" is
    when the promised visit is due."""
    if deadline := _deadline(doc, sent, after):
        return deadline
    for t in doc.times_in(sent.start, sent.end):
        if t.type == "DATE" and t.start >= sent.start + after and t.value[:1].isdigit():
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
    if acc := ACCEPTED_INVITATION.search(low):
        invitee = [m for m in mentions if m.end <= sent.start + acc.start()]
        return _pledge(doc, sent, made, _actors(invitee[-1:]) or _actors(mentions),
                       _clause(text, acc.end()), _when(doc, sent, acc.end()),
                       "invitation")  # fmt: skip
    inv = INVITATION.search(low)
    if inv and ACCEPTED.search(low, inv.end()):
        invitees = [m for m in mentions if m.start >= sent.start + inv.end() and m.kind == "person"]
        what = _clause(text, inv.end())
        return _pledge(doc, sent, made, _actors(invitees[:1]) or _actors(mentions), what,
                       _when(doc, sent, inv.end()), "invitation")  # fmt: skip
    req = REQUEST.search(low)
    if req and (deadline := _deadline(doc, sent, req.end())):
        asker = [m for m in mentions if m.end <= sent.start + req.start()]
        return _pledge(doc, sent, made, _actors(asker) or _actors(mentions),
                       _clause(text, req.end()), deadline, "request")  # fmt: skip
    cue = COMMIT.search(low)
    if cue is None or SKIP.search(low[max(0, cue.start() - 40) : cue.end() + 20]):
        return None
    if cue.group(0) == "would" and not REPORTED.search(low[: cue.start()]):
        return None  # a conditional, not a reported promise
    subject = [m for m in mentions if m.end <= sent.start + cue.start()]
    if not subject and not PRONOUN_SUBJECT.search(low[: cue.start()]):
        return None
    if THING_FUTURE.match(low, cue.start()) and not _actor_right_before(
        subject, sent, cue.start(), low
    ):
        return None  # "the visit will help ...": a thing's effect, not an actor's promise
    deadline = _deadline(doc, sent, cue.start())
    kind = (
        "target"
        if re.search(r"\bto (?:bring|raise|reach|boost|increase)\b|\btarget\b", low)
        else "commitment"
    )
    actors = _actors(subject) or _actors(mentions) or _main_parties(doc)
    return _pledge(doc, sent, made, actors, _clause(text, cue.end()), deadline, kind)


THING_OF = re.compile(
    r"\b(?:visit|trip|tour|talks|meeting|presence|agreement|deal|project|decision|support)\s+"
    r"(?:by|of|from|with)\s+(?:[\w'’-]+\s+){0,4}$"
)


def _actor_right_before(subject: list[Mention], sent: Sentence, cue: int, low: str) -> bool:
    """Is the subject of the cue an actor ("Japan will provide ..."), not a thing of an actor
    ("The visit by President X will help ...")?"""
    if not subject or sent.start + cue - subject[-1].end > 2:
        return False
    return not THING_OF.search(low[: subject[-1].start - sent.start])


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
