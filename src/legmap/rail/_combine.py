"""Layered rail networks: several networks joined into one graph.

:meth:`legmap.rail.network.RailNetwork.combine` stacks networks (the embedded
one, then imports, in order) and joins them where they meet, within
``join_km`` (:data:`JOIN_KM`, 0.5 km by default):

1. a node with the same id in an earlier layer, at most ``join_km`` away, *is*
   that node (two OpenStreetMap extracts share the nodes of their overlap); a
   farther one is renamed ``LAYER:id``;
2. a station with the same name (:func:`legmap.places._text.name_key`) as a
   station of an earlier layer, at most ``join_km`` away, is merged into it
   (the ends of its edges move onto it);
3. a station or the end of a track (a node with one edge) of one layer is
   joined to the nearest node of the other layers within ``join_km`` by a
   *join edge*: a straight line of geodesic length (``line`` ``network join``,
   ``length_source`` ``geodesic``, gauge unknown).  That is where a track cut at
   a border by two extracts continues, and where an imported station meets the
   embedded one.

Identical edges (same ends, same length to the metre) are kept once.  Nothing
here reads a file.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from numpy.typing import NDArray

from legmap._geodesic import distance_km
from legmap.places._text import name_key

__all__ = ["JOIN_KM", "JOIN_LINE", "Combined", "combine_frames"]

#: Default distance (km) within which two networks' nodes meet.
JOIN_KM = 0.5
#: The ``line`` of join edges.
JOIN_LINE = "network join"
#: Km per degree of latitude used to size search boxes (110.57 at the equator to
#: 111.69 at the poles on WGS 84); the slack below covers the difference.
_KM_PER_DEG = 111.2
_SLACK = 1.01
#: Beyond this latitude a search box spans every longitude.
_POLAR_LAT = 89.0


@dataclass
class Combined:
    """Joined frames, and which old node ids now name another node."""

    nodes: gpd.GeoDataFrame
    edges: gpd.GeoDataFrame
    #: Node ids (and place ids) of merged nodes -> the node they became.
    aliases: dict[str, str]
    joins: int
    merged: int


def _lonlat(nodes: gpd.GeoDataFrame) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    pts = nodes.geometry.to_numpy()
    return shapely.get_x(pts).astype(float), shapely.get_y(pts).astype(float)


def _degree(nodes: gpd.GeoDataFrame, edges: gpd.GeoDataFrame) -> NDArray[np.int64]:
    counts = pd.concat([edges["u"], edges["v"]]).value_counts()
    degree: NDArray[np.int64] = counts.reindex(nodes.index, fill_value=0).to_numpy(dtype=np.int64)
    return degree


def _search_boxes(
    lon: NDArray[np.float64], lat: NDArray[np.float64], km: float
) -> tuple[NDArray[np.int64], NDArray[np.float64]]:
    """Lon/lat boxes holding every point within `km` of each (lon, lat), as (owner, bounds).

    A box spans ``km / 111.2`` degrees of latitude (with 1 % slack) each side,
    and that divided by the cosine of its poleward edge in longitude (a
    parallel's degree shrinks towards the pole); from 89 degrees of latitude on,
    every longitude.  Longitudes are taken modulo 360 into [-180, 180); a box
    crossing the antimeridian is also given shifted by 360 degrees.
    """
    dlat = km / _KM_PER_DEG * _SLACK
    edge = np.minimum(np.abs(lat) + dlat, 90.0)
    polar = edge >= _POLAR_LAT
    dlon = np.where(polar, 180.0, dlat / np.cos(np.radians(np.where(polar, 0.0, edge))))
    x = (lon + 180.0) % 360.0 - 180.0
    lo, hi = np.where(polar, -180.0, x - dlon), np.where(polar, 180.0, x + dlon)
    owner = np.arange(len(lon), dtype=np.int64)
    west, east = np.flatnonzero(lo < -180.0), np.flatnonzero(hi > 180.0)
    owner = np.concatenate([owner, west, east])
    lo = np.concatenate([lo, lo[west] + 360.0, lo[east] - 360.0])
    hi = np.concatenate([hi, hi[west] + 360.0, hi[east] - 360.0])
    bounds = np.column_stack([lo, lat[owner] - dlat, hi, lat[owner] + dlat])
    return owner, bounds


def _nearest(
    tree_lon: NDArray[np.float64],
    tree_lat: NDArray[np.float64],
    lon: NDArray[np.float64],
    lat: NDArray[np.float64],
    km: float,
) -> tuple[NDArray[np.int64], NDArray[np.float64]]:
    """For each (lon, lat): the nearest tree point within `km` (-1 if none) and its distance.

    An STRtree of the tree points answers one lon/lat box per point (two across
    the antimeridian) sized to hold everything within `km`; the geodesic
    distance of each candidate decides.  Of equally near points, the first in
    tree order wins.

    Examples
    --------
    >>> import numpy as np
    >>> tree_lon, tree_lat = np.array([179.999, 10.0]), np.array([0.0, 50.0])
    >>> found, dist = _nearest(tree_lon, tree_lat, np.array([-179.999, 10.0]),
    ...                        np.array([0.0, 51.0]), 0.5)
    >>> found.tolist(), dist.round(3).tolist()
    ([0, -1], [0.223, inf])
    """
    found: NDArray[np.int64] = np.full(len(lon), -1, dtype=np.int64)
    dist = np.full(len(lon), np.inf)
    if len(lon) == 0 or len(tree_lon) == 0:
        return found, dist
    tree_x = (np.asarray(tree_lon, dtype=float) + 180.0) % 360.0 - 180.0
    tree = shapely.STRtree(shapely.points(tree_x, np.asarray(tree_lat, dtype=float)))
    owner, bounds = _search_boxes(np.asarray(lon, dtype=float), np.asarray(lat, dtype=float), km)
    box, cand = tree.query(shapely.box(*bounds.T))
    q = owner[box]
    d = np.asarray(distance_km(lon[q], lat[q], tree_lon[cand], tree_lat[cand]), dtype=float)
    ok = d <= km
    q, cand, d = q[ok], cand[ok].astype(np.int64), d[ok]
    order = np.lexsort((cand, d, q))  # per query point: nearest first, then tree order
    q, cand, d = q[order], cand[order], d[order]
    first = np.ones(q.size, dtype=bool)
    first[1:] = q[1:] != q[:-1]
    found[q[first]] = cand[first]
    dist[q[first]] = d[first]
    return found, dist


def _move_ends(
    edges: gpd.GeoDataFrame, moved: dict[str, str], points: dict[str, shapely.Point]
) -> None:
    """Point edges at the nodes their ends were merged into, and move their end vertices."""
    if not moved:
        return
    geoms = edges.geometry.to_numpy().copy()
    for end, pos in (("u", 0), ("v", -1)):
        hit = np.flatnonzero(edges[end].isin(moved).to_numpy())
        for k in hit.tolist():
            target = moved[edges[end].iat[k]]
            coords = np.asarray(geoms[k].coords, dtype=float)
            coords[pos, :2] = (points[target].x, points[target].y)
            geoms[k] = shapely.LineString(coords)
        edges.loc[edges.index[hit], end] = [moved[x] for x in edges[end].iloc[hit]]
    edges.geometry = gpd.GeoSeries(geoms, index=edges.index, crs=edges.crs)


@dataclass
class _Layer:
    """One layer being added: its frames, and its nodes that are nodes of earlier layers."""

    name: str
    nodes: gpd.GeoDataFrame
    edges: gpd.GeoDataFrame
    moved: dict[str, str]


def _same_ids(layer: _Layer, prev: gpd.GeoDataFrame, join_km: float, li: int) -> None:
    """Step 1: a node id of an earlier layer is that node when near, else renamed."""
    same = np.flatnonzero(layer.nodes.index.isin(prev.index))
    if not same.size:
        return
    lon, lat = _lonlat(layer.nodes)
    prev_lon, prev_lat = _lonlat(prev)
    at = prev.index.get_indexer(layer.nodes.index[same])
    d = np.asarray(distance_km(lon[same], lat[same], prev_lon[at], prev_lat[at]))
    rename = {}
    for k, km in zip(same.tolist(), d.tolist(), strict=True):
        nid = str(layer.nodes.index[k])
        if km <= join_km:
            layer.moved[nid] = nid
        else:
            new = f"{layer.name}:{nid}"
            rename[nid] = new if new not in prev.index else f"{layer.name}#{li}:{nid}"
    if rename:
        layer.nodes = layer.nodes.rename(index=rename)
        layer.edges["u"] = layer.edges["u"].replace(rename)
        layer.edges["v"] = layer.edges["v"].replace(rename)


def _same_stations(
    layer: _Layer, prev: gpd.GeoDataFrame, join_km: float, aliases: dict[str, str]
) -> int:
    """Step 2: a station named as an earlier station within `join_km` is merged into it."""
    nodes = layer.nodes
    lon, lat = _lonlat(nodes)
    prev_lon, prev_lat = _lonlat(prev)
    mine = np.flatnonzero(
        nodes["is_station"].to_numpy(dtype=bool) & ~nodes.index.isin(list(layer.moved))
    )
    theirs = np.flatnonzero(prev["is_station"].to_numpy(dtype=bool))
    hit, _ = _nearest(prev_lon[theirs], prev_lat[theirs], lon[mine], lat[mine], join_km)
    merged = 0
    for k, j in zip(mine.tolist(), hit.tolist(), strict=True):
        if j < 0:
            continue
        target = str(prev.index[theirs[j]])
        if name_key(str(nodes["name"].iat[k])) != name_key(str(prev["name"].iat[theirs[j]])):
            continue
        layer.moved[str(nodes.index[k])] = target
        place = nodes["place_id"].iat[k]
        if isinstance(place, str) and place:
            aliases[place] = target
        merged += 1
    return merged


def _joins(
    layer: _Layer, prev: gpd.GeoDataFrame, prev_edges: gpd.GeoDataFrame, join_km: float
) -> dict[tuple[str, str], float]:
    """Step 3: stations and track ends of either side meet the other side's nearest node."""
    nodes, edges = layer.nodes, layer.edges
    lon, lat = _lonlat(nodes)
    prev_lon, prev_lat = _lonlat(prev)
    mine = np.flatnonzero((_degree(nodes, edges) <= 1) | nodes["is_station"].to_numpy(dtype=bool))
    theirs = np.flatnonzero(
        (_degree(prev, prev_edges) <= 1) | prev["is_station"].to_numpy(dtype=bool)
    )
    pairs: dict[tuple[str, str], float] = {}
    hit, dist = _nearest(prev_lon, prev_lat, lon[mine], lat[mine], join_km)
    for k, j, km in zip(mine.tolist(), hit.tolist(), dist.tolist(), strict=True):
        if j >= 0:
            pairs[(str(prev.index[j]), str(nodes.index[k]))] = km
    hit, dist = _nearest(lon, lat, prev_lon[theirs], prev_lat[theirs], join_km)
    for k, j, km in zip(theirs.tolist(), hit.tolist(), dist.tolist(), strict=True):
        if j >= 0:
            pairs[(str(prev.index[k]), str(nodes.index[j]))] = km
    return pairs


def _join_edges(joins: dict[tuple[str, str], float], nodes: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    where = dict(zip(nodes.index, nodes.geometry, strict=True))
    return gpd.GeoDataFrame(
        {
            "u": [a for a, _ in joins],
            "v": [b for _, b in joins],
            "length_km": list(joins.values()),
            "length_source": "geodesic",
            "line": JOIN_LINE,
            "line_id": "join",
            "gauge": None,
            "network": "join",
        },
        geometry=[shapely.LineString([where[a], where[b]]) for a, b in joins],
        crs=nodes.crs,
    )


def combine_frames(
    layers: Sequence[tuple[str, gpd.GeoDataFrame, gpd.GeoDataFrame]], *, join_km: float = JOIN_KM
) -> Combined:
    """Join validated (name, nodes, edges) layers into one pair of frames.

    Examples
    --------
    >>> import geopandas as gpd, shapely
    >>> def layer(name, a, b, x0, x1):
    ...     nodes = gpd.GeoDataFrame({"name": [a, b], "is_station": [True, False],
    ...         "place_id": [None, None]}, geometry=[shapely.Point(x0, 0), shapely.Point(x1, 0)],
    ...         index=[a, b], crs="EPSG:4326")
    ...     edges = gpd.GeoDataFrame({"u": [a], "v": [b], "length_km": [100.0],
    ...         "length_source": ["geodesic"], "line": [name]},
    ...         geometry=[shapely.LineString([(x0, 0), (x1, 0)])], crs="EPSG:4326")
    ...     return name, nodes, edges
    >>> west, east = layer("west", "A", "end-w", 0, 1), layer("east", "B", "end-e", 2, 1.001)
    >>> out = combine_frames([west, east])
    >>> out.joins, out.edges["line"].tolist()
    (1, ['west', 'east', 'network join'])
    """
    if not 0 < join_km <= 1.0:
        raise ValueError(f"join_km must be within (0, 1] km, not {join_km!r}")
    acc_nodes: list[gpd.GeoDataFrame] = []
    acc_edges: list[gpd.GeoDataFrame] = []
    aliases: dict[str, str] = {}
    joins: dict[tuple[str, str], float] = {}
    merged = 0
    for li, (name, nodes, edges) in enumerate(layers):
        layer = _Layer(name, nodes.copy(), edges.reset_index(drop=True).copy(), {})
        layer.edges["network"] = name
        if acc_nodes:
            prev = pd.concat(acc_nodes)
            _same_ids(layer, prev, join_km, li)
            merged += _same_stations(layer, prev, join_km, aliases)
            aliases.update({k: v for k, v in layer.moved.items() if k != v})
            points = dict(zip(prev.index, prev.geometry, strict=True))
            _move_ends(layer.edges, {k: v for k, v in layer.moved.items() if k != v}, points)
            layer.nodes = layer.nodes.drop(index=list(layer.moved))
            joins.update(_joins(layer, prev, pd.concat(acc_edges), join_km))
        acc_nodes.append(layer.nodes)
        acc_edges.append(layer.edges)
    nodes = gpd.GeoDataFrame(pd.concat(acc_nodes), geometry="geometry", crs=layers[0][1].crs)
    edges = pd.concat(acc_edges, ignore_index=True)
    if joins:
        edges = pd.concat([edges, _join_edges(joins, nodes)], ignore_index=True)
    edges = _drop_repeats(gpd.GeoDataFrame(edges, geometry="geometry", crs=nodes.crs))
    return Combined(nodes, edges, aliases, len(joins), merged)


def _drop_repeats(edges: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Keep one of identical edges (same ends, same length to the metre): overlapping extracts."""
    u, v = edges["u"].to_numpy(dtype=str), edges["v"].to_numpy(dtype=str)
    a, b = np.where(u < v, u, v), np.where(u < v, v, u)
    key = pd.DataFrame({"a": a, "b": b, "m": np.round(edges["length_km"].to_numpy() * 1000)})
    return edges[~key.duplicated().to_numpy()].reset_index(drop=True)
