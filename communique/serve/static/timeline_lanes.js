// The timeline chart zoomed in: the entries of the view drawn one by one. The view is cut into
// calendar buckets (hours to centuries, whichever is a dozen pixels wide or more). A bucket
// holding more entries than fit is one grey column whose height is its count; otherwise its
// entries are drawn one by one (a dot, or a bar over the period when that is wide: a month, a
// year, a zoomed-in day), packed into lanes, and labelled greedily: a label that would overlap
// anything is shortened or left out, never drawn over. Every entry of the view is thus either
// a mark or counted in a column.
import { columnStep } from "./timeline_time.js";
import { el, fitText, fits, room, textWidth } from "./timeline_svg.js";
import { drawColumns } from "./timeline_bands.js";


// ``visible``: the entries overlapping the view; ``edges``: the edge counts (their lane room)
export function drawEntries(T, layers, boxes, visible, edges) {
  var g = T.geo, v0 = T.view[0], v1 = T.view[1];
  var finest = visible.reduce(function (acc, d) { return Math.min(acc, d.e - d.s); }, Infinity);
  var step = columnStep(v1 - v0, g.R - g.L, finest === Infinity ? 0 : finest);
  var cap = Math.max(1, Math.floor((T.x(v0 + step.approx) - T.x(v0)) / 14)) * g.lanes;
  var fine = [], coarse = [], counts = new Map();
  visible.forEach(function (d) {
    d.bucket = step.floor(Math.min(Math.max(d.m, v0), v1 - 1));
    if (d.e - d.s > step.approx * 1.5) { d.wide = true; coarse.push(d); return; }
    d.wide = false;
    counts.set(d.bucket, (counts.get(d.bucket) || 0) + 1);
    fine.push(d);
  });
  coarse.sort(function (a, b) { return a.s - b.s; });
  var groups = new Map();  // bucket start -> entries counted in one column
  function count(d, overflow) {
    var grp = groups.get(d.bucket);
    if (!grp) { grp = { s: d.bucket, e: step.next(d.bucket), n: 0, wide: 0, overflow: overflow }; groups.set(d.bucket, grp); }
    grp.n += 1;
    if (d.wide) { grp.wide += 1; }
  }
  // lanes: marks first (bars, then dots in time order), labels after, greedily. A bucket whose
  // dots do not all fit becomes one column, and the lanes are packed again without it; what
  // then still does not fit is counted as "+N" in its bucket's column.
  var dense = new Set(), lanes, marks, spill;
  counts.forEach(function (n, key) { if (n > cap) { dense.add(key); } });
  function place(d, most) {  // in the lowest lane of the first ``most`` where it fits
    var xs = T.x(d.s), xe = T.x(d.e), bar = d.wide || xe - xs >= 120, a, b, r = 0;
    if (bar) { a = Math.max(xs + 1.5, -4); b = Math.min(xe - 1.5, g.w + 4); } else {
      r = d.n >= 4 ? 6.5 : d.n >= 2 ? 5 : 4;
      // at its period's middle; kept within the plot when only an end of the period is in view
      var cx = Math.min(Math.max(T.x(d.m), g.L), g.R); a = cx - r - 1; b = cx + r + 1;
    }
    for (var k = 0; k < most; k++) {
      if (fits(lanes[k], a, b)) {
        lanes[k].push([a, b]);
        marks.push({ d: d, lane: k, bar: bar, a: a, b: b, r: r });
        return true;
      }
    }
    d.spilledBar = bar;
    return false;
  }
  function pack() {
    lanes = []; marks = []; spill = [];
    for (var li = 0; li < g.lanes; li++) { lanes.push([]); }
    edges.forEach(function (e) { lanes[g.lanes - 1].push([e.x0 - 2, e.x1 + 2]); });
    // bars over long periods take half the lanes at most, so that what is dated more
    // precisely keeps room
    coarse.forEach(function (d) { if (!place(d, Math.ceil(g.lanes / 2))) { spill.push(d); } });
    fine.forEach(function (d) { if (!dense.has(d.bucket) && !place(d, g.lanes)) { spill.push(d); } });
  }
  pack();
  // (a bucket of bars is as wide as its entries' day: zooming in separates them no further,
  // so it keeps what fits and counts the rest)
  var more = spill.filter(function (d) { return !d.wide && !d.spilledBar; });
  if (more.length) {
    more.forEach(function (d) { dense.add(d.bucket); });
    pack();
  }
  fine.forEach(function (d) { if (dense.has(d.bucket)) { count(d, false); } });
  spill.forEach(function (d) { count(d, !dense.has(d.bucket)); });
  drawColumns(T, layers, boxes, Array.from(groups.values()), g.axisY - g.stripTop - 14, g.stripTop);
  drawMarks(T, layers, marks);
  drawLabels(T, layers, lanes, marks);
  return step;
}

function drawMarks(T, layers, marks) {
  var g = T.geo;
  marks.forEach(function (mk) {
    var d = mk.d, cy = T.laneY(mk.lane), node;
    var cls = "happening" + (d.n > 1 ? " multi" : "") + (d.flags.length ? " flagged" : "") +
              (d.kind === "visit" ? " visit" : "");
    if (mk.bar) {
      node = el("rect", { x: mk.a, y: cy - 6, width: Math.max(mk.b - mk.a, 2), height: 12, rx: 3,
                          "class": cls + " span", "data-entry": d.id });
    } else {
      node = el("circle", { cx: (mk.a + mk.b) / 2, cy: cy, r: mk.r, "class": cls, "data-entry": d.id });
    }
    layers.marks.appendChild(node);
    T.targets.push({ type: "item", key: d.id, d: d, el: node, cx: mk.bar ? Math.max(mk.a, g.L) + 6 : (mk.a + mk.b) / 2,
                     cy: cy, x0: mk.a - 3, x1: mk.b + 3, y0: cy - 8, y1: cy + 8 });
  });
}

// the labels: more sources first, then in time order; never over a mark or a label
function drawLabels(T, layers, lanes, marks) {
  var g = T.geo;
  marks.slice().sort(function (p, q) { return q.d.n - p.d.n || p.d.m - q.d.m; }).forEach(function (mk) {
    var lane = lanes[mk.lane], cy = T.laneY(mk.lane), title = mk.d.title.slice(0, 60);
    if (mk.bar) {
      var va = Math.max(mk.a, g.L), vb = Math.min(mk.b, g.R);
      var inside = fitText(title, 11, vb - va - 8);
      if (inside) {
        layers.text.appendChild(el("text", { x: va + 4, y: cy + 4, "class": "label in-bar" }, inside));
        return;
      }
    }
    // to the right of the mark if the whole title fits there, else to its left, else the
    // side with more room, shortened
    var right = room(lane, mk, 1, g.w), left = room(lane, mk, -1, g.w);
    var full = Math.min(textWidth(title, 11), 260);
    var side = right >= full ? 1 : left >= full ? -1 : right >= left ? 1 : -1;
    var text = fitText(title, 11, Math.min(side > 0 ? right : left, 260));
    if (!text) { return; }
    var tw = textWidth(text, 11), tx = side > 0 ? mk.b + 3 : mk.a - 3 - tw;
    lane.push([tx, tx + tw]);
    layers.text.appendChild(el("text", { x: tx, y: cy + 4, "class": "label" }, text));
  });
}
