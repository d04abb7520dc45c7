"""The pledges stage: an actor committing itself or the body it speaks for (issue 14).

A sentence holds a pledge when an actor commits in so many words ("pledged to", "agreed to",
"plans to", "set a target") or states its own future doing: in the first person ("we will
send"), in reported speech ("Peru said it would send") or with the actor right before "will"
("Japan will provide a loan"). An accepted invitation is the invitee's pledge to come. Hopes,
wishes, exhortations and requests to others, forecasts, states ("will be", "will remember") and
anything under a condition or hedge ("if", "unless", "could", "likely") are not pledges.
Measured on annotated real news: communique/extract/pledge_eval.py.
"""

from __future__ import annotations

import re
from typing import ClassVar

from communique.config import Config
from communique.extract.pledge_filter import shipped
from communique.model import Document, Mention, Pledge, Sentence, stable_id
from communique.pipeline import register

# a commitment said in so many words: the actor pledges, promises, agrees, plans, offers
EXPLICIT = re.compile(
    r"\b(?:pledg(?:ed|es|ing)?|vow(?:ed|s|ing)?|promis(?:ed|es|ing)|commit(?:s|ted|ting)?|"
    r"(?:is|are|was|were) committed|agree(?:d|s)?(?: on \w+| \w+ly)?|undert(?:ook|akes|ake)|"
    r"plans|planned|planning|(?:(?<=we )|(?<=ey )|(?<=\bi ))plan|(?<!is |as |be |re )intend(?:s|ed)?|offer(?:ed|s)?|decided|guarantee[ds]?|"
    r"(?:is|are|was|were) ready|(?:is|are|was|were) willing) to\b"
    r"|(?<!the )(?<!its )(?<!his )(?<!her )\b(?:pledged|promised|vowed) (?!to\b)"
    r"|\bset (?:a |the |an )?(?:\w+ )?target\b|\baim(?:s|ed)? to (?:bring|raise|reach|boost|"
    r"increase|double|triple|cut|reduce)\b|\bannounced (?:a |the )?plans? to\b"
)
# the future of an actor's own doing: "we will send", "Britain said it would send"
FUTURE = re.compile(
    r"\b(?:will|shall|would|is going to|are going to|'ll)(?: not| never)?"
    r"(?: continue to| soon| also| now| \w+ly)? (\w+)"
)
# what an actor "will" do that is no decision of its own: states, fates and forecasts
NOT_ACTION = frozenset(
    "be have see remember try lose need get face remain become want like find feel know think win die fall "
    "experience achieve succeed prevail "
    "suffer benefit depend take_place happen likely probably also soon still never ever always "
    "certainly surely definitely hopefully".split()
)
# a first person speaking, or an actor said to be going to act (reported speech)
FIRST_PERSON = re.compile(r"\b(?:we|i)\s*$")
SAID_THAT = re.compile(
    r"\b(?:said|says|announced|told \w+|added|stated|confirmed|declared|insisted|assured \w+)"
    r"(?: on \w+| \w+day| late \w+| earlier)?(?: that)?\s+"
    r"(?:it|he|she|they|we|the \w+|[A-Z]\w+(?: [A-Z]\w+)*)\s*$"
)
INVITATION = re.compile(r"\binvit(?:ed|es)\b")
ACCEPTED = re.compile(r"\baccept(?:ed|s)\b")
# "The premier accepted an invitation to visit ...": the invitee promises a visit
ACCEPTED_INVITATION = re.compile(
    r"\baccept(?:ed|s|ing)? (?:an |the |his |her |their |its )?invitation\b"
)
# a condition, a hedge or a wish: no commitment ("we will strike if ...", "hopes to")
SKIP = re.compile(
    r"\b(?:if|unless|could|might|hop(?:es?|ed|ing|efully)|expect(?:s|ed)?|once|should|"
    r"whether|think|believe[sd]?|confident|chances|likely|probably|perhaps|maybe|unclear|wish\w*|"
    r"not without|only with|provided|as long as|so long as|in case|not clear|uncertain|"
    r"remains? to be seen|how|why)\b"
)
MAY = re.compile(r"\bmay\b")
# "their pandemic plans to ...", "the plans to ...": a noun, not an actor planning
OWNED = re.compile(r"\b(?:the|its|our|their|his|her|your|my|these|those)\s+(?:[\w-]+\s+)?$")
# "it would take 18 months", "it will cost": the expletive "it" forecasts, nobody commits
IT_FORECAST = re.compile(r"\bit\s+$")
FORECAST_VERBS = frozenset("take cost require mean".split())
# "When we reach a deal, we will ...": a condition told as a time
WHEN_CLAUSE = re.compile(r"\bwhen\b[^,;]*,\s*[\w\s]{0,30}$")
# "agreed to the move": approval of a thing, not a commitment to act
TO_A_THING = re.compile(r" (?:the|a|an|this|that|these|those|his|her|its|their|our|such)\b")
PRONOUN_SUBJECT = re.compile(r"\b(?:we|they|both|the two|host and guest)\b")
SPEAKER = re.compile(r"\b(?:he|she|it|i)(?: \w+ly| also| now)?\s*$")  # "he also plans to"
DEADLINE_MODS = ("BEFORE", "ON_OR_BEFORE", "END", "EQUAL_OR_LESS")
ACTOR_KINDS = ("person", "country", "group", "organization")


