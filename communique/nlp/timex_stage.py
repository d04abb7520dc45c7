"""Pipeline stage ``times``: TIMEX3 expressions normalized against the publication date."""

from __future__ import annotations

from typing import ClassVar

from communique.config import Config
from communique.model import Document
from communique.nlp.timex import tag
from communique.pipeline import register


@register
class TimesStage:
    """Tags temporal expressions with :func:`communique.nlp.timex.tag`, using
    ``doc.meta.published`` (from metadata, the text, or inferred by ``dating``) as the DCT."""

    name: ClassVar[str] = "times"
    requires: ClassVar[tuple[str, ...]] = ("sentences",)
    provides: ClassVar[tuple[str, ...]] = ("times",)

    def __init__(self, config: Config) -> None:
        self.config = config

    def __call__(self, doc: Document) -> Document:
        times = tag(doc.text, doc.meta.published, doc.sentences or None)
        return doc.with_layers(times=tuple(times))
