"""Language detection: every document gets a language; one not in English is stored with a
note and not extracted. The texts are written for these tests."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from communique.config import Config
from communique.errors import OptionalDependencyMissing
from communique.model import DocMeta, Document
from communique.nlp.language import Detection, Detector, decide
from communique.pipeline import Pipeline
from communique.serve.app import create_app
from communique.serve.cli import cli

TEXTS = {
    "ru": """Министр иностранных дел Вьетнама прибыл в Москву во вторник с официальным визитом.
Стороны обсудили торговлю, поставки энергоносителей и сотрудничество в области образования.
По итогам переговоров министры подписали план консультаций на два года вперёд.
Следующая встреча намечена на осень в Ханое.""",
    "vi": """Bộ trưởng Ngoại giao Nga đã đến Hà Nội vào chiều thứ Hai để bắt đầu chuyến thăm.
Hai bên đã trao đổi về hợp tác năng lượng, giáo dục và thương mại song phương.
Kết thúc cuộc hội đàm, hai bộ trưởng đã ký kế hoạch tham vấn cho hai năm tới.
Cuộc gặp tiếp theo dự kiến diễn ra tại Moskva vào mùa thu.""",
    "fr": """Le ministre vietnamien des Affaires étrangères est arrivé mardi à Paris.
Les deux parties ont abordé le commerce, l'énergie et la coopération universitaire.
À l'issue des entretiens, les ministres ont signé un plan de consultations sur deux ans.
La prochaine rencontre est prévue à l'automne à Hanoï.""",
    "zh": """越南外交部长星期二抵达北京，开始为期三天的正式访问。
双方就贸易、能源和教育合作交换了意见。
会谈结束后，两国外长签署了未来两年的磋商计划。
下一次会晤定于秋季在河内举行。""",
    "es": """El ministro de Asuntos Exteriores de Vietnam llegó el martes a Madrid.
Ambas partes conversaron sobre comercio, energía y cooperación universitaria.
Al término de las conversaciones, los ministros firmaron un plan de consultas a dos años.
La próxima reunión está prevista para el otoño en Hanói.""",
    "en": """Vietnam's foreign minister arrived in Moscow on Tuesday for an official visit.
The two sides discussed trade, energy supplies and cooperation in education.
At the end of the talks the ministers signed a plan of consultations for the next two years.
The next meeting is planned for the autumn in Hanoi.""",
}
NOT_ENGLISH = [lang for lang in TEXTS if lang != "en"]
CONFIG = Config(today="2024-06-01")
NOTE = "communique extracts English only; no events, figures or pledges were read"


detect = Detector()


def _run(text: str, meta: DocMeta | None = None, config: Config = CONFIG) -> Document:
    return Pipeline(config)(Document("d", text, meta or DocMeta()))


@pytest.mark.parametrize("lang", list(TEXTS))
def test_the_language_of_each_text_is_detected(lang: str) -> None:
    det = detect(TEXTS[lang])
    assert det.language == lang and det.confidence > 0.95


@pytest.mark.parametrize("lang", NOT_ENGLISH)
def test_a_document_not_in_english_is_kept_with_a_note_and_not_extracted(lang: str) -> None:
    doc = _run(TEXTS[lang])
    assert doc.meta.language == lang
    assert len(doc.meta.notes) == 1
    assert doc.meta.notes[0].startswith(f"language {lang} (") and doc.meta.notes[0].endswith(NOTE)
    assert len(doc.sentences) >= 1  # the text is split for reading
    assert not (doc.mentions or doc.times or doc.events or doc.figures or doc.pledges)
    assert not doc.layers & {"mentions", "dating", "times", "events", "figures", "pledges"}


def test_an_english_document_is_read_as_before() -> None:
    without = Config(stages=tuple(s for s in CONFIG.stages if s != "language"), today=CONFIG.today)
    doc, before = _run(TEXTS["en"]), _run(TEXTS["en"], config=without)
    assert doc.meta.language == "en" and doc.meta.notes == ()
    assert doc.events and doc.mentions
    assert (doc.sentences, doc.mentions, doc.times, doc.events, doc.figures, doc.pledges) == (
        before.sentences, before.mentions, before.times, before.events, before.figures,
        before.pledges,
    )  # fmt: skip


