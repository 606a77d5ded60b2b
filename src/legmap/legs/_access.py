"""A train's line cut into its parts: access stretch, track, access stretch.

A routed train leg whose first or last place is farther from its station than
its access limit has an *access stretch* (place to station, a geodesic) at that
end of its geometry; the legs table gives their lengths (``access_from_km``,
``access_to_km``, counted in ``rail_km``).  Renderers that draw the stretches
apart (thinner, dashed: they are not track) cut the line with
:func:`split_access`.
"""

from __future__ import annotations

import math

import numpy as np
import shapely

from legmap import _geodesic

__all__ = ["split_access"]


def _cut_index(cumulative: np.ndarray, km: float) -> int:
    """The vertex whose distance along the line is closest to `km`."""
    return int(np.argmin(np.abs(cumulative - km)))


def split_access(
    line: shapely.LineString | shapely.MultiLineString, access_from_km: float, access_to_km: float
) -> tuple[shapely.LineString | None, shapely.LineString, shapely.LineString | None]:
    """Cut a train's line into (access at the start, track, access at the end).

    Parameters
    ----------
    line : shapely.LineString or shapely.MultiLineString
        A leg's geometry, (lon, lat); parts split at the antimeridian are joined
        again, so the pieces returned have unwrapped longitudes.
    access_from_km, access_to_km : float
        The leg's access stretches (0 or NaN: none).

    Returns
    -------
    start, track, end : shapely.LineString or None
        `start` and `end` are None when there is no stretch at that end.

    Examples
    --------
    >>> import shapely
    >>> from legmap._geodesic import distance_km
    >>> line = shapely.LineString([(131.0, 43.2), (131.0, 43.0), (132.0, 43.0)])
    >>> start, track, end = split_access(line, float(distance_km(131, 43.2, 131, 43)), 0.0)
    >>> list(start.coords), list(track.coords), end
    ([(131.0, 43.2), (131.0, 43.0)], [(131.0, 43.0), (132.0, 43.0)], None)
    """
    # A line split at the antimeridian (RFC 7946) is joined again, longitudes unwrapped.
    xy = shapely.get_coordinates(line).astype(float)
    xy[:, 0] = _geodesic.unwrap_lon(xy[:, 0])
    keep = np.ones(len(xy), dtype=bool)
    keep[1:] = np.any(np.abs(np.diff(xy, axis=0)) > 1e-12, axis=1)
    xy = xy[keep]
    if len(xy) < 2:
        return None, shapely.LineString(np.repeat(xy[:1], 2, axis=0)), None
    steps = _geodesic.distance_km(xy[:-1, 0], xy[:-1, 1], xy[1:, 0], xy[1:, 1])
    cumulative = np.concatenate([[0.0], np.cumsum(steps)])
    total = float(cumulative[-1])
    first, last = 0, len(xy) - 1
    if math.isfinite(access_from_km) and access_from_km > 0:
        first = _cut_index(cumulative, access_from_km)
    if math.isfinite(access_to_km) and access_to_km > 0:
        last = _cut_index(cumulative, total - access_to_km)
    last = max(last, first)
    start = shapely.LineString(xy[: first + 1]) if first > 0 else None
    end = shapely.LineString(xy[last:]) if last < len(xy) - 1 else None
    track = xy[first : last + 1]
    if len(track) < 2:  # every stop at one station: the track is a point
        track = np.repeat(xy[first : first + 1], 2, axis=0)
    return start, shapely.LineString(track), end
