"""Train the event coreference model (communique/fuse/data/coref.json) on ECB+ train topics.

python scripts/train_coref.py            # train, choose thresholds on train, report dev
python scripts/train_coref.py --eval     # only score the shipped model on dev

Everything is chosen on the train topics: the story thresholds (documents grouped by words,
then split by names) by the CoNLL F1 of documents against their gold subtopics; the pair model
(logistic regression, Newton steps, L2 1.0) on every pair of mentions within a predicted story;
the clustering threshold by the CoNLL F1 of the mentions, with each topic's head-pair rates
counted without that topic (leave one topic out, as on unseen topics). Dev is only reported.
Deterministic: no random step.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections import Counter, defaultdict
from collections.abc import Hashable
from pathlib import Path

import numpy as np

from communique.fuse import coref as co
from communique.fuse import coref_eval as ce
from communique.fuse import coref_features as cf
from communique.fuse.coref_score import conll

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
OUT = ROOT / "communique" / "fuse" / "data" / "coref.json"
HEADS = OUT.with_name("coref_heads.tsv")  # head pairs: coreferent in training, of all pairs
STORY_WORDS = (0.04, 0.06, 0.08, 0.1)
STORY_NAMES = (0.03, 0.05, 0.08)
THRESHOLDS = (0.15, 0.2, 0.25, 0.3, 0.35)
Counts = dict[tuple[str, str], tuple[int, int]]


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def choose_stories(split: ce.Split, corpus: cf.Corpus) -> tuple[float, float]:
    key: dict[Hashable, Hashable] = {d: m.subtopic for m in split.mentions for d in [m.at.doc_id]}
    best = (-1.0, 0.0, 0.0)
    for w in STORY_WORDS:
        for n in STORY_NAMES:
            got: dict[Hashable, Hashable] = dict(cf.stories(corpus, w, n).items())
            f = conll(key, {d: got[d] for d in key}).conll_f1
            log(f"stories {w} {n}: documents CoNLL {f:.3f}")
            best = max(best, (f, -w, -n))
    return -best[1], -best[2]


def head_counts(ms: list[co.Mention], topic: dict[str, str], gold: dict[co.EventMention, str],
                story: dict[str, tuple[int, int]]) -> dict[str, Counter[tuple[str, str]]]:  # fmt: skip
    """Per topic: pairs of different heads within a story -> [coreferent, all] counts."""
    out: dict[str, Counter[tuple[str, str]]] = defaultdict(Counter)
    for idx in co.pairs(ms, story).values():
        for x, i in enumerate(idx):
            for j in idx[x + 1 :]:
                a, b = ms[i], ms[j]
                if a.head != b.head:
                    k = (min(a.head, b.head), max(a.head, b.head))
                    t = topic[a.at.doc_id]
                    out[t][("n", *k)] += gold[a.at] == gold[b.at]  # type: ignore[index]
                    out[t][("d", *k)] += 1  # type: ignore[index]
    return out


def table(counts: dict[str, Counter[tuple[str, str]]], leave_out: str | None = None) -> Counts:
    """Head pairs seen coreferent at least once, or at least three times apart."""
    total: Counter[tuple[str, ...]] = Counter()
    for t, c in counts.items():
        if t != leave_out:
            total.update(c)  # type: ignore[arg-type]
    out: Counts = {}
    for key, d in total.items():
        if key[0] == "d":
            n = total[("n", *key[1:])]
            if n >= 1 or d >= 3:
                out[(key[1], key[2])] = (n, d)
    return out


def newton(x: np.ndarray, y: np.ndarray, l2: float = 1.0, steps: int = 25) -> np.ndarray:
    w = np.zeros(x.shape[1])
    for _ in range(steps):
        p = 1 / (1 + np.exp(-(x @ w)))
        grad = x.T @ (p - y) + l2 * w
        hess = (x * (p * (1 - p))[:, None]).T @ x + l2 * np.eye(len(w))
        w -= np.linalg.solve(hess, grad)
    return w


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--eval", action="store_true", help="score the shipped model on dev")
    args = ap.parse_args()
    dev = ce.load(CORPUS, "dev")
    if not args.eval:
        train(ce.load(CORPUS, "train"))
    scores = ce.evaluate(dev)
    base = ce.score(dev, ce.same_words(dev))
    for name, s in (("same words in gold subtopic", base), ("communique", scores)):
        log(f"dev {name}: MUC {s.muc.f1:.3f} B3 {s.b3.f1:.3f} CEAF-e {s.ceaf_e.f1:.3f} "
            f"CoNLL {s.conll_f1:.3f}")  # fmt: skip
    if not args.eval:
        meta = json.loads(OUT.read_text(encoding="utf-8"))
        meta["dev_scores"] = _scores(scores)
        meta["dev_baseline_same_words"] = _scores(base)
        OUT.write_text(json.dumps(meta, indent=1, sort_keys=True) + "\n", encoding="utf-8")


def _scores(s: object) -> dict[str, float]:
    return {k: round(getattr(s, k).f1, 4) for k in ("muc", "b3", "ceaf_e")} | {
        "conll": round(getattr(s, "conll_f1"), 4)  # noqa: B009
    }


def train(split: ce.Split) -> None:
    corpus = cf.Corpus.of(split.documents)
    words, names = choose_stories(split, corpus)
    story = cf.stories(corpus, words, names)
    model = co.CorefModel()
    ms = co.prepare(split.documents, [m.at for m in split.mentions], corpus, model)
    topic = {m.at.doc_id: m.topic for m in split.mentions}
    gold = split.key
    counts = head_counts(ms, topic, gold, story)
    rates = {t: co.head_rate(table(counts, leave_out=t)) for t in counts}
    rows, ys = [], []
    for idx in co.pairs(ms, story).values():
        for x, i in enumerate(idx):
            for j in idx[x + 1 :]:
                a, b = ms[i], ms[j]
                rate = rates.get(topic[a.at.doc_id]) or co.head_rate({})
                rows.append(co.features(a, b, corpus, rate))
                ys.append(float(gold[a.at] == gold[b.at]))
    log(f"{len(rows)} pairs, {int(sum(ys))} coreferent")
    w = newton(np.array(rows), np.array(ys))
    threshold = choose_threshold(split, ms, story, corpus, w, rates)
    full = table(counts)
    meta = {
        "about": "Event coreference (communique/fuse/coref.py), trained by scripts/train_coref.py",
        "data": {
            "ecbplus/documents.jsonl.gz": _sha(CORPUS / "ecbplus/documents.jsonl.gz"),
            "ecbplus/mentions.jsonl.gz": _sha(CORPUS / "ecbplus/mentions.jsonl.gz"),
            "split": "train topics, validated sentences",
        },  # fmt: skip
        "features": list(cf.FEATURES),
        "weights": [round(float(v), 6) for v in w],
        "story_words": words,
        "story_names": names,
        "threshold": threshold,
        "head_pairs": HEADS.name,
    }
    lines = [f"{a}\t{b}\t{n}\t{d}\n" for (a, b), (n, d) in sorted(full.items())]
    HEADS.write_text("head_a\thead_b\tcoreferent\tpairs\n" + "".join(lines), encoding="utf-8")
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(meta, indent=1, sort_keys=True) + "\n", encoding="utf-8")


def choose_threshold(split: ce.Split, ms: list[co.Mention], story: dict[str, tuple[int, int]],
                     corpus: cf.Corpus, w: np.ndarray, rates: dict[str, co.HeadRate]
                     ) -> float:  # fmt: skip
    """Cluster each train topic with the head rates counted without it; best CoNLL wins."""
    by_topic: dict[str, list[int]] = defaultdict(list)
    for i, m in enumerate(split.mentions):
        by_topic[m.topic].append(i)
    best = (-1.0, 0.0)
    for th in THRESHOLDS:
        labels: dict[Hashable, Hashable] = {}
        for t, idx in sorted(by_topic.items()):
            sub = [ms[i] for i in idx]
            found = co.cluster(sub, story, corpus, w, rates.get(t) or co.head_rate({}), th)
            labels.update({ms[i].at: (t, *lab) for i, lab in zip(idx, found, strict=True)})
        key: dict[Hashable, Hashable] = dict(split.key.items())
        f = conll(key, labels).conll_f1
        log(f"threshold {th}: train CoNLL {f:.3f} (head rates leave one topic out)")
        best = max(best, (f, -th))
    return -best[1]


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


if __name__ == "__main__":
    main()
