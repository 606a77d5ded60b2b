"""The offline basemap: land and country borders shipped in ``geo/basemap/``.

No tiles, no network: the static renderer always draws this, and the HTML
renderer draws it for ``--tiles none``.  The data comes in detail tiers (see
``geo/basemap/README.md``); :func:`load_basemap` picks the tier from the map's
width and returns land polygons and border lines clipped to a lon/lat box.
Only the features that meet the box are read (the FlatGeobuf files carry a
spatial index, and the detailed tiers are cut into grid cells), so a regional
map anywhere in the world reads a few hundred kilobytes at most.
:func:`country_labels` gives a label point per country in view, for renderers
that name the countries.

Longitudes of the box may run past 180 (legmap unwraps lines across the
antimeridian); the returned geometry is shifted to match.

Examples
--------
Draw the land around Vladivostok on a map about 60 km wide:

>>> bm = load_basemap((131.7, 42.9, 132.1, 43.25), scale_km=60)
>>> bm.tier
'local'
>>> sorted(bm.land.geom_type.unique())
['Polygon']
>>> bm.land.crs.to_epsg(), bm.borders.crs.to_epsg()
(4326, 4326)

In folium (``--tiles none``), paint water as the map background and land on it::

    folium.GeoJson(bm.land.__geo_interface__, style_function=lambda _: {
        "fillColor": LAND_COLOUR, "color": LAND_COLOUR, "weight": 0, "fillOpacity": 1})
    folium.GeoJson(bm.borders.__geo_interface__, style_function=lambda _: {
        "color": BORDER_COLOUR, "weight": 0.8})
"""

from __future__ import annotations

import csv
import json
import math
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import geopandas as gpd
import numpy as np
import shapely
import shapely.ops
from pyogrio.errors import DataSourceError
from shapely.geometry import Point, box

from legmap._data import geo_path
from legmap.errors import DataError

__all__ = [
    "BORDER_COLOUR",
    "CREDIT",
    "LAND_COLOUR",
    "WATER_COLOUR",
    "Basemap",
    "country_labels",
    "load_basemap",
]

# The basemap's own palette (muted, so the legs carry the colour), shared by both
# renderers like style.py's symbols.
LAND_COLOUR = "#f2efe9"
WATER_COLOUR = "#d4e1ea"
COAST_COLOUR = "#b7c4cc"
BORDER_COLOUR = "#9c9c9c"
CREDIT = "GSHHG, Natural Earth"

_BBox = tuple[float, float, float, float]


@dataclass(frozen=True)
class Basemap:
    """Basemap layers clipped to a box.

    Attributes
    ----------
    land : geopandas.GeoDataFrame
        Land polygons (lakes are holes), EPSG:4326.
    borders : geopandas.GeoDataFrame
        Country border lines, EPSG:4326.
    tier : str
        The detail tier used: ``world``, ``region`` or ``local``.
    bbox : tuple of float
        The box asked for, (minx, miny, maxx, maxy) lon/lat.
    credit : str
        Data sources, for the map's credit line.
    """

    land: gpd.GeoDataFrame
    borders: gpd.GeoDataFrame
    tier: str
    bbox: _BBox
    credit: str = CREDIT


@lru_cache(maxsize=1)
def _tiers() -> list[dict[str, Any]]:
    path = geo_path("basemap", "basemap.json")
    try:
        tiers: list[dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))["tiers"]
    except (OSError, ValueError, KeyError) as exc:
        raise DataError(f"basemap index unreadable: {exc}", file=str(path)) from exc
    return tiers


@lru_cache(maxsize=32)
def _read(name: str, rect: _BBox) -> gpd.GeoDataFrame:
    """Rows of ``geo/basemap/{name}.fgb`` whose boxes meet `rect` (through its spatial index).

    Cached: a renderer asks for the same frame more than once.  Callers must not
    modify the frame they get.
    """
    path = geo_path("basemap", f"{name}.fgb")
    try:
        # FlatGeobuf through pyogrio (geopandas' own reader): no pyarrow needed.
        return gpd.read_file(path, engine="pyogrio", bbox=rect)
    except (OSError, ValueError, DataSourceError) as exc:
        raise DataError(f"basemap layer unreadable: {exc}", file=str(path)) from exc


def _shifts(bbox: _BBox) -> list[float]:
    """Longitude shifts k such that data in [-180, 180] + k meets the box."""
    minx, _, maxx, _ = bbox
    return [k for k in (-360.0, 0.0, 360.0) if minx < 180.0 + k and maxx > -180.0 + k]


