"""Conversion between the document model and table rows (both directions)."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from communique.model import (
    Caption,
    DocMeta,
    Document,
    Event,
    Evidence,
    Figure,
    Location,
    Mention,
    Pledge,
    Removed,
    Sentence,
    TimeExpr,
    stable_id,
)

Row = dict[str, Any]


@dataclass(frozen=True)
class Provenance:
    pipeline_version: str
    config_hash: str
    run_id: str

    def columns(self) -> Row:
        return {"pipeline_version": self.pipeline_version, "config_hash": self.config_hash}


def dumps(value: Any) -> str:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        value = dataclasses.asdict(value)
    elif isinstance(value, (list, tuple)):
        value = [
            dataclasses.asdict(v) if dataclasses.is_dataclass(v) and not isinstance(v, type) else v
            for v in value
        ]
    return json.dumps(value, ensure_ascii=False)


def loads(text: str | None, default: Any = None) -> Any:
    if text is None:
        return default
    return json.loads(text)


def document_row(doc: Document, prov: Provenance) -> Row:
    m = doc.meta
    return {
        "doc_id": doc.doc_id,
        "content_hash": doc.content_hash,
        "title": m.title,
        "outlet": m.outlet,
        "url": m.url,
        "published": m.published,
        "published_source": m.published_source,
        "published_evidence": m.published_evidence,
        "published_window": m.published_window,
        "language": m.language,
        "notes": dumps(list(m.notes)),
        "text": doc.text,
        "raw": doc.raw,
        "source": m.source,
        "duplicate_of": None,
        "captions": dumps(doc.captions),
        "removed": dumps(doc.removed),
        "run_id": prov.run_id,
        **prov.columns(),
    }


def layer_rows(doc: Document, prov: Provenance) -> dict[str, list[Row]]:
    """Rows for every layer table of one document."""
    p = prov.columns()
    d = doc.doc_id
    sent = [
        {"doc_id": d, "idx": i, "start": s.start, "end": s.end} for i, s in enumerate(doc.sentences)
    ]
    mentions = [
        {**_plain(mn, flags=dumps(list(mn.flags))), "doc_id": d, **p} for mn in doc.mentions
    ]
    times = [{**_plain(t), "doc_id": d, "text": doc.text[t.start : t.end], **p} for t in doc.times]
    return {
        "sentences": sent,
        "mentions": mentions,
        "times": times,
        "events": [_event_row(doc, e, p) for e in doc.events],
        "figures": [_figure_row(doc, f, p) for f in doc.figures],
        "pledges": [_pledge_row(doc, pl, p) for pl in doc.pledges],
    }


def _plain(obj: Any, **override: Any) -> Row:
    row = {f.name: getattr(obj, f.name) for f in dataclasses.fields(obj)}
    row.update(override)
    return row


def _event_row(doc: Document, e: Event, p: Row) -> Row:
    return {
        **_plain(
            e,
            source=dumps(list(e.source)),
            target=dumps(list(e.target)),
            participants=dumps(list(e.participants)),
            location=dumps(e.location) if e.location else None,
            contexts=dumps(list(e.contexts)),
            evidence=dumps(
                [
                    {"start": s.start, "end": s.end, "sentence": doc.text[s.start : s.end]}
                    for s in e.evidence
                ]
            ),
        ),
        "doc_id": doc.doc_id,
        "sentence": doc.text[e.start : e.end],
        **p,
    }


def _figure_row(doc: Document, f: Figure, p: Row) -> Row:
    fid = stable_id(doc.doc_id, f.start, f.value_start, f.quantity, f.value)
    return {
        **_plain(f, actors=dumps(list(f.actors))),
        "figure_id": fid,
        "doc_id": doc.doc_id,
        "sentence": doc.text[f.start : f.end],
        **p,
    }


def _pledge_row(doc: Document, pl: Pledge, p: Row) -> Row:
    return {
        **_plain(pl, actors=dumps(list(pl.actors)), evidence=dumps(pl.evidence)),
        "doc_id": doc.doc_id,
        "sentence": doc.text[pl.start : pl.end],
        **p,
    }


def _fields(cls: type, row: Mapping[str, Any]) -> Row:
    names = {f.name for f in dataclasses.fields(cls)}
    return {k: v for k, v in row.items() if k in names}


def document_from_rows(doc: Row, layers: Mapping[str, Iterable[Row]]) -> Document:
    """Rebuild a full :class:`Document` from its stored rows."""
    fields = _fields(DocMeta, doc)
    fields["notes"] = tuple(loads(doc.get("notes"), []))
    meta = DocMeta(**fields)
    return Document(
        doc_id=doc["doc_id"],
        text=doc["text"],
        meta=meta,
        content_hash=doc["content_hash"],
        raw=doc.get("raw") or "",
        captions=tuple(Caption(**c) for c in loads(doc.get("captions"), [])),
        removed=tuple(Removed(**r) for r in loads(doc.get("removed"), [])),
        sentences=tuple(Sentence(r["start"], r["end"]) for r in layers.get("sentences", ())),
        mentions=tuple(_mention(r) for r in layers.get("mentions", ())),
        times=tuple(TimeExpr(**_fields(TimeExpr, r)) for r in layers.get("times", ())),
        events=tuple(_event(r) for r in layers.get("events", ())),
        figures=tuple(_figure(r) for r in layers.get("figures", ())),
        pledges=tuple(_pledge(r) for r in layers.get("pledges", ())),
        layers=frozenset({"text", *layers}),
    )


def _mention(r: Row) -> Mention:
    return Mention(**{**_fields(Mention, r), "flags": tuple(loads(r.get("flags"), []))})


def _event(r: Row) -> Event:
    loc = loads(r.get("location"))
    return Event(
        **{
            **_fields(Event, r),
            "source": tuple(loads(r["source"], [])),
            "target": tuple(loads(r["target"], [])),
            "participants": tuple(loads(r["participants"], [])),
            "location": Location(**loc) if loc else None,
            "contexts": tuple(loads(r["contexts"], [])),
            "evidence": tuple(Sentence(s["start"], s["end"]) for s in loads(r["evidence"], [])),
            "historical": bool(r.get("historical")),
        }
    )


def _figure(r: Row) -> Figure:
    return Figure(**{**_fields(Figure, r), "actors": tuple(loads(r.get("actors"), []))})


def _pledge(r: Row) -> Pledge:
    return Pledge(
        **{
            **_fields(Pledge, r),
            "actors": tuple(loads(r.get("actors"), [])),
            "evidence": tuple(Evidence(**e) for e in loads(r.get("evidence"), [])),
        }
    )
