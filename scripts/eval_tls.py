"""Score communique's timeline summarization on the Timeline17 dev topics with tilse.

For each gold timeline, as news-tls does: the articles are restricted to the gold timeline's
date range, the number of dates is the gold's, and the sentences per date are the gold's
average (rounded). Scores: alignment ROUGE-1/2 F1 (align+ m:1,
``evaluate_align_date_content_costs_many_to_one``), concat ROUGE-1/2 F1, and date F1.

    pip install tilse   # its ROUGE needs Debian's libxml-parser-perl
    python scripts/eval_tls.py [--topics LibyaWar_cnn ...] [--db-dir DIR] [--reimpl]
    python scripts/eval_tls.py --tune-on LibyaWar_cnn [--grid-out FILE]

``--tune-on TOPIC`` is the tuning protocol (issue 14): grid-search lead sentences x length cap x
duplicate threshold on TOPIC only, pick the best AR-1 (ties: the earlier in the grid), then score
that one setting on the other ``--topics`` (the check topics), with the shipped defaults beside it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import json
import statistics
import sys
import time
from pathlib import Path

from communique.api import build
from communique.fuse.tls import DUPLICATE, LEAD_SENTENCES, MAX_WORDS, TlsRequest, summarize
from communique.store.duckdb_store import DuckDBStore

T17 = Path(__file__).resolve().parents[1].parent / "shared/corpus/t17-dev"
KEYS = ("AR-1", "AR-2", "R-1", "R-2", "date F1", "seconds")
# The tuning grid, in its order (ties go to the earlier setting): lead sentences, max words, dup.
GRID_LEAD = (1, 2, 3, 4, 5)
GRID_MAX_WORDS = (30, 35, 40, 50, 60)
GRID_DUPLICATE = (0.3, 0.5, 0.7)
Knobs = tuple[int, int, float]  # (lead_sentences, max_words, duplicate)
SHIPPED: Knobs = (LEAD_SENTENCES, MAX_WORDS, DUPLICATE)
_BUILT: set[Path] = set()  # DBs checked by build() in this run


def read_gold(path: Path) -> dict[dt.date, list[str]]:
    out: dict[dt.date, list[str]] = {}
    day: dt.date | None = None
    lines: list[str] = []
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


def score_one(
    store: DuckDBStore, gold: dict[dt.date, list[str]], reimpl: bool, knobs: Knobs = SHIPPED
) -> dict[str, float]:
    from tilse.data.timelines import GroundTruth, Timeline
    from tilse.evaluation import dates as date_eval
    from tilse.evaluation import rouge

    k = max(1, round(statistics.mean(len(v) for v in gold.values())))
    req = TlsRequest(max_dates=len(gold), sentences_per_date=k,
                     start=min(gold).isoformat(), end=max(gold).isoformat(),
                     lead_sentences=knobs[0], max_words=knobs[1], duplicate=knobs[2])  # fmt: skip
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


def score_topic(topic: str, db_dir: Path, reimpl: bool, knobs: Knobs = SHIPPED) -> dict[str, float]:
    """The mean scores over a topic's gold timelines (its DB built once, then reused)."""
    db = db_dir / f"{topic}.duckdb"
    if db not in _BUILT:
        build([T17 / topic / "articles.jsonl.gz"], db)  # incremental: a no-op when built
        _BUILT.add(db)
    with DuckDBStore(db, read_only=True) as store:
        scores = [score_one(store, read_gold(tl), reimpl, knobs)
                  for tl in sorted((T17 / topic / "timelines").glob("*.txt"))]  # fmt: skip
    return {k: statistics.mean(s[k] for s in scores) for k in KEYS} | {"timelines": len(scores)}


def _row(label: str, knobs: Knobs, s: dict[str, float]) -> str:
    return (f"| {label} | {knobs[0]} / {knobs[1]} / {knobs[2]} | "
            + " | ".join(f"{s[k]:.3f}" for k in KEYS) + " |")  # fmt: skip


