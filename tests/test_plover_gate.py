"""Quality gate: PLOVER coding on the 322 gold sentences must not fall below pinned floors.

Floors live in tests/floors/plover.json and only go up (raise them when the coder improves).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from communique.extract.plover_eval import PloverReport, evaluate

GOLD = Path(__file__).resolve().parents[1].parent / "shared/reference/plover/PLOVER_GSR_CAMEO.txt"
FLOORS = json.loads((Path(__file__).parent / "floors" / "plover.json").read_text())


@pytest.fixture(scope="module")
def report() -> PloverReport:
    return evaluate(GOLD)


def test_accuracy_and_macro_f1_hold(report: PloverReport) -> None:
    assert report.sentences == 322
    assert report.accuracy >= FLOORS["accuracy"]
    assert report.macro_f1 >= FLOORS["macro_f1"]


@pytest.mark.parametrize("event_type", sorted(FLOORS["per_type_f1"]))
def test_per_type_f1_holds(report: PloverReport, event_type: str) -> None:
    score = next(s for s in report.per_type if s.type == event_type)
    assert score.f1 >= FLOORS["per_type_f1"][event_type], score
