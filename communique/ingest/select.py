"""Choosing the files a build reads, on purpose.

A file named on the command line, or matched by a glob, is read (whatever its name). A folder
is walked for the kinds communique reads (txt, html, jsonl(.gz), warc(.gz)), leaving out, and
counting by reason:

- hidden files and folders (a name starting with "."),
- files of other types,
- project paperwork (README, LICENSE, COPYING, CHANGELOG, NOTICE, AUTHORS),
- loose text and HTML files in a folder tree that holds JSON Lines or WARC collections: there
  the articles are in the collections, and the loose files are side files (timelines, gold
  data, notes), as in Timeline17, whose journalists' timelines sit beside the articles.

``--include`` replaces the last two rules: a readable file matching a pattern is read.
``--exclude`` leaves out every matching file, named, globbed or found. A pattern matches a
file's path as found, or its path under the folder given, or a tail of that path: ``*.txt``
and ``gold.txt`` match by name, ``timelines/*`` a file in any ``timelines`` folder (``*``
crosses ``/``).
"""

from __future__ import annotations

import glob
import os
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from fnmatch import fnmatchcase
from pathlib import Path

from communique.errors import UnreadableInput
from communique.ingest.tally import COLLECTIONS, KINDS, InputTally, ReadOptions, suffix_of

# README, LICENSE.txt, copying.html: the name alone, with extensions ("license-deal.txt" is news)
_PAPERWORK = re.compile(r"^(?:readme|licen[cs]e|copying|changelog|notice|authors)(?:\.\w+)*$", re.I)
BY_EXCLUDE = "by --exclude"
NOT_INCLUDED = "not matching --include"
HIDDEN = "hidden"
OTHER_TYPES = "of other types"
PAPERWORK = "README/LICENSE files"
BESIDE = "loose txt/html beside jsonl/warc collections"


@dataclass(frozen=True)
class Chosen:
    """A file to read, or the reason a named input cannot be (a missing file)."""

    path: Path
    root: Path | None = None  # the folder it was found in
    problem: UnreadableInput | None = None


def _matches(patterns: tuple[str, ...], path: Path, root: Path | None) -> bool:
    """Whether a pattern matches the path as found or a tail of it under the folder given
    (``timelines/*`` matches ``topic/timelines/gold.txt``; ``*.txt`` any text file)."""
    parts = path.relative_to(root).parts if root is not None else path.parts
    names = [path.as_posix(), *("/".join(parts[i:]) for i in range(len(parts)))]
    return any(fnmatchcase(n, p) for p in patterns for n in names)


def _walk(root: Path) -> Iterator[Path]:
    """Every file under ``root``, sorted, not following links to folders."""
    for folder, dirs, files in os.walk(root):
        dirs.sort()
        base = Path(folder)
        for name in sorted(files):
            yield base / name


def _from_folder(root: Path, options: ReadOptions, tally: InputTally) -> list[Path]:
    found: list[Path] = []
    for path in _walk(root):
        rel = path.relative_to(root)
        if any(part.startswith(".") for part in rel.parts):
            tally.skip(HIDDEN, str(path))
        elif suffix_of(path.name) is None:
            tally.skip(OTHER_TYPES, str(path))
        else:
            found.append(path)
    if options.include:
        return [p for p in found if _included(p, root, options, tally)]
    has_collections = any(KINDS[suffix_of(p.name) or ""] in COLLECTIONS for p in found)
    chosen = []
    for path in found:
        if _PAPERWORK.match(path.name):
            tally.skip(PAPERWORK, str(path))
        elif has_collections and KINDS[suffix_of(path.name) or ""] not in COLLECTIONS:
            tally.skip(BESIDE, str(path))
        else:
            chosen.append(path)
    return chosen


def _included(path: Path, root: Path | None, options: ReadOptions, tally: InputTally) -> bool:
    if _matches(options.include, path, root):
        return True
    tally.skip(NOT_INCLUDED, str(path))
    return False


def _expand(paths: Sequence[str | Path], options: ReadOptions, tally: InputTally) -> list[Chosen]:
    chosen: list[Chosen] = []
    for p in paths:
        path = Path(p)
        if path.is_dir() and suffix_of(path.name):
            chosen.append(Chosen(path, None, UnreadableInput("is a folder, not a file", str(p))))
        elif path.is_dir():
            chosen.extend(Chosen(f, path) for f in _from_folder(path, options, tally))
        elif path.exists() or path.is_symlink():
            chosen.append(Chosen(path))
        elif matches := sorted(glob.glob(str(p), recursive=True)):
            files = [Path(m) for m in matches if not Path(m).is_dir()]
            if options.include:
                files = [f for f in files if _included(f, None, options, tally)]
            chosen.extend(Chosen(f) for f in files)
        else:
            chosen.append(Chosen(path, None, UnreadableInput("no such file or folder", str(p))))
    return chosen


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def choose(paths: Sequence[str | Path], options: ReadOptions, tally: InputTally) -> list[Chosen]:
    """The files to read, in order; sets ``tally.total`` to their size in bytes."""
    chosen = []
    for c in _expand(paths, options, tally):
        if c.problem is None and options.exclude and _matches(options.exclude, c.path, c.root):
            tally.skip(BY_EXCLUDE, str(c.path))
        else:
            chosen.append(c)
    tally.total = sum(_size(c.path) for c in chosen if c.problem is None)
    return chosen
