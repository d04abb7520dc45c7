"""Timeline summarization the benchmark way (Timeline17, news-tls "datewise" style).

Over every sentence of a topic's articles, not only event sentences:

1. **Dates.** A day is salient when many articles published on other days refer to it (a
   day-precise time expression, resolved against the article's publication date). The top
   ``max_dates`` days are kept.
2. **Sentences per date.** Candidates are the sentences that name the date and no other, and
   the opening sentences of articles published that day or the day after that name no date. They are
   ranked by cosine similarity to the centroid of the date's candidates (TF-IDF bag of words),
   skipping near-duplicates of sentences already chosen.

Extractive only: every sentence is a span of a stored document.
"""

from __future__ import annotations

import bisect
import datetime as dt
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from communique.store.duckdb_store import DuckDBStore

_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_WORD = re.compile(r"[a-z][a-z'-]+")
_STOP = frozenset(
    "a an the and or but of in on at to for from by with as is are was were be been being it its "
    "this that these those he she they we you i his her their our him them has have had do does "
    "did not no said says say will would could should may might can also than then there here "
    "after before over into about up out more most some such which who whom what when where "
    "while all any both each other one two new mr mrs ms".split()
)
# LEAD_SENTENCES, MAX_WORDS and DUPLICATE were tuned on one Timeline17 dev topic only
# (LibyaWar_cnn; `scripts/eval_tls.py --tune-on LibyaWar_cnn`), the other four being the check.
LEAD_SENTENCES = 5  # opening sentences of an article published on a date are candidates for it
MIN_WORDS, MAX_WORDS = 6, 50  # timeline sentences are short: long ones cost ROUGE precision
DUPLICATE = 0.5  # cosine above which a candidate repeats a chosen sentence


@dataclass(frozen=True)
class TlsSentence:
    doc_id: str
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class TlsDate:
    date: str
    score: float
    sentences: tuple[TlsSentence, ...]


@dataclass(frozen=True)
class TlsRequest:
    max_dates: int = 10
    sentences_per_date: int = 1
    start: str | None = None  # only articles published within [start, end] (YYYY-MM-DD)
    end: str | None = None
    # Tuning knobs (scripts/eval_tls.py --tune-on); the defaults are the module constants.
    lead_sentences: int = LEAD_SENTENCES
    max_words: int = MAX_WORDS
    duplicate: float = DUPLICATE


@dataclass(frozen=True)
class _Sent:
    doc_id: str
    idx: int
    start: int
    end: int
    text: str
    dates: frozenset[str]
    published: str | None


def _day(value: str) -> str | None:
    return value if _DAY.match(value) else None


def _next_day(day: str) -> str:
    return (dt.date.fromisoformat(day) + dt.timedelta(days=1)).isoformat()


def load_sentences(store: DuckDBStore, req: TlsRequest) -> list[_Sent]:
    """Every sentence of the articles in the window, with the days its time expressions name."""
    where, params = ["duplicate_of IS NULL"], []
    if req.start:
        where.append("published >= ?")
        params.append(req.start)
    if req.end:
        where.append("substr(published, 1, 10) <= ?")
        params.append(req.end)
    docs = store.query(
        f"SELECT doc_id, text, published FROM documents WHERE {' AND '.join(where)}", params
    )
    ids = [d["doc_id"] for d in docs]
    spans: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for r in store.query(
        'SELECT doc_id, "start", "end" FROM sentences WHERE doc_id IN ? ORDER BY doc_id, idx',
        [ids],
    ):
        spans[r["doc_id"]].append((r["start"], r["end"]))
    days: dict[tuple[str, int], set[str]] = defaultdict(set)
    for r in store.query(
        "SELECT doc_id, \"start\", value FROM times WHERE doc_id IN ? AND type = 'DATE'", [ids]
    ):
        starts = [s for s, _ in spans[r["doc_id"]]]
        i = bisect.bisect_right(starts, r["start"]) - 1
        if i >= 0 and (day := _day(r["value"])):
            days[(r["doc_id"], i)].add(day)
    out = []
    for d in docs:
        pub = (d["published"] or "")[:10] or None
        for i, (s, e) in enumerate(spans[d["doc_id"]]):
            text = " ".join(d["text"][s:e].split())
            out.append(_Sent(d["doc_id"], i, s, e, text, frozenset(days[(d["doc_id"], i)]), pub))
    return out


