"""The events stage: PLOVER events with CAMEO codes, actors, date, place and contexts.

Cheap selection first: a sentence is coded only if it holds an actor mention and a trigger.
Within a document, reports of one happening in several sentences become one event with
several evidence sentences.
"""

from __future__ import annotations

import dataclasses
import re
from typing import ClassVar

from communique.config import Config
from communique.extract.classify import REPORTED, Coding, classify_sentence, load_goldstein
from communique.extract.coder import LearnedCoder, Prediction
from communique.extract.coder_events import decide, span_mentions
from communique.extract.event_lex import CONTEXTS
from communique.kb import KnowledgeBase
from communique.model import Document, Event, Location, Mention, Sentence, TimeExpr, stable_id
from communique.nlp.date_values import compatible, defaulted_near
from communique.pipeline import register

_PLACE = re.compile(r"\b(?:in|at|to)\s+((?:[A-Z][\w'’-]+)(?:\s+[A-Z][\w'’-]+){0,2})")
# the place a visit went to: "visited Tokyo" (only for visits: "invited him to visit Tokyo"
# is not where the invitation was made)
_VISITED = re.compile(
    r"\b(?:visit(?:ed|ing|s)?|toured|reached)\s+((?:[A-Z][\w'’-]+)(?:\s+[A-Z][\w'’-]+){0,2})"
)
_DAY_OR_COARSER = re.compile(r"^\d{4}(?:-\d\d(?:-\d\d)?)?$")
_NAMES_A_THING = re.compile(r" (?:[A-Z]|[a-z]+ [A-Z])")  # "the 1982 United Nations Convention"
_FUTURE = re.compile(r"\b(?:will|shall|is to|are to|plans? to|to be held|is expected to)\b")


@register
class EventStage:
    name: ClassVar[str] = "events"
    requires: ClassVar[tuple[str, ...]] = ("sentences", "mentions", "times")
    provides: ClassVar[tuple[str, ...]] = ("events",)

    def __init__(self, config: Config, kb: KnowledgeBase | None = None) -> None:
        self.config = config
        self._kb = kb
        self._goldstein: dict[str, float] | None = None
        self._coder: LearnedCoder | None = None

    @property
    def kb(self) -> KnowledgeBase:
        if self._kb is None:
            self._kb = KnowledgeBase.load()
        return self._kb

    @property
    def goldstein(self) -> dict[str, float]:
        if self._goldstein is None:
            self._goldstein = load_goldstein()
        return self._goldstein

    @property
    def coder(self) -> LearnedCoder | None:
        if self.config.event_coder != "learned":
            return None
        if self._coder is None:
            self._coder = LearnedCoder()
        return self._coder

    def __call__(self, doc: Document) -> Document:
        events: list[Event] = []
        cands = [(s, ms) for s in doc.sentences if (ms := doc.mentions_in(s.start, s.end))]
        texts = [doc.text[s.start : s.end] for s, _ in cands]
        preds: list[Prediction | None] = [None] * len(cands)
        if self.coder is not None and cands:
            preds = list(self.coder.predict(texts))
        for (sent, mentions), text, pred in zip(cands, texts, preds, strict=True):
            codings = classify_sentence(text)
            if pred is not None:
                codings = decide(text, codings, pred)
            for coding in codings[:1] + coordinated(text, codings):
                # coordinated predicates share the main one's subject
                event = self._event(doc, sent, mentions, coding, codings[0].start)
                if pred is not None and coding is codings[0]:
                    event = self._learned_roles(event, text, sent, mentions, pred)
                if not event.source and (not event.target or event.mode in ("visit", "host")):
                    continue  # no actor, or a visit with no traveller: nothing to record
                events.extend(split_past_dates(doc, sent, event))
        return doc.with_layers(events=tuple(merge_within(events)))

    def _event(self, doc: Document, sent: Sentence, mentions: tuple[Mention, ...],
               coding: Coding, subject_end: int) -> Event:  # fmt: skip
        text = doc.text[sent.start : sent.end]
        pivot = sent.start + coding.start
        before = _clause_subjects(text, sent.start, subject_end,
                                  [m for m in mentions if m.end <= sent.start + subject_end])  # fmt: skip
        after = [m for m in mentions if m.start >= pivot] or [
            m for m in mentions if sent.start + subject_end <= m.start < pivot
        ]  # "congratulated Milei and invited him": the first verb's object
        source = _actors(before)
        target = _actors(after[:1])
        if coding.type == "REQUEST" and (said := REPORTED.search(text.lower(), 0, coding.start)):
            # "X said Y must ...": X demands of Y
            speakers = _actors([m for m in before if m.end <= sent.start + said.start()])
            addressed = _actors([m for m in before if m.start >= sent.start + said.end()])
            if speakers and addressed:
                source, target = speakers, addressed
        location = self._location(text, _PLACE)
        if coding.mode == "visit":
            location = location or self._location(text, _VISITED)
        if not target and coding.mode == "visit" and location and location.country:
            target = ("c:" + location.country,)  # "X visited Tokyo": a visit to Japan
        participants = tuple(dict.fromkeys(a for m in mentions for a in _expand(m)))
        when = _date(doc, sent, text)
        return Event(
            event_id=stable_id(doc.doc_id, sent.start, sent.end, coding.type),
            start=sent.start, end=sent.end, type=coding.type, mode=coding.mode,
            cameo=coding.cameo, goldstein=self.goldstein.get(coding.cameo),
            source=source, target=tuple(a for a in target if a not in source),
            participants=participants, date=when.value, date_text=when.text,
            location=location, contexts=_contexts(text),
            confidence=round(min(1.0, coding.score * (1.0 if source else 0.8)), 2),
            historical=when.historical,
            trigger_start=pivot if coding.end > coding.start else None,
            trigger_end=sent.start + coding.end if coding.end > coding.start else None,
        )  # fmt: skip

    @staticmethod
    def _learned_roles(event: Event, text: str, sent: Sentence, mentions: tuple[Mention, ...],
                       pred: Prediction) -> Event:  # fmt: skip
        """The rules' source and target; the model's spans fill a role they leave empty (the
        two tie on held-out news, the rules win on diplomatic constructions: docs/coder.md)."""
        source = event.source or _actors(span_mentions(text, sent.start, pred.source, mentions))
        target = event.target or _actors(span_mentions(text, sent.start, pred.target, mentions))
        return dataclasses.replace(
            event, source=source, target=tuple(a for a in target if a not in source)
        )

    def _location(self, text: str, places: re.Pattern[str]) -> Location | None:
        for m in places.finditer(text):
            words = m.group(1).split()
            for n in range(len(words), 0, -1):
                if loc := self.kb.find_place(" ".join(words[:n])):
                    return loc
        return None


