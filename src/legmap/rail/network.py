"""Rail networks: load the embedded or an imported network, snap places, route trains.

A :class:`RailNetwork` is two GeoDataFrames (EPSG:4326, (lon, lat)):

``nodes``
    index: node id (str); columns ``name`` (English), ``name_ru`` (optional, and
    ``name_ko``/``name_zh``/``name_ar`` where known), ``is_station`` (bool),
    ``place_id`` (the gazetteer place that *is* this station, or None),
    ``geometry`` (Point).
``edges``
    ``u``, ``v`` (node ids), ``length_km`` (rail distance), ``length_source``
    (``published``: difference of published km posts; ``prorated``: a published
    distance shared out, in proportion to the drawn line, between stations that
    have no post of their own; ``geodesic``: the length of the drawn line),
    ``line`` (e.g. ``Trans-Siberian``), ``geometry`` (LineString from u to v).

Edges are undirected.  The embedded network lives in ``geo/rail/`` (sources in
its README); an OpenStreetMap import produces the same frames and is saved with
:meth:`RailNetwork.save`.

Examples
--------
>>> net = RailNetwork.load()
>>> route = net.route([(125.7477, 39.0158), (131.882, 43.111)],
...                   stop_ids=["pyongyang-station", "vladivostok-station"])
>>> "khasan" in route.station_ids, round(route.length_km)
(True, 1201)
"""

from __future__ import annotations

import functools
import itertools
import math
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely
from numpy.typing import NDArray

from legmap._data import geo_path
from legmap._geodesic import distance_km as _geodesic_km
from legmap._geodesic import unwrap_lon
from legmap.errors import DataError, NoRailConnectionError
from legmap.rail._fastrouter import cache_dir_for
from legmap.rail._io import read_gpkg, read_toml, validate_frames, write_gpkg
from legmap.rail._router import Router, build_router

__all__ = ["RailNetwork", "RailRoute", "prepare_router"]


@dataclass(frozen=True)
class RailRoute:
    """A train route through a network.

    Attributes
    ----------
    station_ids : tuple of str
        Every node passed, in order, from the first snapped stop to the last.
    geometry : shapely.LineString
        (lon, lat) along the track from start to end, longitudes unwrapped.
    length_km : float
        Rail distance: the sum of the edges' ``length_km``.
    snapped : tuple of (str, float)
        Per stop: the node it snapped to and how far away it was (km).
    """

    station_ids: tuple[str, ...]
    geometry: shapely.LineString
    length_km: float
    snapped: tuple[tuple[str, float], ...]


def _fmt_lonlat(lon: float, lat: float) -> str:
    return f"({lon:.4f}, {lat:.4f})"


