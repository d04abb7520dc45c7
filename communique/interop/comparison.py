"""Events per month for a dyad, communique's beside other data sets' (:mod:`.imports`).

Every data set is counted the same way: distinct events (GLOBALEVENTID, ICEWS Event ID) whose
two actors' countries are the pair, either way round. communique's are the rows of its own
GDELT export (``export events --format gdelt``: a happening and a CAMEO code make an event,
Actor1 and Actor2 as that export picks them), so a file it exported compares equal to it.
Months run without gaps from the first to the last with an event.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from communique.errors import OptionalDependencyMissing
from communique.interop.gdelt import gdelt_rows
from communique.interop.gdelt_columns import COLUMNS
from communique.interop.imports import ForeignEvent
from communique.serve import params
from communique.store.duckdb_store import DuckDBStore


@dataclass(frozen=True)
class Comparison:
    """Counts per month (``YYYY-MM``) for a dyad, one column per data set."""

    a: str
    b: str
    datasets: tuple[str, ...]
    rows: tuple[tuple[str, tuple[int, ...]], ...]

    def records(self) -> list[dict[str, Any]]:
        return [{"month": m, **dict(zip(self.datasets, c, strict=True))} for m, c in self.rows]

    def to_pandas(self) -> Any:
        try:
            import pandas as pd
        except ImportError:
            raise OptionalDependencyMissing(
                "pandas is needed: pip install 'communique[dataframe]'"
            ) from None
        return pd.DataFrame(self.records(), columns=["month", *self.datasets])


def communique_months(store: DuckDBStore, a: str, b: str) -> Counter[str]:
    """communique's events of the dyad per month: its GDELT export's, read the same way."""
    return foreign_months(communique_events(store), a, b)


def communique_events(store: DuckDBStore) -> list[ForeignEvent]:
    """communique's events as the rows of its GDELT export (one per event and source)."""
    col = {name: i for i, name in enumerate(COLUMNS)}
    out = []
    for r in gdelt_rows(store):
        d = str(r[col["SQLDATE"]])
        out.append(ForeignEvent(
            "communique", str(r[0]), f"{d[:4]}-{d[4:6]}-{d[6:]}",
            r[col["Actor1Name"]], r[col["Actor1CountryCode"]], r[col["Actor2Name"]],
            r[col["Actor2CountryCode"]], r[col["EventCode"]] or None, r[col["QuadClass"]],
            r[col["GoldsteinScale"]], r[col["SOURCEURL"]],
        ))  # fmt: skip
    return out


def foreign_months(events: Iterable[ForeignEvent], a: str, b: str) -> Counter[str]:
    """The other data set's events of the dyad (either direction) per month, each event id
    once (a file of event-source rows, as communique's GDELT export, repeats ids)."""
    pair = {a, b}
    seen = {(e.event_id, e.date[:7]) for e in events
            if {e.source_country, e.target_country} == pair}  # fmt: skip
    return Counter(month for _, month in seen)


def compare(store: DuckDBStore, a: str, b: str,
            others: Mapping[str, Sequence[ForeignEvent]]) -> Comparison:  # fmt: skip
    """communique's events of countries ``a`` and ``b`` per month beside ``others``'."""
    ca, cb = params.country(a), params.country(b)
    counts = {"communique": communique_months(store, ca, cb)}
    counts |= {name: foreign_months(evs, ca, cb) for name, evs in others.items()}
    months = sorted({m for c in counts.values() for m in c})
    names = tuple(counts)
    rows = tuple((m, tuple(counts[n][m] for n in names)) for m in _every_month(months))
    return Comparison(ca, cb, names, rows)


def _every_month(months: list[str]) -> list[str]:
    if not months:
        return []
    y, m = int(months[0][:4]), int(months[0][5:7])
    out = []
    while f"{y:04d}-{m:02d}" <= months[-1]:
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def format_comparison(c: Comparison) -> str:
    """The comparison as an aligned text table."""
    width = max(8, *(len(n) for n in c.datasets))
    head = f"{'month':<8}" + "".join(f"  {n:>{width}}" for n in c.datasets)
    lines = [f"events per month, {c.a} and {c.b}", head]
    lines += [f"{m:<8}" + "".join(f"  {v:>{width}}" for v in vals) for m, vals in c.rows]
    totals = [sum(vals[i] for _, vals in c.rows) for i in range(len(c.datasets))]
    lines.append(f"{'total':<8}" + "".join(f"  {v:>{width}}" for v in totals))
    return "\n".join(lines)
