"""The ``language`` stage: which language a document is in, and whether communique reads it.

It runs first, on every document. The language is detected from the cleaned body text
(boilerplate lines and captions were removed by cleaning) with py3langid, whose model ships
inside its wheel, so it works offline; the stage loads it on its first document. A language
the input stated (``DocMeta.language`` set by ingest) is kept. When the text is too short or
the detector unsure, the stated language, else ``Config.language``, is taken, and a note
says so.

A document not in one of :data:`~communique.pipeline.EXTRACTED_LANGUAGES` (English only for
now) is stored with its text and language, and a note saying it was not extracted; the
:class:`~communique.pipeline.Pipeline` runs only the stages marked ``any_language`` on it.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any, ClassVar

from communique.config import Config
from communique.errors import OptionalDependencyMissing
from communique.model import Document
from communique.pipeline import EXTRACTED_LANGUAGES, register

# Fewer letters than this and the detector is not asked. Short texts are mostly left to the
# confidence: a line of Cyrillic or Chinese is known at once, a line of Spanish is not.
MIN_LETTERS = 20
MIN_CONFIDENCE = 0.8  # below this the detector is taken to be unsure
DISAGREE_CONFIDENCE = 0.95  # a stated language is questioned (in a note) from this on
MAX_CHARS = 20_000  # the detector reads at most this much of a long text

# py3langid labels without an ISO 639-1 code, folded into the macrolanguage that has one
# (their probabilities are added): Wu and Cantonese are written Chinese to a reader here
_FOLD = {
    "wuu": "zh", "yue": "zh", "ary": "ar", "arz": "ar", "uzs": "uz", "sdh": "ku",
    "gug": "gn", "hbo": "he", "grc": "el",
}  # fmt: skip
_NO_LANGUAGE = "zxx"  # py3langid's label for text with no linguistic content

_NAMES = {"en": "English"}


@dataclass(frozen=True)
class Detection:
    """What the detector made of a text: ``language`` is None when it was not asked (too
    little text) or found no language in it."""

    language: str | None
    confidence: float
    letters: int


class Detector:
    """Detects the language of a text with py3langid; the model loads on the first call."""

    def __init__(self) -> None:
        self._model: Any = None

    def _load(self) -> Any:
        try:
            from py3langid.langid import MODEL_FILE, LanguageIdentifier
        except ImportError:
            raise OptionalDependencyMissing(
                "language detection needs py3langid: pip install py3langid"
            ) from None
        return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)

    def __call__(self, text: str) -> Detection:
        """The most likely language of ``text`` (ISO 639-1 where the language has a code
        there) and the detector's probability for it."""
        sample = text[:MAX_CHARS]
        letters = sum(c.isalpha() for c in sample)
        if letters < MIN_LETTERS:
            return Detection(None, 0.0, letters)
        if self._model is None:
            self._model = self._load()
        folded: dict[str, float] = {}
        for label, prob in self._model.rank(sample):
            code = _FOLD.get(label, label)
            folded[code] = folded.get(code, 0.0) + float(prob)
        best = max(sorted(folded), key=folded.__getitem__)  # sorted: ties break the same way
        return Detection(None if best == _NO_LANGUAGE else best, folded[best], letters)


def decide(det: Detection, stated: str | None, default: str) -> tuple[str, tuple[str, ...]]:
    """The document's language and the notes a reader should see about it."""
    notes: list[str] = []
    conf = f"{det.confidence:.2f}"
    if stated:
        language, basis = stated, "stated by the input"
        if det.language == stated:
            basis += f", detected at {conf}"
        elif det.language and det.confidence >= DISAGREE_CONFIDENCE:
            notes.append(
                f"the input states language {stated}, "
                f"though the text reads as {det.language} ({conf})"
            )
    elif det.language is None:
        language, basis = default, "the default"
        why = f"too little text, {det.letters} letter{'' if det.letters == 1 else 's'}"
        if det.letters >= MIN_LETTERS:
            why = "no language in the text"
        notes.append(f"language not detected ({why}); taken as {default}, the default")
    elif det.confidence < MIN_CONFIDENCE:
        language, basis = default, "the default"
        if det.language != default:  # a guess that would change nothing goes unsaid
            notes.append(
                f"language uncertain: the text reads as {det.language} only at {conf}; "
                f"taken as {default}, the default"
            )
    else:
        language, basis = det.language, conf
    if language not in EXTRACTED_LANGUAGES:
        read = " or ".join(_NAMES.get(x, x) for x in sorted(EXTRACTED_LANGUAGES))
        notes.append(
            f"language {language} ({basis}): communique extracts {read} only; "
            "no events, figures or pledges were read"
        )
    return language, tuple(notes)


@register
class LanguageStage:
    name: ClassVar[str] = "language"
    requires: ClassVar[tuple[str, ...]] = ("text",)
    provides: ClassVar[tuple[str, ...]] = ("language",)
    any_language: ClassVar[bool] = True

    def __init__(self, config: Config) -> None:
        self.config = config
        self.detect = Detector()

    def __call__(self, doc: Document) -> Document:
        language, notes = decide(self.detect(doc.text), doc.meta.language, self.config.language)
        fresh = tuple(n for n in notes if n not in doc.meta.notes)
        doc = doc.with_meta(language=language, notes=doc.meta.notes + fresh)
        return dataclasses.replace(doc, layers=doc.layers | {"language"})
