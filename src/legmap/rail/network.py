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

This module owns :class:`RailNetwork` (building, loading, combining, saving;
the embedded network, cached), :func:`active_network` and
:func:`prepare_router`.  The rest is private and importable from here:
:class:`RailRoute`, :class:`RailGap` (:mod:`legmap.rail._routing`),
:func:`access_limit_km` (:mod:`legmap.rail._access`) and the query methods
``RailNetwork`` inherits (:mod:`legmap.rail._queries`).

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
import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import geopandas as gpd

from legmap._data import geo_path
from legmap.errors import DataError
from legmap.rail._access import ACCESS_KM, access_limit_km
from legmap.rail._access import CITY_DENSITY as CITY_DENSITY  # noqa: PLC0414  (re-exported)
from legmap.rail._arrays import NetworkArrays
from legmap.rail._combine import JOIN_KM, combine_frames
from legmap.rail._fastrouter import cache_dir_for, prepare_cache
from legmap.rail._gauge import GaugeBreak
from legmap.rail._io import read_network, validate_frames, write_gpkg
from legmap.rail._lines import line_table
from legmap.rail._queries import RouteQueries
from legmap.rail._router import Router, build_router
from legmap.rail._routing import RailGap, RailRoute
from legmap.rail._stations import station_places

if TYPE_CHECKING:
    import pandas as pd

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

#: Whom a map using the embedded network credits: km from Wikipedia (CC BY-SA),
#: positions from GeoNames (CC BY); geo/rail/README.md, per figure.
EMBEDDED_ATTRIBUTION = ("Wikipedia", "GeoNames")


class RailNetwork(RouteQueries):
    """A rail network: validated node and edge frames plus a router.

    Build one with :meth:`load` or :meth:`from_frames`, not the constructor.
    :meth:`nearest_station`, :meth:`route`, :meth:`trip` and :meth:`distance_km`
    are inherited from :class:`legmap.rail._queries.RouteQueries`.

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
        self._arrays = NetworkArrays.of(nodes, edges)
        # The router's input (tests and benchmarks read it too).
        self._edge_u, self._edge_v = self._arrays.edge_u, self._arrays.edge_v
        self._length = self._arrays.length
        self._router_cache_dir: Path | None = None
        self._router_instance: Router | None = None

    @property
    def attribution(self) -> tuple[str, ...]:
        """Whom a map drawn on this network must credit for its rail data.

        The embedded network: :data:`EMBEDDED_ATTRIBUTION`.  A network imported
        from OpenStreetMap: its nodes' ``source`` ("OpenStreetMap contributors
        (ODbL)", which the ODbL requires on the map).  Another file: the sources
        its nodes name, else its name.  A combined network: each layer's, in order.

        Examples
        --------
        >>> RailNetwork.load().attribution
        ('Wikipedia', 'GeoNames')
        """
        if self.layers:
            return tuple(dict.fromkeys(a for layer in self.layers for a in layer.attribution))
        if self.embedded:
            return EMBEDDED_ATTRIBUTION
        named = self.nodes["source"].dropna().astype(str) if "source" in self.nodes else []
        return tuple(dict.fromkeys(x for x in named if x.strip())) or (self.name,)

    @property
    def _router(self) -> Router:
        # Built on the first route: a contraction hierarchy on a million edges takes
        # seconds even from its cache, and many uses (snapping, stations) need none.
        if self._router_instance is None:
            a = self._arrays
            self._router_instance = build_router(
                a.edge_u,
                a.edge_v,
                a.length,
                len(a.ids),
                lonlat=(a.lon, a.lat),
                cache_dir=self._router_cache_dir,
            )
        return self._router_instance

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
        nodes, edges, name, p = read_network(path)
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
        combined._arrays.by_place.update(
            {old: new for old, new in joined.aliases.items() if new in combined._arrays.index_of}
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

    def station_name(self, node_id: str) -> str:
        """The English name of a node (a station's name, or its id for a track node)."""
        return self._arrays.names[self._arrays.index_of[node_id]]

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
        return line_table(self.edges, network=self.name)

    def imported_station_places(self) -> list[Place]:
        """The stations of the networks that are not the embedded one, as places.

        What a story or ``--rail`` adds to the gazetteer: the embedded network's
        stations are already gazetteer places (or need no name of their own).
        """
        parts = self.layers or (self,)
        return [place for net in parts if not net.embedded for place in net.station_places()]

    def station_places(self) -> list[Place]:
        """The stations as gazetteer places (kind ``station``), to find them by name.

        A station's id is its ``place_id`` (so a train leg snaps to it), else
        its node id; names come from the ``name`` and ``name_xx`` columns, other
        names from ``aliases`` (``;``-separated) when the frame has it.
        """
        return station_places(self.nodes, network=self.name)

    def __repr__(self) -> str:
        return f"RailNetwork({self.name!r}, {len(self.nodes)} nodes, {len(self.edges)} edges)"


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
    net = RailNetwork.load(output)
    a = net._arrays  # the arrays it hands to its router: node order of the file
    return prepare_cache(
        a.edge_u, a.edge_v, a.length, len(a.ids), lonlat=(a.lon, a.lat), path=output
    )
