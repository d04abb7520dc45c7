"""Evaluate :func:`communique.nlp.timex.tag` on TempEval-3 TBAQ-cleaned (TimeBank + AQUAINT),
the data its rules were tuned on, or on MEANTIME's 120 English WikiNews articles (held out:
never used for tuning; read by :mod:`communique.nlp.timex_eval_meantime`).

Scores the TempEval-3 way: the DCT timex is not scored; strict match = same span, relaxed
match = overlapping spans; type and value accuracy over relaxed matches; value F1 = value-
correct relaxed matches as precision/recall/F1. MEANTIME's DCT is the article's date line,
inside the text, and only the title and first sentences are annotated: the tagger reads the
whole article, but what it finds on the date line or after the annotated part is not scored.
Prints a Markdown table.

    python scripts/eval_timex.py [--subset TimeBank|AQUAINT | --meantime] [--errors N]
"""

from __future__ import annotations

import argparse
import html
import re
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from communique.nlp.timex import tag  # noqa: E402
from communique.nlp.timex_eval_meantime import GoldTimex, load_meantime  # noqa: E402

DATA = ROOT.parent / "shared" / "corpus" / "tempeval" / "TBAQ-cleaned"
MEANTIME = ROOT.parent / "shared" / "corpus" / "tempeval" / "meantime_newsreader_english_oct15"
_TOKEN = re.compile(r"<[^>]+>|&[A-Za-z#0-9]+;|[^<&]+|&")
_ATTR = re.compile(r'(\w+)="([^"]*)"')

Gold = GoldTimex  # a gold TIMEX3: span, type, value (TBAQ and MEANTIME alike)


@dataclass(frozen=True)
class TmlDoc:
    name: str
    text: str
    dct: str | None
    timexes: tuple[Gold, ...]
    unscored: tuple[tuple[int, int], ...] = ()  # system timexes overlapping these are dropped


def parse_tml(path: Path) -> TmlDoc:
    raw = path.read_text(encoding="utf-8")
    dct_m = re.search(r'<TIMEX3[^>]*functionInDocument="CREATION_TIME"[^>]*>', raw)
    dct = dict(_ATTR.findall(dct_m.group(0))).get("value") if dct_m else None
    body_m = re.search(r"<TEXT>(.*)</TEXT>", raw, re.S)
    body = body_m.group(1) if body_m else ""
    out: list[str] = []
    pos = 0
    open_tx: tuple[int, dict[str, str]] | None = None
    golds: list[Gold] = []
    for tok in _TOKEN.findall(body):
        if tok.startswith("<TIMEX3"):
            open_tx = (pos, dict(_ATTR.findall(tok)))
        elif tok.startswith("</TIMEX3") and open_tx:
            attrs = open_tx[1]
            if attrs.get("functionInDocument") != "CREATION_TIME":
                golds.append(Gold(open_tx[0], pos, attrs.get("type", ""), attrs.get("value", "")))
            open_tx = None
        elif tok.startswith("<"):
            continue
        else:
            piece = html.unescape(tok) if tok.startswith("&") else tok
            out.append(piece)
            pos += len(piece)
    return TmlDoc(path.stem, "".join(out), dct, tuple(golds))


def load(subset: str | None = None) -> Iterator[TmlDoc]:
    for sub in ("TimeBank", "AQUAINT"):
        if subset and sub != subset:
            continue
        for path in sorted((DATA / sub).glob("*.tml")):
            yield parse_tml(path)


def load_meantime_docs() -> list[TmlDoc]:
    """MEANTIME's 120 English articles as :class:`TmlDoc`; the date line (the DCT) and the
    text after the annotated part are left unscored."""
    return [
        TmlDoc(
            d.name,
            d.text,
            d.dct,
            d.timexes,
            (d.dct_span, (d.annotated_end, len(d.text))),
        )
        for d in load_meantime(MEANTIME)
    ]


