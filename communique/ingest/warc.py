"""WARC files (e.g. Common Crawl's CC-NEWS) through warcio: HTML responses become documents."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from communique.errors import InputError, MalformedInput, UnreadableInput
from communique.ingest.decode import decode_bytes
from communique.ingest.html import extract_html
from communique.ingest.sources import InputFailure, Item, RawDoc


def read_warc(path: Path) -> Iterator[Item]:
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    try:
        fh = path.open("rb")
    except OSError as exc:
        raise UnreadableInput(f"cannot read: {exc.strerror or exc}", str(path)) from None
    with fh:
        try:
            for n, record in enumerate(ArchiveIterator(fh)):
                item = _record(record, f"{path}#record-{n}")
                if item is not None:
                    yield item
        except ArchiveLoadFailed as exc:
            raise MalformedInput(f"not a valid WARC file: {exc}", str(path)) from None


def _record(record: object, where: str) -> Item | None:
    rec_type = getattr(record, "rec_type", None)
    if rec_type != "response":
        return None
    http = getattr(record, "http_headers", None)
    ctype = http.get_header("Content-Type", "") if http else ""
    if "html" not in ctype.lower():
        return None
    url = record.rec_headers.get_header("WARC-Target-URI")  # type: ignore[attr-defined]
    try:
        html = decode_bytes(record.content_stream().read(), where)  # type: ignore[attr-defined]
        ex = extract_html(html, where, url=url)
    except InputError as exc:
        return InputFailure(where, exc)
    return RawDoc(where, ex.text, ex.meta, None)
