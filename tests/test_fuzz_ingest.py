"""Property and fuzz tests of the input side (hypothesis): whatever the bytes, the readers
and the HTML cleaner raise nothing but communique's coded input errors, and every offset and
line number they give is inside the text it refers to.

Example counts are kept small so that the file runs in seconds; raise them locally with
``--hypothesis-seed`` or a settings profile when hunting.
"""

from __future__ import annotations

import gzip
import io
import json
import tempfile
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from communique.config import Config
from communique.errors import InputError
from communique.ingest import InputFailure, RawDoc, ReadOptions, iter_inputs, to_document
from communique.ingest.clean import clean_text
from communique.ingest.decode import decode_bytes
from communique.ingest.html import extract_html
from communique.model import Document
from communique.pipeline import Pipeline

FAST = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True
)
SLOW = settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True
)
SUFFIXES = (".txt", ".html", ".jsonl", ".jsonl.gz", ".warc", ".warc.gz")
ATTRS = ("", " class=x", ' id="y', " a=b")
WORDS = ("Ministers", "met", "in", "Lima", "on", "Monday", "and", "signed", "a", "pact.", "«", "—")

# text that looks like news, and text that does not
news_text = st.lists(st.sampled_from(WORDS), min_size=0, max_size=40).map(" ".join)
any_text = st.one_of(st.text(max_size=400), news_text, st.lists(news_text).map("\n".join))


@st.composite
def html_pages(draw: st.DrawFn) -> str:
    """Tag soup: nested, unclosed, mis-nested tags with attributes, text and entities."""
    tags = ("div", "p", "span", "article", "section", "b", "table", "td", "script", "a", "br")
    parts = []
    for _ in range(draw(st.integers(0, 40))):
        kind = draw(st.integers(0, 4))
        tag = draw(st.sampled_from(tags))
        if kind == 0:
            attrs = draw(st.sampled_from(ATTRS))
            parts.append(f"<{tag}{attrs}>")
        elif kind == 1:
            parts.append(f"</{tag}>")
        elif kind == 2:
            parts.append(draw(news_text))
        elif kind == 3:
            parts.append(draw(st.sampled_from(["&amp;", "&#0;", "&#x10FFFF;", "<!--", "]]>"])))
        else:
            depth = draw(st.integers(0, 400))
            parts.append(f"<{tag}>" * depth + draw(news_text) + f"</{tag}>" * depth)
    body = "".join(parts)
    return draw(st.sampled_from([body, f"<html><head><title>T</title></head><body>{body}"]))


def _items(paths: list[Path], max_bytes: int = 100_000) -> list[RawDoc | InputFailure]:
    items = list(iter_inputs(paths, ReadOptions(max_bytes=max_bytes)))
    for item in items:
        assert isinstance(item, (RawDoc, InputFailure))
        if isinstance(item, InputFailure):
            assert isinstance(item.error, InputError) and item.error.code.startswith("E1")
    return items


def _check_document(raw: RawDoc) -> Document | None:
    try:
        doc = to_document(raw)
    except InputError:
        return None
    assert doc.text.strip()
    raw_lines = raw.text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    assert all(0 <= r.line < len(raw_lines) for r in doc.removed)
    assert all(0 <= c.line < len(raw_lines) for c in doc.captions)
    return doc


@pytest.fixture(scope="module")
def sentences() -> Pipeline:
    return Pipeline(Config(stages=("sentences",)))


@FAST
@given(any_text)
def test_cleaning_keeps_input_lines_and_names_lines_inside_the_input(text: str) -> None:
    cleaned = clean_text(text)
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    normalised = {" ".join(unicodedata.normalize("NFKC", ln).split()) for ln in lines}
    assert all(line in normalised for line in cleaned.text.split("\n") if line)
    assert all(0 <= r.line < len(lines) for r in cleaned.removed)
    assert all(0 <= c.line < len(lines) for c in cleaned.captions)


