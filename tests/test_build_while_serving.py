"""Builds run while `communique serve` serves: readers never block the writer and never see
half a build.

A real server process serves a database of ten real articles (Timeline17 LibyaWar, read from
``../shared`` at run time into a temporary file) while another process builds eighteen more into
it, committing three documents at a time. Throughout, the API is polled: every response must
be a 200, the documents counted must be those of a completed build (never a count between),
counts never go down, and within a round read from one snapshot every timeline entry's
events and every event's document exist. Once the build is done, the server shows its
documents. Step by step, in-process: a request reads one snapshot to its last byte; a server
started during a build serves the last completed one; ``info`` and ``export`` read it too; a
build waits a moment for a short-lived reader.
"""

from __future__ import annotations

import contextlib
import gzip
import json
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest

from communique.api import build
from communique.config import Config
from communique.errors import StoreLocked
from communique.serve.app import create_app
from communique.store.snapshot import is_fresh, open_reader, published, snapshot_dir
from communique.store.snapshot_reader import SnapshotStore

ROOT = Path(__file__).resolve().parents[1]
CNN = ROOT.parent / "shared" / "corpus" / "t17-dev" / "LibyaWar_cnn" / "articles.jsonl.gz"
FIRST, ADDED = 10, 18  # articles served at the start; articles the concurrent build adds
FEW = 3  # articles added in the step-by-step tests
CONFIG = Config(event_coder="rules")
# the build in its own process, three documents a transaction: argv[1] inputs, argv[2] db
BUILDER = """
import sys
from communique.api import build
from communique.config import Config
report = build([sys.argv[1]], sys.argv[2], Config(event_coder="rules", batch_size=3))
sys.exit(1 if report.failed or report.added != int(sys.argv[3]) else 0)
"""
# a process holding a database open for writing, as a build does, until killed
HOLDER = """
import duckdb, sys, time
con = duckdb.connect(sys.argv[1])
if sys.argv[2:]:  # write, as a build does: the file is then newer than its snapshot
    con.execute("CREATE TABLE scratch AS SELECT 1 AS x")
    con.execute("CHECKPOINT")
print("held", flush=True)
time.sleep(60)
"""
ServerFor = Callable[..., contextlib.AbstractContextManager[str]]


def _articles(tmp: Path) -> tuple[Path, Path]:
    with gzip.open(CNN, "rt", encoding="utf-8") as src:
        lines = src.readlines()[: FIRST + ADDED]
    paths = (tmp / "first.jsonl.gz", tmp / "added.jsonl.gz")
    for path, part in zip(paths, (lines[:FIRST], lines[FIRST:]), strict=True):
        with gzip.open(path, "wt", encoding="utf-8") as dst:
            dst.writelines(part)
    return paths


def _doc_ids(path: Path) -> list[str]:
    with gzip.open(path, "rt", encoding="utf-8") as src:
        return [json.loads(line)["doc_id"] for line in src]


@dataclass
class Seen:
    """What the polling saw: document totals in order, and the rounds read in one piece."""

    totals: list[int] = field(default_factory=list)
    consistent_rounds: int = 0
    downloads: int = 0


def _get(client: httpx.Client, url: str) -> httpx.Response:
    r = client.get(url)
    assert r.status_code == 200, f"{url}: {r.status_code} {r.text[:300]}"
    return r


def _poll_round(client: httpx.Client, seen: Seen) -> None:
    """One round: documents, events, timeline, documents again; the HTML pages and a
    streamed download. When both document totals agree, the round read one snapshot."""
    before = _get(client, "/documents.json?limit=1000").json()
    events = _get(client, "/events.json?limit=1000").json()
    timeline = _get(client, "/timeline.json?limit=1000").json()
    after = _get(client, "/documents.json?limit=1").json()["total"]
    seen.totals += [before["total"], after]
    for url in ("/", "/timeline", "/events?limit=5"):
        assert "<html" in _get(client, url).text
    csv = _get(client, "/events.csv?type=CONSULT")
    assert csv.text.count("\n") - 1 == int(csv.headers["x-total-count"])  # one snapshot
    seen.downloads += 1
    if before["total"] != after:
        return  # a new snapshot was published between the two
    assert events["total"] <= 1000 and timeline["total"] <= 1000
    docs = {d["doc_id"] for d in before["rows"]}
    event_ids = {e["event_id"] for e in events["rows"]}
    assert {e["doc_id"] for e in events["rows"]} <= docs
    for entry in timeline["rows"]:
        assert set(entry["event_ids"]) <= event_ids, entry["entry_id"]
        assert set(entry["doc_ids"]) <= docs, entry["entry_id"]
    seen.consistent_rounds += 1


