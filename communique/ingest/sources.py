"""Reading inputs: folders, globs and files of text, HTML, JSON Lines (gzipped too) and WARC.

:func:`iter_inputs` yields one :class:`RawDoc` per document or one :class:`InputFailure` per
bad input; it never raises for bad input, so a batch always goes on.
"""

from __future__ import annotations

import glob
import gzip
import json
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from communique.errors import (
    EmptyInput,
    InputError,
    MalformedInput,
    UnreadableInput,
    UnsupportedInput,
)
from communique.ingest.decode import decode_bytes
from communique.ingest.html import extract_html
from communique.ingest.ptb import detokenize
from communique.model import DocMeta

SUFFIXES = (".txt", ".html", ".htm", ".jsonl", ".jsonl.gz", ".warc", ".warc.gz")


@dataclass(frozen=True)
class RawDoc:
    source: str
    text: str
    meta: DocMeta = field(default_factory=DocMeta)
    doc_id: str | None = None


@dataclass(frozen=True)
class InputFailure:
    source: str
    error: InputError


Item = RawDoc | InputFailure


def _suffix(path: Path) -> str | None:
    name = path.name.lower()
    return next((s for s in sorted(SUFFIXES, key=len, reverse=True) if name.endswith(s)), None)


def _expand(paths: Sequence[str | Path]) -> Iterator[Path | InputFailure]:
    for p in paths:
        path = Path(p)
        if path.is_dir() and _suffix(path):
            yield InputFailure(str(p), UnreadableInput("is a folder, not a file", str(p)))
        elif path.is_dir():
            for child in sorted(path.rglob("*")):
                if _suffix(child) and (child.is_file() or child.is_symlink()):
                    yield child
        elif path.exists() or path.is_symlink():
            yield path
        elif matches := sorted(glob.glob(str(p), recursive=True)):
            yield from (Path(m) for m in matches if not Path(m).is_dir())
        else:
            yield InputFailure(str(p), UnreadableInput("no such file or folder", str(p)))


def iter_inputs(paths: Sequence[str | Path]) -> Iterator[Item]:
    """Every document in ``paths``, or a failure naming the input and the reason."""
    for path in _expand(paths):
        if isinstance(path, InputFailure):
            yield path
            continue
        try:
            yield from _read(path)
        except InputError as exc:
            yield InputFailure(exc.source or str(path), exc)


def _read(path: Path) -> Iterator[Item]:
    src = str(path)
    suffix = _suffix(path)
    if suffix is None:
        raise UnsupportedInput(f"unsupported file type (read: {', '.join(SUFFIXES)})", src)
    if suffix in (".warc", ".warc.gz"):
        from communique.ingest.warc import read_warc

        yield from read_warc(path)
        return
    data = _read_bytes(path)
    if suffix == ".txt":
        yield RawDoc(src, decode_bytes(data, src), DocMeta(source=src), path.stem)
    elif suffix in (".html", ".htm"):
        ex = extract_html(decode_bytes(data, src), src)
        yield RawDoc(src, ex.text, ex.meta, path.stem)
    else:
        if suffix == ".jsonl.gz":
            data = _gunzip(data, src)
        yield from _jsonl(decode_bytes(data, src), src)


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except IsADirectoryError:
        raise UnreadableInput("is a folder, not a file", str(path)) from None
    except OSError as exc:
        raise UnreadableInput(f"cannot read: {exc.strerror or exc}", str(path)) from None


def _gunzip(data: bytes, src: str) -> bytes:
    try:
        return gzip.decompress(data)
    except (OSError, EOFError, zlib.error) as exc:
        raise MalformedInput(f"corrupt gzip data: {exc}", src) from None


def _jsonl(text: str, src: str) -> Iterator[Item]:
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{src}:{n}"
        try:
            rec = json.loads(line)
        except ValueError as exc:
            yield InputFailure(where, MalformedInput(f"bad JSON line: {exc}", where))
            continue
        if not isinstance(rec, dict):
            yield InputFailure(where, MalformedInput("a JSON object is expected", where))
            continue
        try:
            yield _record(rec, where)
        except InputError as exc:
            yield InputFailure(where, exc)


def _record(rec: dict[str, Any], where: str) -> RawDoc:
    meta = DocMeta(
        title=rec.get("title"),
        outlet=rec.get("outlet"),
        url=rec.get("url"),
        published=_date(rec.get("published")),
        published_source="metadata" if rec.get("published") else None,
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


def _language(value: Any) -> str | None:
    """The ISO 639-1 code a record states ("ru", "ru-RU", "zh_Hans" give "ru", "ru", "zh");
    None for anything else, which leaves the language to be detected."""
    if not isinstance(value, str):
        return None
    code = value.strip().lower().replace("_", "-").split("-")[0]
    return code if len(code) == 2 and code.isascii() and code.isalpha() else None


def _date(value: Any) -> str | None:
    if not value:
        return None
    text = str(value).strip()
    return text[:10] if len(text) >= 10 and text[4] == "-" else text
