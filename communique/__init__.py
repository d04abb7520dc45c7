"""communique: international-relations news turned into an evidence-linked record.

Public API (small on purpose; see ``docs/python.md``):

- :func:`communique.open` — a built database, read-only: ``events()``, ``timeline()``,
  ``actors()``, ``pledges()``, ``figures()``, ``documents()``, ``contradictions()``, each
  returning typed rows that turn into pandas, polars or Arrow tables.
- :func:`communique.analyze` — one article analysed without a database
  (:class:`communique.Analyzer` for many).
- :func:`communique.build` — ingest, analyse and fuse a corpus into a database;
  :func:`communique.sample_corpus` — the sample articles shipped with the package.

Importing the package is cheap: these names load their modules on first use.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
PIPELINE_VERSION = __version__

if TYPE_CHECKING:
    from communique.analysis import Analysis, Analyzer, analyze
    from communique.api import BuildReport, build, sample_corpus
    from communique.config import Config
    from communique.frames import Results
    from communique.record import Record, open

# public name -> the module defining it, imported when the name is first asked for
_LAZY = {
    "open": "communique.record",
    "Record": "communique.record",
    "Results": "communique.frames",
    "analyze": "communique.analysis",
    "Analyzer": "communique.analysis",
    "Analysis": "communique.analysis",
    "build": "communique.api",
    "BuildReport": "communique.api",
    "sample_corpus": "communique.api",
    "Config": "communique.config",
}

__all__ = [
    "PIPELINE_VERSION",
    "Analysis",
    "Analyzer",
    "BuildReport",
    "Config",
    "Record",
    "Results",
    "__version__",
    "analyze",
    "build",
    "open",
    "sample_corpus",
]


if not TYPE_CHECKING:  # type checkers see the imports above, and flag unknown names

    def __getattr__(name: str) -> Any:
        module = _LAZY.get(name)
        if module is None:
            raise AttributeError(f"module 'communique' has no attribute {name!r}")
        value = getattr(importlib.import_module(module), name)
        globals()[name] = value  # later look-ups skip this function
        return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY})
