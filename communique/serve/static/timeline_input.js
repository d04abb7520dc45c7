// The timeline chart's input and its tooltips: pointer (mouse, pen, touch: drag pans, pinch
// zooms), wheel (zoom at the pointer), keyboard (arrows pan, + and - zoom, Home and End fit,
// , and . step through what is drawn, Enter opens), and the buttons. Tooltips show on hover
// and for the keyboard's current mark, and are announced to screen readers.
import { parts, periodText, two } from "./timeline_time.js";
import { el } from "./timeline_svg.js";

function describe(T, tg) {
  if (tg.type === "item") {
    var d = tg.d, meta = d.date + " \u00B7 " + d.n + " source" + (d.n === 1 ? "" : "s") +
      (d.kind === "visit" ? " \u00B7 a visit" : "") + (d.flags.length ? " \u00B7 " + d.flags.join(", ") : "");
    return { head: d.title, meta: meta, body: d.gist, act: "Enter or click opens it" };
  }
  if (tg.type === "band") {
    var grp = tg.grp;
    var meta2 = grp.n + " entr" + (grp.n === 1 ? "y" : "ies") +
      (grp.span ? " dated only to this period" : "") + (grp.overflow ? " more than the lanes hold" : "") +
      (grp.wide && !grp.span ? " (" + grp.wide + " dated only to a longer period around it)" : "");
    return { head: periodText(grp.s, grp.e), meta: meta2, body: "",
             act: canZoomInto(T, grp) ? "Enter or click zooms in" : "Enter or click lists them in the table" };
  }
  return { head: tg.n + " entr" + (tg.n === 1 ? "y" : "ies") + (tg.dir < 0 ? " before" : " after") + " the view",
           meta: tg.nearest ? "nearest: " + tg.nearest.label : "", body: "",
           act: "Enter or click pans towards them; End shows all" };
}

export function Input(T) {
  this.T = T;
  this.ring = null;
  this.announceTimer = null;
}

Input.prototype.showTip = function (tg, announce) {
  var T = this.T, info = describe(T, tg), tip = T.tip;
  if (announce && T.live) { T.live.textContent = [info.head, info.meta, info.body, info.act].filter(Boolean).join(". "); }
  if (!tip) { return; }
  while (tip.firstChild) { tip.removeChild(tip.firstChild); }
  var b = document.createElement("b"); b.textContent = info.head; tip.appendChild(b);
  var m = document.createElement("span"); m.className = "tl-tip-meta"; m.textContent = info.meta; tip.appendChild(m);
  if (info.body) { var p = document.createElement("div"); p.textContent = info.body; tip.appendChild(p); }
  var a = document.createElement("div"); a.className = "tl-tip-meta"; a.textContent = info.act; tip.appendChild(a);
  tip.hidden = false;
  var tw = tip.offsetWidth, th = tip.offsetHeight, w = T.geo.w;
  var left = Math.min(Math.max(tg.cx + 12, 4), w - tw - 4);
  if (tg.cx + 12 + tw > w - 4 && tg.cx - 12 - tw >= 4) { left = tg.cx - 12 - tw; }
  var top = tg.cy - th - 10;
  if (top < 0) { top = tg.cy + 14; }
  tip.style.left = Math.max(0, left) + "px";
  tip.style.top = top + "px";
};
Input.prototype.hideTip = function () { if (this.T.tip) { this.T.tip.hidden = true; } };

Input.prototype.hit = function (px, py) {
  var best = null, bestD = Infinity;
  this.T.targets.forEach(function (tg) {
    if (px < tg.x0 - 4 || px > tg.x1 + 4 || py < tg.y0 - 4 || py > tg.y1 + 4) { return; }
    var dd = Math.abs(px - Math.min(Math.max(px, tg.x0), tg.x1)) + Math.abs(py - tg.cy) / 4 +
      (tg.type === "item" ? 0 : 3);
    if (dd < bestD) { bestD = dd; best = tg; }
  });
  return best;
};

function canZoomInto(T, grp) {
  var span = T.view[1] - T.view[0];
  return span > T.MIN_SPAN * 1.01 && (grp.e - grp.s) * 1.2 < span * 0.9;
}
function listPeriod(grp) {  // the table, filtered to the column's days
  var q = new URLSearchParams(window.location.search);
  var day = function (t) { var p = parts(t); return p.y + "-" + two(p.m + 1) + "-" + two(p.d); };
  q.set("from", day(grp.s)); q.set("to", day(grp.e - 1)); q.delete("cursor");
  window.location.href = window.location.pathname + "?" + q.toString();
}

Input.prototype.activate = function (tg) {
  var T = this.T;
  if (!tg) { return; }
  if (tg.type === "item") { window.location.href = "/timeline/" + encodeURIComponent(tg.d.id); return; }
  T.cursor = null; this.hideTip();
  var span = T.view[1] - T.view[0];
  if (tg.type === "band") {
    var grp = tg.grp;
    if (!canZoomInto(T, grp)) { listPeriod(grp); return; }
    var pad = (grp.e - grp.s) * 0.1;
    T.setView(grp.s - pad, grp.e + pad);
    return;
  }
  if (!tg.nearest) { T.pan(tg.dir * 0.8); return; }
  var t = tg.nearest.t;  // the nearest at a fifth from that edge
  T.setView(t - (tg.dir < 0 ? 0.2 : 0.8) * span, t + (tg.dir < 0 ? 0.8 : 0.2) * span);
};

Input.prototype.cursorTarget = function () {
  var cur = this.T.cursor, targets = this.T.targets;
  if (!cur) { return null; }
  for (var i = 0; i < targets.length; i++) {
    if (targets[i].type === cur.type && targets[i].key === cur.key) { return targets[i]; }
  }
  return null;
};
Input.prototype.restoreCursor = function () {
  var tg = this.cursorTarget();
  if (!tg) { this.hideTip(); this.T.cursor = null; return; }
  this.markCursor(tg, false);
};
Input.prototype.markCursor = function (tg, announce) {
  var svg = this.T.svg;
  if (this.ring && this.ring.parentNode) { this.ring.parentNode.removeChild(this.ring); }
  svg.querySelectorAll(".cur").forEach(function (n) { n.classList.remove("cur"); });
  tg.el.classList.add("cur");
  this.ring = el("rect", { x: tg.x0 - 2, y: tg.y0 - 2, width: tg.x1 - tg.x0 + 4, height: tg.y1 - tg.y0 + 4, rx: 4, "class": "cur-ring" });
  svg.appendChild(this.ring);
  this.showTip(tg, announce);
};
Input.prototype.moveCursor = function (dir) {
  var T = this.T, targets = T.targets;
  if (!targets.length) { return; }
  var cur = this.cursorTarget(), idx;
  if (!cur) {
    var mid = (T.geo.L + T.geo.R) / 2;
    idx = 0;
    targets.forEach(function (tg, i) { if (Math.abs(tg.cx - mid) < Math.abs(targets[idx].cx - mid)) { idx = i; } });
  } else {
    idx = Math.min(Math.max(targets.indexOf(cur) + dir, 0), targets.length - 1);
  }
  var tg = targets[idx];
  T.cursor = { type: tg.type, key: tg.key };
  this.markCursor(tg, true);
};
Input.prototype.announceView = function () {
  var T = this.T, self = this;
  clearTimeout(this.announceTimer);
  this.announceTimer = setTimeout(function () {
    if (T.live && !self.cursorTarget() && T.rangeEl) { T.live.textContent = T.rangeEl.textContent; }
  }, 400);
};
