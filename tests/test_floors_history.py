"""Floors only move the right way, unless CHANGELOG.md says why.

Every committed version of every file in tests/floors/ (and the working tree's) is compared with
the one before it. A floor that went down, a ceiling (a key ending in ``_max``) that went up, or
a floor that disappeared must be named in CHANGELOG.md as ``FILE:KEY OLD -> NEW`` (``removed``
for NEW), in a line that says why.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FLOORS = ROOT / "tests" / "floors"


def _git(*args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout


def _flat(value: object, prefix: str = "") -> dict[str, float]:
    if isinstance(value, dict):
        out: dict[str, float] = {}
        for key, sub in value.items():
            out.update(_flat(sub, f"{prefix}.{key}" if prefix else str(key)))
        return out
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return {prefix: float(value)}
    return {}


def _versions(path: Path) -> list[dict[str, float]]:
    rel = path.relative_to(ROOT).as_posix()
    commits = _git("log", "--format=%H", "--", rel).split()
    versions = [_flat(json.loads(_git("show", f"{c}:{rel}"))) for c in reversed(commits)]
    return [*versions, _flat(json.loads(path.read_text(encoding="utf-8")))]


def loosenings(name: str, versions: list[dict[str, float]]) -> list[str]:
    """``FILE:KEY OLD -> NEW`` for each step where a floor went down or a ceiling up."""
    out = []
    for old, new in zip(versions, versions[1:], strict=False):
        for key, before in old.items():
            after = new.get(key)
            looser = after is None or (after > before if key.endswith("_max") else after < before)
            if looser:
                shown = "removed" if after is None else f"{after:g}"
                out.append(f"{name}:{key} {before:g} -> {shown}")
    return out


def test_floor_files_have_history() -> None:
    files = sorted(FLOORS.glob("*.json"))
    assert len(files) >= 3
    assert all(len(_versions(f)) >= 2 for f in files if _git("log", "--format=%H", "--", str(f)))


def test_every_loosened_floor_is_explained_in_the_changelog() -> None:
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    unexplained = [
        step
        for f in sorted(FLOORS.glob("*.json"))
        for step in loosenings(f.name, _versions(f))
        if step not in changelog
    ]
    assert not unexplained, "floors loosened with no note in CHANGELOG.md: " + "; ".join(
        unexplained
    )


def test_the_check_sees_lowered_floors_raised_ceilings_and_removals() -> None:
    v1 = _flat({"a": {"accuracy": 0.5, "false_events_max": 0.2}, "b": 0.7})
    v2 = _flat({"a": {"accuracy": 0.6, "false_events_max": 0.1}, "b": 0.7})
    v3 = _flat({"a": {"accuracy": 0.4, "false_events_max": 0.3}})
    assert loosenings("f.json", [v1, v2]) == []
    assert loosenings("f.json", [v1, v2, v3]) == [
        "f.json:a.accuracy 0.6 -> 0.4",
        "f.json:a.false_events_max 0.1 -> 0.3",
        "f.json:b 0.7 -> removed",
    ]
