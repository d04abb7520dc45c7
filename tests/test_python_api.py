"""The Python API: ``communique.open`` round-trips against ``communique export``,
``communique.analyze`` offsets, the lazy package, and the runnable examples of
``docs/python.md`` and the README."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import communique
from communique.analysis import map_offsets
from communique.api import build, sample_corpus
from communique.config import Config
from communique.errors import InputError, OptionalDependencyMissing, RequestError, StoreError
from communique.frames import Results
from communique.ingest.clean import clean_text
from communique.model import Evidence, Location, Office
from communique.record import Record
from communique.serve.cli import cli
from communique.serve.lists import read_list
from communique.serve.reader import Filters, PageRequest
from communique.store.duckdb_store import DuckDBStore
from communique.typed import Actor, Document, Event, Figure, Pledge, TimelineEntry

ROOT = Path(__file__).resolve().parents[1]
CONTRACT = ROOT.parent / "shared" / "docs" / "contract.md"
RULES = Config(event_coder="rules", today="2025-12-31")
LISTS = ("documents", "actors", "events", "timeline", "figures", "pledges", "contradictions")


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("python_api") / "sample.duckdb"
    report = build([sample_corpus()], path, RULES)
    assert report.failed == 0 and report.added == 4
    return path


@pytest.fixture
def kb(db: Path) -> Iterator[Record]:
    with communique.open(db) as record:
        yield record


def contract_fields() -> dict[str, list[str]]:
    """The contract's fields per export, in order, read from the contract at run time."""
    out: dict[str, list[str]] = {}
    section = None
    for line in CONTRACT.read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            section = line[3:].strip()
            out[section] = []
        elif section and line.startswith("| ") and not line.startswith("| field"):
            out[section] += [f.strip() for f in line.split("|")[1].split(",")]
    return out


