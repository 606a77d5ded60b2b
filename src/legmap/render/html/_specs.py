"""JSON specs for legmap.js: legs, basemap, records (no folium here).

:mod:`legmap.render.html.renderer` turns each leg, place and event into one call
``legmap.<fn>(layer, spec)``; the specs are plain dicts built here from the
legs GeoDataFrame, with every piece of story text already escaped.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import numpy as np
import shapely

from legmap._i18n import t
from legmap.render.html import _geom as geom
from legmap.render.html import _parts as parts
from legmap.render.html._assets import esc
from legmap.render.style import leg_style

__all__ = ["basemap_spec", "clean", "leg_spec", "overlap_slots", "records"]


def overlap_slots(lines: list[shapely.LineString], close: float) -> list[int]:
    """For each line, its index among earlier lines drawn (almost) on top of it.

    Two journeys on one track (Kim and his advance party both took the train to
    Vladivostok) get slots 0 and 1; legmap.js shifts slot k sideways by pixels.

    Examples
    --------
    >>> a = shapely.LineString([(0, 0), (10, 0)])
    >>> overlap_slots([a, a, shapely.LineString([(0, 5), (10, 5)])], close=0.5)
    [0, 1, 0]
    """
    slot: list[int] = []
    for i, a in enumerate(lines):
        same = [j for j in range(i) if shapely.hausdorff_distance(a, lines[j]) < close]
        slot.append(max((slot[j] for j in same), default=-1) + 1 if same else 0)
    return slot


def leg_spec(
    row: Mapping[str, Any], line: shapely.LineString, colour: str, *, tol: float,
    lang: str, units: str,
) -> dict[str, Any]:  # fmt: skip
    """Strokes, ornaments (arrowhead, end bars, distance label), tooltip and popup of a leg."""
    style = leg_style(str(row["mode"]), str(row["certainty"]))
    options = [{**s, "interactive": False} for s in parts.strokes(style, colour)]
    # An invisible wide stroke on top catches the pointer: thin lines are hard to hover.
    options.append({"weight": 16, "opacity": 0, "color": "#000000", "className": "lm-hit"})
    coords = list(line.coords)
    marks: list[dict[str, Any]] = []
    if style.arrow and len(coords) >= 2:
        back = line.interpolate(0.97, normalized=True)
        angle = geom.mercator_angle((back.x, back.y), coords[-1])
        arrow = parts.arrow_svg(style.colour or colour, angle, style.opacity)
        marks.append({"at": geom.latlng(*coords[-1]), "cls": "lm-orn", "size": [28, 28],
                      "anchor": [14, 14], "html": arrow})  # fmt: skip
    if style.end_bars and len(coords) >= 2:
        bar = style.colour or colour
        first = line.interpolate(0.03, normalized=True)
        last = line.interpolate(0.97, normalized=True)
        for at, toward in ((coords[0], (first.x, first.y)), (coords[-1], (last.x, last.y))):
            angle = geom.mercator_angle(at, toward)
            marks.append({"at": geom.latlng(*at), "cls": "lm-orn", "size": [16, 16],
                          "anchor": [8, 8], "html": parts.bar_svg(bar, angle)})  # fmt: skip
        mid = line.interpolate(0.5, normalized=True)
        text = f"<b>{parts.km_html(float(row['length_km']), units, lang)}</b>"
        claim = row.get("claim_km")
        if isinstance(claim, float) and not math.isnan(claim):
            text += "<br>" + esc(t("claim", lang, dist="\x00")).replace(
                "\x00", parts.km_html(claim, units, lang)
            )
        label = f'<span class="lm-dist" {parts.card_attrs(lang)}>{text}</span>'
        marks.append({"at": geom.latlng(mid.x, mid.y), "cls": "lm-orn", "size": [0, 0],
                      "anchor": [0, 0], "html": label})  # fmt: skip
    return {
        "c": geom.latlngs(line, tol),
        "parts": options,
        "marks": marks,
        "tip": parts.leg_tooltip(row, colour, lang, units),
        "pop": parts.leg_popup(row, colour, lang, units),
    }


_TEXT = ("journey_title", "from_name", "to_name", "date", "label", "source", "verdict",
         "verdict_text", "name", "place_name")  # fmt: skip


def clean(rec: Mapping[str, Any]) -> dict[str, Any]:
    """A row with missing text as None (pandas hands back NaN for a missing string)."""
    out = dict(rec)
    for key in _TEXT:
        if key in out and not isinstance(out[key], str):
            out[key] = None
    return out


def records(frame: Any) -> list[dict[str, Any]]:
    """Rows of a (Geo)DataFrame as cleaned dicts."""
    return [clean(rec) for rec in frame.to_dict("records")]


def _pack(geoms: Any, tol: float) -> list[Any]:
    """Basemap geometries as compact GeoJSON: simplified, specks dropped, rounded."""
    arr = np.asarray(geoms, dtype=object)
    arr = shapely.simplify(arr, tol, preserve_topology=True)
    polygonal = shapely.get_type_id(arr) >= 3
    arr = arr[~(polygonal & (shapely.area(arr) < (3 * tol) ** 2)) & ~shapely.is_empty(arr)]
    # Two decimals under the tolerance: well below a pixel, and short numbers.
    decimals = min(max(math.ceil(-math.log10(tol)), 1), geom.DECIMALS)
    # set_precision snaps to the grid *and* keeps polygons valid (plain rounding can
    # make rings cross, which Leaflet's polygon clipping then drops).
    arr = shapely.set_precision(arr, 10.0**-decimals)
    parts_ = shapely.get_parts(arr[~shapely.is_empty(arr)])
    # One multi-geometry per layer: one SVG path instead of hundreds.
    if not len(parts_):
        return []
    if shapely.get_type_id(parts_[0]) == 3:
        # Counter-clockwise shells, clockwise holes: drawn with the "nonzero" fill
        # rule, lakes stay holes and touching or overlapping pieces never cancel out.
        merged: shapely.Geometry = shapely.MultiPolygon(
            list(shapely.orient_polygons(parts_, exterior_cw=False))
        )
    else:
        merged = shapely.MultiLineString(list(parts_))
    return [shapely.geometry.mapping(merged)]


def basemap_spec(content: geom.Bounds) -> dict[str, Any]:
    """Land and borders for ``tiles="none"``: detailed around `content`, coarse beyond."""
    from legmap.render import _basemap  # noqa: PLC0415  (reads parquet: only for tiles="none")

    # Detailed land where the reader looks first, and a coarse world (shown only
    # when the reader zooms out past the first view) so the data never ends.
    box = geom.view_box(content)
    extent = max(content[2] - content[0], content[3] - content[1], 0.05)
    mid_lat = math.radians((content[1] + content[3]) / 2)
    width_km = (content[2] - content[0]) * 111.32 * max(math.cos(mid_lat), 0.1)
    bm = _basemap.load_basemap(box, scale_km=max(width_km, 1.0))
    world = _basemap.load_basemap((-180.0, -85.0, 180.0, 85.0), scale_km=40_000.0)
    tol = extent / 4000
    land = {"fillColor": _basemap.LAND_COLOUR, "fillOpacity": 1, "stroke": False,
            "fillRule": "nonzero"}  # fmt: skip
    border = {"color": _basemap.BORDER_COLOUR, "weight": 0.9, "opacity": 1}
    return {
        "water": _basemap.WATER_COLOUR,
        "layers": [
            {"data": _pack(world.land.geometry.values, 0.2), "style": land, "outer": True},
            {"data": _pack(world.borders.geometry.values, 0.2), "style": border, "outer": True},
            {"data": _pack(bm.land.geometry.values, tol),
             "style": {**land, "stroke": True, "color": _basemap.COAST_COLOUR, "weight": 0.6}},
            {"data": _pack(bm.borders.geometry.values, tol), "style": border},
        ],
        "credit": bm.credit,
    }  # fmt: skip
