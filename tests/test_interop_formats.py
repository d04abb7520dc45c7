"""The interchange exports (communique.interop), each read back by the tool it is for: pandas
for the GDELT table, jsonschema for PLOVER and TimelineJS, networkx for GraphML and GEXF, an
HTML parser for the report. The store is built from the shipped sample articles, given web
addresses and outlets (a JSON Lines copy made at run time), with the rule coder."""

from __future__ import annotations

import itertools
import json
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import networkx as nx
import pandas as pd
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner
from jsonschema import Draft202012Validator

from communique.api import build, sample_corpus
from communique.config import Config
from communique.interop.codes import expand
from communique.interop.gdelt_columns import COLUMNS, TEXT_DTYPES
from communique.interop.plover import plover_schema
from communique.interop.timelinejs import timelinejs_schema
from communique.serve.cli import cli
from communique.serve.export import EXPORTS, export_rows
from communique.serve.lists import SPECS
from communique.serve.reader import Filters, count
from communique.store.duckdb_store import DuckDBStore

OUTLETS = ("Example Wire", "Example Daily")


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("interop")
    corpus = folder / "samples.jsonl"
    with corpus.open("w", encoding="utf-8") as out:
        for i, f in enumerate(sorted(sample_corpus().glob("*.txt"))):
            rec = {"doc_id": f.stem, "text": f.read_text(encoding="utf-8"),
                   "url": f"https://news.example.org/{f.stem}?src=rss", "outlet": OUTLETS[i % 2]}  # fmt: skip
            out.write(json.dumps(rec) + "\n")
    db = folder / "samples.duckdb"
    report = build([corpus], db, config=Config(event_coder="rules"))
    assert report.failed == 0 and report.added == 4
    return db


def _export(store: Path, tmp_path: Path, what: str, fmt: str, *extra: str) -> Path:
    out = tmp_path / f"{what}.{fmt}"
    args = ["export", what, "--db", str(store), "--format", fmt, "-o", str(out), *extra]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    return out


def _rows(store: Path, what: str) -> list[dict[str, Any]]:
    with DuckDBStore(store, read_only=True) as s:
        return list(export_rows(s, what))


# -- GDELT -------------------------------------------------------------------------------


