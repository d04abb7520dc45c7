"""Add annotators' labels to tests/data/plover_news.csv as one draw.

    python scripts/merge_annotations.py --draw 5 CANDIDATES.tsv OUT.tsv [OUT.tsv ...]

CANDIDATES.tsv is numbered output of ``scripts/sample_plover_news.py`` (n, source, start, end,
hash, split, text); each OUT.tsv is an annotator's ``n, label, source, target`` (the actor
words as written in the sentence, ``#k`` for their k-th occurrence). Actor words become
document offsets; the sentence text is never written. A line whose actor words are not in its
sentence stops the merge, naming the line.
"""

from __future__ import annotations

import argparse
import csv
from pathlib import Path

from communique.extract.coder_data import TYPES

LABELS = Path(__file__).resolve().parents[1] / "tests/data/plover_news.csv"


def locate(sentence: str, words: str, where: str) -> tuple[int, int] | None:
    if not words.strip():
        return None
    text, _, nth = words.strip().partition("#")
    k = int(nth) if nth.isdigit() else 1
    at = -1
    for _ in range(k):
        at = sentence.find(text, at + 1)
        if at < 0:
            raise SystemExit(f"{where}: {text!r} is not in the sentence ({k} times)")
    return at, at + len(text)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--draw", type=int, required=True)
    ap.add_argument("candidates", type=Path)
    ap.add_argument("outs", type=Path, nargs="+")
    args = ap.parse_args()
    cands = {}
    for line in args.candidates.read_text(encoding="utf-8").splitlines():
        n, source, start, end, digest, split, text = line.split("\t")
        cands[n] = (source, int(start), int(end), digest, split, text)
    rows = []
    for out in args.outs:
        with out.open(encoding="utf-8") as fh:
            for r in csv.DictReader(fh, delimiter="\t"):
                label = r["label"].strip()
                if label not in TYPES:
                    raise SystemExit(f"{out}: line {r['n']}: unknown label {label!r}")
                source, start, end, digest, split, text = cands.pop(r["n"])
                where = f"{out}: line {r['n']}"
                spans = [locate(text, r.get(k) or "", where) for k in ("source", "target")]
                cells = ["" if label == "NONE" or s is None else f"{start + s[0]}-{start + s[1]}"
                         for s in spans]  # fmt: skip
                rows.append([source, start, end, digest, split, label, *cells, args.draw])
    if cands:
        raise SystemExit(f"{len(cands)} candidates have no label, e.g. line {next(iter(cands))}")
    with LABELS.open("a", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows(rows)
    print(f"added {len(rows)} rows (draw {args.draw}) to {LABELS}")


if __name__ == "__main__":
    main()
