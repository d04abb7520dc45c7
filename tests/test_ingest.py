"""Ingest: every input format, encodings, and one clear failure per bad input."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

import pytest

from communique.errors import (
    BinaryInput,
    EmptyInput,
    MalformedInput,
    UnreadableInput,
    UnsupportedInput,
)
from communique.ingest import InputFailure, RawDoc, iter_inputs, to_document
from communique.ingest.ptb import detokenize

DATA = Path(__file__).parent / "data" / "ingest"
SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def _split(items: list[RawDoc | InputFailure]) -> tuple[list[RawDoc], list[InputFailure]]:
    docs = [i for i in items if isinstance(i, RawDoc)]
    fails = [i for i in items if isinstance(i, InputFailure)]
    return docs, fails


def test_text_file_gets_its_stem_as_doc_id(tmp_path: Path) -> None:
    (tmp_path / "visit-report.txt").write_text("Ministers met in Oslo.\nShare\n", encoding="utf-8")
    docs, fails = _split(list(iter_inputs([tmp_path])))
    assert not fails
    doc = to_document(docs[0])
    assert doc.doc_id == "visit-report"
    assert doc.text == "Ministers met in Oslo."
    assert doc.removed[0].reason == "navigation"


@pytest.mark.parametrize("page", ["summit.html", "trade.html"])
def test_html_keeps_article_paragraphs_and_drops_clutter(page: str) -> None:
    docs, fails = _split(list(iter_inputs([DATA / page])))
    assert not fails
    doc = to_document(docs[0])
    expected = (DATA / page.replace(".html", ".expected.txt")).read_text(encoding="utf-8")
    for paragraph in expected.strip().split("\n"):
        assert paragraph in doc.text
    for clutter in ("cookie", "Subscribe", "Related stories", "Share on", "All rights reserved"):
        assert clutter.lower() not in doc.text.lower()
    assert doc.meta.title
    assert doc.meta.published == "2023-03-21" and doc.meta.published_source == "metadata"


def test_jsonl_records_text_and_html(tmp_path: Path) -> None:
    html = (DATA / "summit.html").read_text(encoding="utf-8")
    lines = [
        json.dumps({"doc_id": "a1", "text": "Leaders met in Rome on Monday.", "published":
                    "2021-05-03T10:00:00Z", "outlet": "Wire"}),
        "",
        json.dumps({"html": html, "url": "https://example.org/2023/03/21/summit"}),
    ]  # fmt: skip
    path = tmp_path / "batch.jsonl"
    path.write_text("\n".join(lines), encoding="utf-8")
    docs, fails = _split(list(iter_inputs([path])))
    assert not fails and len(docs) == 2
    assert docs[0].doc_id == "a1" and docs[0].meta.published == "2021-05-03"
    assert docs[0].meta.outlet == "Wire" and docs[0].source.endswith("batch.jsonl:1")
    assert docs[1].doc_id is None and "summit" in (docs[1].meta.url or "")
    assert to_document(docs[1]).doc_id == to_document(docs[1]).content_hash


def test_jsonl_gz_and_a_malformed_line(tmp_path: Path) -> None:
    body = "\n".join([json.dumps({"text": "One."}), "{not json", json.dumps({"text": "Two."})])
    path = tmp_path / "b.jsonl.gz"
    path.write_bytes(gzip.compress(body.encode()))
    docs, fails = _split(list(iter_inputs([path])))
    assert [d.text for d in docs] == ["One.", "Two."]
    assert len(fails) == 1 and fails[0].source.endswith("b.jsonl.gz:2")
    assert isinstance(fails[0].error, MalformedInput) and fails[0].error.code == "E104"


def test_warc_html_responses_become_documents(tmp_path: Path) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    path = tmp_path / "crawl.warc.gz"
    html = (DATA / "trade.html").read_bytes()
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")],
                                   protocol="HTTP/1.0")  # fmt: skip
        rec = writer.create_warc_record("https://news.example.com/trade", "response",
                                        payload=io.BytesIO(html), http_headers=headers)  # fmt: skip
        writer.write_record(rec)
    docs, fails = _split(list(iter_inputs([path])))
    assert not fails and len(docs) == 1
    assert docs[0].meta.url == "https://news.example.com/trade"
    assert docs[0].source.endswith("#record-0")
    assert "trade" in docs[0].text.lower()


def test_encodings_cp1252_and_utf16(tmp_path: Path) -> None:
    text = "The minister’s “café” talks ended — in Nîmes."
    (tmp_path / "a.txt").write_bytes(text.encode("cp1252"))
    (tmp_path / "b.txt").write_bytes(text.encode("utf-16"))  # with BOM
    docs, fails = _split(list(iter_inputs([tmp_path])))
    assert not fails
    assert [d.text for d in docs] == [text, text]


def _one_failure(paths: list[str | Path]) -> InputFailure:
    docs, fails = _split(list(iter_inputs(paths)))
    assert not docs and len(fails) == 1
    return fails[0]


def test_bad_inputs_each_fail_clearly(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_text("  \n")
    (tmp_path / "bin.txt").write_bytes(b"\x00\x01\x02ab" * 40)
    (tmp_path / "dir.txt").mkdir()
    (tmp_path / "link.txt").symlink_to(tmp_path / "gone.txt")
    (tmp_path / "bad.jsonl.gz").write_bytes(b"not gzip at all")
    (tmp_path / "doc.pdf").write_bytes(b"%PDF-1.4")
    cases = {
        "empty.txt": (EmptyInput, "E101"),
        "bin.txt": (BinaryInput, "E102"),
        "dir.txt": (UnreadableInput, "E105"),
        "link.txt": (UnreadableInput, "E105"),
        "bad.jsonl.gz": (MalformedInput, "E104"),
        "doc.pdf": (UnsupportedInput, "E106"),
        "missing.txt": (UnreadableInput, "E105"),
    }
    for name, (cls, code) in cases.items():
        fail = _one_failure([tmp_path / name])
        assert isinstance(fail.error, cls), name
        assert fail.error.code == code and name in fail.source and name in str(fail.error)


def test_a_bad_file_does_not_stop_the_batch(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("First article text.")
    (tmp_path / "b.txt").write_bytes(b"\x00" * 100)
    (tmp_path / "c.txt").write_text("Third article text.")
    docs, fails = _split(list(iter_inputs([tmp_path])))
    assert [d.doc_id for d in docs] == ["a", "c"] and len(fails) == 1


def test_ptb_tokenization_is_undone() -> None:
    raw = "Rebels -LRB- armed -RRB- said `` no '' , and it 's over ."
    assert detokenize(raw) == 'Rebels (armed) said "no", and it\'s over.'
    assert detokenize("Plain text, untouched.") == "Plain text, untouched."


def test_all_t17_dev_articles_read_without_failure() -> None:
    paths = sorted((SHARED / "corpus" / "t17-dev").glob("*/articles.jsonl.gz"))
    assert len(paths) == 5
    docs, fails = _split(list(iter_inputs(paths)))
    # seven records of the corpus have an empty text: each is named, the rest are read
    assert len(docs) + len(fails) == 1182
    assert len(fails) == 7 and all(f.error.code == "E101" for f in fails)
    ids = [to_document(d).doc_id for d in docs]
    assert len(set(ids)) == len(ids)


def test_a_dateline_place_is_not_an_outlet_but_a_wire_tag_is() -> None:
    from communique.ingest.document import outlet_hint

    assert outlet_hint("Leaders meet\nBOGOR — The two leaders met on Monday.") is None
    assert outlet_hint("Leaders meet\nAFP — The two leaders met on Monday.") == "AFP"
    assert outlet_hint("Leaders meet\n(NewsDesk) - The two leaders met.") == "NewsDesk"


def test_related_links_are_navigation_not_text() -> None:
    from communique.ingest.clean import classify

    assert classify("Related: Ministers meet in Lima", 3, 0) == "navigation"
    assert classify("Read more » Talks resume in Quito", 3, 0) == "navigation"
    # an article sentence that merely starts with the word stays
    assert classify("Related talks will follow in May, the ministry said.", 3, 0) is None


def test_a_reader_comment_thread_is_not_article_text() -> None:
    from communique.ingest.clean import clean_text

    raw = ("Ministers met in Lima.\nThey signed a pact.\n"
           "May 2, 2021 at 9:15 am | Reply Great news for the region.\nI disagree.")  # fmt: skip
    cleaned = clean_text(raw)
    assert cleaned.text == "Ministers met in Lima.\nThey signed a pact."
    assert {r.reason for r in cleaned.removed} == {"reader comments"}