def test_gdelt_reads_back_in_pandas_as_61_typed_columns(store: Path, tmp_path: Path) -> None:
    out = _export(store, tmp_path, "events", "gdelt")
    raw = pd.read_csv(out, sep="\t", header=None)
    assert raw.shape[1] == 61 == len(COLUMNS)
    for i in (0, 1, 2, 3, 25, 29, 31, 32, 33):  # ids, dates, IsRootEvent, QuadClass, counts
        assert pd.api.types.is_integer_dtype(raw[i]), (COLUMNS[i], raw[i].dtype)
    for i in (4, 30):  # FractionDate, GoldsteinScale
        assert pd.api.types.is_float_dtype(raw[i]), COLUMNS[i]
    df = pd.read_csv(out, sep="\t", header=None, names=list(COLUMNS), dtype=TEXT_DTYPES)
    events = {e["event_id"]: e for e in _rows(store, "events")}
    docs = {d["doc_id"]: d for d in _rows(store, "documents")}
    # one row per event and source: a happening's reports of one CAMEO code share an id
    keys = {(e["happening_id"] or e["event_id"], e["cameo"], e["doc_id"]) for e in events.values()}
    assert len(df) == len(keys)
    per_event = {k[:2] for k in keys}
    assert df["GLOBALEVENTID"].nunique() == len(per_event)
    for gid, rows in df.groupby("GLOBALEVENTID"):
        assert (rows["NumArticles"] == len(rows)).all(), gid
        assert (rows["NumSources"] <= rows["NumArticles"]).all()
        assert (rows["NumMentions"] >= rows["NumArticles"]).all()
    urls = {d["url"] for d in docs.values()}
    assert set(df["SOURCEURL"]) <= urls
    assert set(df["EventCode"]) == {e["cameo"] for e in events.values()}
    assert df["EventCode"].str.fullmatch(r"\d{3,4}").all()
    assert (df["EventRootCode"] == df["EventCode"].str[:2]).all()
    assert df["QuadClass"].between(1, 4).all()
    assert df["GoldsteinScale"].between(-10, 10).all()
    assert df["AvgTone"].isna().all()
    dates = pd.to_datetime(df["SQLDATE"].astype(str), format="%Y%m%d")
    assert (dates.dt.year == df["Year"]).all()
    assert (df["MonthYear"] == df["SQLDATE"] // 100).all()


def test_gdelt_codes_actors_the_cameo_way(store: Path, tmp_path: Path) -> None:
    df = pd.read_csv(_export(store, tmp_path, "events", "gdelt"), sep="\t", header=None,
                     names=list(COLUMNS), dtype=TEXT_DTYPES)  # fmt: skip
    actors = df[["Actor1Code", "Actor1CountryCode", "Actor1Type1Code"]].dropna(subset="Actor1Code")
    for code, country, role in actors.itertuples(index=False):
        expected = str(country) + ("" if pd.isna(role) else str(role))
        assert code == expected
    # a sitting head of government is his country's GOV; a country alone is its code
    assert {"AUSGOV", "IDNGOV", "AUS", "IDN"} <= set(df["Actor1Code"]) | set(df["Actor2Code"])
    jakarta = df[df["ActionGeo_FullName"] == "Jakarta, Indonesia"]
    assert len(jakarta) and (jakarta["ActionGeo_CountryCode"] == "IDN").all()


def test_exports_are_deterministic(store: Path, tmp_path: Path) -> None:
    for what, fmt in (("events", "gdelt"), ("events", "plover"), ("actors", "gexf"),
                      ("timeline", "timelinejs")):  # fmt: skip
        first = _export(store, tmp_path, what, fmt).read_bytes()
        assert _export(store, tmp_path, what, fmt).read_bytes() == first, fmt


# -- PLOVER and TimelineJS ---------------------------------------------------------------


def test_plover_records_validate_against_their_schema(store: Path, tmp_path: Path) -> None:
    schema = plover_schema()
    Draft202012Validator.check_schema(schema)
    validator = Draft202012Validator(schema)
    lines = _export(store, tmp_path, "events", "plover").read_text("utf-8").splitlines()
    records = [json.loads(line) for line in lines]
    for rec in records:
        validator.validate(rec)
    events = _rows(store, "events")
    assert [r["id"] for r in records] == [e["event_id"] for e in events]
    for rec, ev in zip(records, events, strict=True):
        assert rec["event_type"] == ev["type"] and rec["event_text"] == ev["sentence"]
        assert [a["actor_id"] for a in rec["attributes"]["ACTOR"]] == expand(ev["source"])
        assert rec["url"].startswith("https://news.example.org/")
    assert any(a["code_1"] == "GOV" for r in records for a in r["attributes"]["ACTOR"])
    bad = {**records[0], "event_type": "MEET"}
    assert not validator.is_valid(bad)


def test_timelinejs_validates_against_its_schema(store: Path, tmp_path: Path) -> None:
    schema = timelinejs_schema()
    Draft202012Validator.check_schema(schema)
    doc = json.loads(_export(store, tmp_path, "timeline", "timelinejs").read_text("utf-8"))
    Draft202012Validator(schema).validate(doc)
    dated = [e for e in _rows(store, "timeline") if e["date"]]
    assert [s["unique_id"] for s in doc["events"]] == [f"entry-{e['entry_id']}" for e in dated]
    for slide, entry in zip(doc["events"], dated, strict=True):
        date = slide["start_date"]
        shown = f"{date['year']:04d}" + "".join(f"-{date[k]:02d}" for k in ("month", "day")
                                                if k in date)  # fmt: skip
        assert shown == entry["date"]
    assert not Draft202012Validator(schema).is_valid({"events": [{"text": {"headline": "x"}}]})


# -- the actor network -------------------------------------------------------------------


def _expected_network(store: Path) -> tuple[set[str], dict[tuple[str, str], int]]:
    """Nodes and edge weights computed here from the events export, independently."""
    happenings: dict[str, set[str]] = {}
    for e in _rows(store, "events"):
        ids = expand([*e["participants"], *e["source"], *e["target"]])
        happenings.setdefault(e["happening_id"] or e["event_id"], set()).update(ids)
    weights: Counter[tuple[str, str]] = Counter()
    for ids in happenings.values():
        weights.update(itertools.combinations(sorted(ids), 2))
    nodes = {a["actor_id"] for a in _rows(store, "actors")} | set().union(*happenings.values())
    return nodes, dict(weights)


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_network_reads_back_in_networkx(store: Path, tmp_path: Path, fmt: str) -> None:
    out = _export(store, tmp_path, "actors", fmt)
    graph = nx.read_graphml(out) if fmt == "graphml" else nx.read_gexf(out)
    nodes, weights = _expected_network(store)
    assert set(graph.nodes) == nodes
    assert graph.number_of_edges() == len(weights)
    got = {tuple(sorted((a, b))): d["weight"] for a, b, d in graph.edges(data=True)}
    assert got == weights
    names = {a["actor_id"]: a["name"] for a in _rows(store, "actors")}
    assert all(graph.nodes[i]["label"] == n for i, n in names.items())
    for _, _, d in graph.edges(data=True):
        assert d["first"] <= d["last"]
        if fmt == "gexf":
            assert d["spells"] and all(s <= e for s, e in d["spells"])
            first, last = d["spells"][0][0], d["spells"][-1][0]  # the periods' first days
            assert first[: len(d["first"])] == d["first"] and last[: len(d["last"])] == d["last"]


# -- the relationship report -------------------------------------------------------------


class _Page(HTMLParser):
    """What the report test needs of a page: tags, ids, links, headings, and the items of
    the Timeline, Pledges and Figures lists (``li`` directly in ``ol.items``)."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: Counter[str] = Counter()
        self.ids: set[str] = set()
        self.hrefs: list[str] = []
        self.srcs: list[str] = []
        self.headings: list[str] = []
        self.items = 0
        self._open: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        self.tags[tag] += 1
        self.ids.update([a["id"]] if a.get("id") else [])
        self.hrefs += [a["href"]] if tag == "a" and a.get("href") else []
        self.srcs += [v for k, v in attrs if k == "src" and v]
        self.items += tag == "li" and bool(self._open) and self._open[-1] == ("ol", "items")
        if tag not in ("meta",):
            self._open.append((tag, a.get("class")))

    def handle_endtag(self, tag: str) -> None:
        while self._open and self._open.pop()[0] != tag:
            pass

    def handle_data(self, data: str) -> None:
        if self._open and self._open[-1][0] == "h2":
            self.headings.append(data.strip())


def _pair_counts(store: Path) -> dict[str, int]:
    with DuckDBStore(store, read_only=True) as s:
        return {name: count(s, SPECS[name], Filters(countries=("AUS", "IDN")))
                for name in ("timeline", "pledges", "figures")}  # fmt: skip


def test_html_report_is_self_contained_and_linked(store: Path, tmp_path: Path) -> None:
    out = _export(store, tmp_path, "report", "html", "--a", "Australia", "--b", "IDN")
    page = _Page()
    page.feed(out.read_text("utf-8"))
    assert page.headings == ["Timeline", "Pledges", "Figures", "Sources"]
    assert not page.srcs and not page.tags["script"] and not page.tags["link"]
    assert page.tags["style"] == 1
    internal = [h for h in page.hrefs if h.startswith("#")]
    assert internal and all(h[1:] in page.ids for h in internal)
    external = [h for h in page.hrefs if not h.startswith("#")]
    assert external and all(h.startswith("https://news.example.org/") for h in external)
    assert any("#:~:text=" in h for h in external)
    counts = _pair_counts(store)
    assert counts["timeline"] > 0 and counts["pledges"] > 0 and counts["figures"] > 0
    assert page.items == sum(counts.values())


def test_markdown_report_has_its_sections_and_items(store: Path, tmp_path: Path) -> None:
    out = _export(store, tmp_path, "report", "markdown", "--a", "AUS", "--b", "IDN")
    text = out.read_text("utf-8")
    sections: dict[str, list[str]] = {}
    current = ""
    for line in text.splitlines():
        if line.startswith("## "):
            current = line[3:]
            sections[current] = []
        elif current:
            sections[current].append(line)
    assert list(sections) == ["Timeline", "Pledges", "Figures", "Sources"]
    counts = _pair_counts(store)
    for name in ("Timeline", "Pledges", "Figures"):
        assert sum(line.startswith("- **") for line in sections[name]) == counts[name.lower()]
    anchors = {a for line in sections["Sources"] for a in _between(line, '<a id="', '"')}
    cited = {a for lines in sections.values() for line in lines for a in _between(line, "](#", ")")}
    assert cited and cited <= anchors


def _between(text: str, start: str, end: str) -> list[str]:
    return [part.split(end, 1)[0] for part in text.split(start)[1:]]


def test_report_needs_two_countries(store: Path) -> None:
    result = CliRunner().invoke(cli, ["export", "report", "--db", str(store), "--format", "html"])
    assert result.exit_code == 2 and "--a and --b" in result.output


# -- formats and exports that do not go together; the contract formats still work -------------


@pytest.mark.parametrize(("what", "fmt", "says"), [
    ("events", "graphml", "goes with `export actors`"),
    ("timeline", "gdelt", "timeline can be written as timelinejs"),
    ("report", "csv", "report can be written as markdown, html"),
])  # fmt: skip
def test_a_format_needs_its_export(store: Path, what: str, fmt: str, says: str) -> None:
    result = CliRunner().invoke(cli, ["export", what, "--db", str(store), "--format", fmt])
    assert result.exit_code == 2 and says in result.output and "[E400]" in result.output


def test_contract_formats_still_work_for_every_export(store: Path, tmp_path: Path) -> None:
    for what in EXPORTS:
        expected = len(_rows(store, what))
        jsonl = pd.read_json(_export(store, tmp_path, what, "jsonl"), lines=True, dtype=False)
        csv = pd.read_csv(_export(store, tmp_path, what, "csv"), dtype=str, keep_default_na=False)
        parquet = pq.read_table(_export(store, tmp_path, what, "parquet"))
        assert len(jsonl) == len(csv) == parquet.num_rows == expected, what
        if expected:  # the same fields, in the same order, and the same first column
            assert list(jsonl.columns) == list(csv.columns) == parquet.column_names, what
            first = parquet.column_names[0]
            ids = [str(v) for v in parquet.column(first).to_pylist()]
            assert [str(v) for v in jsonl[first]] == ids == list(csv[first]), what
