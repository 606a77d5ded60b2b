"""Online geocoding through geopy's Nominatim, only when ``Config.online`` is true.

Every answer is kept in a small JSON file in ``Config.cache_dir``
(``geocoder.json``, keyed by the normalised query and country), so a name looked
up once works again with the network gone.  The file is replaced atomically
(a reader never sees half of it) and updated under a lock
(``geocoder.json.lock``, ``fcntl.flock``): processes geocoding at the same time
each re-read the file under the lock and add their entry, so none is lost.

Requests go through geopy's ``RateLimiter`` (``Config.geocoder_min_delay_s``
between calls, no retries: a refusal is reported, not hammered) with
``Config.user_agent``.  The transport is legmap's own (:class:`_Transport`):
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
"""

from __future__ import annotations

import contextlib
import http.client
import json
import math
import os
import re
import socket
import tempfile
import threading
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from legmap.config import Config
from legmap.errors import (
    DataError,
    GeocoderError,
    GeocoderTimeoutError,
    PlaceNotFoundError,
    quote,
)
from legmap.places._text import name_key
from legmap.places.place import KINDS, Place

__all__ = ["MAX_ANSWER_BYTES", "Geocoder"]

SOURCE = "OpenStreetMap Nominatim (ODbL)"
_CACHE_FILE = "geocoder.json"
_CACHE_VERSION = 1
#: A Nominatim answer for one place is a few kilobytes; anything above this is refused.
MAX_ANSWER_BYTES = 1024 * 1024

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


class _UnusableError(ValueError):
    """Why an answer from the geocoder cannot be used (becomes a GeocoderError)."""


# Names are shown on maps and terminals: a control character in one is garbage.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def _text_field(raw: Mapping[str, Any], key: str) -> str | None:
    value = raw.get(key)
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise _UnusableError(f"{key!r} is not text")
    if _CONTROL.search(value):
        raise _UnusableError(f"{key!r} holds a control character")
    return value


def _table_field(raw: Mapping[str, Any], key: str) -> Mapping[str, Any]:
    value = raw.get(key)
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise _UnusableError(f"{key!r} is not an object")
    return value


def _degrees(raw: Mapping[str, Any], key: str, limit: float) -> float:
    value = raw.get(key)
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise _UnusableError(f"{key!r} is missing or not a number")
    try:
        number = float(value)
    except ValueError:
        raise _UnusableError(f"{key!r} is {quote(value, limit=30)}, not a number") from None
    if not (math.isfinite(number) and -limit <= number <= limit):
        raise _UnusableError(f"{key!r} {quote(value, limit=30)} is not within ±{limit:g} degrees")
    return number


def _place(raw: Any, query: str) -> Place:
    """A Place from one Nominatim search result; raises _UnusableError on anything odd."""
    if not isinstance(raw, Mapping):
        raise _UnusableError("a result is not an object")
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
            raise _UnusableError("the result has neither an OSM id nor a place id")
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


def _from_json(data: Any) -> Place:
    """A Place from a cache entry; raises ValueError when the entry has the wrong shape."""
    if not isinstance(data, Mapping):
        raise ValueError("an entry is not an object")
    names, aliases = data.get("names"), data.get("aliases", [])
    text = (str,)
    ok = (
        isinstance(data.get("id"), str)
        and isinstance(names, Mapping)
        and all(isinstance(k, str) and isinstance(v, str) for k, v in names.items())
        and isinstance(data.get("lat"), int | float)
        and isinstance(data.get("lon"), int | float)
        and not isinstance(data.get("lat"), bool)
        and not isinstance(data.get("lon"), bool)
        and data.get("kind") in KINDS
        and isinstance(data.get("country"), (*text, type(None)))
        and isinstance(data.get("source"), str)
        and isinstance(aliases, list)
        and all(isinstance(a, str) for a in aliases)
        and isinstance(data.get("rank", 0.0), int | float)
    )
    if not ok:
        raise ValueError("an entry does not have the fields of a place")
    try:
        return Place(
            id=data["id"],
            names=dict(names),  # type: ignore[arg-type]
            lat=float(data["lat"]),
            lon=float(data["lon"]),
            kind=data["kind"],
            country=data.get("country"),
            source=data["source"],
            aliases=tuple(aliases),  # type: ignore[arg-type]
            rank=float(data.get("rank", 0.0)),
        )
    except DataError as err:  # no English name, coordinates off the Earth
        raise ValueError(err.message) from None


