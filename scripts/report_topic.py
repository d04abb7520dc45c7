"""Build a Timeline17 topic (every outlet) and report what an analyst would check first (issue 14).

python scripts/report_topic.py LibyaWar [--keep DB]

Prints: happenings placed in more than one country that are not trips; the largest happenings
by sources and by parts; contradictions (each subject); pledges by kind; timeline entries, how
many are history (flagged), dated before the corpus's first article, the most on one day, and
the share told by one source only. Reads ../shared/corpus/t17-dev at run time.
"""

from __future__ import annotations

import argparse
import gzip
import json
import shutil
import sys
import tempfile
from collections import Counter
from pathlib import Path

from communique.api import build
from communique.serve.export import export_rows
from communique.store.duckdb_store import DuckDBStore

T17 = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "t17-dev"


def report(db: Path, first_day: str) -> None:
    with DuckDBStore(db, read_only=True) as store:
        timeline = list(export_rows(store, "timeline"))
        events = {e["event_id"]: e for e in export_rows(store, "events")}
        contradictions = list(export_rows(store, "contradictions"))
        pledges = list(export_rows(store, "pledges"))
    multi = []
    for t in timeline:
        places = {
            events[i]["location"]["country"]
            for i in t["event_ids"]
            if i in events and events[i]["location"] and events[i]["location"].get("country")
        }
        if len(places) > 1 and t["kind"] != "visit":
            multi.append((t["date"], t["title"], sorted(places)))
    print(f"happenings placed in more than one country, not trips: {len(multi)}")
    for m in multi[:10]:
        print("   ", *m)
    for key, what in (
        (lambda t: len(t["doc_ids"]), "sources"),
        (lambda t: len(t["parts"]), "parts"),
    ):
        top = max(timeline, key=key, default=None)
        if top:
            print(f"most {what}: {key(top)} — {top['date']} {top['title']}")
    print(f"contradictions: {len(contradictions)}")
    for c in contradictions[:10]:
        print("   ", c["subject"], c["unit"], [cl["value"] for cl in c["claims"]])
    print(
        "pledges:",
        dict(Counter(p["kind"] for p in pledges)),
        dict(Counter(p["status"] for p in pledges)),
    )
    dated = [t for t in timeline if t["date"]]
    history = [t for t in timeline if "history" in t["flags"]]
    before = [t for t in dated if t["date"] < first_day]
    per_day = Counter(t["date"][:10] for t in dated)
    single = [t for t in timeline if len(t["doc_ids"]) == 1]
    print(f"timeline entries: {len(timeline)} ({len(dated)} dated), history-flagged "
          f"{len(history)}, dated before {first_day}: {len(before)}, most on one day: "
          f"{max(per_day.values(), default=0)}, single-source: {len(single) / max(len(timeline), 1):.0%}")  # fmt: skip


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("topic")
    ap.add_argument("--keep", type=Path, help="build into this database and keep it")
    args = ap.parse_args()
    outlets = sorted(T17.glob(f"{args.topic}_*"))
    if not outlets:
        raise SystemExit(f"no outlet of {args.topic} in {T17}")
    tmp = Path(tempfile.mkdtemp())
    try:
        inputs = []
        first = "9999"
        for o in outlets:
            dest = tmp / f"{o.name}.jsonl"
            with gzip.open(o / "articles.jsonl.gz", "rt", encoding="utf-8") as src:
                text = src.read()
            dest.write_text(text, encoding="utf-8")
            inputs.append(dest)
            days = (json.loads(line).get("published") or "" for line in text.splitlines())
            first = min([first, *(d[:10] for d in days if d)])
        db = args.keep or tmp / "topic.duckdb"
        result = build(inputs, db)
        print(f"built {result.added} documents, {len(result.failures)} failures", file=sys.stderr)
        report(db, first)
    finally:
        shutil.rmtree(tmp)


if __name__ == "__main__":
    main()
