"""HTTP caching for ``communique serve``: ETags from the database's state, Cache-Control.

The server reads the snapshot builds publish (``communique.store.snapshot``), so what a URL
answers changes only when a new one is served. A page's or a ``.json`` twin's ETag is a hash
of the served file's state (its name, size and time, communique's version) and the request's
path and query: a client sending it back in ``If-None-Match`` gets ``304 Not Modified`` without the query being run.
Static files are cached by the browser (``immutable`` when the URL carries a version, ``?v=``).
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable

from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from communique import __version__
from communique.store.duckdb_store import DuckDBStore

STATIC_PREFIXES = ("/static/", "/vendor/")
STATIC_MAX_AGE = 3600  # a static file without a version in its URL: an hour
VERSIONED_MAX_AGE = 31_536_000  # with one (?v=...): a year, never revalidated
REVALIDATE = "no-cache"  # pages and JSON: kept, but checked with the ETag each time


def database_token(store: DuckDBStore) -> str:
    """What changes whenever the database's content does: its last run, the file's size and
    modification time, and the version of communique reading it."""
    run = store.scalar(
        "SELECT run_id FROM runs ORDER BY finished_at DESC NULLS LAST, run_id DESC LIMIT 1"
    )
    try:
        st = os.stat(store.path)
        stamp = f"{st.st_size}:{st.st_mtime_ns}"
    except OSError:  # ":memory:"
        stamp = "memory"
    text = f"{__version__}|{run}|{stamp}"
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def etag_for(token: str, path: str, query: bytes) -> str:
    digest = hashlib.sha256(f"{token}\0{path}\0".encode() + query).hexdigest()[:32]
    return f'W/"{digest}"'


def _matches(if_none_match: str, etag: str) -> bool:
    tags = {t.strip().removeprefix("W/") for t in if_none_match.split(",")}
    return "*" in tags or etag.removeprefix("W/") in tags


class CacheHeaders:
    """ASGI middleware: ETag and 304 for GET pages and JSON, Cache-Control for everything."""

    def __init__(self, app: ASGIApp, token: str | Callable[[], str]) -> None:
        self.app = app
        self.token = token  # or what gives it per request: the served snapshot's

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in ("GET", "HEAD"):
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        if path.startswith(STATIC_PREFIXES):
            versioned = b"v=" in scope.get("query_string", b"")
            control = (f"public, max-age={VERSIONED_MAX_AGE}, immutable" if versioned
                       else f"public, max-age={STATIC_MAX_AGE}")  # fmt: skip
            await self.app(scope, receive, _adding(send, {"Cache-Control": control}))
            return
        token = self.token() if callable(self.token) else self.token
        etag = etag_for(token, path, scope.get("query_string", b""))
        if _matches(Headers(scope=scope).get("if-none-match", ""), etag):
            await _not_modified(send, etag)
            return
        await self.app(scope, receive, _adding(send, {"ETag": etag, "Cache-Control": REVALIDATE}))


def _adding(send: Send, extra: dict[str, str]) -> Send:
    """``send`` adding ``extra`` headers to a 200 (or, for Cache-Control, any 2xx/304)."""

    async def wrapped(message: Message) -> None:
        if message["type"] == "http.response.start" and message["status"] in (200, 304):
            headers = MutableHeaders(scope=message)
            for k, v in extra.items():
                headers.setdefault(k, v)
        await send(message)

    return wrapped


async def _not_modified(send: Send, etag: str) -> None:
    headers = [(b"etag", etag.encode()), (b"cache-control", REVALIDATE.encode())]
    await send({"type": "http.response.start", "status": 304, "headers": headers})
    await send({"type": "http.response.body", "body": b""})
