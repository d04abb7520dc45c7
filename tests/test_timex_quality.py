"""Quality gate: TIMEX3 value F1 on TempEval-3 TBAQ must not fall below the pinned floor."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[1]
FLOORS = json.loads((ROOT / "tests" / "floors" / "timex.json").read_text())


def _eval_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("eval_timex", ROOT / "scripts" / "eval_timex.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    sys.modules["eval_timex"] = mod
    spec.loader.exec_module(mod)
    return mod


def test_timebank_value_f1_floor() -> None:
    ev = _eval_module()
    docs = list(ev.load("TimeBank"))
    assert len(docs) == 183, "TBAQ-cleaned TimeBank should hold 183 documents"
    counts = ev.evaluate(docs)
    assert ev.value_f1(counts) >= FLOORS["timebank_value_f1"]


def test_tml_parser_offsets_point_at_the_gold_text() -> None:
    ev = _eval_module()
    doc = next(iter(ev.load("AQUAINT")))
    assert doc.dct and doc.timexes
    for g in doc.timexes:
        assert doc.text[g.start : g.end].strip(), g
