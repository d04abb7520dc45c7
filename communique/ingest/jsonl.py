"""JSON Lines, plain or gzipped, read as a stream: one record a line, each bounded in size.

A bad line is one failure naming ``file:line``; a gzip stream that ends early or is damaged
part way keeps every complete line before the damage and is named with the line and the
offset where it broke.
"""

from __future__ import annotations

import codecs
import gzip
import json
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any, Protocol

from communique.errors import (
    DecodeError,
    EmptyInput,
    InputError,
    InputTooLarge,
    MalformedInput,
    TruncatedInput,
)
from communique.ingest.decode import decode_bytes, looks_binary, not_text
from communique.ingest.html import extract_html
from communique.ingest.ptb import detokenize
from communique.ingest.records import InputFailure, Item, RawDoc
from communique.ingest.tally import InputTally, megabytes
from communique.model import DocMeta

_CHUNK = 1 << 16


class _Stream(Protocol):
    """A file of bytes read line by line (a plain file or a gzip stream)."""

    def readline(self, size: int = -1, /) -> bytes: ...
    def read(self, size: int = -1, /) -> bytes: ...
    def tell(self) -> int: ...


def read_jsonl(path: Path, fh: IO[bytes], max_bytes: int, tally: InputTally) -> Iterator[Item]:
    """The records of an open JSON Lines file (gzipped when its name says so)."""
    src = str(path)
    if not path.name.lower().endswith(".gz"):
        yield from _lines(fh, src, max_bytes, tally, fh.tell)
        return
    with gzip.GzipFile(fileobj=fh, mode="rb") as stream:
        yield from _lines(stream, src, max_bytes, tally, fh.tell)


def _lines(
    fh: _Stream, src: str, max_bytes: int, tally: InputTally, where: Callable[[], int]
) -> Iterator[Item]:
    n = 0
    content = False
    while True:
        try:
            line = fh.readline(max_bytes + 1)
        except (EOFError, OSError, zlib.error) as exc:
            yield InputFailure(src, _damage(exc, n, fh, src))
            return
        if not line:
            break
        n += 1
        tally.at(where())
        if n == 1 and (line.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))):
            yield from _utf16(line + fh.read(), src)
            return
        if n == 1 and looks_binary(line):
            raise not_text(line, src)
        if len(line) > max_bytes and not line.endswith(b"\n"):
            size = len(line) + _skip_line(fh)
            yield _too_large(size, max_bytes, f"{src}:{n}")
            continue
        if line.strip():
            content = True
            yield _item(line, n, src)
    if not content:
        raise EmptyInput("empty file", src)


def _skip_line(fh: _Stream) -> int:
    """Read past the rest of an over-long line; the bytes skipped."""
    skipped = 0
    while chunk := fh.readline(_CHUNK):
        skipped += len(chunk)
        if chunk.endswith(b"\n"):
            break
    return skipped


def _too_large(size: int, max_bytes: int, where: str) -> InputFailure:
    more = "" if size <= max_bytes else f" (at least {megabytes(size)})"
    msg = f"record too large{more}: over the limit of {megabytes(max_bytes)} a document"
    return InputFailure(where, InputTooLarge(msg + " (--max-bytes)", where))


def _damage(exc: BaseException, n: int, fh: _Stream, src: str) -> InputError:
    if isinstance(exc, gzip.BadGzipFile) and n == 0 and "Not a gzipped file" in str(exc):
        return MalformedInput(f"corrupt gzip data: {exc}", src)
    what = "ends early" if isinstance(exc, EOFError) else f"is damaged ({exc})"
    try:
        offset = f", uncompressed byte {fh.tell():,}"
    except (OSError, ValueError):
        offset = ""
    kept = f"lines 1-{n} were read" if n else "no line was read"
    data = "gzip data" if isinstance(fh, gzip.GzipFile) else "the file"
    msg = f"{data} {what} after line {n}{offset}: {kept}, the rest is lost"
    return TruncatedInput(msg, src)


def _utf16(data: bytes, src: str) -> Iterator[Item]:
    text = decode_bytes(data, src)
    for n, line in enumerate(text.split("\n"), start=1):
        if line.strip():
            yield _parsed(line, n, src)


def _item(line: bytes, n: int, src: str) -> Item:
    where = f"{src}:{n}"
    try:
        text = line.decode("utf-8-sig" if n == 1 else "utf-8")
    except UnicodeDecodeError:
        try:
            text = line.decode("cp1252")
        except UnicodeDecodeError:
            return InputFailure(where, DecodeError("neither UTF-8 nor cp1252 text", where))
    return _parsed(text, n, src)


def _parsed(text: str, n: int, src: str) -> Item:
    where = f"{src}:{n}"
    try:
        rec = json.loads(text)
    except (ValueError, RecursionError) as exc:
        return InputFailure(where, MalformedInput(f"bad JSON line: {exc}", where))
    if not isinstance(rec, dict):
        return InputFailure(where, MalformedInput("a JSON object is expected", where))
    try:
        return record(rec, where)
    except InputError as exc:
        return InputFailure(where, exc)


def record(rec: dict[str, Any], where: str) -> RawDoc:
    """A JSON record (``text`` or ``html``, and metadata) as a document."""
    meta = DocMeta(
        title=_str(rec.get("title")),
        outlet=_str(rec.get("outlet")),
        url=_str(rec.get("url")),
        published=_date(rec.get("published")),
        published_source="metadata" if _date(rec.get("published")) else None,
        language=_language(rec.get("language") or rec.get("lang")),
        source=where,
    )
    doc_id = str(rec["doc_id"]) if rec.get("doc_id") is not None else None
    if isinstance(rec.get("text"), str) and rec["text"].strip():
        return RawDoc(where, detokenize(rec["text"]), meta, doc_id)
    if isinstance(rec.get("html"), str) and rec["html"].strip():
        ex = extract_html(rec["html"], where, url=meta.url)
        merged = DocMeta(**{**ex.meta.__dict__, **{k: v for k, v in meta.__dict__.items() if v}})
        return RawDoc(where, ex.text, merged, doc_id)
    if isinstance(rec.get("text"), str) or isinstance(rec.get("html"), str):
        raise EmptyInput("record has an empty text", where)
    raise MalformedInput("record has neither 'text' nor 'html'", where)


def _str(value: Any) -> str | None:
    """A metadata value as text: strings as they are, numbers written out, else None."""
    if isinstance(value, str):
        return value or None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return None


def _language(value: Any) -> str | None:
    """The ISO 639-1 code a record states ("ru", "ru-RU", "zh_Hans" give "ru", "ru", "zh");
    None for anything else, which leaves the language to be detected."""
    if not isinstance(value, str):
        return None
    code = value.strip().lower().replace("_", "-").split("-")[0]
    return code if len(code) == 2 and code.isascii() and code.isalpha() else None


def _date(value: Any) -> str | None:
    if not value or not isinstance(value, (str, int)) or isinstance(value, bool):
        return None
    text = str(value).strip()
    return text[:10] if len(text) >= 10 and text[4] == "-" else text or None
