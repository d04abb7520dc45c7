from __future__ import annotations

import itertools
import random
import time
from collections.abc import Hashable

import numpy as np
import pytest

from communique.fuse.coref_score import (
    PRF,
    b_cubed,
    ceaf_e,
    conll,
    max_assignment,
    muc,
)


def _clustering(*clusters: str) -> dict[Hashable, Hashable]:
    return {m: i for i, cluster in enumerate(clusters) for m in cluster}


# Key K1={a,b,c} K2={d,e,f,g} K3={h,i}; response R1={a,b} R2={c,d} R3={e} R4={f,g,h,i}.
KEY = _clustering("abc", "defg", "hi")
RESPONSE = _clustering("ab", "cd", "e", "fghi")


def test_muc_worked_example() -> None:
    # Recall: K1 split into 2 parts -> 3-2=1, K2 into {d},{e},{f,g} -> 4-3=1, K3 whole -> 1;
    #   3 / ((3-1)+(4-1)+(2-1)) = 3/6.
    # Precision: R1 -> 1, R2 split in 2 -> 0, R3 -> 0, R4 split in 2 -> 2; 3 / (1+1+0+3) = 3/5.
    # F1 = 2 * 0.6 * 0.5 / 1.1 = 6/11.
    s = muc(KEY, RESPONSE)
    assert s.recall == pytest.approx(0.5)
    assert s.precision == pytest.approx(0.6)
    assert s.f1 == pytest.approx(6 / 11)


def test_b_cubed_worked_example() -> None:
    # Recall per mention |K∩R|/|K|: a,b 2/3; c 1/3; d,e 1/4; f,g 2/4; h,i 2/2 -> sum 31/6, /9.
    # Precision per mention |K∩R|/|R|: a,b 1; c,d 1/2; e 1; f,g,h,i 2/4 -> sum 6, /9.
    # F1 = 2 * (2/3) * (31/54) / (2/3 + 31/54) = 124/201.
    s = b_cubed(KEY, RESPONSE)
    assert s.recall == pytest.approx(31 / 54)
    assert s.precision == pytest.approx(2 / 3)
    assert s.f1 == pytest.approx(124 / 201)


def test_ceaf_e_worked_example_needs_optimal_alignment() -> None:
    # phi4: K1-R1 4/5, K1-R2 2/5, K2-R2 1/3, K2-R3 2/5, K2-R4 1/2, K3-R4 2/3.
    # Greedy (K2 takes its best, R4) would give 4/5 + 1/2 = 1.3; the optimum is
    # K1-R1 + K2-R3 + K3-R4 = 4/5 + 2/5 + 2/3 = 28/15.
    # Recall = (28/15)/3 = 28/45, precision = (28/15)/4 = 7/15, F1 = 2*(28/15)/(3+4) = 8/15.
    s = ceaf_e(KEY, RESPONSE)
    assert s.recall == pytest.approx(28 / 45)
    assert s.precision == pytest.approx(7 / 15)
    assert s.f1 == pytest.approx(8 / 15)


def test_conll_is_mean_of_the_three_f1s() -> None:
    s = conll(KEY, RESPONSE)
    assert s.muc == muc(KEY, RESPONSE)
    assert s.b3 == b_cubed(KEY, RESPONSE)
    assert s.ceaf_e == ceaf_e(KEY, RESPONSE)
    assert s.conll_f1 == pytest.approx((6 / 11 + 124 / 201 + 8 / 15) / 3)


def test_perfect_response_scores_one_everywhere() -> None:
    # Same partition under different labels.
    response = {m: f"x{label}" for m, label in KEY.items()}
    s = conll(KEY, response)
    for prf in (s.muc, s.b3, s.ceaf_e):
        assert prf == PRF(pytest.approx(1.0), pytest.approx(1.0), pytest.approx(1.0))
    assert s.conll_f1 == pytest.approx(1.0)


def test_all_singletons_response() -> None:
    singletons = {m: m for m in KEY}
    m = muc(KEY, singletons)
    assert m.recall == 0.0
    assert m.precision == 0.0  # no response links: 0/0 scored as 0
    assert m.f1 == 0.0
    # B3: precision 1; recall = (1/N) sum_m 1/|K_m| = (number of key clusters) / N = 3/9.
    b = b_cubed(KEY, singletons)
    assert b.precision == pytest.approx(1.0)
    assert b.recall == pytest.approx(3 / 9)
    # CEAF-e: each key cluster K aligns with one singleton, phi4 = 2/(|K|+1):
    # 2/4 + 2/5 + 2/3 = 47/30; recall /3 keys, precision /9 responses.
    c = ceaf_e(KEY, singletons)
    assert c.recall == pytest.approx(47 / 90)
    assert c.precision == pytest.approx(47 / 270)


