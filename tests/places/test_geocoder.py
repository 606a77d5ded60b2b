"""The online geocoder against a real HTTP server on 127.0.0.1 (no mocking of geopy)."""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from legmap.config import Config
from legmap.errors import DataError, GeocoderError, GeocoderTimeoutError, PlaceNotFoundError
from legmap.places.gazetteer import Gazetteer
from legmap.places.geocoder import Geocoder

# One Nominatim /search answer (format=json, addressdetails=1, namedetails=1).
KNEVICHI = {
    "place_id": 123,
    "licence": "Data © OpenStreetMap contributors, ODbL 1.0. http://osm.org/copyright",
    "osm_type": "way",
    "osm_id": 4567,
    "lat": "43.3979",
    "lon": "132.1488",
    "class": "aeroway",
    "type": "aerodrome",
    "place_rank": 30,
    "importance": 0.41,
    "addresstype": "aeroway",
    "name": "Кневичи",
    "display_name": "Кневичи, Артём, Приморский край, Россия",
    "address": {"aeroway": "Кневичи", "country": "Россия", "country_code": "ru"},
    "namedetails": {"name": "Кневичи", "name:en": "Knevichi Airfield", "name:ru": "Кневичи"},
    "boundingbox": ["43.38", "43.41", "132.13", "132.16"],
}


class _Nominatim:
    """A tiny Nominatim: `mode` decides the answer; requests are recorded."""

    def __init__(self) -> None:
        self.mode = "hit"
        self.requests: list[dict[str, list[str]]] = []
        #: When set, writes the whole response itself (garbage, drips, redirects).
        self.custom: Callable[[BaseHTTPRequestHandler], None] | None = None
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                url = urlsplit(self.path)
                owner.requests.append({**parse_qs(url.query), "_path": [url.path],
                                       "_ua": [self.headers.get("User-Agent", "")]})  # fmt: skip
                if owner.custom is not None:
                    with contextlib.suppress(OSError):  # the client hung up (deadline, cap)
                        owner.custom(self)
                    return
                status, body = owner.answer(url.path)
                payload = json.dumps(body).encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(payload)))
                    self.end_headers()
                    self.wfile.write(payload)
                except OSError:
                    pass  # the client gave up (timeout test)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"

    def answer(self, path: str) -> tuple[int, object]:
        if path != "/search":
            return 404, {"error": "not found"}
        if self.mode == "hit":
            return 200, [KNEVICHI]
        if self.mode == "empty":
            return 200, []
        if self.mode == "slow":
            time.sleep(1.5)
            return 200, [KNEVICHI]
        return int(self.mode), {"error": self.mode}

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def nominatim() -> Iterator[_Nominatim]:
    server = _Nominatim()
    yield server
    server.stop()


@pytest.fixture
def config(nominatim, tmp_path) -> Config:
    return Config(
        online=True,
        geocoder_url=nominatim.url,
        geocoder_min_delay_s=0.0,
        geocoder_timeout_s=0.5,
        cache_dir=tmp_path / "cache",
        user_agent="legmap-tests",
    )


def test_hit_becomes_a_place(nominatim, config):
    place = Geocoder(config).geocode("Knevichi")
    assert place.id == "osm:w4567"
    assert place.names["en"] == "Knevichi Airfield"
    assert place.name("ru") == "Кневичи"
    assert (place.lat, place.lon) == (43.3979, 132.1488)
    assert (place.kind, place.country) == ("airport", "RU")
    assert place.source == "OpenStreetMap Nominatim (ODbL)"
    request = nominatim.requests[0]
    assert request["_path"] == ["/search"]
    assert request["q"] == ["Knevichi"]
    assert request["format"] == ["json"]
    assert request["_ua"] == ["legmap-tests"]


def test_country_is_sent(nominatim, config):
    Geocoder(config).geocode("Knevichi", country="RU")
    assert nominatim.requests[0]["countrycodes"] == ["ru"]


def test_cached_answer_survives_the_server(nominatim, config):
    first = Geocoder(config).geocode("Knevichi")
    assert (config.cache_dir / "geocoder.json").is_file()
    nominatim.stop()
    again = Geocoder(config).geocode("  KNEVICHI ")  # same normalised query
    assert again == first
    assert len(nominatim.requests) == 1
    nominatim.stop = lambda: None  # already stopped


def test_rate_limited(nominatim, config):
    nominatim.mode = "429"
    with pytest.raises(GeocoderError, match="429") as info:
        Geocoder(config).geocode("Knevichi")
    assert not isinstance(info.value, GeocoderTimeoutError)
    assert len(nominatim.requests) == 1  # no retry storm


def test_server_error(nominatim, config):
    nominatim.mode = "500"
    with pytest.raises(GeocoderError, match="failed"):
        Geocoder(config).geocode("Knevichi")


def test_timeout(nominatim, config):
    nominatim.mode = "slow"
    with pytest.raises(GeocoderTimeoutError, match=r"0\.5 s"):
        Geocoder(config).geocode("Knevichi")


