"""Coded error classes. Every error communique raises on purpose carries a code and,
where there is one, the input it is about."""

from __future__ import annotations


class CommuniqueError(Exception):
    """Base class: ``code`` is stable and documented; ``source`` names the input."""

    code = "E000"

    def __init__(self, message: str, source: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.source = source

    def __str__(self) -> str:
        where = f"{self.source}: " if self.source else ""
        return f"{where}{self.message} [{self.code}]"


class InputError(CommuniqueError):
    """An input could not be read as a document (binary, empty, undecodable, malformed)."""

    code = "E100"


class EmptyInput(InputError):
    code = "E101"


class BinaryInput(InputError):
    code = "E102"


class DecodeError(InputError):
    code = "E103"


class MalformedInput(InputError):
    code = "E104"


class UnreadableInput(InputError):
    code = "E105"


class UnsupportedInput(InputError):
    code = "E106"


# E107 is a doc_id read twice in one build (communique.api)


class InputTooLarge(InputError):
    """A document larger than the limit (``Config.max_document_bytes``, ``--max-bytes``)."""

    code = "E108"


class NestedTooDeep(InputError):
    """HTML nested deeper than any parser reads: the text is out of reach."""

    code = "E109"


class TruncatedInput(MalformedInput):
    """A compressed file or archive that ends early or is damaged part way: the complete
    records before the damage are kept, this names where it is."""

    code = "E110"


class PipelineError(CommuniqueError):
    """Stages misconfigured: unknown stage, or a stage whose needs no earlier stage provides."""

    code = "E200"


class StoreError(CommuniqueError):
    code = "E300"


class StoreLocked(StoreError):
    """Another process holds the database: a build writing it (or an older server reading
    it). Builds wait a moment for it; readers read the last published snapshot instead."""

    code = "E301"


class ExportError(CommuniqueError):
    code = "E400"


class OptionalDependencyMissing(CommuniqueError):
    """An optional heavy part is not installed; the message says how to get it."""

    code = "E500"


class RequestError(CommuniqueError):
    """A read request that cannot be answered: bad cursor, unknown sort key, bad value."""

    code = "E600"


class NotFound(CommuniqueError):
    """No such timeline entry, document or actor."""

    code = "E604"
