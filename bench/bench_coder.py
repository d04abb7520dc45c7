"""Benchmark the learned event coder: sentences/second (not a test).

    python bench/bench_coder.py [--sentences 2000]

Codes real news sentences (the dev split of tests/data/plover_news.csv, read from ../shared)
with the shipped model, at batch sizes 1 and 32, on one thread and on every core; and the
trigger rules on the same sentences for comparison. One line per figure.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--sentences", type=int, default=2000)
    args = ap.parse_args()
    from communique.extract.classify import classify_sentence
    from communique.extract.coder import LearnedCoder
    from communique.extract.coder_data import news_examples

    texts = [
        ex.text
        for ex in news_examples(
            ROOT / "tests/data/plover_news.csv", ROOT.parent / "shared/corpus", split="dev"
        )
    ][: args.sentences]
    t0 = time.perf_counter()
    for text in texts:
        classify_sentence(text)
    rules = len(texts) / (time.perf_counter() - t0)
    print(json.dumps({"coder": "rules", "sentences": len(texts), "per_second": round(rules)}))
    for threads in (1, 0):
        coder = LearnedCoder(threads=threads)
        coder.predict(texts[:8])  # load the model outside the timing
        for batch in (1, 32):
            t0 = time.perf_counter()
            coder.predict(texts, batch=batch)
            rate = len(texts) / (time.perf_counter() - t0)
            print(json.dumps({"coder": "learned", "threads": threads or "all", "batch": batch,
                              "sentences": len(texts), "per_second": round(rate, 1)}))  # fmt: skip


if __name__ == "__main__":
    main()
