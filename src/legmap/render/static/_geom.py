"""Geometry for the static maps: the fitted projection.

:func:`fit_frame` centres a Lambert azimuthal equal-area projection on the
content and pads it to a map rectangle (legs that share a path are spread by
:mod:`legmap.render.static._offsets`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np
import shapely
from pyproj import CRS, Transformer

from legmap.errors import RenderError

__all__ = ["MapFrame", "coords", "fit_frame"]

_MIN_WIDTH_KM = 25.0
_ASPECT = (0.56, 1.05)  # map height / width kept in this range


@dataclass(frozen=True)
class MapFrame:
    """The projection and the visible rectangle of a map.

    Attributes
    ----------
    crs : pyproj.CRS
        Lambert azimuthal equal-area centred on the content.
    xlim, ylim : tuple of float
        Visible rectangle, metres in `crs`.
    lon0 : float
        Central longitude, for unwrapping longitudes.
    """

    crs: CRS
    xlim: tuple[float, float]
    ylim: tuple[float, float]
    lon0: float

    @property
    def width_km(self) -> float:
        """Width of the map in km."""
        return float(self.xlim[1] - self.xlim[0]) / 1000.0

    @cached_property
    def _to_map(self) -> Transformer:
        # One transformer per frame: building one costs milliseconds, using it microseconds.
        return Transformer.from_crs("EPSG:4326", self.crs, always_xy=True)

    @cached_property
    def _to_lonlat(self) -> Transformer:
        return Transformer.from_crs(self.crs, "EPSG:4326", always_xy=True)

    def forward(self, lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Project lon/lat arrays to map metres."""
        x, y = self._to_map.transform(lon, lat)
        return np.asarray(x), np.asarray(y)

    def inverse(self, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Map metres back to lon/lat (longitudes unwrapped around lon0)."""
        lon, lat = self._to_lonlat.transform(x, y)
        return _unwrap(np.asarray(lon), self.lon0), np.asarray(lat)

    def outline(self, n: int) -> tuple[np.ndarray, np.ndarray]:
        """The visible rectangle's border in map metres, `n` points a side (a closed walk).

        Densified so that, carried into lon/lat or another projection, it still
        follows the curved image of the rectangle.
        """
        (x0, x1), (y0, y1) = self.xlim, self.ylim
        s = np.linspace(0.0, 1.0, n)
        xs = np.concatenate([x0 + (x1 - x0) * s, np.full_like(s, x1), x1 - (x1 - x0) * s,
                             np.full_like(s, x0)])  # fmt: skip
        ys = np.concatenate([np.full_like(s, y0), y0 + (y1 - y0) * s, np.full_like(s, y1),
                             y1 - (y1 - y0) * s])  # fmt: skip
        return xs, ys

    def lonlat_bbox(self) -> tuple[float, float, float, float]:
        """The lon/lat box around the visible rectangle (longitudes unwrapped around lon0)."""
        (x0, x1), (y0, y1) = self.xlim, self.ylim
        xs, ys = self.outline(41)
        lon, lat = (np.asarray(v) for v in self._to_lonlat.transform(xs, ys))
        lon = _unwrap(lon, self.lon0)
        miny, maxy = float(lat.min()), float(lat.max())
        minx, maxx = float(lon.min()), float(lon.max())
        for pole in (90.0, -90.0):
            px, py = self.forward(np.array([self.lon0]), np.array([pole]))
            if x0 <= px[0] <= x1 and y0 <= py[0] <= y1:
                minx, maxx = self.lon0 - 180.0, self.lon0 + 180.0
                miny, maxy = min(miny, pole), max(maxy, pole)
        pad_x, pad_y = (maxx - minx) * 0.03 + 0.05, (maxy - miny) * 0.03 + 0.05
        return (minx - pad_x, max(miny - pad_y, -90.0), maxx + pad_x, min(maxy + pad_y, 90.0))


def _unwrap(lon: np.ndarray, ref: float) -> np.ndarray:
    return ref + (np.asarray(lon, dtype=float) - ref + 180.0) % 360.0 - 180.0


def fit_frame(
    lon: Iterable[float],
    lat: Iterable[float],
    *,
    aspect: tuple[float, float] = _ASPECT,
    lon_0: float | None = None,
    pad: tuple[float, float] = (0.12, 0.05),
) -> MapFrame:
    """Fit a projection and a padded rectangle around lon/lat points.

    Parameters
    ----------
    lon, lat : iterable of float
        The content's coordinates (longitudes may be unwrapped past 180).
    aspect : tuple of float
        Allowed range of height / width; the rectangle grows to fit it.
    lon_0 : float, optional
        The story's central meridian: longitudes are read in its frame
        ``[lon_0 - 180, lon_0 + 180)``; by default in the frame around the first one.
    pad : tuple of float
        Margin on each side, as shares of the content's longer and shorter
        side (added together): room for labels and symbols.

    Returns
    -------
    MapFrame

    Examples
    --------
    >>> frame = fit_frame([37.6, 131.9], [55.8, 43.1])
    >>> frame.crs.coordinate_operation.method_name
    'Lambert Azimuthal Equal Area'
    >>> 7000 < frame.width_km < 9000
    True
    """
    lon_a, lat_a = np.asarray(list(lon), dtype=float), np.asarray(list(lat), dtype=float)
    if lon_a.size == 0:
        raise RenderError("nothing to draw: the story has no legs, places or events")
    lon_a = _unwrap(lon_a, float(lon_a[0]) if lon_0 is None else lon_0)
    lon0 = (float(lon_a.min()) + float(lon_a.max())) / 2.0
    lat0 = (float(lat_a.min()) + float(lat_a.max())) / 2.0
    lon0_norm = (lon0 + 180.0) % 360.0 - 180.0
    crs = CRS.from_proj4(
        f"+proj=laea +lat_0={lat0:.4f} +lon_0={lon0_norm:.4f} +x_0=0 +y_0=0 "
        "+datum=WGS84 +units=m +no_defs"
    )
    frame = MapFrame(crs, (0.0, 0.0), (0.0, 0.0), lon0)
    x, y = frame.forward(lon_a, lat_a)
    cx, cy = (x.min() + x.max()) / 2.0, (y.min() + y.max()) / 2.0
    w = max(float(x.max() - x.min()), _MIN_WIDTH_KM * 1000.0 * 0.6)
    h = max(float(y.max() - y.min()), _MIN_WIDTH_KM * 1000.0 * 0.3)
    # Room for labels and symbols around the content: relative plus a floor.
    margin = pad[0] * max(w, h) + pad[1] * min(w, h)
    w, h = w + 2 * margin, h + 2 * margin
    lo, hi = aspect
    if h / w < lo:
        h = w * lo
    elif h / w > hi:
        w = h / hi
    return MapFrame(crs, (cx - w / 2, cx + w / 2), (cy - h / 2, cy + h / 2), lon0)


def coords(geoms: Iterable[Any]) -> tuple[list[float], list[float]]:
    lon: list[float] = []
    lat: list[float] = []
    for geom in geoms:
        if geom is None or geom.is_empty:
            continue
        xy = shapely.get_coordinates(geom)
        lon += xy[:, 0].tolist()
        lat += xy[:, 1].tolist()
    return lon, lat