def _covers(cover: list[float], bbox: _BBox) -> bool:
    minx, miny, maxx, maxy = bbox
    if cover[2] - cover[0] >= 360.0:  # every longitude, past the antimeridian too
        return cover[1] - 1e-9 <= miny and maxy <= cover[3] + 1e-9
    return any(
        box(*cover).buffer(1e-9).contains(box(minx - k, miny, maxx - k, maxy))
        for k in (-360.0, 0.0, 360.0)
    )


def _pick_tier(bbox: _BBox, scale_km: float) -> str:
    tiers = sorted(_tiers(), key=lambda t: t["min_km"])
    for tier in tiers:
        top = tier["max_km"] if tier["max_km"] is not None else float("inf")
        if scale_km < top and _covers(tier["cover"], bbox):
            return str(tier["name"])
    return str(tiers[-1]["name"])  # the coarsest tier covers the world


def _glue(geoms: np.ndarray, parts: np.ndarray) -> list[Any]:
    """Unite the pieces of each part (the build cut big features along grid cells)."""
    order: dict[int, list[int]] = {}
    for i, part in enumerate(parts.tolist()):
        order.setdefault(part, []).append(i)
    out = []
    for rows in order.values():
        pieces = geoms[rows]
        if len(rows) == 1:
            out.append(pieces[0])
        elif "LineString" in pieces[0].geom_type:
            lines = [g for g in shapely.get_parts(pieces) if g.geom_type == "LineString"]
            out.append(shapely.line_merge(shapely.multilinestrings(lines)))
        else:
            try:
                out.append(shapely.union_all(pieces))
            except shapely.errors.GEOSException:  # a dirty clip: repair, then unite
                out.append(shapely.union_all(shapely.make_valid(pieces)))
    return out


def _clip(name: str, bbox: _BBox) -> gpd.GeoDataFrame:
    minx, miny, maxx, maxy = bbox
    kinds: list[str] = []
    geoms: list[Any] = []
    for k in _shifts(bbox):
        rect = (max(minx - k, -180.0), miny, min(maxx - k, 180.0), maxy)
        hits = _read(name, rect)
        clipped = shapely.clip_by_rect(hits.geometry.values, *rect)
        keep = ~shapely.is_empty(clipped)
        glued = _glue(clipped[keep], hits["part"].to_numpy()[keep])
        if k:
            shift = np.array([k, 0.0])
            moved = shapely.transform(np.array(glued, dtype=object), lambda xy, s=shift: xy + s)
            glued = list(moved)
        kind = str(hits["kind"].iloc[0]) if len(hits) else ""
        kinds += [kind] * len(glued)
        geoms += glued
    out = gpd.GeoDataFrame({"kind": kinds}, geometry=geoms, crs="EPSG:4326")
    out = out[~out.geometry.is_empty].explode(index_parts=False, ignore_index=True)
    return out[out.geom_type.isin(["Polygon", "LineString"])].reset_index(drop=True)


def load_basemap(bbox: _BBox, *, scale_km: float) -> Basemap:
    """Land and borders clipped to `bbox`, at the detail suited to a map `scale_km` wide.

    Parameters
    ----------
    bbox : tuple of float
        (minx, miny, maxx, maxy) in degrees lon/lat; maxx may exceed 180.
    scale_km : float
        Width of the map in km: below 2,500 km the intermediate coast (about
        1 km) is used anywhere in the world, below 300 km the full-resolution
        one where it is shipped (around Korea and Vladivostok).

    Returns
    -------
    Basemap
        Land polygons and border lines (EPSG:4326) and the tier used.

    Raises
    ------
    legmap.errors.DataError
        When the shipped basemap files are missing or unreadable.

    Examples
    --------
    >>> load_basemap((30.0, 35.0, 135.0, 60.0), scale_km=7000).tier
    'world'
    >>> load_basemap((125.0, 38.0, 134.0, 44.0), scale_km=800).tier
    'region'
    >>> load_basemap((1.5, 48.2, 6.3, 53.0), scale_km=450).tier  # Paris to Amsterdam
    'region'
    >>> bm = load_basemap((170.0, 60.0, 195.0, 70.0), scale_km=1200)
    >>> round(float(bm.land.total_bounds[2]), 1)   # Chukotka's tip past 180
    195.0
    """
    minx, miny, maxx, maxy = (float(v) for v in bbox)
    if not (minx < maxx and miny < maxy):
        raise ValueError(f"empty bbox {bbox!r}")
    clean: _BBox = (minx, max(miny, -90.0), maxx, min(maxy, 90.0))
    tier = _pick_tier(clean, scale_km)
    return Basemap(
        land=_clip(f"{tier}_land", clean),
        borders=_clip(f"{tier}_borders", clean),
        tier=tier,
        bbox=clean,
    )


