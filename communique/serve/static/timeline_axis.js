// The timeline chart's axis (ticks at every scale, hours to millennia, with the period above
// them as a major label) and the counts of entries beyond each edge of the view.
import { MAJOR, MAJOR_FMT, TICK_PX, TICK_STEPS, fmt, minorLabel } from "./timeline_time.js";
import { el, textWidth } from "./timeline_svg.js";

function stepFor(T, list, px) {
  var span = T.view[1] - T.view[0], perPx = span / (T.geo.R - T.geo.L);
  for (var i = 0; i < list.length; i++) {
    var need = typeof px === "number" ? px : px[list[i].unit];
    if (list[i].approx / perPx >= need) { return list[i]; }
  }
  return list[list.length - 1];
}

export function drawAxis(T, gGrid, gText, boxes) {
  var g = T.geo, v0 = T.view[0], v1 = T.view[1];
  gGrid.appendChild(el("line", { x1: 0, x2: g.w, y1: g.axisY, y2: g.axisY, "class": "axis" }));
  var step = stepFor(T, TICK_STEPS, TICK_PX), n = 0, t;
  var minorY = g.axisY + 14, majorY = g.axisY + 28;
  var major = MAJOR[step.unit];
  if (major) {
    for (t = major.next(major.floor(v0)); t < v1 && n < 400; t = major.next(t), n++) {
      var mx = T.x(t);
      gGrid.appendChild(el("line", { x1: mx, x2: mx, y1: 0, y2: g.axisY + 18, "class": "grid major" }));
      tickText(T, gText, boxes, mx + 3, majorY, fmt(t, MAJOR_FMT[step.unit]), true);
    }
    // the period the view starts in, at the left edge, when it does not hide the next one
    tickText(T, gText, boxes, 2, majorY, fmt(v0, MAJOR_FMT[step.unit]), true);
  }
  n = 0;
  for (t = step.floor(v0); t <= v1 && n < 400; t = step.next(t), n++) {
    var tx = T.x(t);
    if (tx < 0 || tx > g.w) { continue; }
    gGrid.appendChild(el("line", { x1: tx, x2: tx, y1: g.axisY, y2: g.axisY + 4, "class": "axis" }));
    if (!major) { gGrid.appendChild(el("line", { x1: tx, x2: tx, y1: 0, y2: g.axisY, "class": "grid" })); }
    tickText(T, gText, boxes, tx, minorY, minorLabel(t, step.unit), false);
  }
}

function tickText(T, gText, boxes, tx, y, label, major) {
  var tw = textWidth(label, 11, major ? "600" : "");
  var x0 = major ? tx : tx - tw / 2;
  if (x0 < 1 || x0 + tw > T.geo.w - 1) { return; }
  var box = { x0: x0, x1: x0 + tw, y0: y - 11, y1: y + 3 };
  if (!boxes.free(box)) { return; }
  boxes.add(box);
  gText.appendChild(el("text", { x: tx, y: y, "class": "tick" + (major ? " major" : "") }, label));
}

// the counts of entries beyond each edge, in the top lane's corners (kept free of marks).
// ``nearest`` is the closest such entry when the chart holds it (a date to pan to), else null.
export function edgeSpecs(T, earlier, later) {
  var g = T.geo, y = T.laneY(g.lanes - 1) + 4, out = [];
  [[earlier, "\u25C0 " + earlier.n + " earlier", -1], [later, later.n + " later \u25B6", 1]]
    .forEach(function (spec) {
      if (!spec[0].n) { return; }
      var tw = textWidth(spec[1], 11, "600"), x0 = spec[2] < 0 ? g.L : g.R - tw;
      out.push({ n: spec[0].n, nearest: spec[0].nearest, label: spec[1], dir: spec[2],
                 x0: x0, x1: x0 + tw, y: y });
    });
  return out;
}

export function drawEdges(T, gText, edges) {
  edges.forEach(function (e) {
    var key = e.dir < 0 ? "earlier" : "later";
    var node = el("text", { x: e.x0, y: e.y, "class": "edge", "data-edge": key }, e.label);
    gText.appendChild(node);
    T.targets.push({ type: "edge", key: key, dir: e.dir, n: e.n, nearest: e.nearest, el: node,
                     cx: (e.x0 + e.x1) / 2, cy: e.y - 4, x0: e.x0 - 4, x1: e.x1 + 4, y0: e.y - 14, y1: e.y + 5 });
  });
}
