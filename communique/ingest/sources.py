"""Reading inputs: folders, globs and files of text, HTML, JSON Lines (gzipped too) and WARC.

:func:`iter_inputs` yields one :class:`RawDoc` per document or one :class:`InputFailure` per
bad input; it never raises for bad input, so a batch always goes on. Work per document is
bounded: a text or HTML file, a JSON Lines record or a WARC record larger than
``ReadOptions.max_bytes`` is named as too large and not read; collections are read as a
stream. Which files are read is decided by :mod:`communique.ingest.select`.
"""

from __future__ import annotations

import stat
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO

from communique.errors import InputError, InputTooLarge, UnreadableInput, UnsupportedInput
from communique.ingest.decode import decode_bytes
from communique.ingest.html import extract_html
from communique.ingest.records import InputFailure, Item, RawDoc
from communique.ingest.select import choose
from communique.ingest.tally import (
    KINDS,
    SUFFIXES,
    InputTally,
    ReadOptions,
    megabytes,
    suffix_of,
)
from communique.model import DocMeta

__all__ = ["SUFFIXES", "InputFailure", "Item", "RawDoc", "iter_inputs"]


def iter_inputs(
    paths: Sequence[str | Path],
    options: ReadOptions | None = None,
    tally: InputTally | None = None,
) -> Iterator[Item]:
    """Every document in ``paths``, or a failure naming the input and the reason.
    ``tally``, if given, counts what is read and skipped and the bytes read as it goes."""
    options = options or ReadOptions()
    tally = tally if tally is not None else InputTally()
    for chosen in choose(paths, options, tally):
        if chosen.problem is not None:
            yield InputFailure(chosen.problem.source or str(chosen.path), chosen.problem)
            continue
        yield from _read_file(chosen.path, options, tally)


def _read_file(path: Path, options: ReadOptions, tally: InputTally) -> Iterator[Item]:
    src = str(path)
    suffix = suffix_of(path.name)
    try:
        if suffix is None:
            raise UnsupportedInput(f"unsupported file type (read: {', '.join(SUFFIXES)})", src)
        fh, size = _open(path)
    except InputError as exc:
        yield InputFailure(exc.source or src, exc)
        return
    kind = KINDS[suffix]
    tally.open_file(kind, size)
    failure = None
    try:
        with fh:
            for item in _read(path, kind, fh, size, options, tally):
                if kind in ("jsonl", "warc") and item.source != src:  # a record, not the file
                    tally.record(kind)
                yield item
    except InputError as exc:
        failure = InputFailure(exc.source or src, exc)
    finally:
        tally.close_file()
    if failure is not None:  # after the file is counted as read, so progress has passed it
        yield failure


def _open(path: Path) -> tuple[IO[bytes], int]:
    """The open file and its size; only regular files (a FIFO or a device would block or
    never end)."""
    src = str(path)
    try:
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            raise UnreadableInput("is a folder, not a file", src)
        if not stat.S_ISREG(info.st_mode):
            raise UnreadableInput("not a regular file (a device, pipe or socket)", src)
        return path.open("rb"), info.st_size
    except FileNotFoundError:
        what = "a link to a missing file" if path.is_symlink() else "no such file"
        raise UnreadableInput(f"cannot read: {what}", src) from None
    except OSError as exc:
        raise UnreadableInput(f"cannot read: {exc.strerror or exc}", src) from None


def _read(
    path: Path, kind: str, fh: IO[bytes], size: int, options: ReadOptions, tally: InputTally
) -> Iterator[Item]:
    src = str(path)
    if kind == "warc":
        from communique.ingest.warc import read_warc

        yield from read_warc(path, fh, size, options.max_bytes, tally)
        return
    if kind == "jsonl":
        from communique.ingest.jsonl import read_jsonl

        yield from read_jsonl(path, fh, options.max_bytes, tally)
        return
    data = read_bounded(fh, size, options.max_bytes, src)
    tally.at(len(data))
    if kind == "txt":
        yield RawDoc(src, decode_bytes(data, src), DocMeta(source=src), path.stem)
    else:
        ex = extract_html(decode_bytes(data, src), src)
        yield RawDoc(src, ex.text, ex.meta, path.stem)


def read_bounded(fh: IO[bytes], size: int, max_bytes: int, src: str) -> bytes:
    """All of a file's bytes, or a too-large failure without reading them."""
    if size > max_bytes:
        raise too_large(size, max_bytes, src)
    try:
        data = fh.read(max_bytes + 1)
    except OSError as exc:
        raise UnreadableInput(f"cannot read: {exc.strerror or exc}", src) from None
    if len(data) > max_bytes:  # grew since it was measured
        raise too_large(len(data), max_bytes, src)
    return data


def too_large(size: int, max_bytes: int, src: str) -> InputTooLarge:
    return InputTooLarge(
        f"too large: {megabytes(size)}, over the limit of {megabytes(max_bytes)} a document "
        "(--max-bytes)",
        src,
    )