def test_all_in_one_response() -> None:
    one = {m: 0 for m in KEY}
    m = muc(KEY, one)
    assert m.recall == pytest.approx(1.0)
    assert m.precision == pytest.approx(6 / 8)  # 9 - 3 parts = 6 correct links of 8
    b = b_cubed(KEY, one)
    assert b.recall == pytest.approx(1.0)
    assert b.precision == pytest.approx((9 + 16 + 4) / 81)  # sum |K|^2 / N^2


def _random_clustering(rng: random.Random, mentions: list[int], k: int) -> dict[Hashable, Hashable]:
    return {m: rng.randrange(k) for m in mentions}


def test_swapping_key_and_response_swaps_precision_and_recall() -> None:
    rng = random.Random(11)
    for _ in range(50):
        mentions = list(range(rng.randint(1, 25)))
        a = _random_clustering(rng, mentions, rng.randint(1, 8))
        b = _random_clustering(rng, mentions, rng.randint(1, 8))
        for metric in (muc, b_cubed, ceaf_e):
            ab, ba = metric(a, b), metric(b, a)
            assert ab.precision == pytest.approx(ba.recall)
            assert ab.recall == pytest.approx(ba.precision)
            assert ab.f1 == pytest.approx(ba.f1)


def _brute_force_phi4(key: dict[Hashable, Hashable], resp: dict[Hashable, Hashable]) -> float:
    kcl = [frozenset(m for m in key if key[m] == lab) for lab in dict.fromkeys(key.values())]
    rcl = [frozenset(m for m in resp if resp[m] == lab) for lab in dict.fromkeys(resp.values())]
    small, large = (kcl, rcl) if len(kcl) <= len(rcl) else (rcl, kcl)
    return max(
        sum(2 * len(s & t) / (len(s) + len(t)) for s, t in zip(small, perm, strict=False))
        for perm in itertools.permutations(large, len(small))
    )


def test_ceaf_e_matches_exhaustive_search() -> None:
    rng = random.Random(7)
    for _ in range(120):
        mentions = list(range(rng.randint(1, 14)))
        key = _random_clustering(rng, mentions, rng.randint(1, 6))
        resp = _random_clustering(rng, mentions, rng.randint(1, 6))
        best = _brute_force_phi4(key, resp)
        nk, nr = len(set(key.values())), len(set(resp.values()))
        s = ceaf_e(key, resp)
        assert s.recall == pytest.approx(best / nk)
        assert s.precision == pytest.approx(best / nr)


def test_max_assignment_matches_exhaustive_search_on_dense_matrices() -> None:
    rng = random.Random(3)
    for _ in range(200):
        rows, cols = rng.randint(1, 6), rng.randint(1, 6)
        sim = np.array(
            [[rng.choice([0.0, rng.random()]) for _ in range(cols)] for _ in range(rows)]
        )
        if rows <= cols:
            best = max(
                sum(sim[i, j] for i, j in enumerate(p))
                for p in itertools.permutations(range(cols), rows)
            )
        else:
            best = max(
                sum(sim[i, j] for j, i in enumerate(p))
                for p in itertools.permutations(range(rows), cols)
            )
        assert max_assignment(sim) == pytest.approx(best)


def test_large_clusterings_are_fast() -> None:
    rng = random.Random(5)
    mentions = list(range(4000))
    key = _random_clustering(rng, mentions, 1500)
    # Response: the key with a fraction of mentions moved to a neighbouring cluster.
    resp = {m: (c + 1) % 1500 if rng.random() < 0.1 else c for m, c in key.items()}
    start = time.perf_counter()
    s = conll(key, resp)
    assert time.perf_counter() - start < 10.0
    assert 0.0 < s.conll_f1 < 1.0


def test_differing_mention_sets_raise() -> None:
    with pytest.raises(ValueError, match=r"1 mention\(s\) only in the key, 2 only in the response"):
        conll({"a": 1, "b": 1, "c": 2}, {"a": 1, "b": 1, "x": 2, "y": 3})


def test_empty_clusterings_score_zero() -> None:
    assert conll({}, {}).conll_f1 == 0.0
