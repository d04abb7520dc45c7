"""Near-duplicate documents across the corpus: MinHash LSH candidates, confirmed exactly.

A document is a near duplicate of an earlier one (in the given order) when the Jaccard
similarity of their word 5-shingles reaches the threshold, or when most of the shorter one's
shingles lie in the longer one (containment: catches truncated copies).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from datasketch import MinHash, MinHashLSH

NUM_PERM = 96
SHINGLE = 5
CONTAINMENT = 0.8
_TOKEN = re.compile(r"\w+")


def shingles(text: str, k: int = SHINGLE) -> set[str]:
    words = _TOKEN.findall(text.lower())
    if len(words) <= k:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i : i + k]) for i in range(len(words) - k + 1)}


def _minhash(sh: set[str]) -> MinHash:
    mh = MinHash(num_perm=NUM_PERM, seed=7)
    mh.update_batch([s.encode("utf-8") for s in sh])
    return mh


def near_duplicates(items: Sequence[tuple[str, str]], threshold: float = 0.6) -> dict[str, str]:
    """Map each near-duplicate doc_id to the earlier doc_id it copies."""
    # a low LSH threshold finds truncated copies too; candidates are confirmed exactly
    lsh = MinHashLSH(threshold=min(threshold, 0.3), num_perm=NUM_PERM)
    sets: dict[str, set[str]] = {}
    found: dict[str, str] = {}
    for doc_id, text in items:
        sh = shingles(text)
        if not sh:
            continue
        mh = _minhash(sh)
        match = _confirm(sh, [c for c in lsh.query(mh) if c in sets], sets, threshold)
        if match is not None:
            found[doc_id] = found.get(match, match)
            continue  # the family is represented by its first member: cost stays linear
        if doc_id not in sets:
            lsh.insert(doc_id, mh)
        sets[doc_id] = sh
    return found


def _confirm(
    sh: set[str], candidates: list[str], sets: dict[str, set[str]], threshold: float
) -> str | None:
    best, best_score = None, 0.0
    for cand in sorted(candidates):
        other = sets[cand]
        inter = len(sh & other)
        jaccard = inter / len(sh | other)
        containment = inter / min(len(sh), len(other))
        score = max(jaccard, containment if containment >= CONTAINMENT else 0.0)
        if score >= threshold and score > best_score:
            best, best_score = cand, score
    return best
