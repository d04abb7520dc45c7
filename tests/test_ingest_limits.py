"""Reliability of the input side: bounded work per document, damaged files keep what is good,
messages that say what is wrong, inputs chosen on purpose, progress in documents and bytes."""

from __future__ import annotations

import gzip
import io
import json
import os
from collections.abc import Mapping, Sequence
from pathlib import Path

import pytest
from click.testing import CliRunner

from communique.config import Config
from communique.errors import (
    BinaryInput,
    InputError,
    InputTooLarge,
    MalformedInput,
    NestedTooDeep,
    PipelineError,
    TruncatedInput,
    UnreadableInput,
)
from communique.ingest import (
    InputFailure,
    InputTally,
    RawDoc,
    ReadOptions,
    iter_inputs,
    to_document,
)
from communique.ingest.html import extract_html

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SEED = sorted((SHARED / "corpus" / "seeds").glob("*.txt"))[0]
PARAGRAPH = (
    "The foreign ministers of Chile and Peru met in Lima on Monday and signed an accord on "
    "fisheries, port fees and the joint patrol of their maritime border, which both "
    "governments said would take effect in March after ratification by their parliaments "
    "and a review of the catch quotas agreed in 2019, the joint statement said."
)


def _split(items: list[RawDoc | InputFailure]) -> tuple[list[RawDoc], list[InputFailure]]:
    return [i for i in items if isinstance(i, RawDoc)], [
        i for i in items if isinstance(i, InputFailure)
    ]


def _read(paths: list[Path], **options: object) -> tuple[list[RawDoc], list[InputFailure]]:
    return _split(list(iter_inputs(paths, ReadOptions(**options))))  # type: ignore[arg-type]


def _jsonl(records: Sequence[Mapping[str, object]]) -> bytes:
    return "".join(json.dumps(r) + "\n" for r in records).encode()


# --- bounded work per document --------------------------------------------------------------


def test_a_text_file_over_the_limit_is_named_and_not_read(tmp_path: Path) -> None:
    (tmp_path / "big.txt").write_text(PARAGRAPH * 100)
    (tmp_path / "small.txt").write_text(PARAGRAPH)
    docs, fails = _read([tmp_path], max_bytes=10_000)
    assert [d.doc_id for d in docs] == ["small"]
    (fail,) = fails
    assert isinstance(fail.error, InputTooLarge) and fail.error.code == "E108"
    assert fail.source.endswith("big.txt")
    assert "too large: 0.0 MB, over the limit of 0.0 MB a document" in str(fail.error)
    assert "--max-bytes" in fail.error.message


def test_html_and_jsonl_records_and_warc_records_have_the_limit_too(tmp_path: Path) -> None:
    (tmp_path / "page.html").write_text(f"<html><body><p>{PARAGRAPH * 50}</p></body></html>")
    records = [{"text": PARAGRAPH}, {"text": PARAGRAPH * 200}, {"text": PARAGRAPH + " Again."}]
    (tmp_path / "batch.jsonl").write_bytes(_jsonl(records))
    _write_warc(tmp_path / "crawl.warc", [PARAGRAPH * 100, PARAGRAPH])
    docs, fails = _read([tmp_path / "page.html", tmp_path / "batch.jsonl"], max_bytes=5_000)
    assert [d.source.rsplit("/", 1)[-1] for d in docs] == ["batch.jsonl:1", "batch.jsonl:3"]
    assert [f.source.rsplit("/", 1)[-1] for f in fails] == ["page.html", "batch.jsonl:2"]
    assert all(isinstance(f.error, InputTooLarge) for f in fails)
    docs, fails = _read([tmp_path / "crawl.warc"], max_bytes=5_000)
    assert [d.source.rsplit("#", 1)[-1] for d in docs] == ["record-1"]
    assert [f.source.rsplit("#", 1)[-1] for f in fails] == ["record-0"]
    assert isinstance(fails[0].error, InputTooLarge)


def test_the_limit_is_configurable_and_stays_out_of_the_config_hash() -> None:
    assert Config().max_document_bytes == 5_000_000
    assert Config(max_document_bytes=1_000).hash() == Config().hash()
    with pytest.raises(PipelineError):
        Config(max_document_bytes=0)


