"""Reading and writing rail networks: the embedded TOML source and GeoPackage files.

The embedded network (``geo/rail/network.toml``) is written by hand: stations,
and lines as ordered paths of stations and (lon, lat) waypoints, with km posts
where a source publishes them.  This module turns it into the two frames that
:class:`legmap.rail.network.RailNetwork` validates: ``nodes`` and ``edges``.

Networks written by :meth:`legmap.rail.network.RailNetwork.save` are GeoPackages with
two layers, ``nodes`` and ``edges``; the network name is layer metadata.  One
file holds the whole network (GeoParquet would need two), and QGIS/ogr2ogr open
it as is.
"""

from __future__ import annotations

import math
import os
import stat
import tomllib
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import shapely

from legmap._geodesic import distance_km as _geodesic_km
from legmap._geodesic import line_length_km
from legmap.errors import DataError, quote
from legmap.rail._gauge import gauge_text, parse_gauge

__all__ = [
    "LENGTH_SOURCES",
    "read_gpkg",
    "read_network",
    "read_toml",
    "validate_frames",
    "write_gpkg",
]

#: How an edge's ``length_km`` was obtained.
LENGTH_SOURCES = ("published", "prorated", "geodesic")

_NAME_KEY = "legmap_network_name"
_LANGS = ("ru", "ko", "zh", "ar")


def _degrees(value: Any, limit: float, what: str, spot: str) -> float:
    """A longitude or latitude from a file: a finite number within ±`limit`."""
    ok = isinstance(value, int | float) and not isinstance(value, bool)
    if not ok or not (math.isfinite(value) and -limit <= value <= limit):
        msg = f"{what} {quote(value, limit=30)} is not a number within ±{limit:g} degrees"
        raise DataError(msg, spot=spot)
    return float(value)


def _point(lon: Any, lat: Any, spot: str) -> tuple[float, float]:
    return _degrees(lon, 180.0, "longitude", spot), _degrees(lat, 90.0, "latitude", spot)


def _node_row(st: Any, where: str) -> dict[str, Any]:
    if not isinstance(st, Mapping):
        raise DataError("a station is a table: id, names.en, lon, lat", spot=where)
    names = st.get("names")
    if not isinstance(names, Mapping) or not isinstance(names.get("en"), str) or not names["en"]:
        raise DataError("a station needs id, names.en (text), lon, lat", spot=f"{where}.names")
    if not isinstance(st.get("id"), str | int) or isinstance(st.get("id"), bool):
        raise DataError("a station needs id, names.en, lon, lat: no id", spot=f"{where}.id")
    lon, lat = _point(st.get("lon"), st.get("lat"), where)
    row: dict[str, Any] = {
        "id": str(st["id"]),
        "name": names["en"],
        "is_station": bool(st.get("is_station", True)),
        "place_id": st.get("place_id"),
        "source": st.get("src"),
        "geometry": shapely.Point(lon, lat),
    }
    for lang in _LANGS:
        row[f"name_{lang}"] = names.get(lang)
    return row


def _km_post(item: Mapping[str, Any], spot: str) -> float | None:
    km = item.get("km")
    if km is None:
        return None
    if isinstance(km, bool) or not isinstance(km, int | float) or not math.isfinite(km):
        raise DataError(f"km {quote(km, limit=30)} is not a number", spot=f"{spot}.km")
    return float(km)


def _line_edges(
    line: Mapping[str, Any], coords_of: Mapping[str, tuple[float, float]], where: str
) -> list[dict[str, Any]]:
    """Cut one line's path into edges, and give each edge its length and its source."""
    if not isinstance(line, Mapping):
        raise DataError("a line is a table with a path", spot=where)
    path = line.get("path")
    if not isinstance(path, list) or len(path) < 2:
        raise DataError("a line needs a path of at least two entries", spot=where)
    line_name = str(line.get("name", line.get("id", "")))
    try:
        gauge = gauge_text(parse_gauge(line.get("gauge")))
    except ValueError as err:
        raise DataError(str(err), spot=f"{where}.gauge") from None
    # Walk the path: every station closes the edge that started at the previous one.
    edges: list[dict[str, Any]] = []
    current: list[tuple[float, float]] = []
    start: tuple[str, float | None] | None = None
    for i, item in enumerate(path):
        spot = f"{where}.path[{i}]"
        if isinstance(item, list):
            if len(item) != 2 or start is None:
                raise DataError("a waypoint is [lon, lat] and follows a station", spot=spot)
            current.append(_point(item[0], item[1], spot))
            continue
        if not isinstance(item, dict) or "station" not in item:
            raise DataError("expected {station = ...} or [lon, lat]", spot=spot)
        sid = str(item["station"])
        if sid not in coords_of:
            raise DataError(f"unknown station {quote(sid, limit=60)}", spot=spot)
        km = _km_post(item, spot)
        point = coords_of[sid]
        if start is not None:
            current.append(point)
            geom = shapely.LineString(current)
            edges.append(
                {
                    "u": start[0],
                    "v": sid,
                    "km_u": start[1],
                    "km_v": km,
                    "line": line_name,
                    "line_id": str(line.get("id", line_name)),
                    "gauge": gauge,
                    "geometry": geom,
                    "geodesic_km": line_length_km(geom),
                }
            )
        start = (sid, km)
        current = [point]
    _assign_lengths(edges)
    return edges


