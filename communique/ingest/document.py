"""From a raw input record to a :class:`~communique.model.Document` with cleaned text."""

from __future__ import annotations

import dataclasses
import re

from communique.errors import EmptyInput
from communique.ingest.clean import clean_text
from communique.ingest.records import RawDoc
from communique.model import Document, content_hash

_AGENCY_TAG = re.compile(r"^\(([A-Z][A-Za-z]{1,15})\)\s*[-–—]\s|^([A-Z]{2,6})\s[-–—]\s")
# a bare capitalised word before a dash is usually a dateline place ("HANOI —"); only these
# wire services are taken as the outlet in that position
WIRE_SERVICES = frozenset({"AFP", "AP", "ANI", "ANSA", "DPA", "EFE", "IANS", "KCNA", "PTI",
                           "TASS", "UPI", "VNA", "XINHUA", "YONHAP", "KYODO", "BERNAMA",
                           "ANTARA", "REUTERS"})  # fmt: skip


def looks_like_headline(line: str) -> bool:
    words = line.split()
    return 2 <= len(words) <= 25 and not line.rstrip().endswith((".", ":", ";", ","))


def outlet_hint(text: str) -> str | None:
    """An agency tag opening the first paragraphs: "(AGENCY) - ..." or "ABC - ..."."""
    for line in text.split("\n")[:4]:
        if (m := _AGENCY_TAG.match(line)) and (m.group(1) or m.group(2) in WIRE_SERVICES):
            return m.group(1) or m.group(2)
    return None


def to_document(raw: RawDoc) -> Document:
    cleaned = clean_text(raw.text)
    if not cleaned.text.strip():
        raise EmptyInput("no article text left after cleaning", raw.source)
    text = cleaned.text
    meta = raw.meta
    first = text.split("\n", 1)[0]
    if not meta.title and looks_like_headline(first):
        meta = dataclasses.replace(meta, title=first)
    if not meta.outlet and (hint := cleaned.outlet_hint or outlet_hint(text)):
        meta = dataclasses.replace(meta, outlet=hint)
    if meta.source is None:
        meta = dataclasses.replace(meta, source=raw.source)
    if n := cleaned.collapsed:
        note = f"the text repeats itself: {n} repeated paragraph{'s' if n > 1 else ''} left out"
        meta = dataclasses.replace(meta, notes=(*meta.notes, note))
    digest = content_hash(text)
    return Document(
        doc_id=raw.doc_id or digest,
        text=text,
        meta=meta,
        content_hash=digest,
        raw=raw.text,
        captions=cleaned.captions,
        removed=cleaned.removed,
    )
