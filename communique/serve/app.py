"""The ASGI app behind ``communique serve``: a JSON API and HTML pages over one DuckDB file.

Datasette's shape: every page has a ``.json`` twin, both thin shells over
:mod:`communique.serve.lists` and :mod:`communique.serve.details`. The server reads the
snapshot the last build published (:mod:`communique.store.snapshot_reader`), so builds run
while it serves; each request reads one snapshot through its own cursor. Every request value
is checked (:mod:`communique.serve.params`: countries by code or name, event types in any
case, real calendar dates) and every error, from any route, comes back in one envelope
(:mod:`communique.serve.http_errors`). Lists answer a page with the ``total`` of the filtered
set; downloads (``.csv``, ``.jsonl``, ``.all.json``) stream the whole filtered set. Responses
are gzipped and carry ETags (:mod:`communique.serve.caching`); ``/docs`` works offline.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Query, Request
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.responses import StreamingResponse

from communique import __version__
from communique.serve import details, downloads, params
from communique.serve.apidocs import install_docs
from communique.serve.caching import CacheHeaders
from communique.serve.http_errors import install_errors
from communique.serve.lists import read_list
from communique.serve.reader import MAX_LIMIT, Filters, PageRequest, decode_cursor
from communique.serve.response_cache import ResponseCache
from communique.serve.security import install_security
from communique.store.duckdb_store import DuckDBStore
from communique.store.snapshot_reader import PinSnapshot, SnapshotStore

LISTS = ("timeline", "events", "pledges", "figures", "documents", "actors", "contradictions")
GZIP_MIN_SIZE = 1024  # bytes: smaller responses are sent as they are
Text = Annotated[str | None, Query(max_length=params.MAX_TEXT)]


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
    actor: Annotated[
        str | None, Query(max_length=params.MAX_TEXT, description="actor id or part of a name")
    ] = None,
    countries: Annotated[
        str | None, Query(description="ISO3 codes or English names, comma-separated: VNM,Russia")
    ] = None,
    type: Annotated[str | None, Query(description="PLOVER event type, any case")] = None,
    context: Annotated[str | None, Query(description="PLOVER context")] = None,
    outlet: Text = None,
    q: Annotated[str | None, Query(max_length=params.MAX_TEXT, description="text search")] = None,
    status: Annotated[str | None, Query(description="pledge status")] = None,
    kind: Annotated[str | None, Query(description="figure, pledge, actor, entry kind")] = None,
) -> Filters:
    start, end = (params.check_date(start, "from") if start else None,
                  params.check_date(end, "to") if end else None)  # fmt: skip
    params.check_range(start, end)
    return Filters(
        start=start,
        end=end,
        actor=actor or None,
        countries=params.countries(countries or ""),
        type=params.event_type(type) if type else None,
        context=params.context(context) if context else None,
        outlet=outlet or None,
        q=q or None,
        status=params.pledge_status(status) if status else None,
        kind=params.kind(kind) if kind else None,
    )


def get_page(
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 50,
    cursor: Annotated[
        str | None, Query(max_length=100, description="next_cursor of the previous page")
    ] = None,
    sort: Annotated[
        str | None, Query(max_length=40, description="a column, '-' first for descending")
    ] = None,
) -> PageRequest:
    decode_cursor(cursor)  # a bad cursor is refused here, whatever reads the page
    return PageRequest(limit=limit, cursor=cursor or None, sort=sort or None)


Store = Annotated[DuckDBStore, Depends(get_store)]
Filt = Annotated[Filters, Depends(get_filters)]
Paging = Annotated[PageRequest, Depends(get_page)]


def _check_kind(name: str, f: Filters) -> None:
    if f.kind:
        params.kind(f.kind, name)
    if f.status and name != "pledges":
        raise params.BadValue("status", f"{name} cannot be filtered by status")


def _install_lists(app: FastAPI) -> None:
    def list_route(name: str) -> None:
        def read(store: Store, f: Filt, page: Paging) -> dict[str, Any]:
            _check_kind(name, f)
            return read_list(store, name, f, page).as_json()

        def download(fmt: str) -> None:
            suffix, media = downloads.FORMATS[fmt]

            def stream(request: Request, store: Store, f: Filt, page: Paging) -> StreamingResponse:
                _check_kind(name, f)
                d = downloads.prepare(store, name, f, page.sort)
                disposition = f'attachment; filename="{name}{suffix.replace(".all", "")}"'
                return StreamingResponse(
                    downloads.stream(request.app.state.store, d, fmt),
                    media_type=media,
                    headers={"Content-Disposition": disposition, "X-Total-Count": str(d.total)},
                )

            summary = f"{name}: the whole filtered list as {fmt} (streamed; paging ignored)"
            app.get(f"/{name}{suffix}", tags=["downloads"], summary=summary)(stream)

        app.get(f"/{name}.json", tags=["lists"], summary=f"{name}: filtered, sorted, paged")(read)
        for fmt in downloads.FORMATS:
            download(fmt)

    for name in LISTS:
        list_route(name)


def _install_api(app: FastAPI) -> None:
    _install_lists(app)

    @app.get("/overview.json", tags=["relationship"])
    def overview(store: Store, a: Text = None, b: Text = None) -> dict[str, Any]:
        """Counts, events per year by context, latest entries and open pledges of a pair of
        countries (codes or names)."""
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
        """Figures grouped into series by what they measure (``capped`` if cut)."""
        _check_kind("figures", f)
        return details.figure_series_json(store, f)


def create_app(db: str | Path) -> FastAPI:
    """The app over the DuckDB file ``db`` (it must exist), read-only: it reads the snapshot
    each build publishes and follows new ones, so builds run while it serves."""
    store = SnapshotStore(db)
    app = FastAPI(
        title="communique",
        version=__version__,
        description="Events, timeline, pledges and figures read from international news, "
        "each linked to its evidence sentence.",
        docs_url=None,
        redoc_url=None,
    )
    app.state.store = store
    app.state.db = str(db)
    install_errors(app)
    from communique.serve.pages import install_pages  # after the API: .json routes win

    _install_api(app)
    install_docs(app)
    install_pages(app)
    app.add_middleware(CacheHeaders, token=store.token)
    app.add_middleware(GZipMiddleware, minimum_size=GZIP_MIN_SIZE, compresslevel=6)
    app.add_middleware(ResponseCache, token=store.token)  # answers sent again, compressed
    app.add_middleware(PinSnapshot, store=store)  # a request reads one snapshot throughout
    install_security(app)  # around everything: headers on every response, limits first
    return app
