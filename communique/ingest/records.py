"""What the readers yield: a document's raw text and metadata, or a failure naming the input."""

from __future__ import annotations

from dataclasses import dataclass, field

from communique.errors import InputError
from communique.model import DocMeta


@dataclass(frozen=True)
class RawDoc:
    source: str
    text: str
    meta: DocMeta = field(default_factory=DocMeta)
    doc_id: str | None = None


@dataclass(frozen=True)
class InputFailure:
    source: str
    error: InputError


Item = RawDoc | InputFailure
