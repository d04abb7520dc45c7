"""CAMEO coding with the PETRARCH verb-pattern dictionary, on a word window instead of a parse.

For every verb of the dictionary found in a sentence (any inflected form), the most specific
pattern of that verb whose words stand before and after it, in order and near it, gives the
CAMEO code; without a matching pattern the verb's default code holds. The sentence's main
event is the first verb whose code is an event (statements, "say", are skipped).
"""

from __future__ import annotations

import functools
import json
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any

_WORD = re.compile(r"[A-Za-z]+(?:'[A-Za-z]+)?")
PRE_WINDOW, POST_WINDOW, GAP = 6, 10, 3
_SUFFIXES = ("", "S", "ES", "ED", "D", "ING", "ION", "IONS", "AL", "LY")


@dataclass(frozen=True)
class Pattern:
    pre: tuple[str, ...]
    post: tuple[str, ...]
    code: str | None


@dataclass(frozen=True)
class Verb:
    verb: str
    words: tuple[str, ...]  # the form as words (a few verbs are several words)
    code: str | None
    patterns: tuple[Pattern, ...]


@dataclass(frozen=True)
class VerbHit:
    verb: str
    code: str  # CAMEO
    start: int  # character offsets of the verb in the sentence
    end: int
    matched: int  # how many pattern words confirmed the code (0: the verb's default)


@dataclass(frozen=True)
class Dictionary:
    by_first: dict[str, tuple[Verb, ...]]
    synonyms: dict[str, frozenset[str]]


@functools.lru_cache(maxsize=1)
def load_dictionary() -> Dictionary:
    raw = resources.files("communique.extract").joinpath("data", "cameo_verbs.json").read_text()
    data: dict[str, Any] = json.loads(raw)
    synonyms = {k: frozenset(v) for k, v in data["synonyms"].items()}
    by_first: dict[str, list[Verb]] = defaultdict(list)
    for block in data["blocks"]:
        for v in block["verbs"]:
            pats = tuple(
                Pattern(tuple(p["pre"]), tuple(p["post"]), p["code"])
                for p in block["patterns"]
                if p.get("verb") in (None, v["verb"])
            )
            for form in v["forms"]:
                words = tuple(form.split("_"))
                by_first[words[0]].append(Verb(v["verb"], words, v["code"], pats))
    return Dictionary({k: tuple(v) for k, v in by_first.items()}, synonyms)


def _word_matches(token: str, want: str, syn: dict[str, frozenset[str]]) -> bool:
    if want.startswith("&"):
        members = syn.get(want[1:].rstrip("_"), frozenset())
        return token in members or any(token == m + s for m in members for s in ("S", "ES"))
    return any(token == want + s for s in _SUFFIXES)


def _in_order(tokens: Sequence[str], wants: Sequence[str], syn: dict[str, frozenset[str]]) -> bool:
    """Every wanted word in order within ``tokens``, at most GAP tokens between two of them."""
    pos = -1
    for k, want in enumerate(wants):
        limit = len(tokens) if k == 0 else min(len(tokens), pos + 2 + GAP)
        for i in range(pos + 1, limit):
            if _word_matches(tokens[i], want, syn):
                pos = i
                break
        else:
            return False
    return True


def _best(verb: Verb, before: list[str], after: list[str], syn: dict[str, frozenset[str]]
          ) -> tuple[str | None, int]:  # fmt: skip
    best_code, best_n = verb.code, 0
    for p in verb.patterns:
        n = len(p.pre) + len(p.post)
        if n <= best_n:
            continue
        pre_ok = not p.pre or _in_order(before[-PRE_WINDOW:], p.pre, syn)
        if pre_ok and (not p.post or _in_order(after[:POST_WINDOW], p.post, syn)):
            best_code, best_n = p.code, n
    return best_code, best_n


def verb_hits(sentence: str, dictionary: Dictionary | None = None) -> list[VerbHit]:
    """Every dictionary verb in ``sentence`` with the CAMEO code its context gives."""
    d = dictionary or load_dictionary()
    matches = list(_WORD.finditer(sentence))
    tokens = [m.group().upper().replace("'", "") for m in matches]
    hits = []
    for i, tok in enumerate(tokens):
        if i and matches[i].group()[0].isupper():
            continue  # a capitalised word inside the sentence is a name ("United Nations")
        for verb in d.by_first.get(tok, ()):
            n = len(verb.words)
            if tuple(tokens[i : i + n]) != verb.words:
                continue
            code, matched = _best(verb, tokens[:i], tokens[i + n :], d.synonyms)
            if code:
                hits.append(VerbHit(verb.verb, code, matches[i].start(), matches[i + n - 1].end(),
                                    matched))  # fmt: skip
            break
    return hits
