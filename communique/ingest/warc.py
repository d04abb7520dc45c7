"""WARC files (e.g. Common Crawl's CC-NEWS) through warcio: HTML responses become documents.

Read as a stream, one record at a time, each payload bounded in size. A record cut short and
an archive that ends early or is damaged part way are named with the record number and byte
offset; the complete records before the damage are kept.
"""

from __future__ import annotations

import contextlib
import io
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from communique.errors import EmptyInput, InputError, MalformedInput, TruncatedInput
from communique.ingest.decode import decode_bytes
from communique.ingest.html import extract_html
from communique.ingest.records import InputFailure, Item, RawDoc
from communique.ingest.sources import too_large
from communique.ingest.tally import InputTally


def read_warc(
    path: Path, fh: IO[bytes], size: int, max_bytes: int, tally: InputTally
) -> Iterator[Item]:
    """The HTML responses of an open WARC file (gzipped or not) as documents."""
    from warcio.archiveiterator import ArchiveIterator

    src = str(path)
    n = -1
    found = 0
    try:
        with _quiet():
            records = ArchiveIterator(fh)
            stream = iter(records)
        while True:
            with _quiet():
                rec = next(stream, None)
                if rec is None:
                    break
                n += 1
                tally.at(fh.tell())
                item = _record(rec, f"{src}#record-{n}", max_bytes, records)
            if item is not None:
                found += 1
                yield item
    except Exception as exc:  # warcio raises many kinds on a damaged archive
        yield InputFailure(src, _damage(exc, n, src, _offset_after(fh)))
        return
    if problem := _ending(records, n, size, src):
        yield InputFailure(src, problem)
    elif not found:
        msg = f"no HTML response in the archive ({n + 1} record{'' if n == 0 else 's'} read)"
        yield InputFailure(src, EmptyInput(msg, src))


@contextlib.contextmanager
def _quiet() -> Iterator[None]:
    """warcio writes its warnings to stderr; the library never prints (they are counted by
    the iterator and reported as a failure instead)."""
    with contextlib.redirect_stderr(io.StringIO()):
        yield


def _ending(records: Any, n: int, size: int, src: str) -> InputError | None:
    """What is wrong with the archive as a whole once read: a tail that is no record, or
    records whose stated length does not match what follows them."""
    end = getattr(records, "offset", size)
    if isinstance(end, int) and end < size:
        what = f"after record {n} " if n >= 0 else ""
        msg = (
            f"the archive is truncated or damaged {what}at byte {end:,} of {size:,}: "
            f"the rest could not be read as WARC records ({n + 1} read)"
        )
        return TruncatedInput(msg, src)
    errors = getattr(records, "err_count", 0)
    if isinstance(errors, int) and errors > 0:
        msg = (
            f"{errors} record{'s' if errors > 1 else ''} not followed by the blank line that "
            "ends a WARC record: a stated length is wrong or the file is damaged"
        )
        return MalformedInput(msg, src)
    return None


def _offset(records: Any) -> int | None:
    """Where the current record starts (warcio reads the record to its end to tell: ask only
    once its payload is read)."""
    try:
        value = records.get_record_offset()
    except Exception:  # an iterator without the offset: the record is named by number only
        return None
    return value if isinstance(value, int) else None


def _offset_after(fh: IO[bytes]) -> int | None:
    try:
        return fh.tell()
    except (OSError, ValueError):
        return None


def _damage(exc: Exception, n: int, src: str, offset: int | None) -> InputError:
    if isinstance(exc, InputError):
        return exc
    reason = f"{type(exc).__name__}: {exc}"[:200]
    if n < 0:
        return MalformedInput(f"not a valid WARC file: {reason}", src)
    where = f" (near byte {offset:,})" if offset is not None else ""
    msg = f"the archive is damaged at record {n}{where}: {reason}; records before it were read"
    return TruncatedInput(msg, src)


def _record(rec: Any, where: str, max_bytes: int, records: Any) -> Item | None:
    if getattr(rec, "format", "warc") != "warc":  # warcio reads old ARC files too
        raise MalformedInput(f"not a WARC record (it reads as {rec.format})", where)
    if getattr(rec, "rec_type", None) != "response":
        return None
    http = getattr(rec, "http_headers", None)
    ctype = http.get_header("Content-Type", "") if http else ""
    if "html" not in (ctype or "").lower():
        return None
    url = rec.rec_headers.get_header("WARC-Target-URI")
    payload = rec.content_stream().read(max_bytes + 1)
    if len(payload) > max_bytes:
        length = getattr(rec, "length", None)
        size = length if isinstance(length, int) and length > max_bytes else len(payload)
        return InputFailure(where, too_large(size, max_bytes, where))
    missing = getattr(rec.raw_stream, "limit", 0)
    if isinstance(missing, int) and missing > 0:
        offset = _offset(records)
        at = f" at byte {offset:,}" if offset is not None else ""
        msg = f"record{at} is cut short: {missing:,} bytes of it are missing"
        return InputFailure(where, TruncatedInput(msg, where))
    try:
        ex = extract_html(decode_bytes(payload, where), where, url=url)
    except InputError as exc:
        return InputFailure(where, exc)
    return RawDoc(where, ex.text, ex.meta, None)
