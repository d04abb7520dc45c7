"""Interchange with the tools the field already uses (docs/interop.md).

Exports: the GDELT 2.0 event table, PLOVER records as POLECAT publishes them, TimelineJS3
JSON, the actor network as GraphML and GEXF, and a Markdown or HTML report of a relationship
(:func:`write_interop`; ``communique export WHAT --format F``). Imports: GDELT 2.0 and
ICEWS event files (:func:`read_events`), compared per month for a dyad with communique's own
events (:func:`compare`; ``communique compare``). Names load on first use, so that the command
line does not import what it does not run.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from communique.interop.comparison import Comparison, compare, format_comparison
    from communique.interop.dispatch import FORMATS, REPORT, Options, check, write_interop
    from communique.interop.imports import ForeignEvent, read_events

_WHERE = {
    "Comparison": "comparison", "compare": "comparison", "format_comparison": "comparison",
    "FORMATS": "dispatch", "REPORT": "dispatch", "Options": "dispatch", "check": "dispatch",
    "write_interop": "dispatch", "ForeignEvent": "imports", "read_events": "imports",
}  # fmt: skip
__all__ = ["FORMATS", "REPORT", "Comparison", "ForeignEvent", "Options", "check", "compare",
           "format_comparison", "read_events", "write_interop"]  # fmt: skip


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module 'communique.interop' has no attribute {name!r}")
    return getattr(importlib.import_module(f"communique.interop.{_WHERE[name]}"), name)
