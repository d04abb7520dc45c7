"""A report of one relationship (two countries): what the Markdown and HTML reports show.

The happenings both countries take part in (dated ones first, in date order), the pledges and
figures about them, and the documents behind them, each quoted sentence numbered so that the
report links every claim to the sentence it rests on (and, for a document with a web address,
to that sentence in the page, with a text fragment ``#:~:text=``). Which rows belong to the pair
is decided the way the API's ``countries=A,B`` filter decides it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from communique.errors import ExportError
from communique.interop import codes
from communique.serve import params
from communique.serve.lists import SPECS
from communique.serve.reader import Filters, decode_row, filtered
from communique.store.duckdb_store import DuckDBStore
from communique.store.rows import Row

_QUOTES = """SELECT event_id AS id, doc_id, "start", sentence FROM events
             WHERE list_contains(?::VARCHAR[], event_id) ORDER BY doc_id, "start", event_id"""
_DOCS = """SELECT doc_id, title, outlet, url, published FROM documents
           WHERE list_contains(?::VARCHAR[], doc_id) ORDER BY published NULLS LAST, doc_id"""
_ORDER = {"timeline": "date NULLS LAST, entry_id", "pledges": "made NULLS LAST, pledge_id",
          "figures": "period NULLS LAST, figure_id"}  # fmt: skip


@dataclass(frozen=True)
class Quote:
    anchor: str  # "q3": the id the report gives the sentence
    doc_id: str
    sentence: str
    link: str | None  # the sentence in the web page, where the document has an address


@dataclass(frozen=True)
class Source:
    number: int
    doc_id: str
    title: str
    outlet: str | None
    published: str | None
    url: str | None
    quotes: tuple[Quote, ...]


@dataclass(frozen=True)
class Item:
    """One line of a section: a date, a headline, details, and the quotes it rests on."""

    date: str | None
    headline: str
    details: tuple[str, ...]
    quotes: tuple[str, ...]  # anchors


@dataclass(frozen=True)
class Report:
    a: str
    b: str
    a_name: str
    b_name: str
    timeline: tuple[Item, ...]
    pledges: tuple[Item, ...]
    figures: tuple[Item, ...]
    sources: tuple[Source, ...]

    @property
    def title(self) -> str:
        return f"{self.a_name} – {self.b_name}"

    def quote(self, anchor: str) -> Quote:
        return next(q for s in self.sources for q in s.quotes if q.anchor == anchor)

    def source_of(self, anchor: str) -> Source:
        return next(s for s in self.sources if any(q.anchor == anchor for q in s.quotes))


def relationship_report(store: DuckDBStore, a: str | None, b: str | None) -> Report:
    """The report of the relationship between countries ``a`` and ``b`` (codes or names)."""
    if not a or not b:
        raise ExportError("a report is of two countries: give --a and --b (e.g. --a USA --b LBY)")
    ca, cb = params.country(a), params.country(b)
    actors = codes.load_actors(store)
    rows = {name: _rows(store, name, (ca, cb)) for name in _ORDER}
    quotes, docs = _quotes(store, rows)
    sources = _sources(docs, quotes)
    by_id = {q_id: q.anchor for q_id, q in quotes.items()}
    names = {i: codes.actor_info(actors, i).name for i in actors}
    return Report(
        ca,
        cb,
        codes.actor_info(actors, f"c:{ca}").name,
        codes.actor_info(actors, f"c:{cb}").name,
        tuple(_entry(r, by_id) for r in rows["timeline"]),
        tuple(_pledge(r, by_id, names) for r in rows["pledges"]),
        tuple(_figure(r, by_id) for r in rows["figures"]),
        sources,
    )


def _rows(store: DuckDBStore, name: str, pair: tuple[str, str]) -> list[Row]:
    spec = SPECS[name]
    inner, args = filtered(store, spec, Filters(countries=pair))
    found = store.query(f"{inner} ORDER BY {_ORDER[name]}", args)
    return [decode_row(r, spec.json_cols) for r in found]


def _quotes(
    store: DuckDBStore, rows: Mapping[str, list[Row]]
) -> tuple[dict[str, Quote], list[Row]]:
    """Every sentence the report cites, by event, pledge or figure id, numbered in the order
    of the documents (by publication) and of the sentences in them; and those documents."""
    events = [i for r in rows["timeline"] for i in r["event_ids"]]
    found = [dict(r) for r in store.query(_QUOTES, [events])]
    for kind, key in (("pledges", "pledge_id"), ("figures", "figure_id")):
        found += [{"id": r[key], "doc_id": r["doc_id"], "start": r["span"][0],
                   "sentence": r["sentence"]} for r in rows[kind]]  # fmt: skip
    docs = store.query(_DOCS, [sorted({r["doc_id"] for r in found})])
    rank = {d["doc_id"]: (i, d["url"]) for i, d in enumerate(docs)}
    found.sort(key=lambda r: (rank[r["doc_id"]][0], r["start"], r["id"]))
    out: dict[str, Quote] = {}
    seen: dict[tuple[str, int], Quote] = {}
    for r in found:
        where = (r["doc_id"], r["start"])
        if where not in seen:
            link = fragment_link(rank[r["doc_id"]][1], r["sentence"])
            seen[where] = Quote(f"q{len(seen) + 1}", r["doc_id"], r["sentence"], link)
        out[r["id"]] = seen[where]
    return out, docs


def _sources(docs: list[Row], quotes: Mapping[str, Quote]) -> tuple[Source, ...]:
    by_doc: dict[str, dict[str, Quote]] = {}
    for q in quotes.values():
        by_doc.setdefault(q.doc_id, {})[q.anchor] = q
    return tuple(
        Source(n, d["doc_id"], d["title"] or d["doc_id"], d["outlet"], d["published"], d["url"],
               tuple(sorted(by_doc[d["doc_id"]].values(), key=lambda q: int(q.anchor[1:]))))
        for n, d in enumerate(docs, start=1)
    )  # fmt: skip


def fragment_link(url: str | None, sentence: str) -> str | None:
    """``url`` pointing at ``sentence`` with a text fragment (its first and last words)."""
    if not url or not url.startswith(("http://", "https://")):
        return None
    words = sentence.split()
    if not words:
        return url

    def enc(ws: Iterable[str]) -> str:
        return quote(" ".join(ws), safe="").replace("-", "%2D")

    text = enc(words) if len(words) <= 8 else f"{enc(words[:4])},{enc(words[-4:])}"
    return f"{url.split('#')[0]}#:~:text={text}"


def _anchors(ids: Iterable[str], by_id: Mapping[str, str]) -> tuple[str, ...]:
    return tuple(sorted({by_id[i] for i in ids if i in by_id}, key=lambda a: int(a[1:])))


def _entry(r: Row, by_id: Mapping[str, str]) -> Item:
    details = [r["summary"]] if r["summary"] else []
    loc = r["location"]
    if loc and loc.get("name"):
        details.append(f"Where: {loc['name']}")
    if r.get("flags"):
        details.append("Flags: " + ", ".join(r["flags"]))
    when = r["date"] or (f"undated (published within {r['window']})" if r.get("window") else None)
    return Item(when, r["title"] or r["entry_id"], tuple(details),
                _anchors(r["event_ids"], by_id))  # fmt: skip


def _pledge(r: Row, by_id: Mapping[str, str], names: Mapping[str, str]) -> Item:
    who = ", ".join(names.get(a, a) for a in r["actors"]) or "unnamed"
    details = [f"By: {who}", f"Status: {r['status'] or 'unknown'}"]
    if r["deadline"]:
        details.append(f"Deadline: {r['deadline']}")
    return Item(r["made"], r["text"] or r["sentence"], tuple(details),
                _anchors([r["pledge_id"]], by_id))  # fmt: skip


def _figure(r: Row, by_id: Mapping[str, str]) -> Item:
    value = f"{format_value(r['value'])} {r['unit'] or ''}".strip()
    details = [f"Value: {value}", f"Kind: {r['kind'] or 'actual'}"]
    return Item(r["period"], r["quantity"] or "figure", tuple(details),
                _anchors([r["figure_id"]], by_id))  # fmt: skip


def format_value(v: Any) -> str:
    """A number the way a reader writes it: 2.7e9 as "2.7 billion"."""
    if not isinstance(v, (int, float)):
        return str(v)
    for size, word in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million")):
        if abs(v) >= size:
            return f"{v / size:g} {word}"
    return f"{v:,.0f}" if float(v).is_integer() else f"{v:g}"
