"""Benchmark one big input: wall time and peak memory of ``build`` on a ~30 MB text file
(not a test). Peak memory is the process's peak resident set (getrusage), imports and
the event coder's model included.

Scenarios, each in a fresh subprocess so that its peak RSS is its own:

- ``repeated``: a seed article (read at run time from ../shared) repeated to ~30 MB in one
  .txt, built with the default limit: named as too large, not read;
- ``repeated-raised``: the same file with the limit raised to 64 MB (``--max-bytes 64M``):
  read, its repeated paragraphs collapsed, analysed once;
- ``synthetic``: ~30 MB of generated sentences, all different, default limit: too large;
- ``synthetic-jsonl``: the same sentences as a .jsonl.gz of ~3 KB records (streamed),
  ingest and cleaning only (no analysis): the cost of reading 30 MB of collections.

    python bench/bench_big_input.py [--scenario NAME|all] [--mb 30] [--coder rules]
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SCENARIOS = ("repeated", "repeated-raised", "synthetic", "synthetic-jsonl")
_PLACES = ("Hanoi", "Lima", "Oslo", "Nairobi", "Jakarta", "Ottawa", "Seoul", "Rabat")
_ACTORS = ("Vietnam", "Peru", "Norway", "Kenya", "Indonesia", "Canada", "Korea", "Morocco")
_TOPICS = ("trade", "fisheries", "energy", "visas", "rail links", "climate finance")


def _repeated(path: Path, mb: float) -> None:
    article = sorted((SHARED / "corpus" / "seeds").glob("*.txt"))[0].read_text(encoding="utf-8")
    with path.open("w", encoding="utf-8") as fh:
        while fh.tell() < mb * 1_000_000:
            fh.write(article.rstrip("\n") + "\n\n")


def _sentences(seed: int = 7) -> Iterator[str]:
    rng = random.Random(seed)
    n = 0
    while True:
        n += 1
        a, b = rng.sample(_ACTORS, 2)
        yield (
            f"Delegation {n} from {a} met officials of {b} in {rng.choice(_PLACES)} on day "
            f"{rng.randint(1, 28)} to discuss {rng.choice(_TOPICS)} worth {rng.randint(2, 900)} "
            f"million dollars, said spokesperson number {rng.randint(1, 10**6)}."
        )


def _synthetic(path: Path, mb: float) -> None:
    lines = _sentences()
    with path.open("w", encoding="utf-8") as fh:
        while fh.tell() < mb * 1_000_000:
            fh.write(" ".join(next(lines) for _ in range(4)) + "\n")


def _synthetic_jsonl(path: Path, mb: float) -> None:
    lines = _sentences()
    written = 0
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        n = 0
        while written < mb * 1_000_000:
            text = "\n".join(next(lines) for _ in range(16))
            line = json.dumps({"doc_id": f"r{n}", "text": text}) + "\n"
            fh.write(line)
            written += len(line)
            n += 1


def _ingest_only(path: Path) -> dict[str, object]:
    from communique.ingest import InputTally, iter_inputs, to_document
    from communique.ingest.records import RawDoc

    tally = InputTally()
    docs = 0
    for item in iter_inputs([path], tally=tally):
        if isinstance(item, RawDoc):
            to_document(item)
            docs += 1
    return {"documents": docs, "inputs": tally.summary().describe()}


def _build(path: Path, db: Path, max_bytes: int | None, coder: str) -> dict[str, object]:
    from communique.api import build
    from communique.config import Config
    from communique.store.duckdb_store import DuckDBStore

    config = Config(event_coder=coder)
    if max_bytes:
        config = Config(event_coder=coder, max_document_bytes=max_bytes)
    report = build([path], db, config=config)
    with DuckDBStore(db, read_only=True) as store:
        events = store.count("events")
        sentences = store.scalar("SELECT count(DISTINCT sentence) FROM events")
    return {
        "documents": report.added,
        "failures": [str(f) for f in report.failures],
        "events": events,
        "distinct_event_sentences": sentences,
        "inputs": report.inputs.describe(tuple(f.code for f in report.failures)),
    }


def run_scenario(name: str, mb: float, coder: str) -> dict[str, object]:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        if name == "synthetic-jsonl":
            path = folder / "big.jsonl.gz"
            _synthetic_jsonl(path, mb)
        else:
            path = folder / "big.txt"
            (_repeated if name.startswith("repeated") else _synthetic)(path, mb)
        size = path.stat().st_size
        t0 = time.perf_counter()
        if name == "synthetic-jsonl":
            result = _ingest_only(path)
        else:
            raised = 64_000_000 if name == "repeated-raised" else None
            result = _build(path, folder / "bench.duckdb", raised, coder)
        seconds = time.perf_counter() - t0
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "scenario": name,
        "input_mb": round(size / 1_000_000, 1),
        "seconds": round(seconds, 2),
        "peak_rss_mb": round(peak_kb / 1024, 1),
        **result,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--scenario", default="all", choices=["all", *SCENARIOS])
    ap.add_argument("--mb", type=float, default=30, help="size of the generated input (MB)")
    ap.add_argument("--coder", default="learned", choices=["learned", "rules"])
    ap.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        print(json.dumps(run_scenario(args.scenario, args.mb, args.coder)))
        return
    names = SCENARIOS if args.scenario == "all" else (args.scenario,)
    for name in names:
        cmd = [sys.executable, __file__, "--child", "--scenario", name, "--mb", str(args.mb)]
        out = subprocess.run(
            [*cmd, "--coder", args.coder], check=True, capture_output=True, text=True
        )
        print(out.stdout.strip().splitlines()[-1])


if __name__ == "__main__":
    main()
