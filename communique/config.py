"""Run configuration: a frozen dataclass whose hash is stored as provenance on every fact."""

from __future__ import annotations

import dataclasses
import hashlib
import json
from dataclasses import dataclass
from datetime import date

from communique.errors import PipelineError

DEFAULT_STAGES: tuple[str, ...] = (
    "language",
    "sentences",
    "mentions",
    "dating",
    "times",
    "events",
    "figures",
    "pledges",
)


DEFAULT_MAX_DOCUMENT_BYTES = 5_000_000
# fields that choose what text is read, not how it is analysed: the content hash of the text
# records their effect, so they stay out of the configuration hash
INPUT_FIELDS = ("max_document_bytes",)


@dataclass(frozen=True)
class Config:
    stages: tuple[str, ...] = DEFAULT_STAGES
    language: str = "en"  # taken for a document whose language is neither stated nor detected
    near_duplicate_threshold: float = 0.6  # Jaccard on word shingles
    use_ner_model: bool = False  # spaCy NER on candidate sentences, if installed
    # "learned": the fine-tuned model decides event, type and roles (extract/coder.py);
    # "rules": the trigger rules alone, no model (the coder before issue 13)
    event_coder: str = "learned"
    # the learned check on the pledges stage's flags (extract/pledge_filter.py)
    pledge_filter: bool = True
    batch_size: int = 200
    # The day taken for today (ISO date): no article is dated after it, and a year-less
    # dateline takes a year up to it. None reads the system clock; pin it to make a build
    # independent of the day it runs (tests, re-runs of an archive).
    today: str | None = None
    # The largest document read, in bytes of input: a text or HTML file, a JSON Lines record,
    # a WARC record's payload. A larger one is named as a failure (E108) and not read.
    max_document_bytes: int = DEFAULT_MAX_DOCUMENT_BYTES

    def __post_init__(self) -> None:
        if self.today is not None:
            try:
                date.fromisoformat(self.today)
            except ValueError:
                msg = f"today must be an ISO date (YYYY-MM-DD), not {self.today!r}"
                raise PipelineError(msg) from None
        if self.max_document_bytes < 1:
            msg = f"max_document_bytes must be positive, not {self.max_document_bytes}"
            raise PipelineError(msg)
        if self.event_coder not in ("learned", "rules"):
            msg = f"event_coder must be 'learned' or 'rules', not {self.event_coder!r}"
            raise PipelineError(msg)

    def clock(self) -> date:
        """Today as the pipeline sees it: the pinned day, else the system clock's."""
        return date.fromisoformat(self.today) if self.today is not None else date.today()

    def hash(self) -> str:
        fields = dataclasses.asdict(self)
        for name in INPUT_FIELDS:
            del fields[name]
        if self.today is None:
            del fields["today"]  # the system clock hashes as before the field existed
        if self.event_coder == "rules":
            del fields["event_coder"]  # the rules alone hash as before the learned coder
        if not self.pledge_filter:
            del fields["pledge_filter"]  # without the filter: as before it existed
        payload = json.dumps(fields, sort_keys=True, default=str)
        return hashlib.sha256(payload.encode()).hexdigest()[:12]