def _assign_lengths(edges: list[dict[str, Any]]) -> None:
    """Published where both ends are posted, prorated inside a posted span, else geodesic."""
    i = 0
    while i < len(edges):
        first = edges[i]
        if first["km_u"] is None:
            first["length_km"], first["length_source"] = first["geodesic_km"], "geodesic"
            i += 1
            continue
        # Find the end of the span: the next edge that ends at a posted station.
        j = i
        while j < len(edges) and edges[j]["km_v"] is None:
            j += 1
        if j == len(edges):  # posted start but no posted end: nothing to share out
            for e in edges[i:]:
                e["length_km"], e["length_source"] = e["geodesic_km"], "geodesic"
            return
        span = edges[i : j + 1]
        published = abs(float(edges[j]["km_v"]) - float(first["km_u"]))
        if len(span) == 1:
            first["length_km"], first["length_source"] = published, "published"
        else:
            drawn = np.array([e["geodesic_km"] for e in span])
            shares = drawn / drawn.sum() if drawn.sum() > 0 else np.full(len(span), 1 / len(span))
            for e, share in zip(span, shares, strict=True):
                e["length_km"], e["length_source"] = float(published * share), "prorated"
        i = j + 1


def read_toml(path: str | os.PathLike[str]) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame, str]:
    """Read a network in the embedded TOML format.

    Parameters
    ----------
    path : path-like
        A ``network.toml`` (see ``geo/rail/README.md`` for the format).

    Returns
    -------
    nodes, edges : geopandas.GeoDataFrame
        Frames in the :class:`~legmap.rail.network.RailNetwork` schema.
    name : str
        The network name.

    Examples
    --------
    >>> from legmap._data import geo_path
    >>> nodes, edges, name = read_toml(geo_path("rail", "network.toml"))
    >>> name, "khasan" in nodes.index
    ('embedded', True)
    """
    p = Path(path)
    _regular_file(p)
    try:
        doc = tomllib.loads(p.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as err:
        raise DataError(f"cannot read rail network: {err}", file=str(p)) from None
    except RecursionError:
        raise DataError("cannot read rail network: nested too deeply", file=str(p)) from None
    try:
        stations, lines = doc.get("stations", []), doc.get("lines", [])
        if not isinstance(stations, list) or not stations:
            raise DataError("a rail network needs [[stations]]", spot="stations")
        rows = [_node_row(st, f"stations[{k}]") for k, st in enumerate(stations)]
        if not isinstance(lines, list) or not lines:
            raise DataError("a rail network needs at least one [[lines]] entry", spot="lines")
        nodes = gpd.GeoDataFrame(rows, geometry="geometry", crs="EPSG:4326").set_index("id")
        if nodes.index.has_duplicates:
            dup = sorted(set(nodes.index[nodes.index.duplicated()]))
            raise DataError(f"duplicate station ids: {', '.join(dup)}")
        coords_of = {
            sid: (float(pt.x), float(pt.y))
            for sid, pt in zip(nodes.index, nodes.geometry, strict=False)
        }
        edge_rows: list[dict[str, Any]] = []
        for k, line in enumerate(lines):
            edge_rows.extend(_line_edges(line, coords_of, f"lines[{k}]"))
    except DataError as err:
        raise err.located(file=str(p)) from None
    edges = gpd.GeoDataFrame(edge_rows, geometry="geometry", crs="EPSG:4326")
    columns = ["u", "v", "length_km", "length_source", "line", "line_id", "gauge", "geometry"]
    edges = edges[columns]
    return nodes, edges, str(doc.get("name", p.stem))


def write_gpkg(
    path: str | os.PathLike[str], nodes: gpd.GeoDataFrame, edges: gpd.GeoDataFrame, name: str
) -> None:
    """Write a network as a GeoPackage with layers ``nodes`` and ``edges``."""
    p = Path(path)
    if p.exists():
        p.unlink()  # a stale layer from an older network must not survive
    pyogrio.write_dataframe(
        nodes.reset_index(names="id"), p, layer="nodes", layer_metadata={_NAME_KEY: name}
    )
    pyogrio.write_dataframe(edges.reset_index(drop=True), p, layer="edges")


def _none_for_nan(frame: pd.DataFrame, columns: Sequence[str]) -> None:
    for col in columns:
        if col in frame.columns:
            frame[col] = frame[col].astype(object).where(frame[col].notna(), None)


def _regular_file(p: Path) -> None:
    # A network is a file: not a folder, a pipe (which would wait forever) or a device.
    try:
        mode = p.stat().st_mode
    except OSError as err:
        raise DataError(f"cannot read rail network: {err.strerror or err}", file=str(p)) from None
    if not stat.S_ISREG(mode):
        raise DataError("a rail network is a regular file (.gpkg or .toml)", file=str(p))


def read_gpkg(path: str | os.PathLike[str]) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame, str]:
    """Read a GeoPackage written by :func:`write_gpkg`."""
    p = Path(path)
    _regular_file(p)
    try:
        nodes = pyogrio.read_dataframe(p, layer="nodes")
        edges = pyogrio.read_dataframe(p, layer="edges")
        meta = pyogrio.read_info(p, layer="nodes").get("layer_metadata") or {}
    except (pyogrio.errors.DataSourceError, pyogrio.errors.DataLayerError):
        msg = "not a legmap rail network (a GeoPackage with layers 'nodes' and 'edges')"
        raise DataError(msg, file=str(p)) from None
    except (pyogrio.errors.GDALError, ValueError, OSError) as err:
        shown = quote(str(err), limit=160)
        raise DataError(f"cannot read rail network: {shown}", file=str(p)) from None
    if "id" not in nodes.columns:
        raise DataError("the nodes layer has no 'id' column", file=str(p), spot="nodes")
    nodes = nodes.set_index("id")
    nodes.index.name = "id"
    _none_for_nan(nodes, ["place_id", "source", *(f"name_{lang}" for lang in _LANGS)])
    return nodes, edges, str(meta.get(_NAME_KEY, p.stem))


