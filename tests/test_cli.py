"""End to end through the CLI on the real seeds: build, export, info, idempotency, bad input."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pyarrow.parquet as pq
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
# the export contract's fields (``shared/docs/contract.md``), and how many rows the seeds give
# at least (5 articles: a visit reported by two outlets, talks, agreements, trade figures)
CONTRACT_FIELDS = {
    "actors": {"actor_id", "name", "kind", "country", "aliases", "offices"},
    "events": {"event_id", "doc_id", "sentence", "span", "date", "date_text", "type", "mode",
               "cameo", "source", "target", "participants", "location", "contexts",
               "confidence"},
    "timeline": {"entry_id", "date", "title", "summary", "participants", "event_ids", "doc_ids",
                 "location"},
    "figures": {"doc_id", "sentence", "span", "quantity", "value", "unit", "period", "kind"},
    "pledges": {"pledge_id", "doc_id", "sentence", "span", "made", "actors", "text", "deadline",
                "status", "evidence"},
    "times": {"doc_id", "span", "text", "type", "value"},
}  # fmt: skip
MIN_ROWS = {"actors": 5, "events": 20, "timeline": 5, "figures": 3, "pledges": 5, "times": 20}
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


@pytest.mark.parametrize("what", list(CONTRACT_FIELDS))
def test_every_export_has_rows_with_the_contract_fields(seeds_db: Path, what: str) -> None:
    rows = _export(seeds_db, what)
    with DuckDBStore(seeds_db, read_only=True) as store:
        assert len(rows) == store.count(what) >= MIN_ROWS[what]
        texts = {r["doc_id"]: r["text"] for r in store.query("SELECT doc_id, text FROM documents")}
    for r in rows:
        assert set(r) >= CONTRACT_FIELDS[what], (what, sorted(r))
        if "span" in r:  # evidence: the span's words are the sentence (or expression) given
            start, end = r["span"]  # type: ignore[misc]
            assert texts[str(r["doc_id"])][start:end] == r.get("sentence", r.get("text"))


def test_contradictions_export_lists_both_claims(tmp_path: Path) -> None:
    db = tmp_path / "two.duckdb"
    corpus = Path(__file__).parent / "data" / "fusion_two_outlets"
    result = CliRunner().invoke(cli, ["build", str(corpus), "--db", str(db), "--quiet"])
    assert result.exit_code == 0, result.output
    (row,) = _export(db, "contradictions")
    assert (row["kind"], row["unit"], row["countries"]) == ("figure", "AUD", ["AUS", "JPN"])
    claims = row["claims"]
    assert isinstance(claims, list)
    assert sorted((c["doc_id"], c["value"]) for c in claims) == [
        ("paper_b", 98e9), ("wire_a", 105e9)]  # fmt: skip


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_other_formats_write_files(seeds_db: Path, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"documents.{fmt}"
    args = ["export", "documents", "--db", str(seeds_db), "--format", fmt, "-o", str(out)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    if fmt == "csv":
        with out.open(newline="", encoding="utf-8") as f:
            rows = list(csv.DictReader(f))
    else:
        rows = pq.read_table(out).to_pylist()
    assert sorted(r["doc_id"] for r in rows) == sorted(p.stem for p in SEEDS.glob("*.txt"))
    assert all(set(r) >= CONTRACT_DOC_FIELDS and len(r["text"]) > 500 for r in rows)


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
    with DuckDBStore(seeds_db, read_only=True) as store:
        counts = {t: store.count(t) for t in ("documents", "events", "timeline", "pledges")}
    assert counts["documents"] == 5 and min(counts.values()) > 0
    for table, n in counts.items():
        assert re.search(rf"^\s*{table}\s+{n}$", result.output, re.M), (table, n, result.output)


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
    assert result.exit_code == 0, result.output
    for command in ("build", "export", "info"):
        assert command in result.output


def _timeline(db: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["timeline", "--db", str(db), *args])
    return result.exit_code, result.output


def test_timeline_takes_countries_and_types_by_name(seeds_db: Path) -> None:
    code, by_code = _timeline(seeds_db, "--country", "VNM,RUS", "--type", "CONSULT")
    assert code == 0 and "Visit" in by_code, by_code
    _, everything = _timeline(seeds_db)
    assert len(by_code.splitlines()) < len(everything.splitlines())
    for args in (["--country", "Vietnam,Russia", "--type", "consult"],
                 ["--country", "viet nam, russia", "--type", "Consult"]):  # fmt: skip
        code, out = _timeline(seeds_db, *args)
        assert code == 0 and out == by_code, args
    # a country takes part through its people: Vietnam's leaders' talks are Vietnam's
    code, vnm = _timeline(seeds_db, "--country", "Vietnam", "--format", "jsonl")
    entries = [json.loads(line) for line in vnm.splitlines()]
    assert code == 0 and entries
    assert any(not any(p == "c:VNM" for p in e["participants"]) for e in entries)


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--type", "VISIT"], "for visit use CONSULT (mode visit); use one of AGREE, CONSULT"),
        (["--type", "meeting"], "use one of AGREE, CONSULT, SUPPORT"),
        (["--country", "Narnia"], "ISO 3166-1 alpha-3 code (VNM) or an English name"),
        (["--from", "2011-13"], "months are 01 to 12"),
        (["--to", "2011-02-30"], "not a day of the calendar"),
        (["--from", "March 2011"], "use YYYY, YYYY-MM or YYYY-MM-DD"),
        (["--from", "2020", "--to", "2019"], "'2020' is after '2019'"),
        (["--from", "2011-13", "--max-dates", "3"], "months are 01 to 12"),
    ],
)
def test_timeline_refuses_bad_values_saying_what_is_accepted(
    seeds_db: Path, args: list[str], says: str
) -> None:
    code, out = _timeline(seeds_db, *args)
    assert code == 2, out
    assert says in " ".join(out.split()), out
    assert "Traceback" not in out
