"""Benchmark each pipeline stage on real text (not a test): sentences/second per stage.

    python bench/bench_stages.py [--limit 400] [--corpus t17dev|seeds]

Reads the t17-dev JSONL.gz articles (or the seeds), runs the default pipeline stage by stage
and prints one line per stage: the stage's time and its throughput in sentences/second.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from communique.config import Config
from communique.ingest import InputFailure, iter_inputs, to_document
from communique.model import Document
from communique.pipeline import Pipeline

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def load(corpus: str, limit: int) -> list[Document]:
    if corpus == "seeds":
        inputs = [str(SHARED / "corpus" / "seeds")]
    else:
        inputs = sorted(str(p) for p in (SHARED / "corpus" / "t17-dev").glob("*/articles.jsonl.gz"))
    docs: list[Document] = []
    for item in iter_inputs(inputs):
        if not isinstance(item, InputFailure):
            docs.append(to_document(item))
        if len(docs) >= limit:
            break
    return docs


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--limit", type=int, default=400)
    ap.add_argument("--corpus", default="t17dev", choices=["t17dev", "seeds"])
    args = ap.parse_args()
    docs = load(args.corpus, args.limit)
    pipeline = Pipeline(Config())
    n_sent = 0
    total = 0.0
    for stage in pipeline.stages:
        if stage.name != "sentences":  # warm lazy resources (knowledge base, tables, models)
            stage(docs[0])
        t0 = time.perf_counter()
        docs = [stage(d) for d in docs]
        dt = time.perf_counter() - t0
        total += dt
        n_sent = n_sent or sum(len(d.sentences) for d in docs)
        rate = n_sent / dt if dt else float("inf")
        print(f"stage {stage.name}: {dt:.2f} s, {rate:,.0f} sentences/s ({len(docs)} documents)")
    print(f"all stages: {len(docs) / total:,.1f} documents/s, {n_sent / total:,.0f} sentences/s")


if __name__ == "__main__":
    main()