class _Redirects(urllib.request.HTTPRedirectHandler):
    """Follow a redirect only within the geocoder's own host."""

    def __init__(self, host: str) -> None:
        super().__init__()
        self.host = host

    def redirect_request(  # noqa: PLR0917 - urllib's signature
        self,
        req: urllib.request.Request,
        fp: Any,
        code: int,
        msg: str,
        headers: Any,
        newurl: str,
    ) -> urllib.request.Request | None:
        target = urlsplit(newurl).hostname or ""
        if target.lower() != self.host.lower():
            from geopy import exc  # noqa: PLC0415

            shown = quote(target, limit=60)
            raise exc.GeocoderServiceError(f"redirected to another host ({shown}); not followed")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


class _Connections:
    """The connections of one request, so a watchdog can cut them at the deadline."""

    def __init__(self) -> None:
        self.open: list[http.client.HTTPConnection] = []

    def factory(self, cls: type[http.client.HTTPConnection]) -> Callable[..., Any]:
        def make(*args: Any, **kwargs: Any) -> http.client.HTTPConnection:
            conn = cls(*args, **kwargs)
            self.open.append(conn)
            return conn

        return make

    def cut(self) -> None:
        for conn in self.open:
            sock = conn.sock
            if sock is not None:
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)


def _transport_class() -> type:
    # Built on first use: geopy is imported only for a real network call.
    from geopy import exc  # noqa: PLC0415
    from geopy.adapters import AdapterHTTPError, BaseSyncAdapter  # noqa: PLC0415

    class _Transport(BaseSyncAdapter):  # type: ignore[misc]
        """geopy adapter on urllib: a whole-request deadline, a size cap, same-host redirects."""

        def __init__(
            self, *, proxies: Any, ssl_context: Any, host: str, max_bytes: int = MAX_ANSWER_BYTES
        ) -> None:
            super().__init__(proxies=proxies, ssl_context=ssl_context)
            self.proxies = urllib.request.getproxies() if proxies is None else dict(proxies)
            self.ssl_context = ssl_context
            self.host = host
            self.max_bytes = max_bytes

        def get_json(self, url: str, *, timeout: float, headers: dict[str, str]) -> Any:
            text = self.get_text(url, timeout=timeout, headers=headers)
            try:
                return json.loads(text)
            except (ValueError, RecursionError):
                raise exc.GeocoderParseError(f"the answer is not JSON: {quote(text)}") from None

        def get_text(self, url: str, *, timeout: float, headers: dict[str, str]) -> str:
            # The request runs in a worker thread; the caller waits at most
            # `timeout` in all (connect, headers, body), then cuts the socket.
            conns = _Connections()
            box: dict[str, Any] = {}

            def work() -> None:
                try:
                    box["text"] = self._fetch(url, timeout, headers, conns)
                except BaseException as err:  # noqa: BLE001 - handed to the caller
                    box["error"] = err

            worker = threading.Thread(target=work, name="legmap-geocoder", daemon=True)
            worker.start()
            worker.join(timeout)
            if worker.is_alive():
                conns.cut()
                raise exc.GeocoderTimedOut("Service timed out")
            if "error" in box:
                raise box["error"]
            text: str = box["text"]
            return text

        def _fetch(
            self, url: str, timeout: float, headers: dict[str, str], conns: _Connections
        ) -> str:
            class Http(urllib.request.HTTPHandler):
                def http_open(self, req: urllib.request.Request) -> Any:
                    return self.do_open(conns.factory(http.client.HTTPConnection), req)

            context = self.ssl_context

            class Https(urllib.request.HTTPSHandler):
                def https_open(self, req: urllib.request.Request) -> Any:
                    factory = conns.factory(http.client.HTTPSConnection)
                    return self.do_open(factory, req, context=context)

            opener = urllib.request.build_opener(
                Http(), Https(context=context), urllib.request.ProxyHandler(self.proxies),
                _Redirects(self.host),
            )  # fmt: skip
            request = urllib.request.Request(url=url, headers=headers)  # noqa: S310 - http(s) only
            try:
                with opener.open(request, timeout=timeout) as page:
                    body = self._read(page)
                    status = page.getcode()
            except urllib.error.HTTPError as err:
                body = self._read(err)
                raise AdapterHTTPError(
                    f"HTTP {err.code}",
                    status_code=err.code,
                    headers={k.lower(): v for k, v in err.headers.items()},
                    text=body,
                ) from None
            except (urllib.error.URLError, OSError, http.client.HTTPException) as err:
                reason = getattr(err, "reason", err)
                if isinstance(reason, TimeoutError | socket.timeout) or "timed out" in str(reason):
                    raise exc.GeocoderTimedOut("Service timed out") from None
                raise exc.GeocoderUnavailable(quote(str(reason), limit=100)) from None
            if status >= 400:
                raise AdapterHTTPError(f"HTTP {status}", status_code=status, headers={}, text=body)
            return body

        def _read(self, page: Any) -> str:
            chunks, size = [], 0
            while True:
                chunk = page.read1(65536) if hasattr(page, "read1") else page.read(65536)
                if not chunk:
                    break
                size += len(chunk)
                if size > self.max_bytes:
                    msg = f"the answer is larger than {self.max_bytes // 1024:,} KB"
                    raise exc.GeocoderParseError(msg)
                chunks.append(chunk)
            charset = page.headers.get_content_charset() or "utf-8"
            try:
                return b"".join(chunks).decode(charset)
            except (LookupError, ValueError):
                raise exc.GeocoderParseError("the answer is not text") from None

    return _Transport


