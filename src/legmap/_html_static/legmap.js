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
  var fitting = null;

  function divIcon(k) {
    return L.divIcon({html: k.html, className: k.cls, iconSize: k.size, iconAnchor: k.anchor});
  }

  function passive(k) {
    return L.marker(k.at, {icon: divIcon(k), interactive: false, keyboard: false});
  }

  /* One leg: several strokes on the same coordinates (casing, ties, line, hit
   * area) plus divIcon ornaments (arrowhead, end bars, distance label). */
  function leg(group, s) {
    var layers = s.parts.map(function (o) { return L.polyline(s.c, o); });
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
    group.addLayer(m);
    marks.push(m);
  }

  function overlaps(a, b, pad) {
    return a.left < b.right + pad && b.left < a.right + pad &&
           a.top < b.bottom + pad && b.top < a.bottom + pad;
  }

  /* Hide markers and labels that would overprint a more important one. */
  function declutter(map) {
    var kept = [];
    marks.filter(function (m) { return map.hasLayer(m) && m.getElement(); })
      .sort(function (a, b) { return a.lmPrio - b.lmPrio; })
      .forEach(function (m) {
        var el = m.getElement(), tip = m.getTooltip();
        var lab = tip && tip.options.permanent ? tip.getElement() : null;
        el.style.visibility = "";
        if (lab) { lab.style.visibility = ""; }
        var r = el.getBoundingClientRect();
        if (kept.some(function (k) { return overlaps(r, k, 1); })) {
          el.style.visibility = "hidden";
          if (lab) { lab.style.visibility = "hidden"; }
          return;
        }
        kept.push(r);
        if (lab) {
          var rl = lab.getBoundingClientRect();
          if (kept.some(function (k) { return overlaps(rl, k, 1); })) {
            lab.style.visibility = "hidden";
          } else {
            kept.push(rl);
          }
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
    s.shifts.forEach(function (dx) {
      var opts = {
        pane: "lm-basemap", interactive: false,
        coordsToLatLng: function (c) { return L.latLng(c[1], c[0] + dx); }
      };
      L.geoJSON(s.land, L.extend({style: s.landStyle}, opts)).addTo(map);
      L.geoJSON(s.borders, L.extend({style: s.borderStyle}, opts)).addTo(map);
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
      var size = map.getSize(), title = map.getContainer().querySelector(".lm-title");
      var top = title ? title.offsetHeight + 20 : 20;
      var side = size.x > 720 ? 30 : 10;
      fitting = true;
      map.fitBounds(bounds, {paddingTopLeft: [side, Math.min(top, size.y / 3)],
                             paddingBottomRight: [side, 30], maxZoom: s.maxZoom, animate: false});
      fitting = false;
    }
    fit();
    map.on("dragstart", function () { moved = true; });
    map.on("zoomstart", function () { if (!fitting) { moved = true; } });
    map.on("resize", function () { if (!moved) { fit(); } declutter(map); });
    map.on("zoomend overlayadd overlayremove", function () { declutter(map); });
    declutter(map);
  }

  return {leg: leg, mark: mark, setup: setup, basemap: basemap, declutter: declutter};
})();
