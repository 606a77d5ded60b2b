"""The online geocoder against a real HTTP server on 127.0.0.1 (no mocking of geopy)."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest

from legmap.config import Config
from legmap.errors import GeocoderError, GeocoderTimeoutError, PlaceNotFoundError
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
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                url = urlsplit(self.path)
                owner.requests.append({**parse_qs(url.query), "_path": [url.path],
                                       "_ua": [self.headers.get("User-Agent", "")]})  # fmt: skip
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


def test_broken_cache_is_ignored(nominatim, config):
    config.cache_dir.mkdir(parents=True)
    (config.cache_dir / "geocoder.json").write_text("{not json", encoding="utf-8")
    assert Geocoder(config).geocode("Knevichi").id == "osm:w4567"
    assert (
        json.loads((config.cache_dir / "geocoder.json").read_text(encoding="utf-8"))["version"] == 1
    )


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
