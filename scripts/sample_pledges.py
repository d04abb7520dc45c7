"""Draw news sentences to annotate for pledges (tests/data/pledges_news.csv, issue 14).

python scripts/sample_pledges.py > /tmp/pledge_candidates.tsv            (the first draw)
python scripts/sample_pledges.py --second > /tmp/pledge_candidates2.tsv  (the second draw)
python scripts/sample_pledges.py --third > /tmp/pledge_candidates3.tsv   (the third draw)

The pool does not depend on what the pledges stage finds, so precision and recall can be
measured on it for any later version of the stage: from each story (the split of
scripts/sample_plover_news.py: a story keeps the split its annotated sentences have), up to two
sentences of 8-60 words holding a word any commitment may be phrased with (stratum ``cue``: the
stage only ever reads sentences holding one), and one sentence in eight documents with none of
them (stratum ``random``: what the stage cannot find). Seed 41. Prints source, offsets, hash,
split, stratum and text as TSV for a reader (the text never enters the repo).

The second draw (seed 43) is training data for a learned pledge filter: dev stories only, no
sentence the first draw holds, up to twice as many a source group.

The third draw (seed 47) enlarges the test split, where the first draw gave only 32 sentences
the stage flags (too few to tell 0.75 from 0.8): test stories only, no sentence any earlier
draw holds, the same strata. It was drawn and annotated blind, before the stage was run on it,
and its figure is reported together with the first draw's test rows, measured once.
"""

from __future__ import annotations

import argparse
import csv
import random
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from sample_plover_news import Pool, _norm  # noqa: E402

from communique.extract.news_eval import sentences  # noqa: E402

# every word the pledges stage's cues start from, and the common ways news phrase commitments
CUES = re.compile(
    r"\b(?:will|shall|would|should|need to|pledg\w*|vow\w*|commit\w*|promis\w*|agree\w*|"
    r"ready to|willing|undert\w*|aim\w*|plans?|planned|target\w*|invit\w*|accept\w*|asked|"
    r"urged|called on|request\w*|propos\w*|intend\w*|announc\w*|offer\w*|guarantee\w*)\b",
    re.I,
)
QUOTA = {"dev": {"cue": 460, "random": 60}, "test": {"cue": 380, "random": 60}}
SECOND = {"dev": {"cue": 760, "random": 80}}  # training data for the learned pledge filter
THIRD = {"test": {"cue": 900, "random": 80}}  # a larger test split (issue 14)
LABELS = Path(__file__).resolve().parents[1] / "tests/data/pledges_news.csv"


def pool_text(pool: Pool, row: dict[str, str]) -> str:
    text = dict(pool.docs).get(row["source"], "")
    return text[int(row["start"]) : int(row["end"])]


GROUPS = ("t17/LibyaWar", "t17/H1N1", "tbaq", "ecb")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--second", action="store_true", help="the second draw: dev stories only")
    ap.add_argument("--third", action="store_true", help="the third draw: test stories only")
    args = ap.parse_args()
    rng = random.Random(47 if args.third else 43 if args.second else 41)
    quota = THIRD if args.third else SECOND if args.second else QUOTA
    pool = Pool.before(8, lambda r: r["split"])
    if args.second or args.third:  # nothing an earlier draw holds
        with LABELS.open(encoding="utf-8") as fh:
            keep = ("1",) if args.second else ("1", "2")
            earlier = [r for r in csv.DictReader(fh) if r.get("draw", "1") in keep]
            pool.seen.update(_norm(pool_text(pool, r)) for r in earlier)
    docs = list(pool.docs)
    rng.shuffle(docs)
    # LibyaWar first: the topic issue 14 was measured on, then the rest in the same order
    docs.sort(key=lambda d: next(i for i, g in enumerate(GROUPS) if d[0].startswith(g)))
    taken = {s: {k: 0 for k in q} for s, q in quota.items()}
    seen = set(pool.seen) if args.second or args.third else set()
    per_group = {g: 0 for g in GROUPS}
    for source, text in docs:
        splits = pool.splits(source)
        if len(splits) != 1 or next(iter(splits)) not in quota:
            continue
        split = next(iter(splits))
        group = next(g for g in GROUPS if source.startswith(g))
        if per_group[group] >= {"t17/LibyaWar": 520}.get(group, 140) * (
            1 if not args.second and not args.third else 2
        ):
            continue
        cands = [s for s in sentences(source, text)
                 if 8 <= len(s.text.split()) <= 60 and _norm(s.text) not in seen]  # fmt: skip
        cue = [s for s in cands if CUES.search(s.text)]
        plain = [s for s in cands if not CUES.search(s.text)]
        picks = [(s, "cue") for s in rng.sample(cue, min(2, len(cue)))]
        if plain and rng.random() < 1 / 8:
            picks.append((rng.choice(plain), "random"))
        for s, stratum in picks:
            if taken[split][stratum] >= quota[split][stratum]:
                continue
            taken[split][stratum] += 1
            per_group[group] += 1
            seen.add(_norm(s.text))
            flat = " ".join(s.text.split())
            print(f"{s.source}\t{s.start}\t{s.end}\t{s.digest}\t{split}\t{stratum}\t{flat}")


if __name__ == "__main__":
    main()
