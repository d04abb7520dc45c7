"""Bytes to text: BOM-aware, UTF-8 first, cp1252 fallback, binary detection."""

from __future__ import annotations

import codecs

from communique.errors import BinaryInput, DecodeError, EmptyInput

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def _looks_binary(data: bytes) -> bool:
    sample = data[:8192]
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return controls > max(8, len(sample) // 20)


def decode_bytes(data: bytes, source: str) -> str:
    """Decode a file's bytes, or raise a coded error naming ``source``."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise DecodeError(f"invalid {encoding} text: {exc.reason}", source) from exc
            return _non_empty(text, source)
    if _looks_binary(data):
        raise BinaryInput("binary content, not text", source)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError as exc:
            raise DecodeError("neither UTF-8 nor cp1252 text", source) from exc
    return _non_empty(text, source)


def _non_empty(text: str, source: str) -> str:
    if not text.strip():
        raise EmptyInput("empty file", source)
    return text
