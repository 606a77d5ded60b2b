"""GeoJSON output: legs, places and events as one FeatureCollection.

Properties follow the legs table (``docs/architecture.md``) plus a
``feature_type`` of ``leg``, ``place`` or ``event``.  Coordinates are rounded to
1e-5 degrees (about a metre), NaN becomes ``null``, and key order is fixed, so
the same story always gives the same bytes.  As RFC 7946 asks, every longitude
lies in [-180, 180]: a leg crossing the antimeridian is a MultiLineString split
there (the legs table already holds it so; a hand-made table is split here).
"""

from __future__ import annotations

import json
import math
from typing import TYPE_CHECKING, Any

import numpy as np
import shapely

from legmap import _geodesic

if TYPE_CHECKING:
    import geopandas as gpd

    from legmap.legs.build import BuiltStory

__all__ = ["to_geojson"]

PRECISION = 5  # decimal places of a degree: ~1 m, finer than any map we draw


def _value(value: Any) -> Any:
    if isinstance(value, float | np.floating):
        return None if math.isnan(value) else round(float(value), 3)
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.bool_):
        return bool(value)
    return value


def _geometry(geom: shapely.Geometry) -> dict[str, Any]:
    rounded = shapely.transform(geom, lambda xy: np.round(xy, PRECISION))
    return json.loads(shapely.to_geojson(rounded))  # type: ignore[no-any-return]


def _features(frame: gpd.GeoDataFrame, feature_type: str) -> list[dict[str, Any]]:
    columns = [c for c in frame.columns if c != frame.geometry.name]
    features = []
    for record, geom in zip(
        frame[columns].to_dict("records"), frame.geometry.to_numpy(), strict=True
    ):
        if feature_type == "leg":
            geom = _geodesic.split_antimeridian(geom)  # noqa: PLW2901  (a no-op when done)
        properties = {"feature_type": feature_type} | {k: _value(v) for k, v in record.items()}
        features.append({"type": "Feature", "properties": properties, "geometry": _geometry(geom)})
    return features


def to_geojson(built: BuiltStory) -> str:
    """Serialise a built story as a GeoJSON FeatureCollection (RFC 7946).

    Parameters
    ----------
    built : BuiltStory
        The output of :func:`legmap.build_story`.

    Returns
    -------
    str
        GeoJSON text; longitudes in [-180, 180], a line crossing the
        antimeridian split there into a MultiLineString.

    Examples
    --------
    >>> from legmap import build_story, load_story
    >>> doc = json.loads(to_geojson(build_story(load_story("geo/stories/kim-putin-2023.toml"))))
    >>> doc["features"][0]["properties"]["feature_type"]
    'leg'
    """
    breaks = getattr(built, "gauge_breaks", None)  # where trains change gauge: points
    features = (
        _features(built.legs, "leg")
        + _features(built.places, "place")
        + _features(built.events, "event")
        + (_features(breaks, "gauge_break") if breaks is not None and len(breaks) else [])
    )
    doc = {"type": "FeatureCollection", "name": built.title, "features": features}
    return json.dumps(doc, ensure_ascii=False, indent=None, separators=(",", ":")) + "\n"