def _raw_nominatim_class() -> type:
    from geopy.geocoders import Nominatim  # noqa: PLC0415

    class _RawNominatim(Nominatim):  # type: ignore[misc]
        """Nominatim that hands back the JSON as sent: legmap checks it itself."""

        def _parse_json(self, places: Any, exactly_one: bool) -> Any:
            return [places]  # wrapped: geopy must not read an empty answer as "no result"

    return _RawNominatim


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
            from geopy.extra.rate_limiter import RateLimiter  # noqa: PLC0415

            url = urlsplit(self.config.geocoder_url)
            if url.scheme not in ("http", "https") or not url.hostname:
                raise GeocoderError(
                    f"geocoder_url {quote(self.config.geocoder_url)} is not an http(s) URL"
                )
            transport = _transport_class()
            nominatim = _raw_nominatim_class()(
                domain=url.netloc + url.path.rstrip("/"),
                scheme=url.scheme,
                user_agent=self.config.user_agent,
                timeout=self.config.geocoder_timeout_s,
                adapter_factory=lambda **kw: transport(host=url.hostname, **kw),
            )
            self._geocode = RateLimiter(
                nominatim.geocode,
                min_delay_seconds=self.config.geocoder_min_delay_s,
                max_retries=0,
                swallow_exceptions=False,
            )
        return self._geocode

    # ------------------------------------------------------------ the cache
    def _broken_cache(self, why: str) -> DataError:
        msg = f"not a legmap geocoder cache ({why}); delete it to start a new one"
        return DataError(msg, file=str(self.cache_path))

    def _read_cache(self) -> dict[str, Any]:
        try:
            text = self.cache_path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return {}
        except (OSError, UnicodeDecodeError) as err:
            raise self._broken_cache(getattr(err, "strerror", None) or "unreadable") from None
        try:
            data = json.loads(text)
        except (ValueError, RecursionError):
            raise self._broken_cache("not JSON") from None
        if not isinstance(data, dict) or not isinstance(data.get("entries"), dict):
            raise self._broken_cache("no table of entries")
        if data.get("version") != _CACHE_VERSION:
            raise self._broken_cache(f"version {quote(data.get('version'), limit=20)}")
        entries: dict[str, Any] = data["entries"]
        return entries

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        """Hold the cache's lock file (other legmap processes wait their turn)."""
        self.cache_path.parent.mkdir(parents=True, exist_ok=True)
        lock_path = self.cache_path.with_name(self.cache_path.name + ".lock")
        with lock_path.open("a+b") as fh:
            try:
                import fcntl  # noqa: PLC0415 - POSIX; elsewhere writes are not locked
            except ImportError:  # pragma: no cover
                yield
                return
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(fh.fileno(), fcntl.LOCK_UN)

    def _write_cache(self, entries: Mapping[str, Any]) -> None:
        # Write a temporary file beside the cache, then rename: a reader never
        # sees half a file.  Called with the lock held.
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

    def _store(self, key: str, place: Place) -> None:
        try:
            with self._locked():
                entries = self._read_cache()  # re-read: another process may have added entries
                entries[key] = _to_json(place)
                self._write_cache(entries)
        except OSError as err:
            msg = f"cannot write the geocoder cache: {err.strerror or err}"
            raise DataError(msg, file=str(self.cache_path)) from None

    # ------------------------------------------------------------ the server
    def _ask(self, query: str, country: str | None) -> Any:
        from geopy import exc  # noqa: PLC0415

        where, timeout = self.config.geocoder_url, self.config.geocoder_timeout_s
        try:
            answer = self._client()(
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
            raise GeocoderError(
                f"the geocoder at {where} failed: {quote(str(err), limit=120)}"
            ) from None
        return answer[0] if isinstance(answer, list) and answer else None

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
        entries = self._read_cache()
        if key in entries:
            try:
                return _from_json(entries[key])
            except ValueError as err:
                raise self._broken_cache(f"entry {quote(key, limit=40)}: {err}") from None
        answer = self._ask(query, country)
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
            place = _place(answer[0], query)
        except _UnusableError as why:
            msg = f"the geocoder at {where} sent an unusable answer for {query!r}: {why}"
            raise GeocoderError(msg) from None
        self._store(key, place)
        return place
