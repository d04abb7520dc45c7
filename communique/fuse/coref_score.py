"""Coreference clustering scores: MUC, B-cubed, entity-based CEAF (phi4) and the CoNLL average.

A clustering is a mapping from mention key to cluster label. Singletons count (the usual ECB+
setting): MUC ignores them by construction (a singleton contributes no links), while B-cubed
and CEAF-e score them like any other cluster.

Key and response must cover exactly the same mentions; otherwise ``ValueError`` is raised with
the number of mentions found in only one of them (no implicit singletons are invented).

When a score's denominator is zero (for example MUC recall for a key with no links, or any score
of empty clusterings) that score is 0.0. F1 is 0.0 when precision + recall is 0.

CEAF-e needs an optimal one-to-one alignment of key and response clusters. Clusters that share
no mention have similarity 0, so the alignment splits into the connected components of the
key/response overlap graph; each component is solved by a Kuhn-Munkres (Hungarian) assignment
written here in numpy (scipy is not a dependency). The result is deterministic.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Mapping
from dataclasses import dataclass

import numpy as np

Clustering = Mapping[Hashable, Hashable]


@dataclass(frozen=True)
class PRF:
    precision: float
    recall: float
    f1: float


@dataclass(frozen=True)
class Scores:
    muc: PRF
    b3: PRF
    ceaf_e: PRF
    conll_f1: float


@dataclass(frozen=True)
class _Overlap:
    """Cluster sizes on both sides and mention counts shared by each (key, response) pair."""

    n: int
    key_sizes: list[int]
    resp_sizes: list[int]
    pairs: dict[tuple[int, int], int]


def _prf(num_p: float, den_p: float, num_r: float, den_r: float) -> PRF:
    p = num_p / den_p if den_p else 0.0
    r = num_r / den_r if den_r else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return PRF(p, r, f)


def _cluster_ids(clustering: Clustering) -> tuple[dict[Hashable, int], list[int]]:
    """Mention -> cluster index (in order of first appearance), and the cluster sizes."""
    label_ids: dict[Hashable, int] = {}
    ids: dict[Hashable, int] = {}
    sizes: list[int] = []
    for mention, label in clustering.items():
        if label not in label_ids:
            label_ids[label] = len(sizes)
            sizes.append(0)
        ids[mention] = label_ids[label]
        sizes[label_ids[label]] += 1
    return ids, sizes


def _overlap(key: Clustering, response: Clustering) -> _Overlap:
    only_key = sum(1 for m in key if m not in response)
    only_resp = sum(1 for m in response if m not in key)
    if only_key or only_resp:
        raise ValueError(
            f"key and response mention sets differ: {only_key} mention(s) only in the key, "
            f"{only_resp} only in the response"
        )
    key_ids, key_sizes = _cluster_ids(key)
    resp_ids, resp_sizes = _cluster_ids(response)
    pairs = Counter((key_ids[m], resp_ids[m]) for m in key)
    return _Overlap(len(key_ids), key_sizes, resp_sizes, dict(pairs))


def _muc(ov: _Overlap) -> PRF:
    # Recall: sum over key clusters K of |K| - |partition of K by the response|, over
    # sum of |K| - 1. The partition sizes sum to the number of overlapping (key, response)
    # pairs, so the numerator is n - len(pairs); precision is the same with roles swapped.
    correct = ov.n - len(ov.pairs)
    return _prf(correct, ov.n - len(ov.resp_sizes), correct, ov.n - len(ov.key_sizes))


def _b_cubed(ov: _Overlap) -> PRF:
    # Each of the c mentions in K ∩ R contributes c/|R| to precision and c/|K| to recall.
    prec = sum(c * c / ov.resp_sizes[r] for (_, r), c in ov.pairs.items())
    rec = sum(c * c / ov.key_sizes[k] for (k, _), c in ov.pairs.items())
    return _prf(prec, ov.n, rec, ov.n)


def _assign_min(cost: np.ndarray) -> list[tuple[int, int]]:
    """Minimum-cost assignment of every row of an n x m cost matrix (n <= m) to distinct columns.

    Kuhn-Munkres with row/column potentials and shortest augmenting paths, O(n^2 m).
    """
    n, m = cost.shape
    u = np.zeros(n + 1)
    v = np.zeros(m + 1)
    owner = np.zeros(m + 1, dtype=np.int64)  # owner[j]: 1-based row assigned to column j; 0 none
    way = np.zeros(m + 1, dtype=np.int64)
    for i in range(1, n + 1):
        owner[0] = i
        j0 = 0
        minv = np.full(m + 1, np.inf)
        used = np.zeros(m + 1, dtype=bool)
        while True:
            used[j0] = True
            i0 = int(owner[j0])
            reduced = cost[i0 - 1] - u[i0] - v[1:]
            better = ~used[1:] & (reduced < minv[1:])
            minv[1:][better] = reduced[better]
            way[1:][better] = j0
            masked = np.where(used[1:], np.inf, minv[1:])
            j1 = int(np.argmin(masked)) + 1
            delta = float(masked[j1 - 1])
            u[owner[used]] += delta
            v[used] -= delta
            minv[~used] -= delta
            j0 = j1
            if owner[j0] == 0:
                break
        while j0:
            j1 = int(way[j0])
            owner[j0] = owner[j1]
            j0 = j1
    return [(int(owner[j]) - 1, j - 1) for j in range(1, m + 1) if owner[j]]


def max_assignment(sim: np.ndarray) -> float:
    """Largest total similarity of a one-to-one matching between rows and columns of ``sim``."""
    if sim.size == 0:
        return 0.0
    if sim.shape[0] == 1 or sim.shape[1] == 1:
        return float(sim.max())
    dense = sim if sim.shape[0] <= sim.shape[1] else sim.T
    return float(sum(dense[i, j] for i, j in _assign_min(-dense)))


def _components(ov: _Overlap) -> list[tuple[list[int], list[int]]]:
    """Connected components of the overlap graph as (key clusters, response clusters)."""
    nk = len(ov.key_sizes)
    parent = list(range(nk + len(ov.resp_sizes)))  # response cluster r is node nk + r

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for k, r in ov.pairs:
        a, b = find(k), find(nk + r)
        if a != b:
            parent[max(a, b)] = min(a, b)
    groups: dict[int, tuple[list[int], list[int]]] = {}
    for node in range(len(parent)):
        keys, resps = groups.setdefault(find(node), ([], []))
        if node < nk:
            keys.append(node)
        else:
            resps.append(node - nk)
    return list(groups.values())


def _ceaf_e(ov: _Overlap) -> PRF:
    total = 0.0
    for keys, resps in _components(ov):
        if not keys or not resps:
            continue
        kpos = {k: i for i, k in enumerate(keys)}
        rpos = {r: j for j, r in enumerate(resps)}
        sim = np.zeros((len(keys), len(resps)))
        for k in keys:
            for r in resps:
                c = ov.pairs.get((k, r), 0)
                if c:
                    sim[kpos[k], rpos[r]] = 2 * c / (ov.key_sizes[k] + ov.resp_sizes[r])
        total += max_assignment(sim)
    return _prf(total, len(ov.resp_sizes), total, len(ov.key_sizes))


def muc(key: Clustering, response: Clustering) -> PRF:
    """MUC link-based score (Vilain et al. 1995)."""
    return _muc(_overlap(key, response))


def b_cubed(key: Clustering, response: Clustering) -> PRF:
    """B-cubed mention-based score (Bagga & Baldwin 1998), singletons included."""
    return _b_cubed(_overlap(key, response))


def ceaf_e(key: Clustering, response: Clustering) -> PRF:
    """Entity-based CEAF (Luo 2005) with phi4 = 2|K∩R| / (|K| + |R|), optimally aligned."""
    return _ceaf_e(_overlap(key, response))


def conll(key: Clustering, response: Clustering) -> Scores:
    """MUC, B-cubed and CEAF-e together, with the CoNLL F1 (mean of the three F1s)."""
    ov = _overlap(key, response)
    m, b, c = _muc(ov), _b_cubed(ov), _ceaf_e(ov)
    return Scores(m, b, c, (m.f1 + b.f1 + c.f1) / 3)
