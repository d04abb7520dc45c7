"""Document dating measured on TBAQ, MEANTIME and our dating suite (``tests/dating``).

    python scripts/eval_dating.py [--tbaq] [--meantime] [--suite] [--split dev|test]
                                  [--errors] [--today YYYY-MM-DD]

TBAQ is split in two by a hash of the document id: dev (tuned on) and test (held out);
MEANTIME is held out entirely. ``--errors`` lists the cases a split gets wrong or vague: use
it on dev only (writing rules from test errors would make test a second dev set).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from communique.config import Config
from communique.nlp.dating_eval import (
    Case,
    Outcome,
    date_by_build,
    date_each,
    meantime_cases,
    score,
    suite_cases,
    table,
    tbaq_cases,
)

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
TEMPEVAL = SHARED / "corpus" / "tempeval"


def _rows(label: str, outcomes: list[Outcome], split: str | None) -> list[tuple[str, object]]:
    rows = []
    for sp in [split] if split else ["dev", "test", None]:
        sel = [o for o in outcomes if sp is None or o.case.split == sp]
        if not sel:
            continue
        rows.append((f"{label} {sp or 'all'}", score(sel)))
        stated = [o for o in sel if o.case.stated and o.case.corpus in ("tbaq", "meantime")]
        if stated and len(stated) != len(sel):
            rows.append((f"{label} {sp or 'all'}, with a stated date", score(stated)))
    return rows


def _errors(outcomes: list[Outcome], split: str | None) -> None:
    for o in outcomes:
        if split and o.case.split != split or o.verdict == "right":
            continue
        print(f"{o.verdict:5} {o.case.case_id}: want {o.case.expected or '-'} "
              f"got {o.published or '-'} [{o.source}] {o.evidence or ''} window={o.window}")  # fmt: skip


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--tbaq", action="store_true")
    ap.add_argument("--meantime", action="store_true")
    ap.add_argument("--suite", action="store_true")
    ap.add_argument("--split", choices=("dev", "test"))
    ap.add_argument("--errors", action="store_true")
    ap.add_argument("--today", default="2026-11-30")
    args = ap.parse_args()
    if args.errors and args.split != "dev":
        sys.exit("--errors lists dev errors only: add --split dev")
    everything = not (args.tbaq or args.meantime or args.suite)
    rows = []
    config = Config(today=args.today)
    for name, flag, load in (
        ("TBAQ", args.tbaq, lambda: list(tbaq_cases(TEMPEVAL / "TBAQ-cleaned"))),
        ("MEANTIME", args.meantime,
         lambda: list(meantime_cases(TEMPEVAL / "meantime_newsreader_english_oct15"))),
    ):  # fmt: skip
        if flag or everything:
            cases: list[Case] = load()
            outs = date_each(cases, Config(stages=("sentences", "mentions", "dating"),
                                           today=args.today))  # fmt: skip
            rows += _rows(name, outs, args.split)
            if args.errors:
                _errors(outs, args.split)
    if args.suite or everything:
        cases = list(suite_cases(ROOT / "tests" / "dating"))
        with tempfile.TemporaryDirectory() as tmp:
            outs = date_by_build(cases, Path(tmp), config)
        rows += _rows("suite", outs, args.split)
        if args.errors:
            _errors(outs, args.split)
    print(table(rows))  # type: ignore[arg-type]


if __name__ == "__main__":
    main()
