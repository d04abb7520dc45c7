"""Writing an interchange file whole or not at all."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import IO

from communique.serve.export import replacing


def write_text(out: IO[str] | Path, write: Callable[[IO[str]], int]) -> int:
    """Run ``write`` on a text stream, or on a file replacing ``out`` once whole."""
    if not isinstance(out, Path):
        return write(out)
    with replacing(out) as tmp, tmp.open("w", encoding="utf-8", newline="") as fh:
        return write(fh)
