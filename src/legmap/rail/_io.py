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

import os
import tomllib
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import shapely

from legmap._geodesic import distance_km as _geodesic_km
from legmap._geodesic import line_length_km
from legmap.errors import DataError

__all__ = [
    "LENGTH_SOURCES",
    "read_gpkg",
    "read_toml",
    "validate_frames",
    "write_gpkg",
]

#: How an edge's ``length_km`` was obtained.
LENGTH_SOURCES = ("published", "prorated", "geodesic")

_NAME_KEY = "legmap_network_name"
_LANGS = ("ru", "ko", "zh", "ar")


def _node_row(st: Mapping[str, Any], where: str) -> dict[str, Any]:
    try:
        names = st["names"]
        row: dict[str, Any] = {
            "id": str(st["id"]),
            "name": str(names["en"]),
            "is_station": bool(st.get("is_station", True)),
            "place_id": st.get("place_id"),
            "source": st.get("src"),
            "geometry": shapely.Point(float(st["lon"]), float(st["lat"])),
        }
    except (KeyError, TypeError, ValueError) as err:
        raise DataError(f"station needs id, names.en, lon, lat ({err})", spot=where) from err
    for lang in _LANGS:
        row[f"name_{lang}"] = names.get(lang)
    return row


def _line_edges(
    line: Mapping[str, Any], coords_of: Mapping[str, tuple[float, float]], where: str
) -> list[dict[str, Any]]:
    """Cut one line's path into edges, and give each edge its length and its source."""
    path = line.get("path")
    if not isinstance(path, list) or len(path) < 2:
        raise DataError("a line needs a path of at least two entries", spot=where)
    line_name = str(line.get("name", line.get("id", "")))
    # Walk the path: every station closes the edge that started at the previous one.
    edges: list[dict[str, Any]] = []
    current: list[tuple[float, float]] = []
    start: tuple[str, float | None] | None = None
    for i, item in enumerate(path):
        spot = f"{where}.path[{i}]"
        if isinstance(item, list):
            if len(item) != 2 or start is None:
                raise DataError("a waypoint is [lon, lat] and follows a station", spot=spot)
            current.append((float(item[0]), float(item[1])))
            continue
        if not isinstance(item, dict) or "station" not in item:
            raise DataError("expected {station = ...} or [lon, lat]", spot=spot)
        sid = str(item["station"])
        if sid not in coords_of:
            raise DataError(f"unknown station {sid!r}", spot=spot)
        km = item.get("km")
        point = coords_of[sid]
        if start is not None:
            current.append(point)
            geom = shapely.LineString(current)
            edges.append(
                {
                    "u": start[0],
                    "v": sid,
                    "km_u": start[1],
                    "km_v": None if km is None else float(km),
                    "line": line_name,
                    "geometry": geom,
                    "geodesic_km": line_length_km(geom),
                }
            )
        start = (sid, None if km is None else float(km))
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
    try:
        doc = tomllib.loads(p.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as err:
        raise DataError(f"cannot read rail network: {err}", file=str(p)) from err
    try:
        rows = [_node_row(st, f"stations[{k}]") for k, st in enumerate(doc.get("stations", []))]
        nodes = gpd.GeoDataFrame(rows, geometry="geometry", crs="EPSG:4326").set_index("id")
        if nodes.index.has_duplicates:
            dup = sorted(set(nodes.index[nodes.index.duplicated()]))
            raise DataError(f"duplicate station ids: {', '.join(dup)}")
        coords_of = {
            sid: (float(pt.x), float(pt.y))
            for sid, pt in zip(nodes.index, nodes.geometry, strict=False)
        }
        edge_rows: list[dict[str, Any]] = []
        for k, line in enumerate(doc.get("lines", [])):
            edge_rows.extend(_line_edges(line, coords_of, f"lines[{k}]"))
    except DataError as err:
        raise err.located(file=str(p)) from None
    edges = gpd.GeoDataFrame(edge_rows, geometry="geometry", crs="EPSG:4326")
    edges = edges[["u", "v", "length_km", "length_source", "line", "geometry"]]
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


def read_gpkg(path: str | os.PathLike[str]) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame, str]:
    """Read a GeoPackage written by :func:`write_gpkg`."""
    p = Path(path)
    try:
        nodes = pyogrio.read_dataframe(p, layer="nodes")
        edges = pyogrio.read_dataframe(p, layer="edges")
        meta = pyogrio.read_info(p, layer="nodes").get("layer_metadata") or {}
    except (pyogrio.errors.DataSourceError, pyogrio.errors.DataLayerError) as err:
        raise DataError(f"not a legmap rail network: {err}", file=str(p)) from err
    nodes = nodes.set_index("id")
    nodes.index.name = "id"
    _none_for_nan(nodes, ["place_id", "source", *(f"name_{lang}" for lang in _LANGS)])
    return nodes, edges, str(meta.get(_NAME_KEY, p.stem))


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
    nodes.index = nodes.index.astype(str)
    nodes.index.name = "id"
    if nodes.index.has_duplicates:
        raise DataError(f"{where}: duplicate node ids")
    if nodes.crs is None or edges.crs is None or not (nodes.crs == edges.crs == "EPSG:4326"):
        raise DataError(f"{where}: nodes and edges must be in EPSG:4326 (lon, lat)")
    if not (shapely.get_type_id(nodes.geometry.to_numpy()) == 0).all():
        raise DataError(f"{where}: every node geometry must be a Point")
    edges["u"] = edges["u"].astype(str)
    edges["v"] = edges["v"].astype(str)
    dangling = sorted((set(edges["u"]) | set(edges["v"])) - set(nodes.index))
    if dangling:
        raise DataError(f"{where}: edges name unknown node ids: {', '.join(dangling[:5])}")
    length = edges["length_km"].to_numpy(dtype=float)
    if not np.all(np.isfinite(length) & (length >= 0)):
        raise DataError(f"{where}: length_km must be finite and >= 0")
    bad_src = sorted(set(edges["length_source"]) - set(LENGTH_SOURCES))
    if bad_src:
        raise DataError(f"{where}: unknown length_source {', '.join(map(str, bad_src))}")
    geoms = edges.geometry.to_numpy()
    if not (shapely.get_type_id(geoms) == 1).all():
        raise DataError(f"{where}: every edge geometry must be a LineString")
    _check_joints(nodes, edges, where)
    nodes["is_station"] = nodes["is_station"].astype(bool)
    # Optional text columns: missing is None whatever the source said (NaN, "").
    for col in ["place_id", *(c for c in nodes.columns if str(c).startswith("name_"))]:
        values = nodes[col].astype(object)
        nodes[col] = values.where(values.notna() & (values != ""), None)
    return nodes, edges


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
