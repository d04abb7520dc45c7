// Dates and calendar steps for the timeline chart (static/timeline.js): an entry's period read
// from its date, the steps of ticks and columns (hours to millennia), and date labels. The
// server reads periods the same way (communique/serve/timeline_density.py) and has the same
// column steps, by the same names.

export var HOUR = 3600000, DAY = 24 * HOUR, YEAR = 365.25 * DAY, MONTH = YEAR / 12;
var MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

// ---- dates: "2011", "2011-03", "2011-03-19", "2011-03-19T14", "a/b" for a range -------------
var DATE = /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2})(?::\d{2}(?::\d{2})?)?)?)?)?$/;
export function utc(y, m, d, h) {
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
export function period(date) {  // [start, end) of a date or a range, at least an hour long
  var parts = String(date || "").split("/");
  var a = parsePart(parts[0]), b = parts.length > 1 ? parsePart(parts[1]) : a;
  if (!a || !b) { return null; }
  return [a[0], Math.max(b[1], a[0] + HOUR)];
}

// ---- calendar steps ------------------------------------------------------------------------
export function parts(t) {
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
export var TICK_STEPS = [hours(1), hours(3), hours(6), hours(12), days(1), days(2), days(7), days(14),
  months(1), months(3), months(6), years(1), years(2), years(5), years(10), years(20),
  years(50), years(100), years(200), years(500), years(1000)];
// the columns' steps: the server's (timeline_density.STEPS), finest first
export var BUCKET_STEPS = [hours(1), hours(3), hours(6), hours(12), days(1), WEEK, months(1), months(3),
  years(1), years(5), years(10), years(50), years(100), years(1000)];
export var TICK_PX = { hour: 46, day: 24, month: 34, year: 40 };
export var MAJOR = { hour: days(1), day: months(1), month: years(1) };
export var MAJOR_FMT = { hour: "day", day: "month", month: "year" };

export function stepNamed(name) {
  for (var i = 0; i < BUCKET_STEPS.length; i++) {
    if (BUCKET_STEPS[i].name === name) { return BUCKET_STEPS[i]; }
  }
  return null;
}
// the step of columns over ``span`` ms in ``px`` pixels: the finest a dozen px wide, and no
// finer than the finest period there is (``finest`` ms: days, mostly)
export function columnStep(span, px, finest) {
  var list = BUCKET_STEPS.filter(function (st) { return st.approx >= (finest || 0) * 0.9; });
  if (!list.length) { return BUCKET_STEPS[BUCKET_STEPS.length - 1]; }
  for (var i = 0; i < list.length; i++) {
    if (list[i].approx / (span / px) >= 12) { return list[i]; }
  }
  return list[list.length - 1];
}

// ---- labels --------------------------------------------------------------------------------
export function two(n) { return (n < 10 ? "0" : "") + n; }
export function fmt(t, unit) {  // a date as precise as ``unit``
  var p = parts(t);
  if (unit === "year") { return String(p.y); }
  if (unit === "month") { return MONTHS[p.m] + " " + p.y; }
  if (unit === "day") { return p.d + " " + MONTHS[p.m] + " " + p.y; }
  return p.d + " " + MONTHS[p.m] + " " + p.y + " " + two(p.h) + ":00";
}
export function minorLabel(t, unit) {
  var p = parts(t);
  if (unit === "hour") { return two(p.h) + ":00"; }
  if (unit === "day") { return String(p.d); }
  if (unit === "month") { return MONTHS[p.m]; }
  return String(p.y);
}
export function periodText(s, e) {  // a period [s, e) as a reader says it
  var len = e - s;
  var unit = len >= 360 * DAY ? "year" : len >= 28 * DAY ? "month" : len >= DAY ? "day" : "hour";
  var one = { year: YEAR, month: MONTH, day: DAY, hour: HOUR }[unit];
  return len > 1.5 * one ? fmt(s, unit) + " \u2013 " + fmt(e - 1, unit) : fmt(s, unit);
}
export function day(t) {  // YYYY-MM-DD of an instant, for the list API's from and to
  var p = parts(t);
  return String(p.y).padStart(4, "0") + "-" + two(p.m + 1) + "-" + two(p.d);
}
export function minute(t) {  // YYYY-MM-DDTHH:MM, for the density API's lo and hi
  var d = new Date(t);
  return day(t) + "T" + two(d.getUTCHours()) + ":" + two(d.getUTCMinutes());
}
