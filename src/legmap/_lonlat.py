"""Coordinates enter as (lon, lat): say so clearly when they look like (lat, lon).

legmap keeps (lon, lat) everywhere inside, as GeoJSON and shapely do; people
often write (lat, lon), as maps and Wikipedia do.  A latitude beyond 90 degrees
whose longitude would be a valid latitude is almost always that mix-up, so the
error says so instead of only "out of range".

Examples
--------
>>> swapped_hint(131.9, 43.1) is None      # Vladivostok as (lon, lat): fine
True
>>> print(swapped_hint(lon=43.1, lat=131.9))  # doctest: +ELLIPSIS
latitude 131.9 is beyond 90 degrees: (lat, lon) given where (lon, lat) is expected? Give ...
>>> swapped_hint(lon=43.1, lat=131.9, keys=True)
'lat 131.9 is beyond 90 degrees: lat and lon look swapped (lat = 43.1, lon = 131.9?)'
"""

from __future__ import annotations

import math

__all__ = ["swapped_hint"]


def swapped_hint(lon: float, lat: float, *, keys: bool = False) -> str | None:
    """A message when (lon, lat) looks like a (lat, lon) pair, else None.

    Parameters
    ----------
    lon, lat : float
        The values as given, in the (lon, lat) order legmap expects.
    keys : bool
        The values came as named keys (``lat = ...`` in a story file) rather
        than as a pair: the message names the keys.

    Returns
    -------
    str or None
        ``None`` when `lat` is a latitude (or the values are not numbers, left
        to the caller's own checks); otherwise a sentence naming both orders.
    """
    try:
        x, y = float(lon), float(lat)
    except (TypeError, ValueError):
        return None
    if not (math.isfinite(x) and math.isfinite(y)) or abs(y) <= 90.0 or abs(x) > 90.0:
        return None
    if keys:
        return (
            f"lat {y:g} is beyond 90 degrees: lat and lon look swapped (lat = {x:g}, lon = {y:g}?)"
        )
    return (
        f"latitude {y:g} is beyond 90 degrees: (lat, lon) given where (lon, lat) is "
        f"expected? Give ({y:g}, {x:g})"
    )
