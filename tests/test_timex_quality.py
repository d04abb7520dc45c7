"""Quality gates: TIMEX3 value F1 on TempEval-3 TimeBank (the data the rules were tuned on) and
on MEANTIME's English WikiNews articles (held out: never tuned on) must not fall below the
floors pinned in tests/floors/timex.json."""

from __future__ import annotations

import importlib.util
import json
import sys
from datetime import date
from pathlib import Path
from types import ModuleType

from communique.nlp.timex_eval_meantime import detokenize, load_meantime

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


# MEANTIME, measured 2026-11-30 with scripts/eval_timex.py --meantime: 120 documents, 368 gold
# timexes (DCT excluded), 319 system timexes in the annotated part, 247 with the right value:
# value F1 2*247/(319+368) = 0.7191. The score is deterministic, so the margin is the data's
# resolution: one value-correct match is worth 2/687 = 0.0029 F1, and the floor is the score
# with one match fewer (2*246/687 = 0.7162), rounded down to 0.716. Losing two matches fails.
MEANTIME_DOCS = 120
MEANTIME_GOLD = 368


def test_meantime_value_f1_floor() -> None:
    ev = _eval_module()
    assert ev.MEANTIME.is_dir(), f"MEANTIME not found at {ev.MEANTIME}"
    docs = ev.load_meantime_docs()
    assert len(docs) == MEANTIME_DOCS, "MEANTIME English should hold 120 documents"
    assert sum(len(d.timexes) for d in docs) == MEANTIME_GOLD
    counts = ev.evaluate(docs)
    assert counts.docs == MEANTIME_DOCS and counts.sys > 0
    assert ev.value_f1(counts) >= FLOORS["meantime_value_f1"]


def test_meantime_reader_spans_dct_and_annotated_part() -> None:
    ev = _eval_module()
    docs = load_meantime(ev.MEANTIME)
    assert len(docs) == MEANTIME_DOCS
    for doc in docs:
        date.fromisoformat(doc.dct)  # every DCT an ISO date (one is written day first)
        assert doc.dct_span == doc.sentences[1], doc.name  # the WikiNews date line
        assert doc.dct_span[1] < doc.annotated_end <= len(doc.text), doc.name
        for g in doc.timexes:
            piece = doc.text[g.start : g.end]
            assert piece == piece.strip() and piece, (doc.name, g)
            assert g.end <= doc.annotated_end, (doc.name, g)
            assert g.type in {"DATE", "TIME", "DURATION", "SET"} and g.value, (doc.name, g)
    # the annotated part is the title, the date line and the first four body sentences
    # (one article runs a sentence longer, two are shorter than that)
    lines = [sum(1 for s in d.sentences if s[1] <= d.annotated_end) for d in docs]
    assert lines.count(6) == MEANTIME_DOCS - 3


def test_detokenize_offsets() -> None:
    tokens = [("Talks", 0), ("end", 0), ("June", 1), ("03", 1), (",", 1), ("2010", 1)]
    tokens += [("``", 2), ("It", 2), ("'s", 2), ("over", 2), ("(", 2), ("$", 2), ("5", 2)]
    tokens += [(")", 2), (".", 2), ("''", 2)]
    text, spans, sentences = detokenize(tokens)
    assert text == 'Talks end\nJune 03, 2010\n"It\'s over ($5)."'
    assert [text[s:e] for s, e in spans] == [t if t not in ("``", "''") else '"' for t, _ in tokens]
    assert [text[s:e] for s, e in sentences] == text.split("\n")
