"""A rail network's frames as arrays: what snapping, routing and drawing read.

:class:`NetworkArrays` is built once per :class:`legmap.rail.network.RailNetwork`
from its validated frames.  Nodes are numbered in frame order (the numbers the
routers use): their ids, English names, positions, which are stations, and
which gazetteer place ids name them.  Per edge: its ends, ``length_km``, the
coordinates of its line and its parsed gauge (:mod:`legmap.rail._gauge`).  Per
undirected node pair it keeps the lightest edge, the one a router takes
(:meth:`NetworkArrays.edge_between`).

Examples
--------
>>> from legmap.rail.network import RailNetwork
>>> net = RailNetwork.load()
>>> arrays = NetworkArrays.of(net.nodes, net.edges)
>>> k = arrays.index_of["khasan"]
>>> arrays.names[k], bool(arrays.station[k]), len(arrays.edge_u) == len(net.edges)
('Khasan', True, True)
"""

from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import shapely
from numpy.typing import NDArray

from legmap.rail._gauge import parse_gauge

__all__ = ["NetworkArrays"]


@dataclass(frozen=True, eq=False)
class NetworkArrays:
    """Node and edge arrays of a network, in the order of its frames.

    Attributes
    ----------
    ids, names : list of str
        Node ids and English names; a node's number is its position.
    index_of : dict
        Node id -> number.
    by_place : dict
        Gazetteer place id -> the node id of the station that *is* that place
        (:meth:`legmap.rail.network.RailNetwork.combine` adds merged ids).
    lon, lat : numpy.ndarray of float
        Node positions.
    station : numpy.ndarray of bool
        Which nodes are stations.
    edge_u, edge_v : numpy.ndarray of int
        The edges' ends (node numbers).
    length : numpy.ndarray of float
        The edges' ``length_km``.
    edge_coords : list of numpy.ndarray
        Each edge's line as (n, 2) or (n, 3) coordinates from `u` to `v`.
    gauge : list of tuple of int
        Each edge's gauges (mm); ``()`` unknown.
    pair_keys, pair_edge : numpy.ndarray of int
        Sorted keys of the undirected node pairs and the lightest edge of each.
    """

    ids: list[str]
    names: list[str]
    index_of: dict[str, int]
    by_place: dict[str, str]
    lon: NDArray[np.float64]
    lat: NDArray[np.float64]
    station: NDArray[np.bool_]
    edge_u: NDArray[np.int64]
    edge_v: NDArray[np.int64]
    length: NDArray[np.float64]
    edge_coords: list[NDArray[np.float64]]
    gauge: list[tuple[int, ...]]
    pair_keys: NDArray[np.int64]
    pair_edge: NDArray[np.intp]

    @classmethod
    def of(cls, nodes: gpd.GeoDataFrame, edges: gpd.GeoDataFrame) -> NetworkArrays:
        """The arrays of validated node and edge frames."""
        ids = nodes.index.to_numpy()
        index_of = {str(nid): i for i, nid in enumerate(ids)}
        u = np.array([index_of[x] for x in edges["u"]], dtype=np.int64)
        v = np.array([index_of[x] for x in edges["v"]], dtype=np.int64)
        length = edges["length_km"].to_numpy(dtype=float)
        # Per undirected node pair, the lightest edge (the one the router uses),
        # found with sorted pair keys: no Python loop over a country's edges.
        keys = np.minimum(u, v) * len(ids) + np.maximum(u, v)
        order = np.lexsort((length, keys))
        first = np.ones(len(order), dtype=bool)
        first[1:] = keys[order][1:] != keys[order][:-1]
        coords, which = shapely.get_coordinates(edges.geometry.to_numpy(), return_index=True)
        cuts = np.searchsorted(which, np.arange(1, len(edges)))
        texts = edges["gauge"] if "gauge" in edges.columns else [None] * len(edges)
        known: dict[object, tuple[int, ...]] = {}  # a million edges, a few gauges
        gauge = []
        for g in texts:
            if g not in known:
                known[g] = parse_gauge(g)
            gauge.append(known[g])
        return cls(
            ids=[str(nid) for nid in ids],
            names=[str(n) for n in nodes["name"]],
            index_of=index_of,
            by_place={
                str(pid): str(nid)
                for nid, pid in zip(nodes.index, nodes["place_id"], strict=False)
                if isinstance(pid, str) and pid
            },
            lon=shapely.get_x(nodes.geometry.to_numpy()).astype(float),
            lat=shapely.get_y(nodes.geometry.to_numpy()).astype(float),
            station=nodes["is_station"].to_numpy(dtype=bool),
            edge_u=u,
            edge_v=v,
            length=length,
            edge_coords=np.split(coords, cuts),
            gauge=gauge,
            pair_keys=keys[order][first],
            pair_edge=order[first],
        )

    def edge_between(self, a: int, b: int) -> int:
        """The lightest edge between nodes `a` and `b` (numbers), which must be adjacent."""
        key = min(a, b) * len(self.ids) + max(a, b)
        return int(self.pair_edge[np.searchsorted(self.pair_keys, key)])
