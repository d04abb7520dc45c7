"""Article text with spans marked: mentions, times, events, evidence.

Spans may nest or overlap, so the text is cut at every span boundary and each piece is
wrapped in one ``<span>`` carrying the classes of every span covering it. All text is
escaped; only the wrapper markup is ours.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape


@dataclass(frozen=True)
class Mark:
    start: int
    end: int
    cls: str  # a CSS class: mention, time, event, evidence
    title: str = ""  # tooltip
    anchor: str = ""  # an id to link to


def highlight(text: str, marks: Sequence[Mark]) -> Markup:
    """``text`` escaped, with every mark wrapped; paragraphs kept as line breaks."""
    marks = [m for m in marks if 0 <= m.start < m.end <= len(text)]
    cuts = sorted({0, len(text), *(m.start for m in marks), *(m.end for m in marks)})
    out: list[str] = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        piece = escape(text[a:b]).replace("\n", Markup("<br>\n"))
        covering = [m for m in marks if m.start <= a and b <= m.end]
        if not covering:
            out.append(str(piece))
            continue
        classes = " ".join(sorted({m.cls for m in covering}))
        title = "; ".join(m.title for m in covering if m.title)
        anchors = "".join(
            f'<a class="anchor" id="{escape(m.anchor)}"></a>'
            for m in covering
            if m.anchor and m.start == a
        )
        out.append(f'{anchors}<span class="{classes}" title="{escape(title)}">{piece}</span>')
    return Markup("".join(out))
