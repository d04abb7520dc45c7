"""Rules and components the mutation check switches off, one at a time.

Each mutant replaces one name where it is used (a function by a no-op, a pattern by one that
never matches, a rule dropped from its table). ``scripts/mutation_check.py`` applies one in
every Python process of a test run (through a ``sitecustomize`` on PYTHONPATH, so the CLI and
server subprocesses of the tests are mutated too) and records which tests fail.
"""

from __future__ import annotations

import dataclasses
import importlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

NEVER = re.compile(r"(?!x)x")


@dataclass(frozen=True)
class Mutant:
    name: str
    what: str  # the rule or component switched off, in words
    apply: Callable[[], None]


def _set(module: str, attr: str, value: Any) -> Callable[[], None]:
    def apply() -> None:
        mod = importlib.import_module(module)
        assert hasattr(mod, attr), f"{module}.{attr} does not exist"
        setattr(mod, attr, value)

    return apply


def _drop_rule(module: str, name: str) -> Callable[[], None]:
    def apply() -> None:
        rules = importlib.import_module(module).RULES
        kept = [r for r in rules if r[0] != name]
        assert len(kept) < len(rules), f"no rule {name!r} in {module}"
        rules[:] = kept

    return apply


def _wrap(module: str, attr: str, make: Callable[[Any], Any]) -> Callable[[], None]:
    """Replace ``module.attr`` by ``make(the real one)``."""

    def apply() -> None:
        mod = importlib.import_module(module)
        setattr(mod, attr, make(getattr(mod, attr)))

    return apply


def _no_none_threshold(real: Any) -> Any:
    class Coder(real):  # type: ignore[misc,valid-type]
        @property
        def meta(self) -> Any:
            return {**super().meta, "none_threshold": 1.01}

    return Coder


def _undated(*_: Any) -> Any:
    from communique.extract.events import EventDate

    return EventDate()


def _unjudged(docs: Any, today: str) -> list[Any]:
    return [p for d in docs for p in d.pledges]


def _forgetful_store(cls: Any) -> Any:
    """A store that forgets a pending refresh when it is reopened."""

    class Forgetful(cls):  # type: ignore[misc,valid-type]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._fresh = True

        def write_documents(self, docs: Any, prov: Any) -> int:
            self._fresh = self._fresh and not docs
            return int(super().write_documents(docs, prov))

        def refresh_pending(self) -> bool:
            return not self._fresh and bool(super().refresh_pending())

    return Forgetful


def _never_historical(real: Callable[..., Any]) -> Callable[..., Any]:
    return lambda *args: dataclasses.replace(real(*args), historical=False)


