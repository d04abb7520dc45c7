"""Benchmark ``build``: documents/second and peak memory (not a test).

Scenarios: the five seeds replicated to 2,000 documents, and the 1,182 t17-dev articles.
Each scenario runs in a fresh subprocess so that its peak RSS is its own. One line per figure.

    python bench/bench_build.py [--scenario seeds2000|t17dev|all] [--copies 400]
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def _replicate_seeds(folder: Path, copies: int) -> list[str]:
    seeds = sorted((SHARED / "corpus" / "seeds").glob("*.txt"))
    for i in range(copies):
        for seed in seeds:
            shutil.copy(seed, folder / f"{seed.stem}_{i:04d}.txt")
    return [str(folder)]


def _t17_inputs() -> list[str]:
    return sorted(str(p) for p in (SHARED / "corpus" / "t17-dev").glob("*/articles.jsonl.gz"))


def run_scenario(name: str, copies: int, coder: str = "learned") -> dict[str, float]:
    from communique.api import build
    from communique.config import Config

    with tempfile.TemporaryDirectory() as tmp:
        tmpdir = Path(tmp)
        if name == "seeds2000":
            (tmpdir / "in").mkdir()
            inputs = _replicate_seeds(tmpdir / "in", copies)
        else:
            inputs = _t17_inputs()
        t0 = time.perf_counter()
        report = build(inputs, tmpdir / "bench.duckdb", config=Config(event_coder=coder))
        seconds = time.perf_counter() - t0
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "documents": report.added,
        "failed": report.failed,
        "seconds": round(seconds, 2),
        "docs_per_s": round(report.added / seconds, 1) if seconds else 0.0,
        "peak_rss_mb": round(peak_kb / 1024, 1),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--scenario", default="all", choices=["all", "seeds2000", "t17dev"])
    ap.add_argument("--copies", type=int, default=400, help="copies of each seed (5 seeds)")
    ap.add_argument("--coder", default="learned", choices=["learned", "rules"])
    ap.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        print(json.dumps(run_scenario(args.scenario, args.copies, args.coder)))
        return
    names = ["seeds2000", "t17dev"] if args.scenario == "all" else [args.scenario]
    for name in names:
        cmd = [
            sys.executable,
            __file__,
            "--child",
            "--scenario",
            name,
            "--copies",
            str(args.copies),
            "--coder",
            args.coder,
        ]
        out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
        fig = json.loads(out.strip().splitlines()[-1])
        print(f"build {name} ({args.coder}): {fig['documents']} documents in {fig['seconds']} s")
        print(f"build {name}: {fig['docs_per_s']} documents/s")
        print(f"build {name}: peak memory {fig['peak_rss_mb']} MB")


if __name__ == "__main__":
    main()
