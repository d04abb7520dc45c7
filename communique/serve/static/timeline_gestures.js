// The timeline chart's event wiring: pointer (mouse, pen, touch: drag pans, pinch zooms about
// the fingers' middle), wheel (zoom keeping the date under the pointer), keyboard and buttons.
// ``T`` is the chart's state (timeline.js), ``ui`` its tooltips and cursor (timeline_input.js).

export function listen(T, ui) {
  var svg = T.svg;
  function local(ev) {
    var r = svg.getBoundingClientRect();
    return { x: ev.clientX - r.left, y: ev.clientY - r.top };
  }
  var pointers = new Map(), gesture = null, moved = false;
  function begin() {
    var ps = Array.from(pointers.values());
    if (ps.length === 1) {
      gesture = { kind: "pan", x: ps[0].x, view: T.view.slice() };
    } else if (ps.length >= 2) {
      gesture = { kind: "pinch", d: Math.max(Math.abs(ps[0].x - ps[1].x), 1), mid: (ps[0].x + ps[1].x) / 2, view: T.view.slice() };
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
      var tg = ui.hit(p.x, p.y), cur = ui.cursorTarget();
      if (tg) { ui.showTip(tg, false); } else if (!cur) { ui.hideTip(); } else { ui.showTip(cur, false); }
      return;
    }
    pointers.set(ev.pointerId, p);
    if (gesture.kind === "pan") { drag(p); } else { pinch(); }
  });
  function drag(p) {
    var gv = gesture.view, dx = p.x - gesture.x;
    if (Math.abs(dx) > 3) { moved = true; svg.classList.add("dragging"); ui.hideTip(); }
    if (moved) {
      var shift = dx / (T.geo.R - T.geo.L) * (gv[1] - gv[0]);
      T.setView(gv[0] - shift, gv[1] - shift);
    }
  }
  function pinch() {
    var ps = Array.from(pointers.values()), gv = gesture.view, g = T.geo;
    var dist = Math.max(Math.abs(ps[0].x - ps[1].x), 1), mid = (ps[0].x + ps[1].x) / 2;
    var span = gv[1] - gv[0];
    var f0 = (gesture.mid - g.L) / (g.R - g.L), t = gv[0] + f0 * span;
    var next = Math.min(Math.max(span * gesture.d / dist, T.MIN_SPAN), T.MAX_SPAN);
    var f1 = (mid - g.L) / (g.R - g.L);
    T.setView(t - f1 * next, t - f1 * next + next);
  }
  function end(ev) {
    if (!pointers.has(ev.pointerId)) { return; }
    var p = pointers.get(ev.pointerId);
    pointers.delete(ev.pointerId);
    if (pointers.size) { begin(); return; }
    svg.classList.remove("dragging");
    gesture = null;
    if (!moved && ev.type === "pointerup") { ui.activate(ui.hit(p.x, p.y)); }
  }
  svg.addEventListener("pointerup", end);
  svg.addEventListener("pointercancel", end);
  svg.addEventListener("pointerleave", function (ev) {
    if (ev.pointerType === "mouse" && !pointers.size) { var c = ui.cursorTarget(); if (c) { ui.showTip(c, false); } else { ui.hideTip(); } }
  });
  svg.addEventListener("wheel", function (ev) {
    var unit = ev.deltaMode === 1 ? 16 : ev.deltaMode === 2 ? 400 : 1;
    var dx = ev.deltaX * unit, dy = ev.deltaY * unit;
    ev.preventDefault();
    if (Math.abs(dx) > Math.abs(dy)) { T.pan(dx / (T.geo.R - T.geo.L)); return; }
    T.zoomAt(Math.min(Math.max(Math.exp(dy * 0.0015), 0.5), 2), local(ev).x);
  }, { passive: false });
  keys(T, ui);
  buttons(T, ui);
}

function keys(T, ui) {
  var svg = T.svg;
  svg.addEventListener("keydown", function (ev) {
    if (ev.altKey || ev.ctrlKey || ev.metaKey) { return; }
    var k = ev.key, done = true;
    if (k === "ArrowLeft") { T.pan(ev.shiftKey ? -0.5 : -0.15); }
    else if (k === "ArrowRight") { T.pan(ev.shiftKey ? 0.5 : 0.15); }
    else if (k === "+" || k === "=") { T.zoomCentre(0.5); }
    else if (k === "-" || k === "_" || k === "\u2212") { T.zoomCentre(2); }
    else if (k === "Home") { T.setView(T.BULK[0], T.BULK[1]); }
    else if (k === "End") { T.setView(T.ALL[0], T.ALL[1]); }
    else if (k === "," || k === "<") { ui.moveCursor(-1); }
    else if (k === "." || k === ">") { ui.moveCursor(1); }
    else if (k === "Enter" || k === " ") { ui.activate(ui.cursorTarget()); }
    else if (k === "Escape") { T.cursor = null; ui.hideTip(); T.schedule(); }
    else { done = false; }
    if (done) { ev.preventDefault(); ui.announceView(); }
  });
  svg.addEventListener("focus", function () {
    if (svg.matches(":focus-visible") && !ui.cursorTarget()) { ui.moveCursor(0); }
  });
  svg.addEventListener("blur", function () { ui.hideTip(); });
}

function buttons(T, ui) {
  function button(id, fn) {
    var b = document.getElementById(id);
    if (b) { b.addEventListener("click", function () { fn(); ui.announceView(); }); }
  }
  button("tl-zoom-in", function () { T.zoomCentre(0.5); });
  button("tl-zoom-out", function () { T.zoomCentre(2); });
  button("tl-reset", function () { T.setView(T.BULK[0], T.BULK[1]); });
  button("tl-all", function () { T.setView(T.ALL[0], T.ALL[1]); });
}
