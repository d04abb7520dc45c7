"""HTML pages: each renders the same data its ``.json`` twin returns.

Templates are Jinja2 with autoescaping on; article text reaches the page only through
autoescaped variables or :func:`communique.serve.highlight.highlight`, which escapes too.
"""

from __future__ import annotations

import functools
from typing import Annotated, Any
from urllib.parse import urlencode

import jinja2
from fastapi import FastAPI, Query, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.staticfiles import StaticFiles

from communique.serve import dashboard, dashboard_claims, details
from communique.serve.app import Filt, Paging, Store
from communique.serve.charts import network
from communique.serve.dashboard_api import (
    DrillData,
    From,
    PairPledges,
    PairSide,
    PointsData,
    To,
    Unit,
)
from communique.serve.dashboard_view import (
    CHARTED_SERIES,
    LISTED_SERIES,
    activity_view,
    figures_view,
    payload_json,
)
from communique.serve.highlight import Mark, highlight
from communique.serve.lists import read_list
from communique.serve.reader import Filters, PageRequest
from communique.serve.timeline_density import (
    APART,
    MAX_APART,
    MAX_BINS,
    apart,
    compact,
    density,
    window,
)

NAV = (("/", "Overview"), ("/timeline", "Timeline"), ("/events", "Events"),
       ("/pledges", "Pledges"), ("/figures", "Figures"), ("/actors", "Actors"),
       ("/documents", "Documents"))  # fmt: skip


ACTOR_COLS = ("source", "target", "participants", "actors", "actor_ids")


@functools.lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("communique.serve", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        finalize=lambda v: "" if v is None else v,  # a missing value prints as nothing
    )
    env.globals["nav"] = NAV
    env.filters["short"] = lambda s, n=160: s if len(s or "") <= n else s[: n - 1] + "…"
    env.filters["claim_value"] = claim_value
    env.tests["contains"] = lambda seq, item: item in (seq or ())
    return env


def claim_value(value: Any) -> str:
    """A claimed value as a reader writes it: "18,400,000,000", "1.1", "2025-08-05"."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    if float(value).is_integer():
        return f"{value:,.0f}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def claim_sources(store: Store, claims: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Outlet, title and publication day of each document a claim comes from, by doc_id."""
    ids = sorted({str(c["doc_id"]) for c in claims if c.get("doc_id")})
    if not ids:
        return {}
    rows = store.query(
        "SELECT doc_id, title, outlet, published FROM documents "
        "WHERE list_contains(?::VARCHAR[], doc_id)",
        [ids],
    )
    return {r["doc_id"]: r for r in rows}


def render(request: Request, template: str, status: int = 200, **ctx: Any) -> HTMLResponse:
    path = request.url.path
    twin = ("/index" if path == "/" else path) + ".json"
    if request.url.query:
        twin += "?" + request.url.query
    html = (
        environment()
        .get_template(template)
        .render(request_path=path, json_twin=twin, query=dict(request.query_params), **ctx)
    )
    return HTMLResponse(html, status_code=status)


def render_error(request: Request, status: int, error: dict[str, Any]) -> HTMLResponse:
    return render(request, "error.html", status=status, error=error, title=f"Error {status}")


def _with(query: dict[str, str], **changes: Any) -> str:
    merged = {**query, **{k: v for k, v in changes.items()}}
    return "?" + urlencode({k: v for k, v in merged.items() if v not in (None, "")})


def _list_page(request: Request, store: Store, name: str, f: Filters, page: PageRequest,
               title: str) -> HTMLResponse:  # fmt: skip
    result = read_list(store, name, f, page)
    ids = {a for r in result.rows for k in ACTOR_COLS for a in (r.get(k) or [])}
    names = details.actor_names(store, sorted(ids))
    query = dict(request.query_params)
    nxt = _with(query, cursor=result.next_cursor) if result.next_cursor else None
    return render(request, f"{name}.html", title=title, page=result, next_link=nxt, names=names,
                  csv_link=f"/{name}.csv" + _with(query), json_link=f"/{name}.json" + _with(query))  # fmt: skip


def _overview(request: Request, store: Store, a: str | None, b: str | None) -> HTMLResponse:
    data = dashboard.overview(store, a, b)
    view = activity_view(data["activity"]) if data["pair"] else None
    payload = payload_json({"activity": view["payload"]} if view else {})
    return render(request, "overview.html", title="Overview", data=data, view=view,
                  payload=payload, options=dashboard.picker_options(store))  # fmt: skip


