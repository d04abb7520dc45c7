"""The learned event coder ships in the package, loads offline, fails clearly without its
runtime, and gives calibrated, well-formed predictions."""

from __future__ import annotations

import json
import socket
import sys

import pytest

from communique.config import Config
from communique.errors import PipelineError
from communique.extract.coder import CoderUnavailable, LearnedCoder, model_dir
from communique.extract.coder_events import root_cameo

SENTENCES = [
    "The minister condemned the air strikes on the port city.",
    "Delegations from both countries met in Geneva on Tuesday to discuss the ceasefire.",
    "Shares in the carmaker rose 3 percent in early trading.",
    "Rebels shelled the government positions near the airport overnight.",
]


def test_the_model_ships_in_the_package_and_is_small() -> None:
    here = model_dir()
    for name in ("model.onnx", "tokenizer.json", "coder.json"):
        assert (here / name).is_file(), name
    assert (here / "model.onnx").stat().st_size <= 30 * 2**20
    card = json.loads((here / "coder.json").read_text())
    assert card["types"][0] == "NONE" and len(card["types"]) == 17
    assert 0.25 <= card["temperature"] <= 4 and 0 < card["none_threshold"] <= 1
    assert card["data"]["PLV_train.tsv"] and card["data"]["plover_news.csv"]
    assert card["seed"] is not None


def test_it_loads_and_codes_with_no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the coder tried to reach the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    preds = LearnedCoder().predict(SENTENCES)
    assert len(preds) == len(SENTENCES)
    for p in preds:
        assert abs(sum(p.probs.values()) - 1) < 0.01
        assert p.confidence == pytest.approx(p.probs[p.type], abs=1e-3)


def test_the_same_sentences_give_the_same_predictions() -> None:
    coder = LearnedCoder()
    assert coder.predict(SENTENCES) == coder.predict(SENTENCES)


def test_a_coding_depends_on_the_sentence_alone() -> None:
    """By default each sentence is its own batch: coded alone or beside others, the same."""
    coder = LearnedCoder()
    together = coder.predict(SENTENCES)
    alone = [coder.predict([s])[0] for s in SENTENCES]
    assert together == alone


def test_bigger_batches_move_probabilities_by_noise_only() -> None:
    """int8 activations are quantized per batch: a batch of 32 differs from single sentences
    by quantization noise, never by a real change."""
    coder = LearnedCoder()
    batched = coder.predict(SENTENCES, batch=32)
    alone = coder.predict(SENTENCES)
    for a, b in zip(batched, alone, strict=True):
        assert all(abs(a.probs[t] - b.probs[t]) < 0.03 for t in a.probs)


def test_spans_are_inside_the_sentence() -> None:
    for text, p in zip(SENTENCES, LearnedCoder().predict(SENTENCES), strict=True):
        for span in (p.source, p.target):
            assert span is None or 0 <= span[0] < span[1] <= len(text)


def test_a_missing_runtime_names_the_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "onnxruntime", None)
    with pytest.raises(CoderUnavailable, match="pip install"):
        LearnedCoder().predict(["The envoy met the king."])


def test_a_missing_model_says_how_to_make_one(tmp_path: object) -> None:
    from pathlib import Path

    with pytest.raises(CoderUnavailable, match="train_coder"):
        LearnedCoder(Path(str(tmp_path))).predict(["The envoy met the king."])


def test_the_coder_is_chosen_in_the_config() -> None:
    assert Config().event_coder == "learned"
    assert Config(event_coder="rules").hash() != Config().hash()
    with pytest.raises(PipelineError):
        Config(event_coder="neural")


def test_every_type_has_a_cameo_root() -> None:
    types = json.loads((model_dir() / "coder.json").read_text())["types"]
    assert set(types) - {"NONE"} <= set(root_cameo())


def test_the_model_spans_fill_the_roles_the_rules_leave_empty() -> None:
    from communique.extract.coder import Prediction
    from communique.extract.events import EventStage
    from communique.model import Event, Mention, Sentence

    text = "Hanoi was visited on Monday by the Peruvian delegation and envoys from Chile."
    offset = 100  # the sentence's place in its document
    at = {word: offset + text.index(word) for word in ("Hanoi", "Peruvian", "Chile")}
    mentions = (
        Mention(at["Hanoi"], at["Hanoi"] + 5, "c:VNM", "country"),
        Mention(at["Peruvian"], at["Peruvian"] + 8, "c:PER", "country"),
        Mention(at["Chile"], at["Chile"] + 5, "c:CHL", "country"),
    )
    empty = Event("e", offset, offset + len(text), "CONSULT")
    delegation = (text.index("the Peruvian"), text.index(" and envoys"))
    pred = Prediction("CONSULT", 0.9, {"CONSULT": 0.9, "NONE": 0.1}, delegation, (0, 5))
    sent = Sentence(offset, offset + len(text))
    filled = EventStage._learned_roles(empty, text, sent, mentions, pred)
    assert (filled.source, filled.target) == (("c:PER",), ("c:VNM",))
    # roles the rules found stay theirs
    ruled = Event("e", offset, offset + len(text), "CONSULT", source=("c:CHL",))
    kept = EventStage._learned_roles(ruled, text, sent, mentions, pred)
    assert (kept.source, kept.target) == (("c:CHL",), ("c:VNM",))
