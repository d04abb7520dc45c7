"""Which interchange format goes with which export, and writing one.

=============  ===============  ===========================================================
format         with             what
=============  ===============  ===========================================================
gdelt          events           GDELT 2.0 event table (61 tab-separated columns, no header)
plover         events           PLOVER event records, JSON Lines (POLECAT's field names)
timelinejs     timeline         TimelineJS3 JSON
graphml        actors           the actor network, GraphML
gexf           actors           the actor network, GEXF 1.3 with time spells
markdown       report           a report of one relationship (--a, --b), Markdown
html           report           the same, one self-contained HTML page
=============  ===============  ===========================================================
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import IO

from communique.errors import ExportError
from communique.interop.output import write_text
from communique.store.duckdb_store import DuckDBStore

REPORT = "report"  # the export WHAT of the relationship report
FORMATS: dict[str, str] = {
    "gdelt": "events", "plover": "events", "timelinejs": "timeline", "graphml": "actors",
    "gexf": "actors", "markdown": REPORT, "html": REPORT,
}  # fmt: skip


@dataclass(frozen=True)
class Options:
    """What some formats take: the report's two countries, the timeline's title."""

    a: str | None = None
    b: str | None = None
    title: str | None = None


def check(what: str, fmt: str) -> None:
    """Refuse a format that does not go with ``what`` (naming the one that does)."""
    fits = ", ".join(f for f, w in FORMATS.items() if w == what)
    also = f"; {what} can be written as {fits}" if fits else ""
    if fmt not in FORMATS:
        raise ExportError(f"unknown interchange format {fmt!r}{also}")
    if FORMATS[fmt] != what:
        raise ExportError(f"--format {fmt} goes with `export {FORMATS[fmt]}`{also}")


def write_interop(store: DuckDBStore, what: str, fmt: str, out: IO[str] | Path,
                  options: Options | None = None) -> int:  # fmt: skip
    """Write ``what`` in interchange format ``fmt`` to a stream or a file (replaced only once
    written whole). Returns the number of records written (rows, slides, edges, items)."""
    check(what, fmt)
    opts = options or Options()
    if fmt in ("markdown", "html"):
        from communique.interop.report_text import relationship_report, render

        report = relationship_report(store, opts.a, opts.b)  # errors before any file
        return write_text(out, lambda fh: render(report, fmt, fh))
    return write_text(out, lambda fh: _write(store, fmt, fh, opts))


def _write(store: DuckDBStore, fmt: str, out: IO[str], opts: Options) -> int:
    if fmt == "gdelt":
        from communique.interop.gdelt import write_gdelt

        return write_gdelt(store, out)
    if fmt == "plover":
        from communique.interop.plover import write_plover

        return write_plover(store, out)
    if fmt == "timelinejs":
        from communique.interop.timelinejs import write_timelinejs

        return write_timelinejs(store, out, opts.title)
    from communique.interop.graphs import write_gexf, write_graphml

    return (write_graphml if fmt == "graphml" else write_gexf)(store, out)
