"""Train the pledge filter (communique/extract/pledge_filter.py) on dev flags only.

    python scripts/train_pledge_filter.py            (cross-validation table, then the model)
    python scripts/train_pledge_filter.py --cv-only  (the table only)

Data (dev only; the test split is never read here): every flag the pledges stage raises on
the dev rows of tests/data/pledges_news.csv (draws 1-2) and on tests/data/pledge_flags_dev.csv
(draw 4: flags on dev stories and PLV_train, annotated here). Cross-validation groups rows by
document (five folds); the regularization and threshold are chosen on the out-of-fold scores:
the threshold that keeps at least ``KEEP`` of the right flags with the fewest wrong ones.
Writes communique/extract/models/pledge_filter.json (weights, threshold, data hashes, scores).
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from sample_pledge_flags import plv_documents  # noqa: E402

from communique.config import Config  # noqa: E402
from communique.extract import pledge_eval  # noqa: E402
from communique.extract.pledge_filter import MODEL, features  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
NEWS = ROOT / "tests/data/pledges_news.csv"
FLAGS = ROOT / "tests/data/pledge_flags_dev.csv"
KEEP = 0.95  # share of right flags the chosen threshold must keep (out of fold)
CS = (0.1, 0.3, 1.0, 3.0)
SEED = 7


@dataclasses.dataclass(frozen=True)
class Example:
    features: list[str]
    pledge: bool
    group: str
    draw: str


def examples() -> tuple[list[Example], int]:
    """Every dev flag with its label; and the number of dev (draws 1-2) pledges."""
    import csv

    from communique.extract.news_eval import documents

    rows = [r for r in csv.DictReader(NEWS.open()) if r["split"] == "dev"]
    rows += list(csv.DictReader(FLAGS.open()))
    wanted = {r["source"] for r in rows}
    texts = {s: t for s, t in documents(CORPUS) if s in wanted}
    texts.update((s, t) for s, t in plv_documents() if s in wanted)
    config = dataclasses.replace(Config(), stages=pledge_eval.STAGES, pledge_filter=False)
    docs = pledge_eval.run_stage(texts, config)
    out, pledges = [], 0
    for r in rows:
        start, end = int(r["start"]), int(r["end"])
        if hashlib.sha1(texts[r["source"]][start:end].encode()).hexdigest()[:12] != r["sha1"]:
            raise SystemExit(f"{r['source']}@{start} no longer matches its hash")
        label = r["label"] == "PLEDGE"
        pledges += label and r["draw"] != "4"
        doc = docs[r["source"]]
        found = next((p for p in doc.pledges if start <= p.start < end), None)
        if found is not None:
            out.append(Example(features(doc, found), label, r["source"], r["draw"]))
    return out, pledges


def out_of_fold(data: list[Example], c: float) -> list[float]:
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GroupKFold

    scores = [0.0] * len(data)
    folds = GroupKFold(n_splits=5, shuffle=True, random_state=SEED)
    groups = [e.group for e in data]
    for train, held in folds.split(data, groups=groups):
        vec = DictVectorizer()
        x = vec.fit_transform([dict.fromkeys(data[i].features, 1) for i in train])
        model = LogisticRegression(C=c, max_iter=2000, class_weight="balanced")
        model.fit(x, [data[i].pledge for i in train])
        probs = model.predict_proba(vec.transform([dict.fromkeys(data[i].features, 1)
                                                   for i in held]))[:, 1]  # fmt: skip
        for i, p in zip(held, probs, strict=True):
            scores[i] = float(p)
    return scores


def threshold(data: list[Example], scores: list[float]) -> float:
    """The highest threshold keeping ``KEEP`` of the right flags."""
    right = sorted(s for e, s in zip(data, scores, strict=True) if e.pledge)
    return right[int(len(right) * (1 - KEEP))]


def table(data: list[Example], scores: list[float], t: float, dev_pledges: int) -> dict:
    def count(draws: tuple[str, ...]) -> dict[str, float]:
        kept = [e for e, s in zip(data, scores, strict=True) if e.draw in draws and s >= t]
        flags = [e for e in data if e.draw in draws]
        right = sum(e.pledge for e in kept)
        return {"flags": len(flags), "flags_right": sum(e.pledge for e in flags),
                "kept": len(kept), "kept_right": right,
                "precision": round(right / len(kept), 3) if kept else 0.0}  # fmt: skip

    dev = count(("1", "2"))
    dev["recall"] = round(dev["kept_right"] / dev_pledges, 3)
    dev["pledges"] = dev_pledges
    return {"dev_draws_1_2": dev, "draw_4_flags": count(("4",))}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--cv-only", action="store_true")
    args = ap.parse_args()
    data, dev_pledges = examples()
    best = None
    for c in CS:
        scores = out_of_fold(data, c)
        t = threshold(data, scores)
        row = table(data, scores, t, dev_pledges)
        wrong = sum(1 for e, s in zip(data, scores, strict=True) if s >= t and not e.pledge)
        print(json.dumps({"C": c, "threshold": round(t, 3), "wrong_kept": wrong, **row}))
        if best is None or wrong < best[0]:
            best = (wrong, c, t, row)
    if args.cv_only or best is None:
        return
    _, c, t, row = best
    write(data, c, t, row)


def write(data: list[Example], c: float, t: float, cv: dict) -> None:
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    vec = DictVectorizer()
    x = vec.fit_transform([dict.fromkeys(e.features, 1) for e in data])
    model = LogisticRegression(C=c, max_iter=2000, class_weight="balanced")
    model.fit(x, [e.pledge for e in data])
    weights = {f: round(float(w), 5) for f, w in zip(vec.feature_names_, model.coef_[0],
                                                      strict=True) if abs(w) >= 1e-4}  # fmt: skip
    card = {
        "what": "logistic model over a pledge flag's words: keep the flag when p >= threshold",
        "trained_on": {"flags": len(data), "right": sum(e.pledge for e in data)},
        "data": {p.name: hashlib.sha1(p.read_bytes()).hexdigest()[:16] for p in (NEWS, FLAGS)},
        "split": "dev only (pledges_news.csv dev rows, pledge_flags_dev.csv); test never read",
        "C": c,
        "keep_right_flags": KEEP,
        "cross_validation": cv,
        "threshold": round(t, 4),
        "bias": round(float(model.intercept_[0]), 5),
        "weights": dict(sorted(weights.items())),
    }
    MODEL.write_text(json.dumps(card, indent=1, sort_keys=False) + "\n", encoding="utf-8")
    print(f"wrote {MODEL} ({len(weights)} weights)")


if __name__ == "__main__":
    main()
