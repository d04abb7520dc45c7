"""A pipeline of small registered stages.

Each stage is a class registered under a name, declaring the layers it ``requires`` and the
layers it ``provides``. Stages are cheap to construct; heavy resources load lazily on first
use. :class:`Pipeline` checks the declared needs before running anything.

The extraction stages read English only: on a document whose language (set by the
``language`` stage, or stated by the input) is not in :data:`EXTRACTED_LANGUAGES`, the
pipeline runs only the stages marked ``any_language = True`` (``language``, ``sentences``),
and the ``language`` stage leaves a note on the document saying so.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import ClassVar, Protocol

from communique.config import Config
from communique.errors import PipelineError
from communique.model import Document

# the languages the extraction stages (mentions, dating, times, events, ...) can read
EXTRACTED_LANGUAGES: frozenset[str] = frozenset({"en"})


class Stage(Protocol):
    """A stage may also set ``any_language: ClassVar[bool] = True``: it runs on documents in
    any language. Every other stage runs only on documents the extraction stages read."""

    name: ClassVar[str]
    requires: ClassVar[tuple[str, ...]]
    provides: ClassVar[tuple[str, ...]]

    def __call__(self, doc: Document) -> Document: ...


StageFactory = Callable[[Config], Stage]


@dataclass
class Registry:
    """Maps stage names to factories. One instance lives in this module (``REGISTRY``);
    tests may build their own."""

    factories: dict[str, type] = field(default_factory=dict)

    def register(self, cls: type) -> type:
        name = getattr(cls, "name", None)
        if not name:
            raise PipelineError(f"stage class {cls.__name__} has no name")
        self.factories[name] = cls
        return cls

    def create(self, name: str, config: Config) -> Stage:
        if name not in self.factories:
            _load_builtin_stages()
        try:
            cls = self.factories[name]
        except KeyError:
            known = ", ".join(sorted(self.factories))
            raise PipelineError(f"unknown stage {name!r} (known: {known})") from None
        stage: Stage = cls(config)
        return stage


REGISTRY = Registry()
register = REGISTRY.register

_BUILTIN_MODULES = (
    "communique.nlp.language",
    "communique.nlp.sentences",
    "communique.nlp.mentions",
    "communique.nlp.dating",
    "communique.nlp.timex_stage",
    "communique.extract.events",
    "communique.extract.figures",
    "communique.extract.pledges",
)


def _load_builtin_stages() -> None:
    import importlib

    for mod in _BUILTIN_MODULES:
        try:
            importlib.import_module(mod)
        except ModuleNotFoundError as exc:  # a stage module not written yet
            if exc.name != mod:
                raise


def extracted(doc: Document) -> bool:
    """Whether the extraction stages read ``doc``: its language is one they read, or is not
    known (no ``language`` stage ran and the input stated none)."""
    return doc.meta.language is None or doc.meta.language in EXTRACTED_LANGUAGES


class Pipeline:
    def __init__(self, config: Config | None = None, registry: Registry | None = None) -> None:
        self.config = config or Config()
        reg = registry or REGISTRY
        self.stages: list[Stage] = [reg.create(n, self.config) for n in self.config.stages]
        self._check()

    def _check(self) -> None:
        have = {"text"}
        for st in self.stages:
            missing = [r for r in st.requires if r not in have]
            if missing:
                raise PipelineError(
                    f"stage {st.name!r} needs {', '.join(missing)}, which no earlier stage provides"
                )
            have.update(st.provides)

    def __call__(self, doc: Document) -> Document:
        for st in self.stages:
            if getattr(st, "any_language", False) or extracted(doc):
                doc = st(doc)
        return doc

    def pipe(self, docs: Iterable[Document]) -> Iterator[Document]:
        for doc in docs:
            yield self(doc)
