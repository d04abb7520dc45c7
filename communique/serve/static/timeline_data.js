// What the timeline chart draws, read on demand. The page carries a small first view (counts
// per bin over the whole extent, or every entry when there are few); for any other view the
// chart asks /timeline/density.json for the counts per calendar bin over the view and half a
// view on each side (the server picks the bins: a dozen pixels each), and, when that window
// holds few entries, /timeline.json for the entries themselves, to label them. The page's
// filters go with every request.
import { columnStep, day, minute, period } from "./timeline_time.js";

var FIRST = -62135596800000, LAST = 253402300740000;  // 0001-01-01 .. 9999-12-31T23:59
var PAGES = 5;  // of /timeline.json's largest (1,000), for one window's entries

export function item(date, id, title, n, kind, flags, gist) {
  var p = period(date);
  if (!p) { return null; }
  return { s: p[0], e: p[1], m: (p[0] + p[1]) / 2, date: date, id: id, title: title || "",
           n: n || 0, kind: kind || "", flags: flags || [], gist: gist || "" };
}
function fromRows(rows) {  // dated entries off the list API, history left to its own section
  return rows.map(function (r) {
    var flags = r.flags || [];
    if (!r.date || flags.indexOf("history") >= 0) { return null; }
    var title = r.title || "", gist = r.summary || "";
    return item(r.date, r.entry_id, title.length > 90 ? title.slice(0, 89) + "\u2026" : title,
                r.n_sources, r.kind, flags, gist.length > 140 ? gist.slice(0, 139) + "\u2026" : gist);
  }).filter(Boolean);
}
function density(d, key) {
  return { mode: "density", lo: d.window.lo_ms, hi: d.window.hi_ms, before: d.before, after: d.after,
           shown: d.shown, bins: d.bins, spans: d.spans, step: d.step, forView: key };
}

export function Source(T, chart, src) {
  this.T = T;
  this.url = new URL(src, window.location.href);
  this.limit = chart.entry_limit || 400;
  this.finest = chart.density ? chart.density.extent.finest : 0;
  this.pending = null;
  this.timer = null;
  this.failedKey = null;  // the view whose request failed (not asked again)
  if (chart.entries) {  // every entry, inline: nothing to fetch, ever
    var items = chart.entries.map(function (r) { return item.apply(null, r); }).filter(Boolean);
    this.data = { mode: "entries", lo: -Infinity, hi: Infinity, before: 0, after: 0, items: items };
  } else {
    this.data = density(chart.density, null);
  }
}

Source.prototype.wanted = function (view) {  // the step of the columns for this view
  return columnStep(view[1] - view[0], this.T.geo.R - this.T.geo.L, this.finest);
};
// whether the data draws this view as it should be: it counts every entry exactly (the view is
// within its window, or nothing lies beyond), and it is the entries themselves, or counts at
// the wanted step while many entries are in view (``shown``), or what the server gave for
// exactly this view
Source.prototype.fits = function (view, shown) {
  var d = this.data;
  var covers = (view[0] >= d.lo || d.before === 0) && (view[1] <= d.hi || d.after === 0);
  if (!covers) { return false; }
  if (d.mode === "entries" || d.forView === key(view)) { return true; }
  return d.step.name === this.wanted(view).name && d.shown > this.limit && shown > this.limit / 2;
};
function key(view) { return Math.round(view[0]) + ":" + Math.round(view[1]); }

// after each drawing: "ready" when the data fits the view, else a request (once the view has
// stood still a moment) and "loading"
Source.prototype.need = function (view, shown) {
  var self = this;
  clearTimeout(this.timer);
  if (this.fits(view, shown)) {
    if (this.pending) { this.pending.ctrl.abort(); this.pending = null; }
    return "ready";
  }
  if (this.failedKey === key(view)) { return "error"; }
  if (this.pending && this.pending.key === key(view)) { return "loading"; }
  this.timer = setTimeout(function () { self.load(self.T.view.slice()); }, 90);
  return "loading";
};

Source.prototype.load = function (view) {
  var self = this, k = key(view), span = view[1] - view[0];
  if (this.pending) { this.pending.ctrl.abort(); }
  var ctrl = new AbortController();
  this.pending = { key: k, ctrl: ctrl };
  var lo = Math.max(Math.floor((view[0] - span / 2) / 60000) * 60000, FIRST);
  var hi = Math.min(Math.ceil((view[1] + span / 2) / 60000) * 60000, LAST);
  var q = new URLSearchParams(this.url.search);
  q.set("lo", minute(lo)); q.set("hi", minute(hi));
  // as many bins as the wanted step makes: the server takes the finest step within them
  q.set("bins", String(Math.min(Math.max(Math.ceil((hi - lo) / this.wanted(view).approx), 1), 2000)));
  getJSON(this.url.pathname + "?" + q.toString(), ctrl).then(function (d) {
    var D = density(d, k);
    return D.shown <= self.limit ? self.entries(D, ctrl) : D;
  }).then(function (data) {
    if (self.pending && self.pending.ctrl === ctrl) { self.pending = null; }
    self.data = data;
    self.failedKey = null;
    self.T.schedule();
  }, function (err) {
    if (err && err.name === "AbortError") { return; }
    if (self.pending && self.pending.ctrl === ctrl) { self.pending = null; }
    self.failedKey = k;  // keep what is drawn, and say so
    self.T.schedule();
  });
};

// the entries of a density window, from the list API: its from/to are days, and the page's
// own date filter still applies (the window and the filter overlap: both are intervals)
Source.prototype.entries = function (D, ctrl) {
  var q = new URLSearchParams(this.url.search);
  var lo = D.lo, hi = D.hi;
  var f = q.get("from") ? period(q.get("from")) : null, t = q.get("to") ? period(q.get("to")) : null;
  if (f) { lo = Math.max(lo, f[0]); }
  if (t) { hi = Math.min(hi, t[1]); }
  var base = { mode: "entries", lo: D.lo, hi: D.hi, before: D.before, after: D.after, items: [] };
  if (lo >= hi || D.shown === 0) { return Promise.resolve(base); }
  q.set("from", day(lo)); q.set("to", day(hi - 1)); q.set("sort", "date"); q.set("limit", "1000");
  var rows = [];
  function page(n, cursor) {
    if (cursor) { q.set("cursor", cursor); }
    return getJSON("/timeline.json?" + q.toString(), ctrl).then(function (p) {
      rows = rows.concat(p.rows);
      var last = p.rows.length ? p.rows[p.rows.length - 1] : null;
      if (p.next_cursor && last && last.date && n + 1 < PAGES) { return page(n + 1, p.next_cursor); }
      return null;
    });
  }
  return page(0, null).then(function () {
    base.items = fromRows(rows).filter(function (d) { return d.e > D.lo && d.s < D.hi; });
    return base;
  });
};

function getJSON(url, ctrl) {
  return fetch(url, { signal: ctrl.signal, headers: { Accept: "application/json" } }).then(function (r) {
    if (!r.ok) { throw new Error("HTTP " + r.status); }
    return r.json();
  });
}
