"""The online geocoder's way to the network: geopy's Nominatim on legmap's own urllib transport.

Owns everything that touches geopy (the ``online`` extra); it is the one module
of legmap that imports it, and only inside functions, for a real network call.
:func:`nominatim_client` builds geopy's ``Nominatim`` behind a ``RateLimiter``
(``Config.geocoder_min_delay_s`` between calls, no retries: a refusal is
reported, not hammered) with ``Config.user_agent``; :func:`search` makes one
call and turns geopy's failures into legmap errors.

The transport is a geopy adapter on urllib (:func:`transport_class`):
``Config.geocoder_timeout_s`` bounds the *whole* request (connect, headers,
body; a server that drips one byte a second is cut off), answers above
:data:`MAX_ANSWER_BYTES` are refused, and a redirect to another host is not
followed.  Nominatim's JSON is handed back as sent, for
:mod:`legmap.places._geoanswer` to check.

Examples
--------
>>> MAX_ANSWER_BYTES // 1024
1024
"""

from __future__ import annotations

import contextlib
import http.client
import json
import socket
import threading
import urllib.error
import urllib.request
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from legmap._optional import optional_import
from legmap.config import Config
from legmap.errors import GeocoderError, GeocoderTimeoutError, quote

__all__ = ["MAX_ANSWER_BYTES", "nominatim_client", "search", "transport_class"]

#: A Nominatim answer for one place is a few kilobytes; anything above this is refused.
MAX_ANSWER_BYTES = 1024 * 1024


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


def transport_class() -> type:
    """The geopy adapter class (built on first use: geopy is imported only for a real call)."""
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


def nominatim_client(config: Config) -> Callable[..., Any]:
    """The rate-limited ``geocode`` of geopy's Nominatim at ``config.geocoder_url``.

    The caller has checked that geopy is installed (``optional_import``).
    """
    from geopy.extra.rate_limiter import RateLimiter  # noqa: PLC0415

    url = urlsplit(config.geocoder_url)
    if url.scheme not in ("http", "https") or not url.hostname:
        raise GeocoderError(f"geocoder_url {quote(config.geocoder_url)} is not an http(s) URL")
    transport = transport_class()
    nominatim = _raw_nominatim_class()(
        domain=url.netloc + url.path.rstrip("/"),
        scheme=url.scheme,
        user_agent=config.user_agent,
        timeout=config.geocoder_timeout_s,
        adapter_factory=lambda **kw: transport(host=url.hostname, **kw),
    )
    geocode: Callable[..., Any] = RateLimiter(
        nominatim.geocode,
        min_delay_seconds=config.geocoder_min_delay_s,
        max_retries=0,
        swallow_exceptions=False,
    )
    return geocode


def search(
    client: Callable[[], Callable[..., Any]],
    query: str,
    *,
    country: str | None,
    config: Config,
) -> Any:
    """Ask ``client()`` for `query`: Nominatim's first result as sent, or None.

    Raises
    ------
    GeocoderTimeoutError, GeocoderError
        The geocoder did not answer within ``config.geocoder_timeout_s``,
        refused (HTTP 429), or failed.
    ModuleNotFoundError
        geopy is not installed; the message names the ``online`` extra.
    """
    optional_import("geopy")  # before any geopy name: the error says what to install
    from geopy import exc  # noqa: PLC0415

    where, timeout = config.geocoder_url, config.geocoder_timeout_s
    try:
        answer = client()(
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
