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
    ``line`` (e.g. ``Trans-Siberian``), ``line_id`` (the line's id in the
    network file; its ``line`` for an import), ``gauge`` (text: ``1520``, or
    ``1435/1520`` for dual-gauge track; None when unknown:
    :mod:`legmap.rail._gauge`), ``geometry`` (LineString from u to v).

Edges are undirected.  The embedded network lives in ``geo/rail/`` (sources in
its README); an OpenStreetMap import produces the same frames and is saved with
:meth:`RailNetwork.save`.

Snapping is honest.  A stop whose id is a node id or a node's ``place_id`` *is*
that station.  Any other stop snaps to the nearest station within ``snap_km``;
when the first or last stop is farther from its station than its access limit
(:func:`access_limit_km`: ``Config.access_km``, 2 km, or a city's rough radius),
the stretch between the place and the station (a geodesic, "access") is drawn
and counted in the route's length, apart (:attr:`RailRoute.access_km`).  Two
distinct places never measure 0 km: when every stop snaps to one station, both
access stretches count whatever their length.  :meth:`RailNetwork.trip` says
why a trip has no route (:class:`RailGap`): no station near a place ("no rail
data") or stations with no path between them ("no rail connection").

A route records where its train changes gauge (:attr:`RailRoute.gauge_breaks`:
Khasan, 1,435 -> 1,520 mm, going north from Pyongyang).  Networks stack:
:meth:`RailNetwork.combine` joins the embedded network and imports where their
stations or track ends meet, within :data:`JOIN_KM` (:mod:`legmap.rail._combine`).

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
from typing import TYPE_CHECKING, Literal

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from numpy.typing import NDArray

from legmap._data import geo_path
from legmap._geodesic import distance_km as _geodesic_km
from legmap._geodesic import geodesic_line, unwrap_lon
from legmap.errors import DataError, NoRailConnectionError
from legmap.rail._combine import JOIN_KM, combine_frames
from legmap.rail._fastrouter import cache_dir_for
from legmap.rail._gauge import GaugeBreak, format_gauge, gauge_run, parse_gauge
from legmap.rail._io import read_gpkg, read_toml, validate_frames, write_gpkg
from legmap.rail._router import Router, build_router

if TYPE_CHECKING:
    from legmap.places.place import Place

__all__ = [
    "ACCESS_KM",
    "JOIN_KM",
    "GaugeBreak",
    "RailGap",
    "RailNetwork",
    "RailRoute",
    "access_limit_km",
    "active_network",
    "prepare_router",
]

#: Default access limit (km): a stop farther than this from its station gets an
#: access stretch (``Config.access_km``).
ACCESS_KM = 2.0
#: People per km² of the disc whose radius is a city's access limit.
CITY_DENSITY = 5000.0
_ACCESS_STEP_KM = 5.0  # vertex spacing of drawn access stretches
_NEAR_KM = 25.0  # a gauge break on a track node is named after a station this near


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
    >>> round(net.distance_km((131.885, 43.115), (128.333, 51.884)), -2)  # ~1,600 km by rail
    1600.0
    """

    nodes: gpd.GeoDataFrame
    edges: gpd.GeoDataFrame
    name: str
    #: The file it was loaded from (None: built in code, or combined).
    path: Path | None
    #: Whether this is legmap's embedded network.
    embedded: bool
    #: The networks a combined network was made of (:meth:`combine`); empty otherwise.
    layers: tuple[RailNetwork, ...]

    def __init__(self, nodes: gpd.GeoDataFrame, edges: gpd.GeoDataFrame, name: str) -> None:
        self.nodes = nodes
        self.edges = edges
        self.name = name
        self.path = None
        self.embedded = False
        self.layers = ()
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
        texts = edges["gauge"] if "gauge" in edges.columns else [None] * len(edges)
        known: dict[object, tuple[int, ...]] = {}  # a million edges, a few gauges
        self._gauge = []
        for g in texts:
            if g not in known:
                known[g] = parse_gauge(g)
            self._gauge.append(known[g])

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
        network.path = p
        return network

    @classmethod
    def combine(
        cls, networks: Sequence[RailNetwork], *, join_km: float = JOIN_KM, name: str | None = None
    ) -> RailNetwork:
        """One network made of several: the embedded one and imports, joined where they meet.

        Parameters
        ----------
        networks : sequence of RailNetwork
            In order: a node of a later network that is the same node (same id),
            or the same station (same name), as one of an earlier network within
            `join_km` is merged into it; a station or the end of a track of one
            is joined to the nearest node of the others within `join_km` by a
            straight *join edge* of geodesic length (:mod:`legmap.rail._combine`).
        join_km : float
            How near two networks' nodes must be to meet (at most 1 km).
        name : str, optional
            Default: the names joined by ``+``.

        Returns
        -------
        RailNetwork
            A new network (the only one given, as is), with its own router:
            never the cached hierarchy of one of its files.  Its ``layers`` are
            the networks given; its edges' ``network`` column says which each
            edge came from (``join`` for join edges).

        Examples
        --------
        >>> import geopandas as gpd, shapely
        >>> def line(name, a, b, x0, x1, gauge):
        ...     nodes = gpd.GeoDataFrame({"name": [a, b], "is_station": [True, False],
        ...         "place_id": [None, None]}, index=[a, b], crs="EPSG:4326",
        ...         geometry=[shapely.Point(x0, 50), shapely.Point(x1, 50)])
        ...     edges = gpd.GeoDataFrame({"u": [a], "v": [b], "length_km": [70.0],
        ...         "length_source": ["geodesic"], "line": [name], "gauge": [gauge]},
        ...         geometry=[shapely.LineString([(x0, 50), (x1, 50)])], crs="EPSG:4326")
        ...     return RailNetwork.from_frames(nodes, edges, name=name)
        >>> west = line("west", "Westville", "w-end", 0.0, 0.15, 1435)
        >>> east = line("east", "Eastville", "e-end", 0.5, 0.152, 1520)  # ends 140 m apart
        >>> both = RailNetwork.combine([west, east])
        >>> route = both.route([(0, 50), (0.5, 50)])
        >>> round(route.length_km, 2), [str(b) for b in route.gauge_breaks]
        (140.14, ['near Westville: 1,435 -> 1,520 mm'])
        """
        if not networks:
            raise ValueError("combine needs at least one network")
        if len(networks) == 1:
            return networks[0]
        joined = combine_frames(
            [(net.name, net.nodes, net.edges) for net in networks], join_km=join_km
        )
        label = name or "+".join(net.name for net in networks)
        combined = cls.from_frames(joined.nodes, joined.edges, name=label)
        combined.layers = tuple(networks)
        combined._by_place.update(
            {old: new for old, new in joined.aliases.items() if new in combined._index_of}
        )
        files = [net.path for net in networks if net.path is not None and not net.embedded]
        if files:
            # A folder of its own: the topology differs from every single file's.
            combined._router_cache_dir = cache_dir_for(files[0]) / "combined"
        return combined

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

    def _node_of(self, stop_id: str | None) -> int | None:
        """The node a stop id names (a node id or a node's ``place_id``), if any."""
        if stop_id is None:
            return None
        node = stop_id if stop_id in self._index_of else self._by_place.get(stop_id)
        return None if node is None else self._index_of[node]

    def _snap(self, lon: float, lat: float, stop_id: str | None, snap_km: float) -> int:
        node = self._node_of(stop_id)
        if node is not None:
            return node
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
        access_km: float | Sequence[float] = ACCESS_KM,
        gauge: Sequence[int] = (),
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
        access_km : float or sequence of float
            Access limit, for all stops or per stop: a first or last stop snapped
            farther than this from its station gets an access stretch (drawn,
            and counted in ``length_km``); see the module docstring.
        gauge : sequence of int
            The gauge (mm) the train arrives on, from its previous leg
            (:attr:`RailRoute.end_gauge`): a change at the first station is a
            gauge break of this route.  Empty: whatever the first track is.

        Raises
        ------
        NoRailConnectionError
            A stop has no station within `snap_km`, or two consecutive stops
            are in parts of the network that are not connected.

        Examples
        --------
        >>> net = RailNetwork.load()
        >>> r = net.route([(37.657, 55.777), (131.882, 43.111)])
        >>> r.station_ids[0], r.station_ids[-1], 9000 < r.length_km < 9400  # 9,289 km published
        ('moscow-yaroslavsky-station', 'vladivostok-station', True)
        """
        if len(stops) < 2:
            raise ValueError("a route needs at least two stops")
        ids = list(stop_ids) if stop_ids is not None else [None] * len(stops)
        if len(ids) != len(stops):
            raise ValueError("stop_ids must have one entry per stop")
        limits = (
            [float(access_km)] * len(stops)
            if isinstance(access_km, int | float)
            else [float(x) for x in access_km]
        )
        if len(limits) != len(stops):
            raise ValueError("access_km must be one number or one per stop")
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
        by_id = [self._node_of(sid) is not None for sid in ids]
        ends = (0, len(stops) - 1)
        counted = [not by_id[i] and float(snap_dist[i]) > limits[i] for i in ends]
        if len(path) == 1 and (lon[0], lat[0]) != (lon[-1], lat[-1]):
            # Every stop at one station: two distinct places are never 0 km apart.
            counted = [not by_id[i] for i in ends]
        geometry, length = self._assemble(
            path,
            start=(float(lon[0]), float(lat[0])) if counted[0] else None,
            end=(float(lon[-1]), float(lat[-1])) if counted[1] else None,
        )
        access = tuple(
            float(snap_dist[i]) if c else 0.0 for i, c in zip(ends, counted, strict=True)
        )
        breaks, end_gauge = self._gauge_breaks(path, tuple(sorted(gauge)))
        return RailRoute(
            station_ids=tuple(self._ids[i] for i in path),
            geometry=geometry,
            length_km=length + sum(access),
            snapped=tuple((self._ids[i], float(d)) for i, d in zip(idx, snap_dist, strict=True)),
            access_km=(access[0], access[1]),
            gauge_breaks=breaks,
            end_gauge=end_gauge,
        )

    def trip(
        self,
        places: Sequence[Place],
        *,
        snap_km: float = 50.0,
        access_km: float = ACCESS_KM,
        gauge: Sequence[int] = (),
    ) -> RailRoute | RailGap:
        """The rail route through `places` (start, vias, end), or why there is none.

        Each place's access limit is :func:`access_limit_km` with `access_km` as
        the base; `gauge` is that of :meth:`route`.  Unlike :meth:`route`, a
        missing route is an answer (:class:`RailGap`), not an error.

        Examples
        --------
        >>> from legmap.places.gazetteer import Gazetteer
        >>> gaz, net = Gazetteer.default(), RailNetwork.load()
        >>> r = net.trip([gaz.resolve("Vnukovo"), gaz.resolve("Moscow")])  # the airport: 29 km out
        >>> r.access_km[0] > 20, r.access_km[1], r.length_km > r.access_km[0]
        (True, 0.0, True)
        >>> net.trip([gaz.resolve("Tokyo"), gaz.resolve("Vladivostok")]).reason
        'no_station'
        """
        for n, place in enumerate(places):
            if self._node_of(place.id) is not None:
                continue
            idx, km = self._nearest(place.lon, place.lat)
            if idx < 0 or km > snap_km:
                nearest = f"; nearest station: {self._names[idx]}, {km:,.0f} km" if idx >= 0 else ""
                return RailGap(
                    reason="no_station",
                    message=f"no station within {snap_km:g} km of {place.name()} "
                    f"in rail network {self.name!r}{nearest}",
                    stop=n,
                    station=self._names[idx] if idx >= 0 else None,
                    station_km=km,
                )
        try:
            return self.route(
                [p.lonlat for p in places],
                stop_ids=[p.id for p in places],
                snap_km=snap_km,
                access_km=[access_limit_km(p, base_km=access_km) for p in places],
                gauge=gauge,
            )
        except NoRailConnectionError as err:
            return RailGap(reason="no_connection", message=str(err))

    def station_name(self, node_id: str) -> str:
        """The English name of a node (a station's name, or its id for a track node)."""
        return self._names[self._index_of[node_id]]

    def _gauge_breaks(
        self, path: list[int], start: tuple[int, ...]
    ) -> tuple[tuple[GaugeBreak, ...], tuple[int, ...]]:
        """Where a train along `path` (node indices) changes gauge, and its gauge at the end."""
        edges = [self._edge_between(a, b) for a, b in itertools.pairwise(path)]
        changes, end = gauge_run([self._gauge[k] for k in edges], start=start)
        out = []
        for change in changes:
            node = path[change.index]
            out.append(
                GaugeBreak(
                    node=self._ids[node],
                    name=self._place_name(node),
                    lon=float(self._lon[node]),
                    lat=float(self._lat[node]),
                    from_gauge=change.from_gauge,
                    to_gauge=change.to_gauge,
                )
            )
        return tuple(out), end

    def _place_name(self, node: int) -> str:
        """A station's name; for a track node, ``near`` the nearest station (25 km at most)."""
        if self._station[node]:
            return self._names[node]
        idx, km = self._nearest(float(self._lon[node]), float(self._lat[node]))
        if idx >= 0 and km <= _NEAR_KM:
            return f"near {self._names[idx]}"
        return _fmt_lonlat(float(self._lon[node]), float(self._lat[node]))

    def lines(self) -> pd.DataFrame:
        """Every line of the network: what ``legmap rail lines`` lists.

        Returns
        -------
        pandas.DataFrame
            One row per line, in file order: ``network`` (the network, or layer,
            it comes from), ``id``, ``name``, ``km`` (the sum of its edges'
            ``length_km``), ``gauge`` (``1,435 mm``, ``1,435/1,520 mm``, several
            separated by ``; `` when an import's line has more, ``-`` unknown),
            ``gauge_mm`` (every gauge of the line, a sorted list of int),
            ``source`` (``published``, ``prorated``, ``geodesic``, or
            ``mixed`` when its edges differ) and ``published_km``,
            ``prorated_km``, ``geodesic_km`` (how much of `km` each source gives);
            km to 0.1 km.
            Join edges between layers (:meth:`combine`) are not lines.

        Examples
        --------
        >>> lines = RailNetwork.load().lines().set_index("id")
        >>> row = lines.loc["pyongra"]
        >>> f"{row.km:,.0f} km", row.gauge, row.source
        ('819 km', '1,435 mm', 'prorated')
        """
        edges = self.edges
        network = edges["network"] if "network" in edges.columns else self.name
        frame = pd.DataFrame(
            {
                "network": network,
                "id": edges["line_id"] if "line_id" in edges.columns else edges["line"],
                "name": edges["line"],
                "km": edges["length_km"].astype(float),
                "gauge": edges["gauge"] if "gauge" in edges.columns else None,
                "length_source": edges["length_source"],
            }
        )
        frame = frame[frame["network"] != "join"]
        rows = []
        for (net, line_id), group in frame.groupby(["network", "id"], sort=False):
            by_source = group.groupby("length_source")["km"].sum()
            sources = [s for s in ("published", "prorated", "geodesic") if s in by_source.index]
            gauges = sorted({g for g in group["gauge"] if isinstance(g, str)}, key=parse_gauge)
            rows.append(
                {
                    "network": str(net),
                    "id": str(line_id),
                    "name": str(group["name"].iloc[0]),
                    "km": round(float(group["km"].sum()), 1),
                    "gauge": "; ".join(format_gauge(parse_gauge(g)) for g in gauges) or "-",
                    "gauge_mm": sorted({mm for g in gauges for mm in parse_gauge(g)}),
                    "source": sources[0] if len(sources) == 1 else "mixed",
                    **{
                        f"{s}_km": round(float(by_source.get(s, 0.0)), 1)
                        for s in ("published", "prorated", "geodesic")
                    },
                }
            )
        return pd.DataFrame(rows)

    def imported_station_places(self) -> list[Place]:
        """The stations of the networks that are not the embedded one, as places.

        What a story or ``--rail`` adds to the gazetteer: the embedded network's
        stations are already gazetteer places (or need no name of their own).
        """
        parts = self.layers or (self,)
        return [place for net in parts if not net.embedded for place in net.station_places()]

    def _assemble(
        self,
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
            k = self._edge_between(a, b)
            coords = self._edge_coords[k]
            pieces.append(coords if self._edge_u[k] == a else coords[::-1])
            length += float(self._length[k])
        first = (float(self._lon[path[0]]), float(self._lat[path[0]]))
        last = (float(self._lon[path[-1]]), float(self._lat[path[-1]]))
        if start is not None:
            pieces.insert(0, _access_line(start, first))
        if end is not None:
            pieces.append(_access_line(last, end))
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

    def station_places(self) -> list[Place]:
        """The stations as gazetteer places (kind ``station``), to find them by name.

        A station's id is its ``place_id`` (so a train leg snaps to it), else
        its node id; names come from the ``name`` and ``name_xx`` columns, other
        names from ``aliases`` (``;``-separated) when the frame has it.
        """
        from legmap.places.place import Place  # noqa: PLC0415

        nodes = self.nodes[self.nodes["is_station"].astype(bool)]
        langs = [c[5:] for c in nodes.columns if c.startswith("name_")]
        places = []
        for nid, row in nodes.iterrows():
            names = {"en": str(row["name"])}
            names.update({g: v for g in langs if (v := _text(row.get(f"name_{g}")))})
            aliases = _text(row.get("aliases"))
            point = row.geometry
            places.append(
                Place(
                    id=_text(row.get("place_id")) or str(nid),
                    names=names,
                    lat=float(point.y),
                    lon=float(point.x),
                    kind="station",
                    country=None,
                    source=_text(row.get("source")) or f"rail network {self.name!r}",
                    aliases=tuple(aliases.split(";")) if aliases else (),
                )
            )
        return places

    def __repr__(self) -> str:
        return f"RailNetwork({self.name!r}, {len(self.nodes)} nodes, {len(self.edges)} edges)"


def _text(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


def _access_line(a: tuple[float, float], b: tuple[float, float]) -> NDArray[np.float64]:
    """The geodesic from `a` to `b` as (n, 2) coordinates."""
    line = geodesic_line(a, b, step_km=_ACCESS_STEP_KM)
    return np.asarray(line.coords, dtype=float)[:, :2]


@functools.cache
def _load_embedded() -> RailNetwork:
    # Cached: the embedded network never changes while the process runs.
    network = RailNetwork.load(geo_path("rail", "network.toml"))
    network.embedded = True
    return network


def active_network(
    files: Sequence[str | os.PathLike[str]] = (), *, embedded: bool = True, join_km: float = JOIN_KM
) -> RailNetwork:
    """The embedded network (unless `embedded` is false) extended by network files.

    Raises
    ------
    DataError
        A file is missing or broken, or `embedded` is false and no file is given.

    Examples
    --------
    >>> active_network().name
    'embedded'
    """
    if not files and not embedded:
        raise DataError("no rail network: give a network file (--rail) or keep the embedded one")
    networks = [RailNetwork.load()] if embedded else []
    networks += [RailNetwork.load(f) for f in files]
    return RailNetwork.combine(networks, join_km=join_km)


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
