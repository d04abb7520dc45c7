"""An in-memory cache of whole responses for ``communique serve``, per served snapshot.

What a URL answers changes only when a build publishes a new snapshot, so a page or ``.json``
answer computed once can be sent again as it is (already compressed) until then. The cache
holds GET responses with status 200 and a known length up to :data:`MAX_ENTRY` bytes, at most
:data:`MAX_BYTES` in all, least recently used first out; it is emptied when the served
snapshot changes (static files are not kept: the browser caches them); a request saying ``Cache-Control: no-cache`` (a browser's hard reload) is
computed afresh. Streamed downloads (no length) pass through. A hit answers
``If-None-Match`` with 304 like the uncached path. ``X-Cache: hit|miss`` tells which.

A miss costs what the request costs (docs/benchmarks.md measures both: repeated URLs, and
URLs never asked before).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

MAX_ENTRY = 2_000_000  # bytes (as sent, compressed or not)
MAX_BYTES = 128_000_000
Key = tuple[str, str, bytes, bool]


@dataclass(frozen=True)
class _Entry:
    headers: list[tuple[bytes, bytes]]
    body: bytes
    etag: str


class ResponseCache:
    """ASGI middleware: answer repeated GETs from memory while the snapshot is unchanged."""

    def __init__(self, app: ASGIApp, token: Callable[[], str],
                 max_bytes: int = MAX_BYTES) -> None:  # fmt: skip
        self.app = app
        self.token = token
        self.max_bytes = max_bytes
        self._entries: OrderedDict[Key, _Entry] = OrderedDict()
        self._size = 0
        self._token = ""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "GET" or _static(scope["path"]):
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        key = self._key(scope, headers)
        if "no-cache" in headers.get("cache-control", "").lower():  # a hard reload
            self._entries.pop(key, None)
        entry = self._entries.get(key)
        if entry is not None:
            self._entries.move_to_end(key)
            await _send_entry(send, entry, headers.get("if-none-match", ""))
            return
        await self.app(scope, receive, self._recording(send, key))

    def _key(self, scope: Scope, headers: Headers) -> Key:
        token = self.token()
        if token != self._token:  # a new snapshot: nothing cached answers for it
            self._entries.clear()
            self._size, self._token = 0, token
        gzip = "gzip" in headers.get("accept-encoding", "").lower()
        return (token, scope["path"], scope.get("query_string", b""), gzip)

    def _recording(self, send: Send, key: Key) -> Send:
        start: list[Message] = []
        chunks: list[bytes] = []

        async def wrapped(message: Message) -> None:
            if message["type"] == "http.response.start":
                start.append(message)
                message = _with_header(message, b"x-cache", b"miss")
            elif message["type"] == "http.response.body" and start:
                chunks.append(message.get("body", b""))
                if not message.get("more_body", False):
                    self._store(key, start[0], b"".join(chunks))
            await send(message)

        return wrapped

    def _store(self, key: Key, start: Message, body: bytes) -> None:
        headers = list(start.get("headers", []))
        names = {k.lower() for k, _ in headers}
        if start["status"] != 200 or b"content-length" not in names or len(body) > MAX_ENTRY:
            return
        if len(body) > self.max_bytes or key[0] != self._token:
            return
        etag = next((v.decode("latin-1") for k, v in headers if k.lower() == b"etag"), "")
        self._entries[key] = _Entry(headers, body, etag)
        self._size += len(body)
        while self._size > self.max_bytes:
            _, old = self._entries.popitem(last=False)
            self._size -= len(old.body)


def _static(path: str) -> bool:
    """Static files: read from the package, cached by the browser, not kept here."""
    return path.startswith(("/static/", "/vendor/"))


def _with_header(message: Message, name: bytes, value: bytes) -> Message:
    headers = [(k, v) for k, v in message.get("headers", []) if k.lower() != name]
    return {**message, "headers": [*headers, (name, value)]}


async def _send_entry(send: Send, entry: _Entry, if_none_match: str) -> None:
    if entry.etag and _matches(if_none_match, entry.etag):
        keep = [(k, v) for k, v in entry.headers if k.lower() in (b"etag", b"cache-control")]
        await send({"type": "http.response.start", "status": 304, "headers": keep})
        await send({"type": "http.response.body", "body": b""})
        return
    start = _with_header({"headers": entry.headers}, b"x-cache", b"hit")
    await send({"type": "http.response.start", "status": 200, "headers": start["headers"]})
    await send({"type": "http.response.body", "body": entry.body})


def _matches(if_none_match: str, etag: str) -> bool:
    tags = {t.strip().removeprefix("W/") for t in if_none_match.split(",") if t.strip()}
    return "*" in tags or etag.removeprefix("W/") in tags