C, E, M, D = (
    "communique.extract.classify",
    "communique.extract.events",
    "communique.nlp.mentions",
    "communique.nlp.dating",
)
MUTANTS = [
    # event coding (extract/classify.py, extract/events.py)
    Mutant("negated-agreement", "negated agreement/support is REJECT", _set(C, "NEGATION", NEVER)),
    Mutant("cancelled-meeting", "cancelled meetings/aid are SANCTION", _set(C, "CANCEL", NEVER)),
    Mutant(
        "intent",
        "promised actions are AGREE, threatened ones THREATEN",
        _set(C, "_intent", lambda low, c: c),
    ),
    Mutant(
        "background-clause", "an opening background clause is skipped", _set(C, "BACKGROUND", NEVER)
    ),
    Mutant("descriptive", "descriptive sentences code no event", _set(C, "DESCRIPTIVE", NEVER)),
    Mutant(
        "named-only-weak", "triggers that only name an event are weak", _set(C, "MENTIONED", 1.0)
    ),
    Mutant("reported-demand", "'X must ...' reported is REQUEST", _set(C, "MUST", NEVER)),
    Mutant(
        "cameo-dictionary",
        "the CAMEO verb dictionary as fallback",
        _set(C, "_from_cameo_dictionary", lambda text: []),
    ),
    Mutant(
        "coordinated",
        "coordinated predicates are two events",
        _set(E, "coordinated", lambda text, codings: codings),
    ),
    Mutant(
        "merge-within",
        "one happening told twice in a document is one event",
        _set(E, "merge_within", lambda events: events),
    ),
    Mutant(
        "past-dates",
        "past dates in a sentence split its event",
        _set(E, "split_past_dates", lambda doc, sent, ev: [ev]),
    ),
    Mutant("event-date", "events take a date", _set(E, "_date", _undated)),
    Mutant(
        "historical",
        "earlier happenings are flagged historical",
        _wrap(E, "_date", _never_historical),
    ),
    # figures and pledges
    Mutant(
        "figures",
        "figures are extracted",
        _set("communique.extract.figures", "sentence_figures", lambda doc, sent: []),
    ),
    Mutant(
        "figure-kind",
        "target/forecast figures told from actual ones",
        _set("communique.extract.figures", "_kind", lambda low, at: "actual"),
    ),
    Mutant(
        "pledges",
        "pledges are extracted",
        _set("communique.extract.pledges", "sentence_pledge", lambda doc, sent: None),
    ),
    Mutant(
        "pledge-deadline",
        "pledges take deadlines",
        _set("communique.extract.pledges", "_deadline", lambda doc, sent, after: None),
    ),
    # mentions, dating, time expressions, sentences, cleaning
    Mutant(
        "titled-persons",
        "a title before a name links the office",
        _set(M, "_titled", lambda found, g: None),
    ),
    Mutant(
        "role-descriptions",
        "'the Japanese premier' resolves to the office holder",
        _set(M, "_role_descriptions", lambda found, g: None),
    ),
    Mutant(
        "latter-former",
        "'the latter'/'the former' resolve",
        _set(M, "_latter_former", lambda found: None),
    ),
    Mutant(
        "groups",
        "'the two leaders' resolve to the persons named",
        _set(M, "_groups", lambda found, g: None),
    ),
    Mutant(
        "stated-date",
        "a dateline or date line dates the document",
        _set(D, "stated_date", lambda doc: None),
    ),
    Mutant(
        "office-window",
        "offices held bound an undated document's window",
        _set(D, "office_constraints", lambda mentions, kb: []),
    ),
    Mutant(
        "lead-weekday",
        "the weekday in the lead picks a year-less date's year",
        _set(D, "lead_weekdays", lambda text, chars=600: []),
    ),
    Mutant(
        "recheck-roles",
        "roles re-checked once the date is known",
        _set(D, "recheck_roles", lambda doc, kb: doc),
    ),
    Mutant(
        "timex-weekday",
        "weekdays resolve against the document date",
        _drop_rule("communique.nlp.timex_rel", "weekday"),
    ),
    Mutant(
        "timex-relative-unit",
        "'last year', 'next month' resolve",
        _drop_rule("communique.nlp.timex_rel", "rel_unit"),
    ),
    Mutant(
        "abbreviations",
        "sentences do not end at abbreviations",
        _set("communique.nlp.sentences", "_is_abbreviation", lambda text, end: False),
    ),
    Mutant(
        "boilerplate",
        "web boilerplate lines are removed",
        _set("communique.ingest.clean", "classify", lambda line, index, first: None),
    ),
    # fusion
    Mutant(
        "happenings",
        "reports of one happening merge across documents",
        _set("communique.fuse.merge", "same_happening", lambda a, b: False),
    ),
    Mutant(
        "visits",
        "a visit's parts gather under it",
        _set("communique.fuse", "visits", lambda groups: [[g] for g in groups]),
    ),
    Mutant(
        "pledge-outcomes",
        "pledges are judged kept/missed",
        _set("communique.fuse", "judge", _unjudged),
    ),
    Mutant(
        "figure-contradictions",
        "disagreeing figures are contradictions",
        _set("communique.fuse", "figure_contradictions", lambda docs: ()),
    ),
    Mutant(
        "numeric-order",
        "a numeric date's order is settled by weekday, text, lead or outlet (mutated: as tagged)",
        _set("communique.nlp.timex_dateline", "settle", lambda *args: None),
    ),
    Mutant(
        "office-lower-bound",
        "an office named bounds the date from below even in an aside",
        _wrap(
            D,
            "office_constraints",
            lambda real: lambda mentions, kb: [c for c in real(mentions, kb) if not c.hard],
        ),
    ),
    Mutant(
        "kb-facts",
        "anniversaries of relations and numbered meetings bound the date",
        _set(D, "fact_constraints", lambda doc, kb: []),
    ),
    Mutant(
        "people-check",
        "person links checked against time and context",
        _set(D, "check_people", lambda doc, kb: doc),
    ),
    Mutant(
        "cross-date-window",
        "a cross-document date must fall in the document's own window and place",
        _wrap("communique.fuse.crossdate", "_allowed", lambda real: lambda doc, date: True),
    ),
    Mutant(
        "english-only",
        "documents not in English are not extracted",
        _set(
            "communique.pipeline",
            "EXTRACTED_LANGUAGES",
            frozenset({"en", "ru", "vi", "fr", "zh", "es", "de", "ja", "ko", "ar"}),
        ),
    ),
    Mutant(
        "cross-dating",
        "an undated document takes a date from a matching dated one",
        _set("communique.fuse", "cross_date", lambda docs, dated: []),
    ),
    # the learned event coder (issue 13)
    Mutant(
        "coder-none-threshold",
        "the model's NONE threshold (mutated: an event whenever an event type is most probable)",
        _wrap("communique.extract.coder", "LearnedCoder", _no_none_threshold),
    ),
    Mutant(
        "coder-contact-kept",
        "a rule trigger of diplomatic contact keeps its event when the model hesitates",
        _set("communique.extract.coder_events", "CONTACT_MODES", frozenset()),
    ),
    Mutant(
        "coder-spans",
        "the model's actor spans fill roles the rules leave empty",
        _set("communique.extract.events", "span_mentions", lambda *a: []),
    ),
    # builds
    Mutant(
        "refresh-pending",
        "a refresh left undone by a crash is remembered (mutated: a reopened store forgets it)",
        _wrap("communique.api", "DuckDBStore", _forgetful_store),
    ),
    Mutant(
        "near-duplicates",
        "near-duplicate documents are marked",
        _set("communique.fuse.neardup", "near_duplicates", lambda items, threshold=0.6: {}),
    ),
]


def by_name(name: str) -> Mutant:
    for m in MUTANTS:
        if m.name == name:
            return m
    raise KeyError(f"no mutant {name!r}")
