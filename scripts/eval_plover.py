"""Per-type precision/recall/F1 of PLOVER coding on the 322 gold sentences (Markdown table).

python scripts/eval_plover.py [--confusion]
python scripts/eval_plover.py --news [--split dev|test] [--confusion]   (the annotated news sentences)
"""

from __future__ import annotations

import argparse
from pathlib import Path

from communique.extract import news_eval
from communique.extract.plover_eval import evaluate

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT.parent / "shared/reference/plover/PLOVER_GSR_CAMEO.txt"


def news(split: str | None, confusion: bool) -> None:
    items = news_eval.load(ROOT / "tests/data/plover_news.csv", ROOT.parent / "shared/corpus")
    for name in ("dev", "test", None):
        if split and name != split:
            continue
        chosen = [i for i in items if name in (None, i.split)]
        s = news_eval.score(chosen)
        print(f"{name or 'all'}: {s.sentences} sentences, {s.events} with an event; accuracy "
              f"{s.accuracy}, false events {s.false_events}, precision {s.precision}")  # fmt: skip
        acc, f1 = news_eval.one_less_right(s)
        print(f"  one sentence fewer right (the floor rule): accuracy {acc}, per-type F1 {f1}")
        if confusion and name == split:
            for g, p, n in s.confusion:
                if g != p:
                    print(f"{g:>10} -> {p:<10} {n}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--confusion", action="store_true")
    ap.add_argument("--news", action="store_true", help="the annotated news sentences")
    ap.add_argument("--split", choices=["dev", "test"])
    args = ap.parse_args()
    if args.news:
        news(args.split, args.confusion)
        return
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
