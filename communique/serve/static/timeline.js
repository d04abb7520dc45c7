// A zoomable timeline of merged happenings that scales to any number of entries. No
// dependencies, works offline; an ES module with its parts beside it (timeline_*.js).
//
// The page carries a small first view in <script id="timeline-data" type="application/json">:
// the counts of the filtered set (dated, history, undated), its extent, counts per calendar bin
// over it, and the entries themselves when there are few. For every other view the chart asks
// the server (timeline_data.js): zoomed out, counts per bin drawn as columns and the entries
// dated only to a long period as bars over it (timeline_bands.js); zoomed in far enough that
// few entries are in view, the entries themselves, drawn one by one in lanes and labelled
// without overlaps (timeline_lanes.js). Entries outside the view are counted at its edges:
// every dated entry is a mark, counted in a column or bar, or counted at an edge (the page's
// tests check the sums). The svg's data-state is "loading" until what is drawn fits the view.
import { DAY, HOUR, YEAR, fmt } from "./timeline_time.js";
import { Boxes, el, measureIn } from "./timeline_svg.js";
import { drawAxis, drawEdges, edgeSpecs } from "./timeline_axis.js";
import { drawEntries } from "./timeline_lanes.js";
import { drawDensity } from "./timeline_bands.js";
import { Source } from "./timeline_data.js";
import { Input } from "./timeline_input.js";
import { listen } from "./timeline_gestures.js";
import { Brush } from "./timeline_brush.js";

var svgEl = document.getElementById("timeline-chart"), dataEl = document.getElementById("timeline-data");
if (svgEl && dataEl) { start(svgEl, JSON.parse(dataEl.textContent || "{}")); }

function byId(id) { return document.getElementById(id); }

// the whole extent, and the bulk: 2nd to 98th percentile, so one misdated entry does not
// squeeze the rest against an edge (it is counted there, and "all" or zooming out shows it)
function padded(lo, hi, share) {
  var pad = Math.max((hi - lo) * share, 12 * HOUR);
  if (hi - lo < 14 * DAY) { pad = Math.max(pad, (14 * DAY - (hi - lo)) / 2); }  // some context
  return [lo - pad, hi + pad];
}
function extent(chart, items) {  // {first, last, bulk: [lo, hi] or null, n}
  if (!chart.entries) {
    var e = chart.density.extent;
    return { first: e.first, last: e.last, bulk: e.bulk, n: chart.density.counts.dated };
  }
  if (!items.length) { return { first: null, last: null, bulk: null, n: 0 }; }
  var ms = items.map(function (d) { return d.m; }).sort(function (a, b) { return a - b; });
  return { first: items.reduce(function (a, d) { return Math.min(a, d.s); }, Infinity),
           last: items.reduce(function (a, d) { return Math.max(a, d.e); }, -Infinity),
           bulk: [ms[Math.floor(0.02 * (ms.length - 1))], ms[Math.ceil(0.98 * (ms.length - 1))]], n: ms.length };
}

function start(svg, chart) {
  measureIn(svg);
  var T = { svg: svg, tip: byId("tl-tip"), live: byId("tl-live"), rangeEl: byId("tl-range"),
            geo: null, view: null, targets: [], cursor: null, items: [] };
  var source = new Source(T, chart, svg.dataset.source || "/timeline/density.json");
  T.items = source.data.items || [];
  var ext = extent(chart, T.items);
  if (ext.first === null || !ext.n) { return empty(svg, T); }
  T.ALL = padded(ext.first, ext.last, 0.03);
  T.BULK = T.ALL.slice();
  if (ext.n >= 20 && ext.bulk) {
    var v = padded(ext.bulk[0], ext.bulk[1], 0.05);
    T.BULK = [Math.max(v[0], T.ALL[0]), Math.min(v[1], T.ALL[1])];
  }
  T.MIN_SPAN = 6 * HOUR;
  T.MAX_SPAN = Math.max((T.ALL[1] - T.ALL[0]) * 3, 30 * DAY);
  T.view = T.BULK.slice();
  T.unplaced = chart.density ? chart.density.counts.unplaced : 0;
  view(T);
  var ui = new Input(T), brush = new Brush(T, byId("tl-brush"), chart), queued = false;
  T.schedule = function () {
    if (queued) { return; }
    queued = true;
    requestAnimationFrame(function () { queued = false; draw(T, source, ui, brush); });
  };
  listen(T, ui);
  if (window.ResizeObserver) { new ResizeObserver(T.schedule).observe(svg); } else { window.addEventListener("resize", T.schedule); }
  draw(T, source, ui, brush);
}

