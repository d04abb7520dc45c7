// An interactive, zoomable timeline of merged happenings. No dependencies, works offline.
// Data comes from the page itself (a JSON script element), so the chart and the table agree.
(function () {
  "use strict";
  var svg = document.getElementById("timeline-chart");
  var dataEl = document.getElementById("timeline-data");
  if (!svg || !dataEl) { return; }
  var NS = "http://www.w3.org/2000/svg";
  var entries = JSON.parse(dataEl.textContent || "[]");

  function toTime(date) {  // "2018", "2018-09", "2018-09-06" -> ms at the middle of the period
    var p = String(date || "").split("/")[0].split("-");
    var y = parseInt(p[0], 10);
    if (isNaN(y)) { return null; }
    if (p.length === 1) { return Date.UTC(y, 6, 1); }
    var m = parseInt(p[1], 10) - 1;
    if (p.length === 2) { return Date.UTC(y, m, 15); }
    return Date.UTC(y, m, parseInt(p[2], 10));
  }
  // history mentioned in passing has its own section: it would stretch the corpus's axis
  var items = entries.filter(function (e) { return (e.flags || []).indexOf("history") < 0; })
                     .map(function (e) { return { e: e, t: toTime(e.date) }; })
                     .filter(function (d) { return d.t !== null; })
                     .sort(function (a, b) { return a.t - b.t; });
  if (!items.length) { svg.style.display = "none"; return; }
  var DAY = 86400000;
  var full = [items[0].t - 180 * DAY, items[items.length - 1].t + 180 * DAY];
  var view = full.slice();

  function el(name, attrs, text) {
    var node = document.createElementNS(NS, name);
    Object.keys(attrs).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) { node.textContent = text; }  // text, never markup
    return node;
  }
  function ticks(w) {
    var span = view[1] - view[0], out = [];
    var years = span / (365.25 * DAY);
    var y0 = new Date(view[0]).getUTCFullYear(), y1 = new Date(view[1]).getUTCFullYear();
    if (years > 2) {
      var step = Math.max(1, Math.ceil(years / (w / 70)));
      for (var y = y0; y <= y1; y += step) { out.push([Date.UTC(y, 0, 1), String(y)]); }
    } else {
      var months = Math.max(1, Math.ceil(years * 12 / (w / 70)));
      for (var t = Date.UTC(y0, 0, 1); t <= view[1]; ) {
        var d = new Date(t);
        out.push([t, d.getUTCFullYear() + "-" + String(d.getUTCMonth() + 1).padStart(2, "0")]);
        t = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, 1);
      }
    }
    return out;
  }
  function draw() {
    while (svg.firstChild) { svg.removeChild(svg.firstChild); }
    var w = svg.clientWidth || 800, h = svg.clientHeight || 240, axisY = h - 24;
    var x = function (t) { return 20 + (t - view[0]) / (view[1] - view[0]) * (w - 200); };
    svg.appendChild(el("line", { x1: 0, x2: w, y1: axisY, y2: axisY, "class": "axis" }));
    ticks(w).forEach(function (tk) {
      var tx = x(tk[0]);
      if (tx < 0 || tx > w) { return; }
      svg.appendChild(el("line", { x1: tx, x2: tx, y1: axisY, y2: axisY + 4, "class": "axis" }));
      svg.appendChild(el("text", { x: tx, y: axisY + 16, "class": "tick" }, tk[1]));
    });
    var lanes = [];  // the right edge of the last label in each lane
    items.forEach(function (d) {
      var cx = x(d.t);
      if (cx < -10 || cx > w + 10) { return; }
      var label = d.e.title || "";
      var width = Math.min(label.length, 28) * 6 + 12;
      var lane = 0;
      while (lane < lanes.length && lanes[lane] > cx) { lane += 1; }
      lanes[lane] = cx + width;
      var cy = axisY - 14 - (lane % 9) * 22;
      var a = el("a", { href: "/timeline/" + encodeURIComponent(d.e.entry_id), "class": "happening-link" });
      var dot = el("circle", { cx: cx, cy: cy, r: 6,
        "class": "happening" + ((d.e.n_sources || 0) > 1 ? " multi" : ""),
        "data-entry": d.e.entry_id });
      dot.appendChild(el("title", {}, d.e.date + " " + label + " (" + (d.e.n_sources || 0) + " sources)"));
      a.appendChild(dot);
      a.appendChild(el("text", { x: cx + 9, y: cy + 4, "class": "label" },
        label.length > 28 ? label.slice(0, 27) + "\u2026" : label));
      svg.appendChild(a);
    });
  }
  function zoom(factor, centre) {
    var span = view[1] - view[0];
    var c = centre === undefined ? view[0] + span / 2 : centre;
    var next = Math.max(Math.min(span * factor, (full[1] - full[0]) * 4), 7 * DAY);
    var f = (c - view[0]) / span;
    view = [c - f * next, c + (1 - f) * next];
    draw();
  }
  svg.addEventListener("wheel", function (ev) {
    ev.preventDefault();
    var r = svg.getBoundingClientRect();
    var centre = view[0] + (ev.clientX - r.left) / r.width * (view[1] - view[0]);
    zoom(ev.deltaY < 0 ? 0.8 : 1.25, centre);
  }, { passive: false });
  var drag = null;
  svg.addEventListener("mousedown", function (ev) { drag = { x: ev.clientX, view: view.slice() }; });
  window.addEventListener("mouseup", function () { drag = null; });
  window.addEventListener("mousemove", function (ev) {
    if (!drag) { return; }
    var shift = (ev.clientX - drag.x) / svg.getBoundingClientRect().width * (drag.view[1] - drag.view[0]);
    view = [drag.view[0] - shift, drag.view[1] - shift];
    draw();
  });
  document.getElementById("tl-zoom-in").addEventListener("click", function () { zoom(0.5); });
  document.getElementById("tl-zoom-out").addEventListener("click", function () { zoom(2); });
  document.getElementById("tl-reset").addEventListener("click", function () { view = full.slice(); draw(); });
  window.addEventListener("resize", draw);
  draw();
})();
