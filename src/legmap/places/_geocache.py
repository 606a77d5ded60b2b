"""The online geocoder's cache file: its format, its lock, its atomic writes.

Owns ``geocoder.json`` in ``Config.cache_dir`` (:data:`CACHE_FILE`): a JSON
object ``{"version": 1, "entries": {key: place}}``, keyed by the normalised
query and country, that :class:`~legmap.places.geocoder.Geocoder` reads before
asking the network.  The file is replaced atomically (a temporary file beside
it, then a rename: a reader never sees half of it) and updated under a lock
(``geocoder.json.lock``, ``fcntl.flock``): processes geocoding at the same time
each re-read the file under the lock and add their entry (:func:`store`), so
none is lost.  A file that is not a legmap geocoder cache is a
:class:`~legmap.errors.DataError` naming it (:func:`broken`), and it is never
overwritten.

Examples
--------
>>> import tempfile, pathlib
>>> from legmap.places.place import Place
>>> path = pathlib.Path(tempfile.mkdtemp()) / CACHE_FILE
>>> read_entries(path)
{}
>>> place = Place(id="osm:w1", names={"en": "Knevichi"}, lat=43.4, lon=132.1,
...               kind="airport", country="RU", source="OpenStreetMap Nominatim (ODbL)")
>>> store(path, "knevichi|", place)
>>> from_json(read_entries(path)["knevichi|"]) == place
True
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from legmap.errors import DataError, quote
from legmap.places.place import KINDS, Place

__all__ = ["CACHE_FILE", "broken", "from_json", "locked", "read_entries", "store", "to_json"]

CACHE_FILE = "geocoder.json"
_CACHE_VERSION = 1


def to_json(place: Place) -> dict[str, Any]:
    """The cache entry of `place`."""
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


def from_json(data: Any) -> Place:
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


def broken(path: Path, why: str) -> DataError:
    """The error for a cache file at `path` that legmap cannot use."""
    msg = f"not a legmap geocoder cache ({why}); delete it to start a new one"
    return DataError(msg, file=str(path))


def read_entries(path: Path) -> dict[str, Any]:
    """The entries of the cache at `path` (none when there is no file yet)."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError) as err:
        raise broken(path, getattr(err, "strerror", None) or "unreadable") from None
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        raise broken(path, "not JSON") from None
    if not isinstance(data, dict) or not isinstance(data.get("entries"), dict):
        raise broken(path, "no table of entries")
    if data.get("version") != _CACHE_VERSION:
        raise broken(path, f"version {quote(data.get('version'), limit=20)}")
    entries: dict[str, Any] = data["entries"]
    return entries


@contextlib.contextmanager
def locked(path: Path) -> Iterator[None]:
    """Hold the cache's lock file (other legmap processes wait their turn)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    lock_path = path.with_name(path.name + ".lock")
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


def _write_entries(path: Path, entries: Mapping[str, Any]) -> None:
    # Write a temporary file beside the cache, then rename: a reader never
    # sees half a file.  Called with the lock held.
    payload = json.dumps({"version": _CACHE_VERSION, "entries": entries}, ensure_ascii=False)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".geocoder-", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(payload)
            fh.flush()
            os.fsync(fh.fileno())
        Path(tmp).replace(path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def store(path: Path, key: str, place: Place) -> None:
    """Add `place` under `key` to the cache at `path`, keeping every other entry."""
    try:
        with locked(path):
            entries = read_entries(path)  # re-read: another process may have added entries
            entries[key] = to_json(place)
            _write_entries(path, entries)
    except OSError as err:
        msg = f"cannot write the geocoder cache: {err.strerror or err}"
        raise DataError(msg, file=str(path)) from None
