// A zoomable timeline of merged happenings that scales to thousands of entries. No
// dependencies, works offline. Its data is the page's own <script id="timeline-data">: every
// dated entry of the filtered set as compact rows [date, entry_id, title, n_sources, kind,
// flags, summary], whatever page of the table is shown.
//
// Level of detail: the view is cut into calendar buckets (hours to centuries, whichever is a
// dozen pixels wide or more). A bucket holding more entries than fit is one grey column whose
// height is its count; otherwise its entries are drawn one by one (a dot, or a bar over the
// period when that is wide: a month, a year, a zoomed-in day), packed into lanes, and labelled
// greedily: a label that would overlap anything is shortened or left out, never drawn over.
// Entries outside the view are counted at its edges. Every entry of the view is thus either a
// mark or counted in a column (the page's tests check the sum).
(function () {
  "use strict";
  var svg = document.getElementById("timeline-chart");
  var dataEl = document.getElementById("timeline-data");
  if (!svg || !dataEl) { return; }
  var NS = "http://www.w3.org/2000/svg";
  var HOUR = 3600000, DAY = 24 * HOUR, YEAR = 365.25 * DAY, MONTH = YEAR / 12;
  var MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  var data = JSON.parse(dataEl.textContent || "{}");
  var tip = document.getElementById("tl-tip");
  var live = document.getElementById("tl-live");
  var rangeEl = document.getElementById("tl-range");
  var unitEl = document.getElementById("tl-unit");

  // ---- dates: "2011", "2011-03", "2011-03-19", "2011-03-19T14", "a/b" for a range -----------
  var DATE = /^(-?\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2})(?::\d{2}(?::\d{2})?)?)?)?)?$/;
  function utc(y, m, d, h) {
    var t = new Date(Date.UTC(y, m, d, h || 0));
    if (y >= 0 && y < 100) { t.setUTCFullYear(t.getUTCFullYear() - 1900); }
    return t.getTime();
  }
  function parsePart(text) {  // [start, end) of one date, in ms
    var p = DATE.exec(text.trim());
    if (!p) { return null; }
    var y = parseInt(p[1], 10);
    if (p[2] === undefined) { return [utc(y, 0, 1), utc(y + 1, 0, 1)]; }
    var m = parseInt(p[2], 10) - 1;
    if (p[3] === undefined) { return [utc(y, m, 1), utc(y, m + 1, 1)]; }
    var d = parseInt(p[3], 10);
    if (p[4] === undefined) { return [utc(y, m, d), utc(y, m, d + 1)]; }
    var h = parseInt(p[4], 10);
    return [utc(y, m, d, h), utc(y, m, d, h + 1)];
  }
  function period(date) {
    var parts = String(date || "").split("/");
    var a = parsePart(parts[0]), b = parts.length > 1 ? parsePart(parts[1]) : a;
    if (!a || !b) { return null; }
    return [a[0], Math.max(b[1], a[0] + HOUR)];
  }

  var unplaced = 0;
  var items = (data.rows || []).map(function (r) {
    var flags = r[5] || [];
    if (flags.indexOf("history") >= 0) { return null; }  // listed in its own section
    var p = period(r[0]);
    if (!p) { unplaced += 1; return null; }
    return { s: p[0], e: p[1], m: (p[0] + p[1]) / 2, date: r[0], id: r[1], title: r[2] || "",
             n: r[3] || 0, kind: r[4] || "", flags: flags, gist: r[6] || "" };
  }).filter(Boolean).sort(function (a, b) { return a.m - b.m || a.s - b.s; });
  if (!items.length) {
    svg.style.display = "none";
    ["tl-zoom-in", "tl-zoom-out", "tl-reset", "tl-all"].forEach(function (id) {
      var b = document.getElementById(id);
      if (b) { b.disabled = true; }
    });
    if (rangeEl) { rangeEl.textContent = "nothing dated to draw"; }
    return;
  }
  var byStart = items.slice().sort(function (a, b) { return a.s - b.s; });
  // buckets are never finer than the finest date there is (days, mostly)
  var finest = items.reduce(function (acc, d) { return Math.min(acc, d.e - d.s); }, Infinity);

  // the whole extent, and the bulk: 2nd to 98th percentile, so one misdated entry does not
  // squeeze the rest against an edge (it is counted there, and "all" or zooming out shows it)
  function padded(lo, hi, share) {
    var pad = Math.max((hi - lo) * share, 12 * HOUR);
    if (hi - lo < 14 * DAY) { pad = Math.max(pad, (14 * DAY - (hi - lo)) / 2); }  // some context
    return [lo - pad, hi + pad];
  }
  var ALL = padded(byStart[0].s, items.reduce(function (a, d) { return Math.max(a, d.e); }, -Infinity), 0.03);
  var BULK = (function () {
    if (items.length < 20) { return ALL.slice(); }
    var lo = items[Math.floor(0.02 * (items.length - 1))].m;
    var hi = items[Math.ceil(0.98 * (items.length - 1))].m;
    var v = padded(lo, hi, 0.05);
    return [Math.max(v[0], ALL[0]), Math.min(v[1], ALL[1])];
  })();
  var MIN_SPAN = 6 * HOUR;
  var MAX_SPAN = Math.max((ALL[1] - ALL[0]) * 3, 30 * DAY);
  var view = BULK.slice();

  // ---- calendar steps (ticks and buckets) --------------------------------------------------
  function parts(t) {
    var d = new Date(t);
    return { y: d.getUTCFullYear(), m: d.getUTCMonth(), d: d.getUTCDate(), h: d.getUTCHours() };
  }
  function hours(k) {
    return { unit: "hour", k: k, approx: k * HOUR, name: k === 1 ? "hour" : k + " hours",
      floor: function (t) { return Math.floor(t / (k * HOUR)) * k * HOUR; },
      next: function (t) { return t + k * HOUR; } };
  }
  function days(k) {  // k days within a month: 1, 1+k, ... (a short remainder joins the next)
    return { unit: "day", k: k, approx: k * DAY, name: k === 1 ? "day" : k + " days",
      floor: function (t) { var p = parts(t); return utc(p.y, p.m, 1 + Math.floor((p.d - 1) / k) * k); },
      next: function (t) {
        var p = parts(t), n = utc(p.y, p.m, p.d + k), end = utc(p.y, p.m + 1, 1);
        return (k > 1 && end - n < k * DAY * 0.6) ? end : n;
      } };
  }
  var WEEK = { unit: "week", k: 7, approx: 7 * DAY, name: "week",  // Monday to Sunday
    floor: function (t) { var dd = Math.floor(t / DAY); return (dd - ((dd + 3) % 7 + 7) % 7) * DAY; },
    next: function (t) { return t + 7 * DAY; } };
  function months(k) {
    var names = { 1: "month", 3: "quarter", 6: "half-year" };
    return { unit: "month", k: k, approx: k * MONTH, name: names[k] || k + " months",
      floor: function (t) { var p = parts(t); return utc(p.y, Math.floor(p.m / k) * k, 1); },
      next: function (t) { var p = parts(t); return utc(p.y, p.m + k, 1); } };
  }
  function years(k) {
    var names = { 1: "year", 10: "decade", 100: "century" };
    return { unit: "year", k: k, approx: k * YEAR, name: names[k] || k + " years",
      floor: function (t) { var p = parts(t); return utc(Math.floor(p.y / k) * k, 0, 1); },
      next: function (t) { var p = parts(t); return utc(p.y + k, 0, 1); } };
  }
  var TICK_STEPS = [hours(1), hours(3), hours(6), hours(12), days(1), days(2), days(7), days(14),
    months(1), months(3), months(6), years(1), years(2), years(5), years(10), years(20),
    years(50), years(100), years(200), years(500), years(1000)];
  var BUCKET_STEPS = [hours(1), hours(3), hours(6), hours(12), days(1), WEEK, months(1), months(3),
    years(1), years(5), years(10), years(50), years(100), years(1000)];
  var TICK_PX = { hour: 46, day: 24, month: 34, year: 40 };

  function two(n) { return (n < 10 ? "0" : "") + n; }
  function fmt(t, unit) {  // a date as precise as ``unit``
    var p = parts(t);
    if (unit === "year") { return String(p.y); }
    if (unit === "month") { return MONTHS[p.m] + " " + p.y; }
    if (unit === "day") { return p.d + " " + MONTHS[p.m] + " " + p.y; }
    return p.d + " " + MONTHS[p.m] + " " + p.y + " " + two(p.h) + ":00";
  }
  function minorLabel(t, unit) {
    var p = parts(t);
    if (unit === "hour") { return two(p.h) + ":00"; }
    if (unit === "day") { return String(p.d); }
    if (unit === "month") { return MONTHS[p.m]; }
    return String(p.y);
  }
  var MAJOR = { hour: days(1), day: months(1), month: years(1) };
  var MAJOR_FMT = { hour: "day", day: "month", month: "year" };

  // ---- drawing helpers ---------------------------------------------------------------------
  function el(name, attrs, text) {
    var node = document.createElementNS(NS, name);
    Object.keys(attrs).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) { node.textContent = text; }  // text, never markup
    return node;
  }
  var canvas = document.createElement("canvas").getContext("2d");
  var family = (function () {
    var probe = el("text", { x: -100, y: -100 }, "x");
    svg.appendChild(probe);
    var f = getComputedStyle(probe).fontFamily || "sans-serif";
    svg.removeChild(probe);
    return f;
  })();
  var widths = new Map();
  function textWidth(s, size, weight) {
    var key = size + "|" + (weight || "") + "|" + s;
    var w = widths.get(key);
    if (w === undefined) {
      canvas.font = (weight ? weight + " " : "") + size + "px " + family;
      w = canvas.measureText(s).width;
      widths.set(key, w);
    }
    return w;
  }
  function fitText(s, size, room) {  // s, or s shortened with an ellipsis, within room px
    if (textWidth(s, size) <= room) { return s; }
    var lo = 0, hi = s.length;
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      if (textWidth(s.slice(0, mid).trimEnd() + "\u2026", size) <= room) { lo = mid; } else { hi = mid - 1; }
    }
    return lo >= 6 ? s.slice(0, lo).trimEnd() + "\u2026" : null;
  }
  function Boxes() { this.list = []; }  // placed text boxes, for labels that must not overlap
  Boxes.prototype.free = function (b) {
    for (var i = 0; i < this.list.length; i++) {
      var o = this.list[i];
      if (b.x0 < o.x1 + 3 && o.x0 < b.x1 + 3 && b.y0 < o.y1 + 1 && o.y0 < b.y1 + 1) { return false; }
    }
    return true;
  };
  Boxes.prototype.add = function (b) { this.list.push(b); };

  // ---- layout and state --------------------------------------------------------------------
  var geo = { w: 800, h: 300, L: 12, R: 788, axisY: 266, stripTop: 214, laneTop: 6, laneH: 18, lanes: 10 };
  var targets = [];  // what the pointer and the keyboard can reach, in x order
  var cursor = null;  // the keyboard's current target: {type, key}
  var queued = false;

  function measure() {
    var w = svg.clientWidth || 800, h = svg.clientHeight || 300;
    var axisY = h - 34, stripTop = axisY - 50;
    geo = { w: w, h: h, L: 12, R: w - 12, axisY: axisY, stripTop: stripTop, laneTop: 4, laneH: 18,
            lanes: Math.max(2, Math.floor((stripTop - 6 - 4) / 18)) };
  }
  function x(t) { return geo.L + (t - view[0]) / (view[1] - view[0]) * (geo.R - geo.L); }
  function timeAt(px) { return view[0] + (px - geo.L) / (geo.R - geo.L) * (view[1] - view[0]); }
  function laneY(i) { return geo.stripTop - 6 - geo.laneH * i - geo.laneH / 2; }  // lane 0 lowest

  function setView(a, b) {
    var span = Math.min(Math.max(b - a, MIN_SPAN), MAX_SPAN);
    if (span !== b - a) { var c = (a + b) / 2; a = c - span / 2; }
    // keep a tenth of the view over the data at least
    var lo = ALL[0] - 0.9 * span, hi = ALL[1] - 0.1 * span;
    a = Math.min(Math.max(a, lo), hi);
    view = [a, a + span];
    schedule();
  }
  function zoomAt(factor, px) {  // the date under px stays under px
    var span = view[1] - view[0];
    var next = Math.min(Math.max(span * factor, MIN_SPAN), MAX_SPAN);
    var f = (px - geo.L) / (geo.R - geo.L), t = view[0] + f * span;
    setView(t - f * next, t - f * next + next);
  }
  function zoomCentre(factor) { zoomAt(factor, (geo.L + geo.R) / 2); }
  function pan(share) { var s = view[1] - view[0]; setView(view[0] + share * s, view[1] + share * s); }
  function schedule() {
    if (queued) { return; }
    queued = true;
    requestAnimationFrame(function () { queued = false; draw(); });
  }

  function stepFor(list, px) {
    var span = view[1] - view[0], perPx = span / (geo.R - geo.L);
    for (var i = 0; i < list.length; i++) {
      var need = typeof px === "number" ? px : px[list[i].unit];
      if (list[i].approx / perPx >= need) { return list[i]; }
    }
    return list[list.length - 1];
  }

  // ---- the drawing -------------------------------------------------------------------------
  function draw() {
    measure();
    while (svg.firstChild) { svg.removeChild(svg.firstChild); }
    targets = [];
    var g = geo, v0 = view[0], v1 = view[1];
    var gGrid = el("g", {}), gBands = el("g", {}), gMarks = el("g", {}), gText = el("g", {});
    svg.appendChild(gGrid); svg.appendChild(gBands); svg.appendChild(gMarks); svg.appendChild(gText);
    gBands.appendChild(el("rect", { x: 0, y: g.stripTop, width: g.w, height: g.axisY - g.stripTop, "class": "strip" }));
    var boxes = new Boxes();  // every text outside the lanes (ticks, counts, edges)

    // what is in view, and what is not: counted at the edges
    var visible = [], earlier = [], later = [];
    for (var i = 0; i < byStart.length; i++) {
      var d = byStart[i];
      if (d.e <= v0) { earlier.push(d); } else if (d.s >= v1) { later.push(d); } else { visible.push(d); }
    }
    visible.sort(function (a, b) { return a.m - b.m || a.s - b.s; });

    // buckets: counts of the entries no wider than a bucket (wider ones are bars)
    var step = stepFor(BUCKET_STEPS.filter(function (st) { return st.approx >= finest * 0.9; }), 12);
    var cap = Math.max(1, Math.floor((x(v0 + step.approx) - x(v0)) / 14)) * g.lanes;
    var fine = [], coarse = [], counts = new Map();
    visible.forEach(function (d) {
      d.bucket = step.floor(Math.min(Math.max(d.m, v0), v1 - 1));
      if (d.e - d.s > step.approx * 1.5) { coarse.push(d); return; }
      counts.set(d.bucket, (counts.get(d.bucket) || 0) + 1);
      fine.push(d);
    });
    var groups = new Map();  // [start, end) -> entries counted in one column
    function count(d, overflow) {  // in its bucket's column
      var key = d.bucket, grp = groups.get(key);
      if (!grp) { grp = { s: key, e: step.next(key), n: 0, wide: 0, overflow: overflow }; groups.set(key, grp); }
      grp.n += 1;
      if (d.wide) { grp.wide += 1; }
    }

    // lanes: marks first (bars, then dots in time order), labels after, greedily. A bucket
    // whose dots do not all fit becomes one column, and the lanes are packed again without it;
    // what then still does not fit is counted as "+N" in its bucket's column.
    var dense = new Set(), edges = edgeSpecs(earlier, later);
    counts.forEach(function (n, key) { if (n > cap) { dense.add(key); } });
    var lanes, marks, spill;
    function fits(lane, a, b) {
      for (var j = 0; j < lane.length; j++) {
        if (a < lane[j][1] + 2 && lane[j][0] < b + 2) { return false; }
      }
      return true;
    }
    function place(d, most) {  // in the lowest lane of the first ``most`` where it fits
      var xs = x(d.s), xe = x(d.e), bar = d.wide || xe - xs >= 120, a, b, r = 0;
      d.bar = bar;
      if (bar) { a = Math.max(xs + 1.5, -4); b = Math.min(xe - 1.5, g.w + 4); } else {  // apart from the next day's
        r = d.n >= 4 ? 6.5 : d.n >= 2 ? 5 : 4;
        // at its period's middle; kept within the plot when only an end of the period is in view
        var cx = Math.min(Math.max(x(d.m), g.L), g.R); a = cx - r - 1; b = cx + r + 1;
      }
      for (var k = 0; k < most; k++) {
        if (fits(lanes[k], a, b)) {
          lanes[k].push([a, b]);
          marks.push({ d: d, lane: k, bar: bar, a: a, b: b, r: r });
          return true;
        }
      }
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
    coarse.sort(function (a, b) { return a.s - b.s; }).forEach(function (d) { d.wide = true; });
    fine.forEach(function (d) { d.wide = false; });
    pack();
    // (a bucket of bars is as wide as its entries' day: zooming in separates them no further,
    // so it keeps what fits and counts the rest)
    var more = spill.filter(function (d) { return !d.wide && !d.bar; });
    if (more.length) {
      more.forEach(function (d) { dense.add(d.bucket); });
      pack();
    }
    fine.forEach(function (d) { if (dense.has(d.bucket)) { count(d, false); } });
    spill.forEach(function (d) { count(d, !dense.has(d.bucket)); });

    // the columns: height is the count, against the tallest in view
    var barMax = g.axisY - g.stripTop - 14, tallest = 0;
    groups.forEach(function (grp) { tallest = Math.max(tallest, grp.n); });
    drawEdges(gText, edges);
    var cols = [];
    groups.forEach(function (grp, key) { cols.push([key, grp]); });
    cols.sort(function (p, q) { return q[1].n - p[1].n; });  // the tallest get their numbers first
    cols.forEach(function (pair) {
      var grp = pair[1], key = pair[0];
      var a = Math.max(x(grp.s), g.L - 2), b = Math.min(x(grp.e), g.R + 2);
      var wide = Math.max(b - a - 2, 2), hh = Math.max(2, Math.round(grp.n / tallest * barMax));
      var left = (a + b) / 2 - wide / 2;
      var rect = el("rect", { x: left, y: g.axisY - hh, width: wide, height: hh,
        "class": "band" + (grp.overflow ? " overflow" : ""), "data-count": grp.n, "data-key": key });
      gBands.appendChild(rect);
      var label = (grp.overflow ? "+" : "") + grp.n, tw = textWidth(label, 10);
      var box = { x0: (a + b) / 2 - tw / 2, x1: (a + b) / 2 + tw / 2, y0: g.axisY - hh - 13, y1: g.axisY - hh - 1 };
      if (box.y0 >= g.stripTop && boxes.free(box)) {
        boxes.add(box);
        gText.appendChild(el("text", { x: (a + b) / 2, y: g.axisY - hh - 3, "class": "count" }, label));
      }
      targets.push({ type: "band", key: key, grp: grp, el: rect, cx: (a + b) / 2, cy: g.axisY - hh / 2,
                     x0: Math.min(left, (a + b) / 2 - 6), x1: Math.max(left + wide, (a + b) / 2 + 6),
                     y0: g.stripTop, y1: g.axisY });
    });

    // the marks
    marks.forEach(function (mk) {
      var d = mk.d, cy = laneY(mk.lane), node;
      var cls = "happening" + (d.n > 1 ? " multi" : "") + (d.flags.length ? " flagged" : "") +
                (d.kind === "visit" ? " visit" : "");
      if (mk.bar) {
        node = el("rect", { x: mk.a, y: cy - 6, width: Math.max(mk.b - mk.a, 2), height: 12, rx: 3,
                            "class": cls + " span", "data-entry": d.id });
      } else {
        node = el("circle", { cx: (mk.a + mk.b) / 2, cy: cy, r: mk.r, "class": cls, "data-entry": d.id });
      }
      gMarks.appendChild(node);
      mk.el = node;
      targets.push({ type: "item", key: d.id, d: d, el: node, cx: mk.bar ? Math.max(mk.a, g.L) + 6 : (mk.a + mk.b) / 2,
                     cy: cy, x0: mk.a - 3, x1: mk.b + 3, y0: cy - 8, y1: cy + 8 });
    });
    // the labels: more sources first, then in time order; never over a mark or a label
    marks.slice().sort(function (p, q) { return q.d.n - p.d.n || p.d.m - q.d.m; }).forEach(function (mk) {
      var lane = lanes[mk.lane], cy = laneY(mk.lane), title = mk.d.title.slice(0, 60);
      if (mk.bar) {
        var va = Math.max(mk.a, g.L), vb = Math.min(mk.b, g.R);
        var inside = fitText(title, 11, vb - va - 8);
        if (inside) {
          gText.appendChild(el("text", { x: va + 4, y: cy + 4, "class": "label in-bar" }, inside));
          return;
        }
      }
      // to the right of the mark if the whole title fits there, else to its left, else the
      // side with more room, shortened
      var right = room(lane, mk, 1), left = room(lane, mk, -1), full = Math.min(textWidth(title, 11), 260);
      var side = right >= full ? 1 : left >= full ? -1 : right >= left ? 1 : -1;
      var text = fitText(title, 11, Math.min(side > 0 ? right : left, 260));
      if (!text) { return; }
      var tw = textWidth(text, 11), tx = side > 0 ? mk.b + 3 : mk.a - 3 - tw;
      lane.push([tx, tx + tw]);
      gText.appendChild(el("text", { x: tx, y: cy + 4, "class": "label" }, text));
    });

    drawAxis(gGrid, gText, boxes);
    targets.sort(function (p, q) { return p.cx - q.cx || p.cy - q.cy; });
    var shown = visible.length;
    svg.setAttribute("data-from", Math.round(v0));
    svg.setAttribute("data-to", Math.round(v1));
    svg.setAttribute("data-plot-left", g.L);
    svg.setAttribute("data-plot-right", g.R);
    svg.setAttribute("data-shown", shown);
    svg.setAttribute("data-earlier", earlier.length);
    svg.setAttribute("data-later", later.length);
    svg.setAttribute("data-unit", step.name);
    if (unitEl) { unitEl.textContent = step.name; }
    if (rangeEl) {
      rangeEl.textContent = rangeText() + " · " + shown + " in view" +
        (earlier.length ? " · " + earlier.length + " earlier" : "") +
        (later.length ? " · " + later.length + " later" : "") +
        (unplaced ? " · " + unplaced + " with dates the chart cannot read" : "");
    }
    restoreCursor();
  }

  function room(lane, mk, dir) {  // free pixels in the lane beside a mark, rightwards or leftwards
    var a = dir > 0 ? mk.b + 3 : mk.a - 3, limit = dir > 0 ? geo.w - 2 : 2;
    if (a < 2 || a > geo.w - 2) { return 0; }
    for (var j = 0; j < lane.length; j++) {
      var o = lane[j];
      if (o[0] === mk.a && o[1] === mk.b) { continue; }
      if (o[1] + 3 > a && o[0] - 3 < a) { return 0; }
      if (dir > 0 && o[0] >= a) { limit = Math.min(limit, o[0] - 4); }
      if (dir < 0 && o[1] <= a) { limit = Math.max(limit, o[1] + 4); }
    }
    return dir > 0 ? limit - a : a - limit;
  }

  function rangeText() {
    var span = view[1] - view[0];
    var unit = span > 6 * YEAR ? "year" : span > 90 * DAY ? "month" : span > 3 * DAY ? "day" : "hour";
    return fmt(view[0], unit) + " \u2013 " + fmt(view[1], unit);
  }

  // the counts of entries beyond each edge, in the top lane's corners (kept free of marks)
  function edgeSpecs(earlier, later) {
    var g = geo, y = laneY(g.lanes - 1) + 4, out = [];
    [[earlier, "\u25C0 " + earlier.length + " earlier", -1], [later, later.length + " later \u25B6", 1]]
      .forEach(function (spec) {
        if (!spec[0].length) { return; }
        var tw = textWidth(spec[1], 11, "600"), x0 = spec[2] < 0 ? g.L : g.R - tw;
        out.push({ list: spec[0], label: spec[1], dir: spec[2], x0: x0, x1: x0 + tw, y: y });
      });
    return out;
  }
  function drawEdges(gText, edges) {
    edges.forEach(function (e) {
      var key = e.dir < 0 ? "earlier" : "later";
      var node = el("text", { x: e.x0, y: e.y, "class": "edge", "data-edge": key }, e.label);
      gText.appendChild(node);
      targets.push({ type: "edge", key: key, dir: e.dir, list: e.list, el: node, cx: (e.x0 + e.x1) / 2,
                     cy: e.y - 4, x0: e.x0 - 4, x1: e.x1 + 4, y0: e.y - 14, y1: e.y + 5 });
    });
  }

  function drawAxis(gGrid, gText, boxes) {
    var g = geo, v0 = view[0], v1 = view[1];
    gGrid.appendChild(el("line", { x1: 0, x2: g.w, y1: g.axisY, y2: g.axisY, "class": "axis" }));
    var step = stepFor(TICK_STEPS, TICK_PX), n = 0, t;
    var minorY = g.axisY + 14, majorY = g.axisY + 28;
    var major = MAJOR[step.unit];
    var majors = [];
    if (major) {
      for (t = major.next(major.floor(v0)); t < v1 && n < 400; t = major.next(t), n++) { majors.push(t); }
      majors.forEach(function (mt) {
        var mx = x(mt);
        gGrid.appendChild(el("line", { x1: mx, x2: mx, y1: 0, y2: g.axisY + 18, "class": "grid major" }));
        tickText(gText, boxes, mx + 3, majorY, fmt(mt, MAJOR_FMT[step.unit]), true);
      });
      // the period the view starts in, at the left edge, when it does not hide the next one
      tickText(gText, boxes, 2, majorY, fmt(v0, MAJOR_FMT[step.unit]), true);
    }
    n = 0;
    for (t = step.floor(v0); t <= v1 && n < 400; t = step.next(t), n++) {
      var tx = x(t);
      if (tx < 0 || tx > g.w) { continue; }
      gGrid.appendChild(el("line", { x1: tx, x2: tx, y1: g.axisY, y2: g.axisY + 4, "class": "axis" }));
      if (!major) { gGrid.appendChild(el("line", { x1: tx, x2: tx, y1: 0, y2: g.axisY, "class": "grid" })); }
      tickText(gText, boxes, tx, minorY, minorLabel(t, step.unit), false);
    }
  }
  function tickText(gText, boxes, tx, y, label, major) {
    var tw = textWidth(label, 11, major ? "600" : "");
    var x0 = major ? tx : tx - tw / 2;
    if (x0 < 1 || x0 + tw > geo.w - 1) { return; }
    var box = { x0: x0, x1: x0 + tw, y0: y - 11, y1: y + 3 };
    if (!boxes.free(box)) { return; }
    boxes.add(box);
    gText.appendChild(el("text", { x: tx, y: y, "class": "tick" + (major ? " major" : "") }, label));
  }

  // ---- tooltips, the keyboard cursor, actions ----------------------------------------------
  function describe(tg) {
    if (tg.type === "item") {
      var d = tg.d, meta = d.date + " \u00B7 " + d.n + " source" + (d.n === 1 ? "" : "s") +
        (d.kind === "visit" ? " \u00B7 a visit" : "") + (d.flags.length ? " \u00B7 " + d.flags.join(", ") : "");
      return { head: d.title, meta: meta, body: d.gist, act: "Enter or click opens it" };
    }
    if (tg.type === "band") {
      var grp = tg.grp, len = grp.e - grp.s;
      var unit = len >= 360 * DAY ? "year" : len >= 28 * DAY ? "month" : len >= DAY ? "day" : "hour";
      var one = { year: YEAR, month: MONTH, day: DAY, hour: HOUR }[unit];
      var head = len > 1.5 * one ? fmt(grp.s, unit) + " \u2013 " + fmt(grp.e - 1, unit) : fmt(grp.s, unit);
      var meta = grp.n + " entr" + (grp.n === 1 ? "y" : "ies") + (grp.overflow ? " more than the lanes hold" : "") +
        (grp.wide ? " (" + grp.wide + " dated only to a longer period around it)" : "");
      return { head: head, meta: meta,
               body: "", act: canZoomInto(grp) ? "Enter or click zooms in" : "Enter or click lists them in the table" };
    }
    var first = nearest(tg);
    return { head: tg.list.length + " entr" + (tg.list.length === 1 ? "y" : "ies") + (tg.dir < 0 ? " before" : " after") + " the view",
             meta: "nearest: " + first.date, body: "", act: "Enter or click pans to the nearest; End shows all" };
  }
  function showTip(tg, announce) {
    var info = describe(tg);
    if (announce && live) { live.textContent = [info.head, info.meta, info.body, info.act].filter(Boolean).join(". "); }
    if (!tip) { return; }
    while (tip.firstChild) { tip.removeChild(tip.firstChild); }
    var b = document.createElement("b"); b.textContent = info.head; tip.appendChild(b);
    var m = document.createElement("span"); m.className = "tl-tip-meta"; m.textContent = info.meta; tip.appendChild(m);
    if (info.body) { var p = document.createElement("div"); p.textContent = info.body; tip.appendChild(p); }
    var a = document.createElement("div"); a.className = "tl-tip-meta"; a.textContent = info.act; tip.appendChild(a);
    tip.hidden = false;
    var tw = tip.offsetWidth, th = tip.offsetHeight, w = geo.w;
    var left = Math.min(Math.max(tg.cx + 12, 4), w - tw - 4);
    if (tg.cx + 12 + tw > w - 4 && tg.cx - 12 - tw >= 4) { left = tg.cx - 12 - tw; }
    var top = tg.cy - th - 10;
    if (top < 0) { top = tg.cy + 14; }
    tip.style.left = Math.max(0, left) + "px";
    tip.style.top = top + "px";
  }
  function hideTip() { if (tip) { tip.hidden = true; } }

  function hit(px, py) {
    var best = null, bestD = Infinity;
    targets.forEach(function (tg) {
      if (px < tg.x0 - 4 || px > tg.x1 + 4 || py < tg.y0 - 4 || py > tg.y1 + 4) { return; }
      var dd = Math.abs(px - Math.min(Math.max(px, tg.x0), tg.x1)) + Math.abs(py - tg.cy) / 4 +
        (tg.type === "item" ? 0 : 3);
      if (dd < bestD) { bestD = dd; best = tg; }
    });
    return best;
  }
  function canZoomInto(grp) { return view[1] - view[0] > MIN_SPAN * 1.01 && (grp.e - grp.s) * 1.2 < (view[1] - view[0]) * 0.9; }
  function listPeriod(grp) {  // the table, filtered to the column's days
    var q = new URLSearchParams(window.location.search);
    var day = function (t) { var p = parts(t); return p.y + "-" + two(p.m + 1) + "-" + two(p.d); };
    q.set("from", day(grp.s)); q.set("to", day(grp.e - 1)); q.delete("cursor");
    window.location.href = window.location.pathname + "?" + q.toString();
  }
  function activate(tg) {
    if (!tg) { return; }
    if (tg.type === "item") { window.location.href = "/timeline/" + encodeURIComponent(tg.d.id); return; }
    if (tg.type === "band") {
      var grp = tg.grp;
      if (!canZoomInto(grp)) { listPeriod(grp); return; }
      var pad = (grp.e - grp.s) * 0.1;
      cursor = null; hideTip();
      setView(grp.s - pad, grp.e + pad);
      return;
    }
    var span = view[1] - view[0], t = nearest(tg).m;  // the nearest at a fifth from that edge
    cursor = null; hideTip();
    setView(t - (tg.dir < 0 ? 0.2 : 0.8) * span, t + (tg.dir < 0 ? 0.8 : 0.2) * span);
  }
  function nearest(tg) {  // of the entries beyond an edge, the one closest to the view
    if (tg.dir > 0) { return tg.list[0]; }
    return tg.list.reduce(function (a, d) { return d.e > a.e ? d : a; });
  }
  function cursorTarget() {
    if (!cursor) { return null; }
    for (var i = 0; i < targets.length; i++) {
      if (targets[i].type === cursor.type && targets[i].key === cursor.key) { return targets[i]; }
    }
    return null;
  }
  var ring = null;
  function restoreCursor() {
    var tg = cursorTarget();
    if (!tg) { hideTip(); cursor = null; return; }
    markCursor(tg, false);
  }
  function markCursor(tg, announce) {
    if (ring && ring.parentNode) { ring.parentNode.removeChild(ring); }
    svg.querySelectorAll(".cur").forEach(function (n) { n.classList.remove("cur"); });
    tg.el.classList.add("cur");
    ring = el("rect", { x: tg.x0 - 2, y: tg.y0 - 2, width: tg.x1 - tg.x0 + 4, height: tg.y1 - tg.y0 + 4, rx: 4, "class": "cur-ring" });
    svg.appendChild(ring);
    showTip(tg, announce);
  }
  function moveCursor(dir) {
    if (!targets.length) { return; }
    var cur = cursorTarget(), idx;
    if (!cur) {
      var mid = (geo.L + geo.R) / 2;
      idx = 0;
      targets.forEach(function (tg, i) { if (Math.abs(tg.cx - mid) < Math.abs(targets[idx].cx - mid)) { idx = i; } });
    } else {
      idx = targets.indexOf(cur) + dir;
      if (idx < 0 || idx >= targets.length) { idx = Math.min(Math.max(idx, 0), targets.length - 1); }
    }
    var tg = targets[idx];
    cursor = { type: tg.type, key: tg.key };
    markCursor(tg, true);
  }

  // ---- input: pointer (mouse, pen, touch: drag pans, pinch zooms), wheel, keyboard -----------
  function local(ev) {
    var r = svg.getBoundingClientRect();
    return { x: ev.clientX - r.left, y: ev.clientY - r.top };
  }
  var pointers = new Map(), gesture = null, moved = false;
  function begin() {
    var ps = Array.from(pointers.values());
    if (ps.length === 1) {
      gesture = { kind: "pan", x: ps[0].x, view: view.slice() };
    } else if (ps.length >= 2) {
      gesture = { kind: "pinch", d: Math.max(Math.abs(ps[0].x - ps[1].x), 1), mid: (ps[0].x + ps[1].x) / 2, view: view.slice() };
      moved = true;
    }
  }
  svg.addEventListener("pointerdown", function (ev) {
    if (ev.pointerType === "mouse" && ev.button !== 0) { return; }
    try { svg.setPointerCapture(ev.pointerId); } catch (err) { /* a synthetic event */ }
    if (!pointers.size) { moved = false; }
    pointers.set(ev.pointerId, local(ev));
    begin();
  });
  svg.addEventListener("pointermove", function (ev) {
    var p = local(ev);
    if (!pointers.has(ev.pointerId)) {  // hovering
      if (ev.pointerType !== "mouse") { return; }
      var tg = hit(p.x, p.y);
      if (tg) { showTip(tg, false); } else if (!cursorTarget()) { hideTip(); } else { showTip(cursorTarget(), false); }
      return;
    }
    pointers.set(ev.pointerId, p);
    var span, gv = gesture.view;
    if (gesture.kind === "pan") {
      var dx = p.x - gesture.x;
      if (Math.abs(dx) > 3) { moved = true; svg.classList.add("dragging"); hideTip(); }
      if (moved) {
        span = gv[1] - gv[0];
        var shift = dx / (geo.R - geo.L) * span;
        setView(gv[0] - shift, gv[1] - shift);
      }
    } else {
      var ps = Array.from(pointers.values());
      var dist = Math.max(Math.abs(ps[0].x - ps[1].x), 1), mid = (ps[0].x + ps[1].x) / 2;
      span = gv[1] - gv[0];
      var f0 = (gesture.mid - geo.L) / (geo.R - geo.L), t = gv[0] + f0 * span;
      var next = Math.min(Math.max(span * gesture.d / dist, MIN_SPAN), MAX_SPAN);
      var f1 = (mid - geo.L) / (geo.R - geo.L);
      setView(t - f1 * next, t - f1 * next + next);
    }
  });
  function end(ev) {
    if (!pointers.has(ev.pointerId)) { return; }
    var p = pointers.get(ev.pointerId);
    pointers.delete(ev.pointerId);
    if (pointers.size) { begin(); return; }
    svg.classList.remove("dragging");
    gesture = null;
    if (!moved && ev.type === "pointerup") { activate(hit(p.x, p.y)); }
  }
  svg.addEventListener("pointerup", end);
  svg.addEventListener("pointercancel", end);
  svg.addEventListener("pointerleave", function (ev) {
    if (ev.pointerType === "mouse" && !pointers.size) { var c = cursorTarget(); if (c) { showTip(c, false); } else { hideTip(); } }
  });
  svg.addEventListener("wheel", function (ev) {
    var unit = ev.deltaMode === 1 ? 16 : ev.deltaMode === 2 ? 400 : 1;
    var dx = ev.deltaX * unit, dy = ev.deltaY * unit;
    ev.preventDefault();
    if (Math.abs(dx) > Math.abs(dy)) { pan(dx / (geo.R - geo.L)); return; }
    var factor = Math.min(Math.max(Math.exp(dy * 0.0015), 0.5), 2);
    zoomAt(factor, local(ev).x);
  }, { passive: false });

  svg.addEventListener("keydown", function (ev) {
    if (ev.altKey || ev.ctrlKey || ev.metaKey) { return; }
    var k = ev.key, done = true;
    if (k === "ArrowLeft") { pan(ev.shiftKey ? -0.5 : -0.15); }
    else if (k === "ArrowRight") { pan(ev.shiftKey ? 0.5 : 0.15); }
    else if (k === "+" || k === "=") { zoomCentre(0.5); }
    else if (k === "-" || k === "_" || k === "\u2212") { zoomCentre(2); }
    else if (k === "Home") { setView(BULK[0], BULK[1]); }
    else if (k === "End") { setView(ALL[0], ALL[1]); }
    else if (k === "," || k === "<") { moveCursor(-1); }
    else if (k === "." || k === ">") { moveCursor(1); }
    else if (k === "Enter" || k === " ") { activate(cursorTarget()); }
    else if (k === "Escape") { cursor = null; hideTip(); schedule(); }
    else { done = false; }
    if (done) { ev.preventDefault(); announceView(); }
  });
  var announceTimer = null;
  function announceView() {
    clearTimeout(announceTimer);
    announceTimer = setTimeout(function () {
      if (live && !cursorTarget() && rangeEl) { live.textContent = rangeEl.textContent; }
    }, 400);
  }
  svg.addEventListener("focus", function () {
    if (svg.matches(":focus-visible") && !cursorTarget()) { moveCursor(0); }
  });
  svg.addEventListener("blur", function () { hideTip(); });

  function button(id, fn) {
    var b = document.getElementById(id);
    if (b) { b.addEventListener("click", function () { fn(); announceView(); }); }
  }
  button("tl-zoom-in", function () { zoomCentre(0.5); });
  button("tl-zoom-out", function () { zoomCentre(2); });
  button("tl-reset", function () { setView(BULK[0], BULK[1]); });
  button("tl-all", function () { setView(ALL[0], ALL[1]); });
  if (window.ResizeObserver) { new ResizeObserver(schedule).observe(svg); } else { window.addEventListener("resize", schedule); }
  draw();
})();
