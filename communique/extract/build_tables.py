"""Compile the CAMEO tables shipped in ``communique/extract/data/`` (codes and scores only).

    python -m communique.extract.build_tables [--shared ../shared]

From ``reference/cameo/CAMEO.goldsteinscale.txt`` (code -> Goldstein score) and
``reference/plover/CAMEO2PLOVER-2021.txt`` (code -> PLOVER event, mode, context; CC BY-SA).
"""

from __future__ import annotations

import argparse
import csv
import re
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_SHARED = HERE.parents[2] / "shared"


def goldstein(shared: Path) -> dict[str, str]:
    out = {}
    lines = (shared / "reference/cameo/CAMEO.goldsteinscale.txt").read_text().splitlines()
    for line in lines[1:]:
        parts = line.split()
        if len(parts) == 2:
            out[parts[0]] = parts[1]
    return out


def cameo_to_plover(shared: Path) -> dict[str, tuple[str, str, str]]:
    out = {}
    text = (shared / "reference/plover/CAMEO2PLOVER-2021.txt").read_text()
    for line in text.splitlines():
        m = re.match(r"^(\d{2,4}):\s*([A-Z]+)\s*,?\s*([\w-]*)\s*,?\s*([\w-]*)", line)
        if m:
            out[m.group(1)] = (m.group(2), m.group(3), m.group(4))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    args = ap.parse_args()
    gs = goldstein(args.shared)
    cp = cameo_to_plover(args.shared)
    with (HERE / "data" / "cameo.csv").open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["cameo", "goldstein", "plover", "mode", "context"])
        for code in sorted(set(gs) | set(cp)):
            w.writerow([code, gs.get(code, ""), *cp.get(code, ("", "", ""))])
    print(f"wrote {len(set(gs) | set(cp))} CAMEO codes")


if __name__ == "__main__":
    main()
