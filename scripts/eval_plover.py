"""Per-type precision/recall/F1 of PLOVER coding on the 322 gold sentences (Markdown table).

python scripts/eval_plover.py [--confusion]
"""

from __future__ import annotations

import argparse
from pathlib import Path

from communique.extract.plover_eval import evaluate

GOLD = Path(__file__).resolve().parents[1].parent / "shared/reference/plover/PLOVER_GSR_CAMEO.txt"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--confusion", action="store_true")
    args = ap.parse_args()
    rep = evaluate(GOLD)
    print(f"{rep.sentences} sentences, accuracy {rep.accuracy}, macro F1 {rep.macro_f1}, "
          f"{rep.sentences_per_second:,.0f} sentences/s\n")  # fmt: skip
    print("| type | gold | P | R | F1 |\n|---|---|---|---|---|")
    for s in rep.per_type:
        print(f"| {s.type} | {s.gold} | {s.precision:.2f} | {s.recall:.2f} | {s.f1:.2f} |")
    if args.confusion:
        for (g, p), n in sorted(rep.confusion.items(), key=lambda x: -x[1]):
            if g != p:
                print(f"{g:>10} -> {p:<10} {n}")


if __name__ == "__main__":
    main()
