"""``export report --format markdown|html``: the relationship report (:mod:`.report`) as
Markdown or as one self-contained HTML page (styles inline, no script, no external asset: it
can be mailed as it is). Sections: Timeline, Pledges, Figures, Sources; every item cites its
sentences as [n], linked to the numbered quote under Sources."""

from __future__ import annotations

import html
from typing import IO

from communique.interop.report import Item, Report, Source, relationship_report
from communique.store.duckdb_store import DuckDBStore

SECTIONS = ("Timeline", "Pledges", "Figures", "Sources")
_CSS = """body{font:16px/1.5 Georgia,serif;max-width:46em;margin:2em auto;padding:0 1em;
color:#1d2430}h1{font-size:1.7em;margin-bottom:.2em}h2{border-bottom:1px solid #c8ccd2;
margin-top:2em}ol.items>li{margin:.6em 0}.date{font-family:monospace;color:#4b5563}
.details{color:#374151}.cite a{text-decoration:none}blockquote{margin:.3em 0 .6em 1em;
padding-left:.8em;border-left:3px solid #c8ccd2}:target{background:#fff3c4}
.meta{color:#4b5563}"""


def _intro(r: Report) -> list[str]:
    return [f"{len(r.timeline)} happenings, {len(r.pledges)} pledges and {len(r.figures)} "
            f"figures about {r.a_name} ({r.a}) and {r.b_name} ({r.b}), read from "
            f"{len(r.sources)} documents by communique."]  # fmt: skip


def markdown(r: Report) -> str:
    lines = [f"# {r.title}: relationship report", "", *_intro(r), ""]
    for name, items in (("Timeline", r.timeline), ("Pledges", r.pledges),
                        ("Figures", r.figures)):  # fmt: skip
        lines += [f"## {name}", ""]
        lines += [_md_item(r, i) for i in items] or ["None found."]
        lines.append("")
    lines += ["## Sources", ""]
    for s in r.sources:
        meta = ", ".join(x for x in (s.outlet, s.published) if x)
        url = _md_url(s.url)
        title = f"[{_md(s.title)}]({url})" if url else _md(s.title)
        lines.append(f"{s.number}. {title}" + (f" ({_md(meta)})" if meta else ""))
        for q in s.quotes:
            link = f" ([in the article]({_md_url(q.link)}))" if q.link else ""
            lines.append(f'    - <a id="{q.anchor}"></a>[{q.anchor[1:]}] “{_md(q.sentence)}”{link}')
    return "\n".join(lines).rstrip() + "\n"


def _md_item(r: Report, i: Item) -> str:
    cites = " ".join(f"[[{a[1:]}]](#{a})" for a in i.quotes)
    head = f"- **{i.date or 'undated'}** — {_md(i.headline)} {cites}".rstrip()
    return "\n".join([head, *(f"  - {_md(d)}" for d in i.details)])


def _md_url(url: str | None) -> str | None:
    """A web address as a Markdown link target (nothing in it ends the link early)."""
    if not url or not url.startswith(("http://", "https://")):
        return None
    for ch, code in ((" ", "%20"), ("(", "%28"), (")", "%29"), ("<", "%3C"), (">", "%3E")):
        url = url.replace(ch, code)
    return url


def _md(text: str) -> str:
    """Text safe in Markdown: no character starts markup, no HTML passes through."""
    out = html.escape(" ".join(text.split()), quote=False)
    for ch in "\\`*_[]#|":
        out = out.replace(ch, "\\" + ch)
    return out


def html_page(r: Report) -> str:
    e = html.escape
    parts = ["<!DOCTYPE html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
             f"<title>{e(r.title)}: relationship report</title>",
             f"<style>{_CSS}</style>", "</head>", "<body>",
             f"<h1>{e(r.title)}</h1>", f'<p class="meta">{e(_intro(r)[0])}</p>']  # fmt: skip
    for name, items in (("Timeline", r.timeline), ("Pledges", r.pledges),
                        ("Figures", r.figures)):  # fmt: skip
        parts.append(f'<section id="{name.lower()}"><h2>{name}</h2>')
        lis = "".join(_html_item(i) for i in items)
        parts.append(f'<ol class="items">{lis}</ol>' if lis else "<p>None found.</p>")
        parts.append("</section>")
    parts.append('<section id="sources"><h2>Sources</h2><ol class="sources">')
    parts += [_html_source(s) for s in r.sources]
    parts += ["</ol></section>", "</body>", "</html>"]
    return "\n".join(parts) + "\n"


def _html_item(i: Item) -> str:
    e = html.escape
    cites = " ".join(f'<a href="#{a}">[{a[1:]}]</a>' for a in i.quotes)
    details = "".join(f"<li>{e(d)}</li>" for d in i.details)
    return (f'<li><span class="date">{e(i.date or "undated")}</span> {e(i.headline)} '
            f'<span class="cite">{cites}</span><ul class="details">{details}</ul></li>')  # fmt: skip


def _html_source(s: Source) -> str:
    e = html.escape
    url = s.url if s.url and s.url.startswith(("http://", "https://")) else None
    title = f'<a href="{e(url)}">{e(s.title)}</a>' if url else e(s.title)
    meta = ", ".join(x for x in (s.outlet, s.published) if x)
    quotes = "".join(
        f'<blockquote id="{q.anchor}">[{q.anchor[1:]}] {e(q.sentence)}'
        + (f' <a href="{e(q.link)}">in the article</a>' if q.link else "")
        + "</blockquote>"
        for q in s.quotes
    )
    return f'<li id="source-{s.number}">{title} <span class="meta">{e(meta)}</span>{quotes}</li>'


def render(r: Report, fmt: str, out: IO[str]) -> int:
    """Write report ``r`` as ``fmt`` (markdown or html); returns the number of its items."""
    out.write(markdown(r) if fmt == "markdown" else html_page(r))
    return len(r.timeline) + len(r.pledges) + len(r.figures)


def write_report(store: DuckDBStore, out: IO[str], fmt: str, a: str | None,
                 b: str | None) -> int:  # fmt: skip
    """Write the report of countries ``a`` and ``b``; returns the number of items in it."""
    return render(relationship_report(store, a, b), fmt, out)