def _pair(request: Request, store: Store, a: str, b: str, start: str | None, end: str | None,
          unit: str | None) -> HTMLResponse:  # fmt: skip
    data = dashboard.pair(store, a, b, start, end, unit)
    view = activity_view(data)
    figs = figures_view(data["figures"]["series"], CHARTED_SERIES, LISTED_SERIES)
    ids = {x for p in data["pledges"]["rows"] for x in p["actors"]}
    payload = payload_json({"activity": view["payload"], "figures": figs["payload"],
                            "places": {k: data["places"][k] for k in ("countries", "atlas_sides")}})  # fmt: skip
    title = f"{data['pair']['a']['name']} – {data['pair']['b']['name']}"
    return render(request, "dashboard.html", title=title, data=data, view=view, figs=figs,
                  payload=payload, names=details.actor_names(store, sorted(ids)),
                  options=dashboard.picker_options(store))  # fmt: skip


def _pair_events(request: Request, data: dict[str, Any]) -> HTMLResponse:
    query = dict(request.query_params)
    nxt = data["offset"] + data["shown"]
    next_link = _with(query, offset=nxt) if nxt < data["total"] else None
    title = "Events: " + " · ".join(data["description"]) if data["description"] else "Events"
    return render(request, "dashboard_events.html", title=title, data=data,
                  next_link=next_link)  # fmt: skip


def _entry(request: Request, store: Store, entry_id: str) -> HTMLResponse:
    data = details.entry(store, entry_id)
    texts = []
    for src in data["sources"]:
        marks = [Mark(ev["span"][0], ev["span"][1], "evidence", anchor=f"ev-{ev['event_id']}")
                 for ev in src["evidence"]]  # fmt: skip
        texts.append(highlight(src["text"], marks))
    sources = {s["doc_id"]: s for s in data["sources"]}
    return render(request, "entry.html", title=data["entry"]["title"], data=data, texts=texts,
                  sources=sources)  # fmt: skip


def _document(request: Request, store: Store, doc_id: str) -> HTMLResponse:
    data = details.document(store, doc_id)
    marks = [Mark(e["span"][0], e["span"][1], "event", f"{e['type']} {e['mode'] or ''}".strip(),
                  anchor=f"ev-{e['event_id']}") for e in data["events"]]  # fmt: skip
    marks += [Mark(m["start"], m["end"], "mention", f"{m['name']} ({m['kind']})")
              for m in data["mentions"]]  # fmt: skip
    marks += [Mark(t["start"], t["end"], "time", f"{t['type']} {t['value']}")
              for t in data["times"]]  # fmt: skip
    text = highlight(data["document"]["text"], marks)
    show_removed = request.query_params.get("removed") == "1"
    return render(request, "document.html", title=data["document"]["title"] or doc_id,
                  data=data, text=text, show_removed=show_removed)  # fmt: skip


def _actor(request: Request, store: Store, actor_id: str) -> HTMLResponse:
    data = details.actor(store, actor_id)
    act = dashboard.actor_activity(store, actor_id)  # every event, counted in SQL
    view = activity_view(act)
    partners = [(f"/pair?{urlencode({'a': actor_id, 'b': p['actor_id']})}", p["name"], p["events"])
                for p in act["partners"]]  # fmt: skip
    return render(request, "actor.html", title=data["actor"]["name"], data=data, activity=act,
                  view=view, payload=payload_json({"activity": view["payload"]}),
                  net=network(data["actor"]["name"], partners))  # fmt: skip


def _figures(request: Request, store: Store, f: Filters) -> HTMLResponse:
    data = dashboard_claims.figure_series(store, f)  # every figure, aggregated per period in SQL
    figs = figures_view(data["series"], 3 * CHARTED_SERIES, 100)
    conflicts = dashboard_claims.all_rows(store, "contradictions", f)
    sources = claim_sources(store, [c for row in conflicts for c in row["claims"]])
    return render(request, "figures.html", title="Figures", conflicts=conflicts, sources=sources,
                  data=data, figs=figs, payload=payload_json({"figures": figs["payload"]}))  # fmt: skip


TABLE_ROWS = 100  # the timeline table's page when no limit is asked
FIRST_BINS = 240  # the chart's first view, inline: bins over the whole extent
INLINE_ENTRIES = 200  # a filtered set this small has its entries inline (no fetch at all)
APART_ROWS = 50  # history and undated entries shown on the timeline page (the rest paged)
Bins = Annotated[int, Query(ge=1, le=MAX_BINS, description="at most this many bins")]
Instant = Annotated[str | None, Query(max_length=20, description="YYYY-MM-DD[THH[:MM]], UTC")]
Offset = Annotated[int, Query(ge=0, le=10**9)]
ApartLimit = Annotated[int, Query(ge=1, le=MAX_APART)]