def test_empty_answer(nominatim, config):
    nominatim.mode = "empty"
    with pytest.raises(PlaceNotFoundError, match="online geocoder"):
        Geocoder(config).geocode("Nowhere at all")
    assert not (config.cache_dir / "geocoder.json").exists()  # no answer cached


def test_unreachable_server(config, tmp_path):
    dead = config.replace(geocoder_url="http://127.0.0.1:9", cache_dir=tmp_path / "c2")
    with pytest.raises(GeocoderError):
        Geocoder(dead).geocode("Knevichi")


@pytest.mark.parametrize(
    "content",
    [
        "{not json",
        "[1]",
        '{"version": 1}',
        '{"version": 2, "entries": {}}',
        '{"version": 1, "entries": {"knevichi|": "x"}}',
        '{"version": 1, "entries": {"knevichi|": {"id": "x"}}}',
        '{"version": 1, "entries": {"knevichi|": {"id": "x", "names": {"en": "X"}, "lat": 95,'
        ' "lon": 0, "kind": "city", "country": null, "source": "s"}}}',
        "[" * 100_000,
    ],
)
def test_broken_cache_is_refused_and_kept(nominatim, config, content):
    # A cache legmap cannot read is reported (one line, the file named) and
    # never overwritten: it may be another version's, or hold a user's edits.
    config.cache_dir.mkdir(parents=True)
    cache = config.cache_dir / "geocoder.json"
    cache.write_text(content, encoding="utf-8")
    with pytest.raises(DataError) as info:
        Geocoder(config).geocode("Knevichi")
    message = str(info.value)
    assert message.startswith(f"{cache}: not a legmap geocoder cache (")
    assert message.endswith("delete it to start a new one")
    assert "\n" not in message
    assert cache.read_text(encoding="utf-8") == content
    assert nominatim.requests == []  # refused before asking anyone


def test_gazetteer_goes_online_only_for_unknown_names(nominatim, config):
    gazetteer = Gazetteer.default(config=config)
    assert gazetteer.resolve("Pyongyang").id == "pyongyang"
    assert nominatim.requests == []
    assert gazetteer.resolve("Knevichi airfield near Artyom").id == "osm:w4567"
    assert len(nominatim.requests) == 1


def test_offline_gazetteer_never_calls(nominatim, config):
    gazetteer = Gazetteer.default(config=config.replace(online=False))
    with pytest.raises(PlaceNotFoundError):
        gazetteer.resolve("Knevichi airfield near Artyom")
    assert nominatim.requests == []


# --- hostile or broken servers -------------------------------------------------


def _send(
    handler: BaseHTTPRequestHandler,
    body: bytes,
    *,
    status: int = 200,
    ctype: str = "application/json",
    headers: dict[str, str] | None = None,
) -> None:
    handler.send_response(status)
    handler.send_header("Content-Type", ctype)
    handler.send_header("Content-Length", str(len(body)))
    for key, value in (headers or {}).items():
        handler.send_header(key, value)
    handler.end_headers()
    handler.wfile.write(body)


def _answer(**changes: object) -> bytes:
    return json.dumps([{**KNEVICHI, **changes}]).encode()


GARBAGE = {
    "latitude text": (_answer(lat="abc"), "'lat' is 'abc', not a number"),
    "latitude 1e308": (_answer(lat="1e308"), "'lat' '1e308' is not within ±90 degrees"),
    "latitude NaN": (_answer(lat="NaN"), "'lat' 'NaN' is not within ±90 degrees"),
    "longitude 540": (_answer(lon=540), "'lon' 540 is not within ±180 degrees"),
    "latitude missing": (_answer(lat=None), "'lat' is missing or not a number"),
    "latitude true": (_answer(lat=True), "'lat' is missing or not a number"),
    "address a string": (_answer(address="Moscow"), "'address' is not an object"),
    "names a list": (_answer(namedetails=["x"]), "'namedetails' is not an object"),
    "english name a number": (_answer(namedetails={"name:en": 5}), "'name:en' is not text"),
    "escape codes in a name": (
        _answer(namedetails={"name:en": "\x1b[2Jevil"}),
        "'name:en' holds a control character",
    ),
    "a list of a number": (b"[1]", "a result is not an object"),
    "a string": (b'"Moscow"', "a result is not an object"),
    "no ids": (_answer(osm_type=None, osm_id=None, place_id=None), "neither an OSM id"),
    "not json": (b"<html>oops</html>", "the answer is not JSON: '<html>oops</html>'"),
    "deep json": (b"[" * 100_000, "the answer is not JSON"),
    "not utf-8": (b'[{"lat": "\xff"}]', "the answer is not text"),
}


@pytest.mark.parametrize("case", GARBAGE)
def test_garbage_answer_is_one_line_and_never_cached(nominatim, config, case):
    body, words = GARBAGE[case]
    nominatim.custom = lambda handler: _send(handler, body)
    with pytest.raises(GeocoderError) as info:
        Geocoder(config).geocode("Knevichi")
    message = str(info.value)
    assert words in message
    assert "\n" not in message
    assert len(message) < 400
    assert not (config.cache_dir / "geocoder.json").exists()


