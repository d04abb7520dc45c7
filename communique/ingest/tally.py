"""What a build reads: the options that bound and choose its inputs, and a tally of what was
read and skipped, by kind, with the bytes read so far (for progress and the build report)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from communique.config import DEFAULT_MAX_DOCUMENT_BYTES

# the kind of input each readable file name ending gives
KINDS = {
    ".txt": "txt",
    ".html": "html",
    ".htm": "html",
    ".jsonl": "jsonl",
    ".jsonl.gz": "jsonl",
    ".warc": "warc",
    ".warc.gz": "warc",
}
SUFFIXES = tuple(KINDS)
COLLECTIONS = frozenset({"jsonl", "warc"})  # kinds that hold many records
_SHOWN = {"txt": "txt", "html": "html", "jsonl": "jsonl(.gz)", "warc": "warc(.gz)"}
# failures of the inputs themselves, by code, as the summary names them
_FAILED = {
    "E101": "empty",
    "E102": "not text",
    "E103": "undecodable",
    "E104": "malformed",
    "E105": "unreadable",
    "E106": "unsupported",
    "E107": "read twice",
    "E108": "too large",
    "E109": "nested too deep",
    "E110": "truncated or damaged",
}


@dataclass(frozen=True)
class ReadOptions:
    """How inputs are chosen and bounded. ``include``/``exclude`` are glob patterns matched
    against a file's name, its path under the folder given and its path as found."""

    max_bytes: int = DEFAULT_MAX_DOCUMENT_BYTES
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()


def suffix_of(name: str) -> str | None:
    """The readable ending of a file name (longest first: ``.jsonl.gz`` before ``.gz``)."""
    low = name.lower()
    return next((s for s in sorted(SUFFIXES, key=len, reverse=True) if low.endswith(s)), None)


def megabytes(n: int) -> str:
    return f"{n / 1_000_000:.1f} MB"


@dataclass(frozen=True)
class InputSummary:
    """What was read and skipped: files by kind, records of collections by kind, files left
    out by reason (with one example each), and the bytes read."""

    files: dict[str, int] = field(default_factory=dict)
    records: dict[str, int] = field(default_factory=dict)
    skipped: dict[str, int] = field(default_factory=dict)
    examples: dict[str, str] = field(default_factory=dict)
    bytes_read: int = 0

    def describe(self, failure_codes: tuple[str, ...] = ()) -> str:
        """One line, e.g. "read 120 html, 3 jsonl(.gz) with 400 records (12.0 MB); skipped
        2 by --exclude; failed: 1 too large"."""
        read = []
        for kind in sorted(self.files):
            part = f"{self.files[kind]} {_SHOWN.get(kind, kind)}"
            if kind in COLLECTIONS:
                part += f" with {self.records.get(kind, 0)} records"
            read.append(part)
        line = f"read {', '.join(read) or 'no files'} ({megabytes(self.bytes_read)})"
        if self.skipped:
            line += "; skipped " + ", ".join(f"{n} {r}" for r, n in sorted(self.skipped.items()))
        failed = Counter(_FAILED.get(code, code) for code in failure_codes if code.startswith("E1"))
        if failed:
            line += "; failed: " + ", ".join(f"{n} {r}" for r, n in sorted(failed.items()))
        return line


class InputTally:
    """Counts, as the readers go, what is read and skipped, and the bytes read: ``total``
    (of the files chosen, known before reading starts) and ``read`` (so far)."""

    def __init__(self) -> None:
        self.files: Counter[str] = Counter()
        self.records: Counter[str] = Counter()
        self.skipped: Counter[str] = Counter()
        self.examples: dict[str, str] = {}
        self.total = 0
        self.read = 0
        self._done = 0  # bytes of the files finished
        self._size = 0  # size of the file being read

    def skip(self, reason: str, path: str) -> None:
        self.skipped[reason] += 1
        self.examples.setdefault(reason, path)

    def open_file(self, kind: str, size: int) -> None:
        self.files[kind] += 1
        self._size = size

    def at(self, offset: int) -> None:
        """The reader is at ``offset`` in the current file."""
        self.read = self._done + max(0, min(offset, self._size))

    def close_file(self) -> None:
        self._done += self._size
        self.read = self._done
        self._size = 0

    def record(self, kind: str) -> None:
        self.records[kind] += 1

    def summary(self) -> InputSummary:
        return InputSummary(
            dict(self.files),
            dict(self.records),
            dict(self.skipped),
            dict(self.examples),
            self.read,
        )
