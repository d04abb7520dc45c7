"""Scale-out bench: the local engine on 1 and 2 workers, Spark local[1] and local[2], on a
slice of t17-dev; the Spark driver's memory as the corpus grows (1x, 4x, 16x, documents
replicated with changed ids); and whether the Spark and local records are the same.

    python bench/bench_scale.py throughput [--docs 120] [--coder rules]
    python bench/bench_scale.py memory [--docs 40] [--factors 1,4,16]
    python bench/bench_scale.py refresh [--docs 1000]
    python bench/bench_scale.py groups [--docs 1175]
    python bench/bench_scale.py equal [--master local[2]] [--coder rules]
    python bench/bench_scale.py append [--days 1] [--every 0] [--master local[2]]
    python bench/bench_scale.py state [--docs 1175]

The slice is the first records of each t17-dev topic file in turn, written as 8 JSON Lines
files (Spark reads a file per task: one file would be one task). ``equal`` instead reads all of
t17-dev as it comes (its five ``articles.jsonl.gz`` files) with both engines and compares every
export row for row. ``append`` builds all of t17-dev but its last ``--days`` dates (and,
with ``--every N``, every Nth date) on Spark, appends those days, and compares the time and
the units the append's refresh recomputed with a full Spark build of everything, and the
record with a local build. ``state`` times, per document, what a full refresh does to every
document against what an append does to every stored one. ``refresh`` measures the local refresh in one process (the reference the
keyed Spark refresh is held to); ``groups`` the largest group of each keyed refresh step (what
one Spark task holds). Figures go to stdout as Markdown rows for docs/scale.md.
"""

from __future__ import annotations

import argparse
import gzip
import json
import resource
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
T17 = ROOT.parent / "shared" / "corpus" / "t17-dev"
FILES = 8


def records(n: int) -> list[dict[str, object]]:
    """The first records of each topic file in turn, ``n`` in all."""
    per_file = [
        [json.loads(line) for line in gzip.decompress(p.read_bytes()).decode().splitlines()]
        for p in sorted(T17.glob("*/articles.jsonl.gz"))
    ]
    out: list[dict[str, object]] = []
    for i in range(max(len(f) for f in per_file)):
        out.extend(f[i] for f in per_file if i < len(f) and str(f[i].get("text", "")).strip())
    return out[:n]


def write_slice(folder: Path, recs: list[dict[str, object]], factor: int = 1) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    rows = [{**r, "doc_id": f"{r['doc_id']}-x{k}"} if k else r for k in range(factor) for r in recs]
    for i in range(FILES):
        part = rows[i::FILES]
        text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in part)
        (folder / f"part-{i}.jsonl").write_text(text, encoding="utf-8")
    return folder


def exports(db: Path, all_exports: bool = False) -> dict[str, list[str]]:
    from communique.serve.export import EXPORTS, export_rows
    from communique.store.duckdb_store import DuckDBStore

    which = EXPORTS if all_exports else ("events", "timeline", "pledges")
    with DuckDBStore(db, read_only=True) as store:
        return {
            w: [json.dumps(r, sort_keys=True, default=str) for r in export_rows(store, w)]
            for w in which
        }


def throughput(args: argparse.Namespace) -> None:
    from communique.api import build
    from communique.config import Config
    from communique.scale.engine import build_parquet
    from communique.scale.load import load

    config = Config(event_coder=args.coder)
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        corpus = write_slice(base / "in", records(args.docs))
        print("| engine | documents | seconds | documents/s |")
        print("|---|---|---|---|")
        local = None
        for workers in (1, 2):
            db = base / f"local{workers}.duckdb"
            t = time.perf_counter()
            report = build([corpus], db, config, workers=workers)
            secs = time.perf_counter() - t
            print(f"| local, {workers} worker(s) | {report.added} | {secs:.1f} | "
                  f"{report.added / secs:.1f} |", flush=True)  # fmt: skip
            local = local or exports(db)
        for cores in (1, 2):
            out, db = base / f"spark{cores}", base / f"spark{cores}.duckdb"
            t = time.perf_counter()
            report_s = build_parquet([corpus], out, config, master=f"local[{cores}]")
            secs = time.perf_counter() - t
            t = time.perf_counter()
            load(out, db)
            loaded = time.perf_counter() - t
            same = exports(db) == local
            print(f"| Spark local[{cores}] (+ load {loaded:.1f} s; same record: {same}) | "
                  f"{report_s.documents} | {secs:.1f} | {report_s.documents / secs:.1f} |",
                  flush=True)  # fmt: skip