def exported(db: Path, what: str) -> list[dict[str, Any]]:
    result = CliRunner().invoke(cli, ["export", what, "--db", str(db), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.output.splitlines() if line.strip()]


def as_json(value: Any) -> Any:
    return json.loads(json.dumps(value, default=str))


# -- the package ---------------------------------------------------------------------------


def test_importing_communique_loads_nothing_heavy() -> None:
    code = (
        "import sys, communique\n"
        "heavy = [m for m in sys.modules if m.split('.')[0] in "
        "('duckdb', 'pyarrow', 'pandas', 'polars', 'numpy', 'onnxruntime')"
        " or m.startswith('communique.')]\n"
        "print(heavy)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_public_names_resolve_lazily() -> None:
    from communique import analysis, api, record

    assert communique.open is record.open and communique.Record is record.Record
    assert communique.analyze is analysis.analyze and communique.Analyzer is analysis.Analyzer
    assert communique.build is api.build and communique.sample_corpus is api.sample_corpus
    assert communique.Config is Config and communique.Results is Results
    assert {"open", "analyze", "build"} <= set(dir(communique))
    with pytest.raises(AttributeError):
        _ = communique.no_such_name  # type: ignore[attr-defined]


# -- open(): round trips against the export --------------------------------------------------


@pytest.mark.parametrize("what", LISTS)
def test_rows_equal_the_export(db: Path, kb: Record, what: str) -> None:
    rows = getattr(kb, what)()
    expected = exported(db, what)
    assert len(rows) == len(expected) == len(rows.to_pandas()) == rows.to_arrow().num_rows
    if not rows:
        return
    key = rows.columns[0] if what != "figures" else "figure_id"
    ours = {getattr(r, key): as_json(d) for r, d in zip(rows, rows.to_dicts(), strict=True)}
    theirs = {r[key]: {c: r[c] for c in rows.columns} for r in expected}
    assert ours == theirs  # every field of every row, as the export has it


@pytest.mark.parametrize(
    "what", ["documents", "actors", "events", "timeline", "figures", "pledges"]
)
def test_columns_are_the_contract_fields(db: Path, kb: Record, what: str) -> None:
    rows = getattr(kb, what)()
    row_type = rows.row_type
    assert rows.columns == contract_fields()[what] + list(row_type.EXTRAS)
    assert set(row_type.EXTRAS) <= set(exported(db, what)[0])  # additions are export fields
    assert list(rows.to_pandas().columns) == rows.columns
    assert rows.to_polars().columns == rows.columns
    assert rows.to_arrow().column_names == rows.columns
    empty = getattr(kb, what)(date_from="1900", date_to="1900")
    assert len(empty) == 0 and list(empty.to_pandas().columns) == rows.columns
    assert empty.to_polars().columns == empty.to_arrow().column_names == rows.columns


def test_rows_are_typed(kb: Record) -> None:
    for e in kb.events():
        assert isinstance(e, Event) and isinstance(e.confidence, float)
        assert isinstance(e.span, tuple) and all(isinstance(o, int) for o in e.span)
        assert isinstance(e.participants, tuple) and all(isinstance(p, str) for p in e.source)
        assert e.location is None or isinstance(e.location, Location)
    assert any(e.location is not None for e in kb.events())
    actors = kb.actors()
    assert all(isinstance(a, Actor) and isinstance(a.aliases, tuple) for a in actors)
    assert any(isinstance(o, Office) for a in actors for o in a.offices)
    pledges = kb.pledges()
    assert all(isinstance(p, Pledge) for p in pledges)
    assert any(isinstance(ev, Evidence) for p in pledges for ev in p.evidence)
    assert all(isinstance(f, Figure) and isinstance(f.value, float) for f in kb.figures())
    assert all(isinstance(t, TimelineEntry) for t in kb.timeline())
    assert all(isinstance(d, Document) for d in kb.documents())
    with pytest.raises(dataclasses.FrozenInstanceError):
        kb.events()[0].type = "ASSAULT"  # type: ignore[misc]


def test_spans_point_into_the_document_text(kb: Record) -> None:
    texts = {d.doc_id: d.text for d in kb.documents()}
    rows: list[Event | Figure | Pledge] = [*kb.events(), *kb.figures(), *kb.pledges()]
    for row in rows:
        assert texts[row.doc_id][row.span[0] : row.span[1]] == row.sentence


def test_frames_keep_values_and_types(kb: Record) -> None:
    events = kb.events()
    df = events.to_pandas()
    assert df["event_id"].tolist() == [e.event_id for e in events]
    assert df["participants"].tolist() == [e.participants for e in events]
    pl_df = events.to_polars()
    assert str(pl_df.schema["participants"]).startswith("List")
    assert pl_df["span"].to_list() == [list(e.span) for e in events]
    table = kb.actors().to_arrow()
    assert str(table.schema.field("offices").type).startswith("list<item: struct<role")
    assert events[1:3] == Results(events.rows[1:3], Event) and events[0] == events.rows[0]


# -- filters ---------------------------------------------------------------------------------


def ids(rows: Results[Any]) -> list[Any]:
    return [getattr(r, rows.columns[0]) for r in rows]


def test_a_country_by_name_or_code_gives_the_same_rows(kb: Record) -> None:
    for method in ("events", "timeline", "pledges", "figures", "actors", "documents"):
        read = getattr(kb, method)
        by_code = read(country="IDN")
        assert len(by_code) > 0, method
        assert read(country="Indonesia") == read(country="idn") == by_code, method
    both = kb.events(country=["AUS", "Indonesia"])
    assert both == kb.events(country="Australia,IDN") and 0 < len(both) < len(kb.events())
    assert kb.events(country=["FRA", "IDN"]) == kb.events(country="FRA,IDN")
    assert len(kb.events(country=["FRA", "IDN"])) == 0


def test_filters_match_the_api_reader(db: Path, kb: Record) -> None:
    cases = [
        ({"country": "Indonesia"}, Filters(countries=("IDN",))),
        ({"type": "consult"}, Filters(type="CONSULT")),
        ({"actor": "widodo"}, Filters(actor="widodo")),
        ({"date_from": "2023", "date_to": "2025-03"}, Filters(start="2023", end="2025-03")),
    ]
    with DuckDBStore(db, read_only=True) as store:
        for kwargs, f in cases:
            for name in ("events", "timeline", "pledges"):
                api = read_list(store, name, f, PageRequest(limit=1000))
                ours = getattr(kb, name)(**kwargs)
                assert sorted(ids(ours)) == sorted(r[ours.columns[0]] for r in api.rows), kwargs


def test_type_dates_limit_sort_kind_status(kb: Record) -> None:
    consult = kb.events(type="CONSULT")
    assert consult == kb.events(type="consult") and {e.type for e in consult} == {"CONSULT"}
    by_cameo = kb.events(type="04")
    assert by_cameo and all(e.cameo and e.cameo.startswith("04") for e in by_cameo)
    assert len(kb.timeline(type="04")) > 0
    assert kb.events(date_from=dt.date(2023, 1, 1), date_to=dt.date(2023, 1, 31)) == kb.events(
        date_from="2023-01", date_to="2023-01"
    )
    assert all((e.date or "").startswith("2023-01") for e in kb.events(date_from="2023-01-01",
                                                                        date_to="2023-01-31"))  # fmt: skip
    assert len(kb.events(limit=3)) == 3
    newest = kb.events(sort="-date", limit=1)[0]
    assert newest.date == max(e.date for e in kb.events() if e.date)
    assert {a.kind for a in kb.actors(kind="person")} == {"person"}
    assert {p.status for p in kb.pledges(status="kept")} == {"kept"}
    assert all("trade" in f.quantity or "trade" in f.sentence for f in kb.figures(q="trade"))


@pytest.mark.parametrize(
    ("method", "kwargs", "param"),
    [
        ("events", {"country": "Atlantis"}, "country: 'Atlantis' is not a country"),
        ("events", {"date_from": "2023-13"}, "date_from: "),
        ("events", {"date_to": "2023-02-30"}, "date_to: "),
        ("events", {"date_from": "2024", "date_to": "2023"}, "date_from/date_to: "),
        ("events", {"type": "visit"}, "type: 'visit' is not a PLOVER event type; for visit"),
        ("events", {"type": "999"}, "type"),
        ("actors", {"type": "04"}, "type"),
        ("events", {"status": "kept"}, "status"),
        ("figures", {"kind": "person"}, "kind"),
        ("events", {"limit": 0}, "limit"),
        ("events", {"sort": "nonsense"}, "sort"),
    ],
)
def test_bad_values_are_coded_errors(kb: Record, method: str, kwargs: Any, param: str) -> None:
    with pytest.raises(RequestError) as err:
        getattr(kb, method)(**kwargs)
    assert err.value.code == "E600" and str(err.value).startswith(param)


def test_unknown_keywords_are_refused(kb: Record) -> None:
    with pytest.raises(TypeError, match="countries"):
        kb.events(countries="IDN")  # type: ignore[call-arg]


# -- opening ---------------------------------------------------------------------------------


def test_open_is_read_only_and_closes(db: Path, tmp_path: Path) -> None:
    before = db.stat().st_mtime_ns
    record = communique.open(db)
    assert record._store.read_only
    with pytest.raises(Exception, match="read-only"):
        record._store.con.execute("DELETE FROM events")
    record.close()
    with pytest.raises(Exception):  # noqa: B017 - DuckDB's closed-connection error
        record.events()
    assert db.stat().st_mtime_ns == before
    with pytest.raises(StoreError, match="no such database"):
        communique.open(tmp_path / "missing.duckdb")
    other = tmp_path / "other.duckdb"
    import duckdb

    duckdb.connect(str(other)).close()
    with pytest.raises(StoreError, match="not a communique database"):
        communique.open(other)


def test_a_missing_dataframe_library_says_what_to_install(
    kb: Record, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "polars", None)
    monkeypatch.setitem(sys.modules, "pandas", None)
    for convert in (kb.events().to_polars, kb.events().to_pandas):
        with pytest.raises(OptionalDependencyMissing, match=r"communique\[dataframe\]"):
            convert()
    assert kb.events().to_arrow().num_rows > 0  # pyarrow is not optional


# -- analyze() -------------------------------------------------------------------------------

MESSY = (
    "Australia and Indonesia vow to lift trade\n\n"
    "JAKARTA, June 6, 2022 —  Australian Prime Minister\u00a0Anthony Albanese met "
    "Indonesian President Joko Widodo in Jakarta on Monday.\r\n"
    "Like us on Facebook to get the latest news!\n"
    "   \n"
    "\tBoth countries agreed to raise two-way trade to US$20 billion by 2024.  \n"
    "Two-way trade reached US$17.7 billion in 2021.\n"
)


def test_analyze_offsets_point_into_the_given_text() -> None:
    result = communique.analyze(MESSY, config=RULES)
    assert result.text == MESSY and result.published == "2022-06-06"
    rows: list[Event | Figure | Pledge] = [*result.events, *result.figures, *result.pledges]
    assert result.events and result.figures and result.pledges
    for row in rows:
        assert MESSY[row.span[0] : row.span[1]] == row.sentence
    assert all("Facebook" not in r.sentence for r in rows)
    agreed = next(e for e in result.events if "agreed" in e.sentence)
    assert agreed.sentence.startswith("Both countries") and agreed.type == "AGREE"
    figure = next(f for f in result.figures if f.value == 17.7e9)
    assert MESSY[figure.span[0] : figure.span[1]].startswith("Two-way trade reached")
    people = {p.actor_id: p for p in result.people}
    assert set(people) == {"p:anthony-albanese", "p:joko-widodo"}
    for p in people.values():
        assert all(p.name.split()[-1] in MESSY[s:e] for s, e in p.spans)
    assert people["p:joko-widodo"].role == "head_of_state"
    assert list(result.events.to_pandas().columns) == result.events.columns


def test_analyze_reads_a_sample_as_build_does(kb: Record) -> None:
    path = sample_corpus() / "jakarta_visit.txt"
    text = path.read_text(encoding="utf-8")
    result = communique.Analyzer(RULES)(text, doc_id="jakarta_visit")
    stored = [e for e in kb.events() if e.doc_id == "jakarta_visit"]
    key = lambda e: (e.event_id, e.type, e.date, e.participants)  # noqa: E731
    assert sorted(map(key, result.events)) == sorted(map(key, stored))
    stored_figures = [f for f in kb.figures() if f.doc_id == "jakarta_visit"]
    assert {f.figure_id for f in result.figures} == {f.figure_id for f in stored_figures}


def test_analyze_published_values() -> None:
    text = "Japan and Vietnam agreed to raise trade to US$50 billion by 2025."
    analyzer = communique.Analyzer(RULES)
    assert analyzer(text, dt.date(2023, 11, 27)).published == "2023-11-27"
    assert analyzer(text, "2023-11-27T09:30:00Z").published_source == "metadata"
    assert analyzer(text, "2023-11").published == "2023-11"
    with pytest.raises(RequestError, match="published"):
        analyzer(text, "27/11/2023")
    with pytest.raises(InputError, match="no article text"):
        analyzer("Share on Facebook\n\n")


def test_offsets_are_traced_through_cleaning() -> None:
    raw = "A  ﬁrst\u00a0line\r\n\r\n  Second   line. \nShare on Facebook\n"
    offsets = map_offsets(raw, clean_text(raw))
    assert offsets is not None
    cleaned = clean_text(raw).text
    assert cleaned == "A first line\nSecond line."
    start = cleaned.index("Second")
    assert raw[offsets[start] : offsets[len(cleaned) - 1] + 1] == "Second   line."
    assert raw[offsets[0] : offsets[len("A first") - 1] + 1] == "A  ﬁrst"


# -- the documentation runs ------------------------------------------------------------------


def python_blocks(markdown: Path) -> list[str]:
    return re.findall(r"^```python\n(.*?)^```", markdown.read_text(encoding="utf-8"), re.S | re.M)


def test_docs_python_md_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    blocks = python_blocks(ROOT / "docs" / "python.md")
    assert len(blocks) >= 6
    namespace: dict[str, Any] = {}
    for n, block in enumerate(blocks):
        exec(compile(block, f"docs/python.md block {n + 1}", "exec"), namespace)


def test_readme_example_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import matplotlib

    matplotlib.use("Agg")  # no window
    import matplotlib.pyplot as plt

    readme = ROOT / "README.md"
    section = readme.read_text(encoding="utf-8").split("## Python API", 1)[1]
    (block,) = python_blocks_in(section)
    assert len(block.strip().splitlines()) == 5
    shutil.copytree(sample_corpus(), tmp_path / "articles")
    monkeypatch.chdir(tmp_path)
    namespace: dict[str, Any] = {}
    try:
        exec(compile(block, "README.md", "exec"), namespace)
        axes = plt.gca()
        assert len(axes.patches) == namespace["events"]["month"].nunique() > 1
        assert len(namespace["events"]) == len(exported(tmp_path / "my.duckdb", "events"))
    finally:
        plt.close("all")


def python_blocks_in(text: str) -> list[str]:
    section = text.split("\n## ", 1)[0]
    return re.findall(r"^```python\n(.*?)^```", section, re.S | re.M)