def _cli(*args: str) -> subprocess.Popen[str]:
    cmd = [sys.executable, "-m", "communique", *args]
    return subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_a_build_adds_documents_while_the_server_serves_every_request(
    server_for: ServerFor, tmp_path: Path
) -> None:
    first, added = _articles(tmp_path)
    db = tmp_path / "live.duckdb"
    assert build([first], db, CONFIG).added == FIRST
    seen = Seen()
    with server_for(db) as base, httpx.Client(base_url=base, timeout=30) as client:
        etag = _get(client, "/events.json").headers["etag"]
        _poll_round(client, seen)
        cmd = [sys.executable, "-c", BUILDER, str(added), str(db), str(ADDED)]
        builder = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        started = time.monotonic()
        try:
            while builder.poll() is None:
                _poll_round(client, seen)
                time.sleep(0.05)  # leave the build some of the machine
        finally:
            output = builder.communicate(timeout=300)[0].decode(errors="replace")
        assert builder.returncode == 0, output
        took = time.monotonic() - started
        deadline = time.monotonic() + 10
        while seen.totals[-1] != FIRST + ADDED and time.monotonic() < deadline:
            _poll_round(client, seen)
        assert seen.totals[-1] == FIRST + ADDED, "the server never showed the new documents"
        assert _get(client, "/events.json").headers["etag"] != etag  # caches see the change
        for doc_id in _doc_ids(added)[-3:]:
            assert _get(client, f"/documents/{doc_id}.json").json()["document"]["doc_id"] == doc_id
    # never half a build: only the counts of completed builds, never going down
    assert set(seen.totals) == {FIRST, FIRST + ADDED}, sorted(set(seen.totals))
    assert seen.totals == sorted(seen.totals)
    assert seen.consistent_rounds >= 3 and seen.downloads >= 3, f"{seen}, build {took:.1f} s"
    # one generation is left (the one served), and it copies the database as it is
    files = sorted(p.name for p in snapshot_dir(db).iterdir())
    assert len(files) == 2 and "current" in files and is_fresh(db), files


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A database of the first articles (with its snapshot), and three more articles."""
    tmp = tmp_path_factory.mktemp("template")
    first, added = _articles(tmp)
    db = tmp / "s.duckdb"
    assert build([first], db, CONFIG).added == FIRST
    few = tmp / "few.jsonl.gz"
    with gzip.open(added, "rt", encoding="utf-8") as src, gzip.open(few, "wt") as dst:
        dst.writelines(src.readlines()[:FEW])
    return db, few


@pytest.fixture
def built(template: tuple[Path, Path], tmp_path: Path) -> tuple[Path, Path]:
    """A copy of the template's database and its snapshots, for one test to change."""
    db = tmp_path / "s.duckdb"
    shutil.copy(template[0], db)
    shutil.copytree(snapshot_dir(template[0]), snapshot_dir(db))
    return db, template[1]


def test_a_request_reads_one_snapshot_to_its_end(built: tuple[Path, Path]) -> None:
    """In-process, step by step: a reader made while a request runs reads the snapshot the
    request began on, even after a build has published the next; the old one is closed after
    its last reader, and new requests read the new one."""
    db, added = built
    store = SnapshotStore(db)
    count = "SELECT count(*) FROM documents"
    with store.pinned():
        early = store.reader()
        assert build([added], db, CONFIG).added == FEW
        during = store.reader()  # e.g. a streamed download's cursor
        assert early.scalar(count) == during.scalar(count) == FIRST
        early.close()
        assert store.reader().scalar(count) == FIRST
    assert during.scalar(count) == FIRST  # still open: its request's last byte not yet sent
    during.close()
    with store.pinned():
        assert store.reader().scalar(count) == FIRST + FEW
    store.close()


@contextlib.contextmanager
def _held(db: Path, write: bool = False) -> Iterator[None]:
    """Another process holding ``db`` open for writing, as a running build does."""
    cmd = [sys.executable, "-c", HOLDER, str(db), *(["write"] if write else [])]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE)
    try:
        assert proc.stdout is not None and proc.stdout.readline().strip() == b"held"
        yield
    finally:
        proc.kill()
        proc.wait(timeout=10)


def test_a_server_started_during_a_build_serves_the_last_completed_one(
    built: tuple[Path, Path],
) -> None:
    db, _ = built
    (snapshot_dir(db) / "current").unlink()  # as if built before snapshots existed...
    with _held(db), pytest.raises(StoreLocked, match="has not published a snapshot yet"):
        create_app(db)  # ...and a build is running: nothing complete to serve
    SnapshotStore(db).close()  # publishes one, the build being over
    assert published(db) is not None
    with _held(db):
        app = create_app(db)
        assert app.state.store.con.execute("SELECT count(*) FROM documents").fetchone() == (FIRST,)
        with open_reader(db) as store:  # info, export
            assert store.count("documents") == FIRST
        app.state.store.close()


def test_a_build_waits_for_a_short_reader_then_says_who_holds_the_file(
    built: tuple[Path, Path],
) -> None:
    from communique.store.snapshot import open_writer

    db, _ = built
    with _held(db):
        started = time.monotonic()
        with pytest.raises(StoreLocked, match="lock"):
            open_writer(db, wait=0.5)
        assert time.monotonic() - started >= 0.5


def test_info_and_export_read_the_last_completed_build_while_a_build_runs(
    built: tuple[Path, Path],
) -> None:
    db, _ = built
    with _held(db, write=True):
        assert not is_fresh(db)
        runs = [_cli("info", "--db", str(db)), _cli("export", "documents", "--db", str(db))]
        (info, _), (export, _) = (proc.communicate(timeout=120) for proc in runs)
        assert [proc.returncode for proc in runs] == [0, 0]
    assert "a build is writing it" in info and f"documents {FIRST} " in " ".join(info.split())
    assert len(export.splitlines()) == FIRST
