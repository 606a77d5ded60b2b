"""The distance a reader is shown for a leg, the same on every map.

The legs table's ``length_km`` is the length of the line *as drawn* (a rail
network's simplified track, a densified arc); it is never shown as a distance.
A reader sees:

* a train routed on the rail network: its rail distance (``rail_km``, which
  counts the access stretches between a place and its station, the legs
  table's ``access_from_km`` and ``access_to_km``);
* a flight: the geodesic (great-circle) distance between its two places;
* any other leg (road, sea, unknown, a train not on the network): the geodesic
  distance too, said to be a straight line;
* a distance leg: straight line and rail distance (and its claim), which the
  renderers lay out themselves.

Examples
--------
>>> import math, shapely
>>> train = {"mode": "train", "routed": True, "rail_km": 1201.2, "length_km": 934.0,
...          "geometry": shapely.LineString([(125.75, 39.03), (131.87, 43.11)])}
>>> shown_distance(train)
ShownDistance(km=1201.2, kind='rail')
>>> flight = dict(train, mode="flight", routed=False, rail_km=math.nan)
>>> shown_distance(flight).kind, round(shown_distance(flight).km)
('geodesic', 685)
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import shapely

from legmap import _geodesic

__all__ = ["ShownDistance", "finite", "shown_distance", "straight_km"]


@dataclass(frozen=True)
class ShownDistance:
    """A leg's distance as a reader sees it.

    Attributes
    ----------
    km : float
        The distance.
    kind : str
        ``rail`` (a routed train: its rail distance, access stretches included),
        ``geodesic`` (a flight) or ``straight`` (a leg legmap does not route:
        the geodesic too, but the way it went is unknown).
    """

    km: float
    kind: str


def finite(value: Any) -> float | None:
    """`value` as a float when it is a finite number, else None.

    Examples
    --------
    >>> finite(3), finite(float("nan")), finite(None), finite("x")
    (3.0, None, None, None)
    """
    if isinstance(value, bool | str | bytes) or value is None:
        return None
    try:
        x = float(value)  # numbers, numpy scalars
    except (TypeError, ValueError):
        return None
    return x if math.isfinite(x) else None


def straight_km(row: Mapping[str, Any]) -> float:
    """Geodesic distance between a leg's two ends: ``straight_km``, or from its line."""
    known = finite(row.get("straight_km"))
    if known is not None:
        return known
    xy = shapely.get_coordinates(row["geometry"])
    return float(_geodesic.distance_km(xy[0, 0], xy[0, 1], xy[-1, 0], xy[-1, 1]))


def shown_distance(row: Mapping[str, Any]) -> ShownDistance:
    """The distance to show for a leg (a row of the legs table), never the drawn length."""
    rail = finite(row.get("rail_km"))
    if row.get("mode") == "train" and bool(row.get("routed")) and rail is not None:
        return ShownDistance(rail, "rail")  # the access stretches are in it already
    kind = "geodesic" if row.get("mode") == "flight" else "straight"
    return ShownDistance(straight_km(row), kind)