def tune(
    tune_on: str, checks: list[str], db_dir: Path, reimpl: bool, grid_out: Path | None
) -> None:
    """Grid-search on ``tune_on`` only, then score the chosen setting on ``checks``."""
    grid: list[Knobs] = list(itertools.product(GRID_LEAD, GRID_MAX_WORDS, GRID_DUPLICATE))
    results: list[tuple[Knobs, dict[str, float]]] = []
    best: tuple[Knobs, dict[str, float]] | None = None
    for knobs in grid:
        s = score_topic(tune_on, db_dir, reimpl, knobs)
        results.append((knobs, s))
        print(f"grid {knobs}: AR-1 {s['AR-1']:.5f}", file=sys.stderr, flush=True)
        if best is None or s["AR-1"] > best[1]["AR-1"]:  # strict: ties keep the earlier
            best = (knobs, s)
    assert best is not None
    chosen, tuned = best
    if grid_out:
        grid_out.write_text(json.dumps([{"lead_sentences": k[0], "max_words": k[1],
                                         "duplicate": k[2], **s} for k, s in results], indent=1))  # fmt: skip
    shipped_tune = dict(results).get(SHIPPED) or score_topic(tune_on, db_dir, reimpl, SHIPPED)
    print(f"tuning topic: {tune_on}; grid of {len(grid)} settings (lead sentences / max words /"
          f" duplicate); ROUGE: {'tilse reimpl' if reimpl else 'perl ROUGE-1.5.5'}")  # fmt: skip
    print(f"chosen: {chosen} (shipped: {SHIPPED}; {'same' if chosen == SHIPPED else 'differs'})")
    ranked = sorted(results, key=lambda r: -r[1]["AR-1"])[:5]
    print("top 5 on the tuning topic: " + "; ".join(f"{k} {s['AR-1']:.4f}" for k, s in ranked))
    print()
    print("| topic | setting | " + " | ".join(KEYS) + " |")
    print("|---|---|" + "---|" * len(KEYS))
    print(_row(f"{tune_on} (tuning)", chosen, tuned))
    check_scores = []
    for topic in checks:
        s = score_topic(topic, db_dir, reimpl, chosen)
        check_scores.append(s)
        print(_row(f"{topic} (check)", chosen, s), flush=True)
    mean = {k: statistics.mean(s[k] for s in check_scores) for k in KEYS}
    print(_row(f"**mean of {len(checks)} check topics**", chosen, mean))
    print(_row(f"{tune_on} (tuning), shipped", SHIPPED, shipped_tune))
    ship_scores = []
    for topic, same in zip(checks, check_scores, strict=True):
        s = same if chosen == SHIPPED else score_topic(topic, db_dir, reimpl, SHIPPED)
        ship_scores.append(s)
        print(_row(f"{topic} (check), shipped", SHIPPED, s), flush=True)
    ship_mean = {k: statistics.mean(s[k] for s in ship_scores) for k in KEYS}
    print(_row(f"**mean of {len(checks)} check topics, shipped**", SHIPPED, ship_mean))
    all_ship = {k: statistics.mean(s[k] for s in [shipped_tune, *ship_scores]) for k in KEYS}
    print(_row(f"mean of all {len(checks) + 1}, shipped", SHIPPED, all_ship))
    all_tuned = {k: statistics.mean(s[k] for s in [tuned, *check_scores]) for k in KEYS}
    print(_row(f"mean of all {len(checks) + 1}, chosen", chosen, all_tuned))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--topics", nargs="*", default=sorted(p.name for p in T17.iterdir()))
    ap.add_argument("--db-dir", type=Path, default=Path("/tmp/communique-t17"))
    ap.add_argument("--reimpl", action="store_true", help="tilse's Python ROUGE (faster, approx.)")
    ap.add_argument("--tune-on", metavar="TOPIC", help="tune on TOPIC, check on the other --topics")
    ap.add_argument("--grid-out", type=Path, help="with --tune-on: every grid score as JSON")
    args = ap.parse_args()
    args.db_dir.mkdir(parents=True, exist_ok=True)
    if args.tune_on:
        checks = [t for t in args.topics if t != args.tune_on]
        tune(args.tune_on, checks, args.db_dir, args.reimpl, args.grid_out)
        return
    keys = KEYS
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
