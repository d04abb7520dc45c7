"""Score the merged events of a build as event coreference on ECB+ dev (issue 14).

python scripts/eval_build_coref.py [--split dev] [--keep DB]

Builds the split's documents with communique's default pipeline, exports the events (each with
its trigger's offsets and the happening it was merged into), matches each trigger one-to-one to
the gold event mention it overlaps, and scores with the same scorer as
``communique.fuse.coref``: every gold mention of the validated sentences counts; one no event
reaches stays alone (a miss costs recall). Also printed: how many gold mentions an event reached,
and the score of the same events never merged (what merging adds).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
from collections.abc import Hashable
from difflib import SequenceMatcher
from pathlib import Path

from communique.api import build
from communique.fuse import coref_eval as ce
from communique.fuse.coref_score import Scores, conll
from communique.serve.export import export_rows
from communique.store.duckdb_store import DuckDBStore

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"


def non_space(text: str) -> list[int]:
    """Offsets of the text's non-space characters, in order."""
    return [m.start() for m in re.finditer(r"\S", text)]


def offset_map(tokenized: str, stored: str) -> dict[int, int]:
    """Offsets in the ECB+ text -> offsets in the stored text, for the characters the two share
    (ingestion detokenizes: spaces go, quotes change)."""
    a, b = non_space(tokenized), non_space(stored)
    sa, sb = "".join(tokenized[i] for i in a), "".join(stored[j] for j in b)
    out = {}
    for block in SequenceMatcher(None, sa, sb, autojunk=False).get_matching_blocks():
        for k in range(block.size):
            out[a[block.a + k]] = b[block.b + k]
    return out


def run(split_name: str, db: Path) -> None:
    split = ce.load(CORPUS, split_name)
    src = db.parent / f"ecb_{split_name}.jsonl"
    with src.open("w", encoding="utf-8") as fh:
        for doc_id, text in sorted(split.documents.items()):
            fh.write(json.dumps({"doc_id": doc_id, "text": text}) + "\n")
    report = build([src], db)
    print(f"built {report.added} documents, {len(report.failures)} failures", file=sys.stderr)
    with DuckDBStore(db, read_only=True) as store:
        stored = {r["doc_id"]: r["text"] for r in export_rows(store, "documents")}
        events = [e for e in export_rows(store, "events") if e["trigger"]]
    key: dict[Hashable, Hashable] = {}
    merged: dict[Hashable, Hashable] = {}
    alone: dict[Hashable, Hashable] = {}
    spans = {}
    for m in split.mentions:
        mapping = offset_map(split.documents[m.at.doc_id], stored.get(m.at.doc_id, ""))
        if m.at.start not in mapping or m.at.end - 1 not in mapping:
            continue
        spans[m.at] = (mapping[m.at.start], mapping[m.at.end - 1] + 1)
        key[m.at] = m.cluster
        merged[m.at] = alone[m.at] = ("alone", m.at)
    taken = set()
    for e in sorted(events, key=lambda e: (e["doc_id"], e["trigger"])):
        s, t = e["trigger"]
        for at, (a, b) in spans.items():
            if at.doc_id == e["doc_id"] and at not in taken and a < t and s < b:
                taken.add(at)
                merged[at] = e["happening_id"] or e["event_id"]
                alone[at] = e["event_id"]
                break
    print(f"gold mentions {len(key)} (of {len(split.mentions)} mapped), reached by an event "
          f"{len(taken)}; events with a trigger {len(events)}")  # fmt: skip
    for name, response in (("merged by the build", merged), ("never merged", alone)):
        _print(name, conll(key, response))


def _print(name: str, s: Scores) -> None:
    print(f"{name}: MUC {s.muc.f1:.3f} B3 {s.b3.f1:.3f} CEAF-e {s.ceaf_e.f1:.3f} "
          f"CoNLL {s.conll_f1:.3f}")  # fmt: skip


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--split", default="dev", choices=["train", "dev"])
    ap.add_argument("--keep", type=Path, help="build into this database and keep it")
    args = ap.parse_args()
    if args.keep:
        run(args.split, args.keep)
        return
    with tempfile.TemporaryDirectory() as tmp:
        run(args.split, Path(tmp) / "ecb.duckdb")


if __name__ == "__main__":
    main()
