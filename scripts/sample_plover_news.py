"""Draw the sentences for the news PLOVER check (tests/data/plover_news.csv) to annotate.

python scripts/sample_plover_news.py > /tmp/candidates.tsv            (the first draw)
python scripts/sample_plover_news.py --second > /tmp/candidates2.tsv  (the second draw)

One sentence of 8-60 words from each of a seeded random choice of documents; prints
source, offsets, hash, split and text as TSV for a reader (the text never enters the repo).
The second draw (seed 11) skips documents the first used and TimeBank's WSJ finance stories.
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

from communique.extract.news_eval import documents, sentences

CORPUS = Path(__file__).resolve().parents[1].parent / "shared/corpus"
LABELS = Path(__file__).resolve().parents[1] / "tests/data/plover_news.csv"
SECOND = {"tbaq/TimeBank": 40, "tbaq/AQUAINT": 40, "t17/LibyaWar_cnn": 110,
          "t17/LibyaWar_reuters": 110}  # fmt: skip
PER_GROUP = {"tbaq/TimeBank": 130, "tbaq/AQUAINT": 60, "t17/LibyaWar_cnn": 105,
             "t17/LibyaWar_reuters": 105}  # fmt: skip


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--second", action="store_true", help="the second draw")
    args = ap.parse_args()
    rng = random.Random(11 if args.second else 7)
    skip: set[str] = set()
    if args.second:
        with LABELS.open(encoding="utf-8") as fh:
            skip = {line.split(",", 1)[0] for line in list(fh)[1:399]}
    groups: dict[str, list[tuple[str, str]]] = {}
    for source, text in documents(CORPUS):
        if source in skip or (args.second and source.startswith("tbaq/TimeBank/wsj")):
            continue
        groups.setdefault(source.rsplit("/", 1)[0], []).append((source, text))
    for group, n in (SECOND if args.second else PER_GROUP).items():
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
