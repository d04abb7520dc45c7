// The overview strip above the timeline chart: how the entries spread over their whole extent
// (from the page's first view: counts per bin, or the entries themselves), with the chart's
// range marked. Drag across it to pick a range, drag the marked range to move it, click to
// centre the chart there.
import { el } from "./timeline_svg.js";

var UNIFORM = 120;  // bins when the strip counts entries itself

export function Brush(T, svg, chart) {
  this.T = T;
  this.svg = svg;
  this.counts = overview(T, chart);
  this.win = null;
  if (svg) { this.listen(); }
}

function overview(T, chart) {  // [[start, end, n]] over T.ALL
  if (!chart.entries) {
    var D = chart.density, by = new Map();
    D.bins.forEach(function (b) { by.set(b[0], [b[0], b[1], b[2]]); });
    D.spans.forEach(function (sp) {  // a longer period's entries, at its middle's bin
      var b = by.get(sp[3]);
      if (b) { b[2] += sp[2]; } else { by.set(sp[3], [sp[3], sp[3] + D.step.ms, sp[2]]); }
    });
    return Array.from(by.values());
  }
  var a = T.ALL[0], w = (T.ALL[1] - T.ALL[0]) / UNIFORM, out = [];
  for (var i = 0; i < UNIFORM; i++) { out.push([a + i * w, a + (i + 1) * w, 0]); }
  T.items.forEach(function (d) {
    var i = Math.min(Math.max(Math.floor((d.m - a) / w), 0), UNIFORM - 1);
    out[i][2] += 1;
  });
  return out.filter(function (b) { return b[2] > 0; });
}

Brush.prototype.x = function (t) {
  var w = this.svg.clientWidth || 800, A = this.T.ALL;
  return 4 + (t - A[0]) / (A[1] - A[0]) * (w - 8);
};
Brush.prototype.t = function (px) {
  var w = this.svg.clientWidth || 800, A = this.T.ALL;
  return A[0] + (px - 4) / (w - 8) * (A[1] - A[0]);
};

Brush.prototype.draw = function () {
  var svg = this.svg, self = this;
  if (!svg) { return; }
  while (svg.firstChild) { svg.removeChild(svg.firstChild); }
  var h = svg.clientHeight || 34, w = svg.clientWidth || 800, top = 0;
  this.counts.forEach(function (b) { top = Math.max(top, b[2]); });
  svg.appendChild(el("rect", { x: 0, y: 0, width: w, height: h, "class": "brush-bg" }));
  this.counts.forEach(function (b) {
    var a = self.x(b[0]), z = Math.max(self.x(b[1]) - a, 1), bh = Math.max(1, Math.sqrt(b[2] / top) * (h - 6));
    svg.appendChild(el("rect", { x: a, y: h - 2 - bh, width: z, height: bh, "class": "brush-bar" }));
  });
  var v = this.T.view, a = Math.max(this.x(v[0]), 0), b = Math.min(this.x(v[1]), w);
  svg.appendChild(el("rect", { x: 0, y: 0, width: Math.max(a, 0), height: h, "class": "brush-out" }));
  svg.appendChild(el("rect", { x: b, y: 0, width: Math.max(w - b, 0), height: h, "class": "brush-out" }));
  this.win = el("rect", { x: a, y: 0.5, width: Math.max(b - a, 2), height: h - 1, "class": "brush-win" });
  svg.appendChild(this.win);
};

Brush.prototype.listen = function () {
  var self = this, svg = this.svg, T = this.T, drag = null;
  function px(ev) { return ev.clientX - svg.getBoundingClientRect().left; }
  svg.addEventListener("pointerdown", function (ev) {
    if (ev.pointerType === "mouse" && ev.button !== 0) { return; }
    try { svg.setPointerCapture(ev.pointerId); } catch (err) { /* a synthetic event */ }
    var x0 = px(ev), a = self.x(T.view[0]), b = self.x(T.view[1]);
    drag = { x0: x0, moved: false, inside: x0 >= a && x0 <= b && b - a < (svg.clientWidth || 800) * 0.9,
             view: T.view.slice() };
  });
  svg.addEventListener("pointermove", function (ev) {
    if (!drag) { return; }
    var x1 = px(ev);
    if (Math.abs(x1 - drag.x0) > 3) { drag.moved = true; }
    if (!drag.moved) { return; }
    if (drag.inside) {  // move the range
      var shift = self.t(x1) - self.t(drag.x0);
      T.setView(drag.view[0] + shift, drag.view[1] + shift);
    } else {  // pick a range
      var p = self.t(Math.min(drag.x0, x1)), q = self.t(Math.max(drag.x0, x1));
      T.setView(p, q);
    }
  });
  function end(ev) {
    if (!drag) { return; }
    if (!drag.moved && ev.type === "pointerup") {  // centre the chart here
      var span = T.view[1] - T.view[0], t = self.t(drag.x0);
      T.setView(t - span / 2, t + span / 2);
    }
    drag = null;
  }
  svg.addEventListener("pointerup", end);
  svg.addEventListener("pointercancel", end);
};
