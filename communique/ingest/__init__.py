"""Ingest: reading inputs (txt, html, jsonl[.gz], warc), decoding, cleaning boilerplate."""

from communique.ingest.document import to_document
from communique.ingest.sources import InputFailure, RawDoc, iter_inputs

__all__ = ["InputFailure", "RawDoc", "iter_inputs", "to_document"]
