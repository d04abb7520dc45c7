"""Compile the CAMEO verb-pattern dictionary into ``data/cameo_verbs.json``.

    python -m communique.extract.build_cameo_verbs [--shared ../shared]

Source: ``reference/cameo/CAMEO.2.0.txt`` (the PETRARCH verb dictionary, MIT licence,
Copyright (c) 2015 Open Event Data Alliance). What is kept: synonym sets, each verb with its
inflected forms and default CAMEO code, and each pattern as the words expected before and after
the verb with its code. Parse-dependent markers ($ source, + target, ^ skip, % compound) are
dropped: communique matches patterns on a word window, not a parse tree.
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
DEFAULT_SHARED = HERE.parents[2] / "shared"
_HEADER = re.compile(r"^---\s+(\S+)\s+\[([^\]]*)\]\s+---")
_CODE = re.compile(r"\[([^\]]*)\]")
_MARKERS = {"$", "+", "^", "%", "*"}


def _code(raw: str | None) -> str | None:
    code = (raw or "").split(":")[0].strip()
    return code if code and code != "---" and code.isdigit() else None


def _forms(word: str, listed: list[str]) -> list[str]:
    """A verb's forms: those listed, else the regular ones."""
    if listed:
        return [word, *listed]
    stem = word[:-1] if word.endswith("E") else word
    ends_s = word.endswith(("S", "SH", "CH", "X", "Z"))
    out = [word, word + ("ES" if ends_s else "S"), stem + "ED", stem + "ING"]
    if word.endswith("Y") and len(word) > 2 and word[-2] not in "AEIOU":
        out += [word[:-1] + "IES", word[:-1] + "IED"]
    if re.search(r"[^AEIOU][AEIOU][BDGLMNPRT]$", word):  # plan -> planned
        out += [word + word[-1] + "ED", word + word[-1] + "ING"]
    return out


def _pattern(body: str) -> dict[str, Any] | None:
    text = body.split("#")[0]
    code = _CODE.search(text)
    words = _CODE.sub(" ", text)
    if "*" not in words:
        return None
    before, after = words.split("*", 1)

    def toks(part: str) -> list[str]:
        part = part.replace("(", " ").replace(")", " ").replace("{", " ").replace("}", " ")
        return [t for t in part.split() if t not in _MARKERS and not t.startswith("<")]

    return {
        "pre": toks(before),
        "post": toks(after),
        "code": _code(code.group(1) if code else None),
    }


def parse(text: str) -> dict[str, Any]:
    synonyms: dict[str, list[str]] = {}
    verbs: list[dict[str, Any]] = []
    block: dict[str, Any] | None = None
    current_syn: str | None = None
    in_patterns = False
    for raw in text.splitlines():
        line = raw.rstrip()
        if "VERB PATTERNS" in line:
            in_patterns = True
            continue
        if not in_patterns:
            if line.startswith("&"):
                current_syn = line[1:].strip().rstrip("_")
                synonyms[current_syn] = []
            elif line.startswith("+") and current_syn:
                synonyms[current_syn].append(line[1:].split("#")[0].strip().rstrip("_"))
            continue
        if m := _HEADER.match(line):
            block = {"name": m.group(1), "code": _code(m.group(2)), "verbs": [], "patterns": []}
            verbs.append(block)
        elif block is None or not line.strip() or line.startswith("#"):
            continue
        elif line.startswith("-"):
            pat = _pattern(line[1:])
            if pat:
                pat["verb"] = (
                    line.split("#")[1].split()[0]
                    if "#" in line and line.split("#")[1].split()
                    else None
                )
                block["patterns"].append(pat)
        else:
            body = line.split("#")[0]
            listed = re.search(r"\{([^}]*)\}", body)
            own = _CODE.search(body)
            word = re.sub(r"\{[^}]*\}|\[[^\]]*\]", " ", body).split()
            if word:
                forms = _forms(word[0], listed.group(1).split() if listed else [])
                block["verbs"].append({"verb": word[0], "forms": forms,
                                       "code": _code(own.group(1)) if own else block["code"]})  # fmt: skip
    return {"synonyms": synonyms, "blocks": verbs}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    args = ap.parse_args()
    text = (args.shared / "reference/cameo/CAMEO.2.0.txt").read_text(
        encoding="utf-8", errors="replace"
    )
    data = parse(text)
    data["source"] = "CAMEO.2.0.txt verb dictionary, MIT licence, (c) 2015 Open Event Data Alliance"
    out = HERE / "data" / "cameo_verbs.json"
    out.write_text(json.dumps(data, separators=(",", ":")), encoding="utf-8")
    n_pat = sum(len(b["patterns"]) for b in data["blocks"])
    n_verb = sum(len(b["verbs"]) for b in data["blocks"])
    print(f"wrote {out}: {len(data['blocks'])} blocks, {n_verb} verbs, {n_pat} patterns, "
          f"{len(data['synonyms'])} synonym sets")  # fmt: skip


if __name__ == "__main__":
    main()
