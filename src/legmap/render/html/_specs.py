"""JSON specs for legmap.js: legs, basemap, records (no folium here).

:mod:`legmap.render.html._layers` turns each leg, place and event into one call
``legmap.<fn>(layer, spec)``; the specs are plain dicts built here from the
legs GeoDataFrame, with every piece of story text already escaped.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import shapely

from legmap._i18n import t
from legmap.render import style
from legmap.render._numbers import finite, straight_km
from legmap.render.html import _geom as geom
from legmap.render.html import _parts as parts
from legmap.render.html._assets import esc, js
from legmap.render.style import leg_style
from legmap.render.theme import DEFAULT_THEME, Theme

__all__ = [
    "BIG_STORY_LEGS", "SLOT_OFFSETS", "basemap_spec", "big_legs_spec", "clean", "leg_spec",
    "overlap_slots", "paths_per_leg", "records", "slot_offset",
]  # fmt: skip


def overlap_slots(lines: list[shapely.LineString], close: float) -> list[int]:
    """For each line, its index among earlier lines drawn (almost) on top of it.

    Two journeys on one track (Kim and his advance party both took the train to
    Vladivostok) get slots 0 and 1; legmap.js shifts slot k sideways by pixels.
    Lines are "on top" of each other when their Hausdorff distance is below
    `close`.  Linear in practice: identical lines are compared once, and only
    lines whose bounding boxes agree within `close` (a necessary condition) are
    measured at all.

    Examples
    --------
    >>> a = shapely.LineString([(0, 0), (10, 0)])
    >>> overlap_slots([a, a, shapely.LineString([(0, 5), (10, 5)])], close=0.5)
    [0, 1, 0]
    """
    if not lines:
        return []
    # One representative per distinct geometry (a year of flights repeats routes).
    first: dict[bytes, int] = {}
    uniq: list[shapely.LineString] = []
    shape_of: list[int] = []
    for line, key in zip(lines, shapely.to_wkb(np.asarray(lines, dtype=object)), strict=True):
        if key not in first:
            first[key] = len(uniq)
            uniq.append(line)
        shape_of.append(first[key])
    bounds = shapely.bounds(np.asarray(uniq, dtype=object))
    tree = shapely.STRtree(shapely.box(*bounds.T))
    near: list[list[int]] = []
    for u, (b, line) in enumerate(zip(bounds, uniq, strict=True)):
        cand = tree.query(shapely.box(*(b + np.array([-close, -close, close, close]))))
        # Hausdorff distance below `close` needs every bound within `close`.
        cand = cand[(np.abs(bounds[cand] - b) <= close).all(axis=1)]
        near.append(
            sorted(
                int(v) for v in cand if v == u or shapely.hausdorff_distance(line, uniq[v]) < close
            )
        )
    # best[u]: the highest slot given so far to a line of geometry u (-1: none yet).
    best = [-1] * len(uniq)
    slot: list[int] = []
    for u in shape_of:
        top = max(best[v] for v in near[u])
        slot.append(top + 1)
        best[u] = max(best[u], top + 1)
    return slot


#: Sideways shifts in pixels of a leg's overlap slot 1, 2, 3...: never more than
#: 12 px; a fifth leg on one track shares a shift with an earlier one.
SLOT_OFFSETS = (6, -6, 12, -12)


def slot_offset(slot: int) -> int:
    """Pixels legmap.js shifts a leg in overlap `slot` (0 stays on the track).

    Examples
    --------
    >>> [slot_offset(k) for k in range(7)]
    [0, 6, -6, 12, -12, 6, -6]
    """
    return 0 if slot <= 0 else SLOT_OFFSETS[(slot - 1) % len(SLOT_OFFSETS)]


def leg_spec(
    row: Mapping[str, Any], line: shapely.LineString, colour: str, *, tol: float,
    lang: str, units: str, theme: Theme = DEFAULT_THEME,
) -> dict[str, Any]:  # fmt: skip
    """Strokes, ornaments (arrowhead, end bars, distance label), tooltip and popup of a leg.

    The leg's style is the theme's (:meth:`~legmap.render.theme.Theme.leg_style`:
    its mode colours, and widths times its line scale), as on static maps.
    """
    style = theme.leg_style(str(row["mode"]), str(row["certainty"]))
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
        # The straight line measured (never the drawn length), then the claim, or
        # without a claim the rail distance to compare it with.
        text = f"<b>{parts.km_html(straight_km(row), units, lang)}</b>"
        claim = finite(row.get("claim_km"))
        if claim is not None:
            text += "<br>" + esc(t("claim", lang, dist="\x00")).replace(
                "\x00", parts.km_html(claim, units, lang)
            )
        else:
            rail = finite(row.get("rail_km"))
            km = esc(t("no_rail", lang)) if rail is None else parts.km_html(rail, units, lang)
            text += f"<br>{esc(t('field.rail', lang))} {km}"
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


def paths_per_leg(mode: str, certainty: str) -> int:
    """SVG paths one leg adds to the overlay pane (tests count them in the browser)."""
    style = leg_style(mode, certainty)
    return len(parts.strokes(style, "#000000")) + 1  # + the invisible hit stroke


#: Above :data:`legmap.render.style.BIG_STORY_LEGS` legs the map is a *big story*:
#: legs are drawn on a canvas (Leaflet's ``preferCanvas``), one path each with no
#: casing, railway ties or arrowheads, simplified ten times more (Leaflet simplifies
#: further per zoom), and one tooltip and one popup serve every leg.  Measured in
#: ``benchmarks/bench_scale.py``: 10,000 legs open and draw in Chromium in seconds.
BIG_STORY_LEGS = style.BIG_STORY_LEGS


def big_legs_spec(
    legs: Sequence[tuple[Mapping[str, Any], shapely.LineString, int]], colour: str, *,
    tol: float, lang: str, units: str, theme: Theme = DEFAULT_THEME,
) -> dict[str, Any]:  # fmt: skip
    """One journey's legs for ``legmap.legs`` (big stories): (row, line, pixel offset) each.

    Each leg is ``[latlngs, style index, offset, popup card]``; the styles are the
    few distinct main strokes (mode and certainty in the journey's colour).
    """
    styles: list[dict[str, Any]] = []
    index: dict[str, int] = {}
    out = []
    for row, line, off in legs:
        style = theme.leg_style(str(row["mode"]), str(row["certainty"]))
        stroke = {**parts.strokes(style, colour)[-1], "smoothFactor": 1.5}
        key = js(stroke)
        if key not in index:
            index[key] = len(styles)
            styles.append(stroke)
        pop = parts.leg_popup(row, colour, lang, units)
        out.append([geom.latlngs(line, tol), index[key], off, pop])
    return {"styles": styles, "legs": out}


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


def basemap_spec(
    content: geom.Bounds, *, lon_0: float = 0.0, theme: Theme = DEFAULT_THEME
) -> dict[str, Any]:
    """Land and borders for ``tiles="none"``: detailed around `content`, coarse beyond.

    The coarse world covers the story's longitude frame ``[lon_0 - 180, lon_0 + 180)``
    (the usual [-180, 180] when the content fits in it).  Land, water, coast and
    borders take the theme's colours (legmap's own by default); a dark page
    recolours them in ``legmap.css``.
    """
    from legmap.render import _basemap  # noqa: PLC0415  (reads parquet: only for tiles="none")

    # Detailed land where the reader looks first (for a screen of any shape), and
    # a coarse world around it, with a hole where the detail is (no coarse coast
    # bleeding past the detailed one), so the land never ends.
    west, east = (-180.0, 180.0) if -180 <= content[0] <= content[2] <= 180 else (
        lon_0 - 180.0, lon_0 + 180.0)  # fmt: skip
    box = geom.screen_box(content)
    box = (max(box[0], west), box[1], min(box[2], east), box[3])  # never more than the world
    extent = max(content[2] - content[0], content[3] - content[1], 0.05)
    mid_lat = math.radians((content[1] + content[3]) / 2)
    width_km = (content[2] - content[0]) * 111.32 * max(math.cos(mid_lat), 0.1)
    bm = _basemap.load_basemap(box, scale_km=max(width_km, 1.0))
    world = _basemap.load_basemap((west, -85.0, east, 85.0), scale_km=40_000.0)
    hole = shapely.box(*box)
    world_land = shapely.difference(np.asarray(world.land.geometry.values, dtype=object), hole)
    world_borders = shapely.difference(
        np.asarray(world.borders.geometry.values, dtype=object), hole
    )
    tol = extent / 4000
    # Class names let legmap.css recolour the basemap for dark pages.
    land = {"fillColor": theme.land, "fillOpacity": 1, "stroke": False,
            "fillRule": "nonzero", "className": "lm-bm-land"}  # fmt: skip
    border = {"color": theme.borders, "weight": 0.9, "opacity": 1,
              "className": "lm-bm-border"}  # fmt: skip
    return {
        "water": theme.water,
        "layers": [
            {"data": _pack(world_land, 0.2), "style": land},
            {"data": _pack(world_borders, 0.2), "style": border},
            {"data": _pack(bm.land.geometry.values, tol),
             "style": {**land, "stroke": True, "color": theme.coast, "weight": 0.6,
                       "className": "lm-bm-land lm-bm-coast"}},
            {"data": _pack(bm.borders.geometry.values, tol), "style": border},
        ],
        "credit": bm.credit,
    }  # fmt: skip
