"""``export timeline --format timelinejs``: the timeline as TimelineJS3 JSON.

``{"title": slide, "events": [slide, ...]}``, each event a slide with ``start_date``
(``year``, and ``month`` and ``day`` as far as the date is known), ``text`` (``headline`` and an
HTML ``text``: the entry's summary and its sources, linked), ``group`` (the entry's main PLOVER
type) and ``unique_id`` (the entry's id). Undated entries are left out: a TimelineJS slide
needs a date. The JSON Schema is ``communique/interop/timelinejs.schema.json``.
"""

from __future__ import annotations

import html
import json
from collections import Counter
from collections.abc import Mapping
from importlib import resources
from typing import IO, Any

from communique.interop import codes
from communique.serve.export import export_rows
from communique.store.duckdb_store import DuckDBStore
from communique.store.rows import Row

SCHEMA_FILE = "timelinejs.schema.json"
_TYPES = "SELECT event_id, type FROM events"
_DOCS = "SELECT doc_id, title, outlet, url, published FROM documents"


def timelinejs_schema() -> dict[str, Any]:
    """The JSON Schema of a TimelineJS3 document (the parts communique writes)."""
    text = resources.files("communique.interop").joinpath(SCHEMA_FILE).read_text("utf-8")
    return dict(json.loads(text))


def timelinejs(store: DuckDBStore, title: str = "communique timeline") -> dict[str, Any]:
    """The timeline's dated entries as one TimelineJS3 document."""
    types = {r["event_id"]: r["type"] for r in store.query(_TYPES)}
    docs = {r["doc_id"]: r for r in store.query(_DOCS)}
    events = [_slide(e, types, docs) for e in export_rows(store, "timeline") if e["date"]]
    n_docs = len(docs)
    intro = f"{len(events)} dated happenings read from {n_docs} documents by communique."
    return {"title": {"text": {"headline": title, "text": f"<p>{html.escape(intro)}</p>"}},
            "events": events}  # fmt: skip


def start_date(date: str) -> dict[str, int]:
    """A TimelineJS date object: year, then month and day only as far as ``date`` says."""
    y, m, d = codes.date_parts(date) or (0, 1, 1)
    out = {"year": y}
    if len(date) >= 7:
        out["month"] = m
    if len(date) >= 10:
        out["day"] = d
    return out


def _slide(e: Row, types: Mapping[str, str], docs: Mapping[str, Row]) -> dict[str, Any]:
    counted = Counter(t for i in e["event_ids"] if (t := types.get(i)))
    group = min(counted, key=lambda t: (-counted[t], t)) if counted else "OTHER"
    sources = "".join(f"<li>{_source(docs.get(d), d)}</li>" for d in e["doc_ids"])
    text = f"<p>{html.escape(e['summary'] or '')}</p><p>Sources:</p><ul>{sources}</ul>"
    return {
        "start_date": start_date(e["date"]),
        "text": {"headline": html.escape(e["title"] or e["entry_id"]), "text": text},
        "group": group,
        "unique_id": f"entry-{e['entry_id']}",
    }


def _source(doc: Mapping[str, Any] | None, doc_id: str) -> str:
    if doc is None:
        return html.escape(doc_id)
    label = html.escape(" — ".join(str(x) for x in (doc["title"] or doc_id, doc["outlet"],
                                                    doc["published"]) if x))  # fmt: skip
    url = doc["url"]
    if url and str(url).startswith(("http://", "https://")):
        return f'<a href="{html.escape(url, quote=True)}">{label}</a>'
    return label


def write_timelinejs(store: DuckDBStore, out: IO[str], title: str | None = None) -> int:
    """Write the TimelineJS3 JSON document; returns the number of slides (title excluded)."""
    doc = timelinejs(store, title or "communique timeline")
    out.write(json.dumps(doc, ensure_ascii=False, indent=1) + "\n")
    return len(doc["events"])
