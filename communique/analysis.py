"""One article analysed without a database: ``communique.analyze(text, published=...)``.

The text goes through what ``communique build`` does to a ``.txt`` article (cleaning, then the
pipeline's stages); the events, figures, pledges and people found come back as the typed rows
of :mod:`communique.typed`, every span an offset into the text as given (not the cleaned
text): ``text[start:end]`` is the sentence. Pledges are ``open``: judging them takes later
documents, which only a database holds.

For many articles make one :class:`Analyzer`: it loads the models once.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import unicodedata
from dataclasses import dataclass
from typing import Any

from communique.config import Config
from communique.frames import Results
from communique.ingest import RawDoc, to_document
from communique.ingest.clean import Cleaned, clean_text
from communique.model import DocMeta, Document, stable_id
from communique.pipeline import Pipeline
from communique.serve import params
from communique.typed import Event, Figure, Person, Pledge, from_row


@dataclass(frozen=True)
class Analysis:
    """What one article says. Every ``span`` is a pair of offsets into ``text``."""

    text: str  # the text as given
    doc_id: str
    title: str | None
    published: str | None  # as given, else as read from the text
    published_source: str | None  # metadata (given) / text / inferred / None
    language: str | None
    events: Results[Event]
    figures: Results[Figure]
    pledges: Results[Pledge]
    people: Results[Person]
    notes: tuple[str, ...] = ()  # e.g. a language the extraction stages do not read


class Analyzer:
    """Analyses articles one at a time, holding the pipeline (and its models) between them."""

    def __init__(self, config: Config | None = None) -> None:
        self.config = config or Config()
        self._pipeline: Pipeline | None = None
        self._kb: Any = None

    def __call__(
        self,
        text: str,
        published: str | dt.date | None = None,
        *,
        title: str | None = None,
        doc_id: str | None = None,
    ) -> Analysis:
        """Analyse ``text``, published on ``published`` (YYYY[-MM[-DD]] or a date; None: read
        from the text when it says)."""
        raw = RawDoc("<text>", text, DocMeta(title=title, published=_published(published)), doc_id)
        doc = to_document(raw)  # as a .txt article is read: cleaned, titled, with an outlet
        offsets = map_offsets(text, clean_text(text))
        if offsets is None:  # not traced back: the text is analysed as given
            doc = dataclasses.replace(doc, text=text, captions=(), removed=())
        self._pipeline = self._pipeline or Pipeline(self.config)
        doc = self._pipeline(doc)
        return _analysis(text, doc, Spans(offsets), self._people(doc))

    def _people(self, doc: Document) -> list[tuple[str, str, str | None]]:
        """(actor id, name, country) of every person the document mentions."""
        from communique.kb import KnowledgeBase
        from communique.kb.actors import collect_actors

        self._kb = self._kb or KnowledgeBase.load()
        return [(a.actor_id, a.name, a.country)
                for a in collect_actors(self._kb, [doc]) if a.kind == "person"]  # fmt: skip


def analyze(
    text: str,
    published: str | dt.date | None = None,
    *,
    title: str | None = None,
    config: Config | None = None,
) -> Analysis:
    """Analyse one article without a database (see :class:`Analysis`)."""
    return Analyzer(config)(text, published, title=title)


def _published(value: str | dt.date | None) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value).strip()
    if len(text) > 10 and text[4:5] == "-" and text[10] in "T ":  # a timestamp: its day
        text = text[:10]
    return params.check_date(text, "published")


@dataclass(frozen=True)
class Spans:
    """Offsets into the cleaned text mapped back to the given text (identity when None)."""

    offsets: list[int] | None

    def __call__(self, start: int, end: int) -> tuple[int, int]:
        if self.offsets is None:
            return start, end
        if end <= start:
            return self.offsets[start], self.offsets[start]
        return self.offsets[start], self.offsets[end - 1] + 1


def map_offsets(raw: str, cleaned: Cleaned) -> list[int] | None:
    """For every character of the cleaned text, its offset in ``raw`` (and one past the end);
    None when the cleaned text cannot be traced back (then the raw text is analysed as is)."""
    removed = {r.line for r in cleaned.removed}
    chars: list[str] = []
    owners: list[int] = []
    for n, (start, line) in enumerate(_lines(raw)):
        text, own = _normalized(line, start)
        if not text or n in removed:
            continue
        if chars:
            chars.append("\n")
            owners.append(start - 1)
        chars.extend(text)
        owners.extend(own)
    if "".join(chars) != cleaned.text:
        return None
    return [*owners, len(raw)]


def _lines(raw: str) -> list[tuple[int, str]]:
    """The lines as :func:`clean_text` splits them, each with its offset in ``raw``."""
    out, start, i = [], 0, 0
    while i < len(raw):
        if raw[i] in "\r\n":
            out.append((start, raw[start:i]))
            i += 2 if raw.startswith("\r\n", i) else 1
            start = i
        else:
            i += 1
    out.append((start, raw[start:]))
    return out


def _normalized(line: str, base: int) -> tuple[str, list[int]]:
    """The line as cleaning normalizes it (NFKC, runs of white space as one space, none at
    the ends) and the offset in the raw text of each of its characters."""
    out: list[str] = []
    own: list[int] = []
    space: int | None = None
    for j, ch in enumerate(line):
        for piece in unicodedata.normalize("NFKC", ch):
            if piece.isspace():
                space = base + j if out and space is None else space
                continue
            if space is not None:
                out.append(" ")
                own.append(space)
                space = None
            out.append(piece)
            own.append(base + j)
    return "".join(out), own


def _analysis(
    text: str, doc: Document, spans: Spans, people: list[tuple[str, str, str | None]]
) -> Analysis:
    return Analysis(
        text=text,
        doc_id=doc.doc_id,
        title=doc.meta.title,
        published=doc.meta.published,
        published_source=doc.meta.published_source,
        language=doc.meta.language,
        events=Results(tuple(_event(text, doc, e, spans) for e in doc.events), Event),
        figures=Results(tuple(_figure(text, doc, f, spans) for f in doc.figures), Figure),
        pledges=Results(tuple(_pledge(text, doc, p, spans) for p in doc.pledges), Pledge),
        people=Results(tuple(_person(doc, p, spans) for p in people), Person),
        notes=doc.meta.notes,
    )


def _fields(obj: Any) -> dict[str, Any]:
    return {f.name: getattr(obj, f.name) for f in dataclasses.fields(obj)}


def _evidence(text: str, doc: Document, start: int, end: int, spans: Spans) -> dict[str, Any]:
    span = spans(start, end)
    return {"doc_id": doc.doc_id, "span": span, "sentence": text[span[0] : span[1]]}


def _event(text: str, doc: Document, e: Any, spans: Spans) -> Event:
    return from_row(Event, {**_fields(e), **_evidence(text, doc, e.start, e.end, spans)})


def _figure(text: str, doc: Document, f: Any, spans: Spans) -> Figure:
    fid = stable_id(doc.doc_id, f.start, f.value_start, f.quantity, f.value)  # as stored
    row = {**_fields(f), **_evidence(text, doc, f.start, f.end, spans), "figure_id": fid}
    return from_row(Figure, row)


def _pledge(text: str, doc: Document, p: Any, spans: Spans) -> Pledge:
    return from_row(Pledge, {**_fields(p), **_evidence(text, doc, p.start, p.end, spans)})


def _person(doc: Document, person: tuple[str, str, str | None], spans: Spans) -> Person:
    actor_id, name, country = person
    mentions = [m for m in doc.mentions if m.actor_id == actor_id]
    role = next((m.role for m in mentions if m.role), None)
    return Person(actor_id, name, country, role, tuple(spans(m.start, m.end) for m in mentions))
