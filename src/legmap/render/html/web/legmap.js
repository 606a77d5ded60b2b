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
  var drawn = [];   // one layer per leg (benchmarks and tests count them)
  var fitting = null;
  var theMap = null;
  var shared = {tip: null, pop: null};  // a big story's one tooltip and one popup
  var groups = {};  // layers the legend switches and zooms to, by key (j0, j1, places...)
  var tileLayers = {light: null, dark: null};  // a provider's tiles and its dark twin

  function divIcon(k) {
    return L.divIcon({html: k.html, className: k.cls, iconSize: k.size, iconAnchor: k.anchor});
  }

  function passive(k) {
    return L.marker(k.at, {icon: divIcon(k), interactive: false, keyboard: false});
  }

  /* Move a projected line sideways by d pixels (miter joins, capped), so two
   * journeys on the same track run side by side at every zoom.  The move
   * fades out towards both ends (over 4 |d| px, smoothly), so the line still
   * starts and ends on its places' markers. */
  function shift(pts, d) {
    var n = pts.length, out = [], s = [0], i, a, b, nx, ny, l, k, t, w;
    function normal(p, q) {
      var dx = q.x - p.x, dy = q.y - p.y, len = Math.sqrt(dx * dx + dy * dy) || 1;
      return [-dy / len, dx / len];
    }
    for (i = 1; i < n; i++) { s.push(s[i - 1] + pts[i].distanceTo(pts[i - 1])); }
    var taper = Math.min(Math.max(4 * Math.abs(d), 12), s[n - 1] / 3) || 1;
    for (i = 0; i < n; i++) {
      a = i > 0 ? normal(pts[i - 1], pts[i]) : null;
      b = i < n - 1 ? normal(pts[i], pts[i + 1]) : null;
      a = a || b; b = b || a;
      nx = a[0] + b[0]; ny = a[1] + b[1];
      l = Math.sqrt(nx * nx + ny * ny) || 1;
      nx /= l; ny /= l;
      k = Math.max(nx * a[0] + ny * a[1], 0.5);
      t = Math.min(1, Math.min(s[i], s[n - 1] - s[i]) / taper);
      w = t * t * (3 - 2 * t);
      out.push(L.point(pts[i].x + nx * d * w / k, pts[i].y + ny * d * w / k));
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
    drawn.push(g);
  }

  /* The hover card of a big story's leg: its popup card without the label,
   * note and source paragraphs (the card's HTML is escaped in Python). */
  function tipCard(html) {
    var t = document.createElement("template");
    t.innerHTML = html;
    var card = t.content.firstElementChild;
    if (card) {
      Array.prototype.slice.call(card.querySelectorAll("p")).forEach(function (p) { p.remove(); });
    }
    return card || "";
  }

  /* A big story's legs, one journey per call: one (canvas) path per leg, in
   * one of a few shared styles, and for all legs of the map one tooltip and
   * one popup, filled from the leg under the pointer. */
  function legs(group, s) {
    s.legs.forEach(function (l) {
      var pl = line(l[0], s.styles[l[1]], l[2] || 0);
      pl.lmPop = l[3];
      group.addLayer(pl);
      drawn.push(pl);
    });
    function target(e) { return e.propagatedFrom || e.layer; }
    group.on("mouseover", function (e) {
      var pl = target(e), map = group._map;
      if (!pl || !pl.lmPop || !map) { return; }
      shared.tip = shared.tip || L.tooltip({className: "lm-tip", direction: "top",
                                            offset: [0, -10]});
      shared.tip.setContent(tipCard(pl.lmPop)).setLatLng(e.latlng);
      if (!map.hasLayer(shared.tip)) { shared.tip.openOn(map); }
    });
    group.on("mousemove", function (e) {
      if (shared.tip && group._map && group._map.hasLayer(shared.tip)) {
        shared.tip.setLatLng(e.latlng);
      }
    });
    group.on("mouseout", function () {
      if (shared.tip && group._map) { group._map.closeTooltip(shared.tip); }
    });
    group.on("click", function (e) {
      var pl = target(e);
      if (!pl || !pl.lmPop || !group._map) { return; }
      shared.pop = shared.pop || L.popup({className: "lm-popup", maxWidth: 340,
                                          autoPanPadding: [30, 30]});
      shared.pop.setLatLng(e.latlng).setContent(pl.lmPop).openOn(group._map);
    });
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

  /* A layer the legend switches and zooms to (one journey, the places...). */
  function group(layer, s) { groups[s.key] = layer; }

  /* A tile layer: the provider's own, or its dark twin (shown for dark pages). */
  function tiles(layer, s) { tileLayers[s.dark ? "dark" : "light"] = layer; }

  /* The map's furniture (title, legend, buttons, inset, scale, credits) in
   * client pixels: labels and badges never go under it. */
  function furniture(map) {
    var c = map.getContainer(), out = [];
    Array.prototype.forEach.call(
      c.querySelectorAll(".leaflet-control-container .leaflet-control, .lm-credits"),
      function (el) {
        var r = el.getBoundingClientRect();
        if (r.width && r.height) { out.push(r); }
      });
    return out;
  }

  /* A permanent label on its usual side of the point, or on the other side. */
  function side(tip, flipped) {
    var o = tip.options;
    if (tip.lmDir === undefined) { tip.lmDir = o.direction; tip.lmOff = o.offset; }
    if (tip.lmDir !== "left" && tip.lmDir !== "right") { return false; }
    var dir = flipped ? (tip.lmDir === "left" ? "right" : "left") : tip.lmDir;
    if (dir === o.direction) { return true; }
    o.direction = dir;
    o.offset = flipped ? [-tip.lmOff[0], tip.lmOff[1]] : tip.lmOff;
    if (tip._map) { tip._updatePosition(); }
    return true;
  }

  /* Hide markers and labels that would overprint a more important one or the
   * map's furniture.  Event badges first try to slide sideways (several events
   * in one city) and stay inside the map; labels that do not fit on their side
   * of the point try the other side. */
  var SHIFTS = [0, 18, -18, 36, -36, 54, -54];

  function declutter(map) {
    var kept = furniture(map), cr = map.getContainer().getBoundingClientRect();
    function free(r, pad) { return !kept.some(function (k) { return overlaps(r, k, pad); }); }
    function inside(r) {
      return r.left >= cr.left + 1 && r.right <= cr.right - 1 &&
             r.top >= cr.top + 1 && r.bottom <= cr.bottom - 1;
    }
    marks.filter(function (m) { return map.hasLayer(m) && m.getElement(); })
      .sort(function (a, b) { return a.lmPrio - b.lmPrio; })
      .forEach(function (m) {
        var el = m.getElement(), tip = m.getTooltip();
        var lab = tip && tip.options.permanent ? tip.getElement() : null;
        if (m.lmMargin === undefined) { m.lmMargin = parseFloat(el.style.marginLeft) || 0; }
        el.style.visibility = "";
        if (lab) { lab.style.visibility = ""; side(tip, false); }
        var shifts = m.lmSlide ? SHIFTS : [0], placed = false;
        for (var i = 0; i < shifts.length && !placed; i++) {
          el.style.marginLeft = (m.lmMargin + shifts[i]) + "px";
          var r = el.getBoundingClientRect();
          if (free(r, 1) && (!m.lmSlide || inside(r))) { kept.push(r); placed = true; }
        }
        if (!placed) {
          el.style.marginLeft = m.lmMargin + "px";
          el.style.visibility = "hidden";
          if (lab) { lab.style.visibility = "hidden"; }
          return;
        }
        if (lab) {
          var rl = lab.getBoundingClientRect();
          if (!(free(rl, 1) && inside(rl)) && side(tip, true)) {
            rl = lab.getBoundingClientRect();
            if (!(free(rl, 1) && inside(rl))) { side(tip, false); rl = lab.getBoundingClientRect(); }
          }
          if (free(rl, 1) && inside(rl)) { kept.push(rl); } else { lab.style.visibility = "hidden"; }
        }
      });
  }

  function box(map, pos, cls, html, collapse) {
    var C = L.Control.extend({
      onAdd: function () {
        var d = L.DomUtil.create("div", cls);
        d.innerHTML = html;
        L.DomEvent.disableClickPropagation(d);
        L.DomEvent.disableScrollPropagation(d);
        var det = d.querySelector("details");
        if (det && collapse && collapse(map.getSize())) { det.open = false; }
        return d;
      }
    });
    return new C({position: pos}).addTo(map);
  }

  function basemap(map, s) {
    var pane = map.createPane("lm-basemap");
    pane.style.zIndex = 150;
    pane.style.pointerEvents = "none";
    // The water colour as a CSS variable: the dark variant overrides it in legmap.css.
    var c = map.getContainer();
    c.classList.add("lm-offline");
    c.style.setProperty("--lm-water", s.water);
    s.layers.forEach(function (layer) {
      // noClip: Leaflet's per-view polygon clipping can drop a whole continent
      // when the view cuts it; the basemap is light enough to draw unclipped.
      L.geoJSON(layer.data, {pane: "lm-basemap", interactive: false, style: layer.style,
                             noClip: true}).addTo(map);
    });
  }

  /* Each corner's column of controls, as the room it takes from the map: its
   * width from the left or right edge and its height from the top or bottom;
   * the credits strip takes the bottom. */
  function corners(map) {
    var c = map.getContainer(), cr = c.getBoundingClientRect(), out = [];
    ["topleft", "topright", "bottomleft", "bottomright"].forEach(function (k) {
      var kids = map._controlCorners[k].children, r = null;
      for (var i = 0; i < kids.length; i++) {
        var b = kids[i].getBoundingClientRect();
        if (!b.width || !b.height) { continue; }
        r = r ? {l: Math.min(r.l, b.left), t: Math.min(r.t, b.top),
                 r: Math.max(r.r, b.right), b: Math.max(r.b, b.bottom)}
              : {l: b.left, t: b.top, r: b.right, b: b.bottom};
      }
      if (r) {
        out.push({top: k.indexOf("top") === 0, left: k.indexOf("left") > 0,
                  w: k.indexOf("left") > 0 ? r.r - cr.left : cr.right - r.l,
                  h: k.indexOf("top") === 0 ? r.b - cr.top : cr.bottom - r.t});
      }
    });
    var cred = c.querySelector(".lm-credits");
    if (cred && cred.offsetHeight) {
      out.push({top: false, left: false, w: Infinity, h: cred.offsetHeight});
    }
    return out;
  }

  /* Fit `bounds` in the part of the map no control covers.  Each corner's
   * column is kept clear either by padding its side or its end of the map;
   * of all such choices, the one showing `bounds` largest wins.  Every point
   * of `bounds` then starts clear of the title, legend, buttons and inset. */
  function view(map, bounds, s, animate) {
    var size = map.getSize(), boxes = corners(map), wide = size.x > 720;
    var gap = wide ? 16 : 8, room = wide ? 100 : 40;  // room: labels beside points
    var badge = 22;  // event badges stand above their points
    var base = {l: gap, r: gap, t: gap + badge, b: gap};
    if (s.labelsLeft) { base.l += room; } else { base.r += room; }
    var a = map.project(bounds.getSouthWest(), 0), b = map.project(bounds.getNorthEast(), 0);
    var bw = Math.abs(b.x - a.x), bh = Math.abs(b.y - a.y), best = null;
    for (var mask = 0; mask < (1 << boxes.length); mask++) {
      var p = {l: base.l, r: base.r, t: base.t, b: base.b};
      for (var i = 0; i < boxes.length; i++) {
        var bx = boxes[i];
        if (bx.w === Infinity || (mask >> i) & 1) {
          if (bx.top) {
            p.t = Math.max(p.t, bx.h + gap + badge);
          } else {
            p.b = Math.max(p.b, bx.h + gap);
          }
        } else if (bx.left) {
          p.l = Math.max(p.l, bx.w + gap);
        } else {
          p.r = Math.max(p.r, bx.w + gap);
        }
      }
      var w = size.x - p.l - p.r, h = size.y - p.t - p.b;
      if (w < 24 || h < 24) { continue; }
      // Largest scale first; among equals (a single place: any scale fits) the most room.
      var scale = Math.min(bw ? w / bw : 1e9, bh ? h / bh : 1e9), area = w * h;
      if (!best || scale > best.scale * (1 + 1e-9) ||
          (scale >= best.scale * (1 - 1e-9) && area > best.area)) {
        best = {scale: scale, area: area, p: p};
      }
    }
    var q = best ? best.p : base;
    fitting = true;
    map.fitBounds(bounds, {paddingTopLeft: [q.l, q.t], paddingBottomRight: [q.r, q.b],
                           maxZoom: s.maxZoom, animate: !!animate});
    fitting = false;
  }

  /* Furniture that depends on the map's size: the bottom corners sit on the
   * credits strip, the title leaves room for the buttons beside it, and an
   * open legend fits between the top boxes and the credits. */
  function layout(map, s) {
    var c = map.getContainer(), size = map.getSize(), corner = map._controlCorners;
    var cred = c.querySelector(".lm-credits"), ch = cred ? cred.offsetHeight : 0;
    corner.bottomleft.style.bottom = ch + "px";
    corner.bottomright.style.bottom = ch + "px";
    var title = c.querySelector(".lm-title"), zoom = c.querySelector(".leaflet-control-zoom");
    if (title) {
      var beside = zoom ? zoom.offsetWidth + 20 : 0;
      title.style.maxWidth = Math.max(Math.min(440, size.x - 20 - beside - 10), 120) + "px";
    }
    var legend = c.querySelector(".lm-legend");
    if (legend) {
      var top = 0, start = corner[s.scalePos];
      [corner.topleft, corner.topright].forEach(function (k) {
        top = Math.max(top, k.offsetHeight);
      });
      legend.style.maxHeight = Math.max(size.y - top - ch - 20, 60) + "px";
      var free = size.x - 30 - (start.offsetHeight ? start.offsetWidth : 0);
      legend.style.maxWidth = Math.max(Math.min(300, free), 150) + "px";
    }
  }

  /* The locator inset: the whole story, the main map's view outlined; a
   * click (or Enter) shows the whole story. */
  function inset(map, s, whole, go) {
    var spec = s.inset, rect = null;
    var C = L.Control.extend({
      onAdd: function () {
        var b = L.DomUtil.create("button", "lm-inset");
        b.type = "button";
        b.innerHTML = spec.svg;
        b.title = s.insetLabel;
        b.setAttribute("aria-label", s.insetLabel);
        b.setAttribute("dir", s.dir);
        L.DomEvent.disableClickPropagation(b);
        L.DomEvent.on(b, "click", function () { go(whole); });
        rect = b.querySelector(".lm-i-view");
        return b;
      }
    });
    new C({position: s.scalePos}).addTo(map);
    var x0 = spec.proj[0], y0 = spec.proj[1], k = spec.proj[2];
    var W = spec.size[0], H = spec.size[1];
    function y(lat) {
      lat = Math.max(Math.min(lat, 85), -85) * Math.PI / 180;
      return (y0 - Math.log(Math.tan(Math.PI / 4 + lat / 2))) * k;
    }
    function clamp(v, lo, hi) { return Math.max(lo, Math.min(hi, v)); }
    function update() {
      var bb = map.getBounds();
      var l = clamp((bb.getWest() * Math.PI / 180 - x0) * k, -1, W + 1);
      var r = clamp((bb.getEast() * Math.PI / 180 - x0) * k, -1, W + 1);
      var t = clamp(y(bb.getNorth()), -1, H + 1), btm = clamp(y(bb.getSouth()), -1, H + 1);
      rect.setAttribute("x", Math.min(l, W - 3).toFixed(1));
      rect.setAttribute("y", Math.min(t, H - 3).toFixed(1));
      rect.setAttribute("width", Math.max(r - l, 3).toFixed(1));
      rect.setAttribute("height", Math.max(btm - t, 3).toFixed(1));
    }
    map.on("moveend zoomend resize", update);
    return update;
  }

  /* Controls, credits, initial view; called once, after every layer exists. */
  function setup(map, s) {
    theMap = map;
    var c = map.getContainer();
    c.setAttribute("role", "region");
    c.setAttribute("aria-describedby", "lm-alt");  // the alt text, in the page
    box(map, s.titlePos, "lm-title", s.title, null);
    var h1 = c.querySelector(".lm-title h1");
    if (h1) { c.setAttribute("aria-label", h1.textContent); }
    L.control.zoom({position: s.zoomPos, zoomInTitle: s.zoomIn, zoomOutTitle: s.zoomOut})
      .addTo(map);
    L.control.scale({position: s.scalePos, metric: s.metric, imperial: !s.metric,
                     maxWidth: 120}).addTo(map);
    var bounds = L.latLngBounds(s.bounds), whole = L.latLngBounds(s.whole || s.bounds);
    var moved = false;
    function go(b) {
      moved = true;
      view(map, b, s, true);
    }
    var updateInset = s.inset ? inset(map, s, whole, go) : null;
    // Folded on small maps: a "Legend" button that opens with a tap, Enter or Space.
    box(map, s.legendPos, "lm-legend", s.legend, function (size) {
      return size.x < 620 || size.y < 460;
    });
    // Credits: a strip along the bottom, under the corners (never over a control).
    var attr = map.attributionControl;
    attr.setPrefix(s.prefix);
    s.credits.forEach(function (cr) { attr.addAttribution(cr); });
    var strip = attr.getContainer();
    strip.classList.add("lm-credits");
    strip.setAttribute("dir", s.dir);
    c.appendChild(strip);
    // Dark pages get the provider's dark tiles when it has them (legmap.css does the rest).
    var mq = window.matchMedia ? window.matchMedia("(prefers-color-scheme: dark)") : null;
    function scheme() {
      var dark = !!(mq && mq.matches);
      if (tileLayers.light && tileLayers.dark) {
        var on = dark ? tileLayers.dark : tileLayers.light;
        var off = dark ? tileLayers.light : tileLayers.dark;
        if (map.hasLayer(off)) { map.removeLayer(off); }
        if (!map.hasLayer(on)) { on.addTo(map); }
      }
    }
    scheme();
    if (mq && mq.addEventListener) { mq.addEventListener("change", scheme); }

    // Measure once Leaflet has finished moving markers (zoom animations end a
    // frame after "zoomend"), and only once per burst of events.
    var pending = null;
    function later() {
      clearTimeout(pending);
      pending = setTimeout(function () { declutter(map); }, 60);
    }
    // The legend switches layers and zooms to journeys.
    var legend = c.querySelector(".lm-legend");
    legend.addEventListener("change", function (e) {
      var key = e.target.getAttribute && e.target.getAttribute("data-layer");
      if (!key || !groups[key]) { return; }
      if (e.target.checked) { map.addLayer(groups[key]); } else { map.removeLayer(groups[key]); }
      later();
    });
    legend.addEventListener("click", function (e) {
      var btn = e.target.closest ? e.target.closest("[data-zoom]") : null;
      if (!btn) { return; }
      var key = btn.getAttribute("data-zoom"), g = groups[key];
      if (key === "*") { go(whole); return; }
      if (!g) { return; }
      if (!map.hasLayer(g)) {  // zooming to a hidden journey shows it again
        map.addLayer(g);
        var input = legend.querySelector('input[data-layer="' + key + '"]');
        if (input) { input.checked = true; }
      }
      var gb = g.getBounds();
      if (gb.isValid()) { go(gb); }
    });
    var det = legend.querySelector("details");
    if (det) { det.addEventListener("toggle", later); }

    layout(map, s);
    view(map, bounds, s, false);
    if (updateInset) { updateInset(); }
    map.on("dragstart", function () { moved = true; });
    map.on("zoomstart", function () { if (!fitting) { moved = true; } });
    map.on("resize", function () {
      layout(map, s);
      if (!moved) { view(map, bounds, s, false); }
      later();
    });
    map.on("zoomend moveend overlayadd overlayremove", later);
    declutter(map);
  }

  /* What is on the map: legs added and shown, the renderer (for benchmarks and tests). */
  function stats() {
    var on = theMap ? drawn.filter(function (l) { return theMap.hasLayer(l); }).length : 0;
    return {setup: !!theMap, legs: drawn.length, legsOnMap: on,
            canvas: !!(theMap && theMap.options.preferCanvas)};
  }

  /* The layer drawing each leg, in story order (a group of strokes, or one
   * path in a big story): tests measure where legs start and end. */
  function layers() { return drawn.slice(); }

  return {leg: leg, legs: legs, mark: mark, setup: setup, basemap: basemap, group: group,
          tiles: tiles, declutter: declutter, stats: stats, layers: layers};
})();
