"""The basemap layer of a static map: land, coasts and borders projected into its frame.

The layer is :func:`legmap.render._basemap.load_basemap`'s, read once per map
(:meth:`legmap.render.static._map.MapState.basemap`); lines are densified before
projecting so coasts and borders curve with the projection.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import geopandas as gpd
import shapely

if TYPE_CHECKING:
    from legmap.render.static._map import MapState

__all__ = ["draw_basemap"]


def draw_basemap(m: MapState) -> None:
    """Land (with coasts) and borders under everything else on the map."""
    bm = m.basemap()
    step = max(m.frame.width_km / 111.0 / 300.0, 0.002)  # degrees, ~1/300 of the map
    theme = m.theme
    for gdf, kw in (
        (bm.land, {"facecolor": theme.land, "edgecolor": theme.coast,
                   "linewidth": 0.45, "zorder": 1}),
        (bm.borders, {"color": theme.borders, "linewidth": 0.6, "zorder": 2}),
    ):  # fmt: skip
        if gdf.empty:
            continue
        geoms = gpd.GeoSeries(shapely.segmentize(gdf.geometry.values, step), crs="EPSG:4326")
        geoms.to_crs(m.frame.crs).plot(ax=m.ax, **kw)
    m.ax.set_xlim(*m.frame.xlim)
    m.ax.set_ylim(*m.frame.ylim)
    m.ax.set_xlabel("")  # geopandas labels projected axes; a map needs none
    m.ax.set_ylabel("")
