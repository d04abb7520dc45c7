"""Bytes to text: BOM-aware, UTF-8 first, cp1252 fallback, binary detection."""

from __future__ import annotations

import codecs

from communique.errors import BinaryInput, DecodeError, EmptyInput

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


# the opening bytes of common binary files, to say what a file named as text really is
_MAGIC = (
    (b"%PDF", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or an Office document)"),
    (b"\x1f\x8b", "gzip data (name it .jsonl.gz or .warc.gz)"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\x7fELF", "a program"),
    (b"BZh", "bzip2 data"),
    (b"\xfd7zXZ", "xz data"),
)


def binary_kind(data: bytes) -> str | None:
    """What binary data looks like, from its opening bytes ("a PDF document"), if known."""
    return next((kind for magic, kind in _MAGIC if data.startswith(magic)), None)


def not_text(data: bytes, source: str) -> BinaryInput:
    kind = binary_kind(data)
    return BinaryInput(f"binary content, not text{f' ({kind})' if kind else ''}", source)


def looks_binary(data: bytes) -> bool:
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
    if looks_binary(data):
        raise not_text(data, source)
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