def read_network(
    path: str | os.PathLike[str],
) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame, str, Path]:
    """Read a saved network: a GeoPackage, a ``network.toml``, or a folder holding one.

    Returns the frames (not yet validated), the network's name and the file read.

    Raises
    ------
    DataError
        No file at `path`, or a file that is not a network.
    """
    p = Path(path)
    if p.is_dir():
        p = p / "network.toml"
    if not p.exists():
        raise DataError(f"no rail network file at {p}")
    if p.suffix.lower() == ".toml":
        nodes, edges, name = read_toml(p)
    else:
        nodes, edges, name = read_gpkg(p)
    return nodes, edges, name, p


# How far an edge's drawn end may be from its node before the data is called broken.
_JOINT_TOLERANCE_KM = 1.0


def validate_frames(
    nodes: gpd.GeoDataFrame, edges: gpd.GeoDataFrame, *, name: str
) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    """Check node and edge frames against the RailNetwork schema; return normalised copies.

    Raises
    ------
    DataError
        Missing columns, duplicate or dangling node ids, bad lengths or
        geometries, edges whose ends are not at their nodes.
    """
    where = f"rail network {name!r}"
    missing = {"name", "is_station", "place_id", "geometry"} - set(nodes.columns)
    missing |= {"u", "v", "length_km", "length_source", "line", "geometry"} - set(edges.columns)
    if missing:
        raise DataError(f"{where}: missing columns {', '.join(sorted(missing))}")
    nodes = nodes.copy()
    edges = edges.reset_index(drop=True).copy()
    if nodes.empty:
        raise DataError(f"{where}: no nodes", spot="nodes")
    if edges.empty:
        raise DataError(f"{where}: no edges (a network needs at least one line)", spot="edges")
    nodes.index = nodes.index.astype(str)
    nodes.index.name = "id"
    if nodes.index.has_duplicates:
        raise DataError(f"{where}: duplicate node ids")
    if nodes.crs is None or edges.crs is None or not (nodes.crs == edges.crs == "EPSG:4326"):
        raise DataError(f"{where}: nodes and edges must be in EPSG:4326 (lon, lat)")
    if not (shapely.get_type_id(nodes.geometry.to_numpy()) == 0).all():
        raise DataError(f"{where}: every node geometry must be a Point")
    _check_lonlat(shapely.get_coordinates(nodes.geometry.to_numpy()), where, "nodes",
                  lambda k: f"nodes[{quote(nodes.index[k], limit=40)}]")  # fmt: skip
    _check_is_station(nodes, where)
    edges["u"] = edges["u"].astype(str)
    edges["v"] = edges["v"].astype(str)
    dangling = sorted((set(edges["u"]) | set(edges["v"])) - set(nodes.index))
    if dangling:
        raise DataError(f"{where}: edges name unknown node ids: {', '.join(dangling[:5])}")
    length = pd.to_numeric(edges["length_km"], errors="coerce").to_numpy(dtype=float)
    bad_length = np.flatnonzero(~(np.isfinite(length) & (length >= 0)))
    if bad_length.size:
        k = int(bad_length[0])
        value = quote(edges["length_km"].iat[k], limit=30)
        raise DataError(
            f"{where}: length_km {value} of edge {edges['u'].iat[k]}->{edges['v'].iat[k]} "
            "is not a number >= 0",
            spot=f"edges[{k}].length_km",
        )
    edges["length_km"] = length
    bad_src = sorted(set(edges["length_source"]) - set(LENGTH_SOURCES))
    if bad_src:
        raise DataError(f"{where}: unknown length_source {', '.join(map(str, bad_src))}")
    geoms = edges.geometry.to_numpy()
    if not (shapely.get_type_id(geoms) == 1).all() or shapely.is_empty(geoms).any():
        raise DataError(f"{where}: every edge geometry must be a LineString")
    coords, owner = shapely.get_coordinates(geoms, return_index=True)
    _check_lonlat(coords, where, "edges", lambda k: f"edges[{int(owner[k])}]")
    _check_joints(nodes, edges, where)
    _normalise_line_columns(edges, where)
    nodes["is_station"] = nodes["is_station"].astype(bool)
    # Optional text columns: missing is None whatever the source said (NaN, "").
    for col in ["place_id", *(c for c in nodes.columns if str(c).startswith("name_"))]:
        values = nodes[col].astype(object)
        nodes[col] = values.where(values.notna() & (values != ""), None)
    return nodes, edges


