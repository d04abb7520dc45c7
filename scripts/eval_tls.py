"""Score communique's timeline summarization on the Timeline17 dev topics with tilse.

For each gold timeline, as news-tls does: the articles are restricted to the gold timeline's
date range, the number of dates is the gold's, and the sentences per date are the gold's
average (rounded). Scores: alignment ROUGE-1/2 F1 (align+ m:1,
``evaluate_align_date_content_costs_many_to_one``), concat ROUGE-1/2 F1, and date F1.

    pip install tilse   # its ROUGE needs Debian's libxml-parser-perl
    python scripts/eval_tls.py [--topics LibyaWar_cnn ...] [--db-dir DIR] [--reimpl]
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import time
from pathlib import Path

from communique.api import build
from communique.fuse.tls import TlsRequest, summarize
from communique.store.duckdb_store import DuckDBStore

T17 = Path(__file__).resolve().parents[1].parent / "shared/corpus/t17-dev"


def read_gold(path: Path) -> dict[dt.date, list[str]]:
    out: dict[dt.date, list[str]] = {}
    day, lines = None, []
    for raw in path.read_text(encoding="utf-8", errors="replace").splitlines():
        line = raw.strip()
        if set(line) == {"-"} and len(line) > 10:
            if day:
                out[day] = lines
            day, lines = None, []
        elif day is None and len(line) == 10 and line[4] == "-" and line[7] == "-":
            day = dt.date.fromisoformat(line)
        elif line:
            lines.append(line)
    return out


def score_one(store: DuckDBStore, gold: dict[dt.date, list[str]], reimpl: bool) -> dict[str, float]:
    from tilse.data.timelines import GroundTruth, Timeline
    from tilse.evaluation import dates as date_eval
    from tilse.evaluation import rouge

    k = max(1, round(statistics.mean(len(v) for v in gold.values())))
    req = TlsRequest(max_dates=len(gold), sentences_per_date=k,
                     start=min(gold).isoformat(), end=max(gold).isoformat())  # fmt: skip
    t0 = time.perf_counter()
    pred = summarize(store, req)
    took = time.perf_counter() - t0
    pred_tl = Timeline({dt.date.fromisoformat(d.date): [s.text for s in d.sentences] for d in pred})
    truth = GroundTruth([Timeline(gold)])
    ev = rouge.TimelineRougeEvaluator(measures={"rouge_1", "rouge_2"},
                                      rouge_computation="reimpl" if reimpl else "original")  # fmt: skip
    align = ev.evaluate_align_date_content_costs_many_to_one(pred_tl, truth)
    concat = ev.evaluate_concat(pred_tl, truth)
    dates = date_eval.evaluate_dates(pred_tl, truth)
    return {
        "AR-1": align["rouge_1"]["f_score"],
        "AR-2": align["rouge_2"]["f_score"],
        "R-1": concat["rouge_1"]["f_score"],
        "R-2": concat["rouge_2"]["f_score"],
        "date F1": dates["f_score"],
        "seconds": took,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--topics", nargs="*", default=sorted(p.name for p in T17.iterdir()))
    ap.add_argument("--db-dir", type=Path, default=Path("/tmp/communique-t17"))
    ap.add_argument("--reimpl", action="store_true", help="tilse's Python ROUGE (faster, approx.)")
    args = ap.parse_args()
    args.db_dir.mkdir(parents=True, exist_ok=True)
    keys = ("AR-1", "AR-2", "R-1", "R-2", "date F1", "seconds")
    print("| topic | timelines | " + " | ".join(keys) + " |")
    print("|---|---|" + "---|" * len(keys))
    every: list[dict[str, float]] = []
    for topic in args.topics:
        db = args.db_dir / f"{topic}.duckdb"
        build([T17 / topic / "articles.jsonl.gz"], db)  # incremental: a no-op when built
        scores = []
        with DuckDBStore(db, read_only=True) as store:
            for tl in sorted((T17 / topic / "timelines").glob("*.txt")):
                scores.append(score_one(store, read_gold(tl), args.reimpl))
        every.extend(scores)
        means = [statistics.mean(s[k] for s in scores) for k in keys]
        print(f"| {topic} | {len(scores)} | " + " | ".join(f"{m:.3f}" for m in means) + " |")
        sys.stdout.flush()
    means = [statistics.mean(s[k] for s in every) for k in keys]
    print(f"| **all ({len(every)} timelines)** | {len(every)} | "
          + " | ".join(f"{m:.3f}" for m in means) + " |")  # fmt: skip


if __name__ == "__main__":
    main()
