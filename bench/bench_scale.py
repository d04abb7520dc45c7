"""Scale-out bench: the local engine on 1 and 2 workers, Spark local[1] and local[2], on a
slice of t17-dev; the Spark driver's memory as the corpus grows (1x, 4x, 16x, documents
replicated with changed ids); and whether the Spark and local records are the same.

    python bench/bench_scale.py throughput [--docs 120] [--coder rules]
    python bench/bench_scale.py memory [--docs 40] [--factors 1,4,16]
    python bench/bench_scale.py refresh [--docs 1000]
    python bench/bench_scale.py equal [--master local[2]] [--coder rules]

The slice is the first records of each t17-dev topic file in turn, written as 8 JSON Lines
files (Spark reads a file per task: one file would be one task). ``equal`` instead reads all of
t17-dev as it comes (its five ``articles.jsonl.gz`` files) with both engines and compares every
export row for row. Figures go to stdout as Markdown rows for docs/scale.md.
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
from pathlib import Path

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
    print("| export | local rows | Spark rows | identical |")
    print("|---|---|---|---|")
    for what in want:
        print(f"| {what} | {len(want[what])} | {len(got[what])} | {got[what] == want[what]} |")
    for what in want:
        for i, (a, b) in enumerate(zip(want[what], got[what], strict=False)):
            if a != b:
                print(f"first difference in {what}, row {i}:\n  local {a}\n  spark {b}")
                break


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
    """Memory of the one refresh task: in a fresh process, resident memory before and after
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
    ap.add_argument("what", choices=["throughput", "memory", "refresh", "equal"])
    ap.add_argument("--docs", type=int, default=120)
    ap.add_argument("--coder", choices=["rules", "learned"], default="rules")
    ap.add_argument("--factors", default="1,4,16")
    ap.add_argument("--master", default="local[2]")
    args = ap.parse_args()
    runs = {"throughput": throughput, "memory": memory, "refresh": refresh, "equal": equal}
    runs[args.what](args)


if __name__ == "__main__":
    main()
