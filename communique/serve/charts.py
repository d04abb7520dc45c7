"""Small server-rendered SVG charts: no JavaScript and no CDN needed to see them (the
relationship dashboard's charts are drawn in the browser by the vendored Chart.js:
``static/dashboard.js``).

Every label goes through :func:`markupsafe.escape`; the functions return
:class:`markupsafe.Markup` ready for a template.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

# twelve hues (Paul Tol's "muted" and "dark" sets), each at least 3:1 on white; more keys than
# colours reuse them, and the legend and tooltips name every key
PALETTE = ("#332288", "#117733", "#aa4499", "#88440f", "#1f5fa8", "#a4262c", "#227766",
           "#6b7785", "#882255", "#5a6e1b", "#c26400", "#226e8c")  # fmt: skip


@dataclass(frozen=True)
class Point:
    x: float  # a fractional year
    value: float
    kind: str  # actual / forecast / target
    label: str


def color_for(keys: Sequence[str]) -> dict[str, str]:
    return {k: PALETTE[i % len(PALETTE)] for i, k in enumerate(keys)}


def stacked_bars(per_year: Mapping[str, Mapping[str, int]], title: str) -> Markup:
    """Events per year, each bar split by key, with a legend below that grows with the keys
    (nothing clipped) and the highest bar's count on the axis."""
    if not per_year:
        return Markup('<p class="empty">No dated events.</p>')
    years = sorted(per_year)
    first, last = int(years[0]), int(years[-1])
    span = list(range(first, last + 1))
    keys = sorted({k for v in per_year.values() for k in v})
    colors = color_for(keys)
    top = max(sum(v.values()) for v in per_year.values())
    w, h, pad = 640, 220, 30
    legend_rows = math.ceil(len(keys) / 4)
    bw = (w - 2 * pad) / len(span)
    parts = [
        f'<svg class="chart" viewBox="0 0 {w} {h + 30 + 16 * legend_rows}" role="img" '
        f'aria-label="{escape(title)}">'
    ]
    for i, year in enumerate(span):
        x, y = pad + i * bw, float(h)
        for k in keys:
            n = per_year.get(str(year), {}).get(k, 0)
            if not n:
                continue
            bh = (h - pad) * n / top
            y -= bh
            parts.append(
                f'<rect x="{x + 1:.1f}" y="{y:.1f}" width="{max(bw - 2, 1):.1f}" height="{bh:.1f}" '
                f'fill="{colors[k]}"><title>{year} {escape(k)}: {n}</title></rect>'
            )
        if len(span) <= 20 or i % math.ceil(len(span) / 20) == 0:
            parts.append(f'<text x="{x + bw / 2:.1f}" y="{h + 14}" class="tick">{year}</text>')
    parts.append(
        f'<text x="{pad}" y="{pad - 8}" class="legend">{top} events in the highest bar</text>'
    )
    for i, k in enumerate(keys):
        lx = pad + (i % 4) * 150
        ly = h + 34 + (i // 4) * 16
        parts.append(f'<rect x="{lx}" y="{ly - 9}" width="10" height="10" fill="{colors[k]}"/>')
        parts.append(f'<text x="{lx + 14}" y="{ly}" class="legend">{escape(k)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def _fmt(v: float) -> str:
    for scale, suffix in ((1e12, "T"), (1e9, "bn"), (1e6, "m"), (1e3, "k")):
        if abs(v) >= scale:
            return f"{v / scale:.3g}{suffix}"
    return f"{v:.3g}"


def series_chart(points: Sequence[Point], title: str) -> Markup:
    """Values over time: actuals joined by a line, forecasts and targets as open marks."""
    if not points:
        return Markup('<p class="empty">No dated values.</p>')
    w, h, pad = 520, 200, 40
    xs = [p.x for p in points]
    lo, hi = min(xs) - 0.5, max(xs) + 0.5
    top = max(p.value for p in points) * 1.1 or 1.0

    def px(x: float) -> float:
        return pad + (x - lo) / (hi - lo) * (w - 2 * pad)

    def py(v: float) -> float:
        return h - (v / top) * (h - pad)

    parts = [
        f'<svg class="chart" viewBox="0 0 {w} {h + 30}" role="img" aria-label="{escape(title)}">'
    ]
    actual = sorted((p for p in points if p.kind == "actual"), key=lambda p: p.x)
    if len(actual) > 1:
        path = " ".join(f"{px(p.x):.1f},{py(p.value):.1f}" for p in actual)
        parts.append(f'<polyline points="{path}" fill="none" stroke="#3867d6" stroke-width="2"/>')
    for p in points:
        cls = {"actual": "pt-actual", "target": "pt-target"}.get(p.kind, "pt-forecast")
        parts.append(
            f'<circle class="{cls}" cx="{px(p.x):.1f}" cy="{py(p.value):.1f}" r="5">'
            f"<title>{escape(p.label)}: {_fmt(p.value)} ({escape(p.kind)})</title></circle>"
        )
    for year in range(math.ceil(lo), math.floor(hi) + 1):
        parts.append(f'<text x="{px(year):.1f}" y="{h + 16}" class="tick">{year}</text>')
    parts.append(f'<text x="{pad}" y="{pad - 10}" class="legend">max {_fmt(top / 1.1)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def network(center: str, partners: Sequence[tuple[str, str, int]]) -> Markup:
    """The actor in the middle, the actors met most around it; edge width by shared events.

    ``partners`` holds (href, name, count).
    """
    if not partners:
        return Markup('<p class="empty">No shared events.</p>')
    w = h = 420
    cx, cy, r = w / 2, h / 2, 150
    top = max(n for _, _, n in partners)
    edges, nodes = [], []
    for i, (href, name, n) in enumerate(partners):
        angle = 2 * math.pi * i / len(partners) - math.pi / 2
        x, y = cx + r * math.cos(angle), cy + r * math.sin(angle)
        edges.append(
            f'<line x1="{cx}" y1="{cy}" x2="{x:.1f}" y2="{y:.1f}" '
            f'stroke-width="{1 + 6 * n / top:.1f}" class="edge"><title>{n}</title></line>'
        )
        nodes.append(
            f'<a href="{escape(href)}"><circle cx="{x:.1f}" cy="{y:.1f}" r="7" class="node"/>'
            f'<text x="{x:.1f}" y="{y - 11:.1f}" class="node-label">{escape(name)} ({n})</text></a>'
        )
    return Markup(
        f'<svg class="chart network" viewBox="0 0 {w} {h}" role="group" aria-label="actors met">'
        + "".join(edges)
        + f'<circle cx="{cx}" cy="{cy}" r="11" class="node center"/>'
        + f'<text x="{cx}" y="{cy + 26}" class="node-label center">{escape(center)}</text>'
        + "".join(nodes)
        + "</svg>"
    )