def _timeline(request: Request, store: Store, f: Filters, p: PageRequest) -> HTMLResponse:
    """The table is one page; the chart gets a small first view (counts per bin over the
    whole extent, and the entries themselves when there are few) and reads the rest on
    demand; history and undated entries are counted and their first rows listed."""
    if "limit" not in request.query_params:
        p = PageRequest(limit=TABLE_ROWS, cursor=p.cursor, sort=p.sort)
    result = read_list(store, "timeline", f, p)
    first = density(store, f, None, FIRST_BINS)
    counts = first["counts"]
    entries = None
    if counts["dated"] <= INLINE_ENTRIES:
        n = counts["dated"] + counts["history"] + counts["unplaced"]
        rows = read_list(store, "timeline", f, PageRequest(limit=max(n, 1), sort="date")).rows
        entries = compact(
            [r for r in rows if r.get("date") and "history" not in (r.get("flags") or [])]
        )
    apart_rows = {w: apart(store, f, w, 0, APART_ROWS) if counts[w] else None
                  for w in ("history", "undated")}  # fmt: skip
    query = dict(request.query_params)
    chart = {"density": first, "entries": entries, "entry_limit": INLINE_ENTRIES * 2}
    nxt = _with(query, cursor=result.next_cursor) if result.next_cursor else None
    filters = _with({k: v for k, v in query.items() if k not in ("cursor", "sort", "limit")})
    return render(request, "timeline.html", title="Timeline", page=result, next_link=nxt,
                  chart=chart, counts=counts, apart=apart_rows, filter_query=filters,
                  csv_link="/timeline.csv" + _with(query),
                  json_link="/timeline.json" + _with(query))  # fmt: skip


def _apart_page(request: Request, data: dict[str, Any]) -> HTMLResponse:
    query = dict(request.query_params)
    nxt = _with(query, offset=data["next_offset"]) if data["next_offset"] is not None else None
    title = "History mentioned in passing" if data["which"] == "history" else "Undated happenings"
    filters = _with({k: v for k, v in query.items() if k not in ("offset", "limit")})
    return render(request, "timeline_apart.html", title=title, data=data, next_link=nxt,
                  filter_query=filters)  # fmt: skip


def install_timeline(app: FastAPI) -> None:
    """The timeline chart's data (``/timeline/density.json``) and the pages of the entries
    off the chart (``/timeline/history``, ``/timeline/undated``, with ``.json`` twins): ahead
    of ``/timeline/{entry_id}`` in the routing."""

    @app.get("/timeline/density.json", tags=["lists"], summary="timeline: entries per period")
    def density_json(store: Store, f: Filt, bins: Bins = 200, lo: Instant = None,
                     hi: Instant = None) -> dict[str, Any]:  # fmt: skip
        """How many of the filtered timeline's dated entries fall in each calendar bin of the
        window ``lo``..``hi`` (the whole extent when not given; the finest of hours, days,
        weeks, months, quarters, years, ... giving at most ``bins`` bins), the entries dated
        only to much longer periods grouped by period (``spans``), those before and after the
        window, the counts of history, undated and unreadable dates, and the extent. One
        statement, whatever the size."""
        return density(store, f, window(lo, hi), bins)

    def apart_routes(which: str) -> None:
        def read(
            store: Store, f: Filt, offset: Offset = 0, limit: ApartLimit = 50
        ) -> dict[str, Any]:
            return apart(store, f, which, offset, limit)

        def page(request: Request, store: Store, f: Filt, offset: Offset = 0,
                 limit: ApartLimit = 50) -> Response:  # fmt: skip
            return _apart_page(request, apart(store, f, which, offset, limit))

        app.get(f"/timeline/{which}.json", tags=["lists"],
                summary=f"timeline: the {which} entries, paged")(read)  # fmt: skip
        app.get(f"/timeline/{which}", include_in_schema=False)(page)

    for which in APART:
        apart_routes(which)
    _ahead(
        app,
        {"/timeline/density.json", *(f"/timeline/{w}{x}" for w in APART for x in ("", ".json"))},
    )


