/* The relationship dashboard's charts, drawn from the page's embedded data
   (<script id="dash-data">): cooperation and conflict per period and direction (the vendored
   Chart.js), event types per period (an SVG grid), figure series (Chart.js) and the map of
   places (the vendored world-atlas shapes through topojson-client). Every mark opens the list
   of the events (or figures) it counts. Each chart's number table (<details class="twin">) is
   built here from the same data, its counts the same links, for the keyboard and screen
   readers; links never sit inside an element with role="img". */
(function () {
  "use strict";
  var el = document.getElementById("dash-data");
  if (!el) return;
  var data = JSON.parse(el.textContent);
  var INK = "#1e272e", GRID = "#e6e9ee", SVGNS = "http://www.w3.org/2000/svg";
  var fmt = new Intl.NumberFormat("en", { notation: "compact", maximumSignificantDigits: 3 });

  function go(href) { if (href) window.location.href = href; }
  function q(params) {
    return Object.keys(params).map(function (k) {
      return encodeURIComponent(k) + "=" + encodeURIComponent(params[k]);
    }).join("&");
  }
  function h(tag, attrs, kids) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    (kids || []).forEach(function (c) { e.appendChild(typeof c === "string" ? document.createTextNode(c) : c); });
    return e;
  }
  // the text colour, black or white, that contrasts most with `hex` drawn at `alpha` over
  // the grid's empty cell (#f1f2f6): at least 4.5:1 for any colour (WCAG AA)
  function inkOn(hex, alpha) {
    var lin = function (v) { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    var under = [241, 242, 246], c = [1, 3, 5].map(function (i, k) {
      return parseInt(hex.slice(i, i + 2), 16) * alpha + under[k] * (1 - alpha);
    });
    var L = 0.2126 * lin(c[0]) + 0.7152 * lin(c[1]) + 0.0722 * lin(c[2]);
    return (1.05 / (L + 0.05)) >= ((L + 0.05) / 0.05) ? "#fff" : "#000";
  }
  function s(tag, attrs, text) {
    var e = document.createElementNS(SVGNS, tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function table(head, rows) {
    var thead = h("thead", {}, [h("tr", {}, head.map(function (t, i) { return h("th", i ? { class: "num" } : {}, [t]); }))]);
    var tbody = h("tbody", {}, rows.map(function (r) {
      return h("tr", {}, r.map(function (c, i) { return h("td", { class: i ? "num" : "date" }, [c]); }));
    }));
    return h("div", { class: "scroll" }, [h("table", { class: "list nums" }, [thead, tbody])]);
  }
  function count(n, href) { return n ? h("a", { href: href }, [String(n)]) : "0"; }
  function sum(arr) { return arr.reduce(function (a, b) { return a + b; }, 0); }

  if (window.Chart) {
    Chart.defaults.font.family = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif";
    Chart.defaults.color = "#4b5563";
    Chart.defaults.animation = false;
  }

  var act = data.activity;
  function dirOf(key) { return act.directions.filter(function (d) { return d.key === key; })[0]; }
  function drill(params) { return act.drill + "&" + q(params); }
  function totals(dir) {
    return act.periods.map(function (_, i) {
      return act.quads.reduce(function (t, qd) { return t + ((dir.quads[qd.key] || [])[i] || 0); }, 0);
    });
  }

  /* cooperation and conflict: stacked bars per quad class, the mean Goldstein line */
  function quadChart(canvas) {
    var dir = dirOf(canvas.dataset.dir);
    if (!dir || !window.Chart) return;
    var many = act.periods.length > 40;  // thin bars: no white edges, no gaps, a plain line
    var sets = act.quads.map(function (qd) {
      return { type: "bar", label: qd.label, quad: qd.key, data: dir.quads[qd.key] || [],
               backgroundColor: qd.color, borderColor: "#ffffff", borderWidth: many ? 0 : 1,
               barPercentage: many ? 1 : 0.9, categoryPercentage: many ? 1 : 0.8,
               stack: "events", yAxisID: "y", order: 2 };
    });
    sets.push({ type: "line", label: "mean Goldstein", data: dir.goldstein, yAxisID: "g",
                borderColor: INK, backgroundColor: INK, borderWidth: many ? 1 : 1.5,
                borderDash: many ? [] : [4, 3], pointRadius: many ? 0 : 2.5, spanGaps: false, order: 1 });
    var chart = new Chart(canvas, {
      data: { labels: act.labels, datasets: sets },
      options: {
        responsive: true, maintainAspectRatio: false,
        interaction: { mode: "nearest", intersect: true },
        plugins: { legend: { display: false },
                   tooltip: { callbacks: { footer: function () { return "click: its events"; } } } },
        scales: {
          x: { stacked: true, grid: { display: false }, ticks: { autoSkip: true, maxRotation: 0 } },
          y: { stacked: true, beginAtZero: true, suggestedMax: act.ymax, grid: { color: GRID },
               ticks: { precision: 0 }, title: { display: true, text: "events" } },
          g: { position: "right", min: -10, max: 10, grid: { display: false },
               title: { display: true, text: "Goldstein" } }
        },
        onHover: function (e, items) { e.native.target.style.cursor = items.length ? "pointer" : "default"; },
        onClick: function (e, items) {
          var hit = items.length ? items : chart.getElementsAtEventForMode(e, "index", { intersect: false }, false);
          if (!hit.length) return;
          var i = hit[0].index, ds = sets[hit[0].datasetIndex];
          var params = { dir: dir.key, period: act.periods[i] };
          if (items.length && ds.quad) params.quad = ds.quad;
          go(drill(params));
        }
      }
    });
    canvas.chart = chart;
  }

  function quadTable(box) {
    var dir = dirOf(box.dataset.dir);
    if (!dir) return;
    var tot = totals(dir), rows = [];
    act.periods.forEach(function (p, i) {
      if (!tot[i]) return;
      var row = [act.labels[i]];
      act.quads.forEach(function (qd) { row.push(count((dir.quads[qd.key] || [])[i], drill({ dir: dir.key, quad: qd.key, period: p }))); });
      row.push(count(tot[i], drill({ dir: dir.key, period: p })));
      var g = dir.goldstein[i];
      row.push(g === null ? "" : (g > 0 ? "+" : "") + g.toFixed(2));
      rows.push(row);
    });
    var head = ["Period"].concat(act.quads.map(function (qd) { return qd.label; }), ["all", "mean Goldstein"]);
    box.querySelector("summary").textContent = "Numbers (" + rows.length + " period" + (rows.length === 1 ? "" : "s") + " with events)";
    box.appendChild(rows.length ? table(head, rows) : h("p", { class: "empty" }, ["No events on the chart."]));
  }

  /* event types: a row per type, a cell per period, darker with more events */
  function typeGrid(box) {
    var dir = dirOf(box.dataset.grid);
    if (!dir) return;
    var types = Object.keys(dir.types), n = act.periods.length;
    var W = 640, left = 118, ch = 18, cw = (W - left - 4) / n, H = types.length * ch + 26;
    var top = 1;
    types.forEach(function (t) { top = Math.max.apply(null, [top].concat(dir.types[t])); });
    var svg = s("svg", { class: "chart heat", viewBox: "0 0 " + W + " " + H, role: "img",
                         "aria-label": "event types per " + act.unit + ": " + dir.label + "; the numbers are in the table below" });
    types.forEach(function (t, r) {
      var y = r * ch + 2, counts = dir.types[t], color = act.type_colors[t] || "#6b7785";
      svg.appendChild(s("text", { x: left - 6, y: y + 12, class: "row-label" }, t + " (" + sum(counts) + ")"));
      svg.appendChild(s("rect", { x: left, y: y, width: W - left - 4, height: ch - 2, class: "cell0" }));
      counts.forEach(function (c, i) {
        if (!c) return;
        var share = 0.25 + 0.75 * c / top, x = left + i * cw;
        var rect = s("rect", { x: x.toFixed(1), y: y, width: Math.max(cw - 1, 0.8).toFixed(1), height: ch - 2,
                               fill: color, "fill-opacity": share.toFixed(2), class: "mark" });
        rect.dataset.href = drill({ dir: dir.key, type: t, period: act.periods[i] });
        rect.appendChild(s("title", {}, t + ", " + act.labels[i] + ": " + c));
        svg.appendChild(rect);
        if (cw >= 18) svg.appendChild(s("text", { x: (x + cw / 2).toFixed(1), y: y + 12, class: "cell-n",
                                                  fill: inkOn(color, Number(share.toFixed(2))) }, String(c)));
      });
    });
    var every = Math.max(1, Math.ceil(n / 8));
    for (var i = 0; i < n; i += every) {
      svg.appendChild(s("text", { x: (left + (i + 0.5) * cw).toFixed(1), y: H - 6, class: "tick" }, act.labels[i]));
    }
    box.appendChild(svg);
  }

  function typeTable(box) {
    var dir = dirOf(box.dataset.dir);
    if (!dir) return;
    var types = Object.keys(dir.types), rows = [];
    act.periods.forEach(function (p, i) {
      var cell = h("span", {}, []), first = true;
      types.forEach(function (t) {
        var c = dir.types[t][i];
        if (!c) return;
        if (!first) cell.appendChild(document.createTextNode(", "));
        cell.appendChild(h("a", { href: drill({ dir: dir.key, type: t, period: p }) }, [t + " " + c]));
        first = false;
      });
      if (!first) rows.push([act.labels[i], cell]);
    });
    box.appendChild(table(["Period", "Events by type"], rows));
  }

  /* a figure series: actual values joined by a line, forecasts and targets as marks;
     points are [period, kind, median, min, max, n] */
  function figureChart(canvas, series) {
    var labels = [];
    series.points.forEach(function (p) { if (labels.indexOf(p[0]) < 0) labels.push(p[0]); });
    labels.sort();
    var styles = { actual: ["circle", "#1f5fa8", true], forecast: ["circle", "#c26400", false],
                   target: ["rect", "#a4262c", false] };
    var kinds = [];
    series.points.forEach(function (p) { if (kinds.indexOf(p[1]) < 0) kinds.push(p[1]); });
    var sets = kinds.map(function (kind) {
      var st = styles[kind] || ["triangle", "#6b7785", false];
      var pts = labels.map(function (x) {
        return series.points.filter(function (p) { return p[0] === x && p[1] === kind; })[0] || null;
      });
      return { label: kind, data: pts.map(function (p) { return p ? p[2] : null; }), points: pts,
               borderColor: st[1], backgroundColor: st[2] ? st[1] : "#ffffff", pointStyle: st[0],
               pointRadius: labels.length > 80 ? 2 : 4, pointBorderWidth: 2, showLine: st[2],
               spanGaps: true, borderWidth: 2 };
    });
    var chart = new Chart(canvas, {
      type: "line",
      data: { labels: labels, datasets: sets },
      options: {
        responsive: true, maintainAspectRatio: false,
        plugins: {
          legend: { display: kinds.length > 1, position: "bottom" },
          tooltip: { callbacks: { label: function (c) {
            var p = c.dataset.points[c.dataIndex];
            if (!p) return "";
            var range = p[3] !== p[4] ? " (" + fmt.format(p[3]) + " – " + fmt.format(p[4]) + ")" : "";
            return c.dataset.label + ": " + fmt.format(p[2]) + range + ", " + p[5] + " figure" + (p[5] === 1 ? "" : "s");
          } } }
        },
        scales: { y: { ticks: { callback: function (v) { return fmt.format(v); } }, grid: { color: GRID } },
                  x: { grid: { display: false }, ticks: { maxRotation: 0, autoSkip: true } } },
        onHover: function (e, items) { e.native.target.style.cursor = items.length ? "pointer" : "default"; },
        onClick: function (e, items) {
          if (!items.length) return;
          var p = sets[items[0].datasetIndex].points[items[0].index];
          if (p) go(series.base + "&" + q({ kind: p[1], period: p[0] }));
        }
      }
    });
    canvas.chart = chart;
  }

  /* the map: equirectangular country shapes, shaded by events, fitted to the countries that
     matter here (the places and both sides) */
  function shade(n) {
    return n >= 20 ? "#08306b" : n >= 5 ? "#2171b5" : n >= 2 ? "#6baed6" : n >= 1 ? "#c6dbef" : "#e3e7ec";
  }
  function ringsOf(geom) {
    if (!geom) return [];
    var polys = geom.type === "Polygon" ? [geom.coordinates] : geom.type === "MultiPolygon" ? geom.coordinates : [];
    var out = [];
    polys.forEach(function (poly) { poly.forEach(function (ring) {
      var r = [], shift = 0;  // unwrap rings that cross the antimeridian, drawn on both sides
      ring.forEach(function (pt, i) {
        if (i && Math.abs(pt[0] + shift - r[i - 1][0]) > 180) shift += r[i - 1][0] > pt[0] + shift ? 360 : -360;
        r.push([pt[0] + shift, pt[1]]);
      });
      out.push(r);
      var xs = r.map(function (p) { return p[0]; });
      if (Math.max.apply(null, xs) > 180) out.push(r.map(function (p) { return [p[0] - 360, p[1]]; }));
      if (Math.min.apply(null, xs) < -180) out.push(r.map(function (p) { return [p[0] + 360, p[1]]; }));
    }); });
    return out;
  }
  function drawMap(svg, places) {
    if (!window.topojson) return;
    fetch("/static/vendor/world-atlas/countries-110m.json").then(function (r) { return r.json(); })
      .then(function (topo) {
        var fc = topojson.feature(topo, topo.objects.countries).features
          .filter(function (f) { return f.id !== "010"; });  // Antarctica
        var counts = {}, sides = {};
        places.countries.forEach(function (c) { if (c.atlas_id) counts[c.atlas_id] = c; });
        places.atlas_sides.forEach(function (id) { sides[id] = true; });
        var box = [180, 90, -180, -90];
        fc.forEach(function (f) {
          if (!counts[f.id] && !sides[f.id]) return;
          ringsOf(f.geometry).forEach(function (r) { r.forEach(function (p) {
            if (p[0] < -180 || p[0] > 180) return;
            box[0] = Math.min(box[0], p[0]); box[1] = Math.min(box[1], p[1]);
            box[2] = Math.max(box[2], p[0]); box[3] = Math.max(box[3], p[1]);
          }); });
        });
        if (box[0] > box[2]) box = [-170, -58, 190, 84];
        var W = 640, H = 360, pad = 6;  // degrees around the countries
        var cx = (box[0] + box[2]) / 2, cy = (box[1] + box[3]) / 2;
        var w = Math.max(box[2] - box[0] + 2 * pad, 40), hh = Math.max(box[3] - box[1] + 2 * pad, 22);
        if (w / hh > W / H) hh = w * H / W; else w = hh * W / H;
        var k = W / w, x0 = cx - w / 2, y1 = cy + hh / 2;
        function path(rings) {
          return rings.map(function (r) {
            return "M" + r.map(function (p) { return ((p[0] - x0) * k).toFixed(1) + "," + ((y1 - p[1]) * k).toFixed(1); }).join("L") + "Z";
          }).join("");
        }
        var frag = document.createDocumentFragment(), last = [];
        fc.forEach(function (f) {
          var c = counts[f.id];
          var p = s("path", { d: path(ringsOf(f.geometry)), fill: shade(c ? c.events : 0),
                              class: "country" + (c ? " mark" : "") + (sides[f.id] ? " side" : "") });
          p.appendChild(s("title", {}, c ? c.name + ": " + c.events + " event" + (c.events === 1 ? "" : "s")
                                         : (f.properties || {}).name || ""));
          if (c) { p.dataset.href = c.href; p.dataset.country = c.country; }
          if (sides[f.id]) last.push(p); else frag.appendChild(p);
        });
        last.forEach(function (p) { frag.appendChild(p); });  // sides' outlines on top
        svg.appendChild(frag);
        svg.dataset.ready = "1";
      });
  }

  if (act) {
    document.querySelectorAll("canvas.quad-chart").forEach(quadChart);
    document.querySelectorAll("details[data-twin=quads]").forEach(quadTable);
    document.querySelectorAll("[data-grid]").forEach(typeGrid);
    document.querySelectorAll("details[data-twin=types]").forEach(typeTable);
  }
  function seriesTable(box, sr) {
    var rows = sr.points.map(function (p) {
      var range = p[3] !== p[4] ? fmt.format(p[3]) + " – " + fmt.format(p[4]) : "";
      return [p[0], p[1], fmt.format(p[2]), range, count(p[5], sr.base + "&" + q({ kind: p[1], period: p[0] }))];
    });
    box.appendChild(table(["Period", "Kind", "Median", "Range", "Figures"], rows));
  }

  var series = {};
  (data.figures || []).forEach(function (x) { series[x.id] = x; });
  document.querySelectorAll("details[data-twin=series]").forEach(function (d) {
    if (series[d.dataset.series]) seriesTable(d, series[d.dataset.series]);
  });
  if (window.Chart) {
    document.querySelectorAll("canvas.figure-chart").forEach(function (c) {
      if (series[c.dataset.series]) figureChart(c, series[c.dataset.series]);
    });
  }
  var map = document.getElementById("pair-map");
  if (map && data.places) drawMap(map, data.places);
  /* marks drawn as SVG (the type grids, the map) carry data-href */
  document.addEventListener("click", function (e) {
    var t = e.target.closest ? e.target.closest("[data-href]") : null;
    if (t) go(t.dataset.href);
  });
})();
