/* legmap drawing helpers for maps written by legmap.render_html.
 *
 * Fixed code: no story text lives here.  Every call receives a JSON spec built
 * (and escaped) in Python; HTML fragments in specs are already escaped.
 * Leaflet (`L`) is only touched inside functions, so this file may load before
 * or after leaflet.js.
 */
var legmap = (function () {
  "use strict";
  var marks = [];   // place and event markers, for decluttering
  var outer = [];   // coarse basemap layers around the detailed one
  var fitting = null;

  function divIcon(k) {
    return L.divIcon({html: k.html, className: k.cls, iconSize: k.size, iconAnchor: k.anchor});
  }

  function passive(k) {
    return L.marker(k.at, {icon: divIcon(k), interactive: false, keyboard: false});
  }

  /* Move a projected line sideways by d pixels (miter joins, capped), so two
   * journeys on the same track run side by side at every zoom. */
  function shift(pts, d) {
    var n = pts.length, out = [], i, a, b, nx, ny, l, k;
    function normal(p, q) {
      var dx = q.x - p.x, dy = q.y - p.y, len = Math.sqrt(dx * dx + dy * dy) || 1;
      return [-dy / len, dx / len];
    }
    for (i = 0; i < n; i++) {
      a = i > 0 ? normal(pts[i - 1], pts[i]) : null;
      b = i < n - 1 ? normal(pts[i], pts[i + 1]) : null;
      a = a || b; b = b || a;
      nx = a[0] + b[0]; ny = a[1] + b[1];
      l = Math.sqrt(nx * nx + ny * ny) || 1;
      nx /= l; ny /= l;
      k = Math.max(nx * a[0] + ny * a[1], 0.5);
      out.push(L.point(pts[i].x + nx * d / k, pts[i].y + ny * d / k));
    }
    return out;
  }

  function line(c, o, d) {
    var pl = L.polyline(c, o);
    if (d) {
      pl._project = function () {
        L.Polyline.prototype._project.call(this);
        this._rings = this._rings.map(function (r) { return shift(r, d); });
      };
    }
    return pl;
  }

  /* One leg: several strokes on the same coordinates (casing, ties, line, hit
   * area) plus divIcon ornaments (arrowhead, end bars, distance label). */
  function leg(group, s) {
    var layers = s.parts.map(function (o) { return line(s.c, o, s.off || 0); });
    (s.marks || []).forEach(function (k) { layers.push(passive(k)); });
    var g = L.featureGroup(layers);
    g.bindTooltip(s.tip, {sticky: true, className: "lm-tip", direction: "top", offset: [0, -10]});
    g.bindPopup(s.pop, {className: "lm-popup", maxWidth: 340, autoPanPadding: [30, 30]});
    group.addLayer(g);
  }

  /* A place or event marker: divIcon symbol, permanent or hover label, popup. */
  function mark(group, s) {
    var m = L.marker(s.at, {icon: divIcon(s.icon), keyboard: true, riseOnHover: true});
    if (s.label) {
      m.bindTooltip(s.label, {permanent: s.permanent, direction: s.dir, offset: s.off,
                              className: s.labelCls, interactive: false});
    }
    if (s.pop) { m.bindPopup(s.pop, {className: "lm-popup", maxWidth: 340}); }
    m.lmPrio = s.prio;
    m.lmSlide = !!s.slide;
    group.addLayer(m);
    marks.push(m);
  }

  function overlaps(a, b, pad) {
    return a.left < b.right + pad && b.left < a.right + pad &&
           a.top < b.bottom + pad && b.top < a.bottom + pad;
  }

  /* Hide markers and labels that would overprint a more important one.  Event
   * badges first try to slide sideways (several events in one city). */
  var SHIFTS = [0, 18, -18, 36, -36, 54, -54];

  function declutter(map) {
    var kept = [];
    function free(r, pad) { return !kept.some(function (k) { return overlaps(r, k, pad); }); }
    marks.filter(function (m) { return map.hasLayer(m) && m.getElement(); })
      .sort(function (a, b) { return a.lmPrio - b.lmPrio; })
      .forEach(function (m) {
        var el = m.getElement(), tip = m.getTooltip();
        var lab = tip && tip.options.permanent ? tip.getElement() : null;
        if (m.lmMargin === undefined) { m.lmMargin = parseFloat(el.style.marginLeft) || 0; }
        el.style.visibility = "";
        if (lab) { lab.style.visibility = ""; }
        var shifts = m.lmSlide ? SHIFTS : [0], placed = false;
        for (var i = 0; i < shifts.length && !placed; i++) {
          el.style.marginLeft = (m.lmMargin + shifts[i]) + "px";
          var r = el.getBoundingClientRect();
          if (free(r, 1)) { kept.push(r); placed = true; }
        }
        if (!placed) {
          el.style.marginLeft = m.lmMargin + "px";
          el.style.visibility = "hidden";
          if (lab) { lab.style.visibility = "hidden"; }
          return;
        }
        if (lab) {
          var rl = lab.getBoundingClientRect();
          if (free(rl, 1)) { kept.push(rl); } else { lab.style.visibility = "hidden"; }
        }
      });
  }

  function box(map, pos, cls, html, collapseBelow) {
    var C = L.Control.extend({
      onAdd: function () {
        var d = L.DomUtil.create("div", cls);
        d.innerHTML = html;
        L.DomEvent.disableClickPropagation(d);
        L.DomEvent.disableScrollPropagation(d);
        var det = d.querySelector("details");
        if (det && collapseBelow && map.getSize().x < collapseBelow) { det.open = false; }
        return d;
      }
    });
    return new C({position: pos}).addTo(map);
  }

  function basemap(map, s) {
    var pane = map.createPane("lm-basemap");
    pane.style.zIndex = 150;
    pane.style.pointerEvents = "none";
    map.getContainer().style.background = s.water;
    s.layers.forEach(function (layer) {
      // noClip: Leaflet's per-view polygon clipping can drop a whole continent
      // when the view cuts it; the basemap is light enough to draw unclipped.
      var g = L.geoJSON(layer.data, {pane: "lm-basemap", interactive: false,
                                     style: layer.style, noClip: true});
      if (layer.outer) { outer.push(g); } else { g.addTo(map); }
    });
  }

  /* The coarse world shows only beyond the first view, where the detailed
   * land ends; closer in it would bleed past the detailed coastline. */
  function showOuter(map, zoom) {
    var out = map.getZoom() < zoom - 0.01;
    outer.forEach(function (g) {
      if (out && !map.hasLayer(g)) { g.addTo(map); g.bringToBack(); }
      if (!out && map.hasLayer(g)) { map.removeLayer(g); }
    });
  }

  /* Controls, credits, initial view; called once, after every layer exists. */
  function setup(map, s) {
    box(map, s.titlePos, "lm-title", s.title, 0);
    L.control.zoom({position: s.titlePos, zoomInTitle: s.zoomIn, zoomOutTitle: s.zoomOut}).addTo(map);
    box(map, s.legendPos, "lm-legend", s.legend, 620);
    L.control.scale({position: s.scalePos, metric: s.metric, imperial: !s.metric,
                     maxWidth: 120}).addTo(map);
    map.attributionControl.setPrefix(s.prefix);
    s.credits.forEach(function (c) { map.attributionControl.addAttribution(c); });
    var bounds = L.latLngBounds(s.bounds);
    var moved = false;
    function fit() {
      var size = map.getSize(), c = map.getContainer();
      var title = c.querySelector(".lm-title"), legend = c.querySelector(".lm-legend");
      var top = title ? title.offsetHeight + 20 : 20;
      var side = size.x > 720 ? 30 : 10;
      // Keep the legend's column free when the map is wide enough to afford it.
      var lw = legend && size.x > 2.4 * legend.offsetWidth ? legend.offsetWidth + 20 : side;
      var left = s.legendPos.indexOf("left") >= 0;
      // Place labels run beside their points (right, or left in rtl): leave them room.
      var room = size.x > 720 ? 100 : 40, pl = left ? lw : side, pr = left ? side : lw;
      if (s.labelsLeft) { pl += room; } else { pr += room; }
      fitting = true;
      map.fitBounds(bounds, {paddingTopLeft: [pl, Math.min(top, size.y / 3)],
                             paddingBottomRight: [pr, 30],
                             maxZoom: s.maxZoom, animate: false});
      fitting = false;
    }
    fit();
    var first = map.getZoom();
    map.on("zoomend", function () { showOuter(map, first); });
    map.on("dragstart", function () { moved = true; });
    map.on("zoomstart", function () { if (!fitting) { moved = true; } });
    // Measure once Leaflet has finished moving markers (zoom animations end a
    // frame after "zoomend"), and only once per burst of events.
    var pending = null;
    function later() {
      clearTimeout(pending);
      pending = setTimeout(function () { declutter(map); }, 60);
    }
    map.on("resize", function () { if (!moved) { fit(); } later(); });
    map.on("zoomend overlayadd overlayremove", later);
    declutter(map);
  }

  return {leg: leg, mark: mark, setup: setup, basemap: basemap, declutter: declutter};
})();