# "held talks and witnessed the signing of ...", "condemned ... and called for ...": a second
# verb of the same subject (a support verb, or a trigger in the past tense: not "and killing")
_AND_SUPPORT_VERB = re.compile(
    r"\band (?:also |then |later )?(?:witness|attend|oversaw|oversee|held|hold|issu|adopt|sign|"
    r"announc)\w* (?:the |a |an )?$"
)
_AND = re.compile(r"\band (?:also |then |later )?$")
_PAST = re.compile(r"[a-z]+ed\b|(?:met|held|sent|gave|spoke|took|made|broke|froze|withdrew|"
                   r"fought|struck|shot|sought|told|began|beat)\b")  # fmt: skip


_CLAUSE_BREAK = re.compile(r"[,;:]\s|\s[—–-]\s")


def _clause_subjects(text: str, offset: int, pivot: int, before: list[Mention]) -> list[Mention]:
    """The actors of the trigger's own clause ("As the world sought to isolate Gaddafi, Japan
    said it had imposed sanctions": Japan), else all actors before the trigger ("President X,
    who arrived on Monday, met Y": X)."""
    breaks = [m.end() for m in _CLAUSE_BREAK.finditer(text, 0, pivot)]
    if not breaks:
        return before
    own = [m for m in before if m.start >= offset + breaks[-1]]
    return own or before


def coordinated(text: str, codings: list[Coding]) -> list[Coding]:
    """Further events of the sentence: a strong coding of another type whose trigger opens a
    predicate coordinated with the main one (one per type)."""
    if not codings:
        return []
    low = text.lower()
    out: list[Coding] = []
    seen = {codings[0].type}
    for c in codings[1:]:
        if c.type in seen or c.score < 0.6 or c.negated or c.start <= codings[0].start:
            continue
        before = low[max(0, c.start - 40) : c.start]
        if _AND_SUPPORT_VERB.search(before) or (_AND.search(before) and _PAST.match(low, c.start)):
            out.append(c)
            seen.add(c.type)
    return out


def _expand(m: Mention) -> list[str]:
    if m.kind == "group":
        return m.actor_id[2:].split("+")
    return [m.actor_id]


def _actors(ms: list[Mention]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(a for m in ms for a in _expand(m)))


def _contexts(text: str) -> tuple[str, ...]:
    low = text.lower()
    found = tuple(name for name, pat in CONTEXTS.items() if pat.search(low))
    return found or ("diplomatic",)


@dataclasses.dataclass(frozen=True)
class EventDate:
    value: str | None = None
    text: str | None = None  # the words that gave it
    historical: bool = False  # an earlier happening mentioned in passing


def _date(doc: Document, sent: Sentence, text: str) -> EventDate:
    """The event's date: a date expression in the sentence, else the document date for a
    past-tense report."""
    published = doc.meta.published
    future = bool(_FUTURE.search(text.lower()))
    times = [
        t for t in doc.times_in(sent.start, sent.end)
        if _usable(t) and not _NAMES_A_THING.match(doc.text, t.end)
        and (future or not published or _cut(t.value, published) <= _cut(published, t.value))
        # "later this year" in a report of today is the future; "late last year" is not
        and (t.mod != "END" or not published or _cut(t.value, published) < _cut(published, t.value))
    ]  # fmt: skip
    if times:
        t = times[0]
        value = t.value.split("T", 1)[0]  # the day: "2011-03-19TMO" (morning) is 2011-03-19
        historical = bool(published and value[:4] < published[:4])
        return EventDate(value, doc.text[t.start : t.end], historical)
    if published and not future:
        return EventDate(published)
    return EventDate()


