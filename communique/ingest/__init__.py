"""Ingest: reading inputs (txt, html, jsonl[.gz], warc), decoding, cleaning boilerplate."""

from communique.ingest.document import to_document
from communique.ingest.records import InputFailure, RawDoc
from communique.ingest.sources import iter_inputs
from communique.ingest.tally import InputSummary, InputTally, ReadOptions

__all__ = [
    "InputFailure",
    "InputSummary",
    "InputTally",
    "RawDoc",
    "ReadOptions",
    "iter_inputs",
    "to_document",
]