def equal(args: argparse.Namespace) -> None:
    """All of t17-dev through the local engine (one worker) and Spark, then ``load``: every
    export compared row for row; the first difference of each is printed."""
    from communique.api import build
    from communique.config import Config
    from communique.scale.engine import build_parquet
    from communique.scale.load import load

    config, inputs = Config(event_coder=args.coder), sorted(T17.glob("*/articles.jsonl.gz"))
    steps = _timed_steps()
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        t = time.perf_counter()
        report = build(inputs, base / "local.duckdb", config)
        local_secs = time.perf_counter() - t
        t = time.perf_counter()
        built = build_parquet(inputs, base / "out", config, master=args.master)
        spark_secs = time.perf_counter() - t
        t = time.perf_counter()
        load(base / "out", base / "spark.duckdb")
        load_secs = time.perf_counter() - t
        want = exports(base / "local.duckdb", all_exports=True)
        got = exports(base / "spark.duckdb", all_exports=True)
    print(f"local: {report.added} documents, {len(report.failures)} failures, {local_secs:.1f} s; "
          f"Spark {args.master}: {built.documents} documents, {built.failed} failures, "
          f"{built.duplicates} near-duplicates, {spark_secs:.1f} s + load {load_secs:.1f} s")  # fmt: skip
    print("Spark steps: " + ", ".join(f"{name} {secs:.1f} s" for name, secs in steps.items()))
    print("| export | local rows | Spark rows | identical |")
    print("|---|---|---|---|")
    for what in want:
        print(f"| {what} | {len(want[what])} | {len(got[what])} | {got[what] == want[what]} |")
    for what in want:
        for i, (a, b) in enumerate(zip(want[what], got[what], strict=False)):
            if a != b:
                print(f"first difference in {what}, row {i}:\n  local {a}\n  spark {b}")
                break


def append(args: argparse.Namespace) -> None:
    """A day appended to a Spark build of the rest of t17-dev, against a full build."""
    from communique.api import build
    from communique.config import Config
    from communique.scale.engine import build_parquet
    from communique.scale.load import load

    config, inputs = Config(event_coder=args.coder), sorted(T17.glob("*/articles.jsonl.gz"))
    steps = _timed_steps()
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        earlier, day = _held_out(inputs, base, args.days, args.every)
        runs = {}
        for name, how in (("earlier", ([earlier], False)), ("append", ([day], True)),
                          ("full", (inputs, False))):  # fmt: skip
            out = base / ("full" if name == "full" else "out")
            t = time.perf_counter()
            built = build_parquet(how[0], out, config, master=args.master, append=how[1])
            runs[name] = (built, time.perf_counter() - t, dict(steps))
        load(base / "out", base / "spark.duckdb")
        build(inputs, base / "local.duckdb", config)
        got, want = exports(base / "spark.duckdb", True), exports(base / "local.duckdb", True)
        for found in (got, want):  # read from other files: where is all that may differ
            found["documents"] = [json.dumps({**json.loads(r), "source": None}, sort_keys=True)
                                  for r in found["documents"]]  # fmt: skip
        same = got == want
    print(f"appended record identical to a local build of everything: {same}")
    print("| run | documents | seconds | refresh s | contradictions s | units recomputed |")
    print("|---|---|---|---|---|---|")
    for name, (built, secs, timed) in runs.items():
        units = ", ".join(f"{k} {v}" for k, v in built.refreshed)
        print(f"| {name} | {built.documents} | {secs:.1f} | {timed.get('write_refresh', 0):.1f} | "
              f"{timed.get('contradictions', 0):.1f} | {units} |")  # fmt: skip


