// The timeline chart zoomed out: counts from the server (/timeline/density.json) drawn as
// columns, one per calendar bin (height: its count, against the tallest in view), and the
// entries dated only to a much longer period (a month, a year) as bars over that period in
// the top lanes, labelled with their count; bars that find no room are counted in their
// column. Also the columns of the zoomed-in view (timeline_lanes.js), in the bottom strip.
import { periodText, stepNamed } from "./timeline_time.js";
import { el, fitText, fits, textWidth } from "./timeline_svg.js";

var SPAN_LANES = 3;

// columns: groups {s, e, n, wide, overflow}, at most ``barMax`` px high; their counts above
// them when below ``minTop`` and clear of other text
export function drawColumns(T, layers, boxes, groups, barMax, minTop) {
  var g = T.geo, tallest = 0;
  groups.forEach(function (grp) { tallest = Math.max(tallest, grp.n); });
  groups.slice().sort(function (p, q) { return q.n - p.n || p.s - q.s; }).forEach(function (grp) {
    var a = Math.max(T.x(grp.s), g.L - 2), b = Math.min(T.x(grp.e), g.R + 2);
    var wide = Math.max(b - a - 2, 2), hh = Math.max(2, Math.round(grp.n / tallest * barMax));
    var left = (a + b) / 2 - wide / 2;
    var rect = el("rect", { x: left, y: g.axisY - hh, width: wide, height: hh,
      "class": "band" + (grp.overflow ? " overflow" : ""), "data-count": grp.n, "data-key": grp.s });
    layers.bands.appendChild(rect);
    var label = (grp.overflow ? "+" : "") + grp.n, tw = textWidth(label, 10);
    var box = { x0: (a + b) / 2 - tw / 2, x1: (a + b) / 2 + tw / 2, y0: g.axisY - hh - 13, y1: g.axisY - hh - 1 };
    if (box.y0 >= minTop && boxes.free(box)) {
      boxes.add(box);
      layers.text.appendChild(el("text", { x: (a + b) / 2, y: g.axisY - hh - 3, "class": "count" }, label));
    }
    T.targets.push({ type: "band", key: "c" + grp.s, grp: grp, el: rect, cx: (a + b) / 2, cy: g.axisY - hh / 2,
                     x0: Math.min(left, (a + b) / 2 - 6), x1: Math.max(left + wide, (a + b) / 2 + 6),
                     y0: g.axisY - Math.max(hh, 14), y1: g.axisY });
  });
}

// the density data ``D`` within the view: bins and spans overlapping it (the caller counts
// the rest at the edges)
export function drawDensity(T, layers, boxes, D, edges) {
  var g = T.geo, v0 = T.view[0], v1 = T.view[1], step = stepNamed(D.step.name);
  var groups = new Map();
  D.bins.forEach(function (b) {
    if (b[1] <= v0 || b[0] >= v1) { return; }
    groups.set(b[0], { s: b[0], e: b[1], n: b[2], wide: 0, overflow: false });
  });
  var lanes = [], top = g.lanes - 1, lowest = top;
  for (var i = 0; i < SPAN_LANES; i++) { lanes.push([]); }
  edges.forEach(function (e) { lanes[0].push([e.x0 - 2, e.x1 + 2]); });
  D.spans.forEach(function (sp) {
    if (sp[1] <= v0 || sp[0] >= v1) { return; }
    var a = Math.max(T.x(sp[0]) + 1.5, -4), b = Math.min(T.x(sp[1]) - 1.5, g.w + 4);
    for (var k = 0; k < lanes.length && top - k >= 0; k++) {
      if (b - a >= 4 && fits(lanes[k], a, b)) {
        lanes[k].push([a, b]);
        lowest = Math.min(lowest, top - k);
        drawSpan(T, layers, boxes, sp, a, b, T.laneY(top - k));
        return;
      }
    }
    var key = sp[3], grp = groups.get(key);  // no room: counted in its column
    if (!grp) { grp = { s: key, e: step ? step.next(key) : key + D.step.ms, n: 0, wide: 0, overflow: false }; groups.set(key, grp); }
    grp.n += sp[2];
    grp.wide += sp[2];
  });
  var barMax = g.axisY - (T.laneY(lowest) + g.laneH / 2) - 16;
  drawColumns(T, layers, boxes, Array.from(groups.values()), Math.max(barMax, 20), 0);
}

function drawSpan(T, layers, boxes, sp, a, b, cy) {
  var g = T.geo, grp = { s: sp[0], e: sp[1], n: sp[2], wide: sp[2], span: true };
  var rect = el("rect", { x: a, y: cy - 6, width: Math.max(b - a, 2), height: 12, rx: 2,
                          "class": "band spanband", "data-count": sp[2], "data-key": sp[0] + "-" + sp[1] });
  layers.marks.appendChild(rect);
  var va = Math.max(a, g.L), vb = Math.min(b, g.R);
  var text = fitText(periodText(sp[0], sp[1]) + " \u00B7 " + sp[2], 11, vb - va - 8) ||
             fitText(String(sp[2]), 11, vb - va - 6);
  if (text) {
    var tw = textWidth(text, 11);
    var box = { x0: va + 3, x1: va + 3 + tw, y0: cy - 8, y1: cy + 5 };
    if (boxes.free(box)) {
      boxes.add(box);
      layers.text.appendChild(el("text", { x: va + 3, y: cy + 4, "class": "label in-bar" }, text));
    }
  }
  T.targets.push({ type: "band", key: "s" + sp[0] + "-" + sp[1], grp: grp, el: rect,
                   cx: Math.max(a, g.L) + 6, cy: cy, x0: a - 3, x1: b + 3, y0: cy - 8, y1: cy + 8 });
}
