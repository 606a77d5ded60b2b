"""The story's longitude frame, shared by the HTML and static maps.

The legs table keeps RFC 7946 geometry (longitudes in [-180, 180], lines split
at the antimeridian); a map draws every leg and every marker of a story in one
frame ``[lon_0 - 180, lon_0 + 180)`` so that a journey across the Pacific stays
one continuous line and its places sit on it.  ``build_story`` records
``lon_0`` on the :class:`~legmap.legs.build.BuiltStory`; a story put together
by hand gets it worked out from its geometry, the same way.

Examples
--------
>>> import geopandas as gpd, shapely
>>> from legmap.legs.build import BuiltStory
>>> legs = gpd.GeoDataFrame(geometry=[shapely.MultiLineString(
...     [[(140.4, 35.8), (180, 50.0)], [(-180, 50.0), (-150.0, 61.2)]])], crs="EPSG:4326")
>>> none = gpd.GeoDataFrame(geometry=[], crs="EPSG:4326")
>>> frame = StoryFrame.of(BuiltStory(None, legs, none, none, "en", "km", "NRT-ANC"))
>>> [round(x, 1) for x, _ in frame.lines(legs.geometry)[0].coords]
[140.4, 180.0, 210.0]
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import shapely

from legmap import _geodesic

if TYPE_CHECKING:
    from legmap.legs.build import BuiltStory

__all__ = ["StoryFrame"]


@dataclass(frozen=True)
class StoryFrame:
    """One story's longitude frame ``[lon_0 - 180, lon_0 + 180)``.

    Attributes
    ----------
    lon_0 : float
        Central meridian, in [-180, 180).
    """

    lon_0: float

    @classmethod
    def of(cls, built: BuiltStory) -> StoryFrame:
        """The frame recorded on `built`, or worked out from its legs, places and events."""
        lon_0 = getattr(built, "lon_0", None)
        if lon_0 is None:
            geoms: list[Any] = []
            for table in (built.legs, built.places, built.events):
                if table is not None and len(table):
                    geoms += list(table.geometry)
            lon_0 = _geodesic.central_meridian(geoms)
        return cls(float(lon_0))

    def lon(self, lon: float) -> float:
        """A longitude moved by whole turns into the frame (unchanged when inside)."""
        return _geodesic.frame_lon(float(lon), self.lon_0)

    def line(self, geom: shapely.Geometry) -> shapely.LineString:
        """A leg's geometry as one continuous line in the frame."""
        return _geodesic.frame_line(geom, self.lon_0)

    def lines(self, geoms: Iterable[shapely.Geometry]) -> list[shapely.LineString]:
        """:meth:`line` for each geometry (a line already inside the frame as it is)."""
        arr = np.asarray(list(geoms), dtype=object)
        if not len(arr):
            return []
        west, east = self.bounds
        box = shapely.bounds(arr)
        # Inside the frame and narrower than half the world: no jump, nothing to do.
        ready = (
            (shapely.get_type_id(arr) == shapely.GeometryType.LINESTRING)
            & (box[:, 0] >= west) & (box[:, 2] < east) & (box[:, 2] - box[:, 0] <= 180.0)
        )  # fmt: skip
        return [g if ok else self.line(g) for g, ok in zip(arr, ready, strict=True)]

    @property
    def bounds(self) -> tuple[float, float]:
        """(west, east) edges of the frame."""
        return self.lon_0 - 180.0, self.lon_0 + 180.0