def _held_out(inputs: list[Path], base: Path, days: int, every: int) -> tuple[Path, Path]:
    """t17-dev in two folders of JSON Lines (one file per topic): the records of the last
    ``days`` dates (and every ``every``-th date), and the others."""
    topics = [gzip.decompress(p.read_bytes()).decode().splitlines() for p in inputs]
    day_of = {line: str(json.loads(line).get("published") or "")[:10] for t in topics for line in t}
    dates = sorted(set(day_of.values()))
    held = set(dates[-days:]) | (set(dates[::every]) if every else set())
    folders = (base / "earlier", base / "day")
    for folder in folders:
        folder.mkdir()
    for k, lines in enumerate(topics):
        for folder, keep in zip(folders, (False, True), strict=True):
            chosen = "".join(f"{x}\n" for x in lines if (day_of[x] in held) == keep)
            (folder / f"topic-{k}.jsonl").write_text(chosen, encoding="utf-8")
    return folders


def _timed_steps() -> dict[str, float]:
    """Time the Spark build's corpus-level steps (near-duplicates, the refresh, the figure
    contradictions): wrap them where the engine calls them."""
    from communique.scale import engine

    times: dict[str, float] = {}
    for name in ("near_duplicate_map", "write_refresh", "contradictions"):
        step = getattr(engine, name)

        def timed(*a: object, _step: Any = step, _name: str = name) -> Any:
            t = time.perf_counter()
            out = _step(*a)
            if _name != "write_refresh":  # lazy: time its writing too
                out = out.localCheckpoint()
            times[_name] = time.perf_counter() - t
            return out

        setattr(engine, name, timed)
    return times


def memory(args: argparse.Namespace) -> None:
    recs = records(args.docs)
    print("| corpus | documents | seconds | driver (Python) peak RSS | driver JVM peak RSS |")
    print("|---|---|---|---|---|")
    for factor in (int(f) for f in args.factors.split(",")):
        with tempfile.TemporaryDirectory() as tmp:
            corpus = write_slice(Path(tmp) / "in", recs, factor)
            cmd = [sys.executable, __file__, "_one", str(corpus), str(Path(tmp) / "out"),
                   args.coder]  # fmt: skip
            line = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
            docs, secs, py_mb, jvm_mb = line.strip().splitlines()[-1].split()
            print(f"| {factor}x | {docs} | {secs} | {py_mb} MB | {jvm_mb} MB |", flush=True)


def _one(corpus: str, out: str, coder: str) -> None:
    """One Spark build in this process: documents, seconds, peak RSS of the driver's Python
    process and of its JVM (in local mode the JVM also runs the executors' JVM side)."""
    from communique.config import Config
    from communique.scale import engine, session

    config = Config(event_coder=coder)
    files, problems = engine._files([corpus], engine._options(config))
    t = time.perf_counter()
    with session.spark_session("local[2]") as spark:
        report = engine._run(spark, files, problems, out, config, None)
        jvm = _hwm(spark.sparkContext._gateway.proc.pid)
    secs = time.perf_counter() - t
    py = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(report.documents, f"{secs:.1f}", f"{py:.0f}", f"{jvm:.0f}")


def refresh(args: argparse.Namespace) -> None:
    """Memory of the local refresh in one process (the reference): in a fresh process, resident memory before and after
    reading the slice's documents, and its peak computing the refresh over them."""
    from communique.api import build
    from communique.config import Config

    with tempfile.TemporaryDirectory() as tmp:
        corpus = write_slice(Path(tmp) / "in", records(args.docs))
        db = Path(tmp) / "x.duckdb"
        build([corpus], db, Config(event_coder=args.coder))
        cmd = [sys.executable, __file__, "_refresh", str(db)]
        line = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
        print("| documents | events | seconds | documents held | peak over the base | entries |")
        print("|---|---|---|---|---|---|")
        print(line.strip().splitlines()[-1])