@register
class PledgeStage:
    name: ClassVar[str] = "pledges"
    requires: ClassVar[tuple[str, ...]] = ("sentences", "mentions", "times")
    provides: ClassVar[tuple[str, ...]] = ("pledges",)

    def __init__(self, config: Config) -> None:
        self.config = config

    def __call__(self, doc: Document) -> Document:
        pledges = [p for s in doc.sentences if (p := sentence_pledge(doc, s)) is not None]
        check = shipped() if self.config.pledge_filter else None
        if check is not None:
            pledges = list(check.kept(doc, pledges))
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


# a reader's comment under an article ("March 26, 2011 at 4:45 am | Reply"): no one's pledge
COMMENT = re.compile(r"\|\s*Reply\b|\bat \d{1,2}:\d\d\s*[ap]m\s*\|")


def sentence_pledge(doc: Document, sent: Sentence) -> Pledge | None:
    text = doc.text[sent.start : sent.end]
    low = text.lower()
    if COMMENT.search(text):
        return None
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
    cue = _commitment(doc, sent, text, low, mentions)
    if cue is None:
        return None
    subject = [m for m in mentions if m.end <= sent.start + cue[0] and m.kind in ACTOR_KINDS]
    deadline = _deadline(doc, sent, cue[0])
    kind = (
        "target"
        if re.search(r"\bto (?:bring|raise|reach|boost|increase|double)\b|\btarget\b", low)
        else "commitment"
    )
    actors = _actors(_coordinated(doc.text, subject)) or _actors(mentions) or _main_parties(doc)
    return _pledge(doc, sent, made, actors, _clause(text, cue[1]), deadline, kind)


def _coordinated(text: str, subject: list[Mention]) -> list[Mention]:
    """The actor nearest before the cue with those joined to it ("Chile and Peru will")."""
    out = subject[-1:]
    for m in reversed(subject[:-1]):
        if not re.fullmatch(r"\s*(?:,|and|, and)\s*", text[m.end : out[0].start]):
            break
        out.insert(0, m)
    return out


def _commitment(doc: Document, sent: Sentence, text: str, low: str,
                mentions: tuple[Mention, ...]) -> tuple[int, int] | None:  # fmt: skip
    """Where the sentence commits an actor: an explicit commitment verb after an actor, or
    the future of an actor's own doing (first person, reported speech, or the actor right
    before "will"); ``None`` for hedges, conditions, wishes and forecasts."""
    m = EXPLICIT.search(low)
    if m and m.group(0).startswith("plans") and OWNED.search(low[: m.start()]):
        m = None
    if m and not _hedged(low, m.start(), text) and not TO_A_THING.match(low, m.end()):
        before = [x for x in mentions if x.end <= sent.start + m.start()]
        if before or PRONOUN_SUBJECT.search(low[: m.start()]) or SPEAKER.search(low[: m.start()]):
            return m.start(), m.end()
    for f in FUTURE.finditer(low):
        if f.group(1) in NOT_ACTION or _hedged(low, f.start(), text):
            continue
        if WHEN_CLAUSE.search(low[: f.start()]) or (
            f.group(1) in FORECAST_VERBS and IT_FORECAST.search(low[: f.start()])
        ):
            continue
        said = SAID_THAT.search(text[: f.start()])
        if f.group(0).startswith("would") and not said:
            continue  # a conditional, not a reported promise
        if (
            said
            or FIRST_PERSON.search(low[: f.start()])
            or _actor_right_before(
                [x for x in mentions if x.end <= sent.start + f.start()], sent, f.start(), low
            )
        ):
            return f.start(), f.start(1)  # the promised action starts the pledge's text
    return None


def _hedged(low: str, start: int, text: str) -> bool:
    """A hedge just before the cue, or a condition or hedge anywhere after it ("may" only in
    lower case: "in May" is a month)."""
    at = max(0, start - 40)
    return bool(SKIP.search(low[at:]) or MAY.search(text, at))


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
