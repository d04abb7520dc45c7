"""Corrections to reference office rows, read from ``curated/reference_fixes.csv``.

A reference file can be wrong in ways a curated term cannot repair by overlapping it: a
holder filed under the wrong state (the German Democratic Republic's leaders in the block of
Germany), a person listed twice under two names, an acting holder listed as a second holder
of the office. Each fix names the reference term (holder, country, role and optionally its
start) and says what to do: ``drop``, or ``field=value|field=value`` over name, country,
role, title, start and end; its ``reason`` names the error. Curated rows are never touched
(they are ours to edit), and a fix that matches no row stops the build (it is stale).
"""

from __future__ import annotations

import csv
import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from communique.kb.fold import slug
from communique.kb.office_row import OfficeRow

FIELDS = ("name", "country", "role", "title", "start", "end")
COLUMNS = ("name", "country", "role", "start", "fix", "reason")


@dataclass(frozen=True)
class Fix:
    actor_id: str
    country: str
    role: str
    start: str  # "" = every term of that holder in that office
    changes: tuple[tuple[str, str], ...] | None  # None: drop the row
    reason: str

    def matches(self, r: OfficeRow) -> bool:
        return (r.actor_id, r.country, r.role) == (
            self.actor_id,
            self.country,
            self.role,
        ) and r.start.startswith(self.start)


def _changes(text: str, where: str) -> tuple[tuple[str, str], ...] | None:
    if text.strip() == "drop":
        return None
    out = []
    for part in text.split("|"):
        field, sep, value = part.partition("=")
        if not sep or field.strip() not in FIELDS:
            raise ValueError(f"{where}: cannot read fix {text!r}")
        out.append((field.strip(), value.strip()))
    return tuple(out)


def read_fixes(path: Path) -> list[Fix]:
    if not path.exists():
        return []
    with path.open(encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        if tuple(reader.fieldnames or ()) != COLUMNS:
            raise ValueError(f"{path.name}: columns must be {','.join(COLUMNS)}")
        return [
            Fix(slug(rec["name"]), rec["country"], rec["role"], rec["start"],
                _changes(rec["fix"], f"{path.name}:{n}"), rec["reason"])
            for n, rec in enumerate(reader, start=2)
        ]  # fmt: skip


def apply_fixes(rows: Iterable[OfficeRow], fixes: list[Fix], used: set[int]) -> list[OfficeRow]:
    """``rows`` with the fixes applied to reference rows; the indexes of the fixes that
    matched something are added to ``used``."""
    out = []
    for r in rows:
        hit = None if r.source.startswith("curated") else next(
            (i for i, f in enumerate(fixes) if f.matches(r)), None)  # fmt: skip
        if hit is None:
            out.append(r)
            continue
        used.add(hit)
        fix = fixes[hit]
        if fix.changes is None:
            continue
        changed = dict(fix.changes)
        if "name" in changed:
            changed["actor_id"] = slug(changed["name"])
        fields = ", ".join(f for f, _ in fix.changes)
        changed["source"] = f"{r.source}; corrected ({fields}): {fix.reason}"
        out.append(dataclasses.replace(r, **changed))
    return out


def unused(fixes: list[Fix], used: set[int]) -> list[Fix]:
    return [f for i, f in enumerate(fixes) if i not in used]
