"""Small dated fact tables compiled beside the offices (``python -m communique.kb.build``).

- ``curated/relations.csv`` (``a,b,established,source``): when two states (ISO codes; the
  USSR counts as RUS) established diplomatic relations. Written with the pair in code order.
- ``curated/meetings.csv`` (``series,aliases,number,start,end,place,country,source``):
  numbered meetings whose number fixes a date (party congresses, summits). ``aliases`` are the
  ``;``-separated names news gives the series, on any of its rows; the compiled
  ``meetings_series.csv`` holds them once per series.
- UN General Assembly sessions 50 to 81 are made by rule where the curated table lacks them:
  the regular session N opens in September of 1945 + N and runs until the next one opens.

Every row is checked: known codes, dates ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``, one row per
pair or per (series, number), a source.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from pathlib import Path

RELATION_COLUMNS = ("a", "b", "established", "source")
MEETING_COLUMNS = ("series", "aliases", "number", "start", "end", "place", "country", "source")
SERIES_COLUMNS = ("series", "aliases")
DATE = re.compile(r"\d{4}(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12]\d|3[01]))?)?")
SERIES = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")

UNGA_SERIES = "unga-session"
UNGA_ALIASES = ("United Nations General Assembly", "UN General Assembly", "UNGA",
                "General Assembly")  # fmt: skip
UNGA_SESSIONS = range(50, 82)
UNGA_SOURCE = "rule: regular session N opens in September of 1945+N, ends when the next opens"


def _read(path: Path, columns: tuple[str, ...]) -> list[tuple[str, dict[str, str]]]:
    with path.open(encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        if tuple(reader.fieldnames or ()) != columns:
            raise ValueError(f"{path.name}: columns must be {','.join(columns)}")
        out = []
        for n, rec in enumerate(reader, start=2):
            if None in rec:
                _fail(f"{path.name}:{n}", "more fields than columns (quote commas)")
            out.append((f"{path.name}:{n}", {k: (v or "").strip() for k, v in rec.items()}))
        return out


def _fail(where: str, problem: str) -> None:
    raise ValueError(f"{where}: {problem}")


def relations(path: Path, valid: set[str]) -> list[dict[str, str]]:
    seen: dict[tuple[str, str], str] = {}
    out = []
    for where, rec in _read(path, RELATION_COLUMNS):
        a, b = sorted((rec["a"], rec["b"]))
        if a == b or a not in valid or b not in valid:
            _fail(where, f"not a pair of known codes: {rec['a']}, {rec['b']}")
        if not DATE.fullmatch(rec["established"]) or not rec["source"]:
            _fail(where, "needs a date YYYY[-MM[-DD]] and a source")
        if (a, b) in seen:
            _fail(where, f"{a}-{b} already at {seen[a, b]}")
        seen[a, b] = where
        out.append({"a": a, "b": b, "established": rec["established"], "source": rec["source"]})
    return sorted(out, key=lambda r: (r["a"], r["b"]))


def _meeting(where: str, rec: dict[str, str], valid: set[str]) -> dict[str, str]:
    if not SERIES.fullmatch(rec["series"]) or not rec["number"].isdigit():
        _fail(where, f"series must be a lowercase key and number an integer: {rec}")
    if not DATE.fullmatch(rec["start"]) or (rec["end"] and not DATE.fullmatch(rec["end"])):
        _fail(where, f"bad dates {rec['start']!r}, {rec['end']!r}")
    if rec["end"] and rec["end"][: len(rec["start"])] < rec["start"][: len(rec["end"])]:
        _fail(where, "ends before it starts")
    if (rec["country"] and rec["country"] not in valid) or not rec["source"]:
        _fail(where, f"unknown host {rec['country']!r} or no source")
    return {k: rec[k] for k in MEETING_COLUMNS if k != "aliases"} | {
        "number": str(int(rec["number"]))
    }


def meetings(path: Path, valid: set[str]) -> tuple[list[dict[str, str]], dict[str, list[str]]]:
    """The meetings, one per (series, number), and each series' aliases."""
    rows: dict[tuple[str, int], dict[str, str]] = {}
    aliases: dict[str, list[str]] = {}
    for where, rec in _read(path, MEETING_COLUMNS):
        row = _meeting(where, rec, valid)
        key = (row["series"], int(row["number"]))
        if key in rows:
            _fail(where, f"{key} given twice")
        rows[key] = row
        _add_aliases(aliases.setdefault(row["series"], []), rec["aliases"].split(";"))
    for n in UNGA_SESSIONS:
        rows.setdefault((UNGA_SERIES, n), {
            "series": UNGA_SERIES, "number": str(n), "start": f"{1945 + n}-09",
            "end": f"{1946 + n}-09", "place": "New York", "country": "USA", "source": UNGA_SOURCE,
        })  # fmt: skip
    _add_aliases(aliases.setdefault(UNGA_SERIES, []), UNGA_ALIASES)
    return [rows[k] for k in sorted(rows)], aliases


def _add_aliases(names: list[str], more: Iterable[str]) -> None:
    """Add the new names of a series; names differing only in case are one name."""
    seen = {n.casefold() for n in names}
    for name in (m.strip() for m in more):
        if name and name.casefold() not in seen:
            seen.add(name.casefold())
            names.append(name)


def _write(path: Path, columns: tuple[str, ...], rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(columns))
        w.writeheader()
        w.writerows(rows)


def write(curated: Path, out: Path, valid: set[str]) -> None:
    _write(out / "relations.csv", RELATION_COLUMNS, relations(curated / "relations.csv", valid))
    rows, aliases = meetings(curated / "meetings.csv", valid)
    _write(out / "meetings.csv", tuple(c for c in MEETING_COLUMNS if c != "aliases"), rows)
    series = [{"series": s, "aliases": ";".join(a)} for s, a in sorted(aliases.items())]
    _write(out / "meetings_series.csv", SERIES_COLUMNS, series)
