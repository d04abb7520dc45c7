"""HTML pages: each renders the same data its ``.json`` twin returns.

Templates are Jinja2 with autoescaping on; article text reaches the page only through
autoescaped variables or :func:`communique.serve.highlight.highlight`, which escapes too.
"""

from __future__ import annotations

import functools
from typing import Any
from urllib.parse import urlencode

import jinja2
from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.staticfiles import StaticFiles

from communique.serve import details
from communique.serve.app import Filt, Paging, Store
from communique.serve.charts import Point, network, series_chart, stacked_bars
from communique.serve.highlight import Mark, highlight
from communique.serve.lists import read_list
from communique.serve.reader import Filters, PageRequest

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
    data = details.overview(store, a, b)
    chart = stacked_bars(data["per_year"], "events per year by context")
    return render(request, "overview.html", title="Overview", data=data, chart=chart)


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
    per_year = {y: {"events": n} for y, n in data["events_per_year"].items()}
    partners = [(f"/actors/{p['actor_id']}", p["name"], p["events"]) for p in data["partners"]]
    return render(request, "actor.html", title=data["actor"]["name"], data=data,
                  chart=stacked_bars(per_year, "events per year"),
                  net=network(data["actor"]["name"], partners))  # fmt: skip


def _year(period: str | None, published: str | None) -> float | None:
    value = (period or published or "").split("/")[-1]
    if len(value) < 4 or not value[:4].isdigit():
        return None
    month = int(value[5:7]) if len(value) >= 7 and value[5:7].isdigit() else 6
    return int(value[:4]) + (month - 0.5) / 12


def _figures(request: Request, store: Store, f: Filters) -> HTMLResponse:
    series = details.figure_series(store, f)
    charts = []
    for s in series:
        points = [Point(x, p["value"], p["kind"], p["period"] or p["published"] or "")
                  for p in s["points"] if (x := _year(p["period"], p["published"])) is not None]  # fmt: skip
        charts.append(series_chart(points, s["quantity"]))
    conflicts = read_list(store, "contradictions", f, PageRequest(limit=1000)).rows
    sources = claim_sources(store, [c for row in conflicts for c in row["claims"]])
    return render(request, "figures.html", title="Figures", conflicts=conflicts, sources=sources,
                  series=list(zip(series, charts, strict=True)))  # fmt: skip


def install_pages(app: FastAPI) -> None:
    """Register the HTML routes (after the API, so ``.json`` paths match first)."""
    from importlib import resources

    static = resources.files("communique.serve").joinpath("static")
    app.mount("/static", StaticFiles(directory=str(static)), name="static")

    @app.get("/index.json", tags=["relationship"], summary="the overview page's data")
    def index_json(store: Store, a: str | None = None, b: str | None = None) -> dict[str, Any]:
        return details.overview(store, a, b)

    @app.get("/", include_in_schema=False)
    def index(
        request: Request, store: Store, a: str | None = None, b: str | None = None
    ) -> Response:
        return _overview(request, store, a, b)

    titles = {"timeline": "Timeline", "events": "Events", "pledges": "Pledges",
              "documents": "Documents", "actors": "Actors"}  # fmt: skip

    def list_page(name: str) -> None:
        def page(request: Request, store: Store, f: Filt, p: Paging) -> Response:
            if name == "timeline" and "limit" not in request.query_params:
                p = PageRequest(limit=500, cursor=p.cursor, sort=p.sort)  # the chart wants all
            return _list_page(request, store, name, f, p, titles[name])

        app.get(f"/{name}", include_in_schema=False)(page)

    for name in titles:
        list_page(name)

    @app.get("/figures", include_in_schema=False)
    def figures(request: Request, store: Store, f: Filt) -> Response:
        return _figures(request, store, f)

    @app.get("/timeline/{entry_id}", include_in_schema=False)
    def entry(request: Request, store: Store, entry_id: str) -> Response:
        return _entry(request, store, entry_id)

    @app.get("/documents/{doc_id}", include_in_schema=False)
    def document(request: Request, store: Store, doc_id: str) -> Response:
        return _document(request, store, doc_id)

    @app.get("/actors/{actor_id}", include_in_schema=False)
    def actor(request: Request, store: Store, actor_id: str) -> Response:
        return _actor(request, store, actor_id)