class RailNetwork:
    """A rail network: validated node and edge frames plus a router.

    Build one with :meth:`load` or :meth:`from_frames`, not the constructor.

    Examples
    --------
    >>> net = RailNetwork.load()
    >>> net.nearest_station(131.885, 43.115, max_km=10)[0]
    'vladivostok-station'
    >>> round(net.distance_km((131.885, 43.115), (128.333, 51.884)))
    1622
    """

    nodes: gpd.GeoDataFrame
    edges: gpd.GeoDataFrame
    name: str

    def __init__(self, nodes: gpd.GeoDataFrame, edges: gpd.GeoDataFrame, name: str) -> None:
        self.nodes = nodes
        self.edges = edges
        self.name = name
        ids = nodes.index.to_numpy()
        self._index_of = {str(nid): i for i, nid in enumerate(ids)}
        self._ids: list[str] = [str(nid) for nid in ids]
        self._names: list[str] = [str(n) for n in nodes["name"]]
        self._lon = shapely.get_x(nodes.geometry.to_numpy()).astype(float)
        self._lat = shapely.get_y(nodes.geometry.to_numpy()).astype(float)
        self._station = nodes["is_station"].to_numpy(dtype=bool)
        self._by_place = {
            str(pid): str(nid)
            for nid, pid in zip(nodes.index, nodes["place_id"], strict=False)
            if isinstance(pid, str) and pid
        }
        u = np.array([self._index_of[x] for x in edges["u"]], dtype=np.int64)
        v = np.array([self._index_of[x] for x in edges["v"]], dtype=np.int64)
        length = edges["length_km"].to_numpy(dtype=float)
        self._length = length
        # Per undirected node pair, the lightest edge (the one the router uses),
        # found with sorted pair keys: no Python loop over a country's edges.
        keys = np.minimum(u, v) * len(ids) + np.maximum(u, v)
        order = np.lexsort((length, keys))
        first = np.ones(len(order), dtype=bool)
        first[1:] = keys[order][1:] != keys[order][:-1]
        self._pair_keys = keys[order][first]
        self._pair_edge = order[first]
        self._edge_u = u
        self._edge_v = v
        coords, which = shapely.get_coordinates(edges.geometry.to_numpy(), return_index=True)
        cuts = np.searchsorted(which, np.arange(1, len(edges)))
        self._edge_coords: list[NDArray[np.float64]] = np.split(coords, cuts)
        self._router_cache_dir: Path | None = None
        self._router_instance: Router | None = None

    @property
    def _router(self) -> Router:
        # Built on the first route: a contraction hierarchy on a million edges takes
        # seconds even from its cache, and many uses (snapping, stations) need none.
        if self._router_instance is None:
            self._router_instance = build_router(
                self._edge_u,
                self._edge_v,
                self._length,
                len(self._ids),
                lonlat=(self._lon, self._lat),
                cache_dir=self._router_cache_dir,
            )
        return self._router_instance

    def _edge_between(self, a: int, b: int) -> int:
        key = min(a, b) * len(self._ids) + max(a, b)
        return int(self._pair_edge[np.searchsorted(self._pair_keys, key)])

    # ------------------------------------------------------------ construction
    @classmethod
    def from_frames(
        cls, nodes: gpd.GeoDataFrame, edges: gpd.GeoDataFrame, *, name: str
    ) -> RailNetwork:
        """Validate node and edge frames and build a network.

        Raises
        ------
        DataError
            Missing columns, duplicate or dangling node ids, bad lengths or
            geometries, edges whose ends are not at their nodes.

        Examples
        --------
        >>> import geopandas as gpd, shapely
        >>> nodes = gpd.GeoDataFrame(
        ...     {"name": ["A", "B"], "is_station": [True, True], "place_id": [None, None]},
        ...     geometry=[shapely.Point(0, 0), shapely.Point(1, 0)], index=["a", "b"],
        ...     crs="EPSG:4326")
        >>> edges = gpd.GeoDataFrame(
        ...     {"u": ["a"], "v": ["b"], "length_km": [120.0], "length_source": ["published"],
        ...      "line": ["test"]}, geometry=[shapely.LineString([(0, 0), (1, 0)])],
        ...     crs="EPSG:4326")
        >>> RailNetwork.from_frames(nodes, edges, name="tiny").route([(0, 0), (1, 0)]).length_km
        120.0
        """
        nodes, edges = validate_frames(nodes, edges, name=name)
        return cls(nodes, edges, name)

    @classmethod
    def load(cls, path: str | os.PathLike[str] | None = None) -> RailNetwork:
        """Load the embedded network (``path=None``, cached) or a saved or TOML network.

        Parameters
        ----------
        path : path-like, optional
            A GeoPackage written by :meth:`save`, or a ``network.toml`` in the
            embedded format (or a folder holding one).

        Examples
        --------
        >>> RailNetwork.load().name
        'embedded'
        >>> RailNetwork.load() is RailNetwork.load()
        True
        """
        if path is None:
            return _load_embedded()
        p = Path(path)
        if p.is_dir():
            p = p / "network.toml"
        if not p.exists():
            raise DataError(f"no rail network file at {p}")
        if p.suffix.lower() == ".toml":
            nodes, edges, name = read_toml(p)
        else:
            nodes, edges, name = read_gpkg(p)
        try:
            network = cls.from_frames(nodes, edges, name=name)
        except DataError as err:
            raise err.located(file=str(p)) from None
        network._router_cache_dir = cache_dir_for(p)
        return network

    def save(self, path: str | os.PathLike[str]) -> None:
        """Write the network as a GeoPackage (layers ``nodes`` and ``edges``).

        Examples
        --------
        >>> import tempfile, pathlib
        >>> out = pathlib.Path(tempfile.mkdtemp()) / "net.gpkg"
        >>> RailNetwork.load().save(out)
        >>> len(RailNetwork.load(out).edges) == len(RailNetwork.load().edges)
        True
        """
        write_gpkg(path, self.nodes, self.edges, self.name)

    # ------------------------------------------------------------ queries
    def _nearest(self, lon: float, lat: float) -> tuple[int, float]:
        candidates = np.flatnonzero(self._station)
        if candidates.size == 0:
            return -1, math.inf
        lons, lats = self._lon[candidates], self._lat[candidates]
        d = _geodesic_km(np.full_like(lons, lon), np.full_like(lats, lat), lons, lats)
        k = int(np.argmin(d))
        return int(candidates[k]), float(d[k])

    def nearest_station(self, lon: float, lat: float, *, max_km: float) -> tuple[str, float]:
        """The station nearest to (lon, lat) and its distance in km.

        Raises
        ------
        NoRailConnectionError
            When no station is within `max_km`.

        Examples
        --------
        >>> RailNetwork.load().nearest_station(130.65, 42.43, max_km=5)[0]
        'khasan'
        """
        idx, dist = self._nearest(lon, lat)
        if idx < 0 or dist > max_km:
            raise NoRailConnectionError(
                f"no station within {max_km:g} km of {_fmt_lonlat(lon, lat)} "
                f"in network {self.name!r}"
            )
        return self._ids[idx], dist

    def _snap(self, lon: float, lat: float, stop_id: str | None, snap_km: float) -> int:
        if stop_id is not None:
            node = stop_id if stop_id in self._index_of else self._by_place.get(stop_id)
            if node is not None:
                return self._index_of[node]
        idx, dist = self._nearest(lon, lat)
        if idx < 0 or dist > snap_km:
            label = f"{stop_id} " if stop_id else ""
            raise NoRailConnectionError(
                f"no station within {snap_km:g} km of {label}{_fmt_lonlat(lon, lat)} "
                f"in network {self.name!r}"
            )
        return idx

    def route(
        self,
        stops: Sequence[tuple[float, float]],
        *,
        stop_ids: Sequence[str | None] | None = None,
        snap_km: float = 50.0,
    ) -> RailRoute:
        """The shortest rail route through `stops`, in order.

        Parameters
        ----------
        stops : sequence of (lon, lat)
            Start, vias, end.
        stop_ids : sequence of str or None, optional
            Place ids of the stops; a stop whose id is a node id, or a node's
            ``place_id``, snaps to that node whatever the distance.
        snap_km : float
            Other stops snap to the nearest station within this distance.

        Raises
        ------
        NoRailConnectionError
            A stop has no station within `snap_km`, or two consecutive stops
            are in parts of the network that are not connected.

        Examples
        --------
        >>> net = RailNetwork.load()
        >>> r = net.route([(37.657, 55.777), (131.882, 43.111)])
        >>> r.station_ids[0], r.station_ids[-1], round(r.length_km)
        ('moscow-yaroslavsky-station', 'vladivostok-station', 9299)
        """
        if len(stops) < 2:
            raise ValueError("a route needs at least two stops")
        ids = list(stop_ids) if stop_ids is not None else [None] * len(stops)
        if len(ids) != len(stops):
            raise ValueError("stop_ids must have one entry per stop")
        snapped_idx = [
            self._snap(float(lon), float(lat), sid, snap_km)
            for (lon, lat), sid in zip(stops, ids, strict=True)
        ]
        path: list[int] = [snapped_idx[0]]
        for a, b in itertools.pairwise(snapped_idx):
            nodes, _total = self._router.shortest_path(a, b)
            if not nodes:
                raise NoRailConnectionError(
                    f"no rail connection between {self._names[a]} and {self._names[b]} "
                    f"in network {self.name!r}"
                )
            path.extend(nodes[1:])
        lon = np.array([float(s[0]) for s in stops])
        lat = np.array([float(s[1]) for s in stops])
        idx = np.array(snapped_idx)
        snap_dist = _geodesic_km(lon, lat, self._lon[idx], self._lat[idx])
        geometry, length = self._assemble(path)
        return RailRoute(
            station_ids=tuple(self._ids[i] for i in path),
            geometry=geometry,
            length_km=length,
            snapped=tuple((self._ids[i], float(d)) for i, d in zip(idx, snap_dist, strict=True)),
        )

    def _assemble(self, path: list[int]) -> tuple[shapely.LineString, float]:
        """Join the edges along `path` into one line oriented from start to end."""
        pieces: list[NDArray[np.float64]] = []
        length = 0.0
        for a, b in itertools.pairwise(path):  # edges of the path, not coordinates
            k = self._edge_between(a, b)
            coords = self._edge_coords[k]
            pieces.append(coords if self._edge_u[k] == a else coords[::-1])
            length += float(self._length[k])
        if not pieces:
            point = np.array([[self._lon[path[0]], self._lat[path[0]]]])
            pieces = [np.repeat(point, 2, axis=0)]
        xy = np.concatenate(pieces)[:, :2]
        # Consecutive edges share their joint: drop exact repeats, keep everything else.
        keep = np.ones(len(xy), dtype=bool)
        keep[1:] = np.any(xy[1:] != xy[:-1], axis=1)
        if keep.sum() >= 2:
            xy = xy[keep]
        xy[:, 0] = unwrap_lon(xy[:, 0])
        return shapely.LineString(xy), length

    def distance_km(
        self,
        a: tuple[float, float],
        b: tuple[float, float],
        *,
        a_id: str | None = None,
        b_id: str | None = None,
        snap_km: float = 50.0,
    ) -> float | None:
        """Rail distance between two places, or None when there is none.

        Examples
        --------
        >>> net = RailNetwork.load()
        >>> round(net.distance_km((131.9, 43.1), (135.07, 48.5)))
        766
        >>> net.distance_km((139.77, 35.68), (131.9, 43.1)) is None  # Tokyo: no station near
        True
        """
        try:
            return self.route([a, b], stop_ids=[a_id, b_id], snap_km=snap_km).length_km
        except NoRailConnectionError:
            return None

    def __repr__(self) -> str:
        return f"RailNetwork({self.name!r}, {len(self.nodes)} nodes, {len(self.edges)} edges)"


