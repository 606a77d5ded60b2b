"""Geometry for the web map: bounds, simplification, screen angles (no folium here).

Everything takes and returns (lon, lat) except :func:`latlngs`, the one place
that swaps to Leaflet's (lat, lon) order.

Examples
--------
>>> latlngs(shapely.LineString([(131.873534, 43.105621), (132.0, 43.4)]), 0.0)
[[43.10562, 131.87353], [43.4, 132.0]]
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

import numpy as np
import shapely

__all__ = [
    "DECIMALS",
    "Bounds",
    "bounds_of",
    "latlng",
    "latlngs",
    "mercator_angle",
    "pad_bounds",
    "screen_box",
    "tolerance_for",
    "view_box",
]

# 1e-5 degrees is about 1 m: far below anything a news map shows.
DECIMALS = 5

Bounds = tuple[float, float, float, float]  # minx, miny, maxx, maxy (lon/lat)


def bounds_of(geoms: Iterable[shapely.Geometry]) -> Bounds:
    """Total (minx, miny, maxx, maxy) of some geometries."""
    arr = shapely.total_bounds(np.asarray(list(geoms), dtype=object))
    return float(arr[0]), float(arr[1]), float(arr[2]), float(arr[3])


def pad_bounds(b: Bounds, frac: float, *, min_deg: float = 0.05) -> Bounds:
    """Grow a box by `frac` of its size on every side (at least `min_deg`)."""
    dx = max((b[2] - b[0]) * frac, min_deg)
    dy = max((b[3] - b[1]) * frac, min_deg)
    return b[0] - dx, max(b[1] - dy, -85.0), b[2] + dx, min(b[3] + dy, 85.0)


def tolerance_for(b: Bounds) -> float:
    """Simplification tolerance (degrees) for lines on a map showing box `b`.

    The fitted map shows the box across roughly 1,000 px, so a tolerance of
    1/10,000 of its larger side moves no vertex by more than 1/10 px at the
    first view and less than a pixel three zoom levels further in.

    Examples
    --------
    >>> tolerance_for((30.0, 35.0, 130.0, 60.0))
    0.01
    """
    return max(b[2] - b[0], b[3] - b[1]) / 10_000.0


def latlngs(line: shapely.LineString, tol: float) -> list[list[float]]:
    """A (lon, lat) line, simplified and rounded, as Leaflet's [[lat, lon], ...]."""
    if tol > 0 and len(line.coords) > 2:
        line = shapely.simplify(line, tol, preserve_topology=True)
    xy = np.round(np.asarray(line.coords, dtype=float)[:, :2], DECIMALS)
    out: list[list[float]] = []
    for lon, lat in xy.tolist():
        pt = [float(lat), float(lon)]
        if not out or out[-1] != pt:  # rounding can merge neighbours
            out.append(pt)
    return out


def latlng(lon: float, lat: float) -> list[float]:
    """One (lon, lat) point as Leaflet's rounded [lat, lon]."""
    return [round(float(lat), DECIMALS), round(float(lon), DECIMALS)]


def _merc(lon: float, lat: float) -> tuple[float, float]:
    lat = max(min(lat, 85.0), -85.0)
    return math.radians(lon), math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))


def mercator_angle(a: Sequence[float], b: Sequence[float]) -> float:
    """On-screen direction from (lon, lat) `a` to `b`, as a CSS rotation in degrees.

    0 points east (right), 90 south (down): CSS rotates clockwise and screen y
    grows downwards.  Web Mercator is conformal, so this is the angle the
    reader sees at every zoom.

    Examples
    --------
    >>> round(mercator_angle((0, 0), (0, 1)))
    -90
    """
    x1, y1 = _merc(a[0], a[1])
    x2, y2 = _merc(b[0], b[1])
    return round(math.degrees(math.atan2(-(y2 - y1), x2 - x1)), 1)


def view_box(b: Bounds) -> Bounds:
    """The part of the world a reader may see around content `b` before zooming out.

    Fitted to a wide or a tall frame, a map shows far more than its content
    across the other direction: the box grows to half the content's larger
    side (in Mercator units) around its centre, and by 60 % of its width sideways.

    Examples
    --------
    >>> [round(v) for v in view_box((37.6, 39.0, 132.2, 55.8))]
    [-19, 8, 189, 71]
    """
    w = b[2] - b[0]
    y0, y1 = _merc(0.0, b[1])[1], _merc(0.0, b[3])[1]
    half = max(math.radians(w) * 0.5, (y1 - y0) * 0.6, 0.02)
    cy = (y0 + y1) / 2

    def lat(y: float) -> float:
        return max(min(math.degrees(2 * math.atan(math.exp(y)) - math.pi / 2), 85.0), -85.0)

    pad = max(w * 0.6, 0.2)
    return b[0] - pad, lat(cy - half), b[2] + pad, lat(cy + half)


def screen_box(b: Bounds) -> Bounds:
    """What a screen of any shape (twice as wide as tall, or the reverse) shows around `b`.

    :func:`view_box` made square in Mercator, its side twice the longer one, so a
    phone held upright and a wide desktop window both open inside it.

    Examples
    --------
    >>> [round(v) for v in screen_box((126.0, 39.0, 132.2, 51.9))]
    [107, 28, 151, 59]
    """
    v = view_box(b)
    x0, x1 = math.radians(v[0]), math.radians(v[2])
    y0, y1 = _merc(0.0, v[1])[1], _merc(0.0, v[3])[1]
    half = max(x1 - x0, y1 - y0)
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2

    def lat(y: float) -> float:
        return max(min(math.degrees(2 * math.atan(math.exp(y)) - math.pi / 2), 85.0), -85.0)

    return math.degrees(cx - half), lat(cy - half), math.degrees(cx + half), lat(cy + half)