@dataclass
class Counts:
    gold: int = 0
    sys: int = 0
    strict: int = 0
    relaxed: int = 0
    type_ok: int = 0
    value_ok: int = 0
    seconds: float = 0.0
    docs: int = 0


def prf(hits: int, n_sys: int, n_gold: int) -> tuple[float, float, float]:
    p = hits / n_sys if n_sys else 0.0
    r = hits / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def evaluate(docs: list[TmlDoc], errors: list[str] | None = None) -> Counts:
    c = Counts()
    for doc in docs:
        t0 = time.perf_counter()
        found = tag(doc.text, doc.dct)
        c.seconds += time.perf_counter() - t0
        found = [t for t in found if not any(t.start < e and s < t.end for s, e in doc.unscored)]
        c.docs += 1
        c.gold += len(doc.timexes)
        c.sys += len(found)
        used: set[int] = set()
        for g in doc.timexes:
            match = next(
                (
                    i
                    for i, t in enumerate(found)
                    if i not in used and t.start < g.end and g.start < t.end
                ),
                None,
            )
            if match is None:
                if errors is not None:
                    errors.append(
                        f"MISS  {doc.name}: {doc.text[g.start : g.end]!r} {g.type} {g.value}"
                    )
                continue
            used.add(match)
            t = found[match]
            c.relaxed += 1
            c.strict += (t.start, t.end) == (g.start, g.end)
            c.type_ok += t.type == g.type
            c.value_ok += t.value == g.value
            if errors is not None and t.value != g.value:
                errors.append(
                    f"VALUE {doc.name}: {doc.text[t.start : t.end]!r} {t.value} "
                    f"gold {doc.text[g.start : g.end]!r} {g.value} (dct {doc.dct})"
                )
        if errors is not None:
            for i, t in enumerate(found):
                if i not in used:
                    errors.append(
                        f"FALSE {doc.name}: {doc.text[t.start : t.end]!r} {t.type} {t.value}"
                    )
    return c


def table(c: Counts, label: str) -> str:
    sp, sr, sf = prf(c.strict, c.sys, c.gold)
    rp, rr, rf = prf(c.relaxed, c.sys, c.gold)
    vp, vr, vf = prf(c.value_ok, c.sys, c.gold)
    acc_t = c.type_ok / c.relaxed if c.relaxed else 0.0
    acc_v = c.value_ok / c.relaxed if c.relaxed else 0.0
    ms = 1000 * c.seconds / c.docs if c.docs else 0.0
    rows = [
        f"| {label} | docs | gold | sys | strict P/R/F1 | relaxed P/R/F1 | type acc | value acc "
        "| value P/R/F1 | ms/doc |",
        "|---|---|---|---|---|---|---|---|---|---|",
        f"| tag() | {c.docs} | {c.gold} | {c.sys} | {sp:.3f}/{sr:.3f}/{sf:.3f} "
        f"| {rp:.3f}/{rr:.3f}/{rf:.3f} "
        f"| {acc_t:.3f} | {acc_v:.3f} | {vp:.3f}/{vr:.3f}/**{vf:.3f}** | {ms:.1f} |",
    ]
    return "\n".join(rows)


def value_f1(c: Counts) -> float:
    return prf(c.value_ok, c.sys, c.gold)[2]


def main() -> None:
    ap = argparse.ArgumentParser()
    which = ap.add_mutually_exclusive_group()
    which.add_argument("--subset", choices=["TimeBank", "AQUAINT"])
    which.add_argument("--meantime", action="store_true", help="MEANTIME English (held out)")
    ap.add_argument("--errors", type=int, default=0, help="print up to N errors")
    args = ap.parse_args()
    docs = load_meantime_docs() if args.meantime else list(load(args.subset))
    errs: list[str] | None = [] if args.errors else None
    c = evaluate(docs, errs)
    print(table(c, "MEANTIME" if args.meantime else args.subset or "TBAQ-cleaned"))
    if errs:
        print()
        for line in errs[: args.errors]:
            print(line)


if __name__ == "__main__":
    main()
