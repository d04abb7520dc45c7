"""Draw the sentences for the news PLOVER check (tests/data/plover_news.csv) to annotate.

python scripts/sample_plover_news.py [--seed 7] > /tmp/candidates.tsv

One sentence of 8-60 words from each of a seeded random choice of documents; prints
source, offsets, hash, split and text as TSV for a reader (the text never enters the repo).
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

from communique.extract.news_eval import documents, sentences

CORPUS = Path(__file__).resolve().parents[1].parent / "shared/corpus"
PER_GROUP = {"tbaq/TimeBank": 130, "tbaq/AQUAINT": 60, "t17/LibyaWar_cnn": 105,
             "t17/LibyaWar_reuters": 105}  # fmt: skip


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    groups: dict[str, list[tuple[str, str]]] = {}
    for source, text in documents(CORPUS):
        groups.setdefault(source.rsplit("/", 1)[0], []).append((source, text))
    for group, n in PER_GROUP.items():
        docs = groups[group]
        for source, text in rng.sample(docs, min(n, len(docs))):
            pool = [s for s in sentences(source, text) if 8 <= len(s.text.split()) <= 60]
            if not pool:
                continue
            s = rng.choice(pool)
            flat = " ".join(s.text.split())
            print(f"{s.source}\t{s.start}\t{s.end}\t{s.digest}\t{s.split}\t{flat}")


if __name__ == "__main__":
    main()
