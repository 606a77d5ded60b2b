"""Nominatim answers into places: the checks, and the :class:`~legmap.places.place.Place`.

Owns what the online geocoder (:mod:`legmap.places.geocoder`) makes of one
search result: coordinates must be numbers on Earth, names text without control
characters, ``address`` and ``namedetails`` objects, and the result must carry
an OSM id or a place id.  Anything else raises :class:`UnusableError` (the
geocoder turns it into a :class:`~legmap.errors.GeocoderError` and caches
nothing).  Nominatim's (class, type) becomes a legmap kind; the place carries
the source :data:`SOURCE` and an ``osm:`` id.

Examples
--------
>>> place = place_from_answer(
...     {"lat": "43.3979", "lon": 132.1488, "osm_type": "way", "osm_id": 4567,
...      "class": "aeroway", "type": "aerodrome", "name": "Knevichi"},
...     "Knevichi",
... )
>>> place.id, place.kind, place.lat
('osm:w4567', 'airport', 43.3979)
>>> place_from_answer({"lat": "abc", "lon": 0}, "X")
Traceback (most recent call last):
...
legmap.places._geoanswer.UnusableError: 'lat' is 'abc', not a number
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import Any

from legmap.errors import quote
from legmap.places.place import Place

__all__ = ["SOURCE", "UnusableError", "place_from_answer"]

SOURCE = "OpenStreetMap Nominatim (ODbL)"

# Nominatim (class, type) -> legmap kind; then class alone; else "venue".
_KIND_BY_TYPE = {
    ("aeroway", "aerodrome"): "airport",
    ("aeroway", "airport"): "airport",
    ("railway", "station"): "station",
    ("railway", "halt"): "station",
    ("public_transport", "station"): "station",
    ("building", "train_station"): "station",
    ("man_made", "pier"): "port",
    ("landuse", "port"): "port",
    ("leisure", "marina"): "port",
    ("barrier", "border_control"): "border-crossing",
}
_KIND_BY_CLASS = {"place": "city", "boundary": "city", "aeroway": "airport", "railway": "station"}


def _kind(raw: Mapping[str, Any]) -> str:
    cls, typ = str(raw.get("class", "")), str(raw.get("type", ""))
    return _KIND_BY_TYPE.get((cls, typ)) or _KIND_BY_CLASS.get(cls, "venue")


class UnusableError(ValueError):
    """Why an answer from the geocoder cannot be used (becomes a GeocoderError)."""


# Names are shown on maps and terminals: a control character in one is garbage.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def _text_field(raw: Mapping[str, Any], key: str) -> str | None:
    value = raw.get(key)
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise UnusableError(f"{key!r} is not text")
    if _CONTROL.search(value):
        raise UnusableError(f"{key!r} holds a control character")
    return value


def _table_field(raw: Mapping[str, Any], key: str) -> Mapping[str, Any]:
    value = raw.get(key)
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise UnusableError(f"{key!r} is not an object")
    return value


def _degrees(raw: Mapping[str, Any], key: str, limit: float) -> float:
    value = raw.get(key)
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise UnusableError(f"{key!r} is missing or not a number")
    try:
        number = float(value)
    except ValueError:
        raise UnusableError(f"{key!r} is {quote(value, limit=30)}, not a number") from None
    if not (math.isfinite(number) and -limit <= number <= limit):
        raise UnusableError(f"{key!r} {quote(value, limit=30)} is not within ±{limit:g} degrees")
    return number


def place_from_answer(raw: Any, query: str) -> Place:
    """A Place from one Nominatim search result; raises UnusableError on anything odd."""
    if not isinstance(raw, Mapping):
        raise UnusableError("a result is not an object")
    lat, lon = _degrees(raw, "lat", 90.0), _degrees(raw, "lon", 180.0)
    details, address = _table_field(raw, "namedetails"), _table_field(raw, "address")
    display = _text_field(raw, "display_name") or ""
    en = (
        _text_field(details, "name:en")
        or _text_field(raw, "name")
        or display.split(",", 1)[0].strip()
        or query
    )
    names = {"en": en}
    for lang in ("ar", "ru", "ko"):
        local = _text_field(details, f"name:{lang}")
        if local:
            names[lang] = local
    osm_type, osm_id = _text_field(raw, "osm_type") or "", raw.get("osm_id")
    if osm_type and isinstance(osm_id, int) and not isinstance(osm_id, bool):
        pid = f"osm:{osm_type[:1]}{osm_id}"
    else:
        place_id = raw.get("place_id")
        if isinstance(place_id, bool) or not isinstance(place_id, int | str) or not place_id:
            raise UnusableError("the result has neither an OSM id nor a place id")
        pid = f"nominatim:{place_id}"
    code = (_text_field(address, "country_code") or "").upper()
    importance = raw.get("importance")
    rank = (
        float(importance)
        if isinstance(importance, int | float) and not isinstance(importance, bool)
        else 0.0
    )
    _text_field(raw, "class"), _text_field(raw, "type")  # raise if not text
    return Place(
        id=pid,
        names=names,
        lat=lat,
        lon=lon,
        kind=_kind(raw),
        country=code if len(code) == 2 and code.isalpha() else None,
        source=SOURCE,
        aliases=(query,),
        rank=rank if math.isfinite(rank) else 0.0,
    )