@FAST
@given(any_text)
def test_documents_have_sentence_offsets_inside_their_text(sentences: Pipeline, text: str) -> None:
    doc = _check_document(RawDoc("fuzz", text))
    if doc is None:
        return
    analysed = sentences(doc)
    for s in analysed.sentences:
        assert 0 <= s.start < s.end <= len(analysed.text)


@FAST
@given(st.binary(max_size=600))
def test_decoding_any_bytes_gives_text_or_a_coded_error(data: bytes) -> None:
    try:
        text = decode_bytes(data, "fuzz")
    except InputError as exc:
        assert exc.code.startswith("E10")
        return
    assert isinstance(text, str) and text.strip()


@SLOW
@given(html_pages())
def test_the_html_cleaner_gives_text_or_a_coded_error(page: str) -> None:
    try:
        ex = extract_html(page, "fuzz.html")
    except InputError as exc:
        assert exc.source == "fuzz.html"
        return
    assert ex.text.strip()
    _check_document(RawDoc("fuzz.html", ex.text, ex.meta))


@SLOW
@given(st.sampled_from(SUFFIXES), st.binary(max_size=2_000))
def test_any_bytes_under_any_name_give_documents_or_coded_failures(
    suffix: str, data: bytes
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"input{suffix}"
        path.write_bytes(data)
        for item in _items([path]):
            if isinstance(item, RawDoc):
                _check_document(item)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | any_text,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner),
    max_leaves=8,
)
records = st.dictionaries(
    st.sampled_from(["text", "html", "title", "published", "doc_id", "language", "url"]),
    json_values,
)


@SLOW
@given(st.lists(records, max_size=6), st.booleans())
def test_any_json_records_give_documents_or_coded_failures(
    recs: list[dict[str, object]], gz: bool
) -> None:
    data = "".join(json.dumps(r) + "\n" for r in recs).encode()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / ("r.jsonl.gz" if gz else "r.jsonl")
        path.write_bytes(gzip.compress(data) if gz else data)
        for item in _items([path]):
            if isinstance(item, RawDoc):
                _check_document(item)


def _warc(n: int, gz: bool) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=gz)
    for i in range(n):
        html = f"<html><body><article><p>Ministers met in Lima. Record {i}.</p></article>"
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], "HTTP/1.0")
        writer.write_record(
            writer.create_warc_record(
                f"https://x.example/{i}", "response", payload=io.BytesIO(html.encode()),
                http_headers=headers,
            )
        )  # fmt: skip
    return buf.getvalue()


def _jsonl_gz(n: int) -> bytes:
    lines = "".join(json.dumps({"doc_id": f"d{i}", "text": f"Talks {i} ended."}) + "\n"
                    for i in range(n))  # fmt: skip
    return gzip.compress(lines.encode())


VALID = {
    "r.jsonl.gz": lambda: _jsonl_gz(8),
    "r.warc.gz": lambda: _warc(5, True),
    "r.warc": lambda: _warc(5, False),
}


def _record_number(item: RawDoc) -> int:
    tail = item.source.rsplit("#record-", 1)[-1] if "#record-" in item.source else None
    return int(tail) if tail is not None else int(item.source.rsplit(":", 1)[-1]) - 1


@SLOW
@given(st.sampled_from(sorted(VALID)), st.floats(0, 1))
def test_a_truncated_file_keeps_a_prefix_of_its_records(name: str, keep: float) -> None:
    data = VALID[name]()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_bytes(data[: int(len(data) * keep)])
        docs = [i for i in _items([path]) if isinstance(i, RawDoc)]
    assert [_record_number(d) for d in docs] == list(range(len(docs)))


@SLOW
@given(st.sampled_from(sorted(VALID)), st.lists(st.tuples(st.floats(0, 1), st.integers(1, 255))))
def test_a_damaged_file_gives_documents_or_coded_failures(
    name: str, flips: list[tuple[float, int]]
) -> None:
    data = bytearray(VALID[name]())
    for where, mask in flips:
        data[min(int(where * len(data)), len(data) - 1)] ^= mask
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_bytes(bytes(data))
        for item in _items([path]):
            if isinstance(item, RawDoc):
                _check_document(item)
