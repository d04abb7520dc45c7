// SVG helpers for the timeline chart: elements (text only ever as text), text widths measured
// once, titles shortened to fit, and placed boxes that labels must not overlap.

var NS = "http://www.w3.org/2000/svg";

export function el(name, attrs, text) {
  var node = document.createElementNS(NS, name);
  Object.keys(attrs).forEach(function (k) { node.setAttribute(k, attrs[k]); });
  if (text !== undefined) { node.textContent = text; }  // text, never markup
  return node;
}

var canvas = null, family = "sans-serif";
var widths = new Map();
export function measureIn(svg) {  // the chart's font, read once
  canvas = document.createElement("canvas").getContext("2d");
  var probe = el("text", { x: -100, y: -100 }, "x");
  svg.appendChild(probe);
  family = getComputedStyle(probe).fontFamily || "sans-serif";
  svg.removeChild(probe);
}
export function textWidth(s, size, weight) {
  var key = size + "|" + (weight || "") + "|" + s;
  var w = widths.get(key);
  if (w === undefined) {
    canvas.font = (weight ? weight + " " : "") + size + "px " + family;
    w = canvas.measureText(s).width;
    widths.set(key, w);
  }
  return w;
}
export function fitText(s, size, room) {  // s, or s shortened with an ellipsis, within room px
  if (textWidth(s, size) <= room) { return s; }
  var lo = 0, hi = s.length;
  while (lo < hi) {
    var mid = (lo + hi + 1) >> 1;
    if (textWidth(s.slice(0, mid).trimEnd() + "\u2026", size) <= room) { lo = mid; } else { hi = mid - 1; }
  }
  return lo >= 6 ? s.slice(0, lo).trimEnd() + "\u2026" : null;
}

export function Boxes() { this.list = []; }  // placed text boxes, for labels that must not overlap
Boxes.prototype.free = function (b) {
  for (var i = 0; i < this.list.length; i++) {
    var o = this.list[i];
    if (b.x0 < o.x1 + 3 && o.x0 < b.x1 + 3 && b.y0 < o.y1 + 1 && o.y0 < b.y1 + 1) { return false; }
  }
  return true;
};
Boxes.prototype.add = function (b) { this.list.push(b); };

// lanes of [x0, x1) intervals: marks and labels side by side, never over each other
export function fits(lane, a, b) {
  for (var j = 0; j < lane.length; j++) {
    if (a < lane[j][1] + 2 && lane[j][0] < b + 2) { return false; }
  }
  return true;
}
export function room(lane, mk, dir, w) {  // free pixels in the lane beside a mark, right or left
  var a = dir > 0 ? mk.b + 3 : mk.a - 3, limit = dir > 0 ? w - 2 : 2;
  if (a < 2 || a > w - 2) { return 0; }
  for (var j = 0; j < lane.length; j++) {
    var o = lane[j];
    if (o[0] === mk.a && o[1] === mk.b) { continue; }
    if (o[1] + 3 > a && o[0] - 3 < a) { return 0; }
    if (dir > 0 && o[0] >= a) { limit = Math.min(limit, o[0] - 4); }
    if (dir < 0 && o[1] <= a) { limit = Math.max(limit, o[1] + 4); }
  }
  return dir > 0 ? limit - a : a - limit;
}
