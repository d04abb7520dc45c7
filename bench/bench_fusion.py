"""Benchmark fusion on synthetic events (not a test): time for 1k, 10k and 100k events.

    python bench/bench_fusion.py [--sizes 1000 10000 100000] [--pool fixed|scaled|both]

Synthetic documents each report a few meetings among a pool of persons and countries over
ten years. Two pools: a fixed one of 400 persons (the reports per person and year grow with
the corpus: a dense worst case) and one that grows with the corpus, 100 persons per 1,000
events (a wider corpus: more dyads, the same density). One line per size and pool.
"""

from __future__ import annotations

import argparse
import random
import time

from communique.fuse import fuse
from communique.model import DocMeta, Document, Event, Mention, Sentence


def synthetic(n_events: int, per_doc: int = 5, seed: int = 1, pool: int = 400) -> list[Document]:
    rng = random.Random(seed)
    countries = [f"C{i:02d}" for i in range(40)]
    persons = [(f"p:person-{i}", rng.choice(countries)) for i in range(pool)]
    docs = []
    for d in range(n_events // per_doc):
        day = f"{rng.randint(2010, 2019)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        text = " ".join(["Leaders met."] * per_doc)
        events, mentions = [], []
        for k in range(per_doc):
            (a, ca), (b, cb) = rng.sample(persons, 2)
            span = (k * 13, k * 13 + 12)
            mode = rng.choice(["meet", "visit", "phone", "sign"])
            type_ = "SUPPORT" if mode == "sign" else "CONSULT"
            date = day if rng.random() < 0.8 else day[:4]
            events.append(Event(f"d{d}e{k}", *span, type_, mode, "040", source=(a,),
                                target=(b,), participants=(a, b), date=date,
                                confidence=0.8, historical=len(date) == 4))  # fmt: skip
            mentions += [Mention(span[0], span[0] + 1, a, "person", ca),
                         Mention(span[0] + 1, span[0] + 2, b, "person", cb)]  # fmt: skip
        sents = tuple(Sentence(k * 13, k * 13 + 12) for k in range(per_doc))
        docs.append(Document(f"d{d}", text, DocMeta(published=day), sentences=sents,
                             events=tuple(events), mentions=tuple(mentions)))  # fmt: skip
    return docs


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    ap.add_argument("--pool", choices=["fixed", "scaled", "both"], default="both")
    args = ap.parse_args()
    pools = ["fixed", "scaled"] if args.pool == "both" else [args.pool]
    for kind in pools:
        for n in args.sizes:
            size = 400 if kind == "fixed" else n * 100 // 1000
            docs = synthetic(n, pool=size)
            t0 = time.perf_counter()
            result = fuse(docs)
            dt = time.perf_counter() - t0
            print(f"fusion {n} events ({kind} pool of {size} persons): {dt:.2f} s, "
                  f"{len(result.timeline)} timeline entries, {n / dt:,.0f} events/s")  # fmt: skip


if __name__ == "__main__":
    main()
