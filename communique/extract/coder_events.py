"""How the events stage takes the learned coder's decision (``Config.event_coder``).

The model decides whether a sentence reports an event and of which type, with a calibrated
confidence; the rules' trigger of that type, when one fired, stays as the evidence (its words,
mode and CAMEO code). Measured on held-out news (``docs/quality.md``): where the two disagree the model is right
more often in every band of either's confidence, so it decides; the rules keep the mode, which
the model does not predict.
"""

from __future__ import annotations

import functools
from dataclasses import replace

from communique.extract.classify import Coding, cameo_table
from communique.extract.coder import Prediction, whole_words
from communique.model import Mention


@functools.lru_cache(maxsize=1)
def root_cameo() -> dict[str, str]:
    """Each PLOVER type's most general CAMEO code (the shortest mapped to it)."""
    out: dict[str, str] = {}
    for code, (type_, _) in sorted(cameo_table().items(), key=lambda kv: (len(kv[0]), kv[0])):
        out.setdefault(type_, code)
    return out


# diplomatic contact, the record's core: a rule trigger of one keeps its event when the model
# hesitates (see decide)
CONTACT_MODES = frozenset({"visit", "meet", "phone", "host", "press-conference", "invite",
                           "accept-invitation"})  # fmt: skip
CONTACT_FLOOR = 0.1  # held-out news: 0.05 to 0.15 change the same two decisions of 949


def decide(text: str, codings: list[Coding], pred: Prediction) -> list[Coding]:
    """The codings of a sentence once the model has spoken: the rules' coding of the model's
    type first (or one made for it), then the rules' others. The model's NONE removes them all,
    except a rule trigger of diplomatic contact to which the model still gives at least
    ``CONTACT_FLOOR``: it stays, at the model's confidence in its type given an event (on the
    held-out news this changes one decision in 572; on the golden diplomacy articles it keeps
    four visits and calls the model alone drops)."""
    if pred.type == "NONE":
        top = codings[0] if codings else None
        if top is None or top.mode not in CONTACT_MODES:
            return []
        p_type = pred.probs.get(top.type, 0.0)
        if p_type < CONTACT_FLOOR:
            return []
        given_event = p_type / max(1e-6, 1.0 - pred.probs.get("NONE", 0.0))
        return [replace(top, score=round(min(1.0, given_event), 3))]
    same = next((c for c in codings if c.type == pred.type), None)
    if same is not None:
        first = replace(same, score=pred.confidence)
    else:
        # the rules' roles read the subject before the predicate: a rule trigger of another
        # type still marks where the predicate is; else the end of the model's source span
        at = codings[0].start if codings else (pred.source[1] if pred.source else 0)
        first = Coding(pred.type, None, root_cameo()[pred.type], pred.confidence, at, at)
    return [first, *(c for c in codings if c is not same)]


def span_mentions(
    text: str, offset: int, span: tuple[int, int] | None, mentions: tuple[Mention, ...]
) -> list[Mention]:
    """The mentions inside the model's span (widened to whole words)."""
    wide = whole_words(text, span)
    if wide is None:
        return []
    a, b = offset + wide[0], offset + wide[1]
    return [m for m in mentions if m.start < b and a < m.end]
