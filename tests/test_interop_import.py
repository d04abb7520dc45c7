"""Reading GDELT 2.0 and ICEWS event files (hand-made fixtures in tests/data/interop/) and
comparing them per month with communique's events of a dyad, in Python (a DataFrame) and
on the command line; a GDELT file communique exported compares equal to communique."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from communique.api import build, sample_corpus
from communique.config import Config
from communique.errors import MalformedInput
from communique.interop import compare, read_events
from communique.interop.gdelt_columns import COLUMNS, TEXT_DTYPES
from communique.serve.cli import cli
from communique.store.duckdb_store import DuckDBStore

DATA = Path(__file__).parent / "data" / "interop"
GDELT = DATA / "20250304120000.export.CSV"
ICEWS = DATA / "icews_events.tab"


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("interop_import") / "samples.duckdb"
    report = build([sample_corpus()], db, config=Config(event_coder="rules"))
    assert report.failed == 0 and report.added == 4
    return db


def _dyad_months(
    df: pd.DataFrame, c1: str, c2: str, id_col: str, date: pd.Series
) -> dict[str, int]:
    """Distinct events per month whose two countries are AUS and IDN, computed with pandas."""
    pair = df[c1].isin(["AUS", "IDN"]) & df[c2].isin(["AUS", "IDN"]) & (df[c1] != df[c2])
    months = date[pair].str[:7]
    return dict(pd.DataFrame({"id": df[id_col][pair], "m": months}).drop_duplicates()
                .groupby("m").size())  # fmt: skip


def test_gdelt_file_is_read_with_its_codes_as_text() -> None:
    events = read_events(GDELT, "gdelt")
    assert len(events) == 6
    first = events[0]
    assert (first.event_id, first.date) == ("900000001", "2022-06-06")
    assert (first.cameo, first.quad) == ("040", 1)
    assert (first.source_country, first.target_country) == ("AUS", "IDN")
    assert first.goldstein == 1.0 and first.url == "https://news.example.org/wire/albanese-jakarta"
    assert {e.cameo for e in events} >= {"0841", "010"}


def test_gdelt_zip_as_shipped(tmp_path: Path) -> None:
    zipped = tmp_path / f"{GDELT.name}.zip"
    with zipfile.ZipFile(zipped, "w", zipfile.ZIP_DEFLATED) as z:
        z.write(GDELT, GDELT.name)
    assert read_events(zipped, "gdelt") == read_events(GDELT, "gdelt")


def test_a_gdelt_row_with_too_few_columns_is_refused_by_line() -> None:
    with pytest.raises(MalformedInput, match="line 2 has 60 columns"):
        read_events(DATA / "gdelt_60_columns.CSV", "gdelt")


def test_icews_file_is_read_with_countries_as_codes() -> None:
    events = read_events(ICEWS, "icews")
    assert [e.event_id for e in events] == [f"3100000{i}" for i in range(1, 7)]
    first = events[0]
    assert (first.source_country, first.target_country, first.cameo) == ("AUS", "IDN", "036")
    assert events[3].source_country == "USA" and events[3].target_country == "LBY"
    assert events[3].quad == 4 and events[3].goldstein == -10.0


def test_an_icews_file_without_its_columns_is_refused() -> None:
    with pytest.raises(MalformedInput, match="CAMEO Code"):
        read_events(DATA / "icews_no_cameo.tab", "icews")


def test_compare_counts_each_data_set_per_month(store: Path) -> None:
    gdelt, icews = read_events(GDELT, "gdelt"), read_events(ICEWS, "icews")
    with DuckDBStore(store, read_only=True) as s:
        table = compare(s, "Australia", "IDN", {"gdelt": gdelt, "icews": icews})
    df = table.to_pandas()
    assert list(df.columns) == ["month", "communique", "gdelt", "icews"]
    assert list(df["month"]) == sorted(df["month"]) and df["month"].is_unique
    assert df["month"].iloc[0] == "2022-06" and df["month"].iloc[-1] == "2025-03"
    assert len(df) == 34  # every month between, empty ones too
    g = pd.read_csv(GDELT, sep="\t", header=None, names=list(COLUMNS), dtype=TEXT_DTYPES)
    g_dates = g["SQLDATE"].astype(str).str[:4] + "-" + g["SQLDATE"].astype(str).str[4:6]
    want_g = _dyad_months(g, "Actor1CountryCode", "Actor2CountryCode", "GLOBALEVENTID", g_dates)
    i = pd.read_csv(ICEWS, sep="\t", dtype=str)
    codes = {"Australia": "AUS", "Indonesia": "IDN"}
    i["src"], i["tgt"] = i["Source Country"].map(codes), i["Target Country"].map(codes)
    want_i = _dyad_months(i, "src", "tgt", "Event ID", i["Event Date"])
    got = df.set_index("month")
    assert {m: v for m, v in got["gdelt"].items() if v} == want_g
    assert {m: v for m, v in got["icews"].items() if v} == want_i
    assert got.loc["2022-06", "communique"] > 0 and got.loc["2025-03", "communique"] > 0


def test_communique_gdelt_export_compares_equal_to_communique(store: Path, tmp_path: Path) -> None:
    out = tmp_path / "communique.export.CSV"
    result = CliRunner().invoke(cli, ["export", "events", "--db", str(store), "--format",
                                      "gdelt", "-o", str(out)])  # fmt: skip
    assert result.exit_code == 0, result.output
    with DuckDBStore(store, read_only=True) as s:
        for a, b in (("AUS", "IDN"), ("FRA", "DEU")):
            df = compare(s, a, b, {"gdelt": read_events(out, "gdelt")}).to_pandas()
            assert df["communique"].sum() > 0
            assert df["communique"].tolist() == df["gdelt"].tolist()


def test_compare_and_import_on_the_command_line(store: Path) -> None:
    result = CliRunner().invoke(cli, ["compare", "--db", str(store), "--a", "AUS", "--b", "IDN",
                                      "--gdelt", str(GDELT), "--icews", str(ICEWS)])  # fmt: skip
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[1].split() == ["month", "communique", "gdelt", "icews"]
    june = next(line.split() for line in lines if line.startswith("2022-06"))
    assert june[2:] == ["3", "2"]  # gdelt: 900000001-3; icews: 31000001-2
    result = CliRunner().invoke(cli, ["import-events", str(ICEWS), "--format", "icews"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.output.splitlines()]
    assert len(rows) == 6 and rows[0]["dataset"] == "icews" and rows[0]["cameo"] == "036"
    bad = CliRunner().invoke(cli, ["import-events", str(DATA / "gdelt_60_columns.CSV"),
                                   "--format", "gdelt"])  # fmt: skip
    assert bad.exit_code == 2 and "[E104]" in bad.output
