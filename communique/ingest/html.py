"""HTML pages to main text and metadata with trafilatura."""

from __future__ import annotations

import re
from dataclasses import dataclass

from communique.errors import EmptyInput
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


def extract_html(html: str, source: str, url: str | None = None) -> Extracted:
    import trafilatura

    text = trafilatura.extract(
        html, url=url, include_comments=False, include_tables=False, favor_precision=True
    )
    if not text or not text.strip():
        raise EmptyInput("no article text found in the HTML", source)
    md = trafilatura.extract_metadata(html, default_url=url)
    published = meta_date(html, url or (md.url if md else None))
    meta = DocMeta(
        title=md.title if md else None,
        outlet=(md.sitename or None) if md else None,
        url=url or (md.url if md else None),
        published=published,
        published_source="metadata" if published else None,
        source=source,
    )
    return Extracted(text, meta)