def _normalise_line_columns(edges: gpd.GeoDataFrame, where: str) -> None:
    """Optional columns: ``gauge`` (``1435/1520`` text, or None), ``line_id`` (default ``line``)."""
    values = edges["gauge"].tolist() if "gauge" in edges.columns else [None] * len(edges)
    texts: list[str | None] = []
    seen: dict[object, str | None] = {}  # an import has a million edges and a few gauges
    for k, value in enumerate(values):
        key = value if value is None or isinstance(value, str | int | float) else repr(value)
        if key not in seen:
            try:
                seen[key] = gauge_text(parse_gauge(value))
            except ValueError as err:
                raise DataError(f"{where}: {err}", spot=f"edges[{k}].gauge") from None
        texts.append(seen[key])
    edges["gauge"] = pd.Series(texts, index=edges.index, dtype=object)
    if "line_id" not in edges.columns:
        edges["line_id"] = edges["line"]
    ids = edges["line_id"].astype(object)
    edges["line_id"] = ids.where(ids.notna(), edges["line"]).astype(str)


def _check_lonlat(xy: np.ndarray, where: str, what: str, spot_of: Callable[[int], str]) -> None:
    """Every (lon, lat) of `xy` is a finite point on Earth, or a DataError names the first."""
    ok = np.isfinite(xy).all(axis=1) & (np.abs(xy[:, 0]) <= 180) & (np.abs(xy[:, 1]) <= 90)
    bad = np.flatnonzero(~ok)
    if bad.size:
        k = int(bad[0])
        lon, lat = (float(v) for v in xy[k])
        raise DataError(
            f"{where}: ({lon:g}, {lat:g}) in {what} is not a (lon, lat) point on Earth",
            spot=spot_of(k),
        )


def _check_is_station(nodes: gpd.GeoDataFrame, where: str) -> None:
    values = nodes["is_station"]
    if values.dtype == bool:
        return
    # 0/1 as a GeoPackage without booleans stores them (True == 1, False == 0).
    odd = [v for v in values.tolist() if not (isinstance(v, bool | int) and v in (0, 1))]
    if odd:
        raise DataError(f"{where}: is_station {quote(odd[0], limit=30)} is not true or false")


def _check_joints(nodes: gpd.GeoDataFrame, edges: gpd.GeoDataFrame, where: str) -> None:
    geoms = edges.geometry.to_numpy()
    starts = shapely.get_point(geoms, 0)
    ends = shapely.get_point(geoms, -1)
    pu = nodes.geometry.loc[edges["u"]].to_numpy()
    pv = nodes.geometry.loc[edges["v"]].to_numpy()
    gap_u = _geodesic_km(
        shapely.get_x(starts), shapely.get_y(starts), shapely.get_x(pu), shapely.get_y(pu)
    )
    gap_v = _geodesic_km(
        shapely.get_x(ends), shapely.get_y(ends), shapely.get_x(pv), shapely.get_y(pv)
    )
    bad = np.flatnonzero((gap_u > _JOINT_TOLERANCE_KM) | (gap_v > _JOINT_TOLERANCE_KM))
    if bad.size:
        k = int(bad[0])
        raise DataError(
            f"{where}: edge {edges['u'].iat[k]}->{edges['v'].iat[k]} does not start at u "
            f"and end at v (within {_JOINT_TOLERANCE_KM:g} km)"
        )
