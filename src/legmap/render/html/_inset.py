"""The locator inset of the web map: the whole story in a small SVG (no folium here).

When the map opens on part of a story (:mod:`legmap.render._framing`), a small
overview in a corner shows all of it: coarse land, every leg in its colour,
and a rectangle that ``legmap.js`` keeps on the part the main map shows.  It is
plain SVG written here (offline, deterministic, a few kB), in Web Mercator like
the map; ``proj`` tells the browser how to place the rectangle:
``x = (lon_rad - x0) * k`` and ``y = (y0 - ln tan(pi/4 + lat_rad/2)) * k``.

Examples
--------
>>> import shapely
>>> spec = locator_spec((37.6, 39.0, 132.2, 55.8), (125.7, 39.0, 132.2, 51.9),
...                     [(shapely.LineString([(37.6, 55.8), (125.7, 39.0)]), "#0072B2")],
...                     land=False)
>>> spec["svg"].startswith("<svg"), spec["size"]
(True, [120, 66])
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np
import shapely

from legmap.render.html._geom import Bounds

__all__ = ["INSET_PX", "locator_spec"]

#: The inset's longer side in CSS pixels (the stylesheet shrinks it on small maps).
INSET_PX = 120
_PAD = 0.08  # of the longer side, around the whole story
_RATIO = (0.55, 1.0)  # height / width kept within these


def _merc_y(lat: np.ndarray | float) -> Any:
    lat = np.clip(np.asarray(lat, dtype=float), -85.0, 85.0)
    return np.log(np.tan(np.pi / 4 + np.radians(lat) / 2))


def _path(coords: np.ndarray, closed: bool) -> str:
    pts = [f"{x:.1f} {y:.1f}" for x, y in coords]
    dedup = [p for i, p in enumerate(pts) if i == 0 or p != pts[i - 1]]
    if len(dedup) < 2:
        return ""
    return "M" + "L".join(dedup) + ("Z" if closed else "")


def _land_paths(box: Bounds, tol: float, project: Any) -> str:
    from legmap.render import _basemap  # noqa: PLC0415  (reads the basemap: only for an inset)

    world = _basemap.load_basemap(box, scale_km=40_000.0)
    geoms = shapely.simplify(np.asarray(world.land.geometry.values, dtype=object), tol)
    d = []
    for poly in shapely.get_parts(geoms[~shapely.is_empty(geoms)]):
        if shapely.get_type_id(poly) != 3:
            continue
        for ring in (poly.exterior, *poly.interiors):
            d.append(_path(project(np.asarray(ring.coords)), closed=True))
    return "".join(d)


def locator_spec(
    whole: Bounds,
    main: Bounds,
    lines: Sequence[tuple[shapely.LineString, str]],
    *,
    land: bool = True,
    land_colour: str = "#f2efe9",
    water_colour: str = "#d4e1ea",
) -> dict[str, Any]:
    """The inset's SVG and projection, for ``legmap.setup`` (``spec["inset"]``).

    Parameters
    ----------
    whole : tuple of float
        (minx, miny, maxx, maxy) lon/lat of the whole story, in its longitude frame.
    main : tuple of float
        The part the map opens on (outlined until the reader moves the map).
    lines : sequence of (LineString, colour)
        The legs, in the story's frame.
    land : bool
        Draw coarse land (legmap's basemap); off only for tests and doctests.
    land_colour, water_colour : str
        Fill colours (the dark variant recolours them in CSS).

    Returns
    -------
    dict
        ``svg`` (markup, no story text), ``size`` [width, height] in px and
        ``proj`` [x0, y0, k] (module docstring).
    """
    x0, x1 = math.radians(whole[0]), math.radians(whole[2])
    y0, y1 = float(_merc_y(whole[1])), float(_merc_y(whole[3]))
    side = max(x1 - x0, y1 - y0, 1e-4)
    x0, x1, y0, y1 = x0 - _PAD * side, x1 + _PAD * side, y0 - _PAD * side, y1 + _PAD * side
    w, h = x1 - x0, y1 - y0
    # Keep a map's shape: grow the short side around the centre.
    if h < _RATIO[0] * w:
        grow = (_RATIO[0] * w - h) / 2
        y0, y1 = y0 - grow, y1 + grow
    elif h > _RATIO[1] * w:
        grow = (h / _RATIO[1] - w) / 2
        x0, x1 = x0 - grow, x1 + grow
    w, h = x1 - x0, y1 - y0
    k = INSET_PX / max(w, h)
    width, height = round(w * k), round(h * k)

    def project(lonlat: np.ndarray) -> np.ndarray:
        x = (np.radians(lonlat[:, 0]) - x0) * k
        y = (y1 - _merc_y(lonlat[:, 1])) * k
        return np.column_stack([x, y])

    tol = math.degrees(1.0 / k) * 0.8  # under a pixel at the inset's scale
    parts = [f'<rect class="lm-i-water" width="{width}" height="{height}" fill="{water_colour}"/>']
    if land:
        lat0 = math.degrees(2 * math.atan(math.exp(y0)) - math.pi / 2)
        lat1 = math.degrees(2 * math.atan(math.exp(y1)) - math.pi / 2)
        box = (math.degrees(x0), max(lat0, -85.0), math.degrees(x1), min(lat1, 85.0))
        d = _land_paths(box, tol, project)
        if d:
            parts.append(f'<path class="lm-i-land" d="{d}" fill="{land_colour}"/>')
    for line, colour in lines:
        simple = shapely.simplify(line, tol)
        d = _path(project(np.asarray(simple.coords)), closed=False)
        if d:
            parts.append(
                f'<path class="lm-i-leg" d="{d}" stroke="{colour}" stroke-width="1.6" '
                'fill="none" stroke-linecap="round" stroke-linejoin="round"/>'
            )
    mx, my = project(np.array([[main[0], main[3]], [main[2], main[1]]])).round(1).tolist()
    parts.append(
        f'<rect class="lm-i-view" x="{mx[0]:.1f}" y="{mx[1]:.1f}" '
        f'width="{max(my[0] - mx[0], 2):.1f}" height="{max(my[1] - mx[1], 2):.1f}"/>'
    )
    svg = (
        f'<svg width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        f'aria-hidden="true" focusable="false">{"".join(parts)}</svg>'
    )
    return {"svg": svg, "size": [width, height], "proj": [round(x0, 6), round(y1, 6), round(k, 4)]}
