"""HTML pages to main text and metadata with trafilatura."""

from __future__ import annotations

import re
from dataclasses import dataclass

from communique.errors import EmptyInput, MalformedInput, NestedTooDeep
from communique.model import DocMeta

_DATE_IN_URL = re.compile(r"/((?:19|20)\d\d)[/-](0[1-9]|1[0-2])[/-](0[1-9]|[12]\d|3[01])(?:/|\b)")
_META_DATE = re.compile(
    r"<meta[^>]+(?:property|name|itemprop)=[\"'](?:article:published_time|datePublished|"
    r"pubdate|publishdate|date|dc\.date|og:published_time|publication_date)[\"'][^>]*>",
    re.I,
)
_CONTENT = re.compile(r"content=[\"']([^\"']+)[\"']", re.I)
_ISO_DAY = re.compile(r"((?:19|20)\d\d-[01]\d-[0-3]\d)")


def meta_date(html: str, url: str | None) -> str | None:
    """Publication date from meta tags, else from the URL; never from page text (sidebars,
    copyright lines and related links carry other dates)."""
    for tag in _META_DATE.finditer(html):
        content = _CONTENT.search(tag.group(0))
        if content and (day := _ISO_DAY.search(content.group(1))):
            return day.group(1)
    if url and (m := _DATE_IN_URL.search(url)):
        return "-".join(m.groups())
    return None


@dataclass(frozen=True)
class Extracted:
    text: str
    meta: DocMeta


# libxml2 reads HTML 255 levels deep and drops what is deeper; a page this deep is parsed
# again with its huge-tree option (to about 2,000 levels) and its deepest wrappers flattened
PARSER_DEPTH = 250
HUGE_DEPTH = 2000
FLAT_DEPTH = 100


def extract_html(html: str, source: str, url: str | None = None) -> Extracted:
    import trafilatura

    notes: tuple[str, ...] = ()
    depth, flat = _depth_and_flat(html)
    if flat is not None:
        html = flat
        if depth >= HUGE_DEPTH:
            notes = (f"HTML nested over {HUGE_DEPTH:,} levels deep: text deeper was not read",)
    try:
        text = trafilatura.extract(
            html, url=url, include_comments=False, include_tables=False, favor_precision=True
        )
        md = trafilatura.extract_metadata(html, default_url=url)
    except (ValueError, TypeError, LookupError, RecursionError, AttributeError) as exc:
        raise MalformedInput(f"the HTML could not be read: {type(exc).__name__}", source) from None
    if not text or not text.strip():
        if depth >= HUGE_DEPTH:
            msg = f"HTML nested too deeply (over {HUGE_DEPTH:,} levels): no article text found"
            raise NestedTooDeep(msg, source)
        raise EmptyInput("no article text found in the HTML", source)
    published = meta_date(html, url or (md.url if md else None))
    meta = DocMeta(
        title=md.title if md else None,
        outlet=(md.sitename or None) if md else None,
        url=url or (md.url if md else None),
        published=published,
        published_source="metadata" if published else None,
        notes=notes,
        source=source,
    )
    return Extracted(text, meta)


def _depth_and_flat(html: str) -> tuple[int, str | None]:
    """How deep the page nests, and, if deeper than the HTML parser reads, the page with its
    wrappers below ``FLAT_DEPTH`` flattened (their text kept); None when it is not needed."""
    from lxml import etree
    from lxml import html as lxml_html

    if html.count("<") < PARSER_DEPTH:
        return 0, None
    parser = lxml_html.HTMLParser(huge_tree=True, remove_comments=True, remove_pis=True)
    try:
        tree = lxml_html.document_fromstring(html, parser=parser)
    except (etree.ParserError, ValueError):
        return 0, None  # left to the extractor, which names what it cannot read
    deep: list[lxml_html.HtmlElement] = []
    depth = 0
    stack = [(tree, 0)]
    while stack:
        el, d = stack.pop()
        depth = max(depth, d)
        if d > FLAT_DEPTH and isinstance(el, lxml_html.HtmlElement):
            deep.append(el)
        stack.extend((child, d + 1) for child in el)
    if depth < PARSER_DEPTH:
        return depth, None
    for el in deep:
        el.drop_tag()
    return depth, lxml_html.tostring(tree, encoding="unicode")
