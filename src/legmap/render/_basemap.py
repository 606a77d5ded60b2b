"""The offline basemap: land and country borders shipped in ``geo/basemap/``.

No tiles, no network: the static renderer always draws this, and the HTML
renderer draws it for ``--tiles none``.  The data comes in detail tiers (see
``geo/basemap/README.md``); :func:`load_basemap` picks the tier from the map's
width and returns land polygons and border lines clipped to a lon/lat box.

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

import json
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import geopandas as gpd
import numpy as np
import shapely
from shapely.geometry import box

from legmap._data import geo_path
from legmap.errors import DataError

__all__ = [
    "BORDER_COLOUR",
    "CREDIT",
    "LAND_COLOUR",
    "WATER_COLOUR",
    "Basemap",
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


@lru_cache(maxsize=8)
def _layer(tier: str, layer: str) -> gpd.GeoDataFrame:
    path = geo_path("basemap", f"{tier}_{layer}.parquet")
    try:
        gdf = gpd.read_parquet(path)
    except (OSError, ValueError) as exc:
        raise DataError(f"basemap layer unreadable: {exc}", file=str(path)) from exc
    gdf.sindex  # noqa: B018  (build the spatial index once, while cached)
    return gdf


def _shifts(bbox: _BBox) -> list[float]:
    """Longitude shifts k such that data in [-180, 180] + k meets the box."""
    minx, _, maxx, _ = bbox
    return [k for k in (-360.0, 0.0, 360.0) if minx < 180.0 + k and maxx > -180.0 + k]


def _covers(cover: list[float], bbox: _BBox) -> bool:
    minx, miny, maxx, maxy = bbox
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


def _clip(gdf: gpd.GeoDataFrame, bbox: _BBox) -> gpd.GeoDataFrame:
    minx, miny, maxx, maxy = bbox
    parts = []
    for k in _shifts(bbox):
        rect = (max(minx - k, -180.0), miny, min(maxx - k, 180.0), maxy)
        hits = gdf.iloc[gdf.sindex.query(box(*rect))]
        geoms = shapely.clip_by_rect(hits.geometry.values, *rect)
        if k:
            shift = np.array([k, 0.0])
            geoms = shapely.transform(geoms, lambda xy, s=shift: xy + s)
        parts.append(gpd.GeoDataFrame({"kind": hits["kind"].to_numpy()}, geometry=geoms))
    if not parts:
        return gdf.iloc[:0].copy()
    out = gpd.GeoDataFrame(
        gpd.pd.concat(parts, ignore_index=True), geometry="geometry", crs="EPSG:4326"
    )
    out = out[~out.geometry.is_empty].explode(index_parts=False, ignore_index=True)
    return out[out.geom_type.isin(["Polygon", "LineString"])].reset_index(drop=True)


def load_basemap(bbox: _BBox, *, scale_km: float) -> Basemap:
    """Land and borders clipped to `bbox`, at the detail suited to a map `scale_km` wide.

    Parameters
    ----------
    bbox : tuple of float
        (minx, miny, maxx, maxy) in degrees lon/lat; maxx may exceed 180.
    scale_km : float
        Width of the map in km: below 300 km the full-resolution coast is used
        where it is shipped, below 2,500 km the intermediate one.

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
        land=_clip(_layer(tier, "land"), clean),
        borders=_clip(_layer(tier, "borders"), clean),
        tier=tier,
        bbox=clean,
    )
