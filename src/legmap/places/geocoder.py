"""Online geocoding through geopy's Nominatim, only when ``Config.online`` is true.

Every answer is kept in a small JSON file in ``Config.cache_dir``
(``geocoder.json``, keyed by the normalised query and country), written
atomically, so a name looked up once works again with the network gone.
Requests go through geopy's ``RateLimiter`` (``Config.geocoder_min_delay_s``
between calls, no retries: a refusal is reported, not hammered) with
``Config.user_agent`` and ``Config.geocoder_timeout_s``.

Failures become legmap errors: a timeout :class:`~legmap.errors.GeocoderTimeoutError`,
HTTP 429 / 5xx / anything else :class:`~legmap.errors.GeocoderError`, an empty
answer :class:`~legmap.errors.PlaceNotFoundError`.  Online places carry the
source "OpenStreetMap Nominatim (ODbL)" and an ``osm:`` id.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from legmap.config import Config
from legmap.errors import GeocoderError, GeocoderTimeoutError, PlaceNotFoundError
from legmap.places._text import name_key
from legmap.places.place import Place

__all__ = ["Geocoder"]

SOURCE = "OpenStreetMap Nominatim (ODbL)"
_CACHE_FILE = "geocoder.json"
_CACHE_VERSION = 1

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


def _place(raw: Mapping[str, Any], query: str) -> Place:
    details = raw.get("namedetails") or {}
    address = raw.get("address") or {}
    display = str(raw.get("display_name") or "")
    en = details.get("name:en") or raw.get("name") or display.split(",", 1)[0].strip() or query
    names = {"en": str(en)}
    names.update(
        {
            lang: str(details[f"name:{lang}"])
            for lang in ("ar", "ru", "ko")
            if details.get(f"name:{lang}")
        }
    )
    osm_type, osm_id = str(raw.get("osm_type") or ""), raw.get("osm_id")
    pid = (
        f"osm:{osm_type[:1]}{osm_id}" if osm_type and osm_id else f"nominatim:{raw.get('place_id')}"
    )
    try:
        lat, lon = float(raw["lat"]), float(raw["lon"])
    except (KeyError, TypeError, ValueError):
        raise GeocoderError(f"the geocoder answered {query!r} without usable coordinates") from None
    code = str(address.get("country_code") or "").upper()
    return Place(
        id=pid,
        names=names,
        lat=lat,
        lon=lon,
        kind=_kind(raw),
        country=code or None,
        source=SOURCE,
        aliases=(query,),
        rank=float(raw.get("importance") or 0.0),
    )


def _to_json(place: Place) -> dict[str, Any]:
    return {
        "id": place.id,
        "names": dict(place.names),
        "lat": place.lat,
        "lon": place.lon,
        "kind": place.kind,
        "country": place.country,
        "source": place.source,
        "aliases": list(place.aliases),
        "rank": place.rank,
    }


def _from_json(data: Mapping[str, Any]) -> Place:
    return Place(
        id=data["id"],
        names=data["names"],
        lat=float(data["lat"]),
        lon=float(data["lon"]),
        kind=data["kind"],
        country=data.get("country"),
        source=data["source"],
        aliases=tuple(data.get("aliases", ())),
        rank=float(data.get("rank", 0.0)),
    )


class Geocoder:
    """Nominatim lookups with a persistent cache.

    Parameters
    ----------
    config : Config
        ``geocoder_url``, ``user_agent``, ``geocoder_timeout_s``,
        ``geocoder_min_delay_s`` and ``cache_dir`` are used.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> cfg = Config(online=True, cache_dir=pathlib.Path(tempfile.mkdtemp()))
    >>> Geocoder(cfg).cache_path.name
    'geocoder.json'
    """

    def __init__(self, config: Config) -> None:
        self.config = config
        self.cache_path = Path(config.cache_dir) / _CACHE_FILE
        self._geocode: Callable[..., Any] | None = None

    def _client(self) -> Callable[..., Any]:
        if self._geocode is None:
            # geopy is imported only for a real network call.
            from geopy.adapters import URLLibAdapter  # noqa: PLC0415
            from geopy.extra.rate_limiter import RateLimiter  # noqa: PLC0415
            from geopy.geocoders import Nominatim  # noqa: PLC0415

            url = urlsplit(self.config.geocoder_url)
            if url.scheme not in ("http", "https") or not url.netloc:
                raise GeocoderError(
                    f"geocoder_url {self.config.geocoder_url!r} is not an http(s) URL"
                )
            nominatim = Nominatim(
                domain=url.netloc + url.path.rstrip("/"),
                scheme=url.scheme,
                user_agent=self.config.user_agent,
                timeout=self.config.geocoder_timeout_s,
                # The stdlib adapter: no dependency on requests, and no hidden
                # urllib3 retries, so a read timeout surfaces as a timeout after
                # geocoder_timeout_s (requests' adapter reports "unavailable" later).
                adapter_factory=URLLibAdapter,
            )
            self._geocode = RateLimiter(
                nominatim.geocode,
                min_delay_seconds=self.config.geocoder_min_delay_s,
                max_retries=0,
                swallow_exceptions=False,
            )
        return self._geocode

    def _read_cache(self) -> dict[str, Any]:
        try:
            data = json.loads(self.cache_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}  # no cache yet, or a broken one: it is rebuilt on the next write
        if not isinstance(data, dict) or data.get("version") != _CACHE_VERSION:
            return {}
        entries = data.get("entries")
        return entries if isinstance(entries, dict) else {}

    def _write_cache(self, entries: Mapping[str, Any]) -> None:
        # Write a temporary file beside the cache, then rename: a reader never
        # sees half a file, even if two legmap processes write at once.
        self.cache_path.parent.mkdir(parents=True, exist_ok=True)
        payload = json.dumps({"version": _CACHE_VERSION, "entries": entries}, ensure_ascii=False)
        fd, tmp = tempfile.mkstemp(dir=self.cache_path.parent, prefix=".geocoder-", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(payload)
                fh.flush()
                os.fsync(fh.fileno())
            Path(tmp).replace(self.cache_path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def _ask(self, query: str, country: str | None) -> Any:
        from geopy import exc  # noqa: PLC0415

        where, timeout = self.config.geocoder_url, self.config.geocoder_timeout_s
        try:
            return self._client()(
                query,
                exactly_one=True,
                addressdetails=True,
                namedetails=True,
                country_codes=country.lower() if country else None,
            )
        except exc.GeocoderTimedOut:
            raise GeocoderTimeoutError(
                f"the geocoder at {where} did not answer within {timeout:g} s"
            ) from None
        except exc.GeocoderRateLimited:
            raise GeocoderError(
                f"the geocoder at {where} refused: too many requests (HTTP 429); try again later"
            ) from None
        except exc.GeopyError as err:
            raise GeocoderError(f"the geocoder at {where} failed: {err}") from None

    def geocode(self, query: str, *, country: str | None = None) -> Place:
        """Return the place Nominatim finds for `query` (from the cache when known).

        Parameters
        ----------
        query : str
            A place name.
        country : str, optional
            ISO alpha-2 code to restrict the search to.

        Raises
        ------
        PlaceNotFoundError
            The geocoder found nothing.
        GeocoderTimeoutError, GeocoderError
            The geocoder did not answer in time, or failed.
        """
        key = f"{name_key(query)}|{(country or '').upper()}"
        entries = self._read_cache()
        if key in entries:
            return _from_json(entries[key])
        location = self._ask(query, country)
        if location is None:
            where = f" in {country}" if country else ""
            raise PlaceNotFoundError(
                f"no place called {query!r}{where} (also asked the online geocoder)"
            )
        place = _place(location.raw, query)
        entries = self._read_cache()  # re-read: another process may have added entries
        entries[key] = _to_json(place)
        self._write_cache(entries)
        return place