def state(args: argparse.Namespace) -> None:
    """Per document, what a full refresh does to every document (decode its payload, its
    facts, its reports) against what an append does to every stored one (read and write its
    kept state: facts and reports, pickled), in one process."""
    import itertools
    import pickle

    from communique.api import build
    from communique.config import Config
    from communique.scale.executor import documents
    from communique.scale.facts import doc_facts, doc_reports
    from communique.scale.tables import payload
    from communique.store.duckdb_store import DuckDBStore
    from communique.store.rows import Provenance

    with tempfile.TemporaryDirectory() as tmp:
        corpus = write_slice(Path(tmp) / "in", records(args.docs))
        build([corpus], Path(tmp) / "x.duckdb", Config(event_coder=args.coder))
        with DuckDBStore(Path(tmp) / "x.duckdb", read_only=True) as store:
            prov = Provenance("bench", "bench", "bench")
            rows = [{"payload": payload(d, prov)} for d in store.iter_documents()]
    t = [time.perf_counter()]
    docs = list(documents(rows))
    t.append(time.perf_counter())
    facts = [list(doc_facts(d, False)) for d in docs]
    t.append(time.perf_counter())
    found = [list(doc_reports(d, {}, None, ())) for d in docs]
    t.append(time.perf_counter())
    kept = [
        pickle.dumps((d.doc_id, (None, f)), protocol=5) for d, f in zip(docs, facts, strict=True)
    ]
    kept += [pickle.dumps((d.doc_id, r), protocol=5) for d, r in zip(docs, found, strict=True)]
    t.append(time.perf_counter())
    again = [pickle.dumps(pickle.loads(b), protocol=5) for b in kept]
    t.append(time.perf_counter())
    n, ms = len(docs), [(b - a) * 1000 / len(docs) for a, b in itertools.pairwise(t)]
    print(
        "| documents | decode ms | facts ms | reports ms | state read+write ms | state KB | payload KB |"
    )
    print("|---|---|---|---|---|---|---|")
    print(f"| {n} | {ms[0]:.2f} | {ms[1]:.2f} | {ms[2]:.2f} | {ms[4]:.2f} | "
          f"{sum(map(len, again)) / n / 1024:.1f} | {sum(len(r['payload']) for r in rows) / n / 1024:.1f} |")  # fmt: skip


def _refresh_one(db: str) -> None:
    from communique.scale.corpus import refresh_rows
    from communique.store.duckdb_store import DuckDBStore

    refresh_rows([], {})  # imports and the knowledge base: the base line
    base = _rss_self()
    with DuckDBStore(db, read_only=True) as store:
        docs = list(store.iter_documents())
    held = _rss_self() - base
    t = time.perf_counter()
    rows = refresh_rows(docs, {})
    secs = time.perf_counter() - t
    events = sum(len(d.events) for d in docs)
    print(f"| {len(docs)} | {events} | {secs:.1f} | {held:.0f} MB | "
          f"{_hwm_self() - base:.0f} MB | {len(rows['timeline'])} |")  # fmt: skip


def groups(args: argparse.Namespace) -> None:
    """The keyed refresh's groups on a slice: how many, the largest, all members."""
    from communique.api import build
    from communique.config import Config
    from communique.store.duckdb_store import DuckDBStore

    with tempfile.TemporaryDirectory() as tmp:
        corpus = write_slice(Path(tmp) / "in", records(args.docs))
        db = Path(tmp) / "x.duckdb"
        build([corpus], db, Config(event_coder=args.coder))
        with DuckDBStore(db, read_only=True) as store:
            docs = list(store.iter_documents())
            sql = "SELECT doc_id, duplicate_of FROM documents WHERE duplicate_of IS NOT NULL"
            dups = {r["doc_id"]: r["duplicate_of"] for r in store.query(sql)}
    print(f"{len(docs)} documents, {len(dups)} near-duplicates")
    print("| step: members per group | groups | largest | all members |")
    print("|---|---|---|---|")
    for step, sizes in _group_sizes(docs, dups).items():
        print(f"| {step} | {len(sizes)} | {max(sizes, default=0)} | {sum(sizes)} |")