def test_a_language_the_input_states_is_kept_and_a_confident_disagreement_noted() -> None:
    agreed = _run(TEXTS["ru"], DocMeta(language="ru"))
    assert agreed.meta.notes == (f"language ru (stated by the input, detected at 1.00): {NOTE}",)
    doc = _run(TEXTS["en"], DocMeta(language="fr"))
    assert doc.meta.language == "fr" and not doc.events
    assert doc.meta.notes[0] == "the input states language fr, though the text reads as en (1.00)"


def test_with_too_little_text_the_default_is_taken_and_said() -> None:
    doc = _run("OK.")
    assert doc.meta.language == "en"
    assert doc.meta.notes == ("language not detected (too little text, 2 letters); taken as "
                              "en, the default",)  # fmt: skip
    assert _run("Talks resumed on Monday.").meta.notes == ()  # short English: nothing to say


def test_an_unsure_detection_keeps_the_default_and_says_so() -> None:
    language, notes = decide(Detection("es", 0.41, 30), None, "en")
    assert language == "en"
    assert notes == ("language uncertain: the text reads as es only at 0.41; taken as en, "
                     "the default",)  # fmt: skip
    assert decide(Detection("en", 0.41, 30), None, "en") == ("en", ())
    language, notes = decide(Detection(None, 0.0, 5), None, "vi")
    assert language == "vi" and notes[-1] == f"language vi (the default): {NOTE}"


def test_a_missing_py3langid_names_the_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "py3langid", None)
    monkeypatch.setitem(sys.modules, "py3langid.langid", None)
    with pytest.raises(OptionalDependencyMissing, match="pip install py3langid"):
        Detector()(TEXTS["en"])


def test_a_record_s_language_field_is_taken_as_stated(tmp_path: Path) -> None:
    from communique.ingest import iter_inputs, to_document

    rows = [{"doc_id": "a", "text": TEXTS["vi"], "language": "vi-VN"},
            {"doc_id": "b", "text": TEXTS["en"], "lang": "EN"},
            {"doc_id": "c", "text": TEXTS["en"], "language": "English"}]  # fmt: skip
    path = tmp_path / "docs.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    docs = [to_document(item) for item in iter_inputs([path])]  # type: ignore[arg-type]
    assert [d.meta.language for d in docs] == ["vi", "en", None]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    """A real build of one article per language and a near-empty file, through the CLI."""
    root = tmp_path_factory.mktemp("language")
    corpus = root / "corpus"
    corpus.mkdir()
    for lang, text in TEXTS.items():
        (corpus / f"{lang}.txt").write_text(text, encoding="utf-8")
    (corpus / "tiny.txt").write_text("3 May\n", encoding="utf-8")
    db = root / "lang.duckdb"
    result = CliRunner().invoke(cli, ["build", str(corpus), "--db", str(db), "--quiet"])
    assert result.exit_code == 0, result.output
    yield db, result.output


def _export_documents(db: Path) -> dict[str, dict[str, object]]:
    result = CliRunner().invoke(cli, ["export", "documents", "--db", str(db)])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.output.splitlines() if line.strip()]
    return {str(r["doc_id"]): r for r in rows}


def test_the_build_counts_languages_and_the_documents_not_extracted(
    built: tuple[Path, str],
) -> None:
    _, output = built
    assert "read 7 documents: 7 added" in output
    assert "documents by language: 2 en, " in output  # the English one and the tiny one
    assert "5 documents not extracted: communique extracts English only" in output


def test_the_note_is_in_the_documents_export(built: tuple[Path, str]) -> None:
    docs = _export_documents(built[0])
    assert {d: r["language"] for d, r in docs.items()} == {**{x: x for x in TEXTS}, "tiny": "en"}
    for lang in NOT_ENGLISH:
        notes = docs[lang]["notes"]
        assert isinstance(notes, list) and len(notes) == 1 and str(notes[0]).endswith(NOTE)
    assert docs["en"]["notes"] == []
    assert docs["tiny"]["notes"] == [
        "language not detected (too little text, 3 letters); taken as en, the default"
    ]
    result = CliRunner().invoke(cli, ["export", "events", "--db", str(built[0])])
    event_docs = {json.loads(line)["doc_id"] for line in result.output.splitlines()}
    assert event_docs == {"en"}


def test_the_document_page_shows_the_note(built: tuple[Path, str]) -> None:
    with TestClient(create_app(built[0])) as client:
        page = client.get("/documents/ru")
        assert page.status_code == 200 and NOTE in page.text
        body = client.get("/documents/ru.json").json()
        assert body["document"]["notes"][0].endswith(NOTE)
