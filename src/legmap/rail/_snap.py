"""Snapping: which node of a network a stop is, or the station nearest to it.

Snapping is honest.  A stop whose id is a node id or a node's ``place_id`` *is*
that node, whatever the distance (:func:`node_of`).  Any other stop snaps to
the nearest station, by geodesic distance, within ``snap_km`` (:func:`snap`);
none there is a :class:`~legmap.errors.NoRailConnectionError`
(:func:`no_station`), or for a trip an answer (:func:`first_unsnapped`).  A
track node where something happens (a gauge break) is named after the nearest
station within :data:`NEAR_KM` (:func:`place_name`).

Examples
--------
>>> from legmap.rail.network import RailNetwork
>>> arrays = RailNetwork.load()._arrays
>>> idx, km = nearest(arrays, 130.65, 42.43)
>>> arrays.ids[idx], round(km, 1)
('khasan', 0.4)
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from legmap._geodesic import distance_km
from legmap.errors import NoRailConnectionError
from legmap.rail._arrays import NetworkArrays

if TYPE_CHECKING:
    from legmap.places.place import Place

__all__ = [
    "NEAR_KM",
    "first_unsnapped",
    "fmt_lonlat",
    "nearest",
    "no_station",
    "node_of",
    "place_name",
    "snap",
]

NEAR_KM = 25.0  # a gauge break on a track node is named after a station this near


def fmt_lonlat(lon: float, lat: float) -> str:
    """(lon, lat) to 4 decimals, as messages write a place with no name."""
    return f"({lon:.4f}, {lat:.4f})"


def nearest(arrays: NetworkArrays, lon: float, lat: float) -> tuple[int, float]:
    """The station nearest to (lon, lat) and its distance in km; ``(-1, inf)`` when none."""
    candidates = np.flatnonzero(arrays.station)
    if candidates.size == 0:
        return -1, math.inf
    lons, lats = arrays.lon[candidates], arrays.lat[candidates]
    d = distance_km(np.full_like(lons, lon), np.full_like(lats, lat), lons, lats)
    k = int(np.argmin(d))
    return int(candidates[k]), float(d[k])


def no_station(
    within_km: float, lon: float, lat: float, *, network: str, stop_id: str | None = None
) -> NoRailConnectionError:
    """The error for a stop (named by `stop_id`, if any) with no station within `within_km`."""
    label = f"{stop_id} " if stop_id else ""
    return NoRailConnectionError(
        f"no station within {within_km:g} km of {label}{fmt_lonlat(lon, lat)} "
        f"in network {network!r}"
    )


def node_of(arrays: NetworkArrays, stop_id: str | None) -> int | None:
    """The node a stop id names (a node id or a node's ``place_id``), if any."""
    if stop_id is None:
        return None
    node = stop_id if stop_id in arrays.index_of else arrays.by_place.get(stop_id)
    return None if node is None else arrays.index_of[node]


def snap(
    arrays: NetworkArrays,
    lon: float,
    lat: float,
    stop_id: str | None,
    snap_km: float,
    *,
    network: str,
) -> int:
    """The node a stop snaps to: the one its id names, else the nearest station.

    Raises
    ------
    NoRailConnectionError
        No id names a node and no station is within `snap_km`.
    """
    node = node_of(arrays, stop_id)
    if node is not None:
        return node
    idx, dist = nearest(arrays, lon, lat)
    if idx < 0 or dist > snap_km:
        raise no_station(snap_km, lon, lat, network=network, stop_id=stop_id)
    return idx


def first_unsnapped(
    arrays: NetworkArrays, places: Sequence[Place], snap_km: float
) -> tuple[int, int, float] | None:
    """The first place that snaps to no node, its nearest station (-1: none) and km."""
    for n, place in enumerate(places):
        if node_of(arrays, place.id) is not None:
            continue
        idx, km = nearest(arrays, place.lon, place.lat)
        if idx < 0 or km > snap_km:
            return n, idx, km
    return None


def place_name(arrays: NetworkArrays, node: int) -> str:
    """A station's name; for a track node, ``near`` the nearest station (25 km at most)."""
    if arrays.station[node]:
        return arrays.names[node]
    idx, km = nearest(arrays, float(arrays.lon[node]), float(arrays.lat[node]))
    if idx >= 0 and km <= NEAR_KM:
        return f"near {arrays.names[idx]}"
    return fmt_lonlat(float(arrays.lon[node]), float(arrays.lat[node]))
