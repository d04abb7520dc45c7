"""Read snapshots: readers never block a build and never see half of one.

DuckDB lets one process write a file or any number read it, never both at once (the lock is
the file's): a server holding the database open would stop every build, and a build holds
it for its whole run. So a build, at its end and still holding its write lock, checkpoints
the database and publishes a copy next to it::

    x.duckdb.snapshots/000007-1f0c9e2a.duckdb   a generation: x.duckdb as one build left it
    x.duckdb.snapshots/current                  JSON: which generation, and the state
                                                (size, time, inode) of x.duckdb it copies

The copy is written under a temporary name, checked (it opens, its documents are counted
as the writer counts them), synced and renamed; then ``current`` is replaced the same way.
``os.replace`` is atomic, so a reader finds the old generation or the new one, whole.
Older generations are deleted at once: a reader that has one open keeps reading it (its open
file outlives the name), and nobody opens a generation ``current`` no longer names.

Readers:

- :class:`~communique.store.snapshot_reader.SnapshotStore` (``communique serve``) follows ``current`` with a ``stat`` per
  request. A new generation is opened (each has its own file name: DuckDB shares one
  instance per path within a process) and serves the requests that start from then on;
  requests already running finish on theirs (:meth:`SnapshotStore.pinned` holds a
  generation from a request's first byte to its last), and the old one is closed after its
  last request. At start-up, a database with no snapshot of its current state (built before
  snapshots, by a build that died before publishing, or by a writer that does not publish)
  gets one, unless a build holds it: then the last published generation is served.
- :func:`open_reader` (``info``, ``export``): the snapshot when it is of the database as it
  is, else the database itself, else (a build holds it) the last published snapshot.
- :func:`open_writer` (builds) waits a moment for a short-lived reader of the database itself.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

import duckdb

from communique.errors import StoreError, StoreLocked
from communique.store.duckdb_store import REFRESH_PENDING, DuckDBStore, is_lock_error

SUFFIX = ".snapshots"  # x.duckdb -> x.duckdb.snapshots/
POINTER = "current"
WRITER_WAIT = 10.0  # seconds a build waits for a short-lived reader to let go
_GENERATION = re.compile(r"^(\d{6,})-[0-9a-f]{8}\.duckdb$")
_TEMPORARY = re.compile(r"^\.(\d{6,}-[0-9a-f]{8}|current)\.\d+\.tmp$")
Stamp = tuple[int, int, int]  # (size, mtime_ns, inode) of the database file


@dataclass(frozen=True)
class Pointer:
    """What ``current`` says: the published generation and the database state it copies."""

    generation: int
    file: str
    source: Stamp


def snapshot_dir(db: str | Path) -> Path:
    return Path(f"{db}{SUFFIX}")


def stamp(db: str | Path) -> Stamp:
    st = os.stat(db)
    return (st.st_size, st.st_mtime_ns, st.st_ino)


def read_pointer(db: str | Path) -> Pointer | None:
    """The published generation of ``db``, or None (none published, or ``current`` unreadable)."""
    try:
        raw = json.loads((snapshot_dir(db) / POINTER).read_text(encoding="utf-8"))
        source = raw["source"]
        ptr = Pointer(int(raw["generation"]), str(raw["file"]), (source[0], source[1], source[2]))
    except (OSError, ValueError, KeyError, TypeError, IndexError):
        return None
    return ptr if _GENERATION.match(ptr.file) else None


def published(db: str | Path) -> Path | None:
    """The file of the last published generation, if there is one."""
    ptr = read_pointer(db)
    path = snapshot_dir(db) / ptr.file if ptr else None
    return path if path is not None and path.exists() else None


def is_fresh(db: str | Path) -> bool:
    """Whether the published generation is a copy of ``db`` as it is now."""
    ptr = read_pointer(db)
    try:
        return ptr is not None and ptr.source == stamp(db) and published(db) is not None
    except OSError:
        return False


# -- publishing (the writer's side) ------------------------------------------------------------
def publish(store: DuckDBStore) -> Path | None:
    """Publish the database ``store`` writes as a new generation, unless the published one
    already copies it. Nothing is published for a database in memory, a read-only store, or
    while a corpus refresh is pending (that state is half a build). Returns the generation's
    file (None when nothing is published)."""
    if store.read_only or store.path == ":memory:" or store.refresh_pending():
        return None
    return _publish(store.con, Path(store.path))


def publish_database(db: str | Path) -> Path | None:
    """Publish ``db`` from outside a build (a server starting on a database with no fresh
    snapshot): opened for writing just long enough to checkpoint and copy it, not migrated.
    Raises :class:`StoreLocked` when a build holds it. A pending refresh is published only
    when no generation exists at all (it is all there is to read)."""
    if not Path(db).exists():  # connecting would create it
        raise StoreError("no such database", source=str(db))
    try:
        con = duckdb.connect(str(db))
    except duckdb.Error as exc:
        kind = StoreLocked if is_lock_error(exc) else StoreError
        raise kind(f"cannot open database: {exc}", source=str(db)) from exc
    try:
        if _pending(con) and published(db) is not None:
            return None
        return _publish(con, Path(db))
    finally:
        con.close()


def _pending(con: duckdb.DuckDBPyConnection) -> bool:
    try:
        row = con.execute("SELECT count(*) FROM state WHERE key = ?", [REFRESH_PENDING]).fetchone()
    except duckdb.Error:  # a schema from before the state table
        return False
    return bool(row and row[0])


def _publish(con: duckdb.DuckDBPyConnection, db: Path) -> Path:
    """Checkpoint, copy, check, rename, point: the caller holds the write lock of ``db``."""
    try:
        con.execute("CHECKPOINT")
        source = stamp(db)
        ptr = read_pointer(db)
        if ptr is not None and ptr.source == source and (snapshot_dir(db) / ptr.file).exists():
            return snapshot_dir(db) / ptr.file
        folder = snapshot_dir(db)
        folder.mkdir(exist_ok=True)
        generation = _next_generation(folder, ptr)
        digest = hashlib.sha256(repr(source).encode()).hexdigest()[:8]
        target = folder / f"{generation:06d}-{digest}.duckdb"
        _copy_checked(con, db, target)
        _write_pointer(folder, Pointer(generation, target.name, source))
        _remove_others(folder, keep=target.name)
    except (OSError, duckdb.Error) as exc:
        msg = f"the build is stored, but its read snapshot could not be published: {exc}"
        raise StoreError(msg, source=str(db)) from exc
    return target


def _next_generation(folder: Path, ptr: Pointer | None) -> int:
    seen = [int(m.group(1)) for p in folder.iterdir() if (m := _GENERATION.match(p.name))]
    return max([ptr.generation if ptr else 0, *seen]) + 1


def _copy_checked(con: duckdb.DuckDBPyConnection, db: Path, target: Path) -> None:
    """Copy ``db`` to ``target`` through a temporary file that must open and hold the
    documents the writer holds; renamed into place only then."""
    tmp = target.with_name(f".{target.stem}.{os.getpid()}.tmp")
    try:
        shutil.copyfile(db, tmp)
        _fsync(tmp)
        row = con.execute("SELECT count(*) FROM documents").fetchone()
        check = duckdb.connect(str(tmp), read_only=True)
        try:
            copied = check.execute("SELECT count(*) FROM documents").fetchone()
        finally:
            check.close()
        if copied != row:
            raise StoreError(f"the copy holds {copied} documents, the database {row}")
        os.replace(tmp, target)
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink()
    _fsync(target.parent)


def _write_pointer(folder: Path, ptr: Pointer) -> None:
    tmp = folder / f".{POINTER}.{os.getpid()}.tmp"
    text = json.dumps(
        {"generation": ptr.generation, "file": ptr.file, "source": list(ptr.source)},
        sort_keys=True,
    )
    tmp.write_text(text + "\n", encoding="utf-8")
    _fsync(tmp)
    os.replace(tmp, folder / POINTER)
    _fsync(folder)


def _remove_others(folder: Path, keep: str) -> None:
    """Delete every other generation and any temporary file a killed publisher left (the
    caller holds the write lock: no other publisher is running). A file still open
    elsewhere and not removable (Windows) is left for the next publication."""
    for p in folder.iterdir():
        if p.name != keep and (_GENERATION.match(p.name) or _TEMPORARY.match(p.name)):
            with contextlib.suppress(OSError):
                p.unlink()


def _fsync(path: Path) -> None:
    """Flush a file, or a folder's entries, to disk (where the platform allows it)."""
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