def date_scores(sents: Iterable[_Sent]) -> Counter[str]:
    """How salient each day is: the number of articles that refer back to it.

    A reference counts once per article, and only from an article published on another day:
    an article naming its own day says little about that day's weight, while later articles
    recalling it mark a turning point (what journalists' timelines keep).
    """
    docs: dict[str, set[str]] = defaultdict(set)
    for s in sents:
        for day in s.dates:
            if s.published != day:
                docs[day].add(s.doc_id)
    return Counter({day: len(ids) for day, ids in docs.items()})


def _tokens(text: str) -> list[str]:
    return [w for w in _WORD.findall(text.lower()) if w not in _STOP]


def _tfidf(tokens: Sequence[str], idf: dict[str, float]) -> dict[str, float]:
    tf = Counter(tokens)
    vec = {w: (1 + math.log(n)) * idf.get(w, 0.0) for w, n in tf.items()}
    norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
    return {w: v / norm for w, v in vec.items()}


def _cos(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(w, 0.0) for w, v in a.items())


def _candidates(sents: Sequence[_Sent], day: str, req: TlsRequest) -> list[_Sent]:
    """Sentences naming ``day`` and no other day, and the opening ``req.lead_sentences``
    sentences (naming no day) of articles published on it or the day after."""
    named = [s for s in sents if s.dates == {day}]
    lead = [
        s for s in sents
        if s.idx < req.lead_sentences and not s.dates and s.published in (day, _next_day(day))
    ]  # fmt: skip
    return [s for s in named + lead if MIN_WORDS <= len(s.text.split()) <= req.max_words]


def _pick(
    cands: Sequence[_Sent], idf: dict[str, float], k: int, duplicate: float = DUPLICATE
) -> list[_Sent]:
    vecs = [_tfidf(_tokens(s.text), idf) for s in cands]
    centroid: Counter[str] = Counter()
    for v in vecs:
        centroid.update(v)
    norm = math.sqrt(sum(x * x for x in centroid.values())) or 1.0
    cent = {w: x / norm for w, x in centroid.items()}
    order = sorted(range(len(cands)), key=lambda i: (-_cos(vecs[i], cent), cands[i].doc_id))
    chosen: list[int] = []
    seen_text: set[str] = set()
    for i in order:
        if len(chosen) == k:
            break
        if cands[i].text in seen_text or any(_cos(vecs[i], vecs[j]) > duplicate for j in chosen):
            continue
        chosen.append(i)
        seen_text.add(cands[i].text)
    return [cands[i] for i in chosen]


def summarize(store: DuckDBStore, req: TlsRequest) -> list[TlsDate]:
    """A timeline of at most ``max_dates`` days, ``sentences_per_date`` sentences each."""
    sents = load_sentences(store, req)
    if not sents:
        return []
    n = len(sents)
    df: Counter[str] = Counter(w for s in sents for w in set(_tokens(s.text)))
    idf = {w: math.log(n / c) for w, c in df.items()}
    scores = date_scores(sents)
    lo, hi = req.start or "0000", req.end or "9999"
    ranked = [d for d, _ in sorted(scores.items(), key=lambda x: (-x[1], x[0])) if lo <= d <= hi]
    out: list[TlsDate] = []
    for day in ranked:
        if len(out) == req.max_dates:
            break
        picked = _pick(_candidates(sents, day, req), idf, req.sentences_per_date, req.duplicate)
        if picked:
            out.append(TlsDate(day, scores[day], tuple(
                TlsSentence(s.doc_id, s.start, s.end, s.text) for s in picked)))  # fmt: skip
    return sorted(out, key=lambda d: d.date)


def format_tilse(timeline: Sequence[TlsDate]) -> str:
    """The Timeline17 / tilse text format: a date line, its sentences, a line of dashes."""
    blocks = ["\n".join([d.date, *(s.text for s in d.sentences), "-" * 32]) for d in timeline]
    return "\n".join(blocks) + ("\n" if blocks else "")
