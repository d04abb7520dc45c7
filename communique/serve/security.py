"""Security headers and request limits for ``communique serve``.

Every response, errors and ``304 Not Modified`` included, carries:

* ``Content-Security-Policy``: scripts only from the server's own files (no inline script, no
  ``eval``; the pages pass data to their scripts in ``<script type="application/json">``
  blocks, which are never run), nothing loaded from another origin, no plugins, no ``<base>``,
  forms sent only back to the server, and ``frame-ancestors 'none'``. Styles may be inline
  (the legend swatches are ``style`` attributes, Swagger UI and ReDoc inject theirs); markup
  cannot be injected to use that, since every value reaching a page is autoescaped.
  ``/docs`` and ``/redoc`` are FastAPI's pages with an inline start-up script: theirs, and
  only theirs, is allowed by its SHA-256 hash, read from the page as it is sent.
* ``X-Content-Type-Options: nosniff``, ``X-Frame-Options: DENY``,
  ``Referrer-Policy: no-referrer`` (the server's URLs, filters included, never leave with a
  click on an article's link) and ``Cross-Origin-Opener-Policy: same-origin``.

The server is read-only, answering GET and HEAD: a request carrying a body is refused with 413
before it is read, and a URL (path and query) longer than :data:`MAX_URL` bytes with 414, both
in the error envelope of :mod:`communique.serve.http_errors`. The guard wraps the whole
middleware stack (installed by :func:`install_security`), so it sees every response.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Callable

from starlette.applications import Starlette
from starlette.datastructures import Headers, MutableHeaders
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

MAX_URL = 4096  # bytes of path and query string; the longest the API makes is under 2,000
DIRECTIVES = (
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "worker-src 'self' blob:",  # ReDoc's search runs in a worker made from a blob
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
)
CSP = "; ".join(DIRECTIVES)
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
}
# FastAPI's own pages, made from the app's settings (no request value reaches them), whose
# inline start-up script is allowed by its hash
DOCS_PATHS = frozenset({"/docs", "/redoc", "/docs/oauth2-redirect"})
_INLINE_SCRIPT = re.compile(rb"<script>(.*?)</script>", re.S)


def install_security(app: Starlette) -> None:
    """Put :class:`SecurityGuard` around ``app``'s whole middleware stack, outside the
    handler of unexpected errors, so that no response leaves without its headers."""
    build: Callable[[], ASGIApp] = app.build_middleware_stack

    def build_guarded() -> ASGIApp:
        return SecurityGuard(build())

    app.build_middleware_stack = build_guarded  # type: ignore[method-assign]


def policy_with_hashes(body: bytes) -> str:
    """The CSP allowing, besides the server's files, the inline scripts of ``body``."""
    hashes = [hashlib.sha256(m.group(1)).digest() for m in _INLINE_SCRIPT.finditer(body)]
    allowed = " ".join(f"'sha256-{base64.b64encode(h).decode()}'" for h in hashes)
    return CSP.replace("script-src 'self'", f"script-src 'self' {allowed}".rstrip())


class SecurityGuard:
    """ASGI middleware: refuses bodies and over-long URLs, adds :data:`HEADERS`."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        refusal = _refusal(scope)
        if refusal is not None:
            await _refuse(scope, receive, _with_headers(send), *refusal)
            return
        if scope["path"] in DOCS_PATHS:
            await self.app(_identity(scope), receive, _hashing(send))
            return
        await self.app(scope, receive, _with_headers(send))


def _refusal(scope: Scope) -> tuple[int, str] | None:
    headers = Headers(scope=scope)
    length = headers.get("content-length", "0").strip() or "0"
    if "transfer-encoding" in headers or not length.isdigit() or int(length) > 0:
        return 413, "this server is read-only: a request may not carry a body"
    size = len(scope.get("raw_path") or scope["path"].encode()) + len(scope["query_string"])
    if size > MAX_URL:
        return 414, f"the URL is {size} bytes long; the server takes at most {MAX_URL}"
    return None


async def _refuse(scope: Scope, receive: Receive, send: Send, status: int, message: str) -> None:
    from communique.serve.http_errors import envelope, error_response

    request = Request(scope)
    body = envelope(status, f"http_{status}", message)
    response = error_response(request, status, body)
    response.headers["Connection"] = "close"  # the body, if any, is never read
    await response(scope, receive, send)


def _with_headers(send: Send, policy: str = CSP) -> Send:
    async def wrapped(message: Message) -> None:
        if message["type"] == "http.response.start":
            _add(message, policy)
        await send(message)

    return wrapped


def _add(message: Message, policy: str) -> None:
    headers = MutableHeaders(scope=message)
    for name, value in HEADERS.items():
        headers[name] = policy if name == "Content-Security-Policy" else value


def _identity(scope: Scope) -> Scope:
    """``scope`` without Accept-Encoding: the docs pages' bodies come back uncompressed, for
    their scripts to be hashed (they are small)."""
    kept = [(k, v) for k, v in scope["headers"] if k.lower() != b"accept-encoding"]
    return {**scope, "headers": kept}


def _hashing(send: Send) -> Send:
    """``send`` holding back a docs page until its body is whole, then sending it with a CSP
    allowing that page's inline scripts."""
    start: Message | None = None
    parts: list[bytes] = []

    async def wrapped(message: Message) -> None:
        nonlocal start
        if message["type"] == "http.response.start":
            start = message
            return
        if message["type"] != "http.response.body" or start is None:
            await send(message)
            return
        parts.append(message.get("body", b""))
        if message.get("more_body", False):
            return
        body = b"".join(parts)
        _add(start, policy_with_hashes(body))
        await send(start)
        await send({"type": "http.response.body", "body": body})

    return wrapped
