"""Online geocoding through geopy's Nominatim, only when ``Config.online`` is true.

Every answer is kept in a small JSON file in ``Config.cache_dir``
(``geocoder.json``, keyed by the normalised query and country), so a name looked
up once works again with the network gone.  The file is replaced atomically
(a reader never sees half of it) and updated under a lock
(``geocoder.json.lock``, ``fcntl.flock``): processes geocoding at the same time
each re-read the file under the lock and add their entry, so none is lost.

Requests go through geopy's ``RateLimiter`` (``Config.geocoder_min_delay_s``
between calls, no retries: a refusal is reported, not hammered) with
``Config.user_agent``.  The transport is legmap's own (``_transport.py``):
``Config.geocoder_timeout_s`` bounds the *whole* request (a server that drips
one byte a second is cut off), answers above :data:`MAX_ANSWER_BYTES` are
refused, and a redirect to another host is not followed.

Failures become legmap errors: a timeout :class:`~legmap.errors.GeocoderTimeoutError`,
HTTP 429 / 5xx / a malformed answer (coordinates that are not numbers or not on
Earth, fields of the wrong type, not JSON) / anything else
:class:`~legmap.errors.GeocoderError`, an empty answer
:class:`~legmap.errors.PlaceNotFoundError`; a cache file that is not a legmap
geocoder cache :class:`~legmap.errors.DataError` naming the file (it is never
overwritten).  Nothing from a bad answer is cached, and text from the server
reaches an error message only quoted and cut short.  Online places carry the
source "OpenStreetMap Nominatim (ODbL)" and an ``osm:`` id.

This module keeps :class:`Geocoder`, which puts the parts together; they live
in private modules: ``_geocache.py`` (the cache file, its lock and its atomic
writes), ``_transport.py`` (the only module that imports geopy: the client, the
urllib adapter with its deadline, size cap and redirect rule, and geopy's
failures as legmap errors) and ``_geoanswer.py`` (checking an answer and
turning it into a :class:`~legmap.places.place.Place`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from legmap._optional import optional_import
from legmap.config import Config
from legmap.errors import GeocoderError, PlaceNotFoundError, quote
from legmap.places import _geocache, _transport
from legmap.places._geoanswer import UnusableError, place_from_answer
from legmap.places._text import name_key
from legmap.places._transport import MAX_ANSWER_BYTES
from legmap.places.place import Place

__all__ = ["MAX_ANSWER_BYTES", "Geocoder"]


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
        self.cache_path = Path(config.cache_dir) / _geocache.CACHE_FILE
        self._geocode: Callable[..., Any] | None = None

    def _client(self) -> Callable[..., Any]:
        if self._geocode is None:
            # geopy (the online extra) is imported only for a real network call.
            optional_import("geopy")
            self._geocode = _transport.nominatim_client(self.config)
        return self._geocode

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
            The geocoder did not answer in time, failed, or sent an unusable answer.
        DataError
            The cache file is not a legmap geocoder cache.
        """
        key = f"{name_key(query)}|{(country or '').upper()}"
        entries = _geocache.read_entries(self.cache_path)
        if key in entries:
            try:
                return _geocache.from_json(entries[key])
            except ValueError as err:
                why = f"entry {quote(key, limit=40)}: {err}"
                raise _geocache.broken(self.cache_path, why) from None
        answer = _transport.search(self._client, query, country=country, config=self.config)
        where = self.config.geocoder_url
        if isinstance(answer, Mapping) and "error" in answer:
            shown = quote(str(answer["error"]), limit=120)
            raise GeocoderError(f"the geocoder at {where} answered with an error: {shown}")
        if answer is None or (isinstance(answer, list | dict) and not answer):
            where_in = f" in {country}" if country else ""
            raise PlaceNotFoundError(
                f"no place called {query!r}{where_in} (also asked the online geocoder)"
            )
        if not isinstance(answer, list):
            answer = [answer]  # Nominatim may send one object instead of a list of one
        try:
            place = place_from_answer(answer[0], query)
        except UnusableError as why:
            msg = f"the geocoder at {where} sent an unusable answer for {query!r}: {why}"
            raise GeocoderError(msg) from None
        _geocache.store(self.cache_path, key, place)
        return place
