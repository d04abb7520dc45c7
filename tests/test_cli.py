"""End to end through the CLI on the real seeds: build, export, info, idempotency, bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from communique.serve.cli import cli
from communique.store.duckdb_store import DuckDBStore

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SEEDS = SHARED / "corpus" / "seeds"
CONTRACT_DOC_FIELDS = {
    "doc_id", "title", "outlet", "url", "published", "published_source", "published_evidence",
    "language", "text", "duplicate_of",
}  # fmt: skip
DATA_TABLES = ("documents", "sentences", "mentions", "times", "events", "figures", "pledges",
               "actors", "timeline")  # fmt: skip


@pytest.fixture(scope="module")
def seeds_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("cli") / "seeds.duckdb"
    result = CliRunner().invoke(cli, ["build", str(SEEDS), "--db", str(db), "--quiet"])
    assert result.exit_code == 0, result.output
    assert "read 5 documents: 5 added" in result.output
    return db


def _export(db: Path, what: str) -> list[dict[str, object]]:
    result = CliRunner().invoke(cli, ["export", what, "--db", str(db)])
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.output.splitlines() if line.strip()]


def test_documents_export_has_every_contract_field(seeds_db: Path) -> None:
    docs = _export(seeds_db, "documents")
    assert sorted(d["doc_id"] for d in docs) == sorted(p.stem for p in SEEDS.glob("*.txt"))
    for d in docs:
        assert set(d) >= CONTRACT_DOC_FIELDS
        assert d["language"] == "en"
        assert isinstance(d["text"], str) and len(d["text"]) > 500


@pytest.mark.parametrize("what", ["actors", "events", "timeline", "figures", "pledges", "times"])
def test_every_export_exists_and_is_jsonl(seeds_db: Path, what: str) -> None:
    rows = _export(seeds_db, what)
    assert all(isinstance(r, dict) for r in rows)


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_other_formats_write_files(seeds_db: Path, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"documents.{fmt}"
    args = ["export", "documents", "--db", str(seeds_db), "--format", fmt, "-o", str(out)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert out.stat().st_size > 1000


def test_second_build_adds_no_row(seeds_db: Path) -> None:
    def counts() -> dict[str, int]:
        with DuckDBStore(seeds_db, read_only=True) as store:
            return {t: store.count(t) for t in DATA_TABLES}

    before = counts()
    result = CliRunner().invoke(cli, ["build", str(SEEDS), "--db", str(seeds_db), "--quiet"])
    assert result.exit_code == 0, result.output
    assert "0 added, 5 skipped" in result.output
    assert counts() == before


def test_info_reports_counts(seeds_db: Path) -> None:
    result = CliRunner().invoke(cli, ["info", "--db", str(seeds_db)])
    assert result.exit_code == 0, result.output
    from communique.store.schema import MIGRATIONS

    assert f"schema version {MIGRATIONS[-1].version}" in result.output
    assert "documents" in result.output


def test_bad_inputs_are_named_and_the_batch_goes_on(tmp_path: Path) -> None:
    corpus = tmp_path / "in"
    corpus.mkdir()
    (corpus / "good.txt").write_text("Leaders met in Paris on Monday to discuss trade.\n")
    (corpus / "empty.txt").write_text("")
    (corpus / "binary.txt").write_bytes(b"\x00\x01\x02\xff" * 50)
    db = tmp_path / "x.duckdb"
    result = CliRunner().invoke(cli, ["build", str(corpus), "--db", str(db), "--quiet"])
    assert result.exit_code == 1
    assert "empty.txt" in result.output and "binary.txt" in result.output
    assert "1 added" in result.output
    with DuckDBStore(db, read_only=True) as store:
        assert store.count("documents") == 1
        assert store.count("failures") == 2


def test_missing_database_is_a_clear_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["export", "events", "--db", str(tmp_path / "no.duckdb")])
    assert result.exit_code == 2
    assert "no such database" in result.output


def test_help_lists_every_command() -> None:
    result = CliRunner().invoke(cli, ["--help"])
    for command in ("build", "export", "info"):
        assert command in result.output
