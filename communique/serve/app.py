"""The ASGI app behind ``communique serve``: a JSON API and HTML pages over one DuckDB file.

Datasette's shape: every page has a ``.json`` twin, both thin shells over
:mod:`communique.serve.lists` and :mod:`communique.serve.details`. The database is opened
read-only; each request reads through its own cursor. Every error, from any route, comes
back in one envelope: ``{"error": {"status", "code", "message", "details"}}`` (an HTML page
saying the same for HTML routes).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from communique import __version__
from communique.errors import CommuniqueError, NotFound, RequestError
from communique.serve import details
from communique.serve.lists import read_list
from communique.serve.reader import Filters, PageRequest
from communique.store.duckdb_store import DuckDBStore

LISTS = ("timeline", "events", "pledges", "figures", "documents", "actors", "contradictions")


def get_store(request: Request) -> Iterator[DuckDBStore]:
    """A per-request reader over the app's database."""
    reader = request.app.state.store.reader()
    try:
        yield reader
    finally:
        reader.close()


def get_filters(
    start: Annotated[str | None, Query(alias="from", description="YYYY[-MM[-DD]]")] = None,
    end: Annotated[str | None, Query(alias="to", description="YYYY[-MM[-DD]]")] = None,
    actor: Annotated[str | None, Query(description="actor id or part of a name")] = None,
    countries: Annotated[str | None, Query(description="ISO3 codes, comma-separated")] = None,
    type: Annotated[str | None, Query(description="PLOVER event type")] = None,
    context: Annotated[str | None, Query(description="PLOVER context")] = None,
    outlet: Annotated[str | None, Query()] = None,
    q: Annotated[str | None, Query(description="text search")] = None,
    status: Annotated[str | None, Query(description="pledge status")] = None,
    kind: Annotated[str | None, Query(description="figure or actor kind")] = None,
) -> Filters:
    codes = tuple(c.strip().upper() for c in (countries or "").split(",") if c.strip())
    return Filters(
        start=start or None,
        end=end or None,
        actor=actor or None,
        countries=codes,
        type=type or None,
        context=context or None,
        outlet=outlet or None,
        q=q or None,
        status=status or None,
        kind=kind or None,
    )


def get_page(
    limit: Annotated[int, Query(ge=1, le=1000)] = 50,
    cursor: Annotated[str | None, Query(description="next_cursor of the previous page")] = None,
    sort: Annotated[str | None, Query(description="a column, '-' first for descending")] = None,
) -> PageRequest:
    return PageRequest(limit=limit, cursor=cursor or None, sort=sort or None)


Store = Annotated[DuckDBStore, Depends(get_store)]
Filt = Annotated[Filters, Depends(get_filters)]
Paging = Annotated[PageRequest, Depends(get_page)]


def _envelope(status: int, code: str, message: str, details: Any = None) -> dict[str, Any]:
    return {"error": {"status": status, "code": code, "message": message, "details": details}}


def _wants_html(request: Request) -> bool:
    path = request.url.path
    return not (path.endswith((".json", ".csv")) or path.startswith("/openapi") or
                "application/json" in request.headers.get("accept", ""))  # fmt: skip


def _error_response(request: Request, status: int, body: dict[str, Any]) -> Response:
    if _wants_html(request):
        from communique.serve.pages import render_error

        return render_error(request, status, body["error"])
    return JSONResponse(body, status_code=status)


def _install_errors(app: FastAPI) -> None:
    @app.exception_handler(CommuniqueError)
    async def _communique(request: Request, exc: CommuniqueError) -> Response:
        status = 404 if isinstance(exc, NotFound) else 400 if isinstance(exc, RequestError) else 500
        return _error_response(request, status, _envelope(status, exc.code, exc.message))

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        code = "not_found" if exc.status_code == 404 else f"http_{exc.status_code}"
        return _error_response(
            request, exc.status_code, _envelope(exc.status_code, code, str(exc.detail))
        )

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        errs = [{"loc": list(e.get("loc", ())), "msg": e.get("msg")} for e in exc.errors()]
        body = _envelope(400, "invalid_request", "invalid request parameters", errs)
        return _error_response(request, 400, body)

    @app.exception_handler(Exception)
    async def _crash(request: Request, exc: Exception) -> Response:
        body = _envelope(500, "internal", f"{type(exc).__name__}: {exc}")
        return _error_response(request, 500, body)


def _csv(rows: list[dict[str, Any]]) -> str:
    buf = io.StringIO()
    if rows:
        writer = csv.DictWriter(buf, fieldnames=list(rows[0]), extrasaction="ignore")
        writer.writeheader()
        for r in rows:
            writer.writerow(
                {
                    k: json.dumps(v, ensure_ascii=False) if isinstance(v, list | dict) else v
                    for k, v in r.items()
                }  # fmt: skip
            )
    return buf.getvalue()


def _install_api(app: FastAPI) -> None:
    def list_route(name: str) -> None:
        def read(store: Store, f: Filt, page: Paging) -> dict[str, Any]:
            return read_list(store, name, f, page).as_json()

        def read_csv(store: Store, f: Filt, page: Paging) -> Response:
            rows = read_list(store, name, f, page).rows
            headers = {"Content-Disposition": f'attachment; filename="{name}.csv"'}
            return Response(_csv(rows), media_type="text/csv; charset=utf-8", headers=headers)

        app.get(f"/{name}.json", tags=["lists"], summary=f"{name}: filtered, sorted, paged")(read)
        app.get(f"/{name}.csv", tags=["downloads"], summary=f"{name} as CSV")(read_csv)

    for name in LISTS:
        list_route(name)

    @app.get("/overview.json", tags=["relationship"])
    def overview(store: Store, a: str | None = None, b: str | None = None) -> dict[str, Any]:
        """Counts, events per year by context, latest entries and open pledges of a pair."""
        return details.overview(store, a, b)

    @app.get("/timeline/{entry_id}.json", tags=["items"])
    def entry(store: Store, entry_id: str) -> dict[str, Any]:
        """A merged happening with its events and the evidence spans in each source."""
        return details.entry(store, entry_id)

    @app.get("/documents/{doc_id}.json", tags=["items"])
    def document(store: Store, doc_id: str) -> dict[str, Any]:
        """A document's cleaned text with mentions, times, events, captions, removed lines."""
        return details.document(store, doc_id)

    @app.get("/actors/{actor_id}.json", tags=["items"])
    def actor(store: Store, actor_id: str) -> dict[str, Any]:
        """An actor's offices, events per year and most frequent partners."""
        return details.actor(store, actor_id)

    @app.get("/figures/series.json", tags=["relationship"])
    def series(store: Store, f: Filt) -> dict[str, Any]:
        """Figures grouped into series by what they measure."""
        return {"series": details.figure_series(store, f)}


def create_app(db: str | Path) -> FastAPI:
    """The app over the DuckDB file ``db`` (opened read-only; it must exist)."""
    store = DuckDBStore(db, read_only=True)
    app = FastAPI(
        title="communique",
        version=__version__,
        description="Events, timeline, pledges and figures read from international news, "
        "each linked to its evidence sentence.",
    )
    app.state.store = store
    app.state.db = str(db)
    _install_errors(app)
    from communique.serve.pages import install_pages  # after the API: .json routes win

    _install_api(app)
    install_pages(app)
    return app