def test_an_article_repeated_to_megabytes_is_read_once(tmp_path: Path) -> None:
    article = SEED.read_text(encoding="utf-8").strip()
    path = tmp_path / "repeated.txt"
    path.write_text((article + "\n\n") * 400, encoding="utf-8")
    (raw,) = _read([path])[0]
    doc = to_document(raw)
    once = to_document(RawDoc("x", article))
    assert doc.text == once.text
    assert len(doc.removed) < len(once.removed) + 300  # each repeat listed at most 10 times
    assert any("repeats itself" in note for note in doc.meta.notes)


def test_a_repeated_paragraph_is_recognised_across_spacing_quotes_and_case() -> None:
    from communique.ingest.clean import clean_text

    variant = PARAGRAPH.upper().replace(",", " ,").replace("said", '"said"')
    cleaned = clean_text("\n".join([PARAGRAPH, "Other news.", variant, PARAGRAPH]))
    assert cleaned.text == f"{PARAGRAPH}\nOther news."
    assert cleaned.collapsed == 2


@pytest.mark.parametrize("name", ["a.jsonl", "a.jsonl.gz"])
def test_bytes_and_records_are_counted_as_they_are_read(tmp_path: Path, name: str) -> None:
    records = [
        {"doc_id": f"d{i}", "text": f"{PARAGRAPH} {os.urandom(500).hex()}"} for i in range(300)
    ]
    data = _jsonl(records)
    (tmp_path / name).write_bytes(gzip.compress(data) if name.endswith(".gz") else data)
    (tmp_path / "b.txt").write_text(PARAGRAPH)
    tally = InputTally()
    seen = []
    for _ in iter_inputs([tmp_path / name, tmp_path / "b.txt"], tally=tally):
        seen.append(tally.read)
    size = sum(p.stat().st_size for p in tmp_path.iterdir())
    assert tally.total == size and tally.read == size
    assert seen == sorted(seen) and 0 < seen[0] < seen[-1]
    assert len(set(seen[:300])) > 10  # moves within the collection, record by record
    summary = tally.summary()
    assert summary.files == {"jsonl": 1, "txt": 1} and summary.records == {"jsonl": 300}


def test_build_reports_progress_in_documents_and_bytes(tmp_path: Path) -> None:
    from communique.api import build

    corpus = tmp_path / "in"
    corpus.mkdir()
    for i in range(3):
        (corpus / f"a{i}.txt").write_text(f"{PARAGRAPH} ({i})")
    (corpus / "big.txt").write_text(PARAGRAPH * 40)
    docs: list[int] = []
    seen: list[tuple[int, int]] = []
    report = build(
        [corpus],
        tmp_path / "x.duckdb",
        config=Config(event_coder="rules", max_document_bytes=4_000, today="2024-01-01"),
        progress=docs.append,
        byte_progress=lambda read, total: seen.append((read, total)),
    )
    assert sum(docs) == 3 and report.added == 3
    total = sum(p.stat().st_size for p in corpus.iterdir())
    assert seen[-1] == (total, total) and [r for r, _ in seen] == sorted(r for r, _ in seen)
    codes = tuple(f.code for f in report.failures)
    assert report.inputs.describe(codes).endswith("; failed: 1 too large")
    assert report.inputs.describe(codes).startswith("read 4 txt (")


# --- damaged files keep what is good --------------------------------------------------------