# -- opening -----------------------------------------------------------------------------------
def open_writer(db: str | Path, wait: float = WRITER_WAIT) -> DuckDBStore:
    """The store for a build, waiting up to ``wait`` seconds while another process holds the
    database (a short-lived reader such as ``info``); then :class:`StoreLocked`."""
    deadline = time.monotonic() + wait
    while True:
        try:
            return DuckDBStore(db)
        except StoreLocked:
            if time.monotonic() >= deadline:
                raise
            time.sleep(0.2)


def open_reader(db: str | Path) -> DuckDBStore:
    """A read-only store for a short read (``info``, ``export``) that never waits for a
    build: the snapshot when it copies ``db`` as it is, else ``db`` itself, else (a build
    holds ``db``) the last published snapshot."""
    if not Path(db).exists():
        raise StoreError("no such database", source=str(db))
    if is_fresh(db) and (store := _open_published(db)) is not None:
        return store
    try:
        return DuckDBStore(db, read_only=True)
    except StoreLocked:
        store = _open_published(db)
        if store is None:
            raise
        return store


def reading_snapshot_of_a_build(store: DuckDBStore, db: str | Path) -> bool:
    """Whether ``store`` (from :func:`open_reader`) is a snapshot older than ``db``: a build
    is writing ``db`` and this is the last one it (or an earlier one) published."""
    return Path(store.path).parent == snapshot_dir(db) and not is_fresh(db)


def _open_published(db: str | Path) -> DuckDBStore | None:
    """The last published generation, opened; a generation replaced between reading
    ``current`` and opening it is followed to the new one."""
    for _ in range(3):
        path = published(db)
        if path is None:
            return None
        with contextlib.suppress(StoreError):
            return DuckDBStore(path, read_only=True)
    return None
