"""What a Spark build keeps of its refresh, so that an append recomputes only what it touches.

``DIR/_state/`` holds, as pickled RDDs (``saveAsPickleFile``), each step's inputs and
results by the key the step groups by (:mod:`communique.scale.refresh` says which):

- ``facts``: ``(doc_id, [fact])``, each document's facts (:mod:`communique.scale.facts`);
- ``actors``: ``(actor_id, row)``; ``homes``: ``(person, (order, country))``;
- ``datings``: ``(doc_id, DocDating)``; ``reports``: ``(doc_id, [fact])``, its reports;
- ``hlabels``: ``(report id, component)``; ``ranks``: ``(index key, first report id)``;
- ``groups``: ``(happening id, (component, items))``; ``vlabels``: ``(happening id, visit
  component)``;
- ``targets`` and ``invites``: ``(group key, (pledge, settled))``, each pledge group's
  answers;
- ``rows``: ``(unit, (kind, key, row))``, the refresh rows by the unit that made them;

and ``scalars.json`` (the first publication day, the latest date). A run reads ``_state``
and writes ``_state.next``; when every table and the refresh are written, the two are
swapped (:meth:`State.commit`), so a run that fails leaves the earlier state whole. A build
folder without ``_state`` (or a full build) starts from nothing.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

STATE = "_state"
NEXT = "_state.next"
SCALARS = "scalars.json"
NAMES = ("facts", "actors", "homes", "datings", "reports", "hlabels", "ranks", "groups",
         "vlabels", "targets", "invites", "rows")  # fmt: skip


@dataclass
class State:
    """The stored state of a build folder ``out`` (``earlier``: False starts from nothing)
    and the state this run writes."""

    spark: Any
    out: str
    earlier: bool
    scalars: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def open(cls, spark: Any, out: str, append: bool) -> State:
        """The folder's state when appending to a build that kept one; else none."""
        root = Path(out, STATE)
        have = append and all((root / name).exists() for name in NAMES)
        scalars = json.loads((root / SCALARS).read_text()) if have else {}
        shutil.rmtree(Path(out, NEXT), ignore_errors=True)
        return cls(spark, out, have, scalars)

    def old(self, name: str) -> Any:
        """The stored pair RDD ``name`` (empty when there is no earlier state)."""
        sc = self.spark.sparkContext
        if not self.earlier:
            return sc.emptyRDD()
        return sc.pickleFile(str(Path(self.out, STATE, name)))

    def keep(self, name: str, rdd: Any) -> Any:
        """Write ``rdd`` as the new state ``name`` and give it back read from there (its
        lineage cut: what follows reads the written result, not the plan)."""
        path = str(Path(self.out, NEXT, name))
        rdd.saveAsPickleFile(path)
        return self.spark.sparkContext.pickleFile(path)

    def commit(self, scalars: dict[str, Any]) -> None:
        """Make the state written by this run the folder's state."""
        Path(self.out, NEXT, SCALARS).write_text(json.dumps(scalars, sort_keys=True) + "\n")
        root, gone = Path(self.out, STATE), Path(self.out, STATE + ".old")
        shutil.rmtree(gone, ignore_errors=True)
        if root.exists():
            root.rename(gone)
        Path(self.out, NEXT).rename(root)
        shutil.rmtree(gone, ignore_errors=True)
