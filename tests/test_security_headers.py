"""Server hardening: security headers on every response (a CSP without inline script, nosniff,
no framing), request limits (no body, no over-long URL) and page limits on every list."""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from communique.serve.app import LISTS, create_app
from communique.serve.reader import MAX_LIMIT
from communique.serve.security import CSP, MAX_URL

if TYPE_CHECKING:
    from playwright.sync_api import Browser, ConsoleMessage

TEMPLATES = Path(__file__).resolve().parents[1] / "communique" / "serve" / "templates"
HEADERS = {
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
}
PAGES = ["/", "/timeline", "/events", "/pledges", "/figures", "/actors", "/documents",
         "/pair?a=VNM&b=JPN"]  # fmt: skip


@pytest.fixture(scope="module")
def app(seeds_store: Path) -> FastAPI:
    return create_app(seeds_store)


@pytest.fixture(scope="module")
def client(app: FastAPI) -> Iterator[TestClient]:
    @app.get("/boom", include_in_schema=False)
    def boom() -> None:
        raise RuntimeError("an unexpected failure")

    with TestClient(app, raise_server_exceptions=False) as c:
        yield c


def _directives(policy: str) -> dict[str, list[str]]:
    parts = (d.split() for d in policy.split(";") if d.strip())
    return {p[0]: p[1:] for p in parts}


def _assert_hardened(r: Any) -> None:  # an httpx or a TestClient response
    for name, value in HEADERS.items():
        assert r.headers.get(name) == value, (r.request.url, name)
    csp = _directives(r.headers["content-security-policy"])
    assert csp["frame-ancestors"] == ["'none'"] and csp["object-src"] == ["'none'"]
    script = csp["script-src"]
    assert script[0] == "'self'" and "'unsafe-inline'" not in script
    assert "'unsafe-eval'" not in script and not [s for s in script if s.startswith("http")]


def test_the_policy_allows_no_inline_script_and_nothing_from_elsewhere() -> None:
    csp = _directives(CSP)
    assert csp["script-src"] == ["'self'"] and csp["default-src"] == ["'self'"]
    assert csp["base-uri"] == ["'none'"] and csp["form-action"] == ["'self'"]
    assert not [s for v in csp.values() for s in v if "http" in s or s == "*"]


def test_every_kind_of_response_is_hardened(client: TestClient) -> None:
    urls = [*PAGES, "/events.json", "/events.csv", "/timeline.jsonl", "/pledges.all.json",
            "/static/app.css", "/static/timeline.js", "/openapi.json", "/docs", "/redoc",
            "/no-such-page", "/no-such.json", "/events.json?limit=0",
            "/documents/no-such-doc", "/boom"]  # fmt: skip
    statuses = set()
    for url in urls:
        r = client.get(url)
        statuses.add(r.status_code)
        assert r.status_code == 200 or url not in PAGES, url
        _assert_hardened(r)
    assert {200, 400, 404, 500} <= statuses
    etag = client.get("/events").headers["etag"]
    not_modified = client.get("/events", headers={"If-None-Match": etag})
    assert not_modified.status_code == 304
    _assert_hardened(not_modified)
    _assert_hardened(client.post("/events.json"))  # 405


def test_an_unexpected_failure_says_nothing_of_itself(client: TestClient) -> None:
    r = client.get("/boom", headers={"accept": "application/json"})
    assert r.status_code == 500 and "unexpected failure" not in r.text


def test_the_api_docs_run_only_their_own_script(client: TestClient) -> None:
    r = client.get("/docs")
    scripts = re.findall(r"<script>(.*?)</script>", r.text, re.S)
    assert len(scripts) == 1 and "SwaggerUIBundle" in scripts[0]
    digest = base64.b64encode(hashlib.sha256(scripts[0].encode()).digest()).decode()
    assert _directives(r.headers["content-security-policy"])["script-src"] == [
        "'self'",
        f"'sha256-{digest}'",
    ]
    assert client.get("/redoc").headers["content-security-policy"] == CSP  # no inline script


