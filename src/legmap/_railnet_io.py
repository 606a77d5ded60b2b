"""Reading and writing rail networks: the embedded TOML source and GeoPackage files.

The embedded network (``geo/rail/network.toml``) is written by hand: stations,
and lines as ordered paths of stations and (lon, lat) waypoints, with km posts
where a source publishes them.  This module turns it into the two frames that
:class:`legmap.rail.RailNetwork` validates: ``nodes`` and ``edges``.

Networks written by :meth:`legmap.rail.RailNetwork.save` are GeoPackages with
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

from legmap._geodesic import line_length_km
from legmap.errors import DataError

__all__ = [
    "LENGTH_SOURCES",
    "read_gpkg",
    "read_toml",
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
        Frames in the :class:`~legmap.rail.RailNetwork` schema.
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
            sid: (float(pt.x), float(pt.y)) for sid, pt in zip(nodes.index, nodes.geometry)
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
