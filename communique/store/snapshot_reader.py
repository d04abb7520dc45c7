"""The server's view of a database: its published snapshot, followed as builds publish.

:class:`SnapshotStore` serves the generation ``x.duckdb.snapshots/current`` names (see
:mod:`communique.store.snapshot`) and never opens ``x.duckdb`` itself while it serves, so a
build can write it meanwhile. Each request ``stat``s ``current``; when a build has published
a new generation, it is opened and serves the requests that start from then on. A request
reads one generation from its first byte to its last (:meth:`SnapshotStore.pinned`, held by
the :class:`PinSnapshot` middleware, and every reader made while it runs, a streamed
download's included); the generation it replaced is closed after its last request.
"""

from __future__ import annotations

import contextlib
import contextvars
import hashlib
import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from communique import __version__
from communique.errors import StoreError, StoreLocked
from communique.store.duckdb_store import DuckDBStore
from communique.store.snapshot import (
    POINTER,
    is_fresh,
    publish_database,
    published,
    snapshot_dir,
)

PointerKey = tuple[int, int, int]  # (inode, mtime_ns, size) of ``current``


class _Generation:
    """One opened database file and the number of readers holding it."""

    def __init__(self, store: DuckDBStore) -> None:
        self.store = store
        self.leases = 0
        self.retired = False
        self._lock = threading.Lock()
        st = os.stat(store.path)
        text = f"{__version__}|{store.path}|{st.st_size}:{st.st_mtime_ns}"
        self.token = hashlib.sha256(text.encode()).hexdigest()[:16]

    def acquire(self) -> None:
        with self._lock:
            self.leases += 1

    def release(self) -> None:
        with self._lock:
            self.leases -= 1
            self._close_if_done()

    def retire(self) -> None:
        """No new reader will come: close once the last one is done."""
        with self._lock:
            self.retired = True
            self._close_if_done()

    def _close_if_done(self) -> None:
        if self.retired and self.leases == 0:
            self.store.close()


class _Lease(DuckDBStore):
    """A reader for one thread (a DuckDB cursor) of one generation, which stays open until
    the reader is closed. Its own readers read the same generation."""

    def __init__(self, gen: _Generation) -> None:  # the caller has acquired ``gen``
        self.path, self.read_only = gen.store.path, True
        self._columns: dict[str, list[str]] = {}
        self._gen, self._open = gen, True
        try:
            self.con = gen.store.con.cursor()
        except BaseException:
            gen.release()
            raise

    def close(self) -> None:
        if self._open:
            self._open = False
            self.con.close()
            self._gen.release()

    def reader(self) -> DuckDBStore:
        self._gen.acquire()  # safe: this lease keeps the generation open
        return _Lease(self._gen)


_PINNED: contextvars.ContextVar[tuple[SnapshotStore, _Generation] | None] = contextvars.ContextVar(
    "communique_pinned_generation", default=None
)


class SnapshotStore:
    """The database ``db`` as its builds publish it, read-only, for a long-running reader.

    At start-up a database whose snapshot is missing or older than the file gets one
    (unless a build holds it: then the last published one is served, or, with none,
    :class:`StoreLocked`). When no snapshot can be written at all (a read-only folder), the
    database itself is served as before snapshots, and builds must wait for the server.
    """

    def __init__(self, db: str | Path) -> None:
        self.db = str(db)
        self._lock = threading.Lock()
        self._key: PointerKey | None = None
        self.following = True  # False: serving ``db`` itself (no snapshot could be made)
        self._gen = _Generation(self._open_first())

    # -- what readers call ---------------------------------------------------------------
    def reader(self) -> DuckDBStore:
        """A reader of the request's generation (or, outside a request, the newest)."""
        gen = self._pinned()
        if gen is not None:
            gen.acquire()  # safe: the pin keeps it open
            return _Lease(gen)
        return _Lease(self._acquire())

    @contextlib.contextmanager
    def pinned(self) -> Iterator[None]:
        """Every reader made inside reads the generation that is newest on entry."""
        gen = self._acquire()
        token = _PINNED.set((self, gen))
        try:
            yield
        finally:
            _PINNED.reset(token)
            gen.release()

    def token(self) -> str:
        """Changes whenever the served generation does (for ETags)."""
        gen = self._pinned()
        if gen is not None:
            return gen.token
        with self._lock:
            self._follow()
            return self._gen.token

    @property
    def path(self) -> str:
        """The file served now."""
        return self._gen.store.path

    @property
    def con(self) -> Any:
        """The newest generation's connection (read-only)."""
        with self._lock:
            self._follow()
            return self._gen.store.con

    def close(self) -> None:
        with self._lock:
            self._gen.retire()

    # -- internals -----------------------------------------------------------------------
    def _pinned(self) -> _Generation | None:
        pin = _PINNED.get()
        return pin[1] if pin is not None and pin[0] is self else None

    def _acquire(self) -> _Generation:
        with self._lock:
            self._follow()
            self._gen.acquire()
            return self._gen

    def _open_first(self) -> DuckDBStore:
        if not Path(self.db).exists():
            raise StoreError("no such database", source=self.db)
        if not is_fresh(self.db):
            try:
                publish_database(self.db)
            except StoreLocked:
                if published(self.db) is None:
                    msg = ("a build is writing the database and has not published a snapshot "
                           "yet: serve it again when the build is done")  # fmt: skip
                    raise StoreLocked(msg, source=self.db) from None
            except StoreError:  # no snapshot can be written here: serve the file itself
                self.following = False
                return DuckDBStore(self.db, read_only=True)
        self._key = self._pointer_key()
        path = published(self.db)
        if path is None:
            raise StoreError("no snapshot of the database could be opened", source=self.db)
        return DuckDBStore(path, read_only=True)

    def _pointer_key(self) -> PointerKey | None:
        try:
            st = os.stat(snapshot_dir(self.db) / POINTER)
        except OSError:
            return None
        return (st.st_ino, st.st_mtime_ns, st.st_size)

    def _follow(self) -> None:
        """Open the published generation if it is new (the caller holds ``_lock``)."""
        if not self.following:
            return
        key = self._pointer_key()
        if key is None or key == self._key:
            return
        path = published(self.db)
        if path is None or str(path) == self._gen.store.path:
            self._key = key
            return
        try:
            store = DuckDBStore(path, read_only=True)
        except StoreError:  # replaced again meanwhile: the next request follows
            return
        old, self._gen, self._key = self._gen, _Generation(store), key
        old.retire()


class PinSnapshot:
    """ASGI middleware: each HTTP request reads one generation of ``store``, from its first
    byte to its last (a streamed download too), whatever is published meanwhile."""

    def __init__(self, app: Any, store: SnapshotStore) -> None:
        self.app = app
        self.store = store

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        with self.store.pinned():
            await self.app(scope, receive, send)
