"""Switch off rules and components one at a time and report which gate catches each.

python scripts/mutation_check.py [--only NAME ...] [--jobs 2] [-o docs/mutations.md]

For each mutant in ``scripts/mutants.py`` the test command's pytest run (lint and types aside)
runs with that one mutation applied in every Python process, and the failing tests (the first
three) are the gates that caught it. A mutant no test catches is an escape: the report lists it and the exit
code is 1. Takes a few minutes a mutant (the suite minus the browser tests; ``--slow`` adds
the Spark and browser tests).
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

from mutants import MUTANTS  # noqa: E402

SITE = """import os, sys
if os.environ.get("COMMUNIQUE_MUTANT"):
    sys.path.insert(0, {scripts!r})
    import mutants
    mutants.by_name(os.environ["COMMUNIQUE_MUTANT"]).apply()
"""
MAXFAIL = 3  # enough to name the gates; a caught mutant stops early
FAILED = re.compile(r"^(?:FAILED|ERROR) (\S+)", re.M)


def run(name: str | None, site: str, slow: bool) -> tuple[str | None, list[str], str]:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [site, os.environ.get(
        "PYTHONPATH")])))  # fmt: skip
    if name:
        env["COMMUNIQUE_MUTANT"] = name
    marks = [] if slow else ["-m", "not browser and not slow"]
    cmd = [sys.executable, "-m", "pytest", "-q", "-rfE", "-p", "no:cacheprovider", *marks,
           f"--maxfail={MAXFAIL}"]  # fmt: skip
    out = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True)
    failed = sorted(set(FAILED.findall(out.stdout)))
    tail = out.stdout.strip().splitlines()[-1] if out.stdout.strip() else out.stderr[-300:]
    return name, failed, tail


def gate(test_id: str) -> str:
    """A test id shortened to file::test (parameters kept: they name the gate's split/type)."""
    return test_id.replace("tests/", "")


def report(results: list[tuple[str | None, list[str], str]]) -> tuple[str, int]:
    what = {m.name: m.what for m in MUTANTS}
    lines = ["| mutant | switched off | caught by (first failing tests) |", "|---|---|---|"]
    escapes = 0
    for name, failed, tail in results:
        if name is None:
            continue
        if not failed:
            escapes += 1
        shown = ", ".join(f"`{gate(t)}`" for t in failed) or f"**ESCAPED** ({tail})"
        lines.append(f"| `{name}` | {what[name]} | {shown} |")
    return "\n".join(lines), escapes


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--only", nargs="*", help="mutant names (default: all)")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--slow", action="store_true", help="also the Spark and browser tests")
    ap.add_argument("-o", "--output", help="write the Markdown table here")
    args = ap.parse_args()
    names = args.only or [m.name for m in MUTANTS]
    with tempfile.TemporaryDirectory() as site:
        Path(site, "sitecustomize.py").write_text(SITE.format(scripts=str(ROOT / "scripts")))
        baseline = run(None, site, args.slow)  # the unmutated suite must pass
        if baseline[1]:
            sys.exit(f"the unmutated suite fails: {baseline[1]}")
        with ThreadPoolExecutor(args.jobs) as pool:
            results = list(pool.map(lambda n: run(n, site, args.slow), names))
    table, escapes = report(results)
    print(table)
    if args.output:
        Path(args.output).write_text(table + "\n", encoding="utf-8")
    print(f"\n{len(results)} mutants, {escapes} escaped", file=sys.stderr)
    sys.exit(1 if escapes else 0)


if __name__ == "__main__":
    main()