function empty(svg, T) {
  svg.style.display = "none";
  svg.dataset.state = "ready";
  ["tl-zoom-in", "tl-zoom-out", "tl-reset", "tl-all"].forEach(function (id) {
    var b = byId(id);
    if (b) { b.disabled = true; }
  });
  var brush = byId("tl-brush");
  if (brush) { brush.style.display = "none"; }
  if (T.rangeEl) { T.rangeEl.textContent = "nothing dated to draw"; }
}

// ---- the view: its geometry, and the moves that change it ----------------------------------
function view(T) {
  T.geo = { w: 800, h: 300, L: 12, R: 788, axisY: 266, stripTop: 214, laneH: 18, lanes: 10 };
  T.x = function (t) { return T.geo.L + (t - T.view[0]) / (T.view[1] - T.view[0]) * (T.geo.R - T.geo.L); };
  T.laneY = function (i) { return T.geo.stripTop - 6 - T.geo.laneH * i - T.geo.laneH / 2; };  // lane 0 lowest
  T.setView = function (a, b) {
    var span = Math.min(Math.max(b - a, T.MIN_SPAN), T.MAX_SPAN);
    if (span !== b - a) { var c = (a + b) / 2; a = c - span / 2; }
    // keep a tenth of the view over the data at least
    var lo = T.ALL[0] - 0.9 * span, hi = T.ALL[1] - 0.1 * span;
    a = Math.min(Math.max(a, lo), hi);
    T.view = [a, a + span];
    T.svg.dataset.state = "loading";  // until the next drawing says otherwise
    T.schedule();
  };
  T.zoomAt = function (factor, px) {  // the date under px stays under px
    var g = T.geo, span = T.view[1] - T.view[0];
    var next = Math.min(Math.max(span * factor, T.MIN_SPAN), T.MAX_SPAN);
    var f = (px - g.L) / (g.R - g.L), t = T.view[0] + f * span;
    T.setView(t - f * next, t - f * next + next);
  };
  T.zoomCentre = function (factor) { T.zoomAt(factor, (T.geo.L + T.geo.R) / 2); };
  T.pan = function (share) { var s = T.view[1] - T.view[0]; T.setView(T.view[0] + share * s, T.view[1] + share * s); };
}
function measure(T) {
  var w = T.svg.clientWidth || 800, h = T.svg.clientHeight || 300;
  var axisY = h - 34, stripTop = axisY - 50;
  T.geo = { w: w, h: h, L: 12, R: w - 12, axisY: axisY, stripTop: stripTop, laneH: 18,
            lanes: Math.max(2, Math.floor((stripTop - 6 - 4) / 18)) };
}