def test_error_answer_from_the_server_is_quoted(nominatim, config):
    body = json.dumps({"error": "\x1b[2J\x1b[31mlegmap: error: forged\nsecond line"}).encode()
    nominatim.custom = lambda handler: _send(handler, body)
    with pytest.raises(GeocoderError) as info:
        Geocoder(config).geocode("Knevichi")
    message = str(info.value)
    assert "\x1b" not in message
    assert "\n" not in message
    assert "answered with an error: '\\x1b[2J" in message


def test_huge_error_page_is_cut(nominatim, config):
    page = b"<html>" + b"\x1b[31mX" * 3_000_000 + b"</html>"  # 21 MB of escape codes
    nominatim.custom = lambda handler: _send(handler, page, status=500, ctype="text/html")
    with pytest.raises(GeocoderError) as info:
        Geocoder(config).geocode("Knevichi")
    message = str(info.value)
    assert len(message) < 300
    assert "\x1b" not in message


def test_huge_answer_is_refused(nominatim, config):
    big = _answer(display_name="x" * (2 * 1024 * 1024))
    nominatim.custom = lambda handler: _send(handler, big)
    with pytest.raises(GeocoderError, match="larger than 1,024 KB"):
        Geocoder(config).geocode("Knevichi")
    assert not (config.cache_dir / "geocoder.json").exists()


def test_a_dripping_server_is_cut_off_at_the_timeout(nominatim, config):
    # One byte every 0.1 s (headers first, then the body): each read is quick,
    # the whole answer is not.  The timeout is for the whole request: 0.5 s.
    def drip(handler: BaseHTTPRequestHandler) -> None:
        payload = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n" + _answer()
        for byte in payload:
            handler.wfile.write(bytes([byte]))
            handler.wfile.flush()
            time.sleep(0.1)

    nominatim.custom = drip
    started = time.monotonic()
    with pytest.raises(GeocoderTimeoutError, match=r"within 0\.5 s"):
        Geocoder(config).geocode("Knevichi")
    assert time.monotonic() - started < 3.0  # bounded by the timeout, not by the drip


def test_no_redirect_to_another_host(nominatim, config):
    def redirect(handler: BaseHTTPRequestHandler) -> None:
        _send(handler, b"", status=302, headers={"Location": "http://evil.example/search?q=x"})

    nominatim.custom = redirect
    with pytest.raises(GeocoderError, match=r"redirected to another host \('evil\.example'\)"):
        Geocoder(config).geocode("Knevichi")
    assert len(nominatim.requests) == 1


def test_redirect_within_the_host_is_followed(nominatim, config):
    def redirect(handler: BaseHTTPRequestHandler) -> None:
        if handler.path.startswith("/search"):
            _send(handler, b"", status=301, headers={"Location": "/v2" + handler.path})
        else:
            _send(handler, _answer())

    nominatim.custom = redirect
    assert Geocoder(config).geocode("Knevichi").id == "osm:w4567"
    assert [r["_path"] for r in nominatim.requests] == [["/search"], ["/v2/search"]]


# --- several processes at once --------------------------------------------------

_WORKER = """
import sys, time
from pathlib import Path
from legmap.config import Config
from legmap.places.geocoder import Geocoder

url, cache, name, start = sys.argv[1:5]
while not Path(start).exists():  # all ten start together
    time.sleep(0.005)
cfg = Config(online=True, geocoder_url=url, geocoder_min_delay_s=0.0,
             geocoder_timeout_s=20.0, cache_dir=Path(cache), user_agent="legmap-tests")
print(Geocoder(cfg).geocode(name).id)
"""


def test_parallel_processes_keep_every_entry(nominatim, config, tmp_path: Path):
    # Ten processes ask for ten names at once; the server answers them all at
    # the same moment, so every process writes the cache at the same time.
    names = [f"Place {i}" for i in range(10)]
    arrived = threading.Barrier(len(names), timeout=60)

    def answer(handler: BaseHTTPRequestHandler) -> None:
        query = parse_qs(urlsplit(handler.path).query)["q"][0]
        i = names.index(query)
        arrived.wait()
        _send(handler, _answer(osm_id=1000 + i, lat=str(40 + i), namedetails={"name:en": query}))

    nominatim.custom = answer
    start = tmp_path / "go"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    args = [sys.executable, "-c", _WORKER, nominatim.url, str(config.cache_dir)]
    procs = [
        subprocess.Popen(
            [*args, name, str(start)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for name in names
    ]
    start.touch()
    results = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0] * 10, [err for _, err in results]
    assert [out.strip() for out, _ in results] == [f"osm:w{1000 + i}" for i in range(10)]
    entries = json.loads((config.cache_dir / "geocoder.json").read_text(encoding="utf-8"))
    assert len(entries["entries"]) == 10  # no process lost another's entry
    assert not list(config.cache_dir.glob(".geocoder-*"))  # no temporary file left

    # An outage: every name is still served, from the cache alone.
    nominatim.stop()
    nominatim.stop = lambda: None
    asked = len(nominatim.requests)
    for i, name in enumerate(names):
        place = Geocoder(config).geocode(name)
        assert (place.id, place.lat) == (f"osm:w{1000 + i}", 40.0 + i)
    assert len(nominatim.requests) == asked
