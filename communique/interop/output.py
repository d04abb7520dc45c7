"""Writing an interchange file whole or not at all."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO

from communique.errors import ExportError


@contextlib.contextmanager
def replacing(path: Path) -> Iterator[Path]:
    """A temporary file beside ``path``, moved over it once written whole."""
    where = str(path)
    folder = path.parent
    if not folder.is_dir():
        why = "is not a folder" if folder.exists() else "does not exist"
        raise ExportError(f"cannot write the export: folder {str(folder)!r} {why}", where)
    if path.is_dir():
        raise ExportError("cannot write the export: it is a folder", where)
    tmp = folder / f".{path.name}.{os.getpid()}.part"
    try:
        yield tmp
        os.replace(tmp, path)
    except OSError as exc:
        raise ExportError(f"cannot write the export: {exc.strerror or exc}", where) from exc
    finally:
        tmp.unlink(missing_ok=True)


def write_text(out: IO[str] | Path, write: Callable[[IO[str]], int]) -> int:
    """Run ``write`` on a text stream, or on a file replacing ``out`` once whole."""
    if not isinstance(out, Path):
        return write(out)
    with replacing(out) as tmp, tmp.open("w", encoding="utf-8", newline="") as fh:
        return write(fh)
