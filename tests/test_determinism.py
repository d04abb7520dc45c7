"""Builds are deterministic: the same inputs give byte-identical exports whatever PYTHONHASHSEED.

Each hash seed gets its own interpreter (the seed is fixed at start-up), builds the same
inputs into a fresh DuckDB file and runs ``communique export WHAT`` for every table in JSON
Lines and CSV. Nothing is normalised: the exports carry no run ids or timestamps.
"""

from __future__ import annotations

import gzip
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from communique.fuse.model import Report
from communique.fuse.timeline import entry
from communique.model import Event
from communique.serve.export import EXPORTS

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "corpus" / "seeds"
T17 = SHARED / "corpus" / "t17-dev"
HASH_SEEDS = ("0", "1", "12345")
# Timeline17 LibyaWar slices (records lo:hi of a topic's articles.jsonl.gz): the first CNN
# weeks, and two outlets' reports of 15-16 March 2011, where the happenings a report may join
# depended on set order (timelines of 87 or 88 entries from these 20 articles alone)
T17_SLICES = (("LibyaWar_cnn", 0, 100), ("LibyaWar_reuters", 90, 100))

# Run in a fresh interpreter: build argv[1:-2] into argv[-2], export every table into argv[-1].
CHILD = """
import sys
from pathlib import Path
from click.testing import CliRunner
from communique.serve.cli import cli
from communique.fuse.model import Report
from communique.fuse.timeline import entry
from communique.model import Event
from communique.serve.export import EXPORTS

*inputs, db, out = sys.argv[1:]
runner = CliRunner()
res = runner.invoke(cli, ["build", *inputs, "--db", db, "--quiet"])
if res.exit_code != 0:
    sys.exit("build failed: " + res.output + repr(res.exception))
for what in EXPORTS:
    for fmt in ("jsonl", "csv"):
        path = Path(out) / f"{what}.{fmt}"
        res = runner.invoke(cli, ["export", what, "--db", db, "--format", fmt, "-o", str(path)])
        if res.exit_code != 0:
            sys.exit(f"export {what} {fmt} failed: " + res.output)
"""


def _inputs(tmp: Path) -> list[str]:
    """The seeds, the samples, the golden articles, the fusion test articles (two outlets
    disagreeing on a date, a figure and a seat; pledges kept later) and slices of Timeline17
    LibyaWar (enough documents for ties between names and dates to show)."""
    libya = tmp / "libya.jsonl.gz"
    lines: list[str] = []
    for topic, lo, hi in T17_SLICES:
        with gzip.open(T17 / topic / "articles.jsonl.gz", "rt", encoding="utf-8") as src:
            records = src.readlines()[lo:hi]
        assert len(records) == hi - lo, f"{topic} has fewer than {hi} records"
        lines.extend(records)
    with gzip.open(libya, "wt", encoding="utf-8") as dst:
        dst.writelines(lines)
    samples = ROOT / "communique" / "samples"
    tests = ROOT / "tests"
    ours = [tests / "golden" / "articles", tests / "data" / "fusion_two_outlets",
            tests / "data" / "pledge_outcomes"]  # fmt: skip
    return [str(SEEDS), str(samples), *map(str, ours), str(libya)]


def _build_and_export(seed: str, inputs: list[str], tmp: Path) -> dict[str, bytes]:
    work = tmp / f"seed-{seed}"
    work.mkdir()
    env = {**os.environ, "PYTHONHASHSEED": seed}
    cmd = [sys.executable, "-c", CHILD, *inputs, str(work / "c.duckdb"), str(work)]
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return {
        p.name: p.read_bytes() for p in sorted(work.glob("*.*")) if p.suffix in (".jsonl", ".csv")
    }


@pytest.fixture(scope="module")
def exports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, bytes]]:
    """Export name -> bytes, for each hash seed (the builds run side by side)."""
    tmp = tmp_path_factory.mktemp("determinism")
    inputs = _inputs(tmp)
    with ThreadPoolExecutor(len(HASH_SEEDS)) as pool:
        futures = {s: pool.submit(_build_and_export, s, inputs, tmp) for s in HASH_SEEDS}
        return {s: f.result() for s, f in futures.items()}


def _first_difference(a: bytes, b: bytes) -> str:
    la, lb = a.decode().splitlines(), b.decode().splitlines()
    for i, (x, y) in enumerate(zip(la, lb, strict=False)):
        if x != y:
            return f"line {i + 1}:\n  {x[:600]}\n  {y[:600]}"
    return f"{len(la)} lines vs {len(lb)}"


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
@pytest.mark.parametrize("what", EXPORTS)
def test_export_is_identical_under_every_hash_seed(
    exports: dict[str, dict[str, bytes]], what: str, fmt: str
) -> None:
    name = f"{what}.{fmt}"
    first, *others = HASH_SEEDS
    reference = exports[first][name]
    header = 1 if fmt == "csv" else 0
    assert reference.count(b"\n") > header, f"{name} has no rows: nothing to compare"
    for seed in others:
        got = exports[seed][name]
        assert got == reference, (
            f"{name} differs between PYTHONHASHSEED={first} and {seed}: "
            + _first_difference(reference, got)
        )


def test_a_title_names_tied_persons_in_the_order_the_report_gives_them() -> None:
    """Two persons each named once: the source comes first, whatever their ids or set order."""
    persons = ("p:zz-visitor", "p:aa-host")
    ev = Event("e1", 0, 10, "CONSULT", "meet", source=persons[:1], target=persons[1:],
               participants=persons[::-1], date="2024-06-20", confidence=0.9)  # fmt: skip
    report = Report(ev, "d1", "They met.", "2024-06-20", frozenset(persons), frozenset())
    names = {"p:zz-visitor": "Zed Visitor", "p:aa-host": "Abe Host"}
    assert entry([[report]], names.__getitem__).title == "Talks: Zed Visitor, Abe Host"


# A visit by two travellers together, each of whom also met someone that day: the parts
# followed the order of the set of travellers.
VISIT_PARTS = """
from communique.fuse.merge import visits
from communique.fuse.model import Report
from communique.model import Event, Location

def report(i, mode, who):
    ev = Event(f"e{i}", 0, 1, "CONSULT", mode, source=who[:1], target=who[1:],
               participants=who, date="2020-05-04", location=Location("Capital", "AAA"))
    homes = tuple((p, "BBB") for p in who if p in ("p:zed", "p:amy"))
    return Report(ev, "d", "s", "2020-05-04", frozenset(who), frozenset({"AAA"}), (), homes)

groups = [[report(1, "visit", ("p:zed", "p:amy")), report(2, "visit", ("p:amy", "p:zed"))],
          [report(3, "meet", ("p:zed", "p:host-one"))], [report(4, "meet", ("p:amy", "p:host-two"))]]
print([[r.event.event_id for r in g] for g in visits(groups)[0]])
"""


def test_the_parts_of_a_visit_come_in_one_order_under_every_hash_seed() -> None:
    outputs = set()
    for seed in ("0", "1", "2", "3", "12345"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        proc = subprocess.run([sys.executable, "-c", VISIT_PARTS], env=env,
                              capture_output=True, text=True, timeout=60)  # fmt: skip
        assert proc.returncode == 0, proc.stderr
        outputs.add(proc.stdout.strip())
    # day by day, and within a day the travellers in the order of their ids
    assert outputs == {"[['e1', 'e2'], ['e4'], ['e3']]"}
