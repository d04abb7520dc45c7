"""Run configuration: a frozen dataclass whose hash is stored as provenance on every fact."""

from __future__ import annotations

import dataclasses
import hashlib
import json
from dataclasses import dataclass

DEFAULT_STAGES: tuple[str, ...] = (
    "sentences",
    "mentions",
    "dating",
    "times",
    "events",
    "figures",
    "pledges",
)


@dataclass(frozen=True)
class Config:
    stages: tuple[str, ...] = DEFAULT_STAGES
    language: str = "en"
    near_duplicate_threshold: float = 0.6  # Jaccard on word shingles
    use_ner_model: bool = False  # spaCy NER on candidate sentences, if installed
    batch_size: int = 200

    def hash(self) -> str:
        payload = json.dumps(dataclasses.asdict(self), sort_keys=True, default=str)
        return hashlib.sha256(payload.encode()).hexdigest()[:12]
