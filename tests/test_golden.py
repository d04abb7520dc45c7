"""Golden files: the whole per-document pipeline on articles we wrote ourselves.

Regenerate with ``UPDATE_GOLDEN=1 pytest tests/test_golden.py`` and review every change by hand.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from communique.ingest import RawDoc, to_document
from communique.model import Document
from communique.pipeline import Pipeline

GOLDEN = Path(__file__).parent / "golden"
ARTICLES = sorted((GOLDEN / "articles").glob("*.txt"))


def summary(doc: Document) -> dict[str, object]:
    def sent(start: int, end: int) -> str:
        return doc.text[start:end][:60]

    return {
        "published": [doc.meta.published, doc.meta.published_source],
        "events": [
            {"type": e.type, "mode": e.mode, "cameo": e.cameo, "date": e.date,
             "source": list(e.source), "target": list(e.target),
             "location": e.location.name if e.location else None,
             "historical": e.historical, "sentence": sent(e.start, e.end),
             "evidence": [sent(s.start, s.end) for s in e.evidence]}
            for e in doc.events
        ],
        "figures": [
            {"quantity": f.quantity, "value": f.value, "unit": f.unit, "period": f.period,
             "kind": f.kind}
            for f in doc.figures
        ],
        "pledges": [
            {"kind": p.kind, "actors": list(p.actors), "deadline": p.deadline, "text": p.text[:60]}
            for p in doc.pledges
        ],
    }  # fmt: skip


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline()


@pytest.mark.parametrize("article", ARTICLES, ids=[a.stem for a in ARTICLES])
def test_pipeline_output_matches_golden(pipeline: Pipeline, article: Path) -> None:
    raw = RawDoc(str(article), article.read_text(encoding="utf-8"), doc_id=article.stem)
    got = summary(pipeline(to_document(raw)))
    expected_path = GOLDEN / "expected" / f"{article.stem}.json"
    if os.environ.get("UPDATE_GOLDEN"):
        expected_path.parent.mkdir(exist_ok=True)
        expected_path.write_text(json.dumps(got, indent=1, ensure_ascii=False) + "\n")
    expected = json.loads(expected_path.read_text(encoding="utf-8"))
    assert got == expected
