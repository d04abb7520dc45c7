"""A database of at least 100k events for the serving benchmark (not a test).

Building 100k events through the pipeline would take hours, so the LibyaWar corpus of t17-dev
(CNN and Reuters, 773 articles, about 7,500 events) is built once, the ordinary way, and its
rows are then replicated inside DuckDB until there are enough events: copy k (k = 1, 2, ...)
gets ``-r{k}`` appended to every id (documents, events, timeline entries, figures, pledges,
contradictions) and to every reference to one (JSON id lists, ``doc_id``/``event_id`` inside
JSON objects, ``duplicate_of``), and every date moved k years later (events, timeline entries
and their windows, documents, times, pledges, figures, contradictions, dates inside the
timeline's ``parts`` and ``claims``), so the copies read as the same war k years on. Actors
(the knowledge base) are shared by all copies. Article text is read from ``../shared`` at run
time and stays in the database file: nothing is copied into the repository.

Both files are cached: the LibyaWar build at ``DB.base.duckdb`` and the result at ``DB``; each
is reused when present at the code's schema version (and, for ``DB``, with enough events).

    python bench/make_big_db.py [--db /tmp/communique-bench-big.duckdb] [--min-events 100000]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import re
import shutil
import time
from pathlib import Path
from typing import Any

import duckdb

from communique.store import read_models

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
CORPUS = [SHARED / "corpus" / "t17-dev" / f"LibyaWar_{o}" / "articles.jsonl.gz"
          for o in ("cnn", "reuters")]  # fmt: skip
DEFAULT_DB = "/tmp/communique-bench-big.duckdb"
RUN_ID = "bench-replica"

# keys inside JSON values that hold one id, or a list of ids, of a replicated row
ID_KEYS = {"doc_id", "event_id", "entry_id", "figure_id", "pledge_id", "contradiction_id"}
ID_LIST_KEYS = {"doc_ids", "event_ids"}
DATE_KEYS = {"date", "made", "deadline", "period", "window"}
YEAR = re.compile(r"^\d{4}(?=$|[-/W])")

# per table: the columns that change in a copy (any other column is copied as it is);
# "{c}" is the column, "{k}" the copy number
SUFFIX = "{c} || '-r{k}'"
DATE = "shift_date({c}, {k})"
IDS = "suffix_ids({c}, {k})"
JSON = "remap_json({c}, {k})"
COPIED: dict[str, dict[str, str]] = {
    "documents": {
        "doc_id": SUFFIX,
        "duplicate_of": SUFFIX,
        "published": DATE,
        "published_window": DATE,
        "run_id": f"'{RUN_ID}'",
    },  # fmt: skip
    "sentences": {"doc_id": SUFFIX},
    "mentions": {"doc_id": SUFFIX},
    "times": {"doc_id": SUFFIX, "value": DATE, "anchor": DATE},
    "events": {"event_id": SUFFIX, "doc_id": SUFFIX, "date": DATE, "evidence": JSON},
    "figures": {"figure_id": SUFFIX, "doc_id": SUFFIX, "period": DATE},
    "pledges": {
        "pledge_id": SUFFIX,
        "doc_id": SUFFIX,
        "made": DATE,
        "deadline": DATE,
        "evidence": JSON,
    },  # fmt: skip
    "timeline": {
        "entry_id": SUFFIX,
        "date": DATE,
        "window": DATE,
        "event_ids": IDS,
        "doc_ids": IDS,
        "parts": JSON,
        "claims": JSON,
    },  # fmt: skip
    "contradictions": {"contradiction_id": SUFFIX, "period": DATE, "claims": JSON},
}
COUNTED = ("documents", "sentences", "mentions", "times", "events", "figures", "pledges",
           "actors", "timeline", "contradictions")  # fmt: skip


def shift_year(value: str, k: int) -> str:
    """``value`` with its leading year moved ``k`` years on ("2011-03" -> "2013-03" for 2)."""
    if not YEAR.match(value):
        return value
    return f"{int(value[:4]) + k:04d}{value[4:]}"


def shift_date(value: str, k: int) -> str:
    """A date, or an interval "a/b" (".." open), moved ``k`` years on; durations unchanged."""
    return "/".join(shift_year(part, k) for part in value.split("/"))


def _remap(value: Any, k: int, key: str | None = None) -> Any:
    if isinstance(value, list):
        if key in ID_LIST_KEYS:
            return [f"{v}-r{k}" if isinstance(v, str) else v for v in value]
        return [_remap(v, k) for v in value]
    if isinstance(value, dict):
        is_date = value.get("field") == "date"  # a claim about a date: its value is one
        out = {}
        for name, v in value.items():
            if name in ID_KEYS and isinstance(v, str):
                out[name] = f"{v}-r{k}"
            elif isinstance(v, str) and (name in DATE_KEYS or (is_date and name == "value")):
                out[name] = shift_date(v, k)
            else:
                out[name] = _remap(v, k, name)
        return out
    return value


def remap_json(text: str, k: int) -> str:
    """JSON text with the ids it names suffixed for copy ``k`` and its dates moved on."""
    return json.dumps(_remap(json.loads(text), k), ensure_ascii=False)


def suffix_ids(text: str, k: int) -> str:
    """A JSON list of ids, each suffixed for copy ``k``."""
    return json.dumps([f"{v}-r{k}" for v in json.loads(text)], ensure_ascii=False)


def schema_version() -> int:
    from communique.store.schema import MIGRATIONS

    return max(m.version for m in MIGRATIONS)


def counts(path: str | Path) -> dict[str, int]:
    """Rows per table of the database at ``path`` (opened read-only)."""
    with duckdb.connect(str(path), read_only=True) as con:
        return {t: int(con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]) for t in COUNTED}


def _usable(path: Path, min_events: int = 0) -> bool:
    if not path.exists():
        return False
    try:
        with duckdb.connect(str(path), read_only=True) as con:
            version = con.execute("SELECT max(version) FROM schema_migrations").fetchone()[0]
            events = con.execute("SELECT count(*) FROM events").fetchone()[0]
            fresh = read_models.fresh(con) or min_events == 0  # the base needs none
    except duckdb.Error:
        return False
    return version == schema_version() and events >= max(min_events, 1) and fresh


def build_base(path: Path, log: Any = print) -> float:
    """Build the LibyaWar corpus into ``path`` through the pipeline; returns the seconds taken.
    Four records with an empty text are reported as failures, as in every build of it."""
    from communique.api import build

    missing = [str(p) for p in CORPUS if not p.exists()]
    if missing:
        raise SystemExit(f"corpus not found: {', '.join(missing)}")
    tmp = path.with_name(path.name + ".partial")  # moved into place once complete
    for p in (tmp, Path(f"{tmp}.wal")):
        p.unlink(missing_ok=True)
    log(f"building LibyaWar (cnn + reuters) into {path} (a few minutes)")
    t0 = time.perf_counter()
    report = build([str(p) for p in CORPUS], tmp)
    seconds = time.perf_counter() - t0
    if Path(f"{tmp}.wal").exists():
        os.replace(f"{tmp}.wal", f"{path}.wal")
    os.replace(tmp, path)
    log(f"built {report.added} documents ({report.failed} failed) in {seconds:.0f} s: "
        + ", ".join(f"{v} {k}" for k, v in report.corpus.items()))  # fmt: skip
    return seconds


def _select(con: duckdb.DuckDBPyConnection, table: str, k: int) -> str:
    cols = [r[0] for r in con.execute(f"DESCRIBE {table}").fetchall()]
    changes = COPIED.get(table, {})
    exprs = []
    for c in cols:
        quoted = f'"{c}"'
        rule = changes.get(c)
        exprs.append(f"{rule.format(c=quoted, k=k)} AS {quoted}" if rule else quoted)
    return f"SELECT {', '.join(exprs)} FROM base_{table}"


def replicate(base: Path, out: Path, min_events: int, log: Any = print) -> float:
    """Write ``out``: ``base`` with its per-document and timeline rows replicated until there
    are at least ``min_events`` events. Written beside ``out`` and moved into place at the end,
    so an interrupted run leaves no half-made file. Returns the seconds taken."""
    t0 = time.perf_counter()
    tmp = out.with_name(out.name + ".partial")
    tmp.unlink(missing_ok=True)
    Path(f"{tmp}.wal").unlink(missing_ok=True)
    with duckdb.connect(str(base), read_only=True) as con:
        base_events = int(con.execute("SELECT count(*) FROM events").fetchone()[0])
        run = con.execute("SELECT pipeline_version, config_hash FROM runs LIMIT 1").fetchone()
    copies = max(1, math.ceil(min_events / base_events))
    log(f"replicating {base_events} events {copies}x into {out}")
    shutil.copyfile(base, tmp)  # the base's schema (tables, keys, indexes) and rows
    if Path(f"{base}.wal").exists():
        shutil.copyfile(f"{base}.wal", f"{tmp}.wal")
    with duckdb.connect(str(tmp)) as con:
        tables = {r[0] for r in con.execute("SHOW TABLES").fetchall()}
        for fn in (shift_date, suffix_ids, remap_json):
            con.create_function(fn.__name__, fn, ["VARCHAR", "INTEGER"], "VARCHAR")
        for table in COPIED:
            if table in tables:
                con.execute(f"CREATE TEMP TABLE base_{table} AS SELECT * FROM {table}")
        con.execute("BEGIN TRANSACTION")
        for k in range(1, copies):
            for table in COPIED:
                if table in tables:
                    con.execute(f"INSERT INTO {table} {_select(con, table, k)}")
        now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
        added = (copies - 1) * int(con.execute("SELECT count(*) FROM base_documents").fetchone()[0])
        con.execute(
            "INSERT INTO runs VALUES (?, ?, ?, ?, ?, ?, 0, ?, 0, 0)",
            [RUN_ID, now, now, run[0] if run else None, run[1] if run else None,
             f"bench/make_big_db.py: {base.name} replicated {copies}x", added],
        )  # fmt: skip
        con.execute("DELETE FROM state WHERE key = 'refresh_pending'")
        read_models.rebuild(con)  # what a build's refresh leaves: the lists precomputed
        con.execute("COMMIT")
        con.execute("CHECKPOINT")
    os.replace(tmp, out)
    Path(f"{tmp}.wal").unlink(missing_ok=True)
    return time.perf_counter() - t0


def ensure_big_db(db: str | Path, min_events: int = 100_000, log: Any = print) -> dict[str, Any]:
    """The replicated database at ``db``, made if missing or stale; what it holds and what
    making it cost (seconds; 0 for what was reused)."""
    out = Path(db)
    base = out.with_name(out.stem + ".base.duckdb")
    timing = {"base_build_s": 0.0, "replicate_s": 0.0}
    if not _usable(out, min_events):
        if not _usable(base):
            timing["base_build_s"] = round(build_base(base, log), 1)
        else:
            log(f"reusing the LibyaWar build {base}")
        timing["replicate_s"] = round(replicate(base, out, min_events, log), 1)
    else:
        log(f"reusing {out}")
    return {"path": str(out), "file_mb": round(out.stat().st_size / 2**20, 1),
            "counts": counts(out), **timing}  # fmt: skip


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--db", default=DEFAULT_DB, help="where to write (and cache) the database")
    ap.add_argument("--min-events", type=int, default=100_000)
    ap.add_argument("--force", action="store_true", help="replicate again (the base is kept)")
    args = ap.parse_args()
    if args.force:
        Path(args.db).unlink(missing_ok=True)
    info = ensure_big_db(args.db, args.min_events)
    print(json.dumps(info, indent=2))


if __name__ == "__main__":
    main()