// ---- the drawing ---------------------------------------------------------------------------
function draw(T, source, ui, brush) {
  var svg = T.svg;
  measure(T);
  while (svg.firstChild) { svg.removeChild(svg.firstChild); }
  T.targets = [];
  var layers = { grid: el("g", {}), bands: el("g", {}), marks: el("g", {}), text: el("g", {}) };
  ["grid", "bands", "marks", "text"].forEach(function (k) { svg.appendChild(layers[k]); });
  layers.bands.appendChild(el("rect", { x: 0, y: T.geo.stripTop, width: T.geo.w, height: T.geo.axisY - T.geo.stripTop, "class": "strip" }));
  var boxes = new Boxes(), data = source.data;
  var out = data.mode === "entries" ? entryView(T, data, layers, boxes) : densityView(T, data, layers, boxes);
  drawAxis(T, layers.grid, layers.text, boxes);
  T.targets.sort(function (p, q) { return p.cx - q.cx || p.cy - q.cy; });
  var state = source.need(T.view, out.shown);
  var attrs = { from: Math.round(T.view[0]), to: Math.round(T.view[1]), plotLeft: T.geo.L, plotRight: T.geo.R,
                shown: out.shown, earlier: out.earlier, later: out.later, unit: out.unit, mode: data.mode, state: state };
  Object.keys(attrs).forEach(function (k) { svg.dataset[k] = attrs[k]; });
  var unitEl = byId("tl-unit"), loading = byId("tl-loading");
  if (unitEl) { unitEl.textContent = out.unit; }
  if (loading) { loading.hidden = state !== "loading"; }
  if (T.rangeEl) {
    T.rangeEl.textContent = rangeText(T) + " \u00B7 " + out.shown + " in view" +
      (out.earlier ? " \u00B7 " + out.earlier + " earlier" : "") + (out.later ? " \u00B7 " + out.later + " later" : "") +
      (T.unplaced ? " \u00B7 " + T.unplaced + " with dates the chart cannot read" : "") +
      (state === "error" ? " \u00B7 could not read this view from the server" : "");
  }
  ui.restoreCursor();
  brush.draw();
}

function rangeText(T) {
  var span = T.view[1] - T.view[0];
  var unit = span > 6 * YEAR ? "year" : span > 90 * DAY ? "month" : span > 3 * DAY ? "day" : "hour";
  return fmt(T.view[0], unit) + " \u2013 " + fmt(T.view[1], unit);
}

function entryView(T, data, layers, boxes) {  // the entries themselves
  var v0 = T.view[0], v1 = T.view[1], visible = [], before = null, after = null, nb = 0, na = 0;
  data.items.forEach(function (d) {
    if (d.e <= v0) { nb += 1; if (!before || d.e > before.e) { before = d; } }
    else if (d.s >= v1) { na += 1; if (!after || d.s < after.s) { after = d; } }
    else { visible.push(d); }
  });
  visible.sort(function (a, b) { return a.m - b.m || a.s - b.s; });
  function near(d) { return d ? { t: d.m, label: d.date } : null; }
  var earlier = { n: data.before + nb, nearest: near(before) }, later = { n: data.after + na, nearest: near(after) };
  var edges = edgeSpecs(T, earlier, later);
  var step = drawEntries(T, layers, boxes, visible, edges);
  drawEdges(T, layers.text, edges);
  return { shown: visible.length, earlier: earlier.n, later: later.n, unit: step.name };
}

function densityView(T, data, layers, boxes) {  // counts per bin, and longer periods' bars
  var v0 = T.view[0], v1 = T.view[1], shown = 0;
  var earlier = { n: data.before, nearest: null, e: -Infinity }, later = { n: data.after, nearest: null, s: Infinity };
  function tally(s, e, n) {
    if (e <= v0) {
      earlier.n += n;
      if (e > earlier.e) { earlier.e = e; earlier.nearest = { t: (s + e) / 2, label: fmt(s, "day") }; }
    } else if (s >= v1) {
      later.n += n;
      if (s < later.s) { later.s = s; later.nearest = { t: (s + e) / 2, label: fmt(s, "day") }; }
    } else { shown += n; }
  }
  data.bins.forEach(function (b) { tally(b[0], b[1], b[2]); });
  data.spans.forEach(function (sp) { tally(sp[0], sp[1], sp[2]); });
  var edges = edgeSpecs(T, earlier, later);
  drawDensity(T, layers, boxes, data, edges);
  drawEdges(T, layers.text, edges);
  return { shown: shown, earlier: earlier.n, later: later.n, unit: data.step.name };
}
