"""Draw 4 (issue 14): sentences the pledges stage flags in **dev** stories, to train and check a
learned pledge filter (tests/data/pledge_flags_dev.csv).

python scripts/sample_pledge_flags.py > /tmp/pledge_flags.tsv

Draws 1-3 sample sentences without regard to the stage, so they measure precision and recall;
a filter that rejects false flags needs many flags to learn from, and the dev draws hold 57.
This draw takes, from dev stories only (the split of scripts/sample_plover_news.py), every
sentence of 8-80 words the stage as it stood at this draw flags and no earlier draw holds, at
most three a document, in a seeded order (seed 53), up to ``QUOTA``; then every sentence of
PLV_train (``../shared/reference/plover``, real news the event coder trains on; source
``plv/SENTENCE_ID``, the sentence its own document) the stage flags. It is training data: its
precision says how often the stage is wrong on dev news, never how it does on test.
Prints source, offsets, hash, split and text as TSV for a reader (the text never enters the repo).
"""

from __future__ import annotations

import csv
import dataclasses
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from sample_plover_news import Pool  # noqa: E402

from communique.config import Config  # noqa: E402
from communique.extract.news_eval import sentences  # noqa: E402
from communique.extract.pledge_eval import STAGES, flagged  # noqa: E402
from communique.model import Document  # noqa: E402

QUOTA = 900
PLV = Path(__file__).resolve().parents[2] / "shared/reference/plover/PLV_train.tsv"
PER_DOCUMENT = 3


def main() -> None:
    from communique.pipeline import Pipeline

    rng = random.Random(53)
    pool = Pool.before(5, lambda r: r["split"])
    pipe = Pipeline(dataclasses.replace(Config(), stages=STAGES))
    docs = [d for d in pool.docs if pool.splits(d[0]) == {"dev"}]
    rng.shuffle(docs)
    drawn = 0
    for source, text in docs:
        if drawn >= QUOTA:
            break
        doc = pipe(Document(doc_id=source, text=text))
        cands = [s for s in pool.fresh(sentences(source, text))
                 if 8 <= len(s.text.split()) <= 80 and flagged(doc, s) is not None]  # fmt: skip
        for s in rng.sample(cands, min(PER_DOCUMENT, len(cands), QUOTA - drawn)):
            drawn += 1
            flat = " ".join(s.text.split())
            print(f"{s.source}\t{s.start}\t{s.end}\t{s.digest}\tdev\t{flat}")
    for source, text in plv_documents():
        doc = pipe(Document(doc_id=source, text=text))
        for s in sentences(source, text):
            if flagged(doc, s) is not None:
                flat = " ".join(s.text.split())
                print(f"{s.source}\t{s.start}\t{s.end}\t{s.digest}\tdev\t{flat}")


def plv_documents() -> list[tuple[str, str]]:
    """PLV_train's sentences, each a document ``plv/SENTENCE_ID``."""
    with PLV.open(encoding="utf-8") as fh:
        return [("plv/" + r["sentence_id"], r["sentence"])
                for r in csv.DictReader(fh, delimiter="\t")]  # fmt: skip


if __name__ == "__main__":
    main()
