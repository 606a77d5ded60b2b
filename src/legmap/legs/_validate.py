"""The one validation point of the tables passed from builders to renderers.

Renderers trust what passes here, so they need no defensive checks of their own
(osmnx's ``_validate`` plays the same role for graphs).
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import shapely

from legmap.errors import RouteError
from legmap.story import CERTAINTIES, MODES

__all__ = ["BREAK_COLUMNS", "EVENT_COLUMNS", "LEG_COLUMNS", "PLACE_COLUMNS", "validate_legs"]

LEG_COLUMNS = (
    "journey", "journey_title", "seq", "mode", "certainty", "from_id", "to_id",
    "from_name", "to_name", "date", "label", "source", "routed", "length_km",
    "claim_km", "straight_km", "rail_km", "access_from_km", "access_to_km", "verdict",
    "verdict_text", "gauge_breaks", "geometry",
)  # fmt: skip
PLACE_COLUMNS = ("id", "name", "kind", "country", "source", "role", "geometry")
EVENT_COLUMNS = ("place_id", "place_name", "label", "date", "certainty", "source", "geometry")
#: ``BuiltStory.gauge_breaks``: where a train changes gauge (a Point each).
BREAK_COLUMNS = (
    "journey", "seq", "node", "name", "from_gauge", "to_gauge", "text", "geometry",
)  # fmt: skip

#: Text columns that may be missing: kept as Python str or None (object dtype), so
#: renderers never meet pandas' NaN in place of a missing label.
OPTIONAL_TEXT = ("date", "label", "source", "verdict", "verdict_text", "gauge_breaks")

_MODES = set(MODES)
_CERTAINTIES = set(CERTAINTIES)
_VERDICTS = {"straight", "rail", "off", None}


def _fail(message: str) -> RouteError:
    # Reaching this is a bug in a builder, not a user's mistake: say so.
    return RouteError(f"internal error, legs table is invalid: {message}")


def validate_legs(legs: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Check the legs GeoDataFrame contract and return it in canonical column order.

    Parameters
    ----------
    legs : geopandas.GeoDataFrame
        As produced by the leg builders.

    Returns
    -------
    geopandas.GeoDataFrame
        The same rows, columns ordered as :data:`LEG_COLUMNS`.

    Raises
    ------
    RouteError
        When a column is missing, a value is out of its domain, a geometry is not
        a non-empty LineString or MultiLineString, a line jumps more than 180
        degrees of longitude or a longitude lies outside [-180, 180].
    """
    missing = [c for c in LEG_COLUMNS if c not in legs.columns]
    if missing:
        raise _fail(f"missing columns {missing}")
    legs = legs.copy()
    for column in OPTIONAL_TEXT:
        values = legs[column].astype(object)
        legs[column] = values.where(values.notna(), None)
    if legs.crs is None or legs.crs.to_epsg() != 4326:
        raise _fail(f"CRS must be EPSG:4326, not {legs.crs}")
    if not set(legs["mode"]) <= _MODES:
        raise _fail(f"unknown modes {set(legs['mode']) - _MODES}")
    if not set(legs["certainty"]) <= _CERTAINTIES:
        raise _fail(f"unknown certainties {set(legs['certainty']) - _CERTAINTIES}")
    if not set(legs["verdict"]) <= _VERDICTS:
        raise _fail(f"unknown verdicts {set(legs['verdict']) - _VERDICTS}")
    geoms = legs.geometry.to_numpy()
    if len(geoms):
        types = shapely.get_type_id(geoms)
        lines = (types == shapely.GeometryType.LINESTRING) | (
            types == shapely.GeometryType.MULTILINESTRING
        )
        if not lines.all() or shapely.is_empty(geoms).any():
            raise _fail("every geometry must be a non-empty LineString or MultiLineString")
        coords, index = shapely.get_coordinates(shapely.get_parts(geoms), return_index=True)
        same_line = index[1:] == index[:-1]
        if (np.abs(np.diff(coords[:, 0]))[same_line] > 180).any():
            raise _fail("a line jumps more than 180 degrees of longitude")
        if (np.abs(coords[:, 0]) > 180).any():
            raise _fail("longitudes must lie in [-180, 180] (lines split at the antimeridian)")
    if (legs["length_km"] < 0).any() or legs["length_km"].isna().any():
        raise _fail("length_km must be a non-negative number")
    if (legs[["access_from_km", "access_to_km"]] < 0).to_numpy().any():
        raise _fail("access_from_km and access_to_km must be non-negative (or NaN)")
    return legs.loc[:, list(LEG_COLUMNS)].reset_index(drop=True)