@functools.cache
def _load_embedded() -> RailNetwork:
    # Cached: the embedded network never changes while the process runs.
    return RailNetwork.load(geo_path("rail", "network.toml"))


def prepare_router(output: Path) -> str:
    """Build and cache the contraction hierarchy of a saved network, if worth it.

    Returns the phrase the import summary appends (empty when the network is too
    small for the fast router, or it is not installed).
    """
    from legmap.rail._fastrouter import (  # noqa: PLC0415
        FAST_ROUTER_MIN_EDGES,
        CCHRouter,
        cache_dir_for,
        fast_router_available,
    )

    net = RailNetwork.load(output)
    if len(net.edges) < FAST_ROUTER_MIN_EDGES or not fast_router_available():
        return ""
    # The same arrays RailNetwork hands to its router: node order of the file.
    index_of = {nid: i for i, nid in enumerate(net.nodes.index)}
    u = np.array([index_of[x] for x in net.edges["u"]], dtype=np.int64)
    v = np.array([index_of[x] for x in net.edges["v"]], dtype=np.int64)
    pts = net.nodes.geometry.to_numpy()
    CCHRouter(
        u,
        v,
        net.edges["length_km"].to_numpy(dtype=float),
        len(net.nodes),
        lonlat=(shapely.get_x(pts), shapely.get_y(pts)),
        cache_dir=cache_dir_for(output),
    )
    return f", router prepared in {cache_dir_for(output).name}/"