def _ahead(app: FastAPI, paths: set[str]) -> None:
    """Move the routes of ``paths`` before every other route (so ``/timeline/{entry_id}.json``,
    registered earlier, does not take ``/timeline/density.json``)."""
    routes = app.router.routes
    mine = [r for r in routes if getattr(r, "path", None) in paths]
    routes[:] = mine + [r for r in routes if r not in mine]


def install_pages(app: FastAPI) -> None:
    """Register the HTML routes (after the API, so ``.json`` paths match first)."""
    from importlib import resources

    static = resources.files("communique.serve").joinpath("static")
    app.mount("/static", StaticFiles(directory=str(static)), name="static")

    @app.get("/index.json", tags=["relationship"], summary="the overview page's data")
    def index_json(store: Store, a: str | None = None, b: str | None = None) -> dict[str, Any]:
        return dashboard.overview(store, a, b)

    @app.get("/pair.json", tags=["relationship"], summary="a relationship dashboard's data")
    def pair_json(store: Store, a: PairSide, b: PairSide, start: From = None, end: To = None,
                  unit: Unit = None) -> dict[str, Any]:  # fmt: skip
        """Everything about two countries or actors: events per period by direction and quad
        class, types, people, places, pledges, figures and contradictions (see
        :mod:`communique.serve.dashboard`)."""
        return dashboard.pair(store, a, b, start, end, unit)

    @app.get("/pair", include_in_schema=False)
    def pair(request: Request, store: Store, a: PairSide, b: PairSide, start: From = None,
             end: To = None, unit: Unit = None) -> Response:  # fmt: skip
        return _pair(request, store, a, b, start, end, unit)

    @app.get("/pair/events.json", tags=["relationship"], summary="the events behind a mark")
    def pair_events_json(data: DrillData) -> dict[str, Any]:
        """Exactly the events one mark of the dashboard counts (direction, quad class, type,
        period, place, person), with their sentences."""
        return data

    @app.get("/pair/events", include_in_schema=False)
    def pair_events(request: Request, data: DrillData) -> Response:
        return _pair_events(request, data)

    @app.get("/pair/pledges.json", tags=["relationship"], summary="the pledges of a pair")
    def pair_pledges_json(data: PairPledges) -> dict[str, Any]:
        """A pair's pledges (made by one naming the other, or by both) by status and side."""
        return data

    @app.get("/pair/pledges", include_in_schema=False)
    def pair_pledges(request: Request, data: PairPledges) -> Response:
        query = dict(request.query_params)
        nxt = data["offset"] + data["shown"]
        next_link = _with(query, offset=nxt) if nxt < data["matching"] else None
        return render(request, "pair_pledges.html", title="Pledges of a pair", data=data,
                      next_link=next_link)  # fmt: skip

    @app.get("/figures/points.json", tags=["relationship"], summary="the figures behind a point")
    def figure_points_json(data: PointsData) -> dict[str, Any]:
        """The figures of one point of a series (measure, unit, kind, period), with sentences."""
        return data

    @app.get("/figures/points", include_in_schema=False)
    def figure_points(request: Request, data: PointsData) -> Response:
        return render(request, "figure_points.html", title=f"Figures: {data['quantity']}",
                      data=data)  # fmt: skip

    @app.get("/", include_in_schema=False)
    def index(
        request: Request, store: Store, a: str | None = None, b: str | None = None
    ) -> Response:
        return _overview(request, store, a, b)

    titles = {"timeline": "Timeline", "events": "Events", "pledges": "Pledges",
              "documents": "Documents", "actors": "Actors"}  # fmt: skip

    def list_page(name: str) -> None:
        def page(request: Request, store: Store, f: Filt, p: Paging) -> Response:
            if name == "timeline":
                return _timeline(request, store, f, p)
            return _list_page(request, store, name, f, p, titles[name])

        app.get(f"/{name}", include_in_schema=False)(page)

    for name in titles:
        list_page(name)

    @app.get("/figures", include_in_schema=False)
    def figures(request: Request, store: Store, f: Filt) -> Response:
        return _figures(request, store, f)

    install_timeline(app)

    @app.get("/timeline/{entry_id}", include_in_schema=False)
    def entry(request: Request, store: Store, entry_id: str) -> Response:
        return _entry(request, store, entry_id)

    @app.get("/documents/{doc_id}", include_in_schema=False)
    def document(request: Request, store: Store, doc_id: str) -> Response:
        return _document(request, store, doc_id)

    @app.get("/actors/{actor_id}", include_in_schema=False)
    def actor(request: Request, store: Store, actor_id: str) -> Response:
        return _actor(request, store, actor_id)
