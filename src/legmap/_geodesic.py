"""Geodesic maths on the WGS84 ellipsoid, all through pyproj's :class:`~pyproj.Geod`.

Coordinates are (lon, lat) in degrees.  Three conventions meet at the antimeridian:

* the leg builders make *unwrapped* lines: longitudes may run past 180 (or
  below -180) so that consecutive points never jump by more than 180 degrees;
* the legs table keeps RFC 7946 geometry (:func:`split_antimeridian`):
  longitudes in [-180, 180], a line that crosses the antimeridian split there
  into a MultiLineString, so ``to_crs`` and GIS tools never see a world-wide jump;
* maps draw every leg and place of a story in one *longitude frame*
  ``[lon_0 - 180, lon_0 + 180)`` (:func:`central_meridian`, :func:`frame_line`,
  :func:`frame_lon`), so a Pacific journey stays continuous on screen.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Sequence

import numpy as np
import shapely
from numpy.typing import ArrayLike, NDArray
from pyproj import Geod

__all__ = [
    "GEOD",
    "central_meridian",
    "destination",
    "distance_km",
    "frame_line",
    "frame_lon",
    "geodesic_line",
    "line_length_km",
    "split_antimeridian",
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


# ------------------------------------------------------------------ antimeridian


def _unwrapped_parts(geom: shapely.Geometry) -> list[NDArray[np.float64]]:
    """(n, 2) coordinate arrays of the parts of `geom`, each part unwrapped."""
    out = []
    for part in shapely.get_parts(geom):
        xy = np.array(shapely.get_coordinates(part), dtype=float)
        if len(xy):
            xy[:, 0] = unwrap_lon(xy[:, 0])
            out.append(xy)
    return out


def central_meridian(geoms: Iterable[shapely.Geometry | None]) -> float:
    """The central meridian of the one longitude frame that shows `geoms` whole.

    Every segment of every line (the short way round, as unwrapped lines run)
    and every point covers some longitudes; the frame's edge goes in the middle
    of the widest stretch of longitudes nothing covers, so no line crosses it
    and the content spans as few degrees as possible.  When that stretch holds
    the antimeridian the frame is the usual [-180, 180) (``lon_0 = 0``).

    Parameters
    ----------
    geoms : iterable of shapely geometries
        Lines and points in (lon, lat); None and empty geometries are skipped.

    Returns
    -------
    float
        ``lon_0`` in [-180, 180): the frame is ``[lon_0 - 180, lon_0 + 180)``.

    Examples
    --------
    >>> central_meridian([shapely.LineString([(37.6, 55.8), (131.9, 43.1)])])
    0.0
    >>> nrt_anc = shapely.LineString([(140.4, 35.8), (210.0, 61.2)])  # unwrapped
    >>> round(central_meridian([nrt_anc, shapely.Point(-118.4, 33.9)]), 1)
    -169.0
    """
    starts: list[NDArray[np.float64]] = []
    ends: list[NDArray[np.float64]] = []
    points: list[NDArray[np.float64]] = []
    for geom in geoms:
        if geom is None or shapely.is_empty(geom):
            continue
        for xy in _unwrapped_parts(geom):
            lon = xy[:, 0]
            points.append(lon)
            lo, hi = np.minimum(lon[:-1], lon[1:]), np.maximum(lon[:-1], lon[1:])
            starts += [lon, lo]
            ends += [lon, hi]
    if not starts:
        return 0.0
    start = np.concatenate(starts)
    gap = _widest_gap(start, np.concatenate(ends))
    if gap is None:  # the content goes round the world: frame the points alone
        lon = np.concatenate(points)
        gap = _widest_gap(lon, lon)
        if gap is None:
            return 0.0
    west, width = gap
    if (180.0 - west) % 360.0 < width:  # the antimeridian is free: the usual frame
        return 0.0
    lon_0 = (west + width / 2.0 + 180.0 + 180.0) % 360.0 - 180.0
    return round(float(lon_0), 6) + 0.0


def _widest_gap(start: NDArray[np.float64], end: NDArray[np.float64]) -> tuple[float, float] | None:
    """(first longitude, width) of the widest arc no interval [start, end] covers."""
    lo = start % 360.0
    hi = lo + (end - start)
    order = np.argsort(lo, kind="stable")
    lo, hi = lo[order], hi[order]
    reach = np.maximum.accumulate(hi)
    # Between interval k's reach and interval k+1's start; then round the back.
    gap_from = np.append(reach[:-1], reach[-1])
    gap_width = np.append(lo[1:] - reach[:-1], lo[0] + 360.0 - reach[-1])
    k = int(np.argmax(gap_width))
    if gap_width[k] <= 1e-9:
        return None
    return float(gap_from[k] % 360.0), float(gap_width[k])


def frame_lon(lon: float, lon_0: float) -> float:
    """`lon` moved by whole turns into the frame ``[lon_0 - 180, lon_0 + 180)``.

    Examples
    --------
    >>> frame_lon(-150.0, -169.0), frame_lon(140.4, -169.0), frame_lon(37.6, 0.0)
    (-150.0, -219.6, 37.6)
    """
    turns = math.floor((lon - (lon_0 - 180.0)) / 360.0)
    return lon - 360.0 * turns if turns else lon


def frame_line(geom: shapely.Geometry, lon_0: float) -> shapely.LineString:
    """A leg's line (split at the antimeridian or unwrapped) as one line in the frame.

    The parts are joined in order and unwrapped, and the whole line is moved
    by whole turns so that it starts inside ``[lon_0 - 180, lon_0 + 180)``.

    Examples
    --------
    >>> split = split_antimeridian(shapely.LineString([(170.0, 50.0), (190.0, 50.0)]))
    >>> split.geom_type
    'MultiLineString'
    >>> [round(x) for x, _ in frame_line(split, 180.0).coords]
    [170, 180, 190]
    """
    parts = _unwrapped_parts(geom)
    if not parts:
        return shapely.LineString()
    xy = np.concatenate(parts)
    xy[:, 0] = unwrap_lon(xy[:, 0])
    turns = math.floor((xy[0, 0] - (lon_0 - 180.0)) / 360.0)
    if turns:
        xy[:, 0] -= 360.0 * turns
    keep = np.ones(len(xy), dtype=bool)
    keep[1:] = (np.diff(xy, axis=0) != 0).any(axis=1)  # the joins of split parts
    if keep.sum() < 2:
        keep[:2] = True
    return shapely.LineString(xy[keep])


def _crossing(a: NDArray[np.float64], b: NDArray[np.float64], meridian: float) -> float:
    """Latitude where the geodesic from `a` to `b` (unwrapped lon) meets `meridian`."""
    az, _, dist = GEOD.inv(a[0], a[1], b[0], b[1])
    lo, hi = 0.0, 1.0
    lat = float(a[1])
    sign = 1.0 if b[0] > a[0] else -1.0
    for _ in range(60):
        mid = (lo + hi) / 2.0
        lon, lat, _ = GEOD.fwd(a[0], a[1], az, dist * mid)
        lon = a[0] + ((lon - a[0] + 180.0) % 360.0 - 180.0)
        if (lon - meridian) * sign < 0:
            lo = mid
        else:
            hi = mid
    return float(lat)


def split_antimeridian(geom: shapely.Geometry) -> shapely.LineString | shapely.MultiLineString:
    """A line as RFC 7946 wants it: longitudes in [-180, 180], split at the antimeridian.

    Each part of `geom` is unwrapped first, then cut where it crosses 180
    degrees (at the point of the geodesic between the two vertices, so the
    geodesic length is kept) and every piece is moved into [-180, 180].  A
    line that crosses nothing comes back unchanged.

    Examples
    --------
    >>> line = shapely.LineString([(175.0, 60.0), (185.0, 62.0)])
    >>> out = split_antimeridian(line)
    >>> [[round(x, 1) for x, _ in part.coords] for part in out.geoms]
    [[175.0, 180.0], [-180.0, -175.0]]
    >>> abs(line_length_km(out) - line_length_km(line)) < 1e-6
    True
    """
    pieces: list[NDArray[np.float64]] = []
    changed = False
    for xy in _unwrapped_parts(geom):
        # Which copy of the world each vertex is in (a vertex on 180 counts for both).
        below = np.floor((xy[:, 0] - 180.0) / 360.0)
        above = np.ceil((xy[:, 0] - 180.0) / 360.0)
        if below.min() == below.max() and above.min() == above.max():
            pieces.append(xy)  # the usual case: nothing to cut, in one vectorised test
            continue
        current = [xy[0]]
        for k, (a, b) in enumerate(itertools.pairwise(xy)):
            lo, hi = sorted((float(a[0]), float(b[0])))
            first = math.floor((lo - 180.0) / 360.0) + 1
            meridians = [180.0 + 360.0 * j for j in range(first, math.ceil((hi - 180.0) / 360.0))]
            if b[0] < a[0]:
                meridians.reverse()
            for m in meridians:
                if not lo < m < hi:
                    continue
                cut = np.array([m, _crossing(a, b, m)])
                current.append(cut)
                pieces.append(np.array(current))
                current = [cut]
            current.append(b)
            if (b[0] - 180.0) % 360.0 == 0.0 and k + 2 < len(xy):  # a vertex on the line
                pieces.append(np.array(current))
                current = [b]
        pieces.append(np.array(current))
    out = []
    for piece in pieces:
        if len(piece) < 2 or not (np.diff(piece, axis=0) != 0).any():
            continue  # a point touching the antimeridian is no piece of line
        mid = (piece[:, 0].min() + piece[:, 0].max()) / 2.0
        turns = math.floor((mid + 180.0) / 360.0)
        if turns:
            changed = True
        out.append(piece - np.array([360.0 * turns, 0.0]) if turns else piece)
    same = len(out) == 1 and not changed and geom.geom_type == "LineString"
    if same and np.array_equal(out[0], shapely.get_coordinates(geom)):
        return geom  # nothing to do: the very same line
    if len(out) == 1:
        return shapely.LineString(out[0])
    return shapely.MultiLineString(out)