def _group_sizes(docs: list[Any], dups: dict[str, str]) -> dict[str, list[int]]:
    from communique.fuse.crossdate import cross_date
    from communique.fuse.merge import at_visit, happenings, reports
    from communique.scale.facts import Item, doc_facts, report_id
    from communique.scale.steps import link_keys, visit_index, visit_requests

    facts = [f for d in docs for f in doc_facts(d, d.doc_id in dups)]
    tags = {"mention": "actors: mentions per actor_id", "cand": "cross-dating: reports per "
            "(family, persons)", "actual": "pledges: actual figures per (unit, head word)",
            "visit": "pledges: visits per actor"}  # fmt: skip
    out = {step: list(Counter(k for t, k, _ in facts if t == tag).values())
           for tag, step in tags.items()}  # fmt: skip
    originals = [d for d in docs if d.doc_id not in dups]
    dates = {d.doc_id: d.meta.published for d in originals if d.meta.published}
    dates.update({x.doc_id: x.published for x in cross_date(originals, reports(originals, dates))})
    seen: Counter[str] = Counter()
    items = []
    for r in reports(originals, dates):
        items.append(Item(report_id(r.doc_id, seen[r.doc_id]), r))
        seen[r.doc_id] += 1
    owners: dict[str, list[str]] = {}
    for i in items:
        for key, own in link_keys(i):
            owners.setdefault(key, []).append(i.rid if own else "~" + i.rid)
    edges = [(min(m.lstrip("~") for m in ms), m.lstrip("~")) for ms in owners.values()
             if any(not m.startswith("~") for m in ms) for m in ms]  # fmt: skip
    out["happenings: reports per component"] = _sizes([i.rid for i in items], edges)
    found = [(g[0].rid, tuple(g)) for g in _grouped(items, happenings([i.report for i in items]))]
    index: dict[Any, list[Any]] = {}
    for g in found:
        for key, value in visit_index(g):
            index.setdefault(key, []).append(value)
    links = [(a, gid) for g in found for key, (a, host) in visit_requests(g)
             for gid, where in index.get(key, ()) if at_visit(*where, host)]  # fmt: skip
    out["visits: happenings per component"] = _sizes([gid for gid, _ in found], links)
    return out


def _grouped(items: list[Any], groups: list[list[Any]]) -> list[list[Any]]:
    by_report = {id(i.report): i for i in items}
    return [[by_report[id(r)] for r in g] for g in groups]


def _sizes(nodes: list[str], edges: list[tuple[str, str]]) -> list[int]:
    """The sizes of the connected components (union-find)."""
    parent = {n: n for n in nodes}

    def root(n: str) -> str:
        while parent[n] != n:
            parent[n] = parent[parent[n]]
            n = parent[n]
        return n

    for a, b in edges:
        parent[root(a)] = root(b)
    return list(Counter(root(n) for n in nodes).values())


def _rss_self() -> float:
    return _status(Path("/proc/self/status"), "VmRSS:")


def _hwm_self() -> float:
    return _status(Path("/proc/self/status"), "VmHWM:")


def _status(path: Path, key: str) -> float:
    for line in path.read_text().splitlines():
        if line.startswith(key):
            return int(line.split()[1]) / 1024
    return float("nan")


def _hwm(pid: int) -> float:
    """Peak resident memory of a process, MB (Linux)."""
    return _status(Path(f"/proc/{pid}/status"), "VmHWM:")


def main() -> None:
    if sys.argv[1:2] == ["_one"]:
        _one(*sys.argv[2:5])
        return
    if sys.argv[1:2] == ["_refresh"]:
        _refresh_one(sys.argv[2])
        return
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument(
        "what", choices=["throughput", "memory", "refresh", "equal", "groups", "append", "state"]
    )
    ap.add_argument("--days", type=int, default=1)
    ap.add_argument("--every", type=int, default=0)
    ap.add_argument("--docs", type=int, default=120)
    ap.add_argument("--coder", choices=["rules", "learned"], default="rules")
    ap.add_argument("--factors", default="1,4,16")
    ap.add_argument("--master", default="local[2]")
    args = ap.parse_args()
    runs = {"throughput": throughput, "memory": memory, "refresh": refresh, "equal": equal,
            "groups": groups, "append": append, "state": state}  # fmt: skip
    runs[args.what](args)


if __name__ == "__main__":
    main()