@lru_cache(maxsize=1)
def _label_points() -> dict[str, tuple[str, float, float, int]]:
    """``country_labels.csv``: iso_a2 -> (name, lon, lat, area_km2)."""
    path = geo_path("basemap", "country_labels.csv")
    try:
        with path.open(encoding="utf-8", newline="") as f:
            return {
                r["iso_a2"]: (r["name"], float(r["lon"]), float(r["lat"]), int(r["area_km2"]))
                for r in csv.DictReader(f)
            }
    except (OSError, ValueError, KeyError) as exc:
        raise DataError(f"country label points unreadable: {exc}", file=str(path)) from exc


def _pole(shape: Any, k: float, tolerance: float) -> tuple[float, float]:
    """Pole of inaccessibility of `shape`'s largest polygon, with longitudes scaled by `k`."""
    valid = shape if shape.is_valid else shapely.make_valid(shape)  # may be a collection
    polys = [g for g in shapely.get_parts(shapely.get_parts(valid)) if g.geom_type == "Polygon"]
    biggest = max(polys, key=lambda g: g.area)
    scaled = shapely.transform(biggest, lambda xy: xy * np.array([k, 1.0]))
    pole = shapely.ops.polylabel(scaled, tolerance=tolerance)
    return float(pole.x) / k, float(pole.y)


def country_labels(bbox: _BBox, *, min_share: float = 0.005) -> gpd.GeoDataFrame:
    """A label point for each country seen in `bbox`, biggest country first.

    A country whose usual label point (the pole of inaccessibility of its
    largest polygon, from Natural Earth 1:10m) lies in the box keeps it, so
    labels do not wander between maps; a country whose usual point is out of
    view is labelled at the pole of its part in view, when that part fills at
    least `min_share` of the box.  Placing the text (size, collisions, edges)
    is the renderer's business.

    Parameters
    ----------
    bbox : tuple of float
        (minx, miny, maxx, maxy) in degrees lon/lat; maxx may exceed 180 and the
        points follow (as in :func:`load_basemap`).
    min_share : float
        Smallest share of the box a partly seen country must fill to be named.

    Returns
    -------
    geopandas.GeoDataFrame
        Columns ``iso_a2`` (ISO 3166-1 alpha-2, ``XK`` for Kosovo), ``name``
        (English, Natural Earth), ``area_km2`` (the whole country's) and Point
        ``geometry``, EPSG:4326, sorted by area, largest first.

    Raises
    ------
    legmap.errors.DataError
        When the shipped files are missing or unreadable.

    Examples
    --------
    >>> labels = country_labels((1.5, 48.2, 6.3, 53.0))   # Paris to Amsterdam
    >>> labels.iso_a2.tolist()
    ['FR', 'DE', 'GB', 'NL', 'BE', 'LU']
    >>> labels.crs.to_epsg()
    4326
    """
    minx, miny, maxx, maxy = (float(v) for v in bbox)
    if not (minx < maxx and miny < maxy):
        raise ValueError(f"empty bbox {bbox!r}")
    clean: _BBox = (minx, max(miny, -90.0), maxx, min(maxy, 90.0))
    minx, miny, maxx, maxy = clean
    w, h = maxx - minx, maxy - miny
    frame = box(*clean)
    k = max(math.cos(math.radians((miny + maxy) / 2)), 0.05)
    seen: dict[str, list[Any]] = {}
    for shift in _shifts(clean):
        rect = (max(minx - shift, -180.0), miny, min(maxx - shift, 180.0), maxy)
        hits = _read("countries", rect)
        clipped = shapely.clip_by_rect(hits.geometry.values, *rect)
        if shift:
            clipped = shapely.transform(clipped, lambda xy, s=shift: xy + np.array([s, 0.0]))
        for code, geom in zip(hits["iso_a2"].tolist(), clipped, strict=True):
            if not geom.is_empty:
                seen.setdefault(str(code), []).append(geom)
    points = _label_points()
    rows: list[tuple[str, str, int, float, float]] = []
    for code, (name, lon, lat, area) in points.items():
        here = [(lon + s, lat) for s in (-360.0, 0.0, 360.0) if frame.covers(Point(lon + s, lat))]
        if here:
            rows.append((code, name, area, *here[0]))
        elif code in seen:
            shape = shapely.union_all(seen[code])
            if shape.area < min_share * w * h:
                continue
            rows.append((code, name, area, *_pole(shape, k, tolerance=h / 200)))
    rows.sort(key=lambda r: (-r[2], r[0]))
    return gpd.GeoDataFrame(
        {"iso_a2": [r[0] for r in rows], "name": [r[1] for r in rows],
         "area_km2": np.array([r[2] for r in rows], dtype="int64")},
        geometry=[Point(r[3], r[4]) for r in rows], crs="EPSG:4326",
    )  # fmt: skip
