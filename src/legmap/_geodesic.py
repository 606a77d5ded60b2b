"""Geodesic maths on the WGS84 ellipsoid, all through pyproj's :class:`~pyproj.Geod`.

Coordinates are (lon, lat) in degrees.  Lines that cross the antimeridian are
*unwrapped*: longitudes may run past 180 (or below -180) so that consecutive
points never jump by more than 180 degrees.  Leaflet draws unwrapped lines
continuously, and GeoJSON readers get a line with no spurious world-spanning
segment.  (The alternative, splitting into a MultiLineString at +/-180, breaks
a flight into two features; we keep one line per leg.)
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import shapely
from numpy.typing import ArrayLike, NDArray
from pyproj import Geod

__all__ = [
    "GEOD",
    "destination",
    "distance_km",
    "geodesic_line",
    "line_length_km",
    "unwrap_lon",
]

GEOD = Geod(ellps="WGS84")


def distance_km(
    lon1: ArrayLike, lat1: ArrayLike, lon2: ArrayLike, lat2: ArrayLike
) -> NDArray[np.float64]:
    """Geodesic distance in km between points, vectorised with numpy broadcasting.

    Examples
    --------
    >>> round(float(distance_km(0, 0, 1, 0)), 3)
    111.319
    >>> distance_km([0, 0], [0, 1], 0, 0).round(1).tolist()  # many points to one
    [0.0, 110.6]
    """
    # pyproj wants equal-length arrays; broadcasting lets callers mix points and arrays.
    arrays = np.broadcast_arrays(*(np.asarray(a, dtype=float) for a in (lon1, lat1, lon2, lat2)))
    flat = [np.ascontiguousarray(a).ravel() for a in arrays]
    _, _, metres = GEOD.inv(flat[0], flat[1], flat[2], flat[3])
    return np.asarray(metres, dtype=float).reshape(arrays[0].shape) / 1000.0


def line_length_km(line: shapely.LineString | shapely.MultiLineString) -> float:
    """Geodesic length in km of a (lon, lat) line; unwrapped longitudes are fine.

    Examples
    --------
    >>> round(line_length_km(shapely.LineString([(179, 0), (181, 0)])), 1)
    222.6
    """
    return float(GEOD.geometry_length(line)) / 1000.0


def unwrap_lon(lons: ArrayLike) -> NDArray[np.float64]:
    """Unwrap a sequence of longitudes so no step exceeds 180 degrees.

    Examples
    --------
    >>> unwrap_lon([170.0, 179.0, -178.0]).tolist()
    [170.0, 179.0, 182.0]
    """
    return np.asarray(np.unwrap(np.asarray(lons, dtype=float), period=360.0), dtype=float)


def geodesic_line(
    start: Sequence[float], end: Sequence[float], *, step_km: float = 25.0
) -> shapely.LineString:
    """A densified geodesic (great-circle on the ellipsoid) from `start` to `end`.

    Parameters
    ----------
    start, end : (lon, lat)
        End points in degrees.
    step_km : float
        Largest spacing between consecutive points.

    Returns
    -------
    shapely.LineString
        (lon, lat) points, longitudes unwrapped relative to `start`.

    Examples
    --------
    >>> line = geodesic_line((131.9, 43.1), (37.6, 55.8), step_km=100)
    >>> max(lat for _, lat in line.coords) > 55.8  # a great circle bulges poleward
    True
    """
    lon1, lat1 = float(start[0]), float(start[1])
    lon2, lat2 = float(end[0]), float(end[1])
    total_km = float(distance_km(lon1, lat1, lon2, lat2))
    n_inner = max(int(np.ceil(total_km / step_km)) - 1, 0)
    inner = GEOD.npts(lon1, lat1, lon2, lat2, n_inner) if n_inner else []
    coords = np.array([(lon1, lat1), *inner, (lon2, lat2)], dtype=float)
    coords[:, 0] = unwrap_lon(coords[:, 0])
    return shapely.LineString(coords)


def destination(start: Sequence[float], azimuth_deg: float, distance: float) -> tuple[float, float]:
    """The point `distance` km from `start` along `azimuth_deg` (clockwise from north).

    Examples
    --------
    >>> lon, lat = destination((0.0, 0.0), 90.0, 111.319)
    >>> round(lon, 3), round(lat, 3)
    (1.0, 0.0)
    """
    lon, lat, _ = GEOD.fwd(float(start[0]), float(start[1]), azimuth_deg, distance * 1000.0)
    return float(lon), float(lat)