def _cut(value: str, other: str) -> str:
    """``value`` at the precision both dates share (a day against a year compares years)."""
    return value[: min(len(value[:10]), len(other[:10]))]


# "early May", "earlier this month" (START/MID/END/APPROX) still date an event; a deadline
# ("by 2015", "before 2020") does not
_DATING_MODS = (None, "START", "MID", "END", "APPROX")


def _usable(t: TimeExpr) -> bool:
    return (
        t.type in ("DATE", "TIME")
        and bool(_DAY_OR_COARSER.match(t.value[:10]))
        and t.mod in _DATING_MODS
    )


def split_past_dates(doc: Document, sent: Sentence, event: Event) -> list[Event]:
    """ "X visited Russia in 2014 and 2018": one event per past date named in the sentence,
    each with the persons named in its part of the sentence (else the sentence's). A date
    named twice ("in 2009 ... in 2009") is one event (its id is the parent's and the date),
    with the persons of both parts."""
    published = doc.meta.published
    times = [t for t in doc.times_in(sent.start, sent.end) if _usable(t)]
    if not published or len(times) < 2 or any(t.value[:4] >= published[:4] for t in times):
        return [event]
    by_date: dict[str, Event] = {}
    seg_start = sent.start
    for t in times:
        seg = [m for m in doc.mentions_in(seg_start, t.end) if m.kind == "person"]
        who = tuple(dict.fromkeys(a for m in seg for a in _expand(m))) or event.source
        seg_start = t.end
        if (first := by_date.get(t.value)) is not None:
            participants = tuple(dict.fromkeys(first.participants + who))
            by_date[t.value] = dataclasses.replace(first, participants=participants)
            continue
        by_date[t.value] = dataclasses.replace(
            event, event_id=stable_id(event.event_id, t.value), date=t.value,
            date_text=doc.text[t.start : t.end], historical=True,
            source=who[:1] or event.source,
            participants=tuple(dict.fromkeys(who + tuple(
                p for p in event.participants if not p.startswith(("p:", "x:"))))),
        )  # fmt: skip
    return list(by_date.values())


def merge_within(events: list[Event]) -> list[Event]:
    """One happening told in several sentences: same type and mode, compatible date, shared
    participants -> one event whose evidence lists the later sentences."""
    merged: list[Event] = []
    for ev in events:
        for i, prev in enumerate(merged):
            if _same_happening(prev, ev):
                evidence = (*prev.evidence, Sentence(ev.start, ev.end))
                when = _merged_date(prev, ev)
                # a headline's "X, Y hold talks" yields its roles to the lead's "X ... with Y"
                roles = ev if ev.target and not prev.target else prev
                merged[i] = dataclasses.replace(
                    prev,
                    source=roles.source,
                    target=roles.target,
                    evidence=evidence,
                    date=when.value,
                    date_text=when.text,
                    location=prev.location or ev.location,
                    participants=tuple(dict.fromkeys(prev.participants + ev.participants)),
                    contexts=tuple(dict.fromkeys(prev.contexts + ev.contexts)),
                )
                break
        else:
            merged.append(ev)
    return merged


def _dates_agree(a: Event, b: Event) -> bool:
    if compatible(a.date, b.date):
        return True
    if (a.date_text is None) == (b.date_text is None):
        return False
    stated, default = (a, b) if b.date_text is None else (b, a)
    return defaulted_near(stated.date, default.date)


def _merged_date(a: Event, b: Event) -> EventDate:
    if (a.date_text is None) != (b.date_text is None) and not compatible(a.date, b.date):
        stated = a if b.date_text is None else b
        return EventDate(stated.date, stated.date_text)
    return EventDate(_finer(a.date, b.date), a.date_text or b.date_text)


def _finer(a: str | None, b: str | None) -> str | None:
    if a is None or b is None:
        return a or b
    return a if len(a) >= len(b) else b


def _same_happening(a: Event, b: Event) -> bool:
    if a.type != b.type or a.mode != b.mode or a.historical != b.historical:
        return False
    if a.mode not in ("visit", "host", "meet", "press-conference", "sign", "phone"):
        return False
    persons_a = {p for p in a.participants if p.startswith(("p:", "x:"))}
    persons_b = {p for p in b.participants if p.startswith(("p:", "x:"))}
    # a chain of subsets: {A} joins {A, B}, but {A, C} stays apart from {A, B}
    nested = persons_a <= persons_b or persons_b <= persons_a
    return _dates_agree(a, b) and bool(persons_a & persons_b) and nested