def test_templates_hold_no_inline_script() -> None:
    for path in sorted(TEMPLATES.glob("*.html")):
        html = path.read_text(encoding="utf-8")
        html = re.sub(r"\{#.*?#\}", "", html, flags=re.S)  # Jinja comments
        for tag in re.findall(r"<script\b[^>]*>", html):
            assert re.search(r'\bsrc="/static/', tag) or 'type="application/json"' in tag, (
                path.name,
                tag,
            )
        assert not re.search(r"\son[a-z]+\s*=", html), path.name  # no onclick= handlers
        assert "javascript:" not in html.lower(), path.name


# -- request limits ----------------------------------------------------------------------------


def test_a_request_body_is_refused(client: TestClient) -> None:
    for url in ("/events.json", "/events"):
        r = client.request("GET", url, content=b'{"limit": 5}')
        assert r.status_code == 413
        _assert_hardened(r)
    body = client.request("GET", "/events.json", content=b"x").json()["error"]
    assert body["code"] == "http_413" and "read-only" in body["message"]
    chunked = client.request("GET", "/events.json", content=iter([b"a", b"b"]))
    assert chunked.status_code == 413


def test_an_over_long_url_is_refused(client: TestClient) -> None:
    r = client.get("/events.json?q=" + "x" * MAX_URL)
    assert r.status_code == 414
    error = r.json()["error"]
    assert error["code"] == "http_414" and f"at most {MAX_URL}" in error["message"]
    page = client.get("/events?q=" + "x" * MAX_URL)
    assert page.status_code == 414 and "text/html" in page.headers["content-type"]
    _assert_hardened(page)
    assert client.get("/" + "a" * MAX_URL).status_code == 414
    assert client.get("/events.json?q=" + "x" * 150).status_code == 200  # a long search is fine


def _list_urls() -> list[str]:
    urls = [f"/{name}.json" for name in LISTS]
    # the figures page is no list (series, each capped) and contradictions have no page
    urls += [f"/{name}" for name in LISTS if name not in ("contradictions", "figures")]
    urls += ["/pair/events.json?a=VNM", "/pair/pledges.json?a=VNM&b=JPN", "/pair/events?a=VNM"]
    return urls


@pytest.mark.parametrize("url", _list_urls())
def test_every_list_enforces_its_page_limit(client: TestClient, url: str) -> None:
    sep = "&" if "?" in url else "?"
    for bad in (0, MAX_LIMIT + 1, -5):
        r = client.get(f"{url}{sep}limit={bad}")
        assert r.status_code == 400, (url, bad)
    r = client.get(f"{url}{sep}limit={MAX_LIMIT}")
    assert r.status_code == 200, url
    if url.endswith(".json") and "rows" in r.json():
        assert len(r.json()["rows"]) <= MAX_LIMIT


def test_the_real_server_is_hardened(seeds_server: str) -> None:
    with httpx.Client(base_url=seeds_server, timeout=30) as http:
        for url in ("/", "/events.json", "/static/app.css", "/no-such-page"):
            _assert_hardened(http.get(url))
        assert http.get("/events.json?q=" + "x" * MAX_URL).status_code == 414
        assert http.request("GET", "/events.json", content=b"x" * 10_000).status_code == 413


# -- in a browser ------------------------------------------------------------------------------


def test_pages_run_under_the_policy(browser: Browser, seeds_server: str) -> None:
    """Every page and the API docs work with the policy on: no violation reported, the docs
    drawn, and a script injected into a page cannot run."""
    from browser_support import open_page

    for url in [*PAGES, "/docs", "/redoc"]:
        with open_page(browser) as page:
            said: list[str] = []

            def keep(message: ConsoleMessage, said: list[str] = said) -> None:
                said.append(message.text)

            page.on("console", keep)
            page.goto(seeds_server + url, wait_until="networkidle")
            if url == "/docs":
                page.wait_for_selector(".swagger-ui .info", timeout=15_000)
            if url == "/redoc":
                page.wait_for_selector(".api-content", timeout=15_000)
            violations = [t for t in said if "Content Security Policy" in t]
            # ReDoc asks for its logo from a CDN: the policy keeps the docs offline
            violations = [t for t in violations if "cdn.redoc.ly" not in t]
            assert not violations, (url, violations)
    with open_page(browser, seeds_server + "/events") as page:
        ran = page.evaluate(
            """() => { const s = document.createElement('script');
                       s.textContent = 'window.injected = 1'; document.body.append(s);
                       return window.injected || 0; }"""
        )
        assert ran == 0