def test_a_truncated_jsonl_gz_keeps_its_complete_records(tmp_path: Path) -> None:
    records = [{"doc_id": f"d{i}", "text": f"{PARAGRAPH} ({i})"} for i in range(200)]
    data = gzip.compress(_jsonl(records))
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(data[: len(data) // 2])
    docs, fails = _read([path])
    assert 0 < len(docs) < 200
    assert [d.doc_id for d in docs] == [f"d{i}" for i in range(len(docs))]
    (fail,) = fails
    assert isinstance(fail.error, TruncatedInput) and fail.error.code == "E110"
    assert isinstance(fail.error, MalformedInput)  # a kind of malformed input
    assert fail.source == str(path)
    assert f"after line {len(docs)}" in fail.error.message and "ends early" in fail.error.message


def test_a_gzip_damaged_in_the_middle_names_the_damage(tmp_path: Path) -> None:
    records = [{"doc_id": f"d{i}", "text": f"{PARAGRAPH} ({i})"} for i in range(200)]
    data = bytearray(gzip.compress(_jsonl(records)))
    data[-12] ^= 0xFF  # the last block: the records before it are intact
    path = tmp_path / "bad.jsonl.gz"
    path.write_bytes(bytes(data))
    docs, fails = _read([path])
    assert len(docs) >= 100
    assert any(isinstance(f.error, TruncatedInput) and f.source == str(path) for f in fails)


def _write_warc(path: Path, bodies: list[str], gz: bool = False) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=gz)
        for i, body in enumerate(bodies):
            html = f"<html><head><title>T{i}</title></head><body><article><p>{body}</p>"
            html += "</article></body></html>"
            headers = StatusAndHeaders(
                "200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.0"
            )
            rec = writer.create_warc_record(
                f"https://news.example.org/{i}",
                "response",
                payload=io.BytesIO(html.encode()),
                http_headers=headers,
            )
            writer.write_record(rec)


@pytest.mark.parametrize("gz", [True, False])
@pytest.mark.parametrize("keep", [0.6, 0.9])
def test_a_truncated_warc_keeps_its_complete_records(tmp_path: Path, gz: bool, keep: float) -> None:
    name = "crawl.warc.gz" if gz else "crawl.warc"
    full = tmp_path / name
    _write_warc(full, [f"{PARAGRAPH} Record {i}." for i in range(6)], gz=gz)
    data = full.read_bytes()
    cut = tmp_path / "cut" / name
    cut.parent.mkdir()
    cut.write_bytes(data[: int(len(data) * keep)])
    docs, fails = _read([cut])
    assert len(docs) == (3 if keep == 0.6 else 5)
    assert [d.source.rsplit("#", 1)[-1] for d in docs] == [f"record-{i}" for i in range(len(docs))]
    (fail,) = fails
    assert isinstance(fail.error, TruncatedInput) and fail.error.code == "E110"
    assert "byte" in fail.error.message and name in fail.source
    if "cut short" in fail.error.message:  # the last record's payload ends early
        assert fail.source.endswith(f"#record-{len(docs)}")
    else:  # what follows the last complete record is no record
        assert fail.source == str(cut) and f"after record {len(docs) - 1}" in fail.error.message


def test_html_nested_254_levels_is_read_and_deeper_says_so() -> None:
    body = f"<p>{PARAGRAPH}</p>" * 3
    page = "<html><body>{}{}{}</body></html>"
    ex = extract_html(page.format("<div>" * 254, body, "</div>" * 254), "deep.html")
    assert PARAGRAPH in ex.text
    with pytest.raises(NestedTooDeep, match="too deeply") as err:
        extract_html(page.format("<div>" * 3000, body, "</div>" * 3000), "deeper.html")
    assert err.value.code == "E109" and err.value.source == "deeper.html"


def test_binary_content_says_what_it_looks_like(tmp_path: Path) -> None:
    (tmp_path / "report.txt").write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 4)
    (tmp_path / "batch.jsonl").write_bytes(gzip.compress(b'{"text": "x"}\n'))
    docs, fails = _read([tmp_path / "report.txt", tmp_path / "batch.jsonl"])
    assert not docs and all(isinstance(f.error, BinaryInput) for f in fails)
    messages = " | ".join(f.error.message for f in fails)
    assert "(a PDF document)" in messages and "(gzip data (name it .jsonl.gz" in messages


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_named_pipe_is_not_read(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.txt")
    _, (fail,) = _read([tmp_path / "pipe.txt"])
    assert isinstance(fail.error, UnreadableInput) and "not a regular file" in fail.error.message


# --- inputs chosen on purpose ---------------------------------------------------------------


def _corpus(root: Path) -> Path:
    """A folder like Timeline17's: a collection, a gold timeline beside it, paperwork."""
    (root / "topic" / "timelines").mkdir(parents=True)
    records = [{"doc_id": "a1", "text": PARAGRAPH}, {"doc_id": "a2", "text": PARAGRAPH + "!"}]
    (root / "topic" / "articles.jsonl.gz").write_bytes(gzip.compress(_jsonl(records)))
    (root / "topic" / "timelines" / "gold.txt").write_text("2011-02-17\nA summary.\n---\n")
    (root / "README.md").write_text("about")
    (root / "README.txt").write_text("about this corpus")
    (root / ".cache").mkdir()
    (root / ".cache" / "x.txt").write_text("cached")
    return root


def test_a_folder_skips_side_files_and_counts_them(tmp_path: Path) -> None:
    tally = InputTally()
    items = list(iter_inputs([_corpus(tmp_path)], tally=tally))
    docs, fails = _split(items)
    assert [d.doc_id for d in docs] == ["a1", "a2"] and not fails
    summary = tally.summary()
    assert summary.skipped == {
        "hidden": 1,
        "of other types": 1,
        "README/LICENSE files": 1,
        "loose txt/html beside jsonl/warc collections": 1,
    }
    assert summary.examples["loose txt/html beside jsonl/warc collections"].endswith("gold.txt")
    assert summary.describe().startswith("read 1 jsonl(.gz) with 2 records (")


def test_include_and_exclude_choose_files(tmp_path: Path) -> None:
    root = _corpus(tmp_path)
    docs, _ = _read([root], include=("timelines/*",))
    assert [d.doc_id for d in docs] == ["gold"]
    docs, _ = _read([root], exclude=("*.jsonl.gz",))
    assert docs == []  # the timeline is still a side file: --include reads it
    docs, _ = _read([root], include=("*.txt",), exclude=("README*",))
    assert [d.doc_id for d in docs] == ["gold"]
    tally = InputTally()
    list(iter_inputs([root / "README.txt"], ReadOptions(exclude=("README*",)), tally))
    assert tally.skipped == {"by --exclude": 1}


def test_a_file_named_on_purpose_is_read(tmp_path: Path) -> None:
    root = _corpus(tmp_path)
    docs, fails = _read([root / "topic" / "timelines" / "gold.txt", root / "README.txt"])
    assert [d.doc_id for d in docs] == ["gold", "README"] and not fails


def test_cli_build_says_what_was_read_and_skipped(tmp_path: Path) -> None:
    from communique.serve.cli import cli

    root = tmp_path / "in"
    root.mkdir()
    (root / "a.txt").write_text(PARAGRAPH)
    (root / "b.txt").write_text(PARAGRAPH + " More talks followed in Quito.")
    (root / "skip-me.txt").write_text("Ministers met in Quito.")
    (root / "huge.txt").write_text(PARAGRAPH * 30)
    args = ["build", str(root), "--db", str(tmp_path / "x.duckdb"), "--quiet", "--coder"]
    args += ["rules", "--max-bytes", "2k", "--exclude", "skip-*"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 1, result.output
    assert "read 2 documents: 2 added" in result.output
    assert "inputs: read 3 txt (0.0 MB); skipped 1 by --exclude; failed: 1 too large" in (
        result.output
    )
    assert "huge.txt: too large" in result.output
    bad = CliRunner().invoke(cli, ["build", str(root), "--max-bytes", "lots"])
    assert bad.exit_code == 2 and "not a size" in bad.output


def test_every_reader_failure_is_a_coded_input_error(tmp_path: Path) -> None:
    (tmp_path / "a.warc.gz").write_bytes(gzip.compress(b"WARC/1.0\r\nnonsense\r\n\r\n"))
    (tmp_path / "b.warc").write_bytes(b"not a warc at all\n" * 10)
    (tmp_path / "c.html").write_text("<html><body><script>x()</script></body></html>")
    (tmp_path / "d.jsonl").write_text('{"text": 1}\n[1, 2]\n{"html": ""}\n' + "[" * 100_000)
    _, fails = _read(sorted(tmp_path.iterdir()))
    assert len(fails) == 7  # each file, and each line of the JSON Lines file
    assert all(isinstance(f.error, InputError) and f.error.code.startswith("E1") for f in fails)
