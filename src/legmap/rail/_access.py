"""Access stretches: the way between a place and the station it snapped to.

A route's first or last stop farther from the station it snapped to than its
access limit (:func:`access_limit_km`: ``Config.access_km``, :data:`ACCESS_KM`
by default, or a city's rough radius) gets an *access stretch*: the geodesic
between the place and the station, drawn (:func:`access_line`) and counted in
the route's length, apart (:func:`access_ends`).  A stop named by its
station's id (or place id) *is* that station: never a stretch.  Two distinct
places never measure 0 km: when every stop snapped to one station, both ends
count whatever their length.

Examples
--------
>>> access_line((131.0, 43.0), (131.2, 43.0)).shape  # 16 km: a vertex every 5 km or less
(5, 2)
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

from legmap._geodesic import distance_km, geodesic_line
from legmap.rail._arrays import NetworkArrays

if TYPE_CHECKING:
    from legmap.places.place import Place

__all__ = ["ACCESS_KM", "CITY_DENSITY", "access_ends", "access_limit_km", "access_line"]

#: Default access limit (km): a stop farther than this from its station gets an
#: access stretch (``Config.access_km``).
ACCESS_KM = 2.0
#: People per km² of the disc whose radius is a city's access limit.
CITY_DENSITY = 5000.0
_ACCESS_STEP_KM = 5.0  # vertex spacing of drawn access stretches


def access_limit_km(place: Place, *, base_km: float = ACCESS_KM) -> float:
    """How far `place` may be from its station before the stretch between them counts.

    `base_km` for any place; for a city with a population, at least the radius
    of a disc holding that population at :data:`CITY_DENSITY` people per km²
    (a typical urban density), so a city's main station serves the city:
    Pyongyang (3.2 million) 14 km, Vladivostok (0.6 million) 6 km, Artyom
    (0.1 million) 2.6 km.

    Examples
    --------
    >>> from legmap.places.place import Place
    >>> artyom = Place(id="a", names={"en": "Artyom"}, lat=43.36, lon=132.19, kind="city",
    ...                country="RU", source="t", rank=102300)
    >>> round(access_limit_km(artyom), 1), access_limit_km(artyom.__class__(
    ...     id="b", names={"en": "B"}, lat=0, lon=0, kind="airport", country=None, source="t"))
    (2.6, 2.0)
    """
    if place.kind == "city" and place.rank > 0:
        return max(base_km, math.sqrt(place.rank / (math.pi * CITY_DENSITY)))
    return base_km


def access_line(a: tuple[float, float], b: tuple[float, float]) -> NDArray[np.float64]:
    """The geodesic from `a` to `b` as (n, 2) coordinates."""
    line = geodesic_line(a, b, step_km=_ACCESS_STEP_KM)
    return np.asarray(line.coords, dtype=float)[:, :2]


def access_ends(
    arrays: NetworkArrays,
    stops: Sequence[tuple[float, float]],
    snapped: Sequence[int],
    *,
    by_id: Sequence[bool],
    limits: Sequence[float],
    one_station: bool,
) -> tuple[NDArray[np.float64], list[bool]]:
    """How far each stop is from its node (km), and whether the first and last stretches count.

    `by_id`: per stop, whether its id named its node; `limits`: per stop, its
    access limit (km); `one_station`: whether the whole path is one station.
    """
    lon = np.array([float(s[0]) for s in stops])
    lat = np.array([float(s[1]) for s in stops])
    idx = np.array(snapped)
    snap_dist = distance_km(lon, lat, arrays.lon[idx], arrays.lat[idx])
    ends = (0, len(stops) - 1)
    counted = [not by_id[i] and float(snap_dist[i]) > limits[i] for i in ends]
    if one_station and (lon[0], lat[0]) != (lon[-1], lat[-1]):
        # Every stop at one station: two distinct places are never 0 km apart.
        counted = [not by_id[i] for i in ends]
    return snap_dist, counted
