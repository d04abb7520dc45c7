"""Score the event coders on annotated sentences (issue 13).

    python scripts/eval_coder.py [--coder learned|rules|both] [--model DIR]
                                 [--data held|test|gold|plv] [--through-stage] [--json]
    python scripts/eval_coder.py --agreement

Data: ``held`` = the dev documents the trainer holds out (calibration; tuned on), ``test`` =
the news test split (never trained or tuned on), ``gold`` = the 322 PLOVER gold sentences
(never trained on; the rules were written from them), ``plv`` = PLV_train (trained on: a sanity
check only). ``--through-stage`` scores what a build records instead: each sentence through
the stages up to events, actors resolved to mentions (the shipped model). Prints accuracy with its 95% Wilson interval, false events, precision, macro F1,
source/target right, ECE and per-type F1.
"""

from __future__ import annotations

import argparse
import json
from dataclasses import asdict
from pathlib import Path

from communique.extract.coder_data import (
    gold_examples,
    holdout,
    news_examples,
    plv_examples,
)
from communique.extract.coder_eval import (
    Scores,
    evaluate,
    learned_coder,
    pipeline_coder,
    rules_coder,
)
from communique.extract.news_eval import wilson

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
LABELS = ROOT / "tests/data/plover_news.csv"


def data(name: str) -> list:  # type: ignore[type-arg]
    if name == "gold":
        return gold_examples(SHARED / "reference/plover/PLOVER_GSR_CAMEO.txt")
    if name == "plv":
        return plv_examples(SHARED / "reference/plover/PLV_train.tsv")
    if name == "held":
        return holdout(news_examples(LABELS, SHARED / "corpus", split="dev"))[1]
    return news_examples(LABELS, SHARED / "corpus", split=name)


def second_annotator() -> object:
    """Agreement of a blind second annotation of 240 random test sentences with the first."""
    import csv

    from communique.extract.coder_eval import agreement

    first = {(ex.key): ex.label for ex in news_examples(LABELS, SHARED / "corpus", "test")}
    with (ROOT / "tests/data/plover_news_second.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    return agreement([(first[f"{r['source']}@{r['start']}"], r["label"]) for r in rows])


def show(name: str, s: Scores) -> None:
    low, high = wilson(s.right, s.events)
    print(f"{name}: {s.sentences} sentences, {s.events} with an event")
    print(f"  accuracy {s.accuracy:.3f} ({low:.2f}-{high:.2f})  false events {s.false_events:.3f}"
          f" ({s.false}/{s.nones})  precision {s.precision:.3f}  macro F1 {s.macro_f1:.3f}")  # fmt: skip
    print(f"  actors ({s.spans} annotated): source {s.source_right:.3f}  target "
          f"{s.target_right:.3f}  both {s.both_right:.3f}   ECE {s.ece:.3f}")  # fmt: skip
    print("  F1 " + "  ".join(f"{t} {f:.2f}" for t, f in s.per_type_f1.items()))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--coder", choices=("learned", "rules", "both"), default="both")
    ap.add_argument("--model", type=Path, default=None)
    ap.add_argument("--data", choices=("held", "test", "gold", "plv", "dev"), default="held")
    ap.add_argument("--through-stage", action="store_true", help="score what the events stage "
                    "records (actors through mentions) instead of the coder alone")  # fmt: skip
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--agreement", action="store_true", help="the second annotator's labels "
                    "(tests/data/plover_news_second.csv) against the first's")  # fmt: skip
    args = ap.parse_args()
    if args.agreement:
        print(second_annotator())
        return
    examples = data(args.data)
    coders = {"rules": rules_coder, "learned": learned_coder(args.model)}
    if args.through_stage:
        coders = {name: pipeline_coder(name) for name in coders}
    for name in ("rules", "learned") if args.coder == "both" else (args.coder,):
        s = evaluate(examples, coders[name])
        if args.json:
            print(json.dumps({name: asdict(s)}, default=list))
        else:
            show(f"{name} on {args.data}", s)


if __name__ == "__main__":
    main()
