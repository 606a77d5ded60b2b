"""Routing through stops: the route, its line, its gauge breaks, or why there is none.

Owns the answers of :meth:`legmap.rail.network.RailNetwork.route` and
:meth:`~legmap.rail.network.RailNetwork.trip` (:class:`RailRoute`,
:class:`RailGap`; both importable from :mod:`legmap.rail.network`) and how a
route is made once its stops are snapped (:mod:`legmap.rail._snap`,
:func:`route_snapped`): the router's shortest paths between consecutive stops
joined into one path of nodes (:func:`path_through`), drawn as one line with
the access stretches at its ends (:func:`assemble`, :mod:`legmap.rail._access`),
and where its train changes gauge (:func:`gauge_breaks`, the rule of
:mod:`legmap.rail._gauge`).  Along a path, each pair of nodes is joined by its
lightest edge, the one the router took.

Examples
--------
>>> from legmap.rail.network import RailNetwork
>>> net = RailNetwork.load()
>>> arrays = net._arrays
>>> path = path_through(arrays, net._router, [arrays.index_of["khasan"],
...                     arrays.index_of["vladivostok-station"]], network=net.name)
>>> line, km = assemble(arrays, path)
>>> arrays.ids[path[-1]], round(km), len(line.coords) > len(path)
('vladivostok-station', 328, True)
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

import numpy as np
import shapely
from numpy.typing import NDArray

from legmap._geodesic import unwrap_lon
from legmap.errors import NoRailConnectionError
from legmap.rail._access import access_ends, access_line
from legmap.rail._arrays import NetworkArrays
from legmap.rail._gauge import GaugeBreak, gauge_run
from legmap.rail._router import Router
from legmap.rail._snap import first_unsnapped, node_of, place_name

if TYPE_CHECKING:
    from legmap.places.place import Place

__all__ = [
    "RailGap",
    "RailRoute",
    "assemble",
    "gauge_breaks",
    "missing_station",
    "path_through",
    "route_snapped",
    "stop_limits",
]


@dataclass(frozen=True)
class RailRoute:
    """A train route through a network.

    Attributes
    ----------
    station_ids : tuple of str
        Every node passed, in order, from the first snapped stop to the last.
    geometry : shapely.LineString
        (lon, lat) from start to end, longitudes unwrapped: the access stretch
        from the first stop to its station (if any), the track, the access
        stretch from the last station to the last stop (if any).
    length_km : float
        Rail distance: the sum of the edges' ``length_km`` plus the access stretches.
    snapped : tuple of (str, float)
        Per stop: the node it snapped to and how far away it was (km).
    access_km : tuple of (float, float)
        The access stretches at the start and at the end (km, geodesic; 0 when none),
        counted in `length_km`.
    gauge_breaks : tuple of GaugeBreak
        Where the train changes gauge, in order (``str()`` of one:
        ``Khasan: 1,435 -> 1,520 mm``); see :mod:`legmap.rail._gauge`.
    end_gauge : tuple of int
        The gauge (mm) the train is on at the end, for the next leg of the
        same train (``gauge=`` of :meth:`RailNetwork.route`); ``()`` unknown.
    """

    station_ids: tuple[str, ...]
    geometry: shapely.LineString
    length_km: float
    snapped: tuple[tuple[str, float], ...]
    access_km: tuple[float, float] = (0.0, 0.0)
    gauge_breaks: tuple[GaugeBreak, ...] = ()
    end_gauge: tuple[int, ...] = ()

    @property
    def network_km(self) -> float:
        """The distance along the network alone (`length_km` without the access stretches)."""
        return self.length_km - sum(self.access_km)


@dataclass(frozen=True)
class RailGap:
    """Why a trip has no rail route.

    Attributes
    ----------
    reason : {"no_station", "no_connection"}
        ``no_station``: a stop has no station within the snapping distance (the
        network does not cover it: "no rail data"); ``no_connection``: every stop
        has a station but no path joins two of them ("no rail connection").
    message : str
        One sentence naming the place or stations and the network.
    stop : int or None
        Index of the stop without a station (``no_station``).
    station : str or None
        The name of the station nearest to that stop, if the network has any.
    station_km : float
        Its distance from the stop (km; NaN when there is none).
    """

    reason: Literal["no_station", "no_connection"]
    message: str
    stop: int | None = None
    station: str | None = None
    station_km: float = math.nan


def route_snapped(
    arrays: NetworkArrays,
    router: Router,
    stops: Sequence[tuple[float, float]],
    snapped: list[int],
    *,
    ids: Sequence[str | None],
    limits: Sequence[float],
    gauge: Sequence[int],
    network: str,
) -> RailRoute:
    """The route through `stops` snapped to nodes `snapped` (ids and limits: :func:`stop_limits`).

    Raises
    ------
    NoRailConnectionError
        Two consecutive stops are in parts of the network that are not connected.
    """
    path = path_through(arrays, router, snapped, network=network)
    by_id = [node_of(arrays, sid) is not None for sid in ids]
    snap_dist, counted = access_ends(
        arrays, stops, snapped, by_id=by_id, limits=limits, one_station=len(path) == 1
    )
    (lon0, lat0), (lon1, lat1) = stops[0], stops[-1]
    geometry, length = assemble(
        arrays,
        path,
        start=(float(lon0), float(lat0)) if counted[0] else None,
        end=(float(lon1), float(lat1)) if counted[1] else None,
    )
    ends = (0, len(stops) - 1)
    access = tuple(float(snap_dist[i]) if c else 0.0 for i, c in zip(ends, counted, strict=True))
    breaks, end_gauge = gauge_breaks(arrays, path, tuple(sorted(gauge)))
    ids_of = arrays.ids
    return RailRoute(
        station_ids=tuple(ids_of[i] for i in path),
        geometry=geometry,
        length_km=length + sum(access),
        snapped=tuple((ids_of[i], float(d)) for i, d in zip(snapped, snap_dist, strict=True)),
        access_km=(access[0], access[1]),
        gauge_breaks=breaks,
        end_gauge=end_gauge,
    )


def missing_station(
    arrays: NetworkArrays, places: Sequence[Place], snap_km: float, *, network: str
) -> RailGap | None:
    """Why a trip through `places` has no route when a place has no station near, else None."""
    missing = first_unsnapped(arrays, places, snap_km)
    if missing is None:
        return None
    n, idx, km = missing
    nearest = f"; nearest station: {arrays.names[idx]}, {km:,.0f} km" if idx >= 0 else ""
    return RailGap(
        reason="no_station",
        message=f"no station within {snap_km:g} km of {places[n].name()} "
        f"in rail network {network!r}{nearest}",
        stop=n,
        station=arrays.names[idx] if idx >= 0 else None,
        station_km=km,
    )


def stop_limits(
    stops: Sequence[tuple[float, float]],
    stop_ids: Sequence[str | None] | None,
    access_km: float | Sequence[float],
) -> tuple[list[str | None], list[float]]:
    """Per stop, its id (or None) and its access limit; ValueError when they do not match."""
    if len(stops) < 2:
        raise ValueError("a route needs at least two stops")
    ids: list[str | None] = list(stop_ids) if stop_ids is not None else [None] * len(stops)
    if len(ids) != len(stops):
        raise ValueError("stop_ids must have one entry per stop")
    limits = (
        [float(access_km)] * len(stops)
        if isinstance(access_km, int | float)
        else [float(x) for x in access_km]
    )
    if len(limits) != len(stops):
        raise ValueError("access_km must be one number or one per stop")
    return ids, limits


def path_through(
    arrays: NetworkArrays, router: Router, snapped: Sequence[int], *, network: str
) -> list[int]:
    """The nodes of the shortest paths between consecutive `snapped` nodes, joined.

    Raises
    ------
    NoRailConnectionError
        Two consecutive nodes are in parts of the network that are not connected.
    """
    path: list[int] = [snapped[0]]
    for a, b in itertools.pairwise(snapped):
        nodes, _total = router.shortest_path(a, b)
        if not nodes:
            raise NoRailConnectionError(
                f"no rail connection between {arrays.names[a]} and {arrays.names[b]} "
                f"in network {network!r}"
            )
        path.extend(nodes[1:])
    return path


def assemble(
    arrays: NetworkArrays,
    path: list[int],
    *,
    start: tuple[float, float] | None = None,
    end: tuple[float, float] | None = None,
) -> tuple[shapely.LineString, float]:
    """Join the edges along `path` into one line oriented from start to end.

    `start` and `end`, when given, are places joined to the first and last
    station by geodesic access stretches.  The length returned is the
    network's alone.
    """
    pieces: list[NDArray[np.float64]] = []
    length = 0.0
    for a, b in itertools.pairwise(path):  # edges of the path, not coordinates
        k = arrays.edge_between(a, b)
        coords = arrays.edge_coords[k]
        pieces.append(coords if arrays.edge_u[k] == a else coords[::-1])
        length += float(arrays.length[k])
    first = (float(arrays.lon[path[0]]), float(arrays.lat[path[0]]))
    last = (float(arrays.lon[path[-1]]), float(arrays.lat[path[-1]]))
    if start is not None:
        pieces.insert(0, access_line(start, first))
    if end is not None:
        pieces.append(access_line(last, end))
    if not pieces:
        point = np.array([first])
        pieces = [np.repeat(point, 2, axis=0)]
    xy = np.concatenate(pieces)[:, :2]
    # Consecutive edges share their joint: drop exact repeats, keep everything else.
    keep = np.ones(len(xy), dtype=bool)
    keep[1:] = np.any(xy[1:] != xy[:-1], axis=1)
    if keep.sum() >= 2:
        xy = xy[keep]
    xy[:, 0] = unwrap_lon(xy[:, 0])
    return shapely.LineString(xy), length


def gauge_breaks(
    arrays: NetworkArrays, path: list[int], start: tuple[int, ...]
) -> tuple[tuple[GaugeBreak, ...], tuple[int, ...]]:
    """Where a train along `path` (node numbers) changes gauge, and its gauge at the end.

    `start` is the gauge it arrives on (``()``: whatever the first track is).
    """
    edges = [arrays.edge_between(a, b) for a, b in itertools.pairwise(path)]
    changes, end = gauge_run([arrays.gauge[k] for k in edges], start=start)
    out = []
    for change in changes:
        node = path[change.index]
        out.append(
            GaugeBreak(
                node=arrays.ids[node],
                name=place_name(arrays, node),
                lon=float(arrays.lon[node]),
                lat=float(arrays.lat[node]),
                from_gauge=change.from_gauge,
                to_gauge=change.to_gauge,
            )
        )
    return tuple(out), end
