"""Where places come from: the curated file and the open-data index.

:func:`load_curated` reads ``geo/places/curated.toml`` (format in
``geo/places/README.md``).  :func:`open_data` goes beyond it, offline: GeoNames
cities of at least 15,000 people (with their alternate names, so Arabic,
Russian, Korean, Chinese and Latin spellings work where GeoNames has them) and
airportsdata's airports, extracted into ``geo/places/opendata-*.tsv`` by
``geo/places/build_opendata.py``.

The first use builds an SQLite index of those files (a table of places and a
table of name keys, indexed) under the cache directory (``Config.cache_dir``,
``places/``), named after the files' sizes and dates and this module's schema,
so a new version rebuilds it and processes share it.  A query
(:class:`~legmap.places._openindex.OpenData`) then reads only the rows it
matches: no process materialises the 62,000 places.  When the cache
directory cannot be written the index is built in memory.

Ids are ``geonames:<geonameid>`` for cities and ``icao:<code>`` for airports.
Ranks: a city's population; an airport 3 (IATA code and "International" in its
name), 2 (IATA code) or 1 (other), so cities and airports never compete on rank
alone (see :mod:`legmap.places.gazetteer` for how candidates are ordered).
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import re
import sqlite3
import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

from legmap._data import geo_path
from legmap.errors import DataError
from legmap.places import _openindex, _text
from legmap.places._openindex import ALIAS, CODE, ID, NAME, SEP, OpenData
from legmap.places._text import name_key
from legmap.places.place import Place

__all__ = [
    "ALIAS",
    "CODE",
    "ID",
    "NAME",
    "OpenData",
    "Regions",
    "country_code",
    "load_curated",
    "open_data",
    "regions",
]

_FILES = ("cities", "airports", "regions", "countries")
_SCHEMA = 1  # bump when the index tables or the way rows become places change

# Words an airport's name ends with; the name without them is also searched
# (as an alternate name): "Ramstein" finds "Ramstein Air Base".
_AIRPORT_SUFFIX = re.compile(
    r"\s*\b(?:(?:international|regional|municipal|county|national)\s+)?"
    r"(?:airport|air\s+base|airbase|air\s+force\s+base|air\s+station|airfield|aerodrome|"
    r"airstrip|heliport)\s*$",
    re.IGNORECASE,
)
# Generic words of region names: "Guangxi" finds "Guangxi Zhuang Autonomous Region".
_REGION_WORDS = re.compile(
    r"\s*\b(?:zhuang|uygur|hui)?\s*(?:autonomous\s+)?(?:oblast|okrug|region|province|"
    r"prefecture|governorate|county|district|state|territory|republic|kray|krai|kraj|"
    r"municipality|voivodeship|sheng|shi)\s*$",
    re.IGNORECASE,
)
_PAREN = re.compile(r"\s*\([^)]*\)")


def _data_file(name: str) -> Path:
    return geo_path("places", f"opendata-{name}.tsv")


def _rows(path: Path) -> Iterator[dict[str, str]]:
    """Rows of one of the TSV files written by ``geo/places/build_opendata.py``."""
    try:
        with path.open(encoding="utf-8") as handle:
            header = handle.readline().rstrip("\n").split("\t")
            for line in handle:
                yield dict(zip(header, line.rstrip("\n").split("\t"), strict=False))
    except OSError as err:
        raise DataError(f"cannot read open place data: {err}", file=str(path)) from None


# ------------------------------------------------------------------ curated


def _place_from_toml(raw: Mapping[str, Any], file: str, n: int) -> tuple[Place, list[str]]:
    spot = f"place[{n}]"
    try:
        place = Place(
            id=str(raw["id"]),
            names=dict(raw["names"]),
            lat=float(raw["lat"]),
            lon=float(raw["lon"]),
            kind=str(raw["kind"]),
            country=str(raw["country"]).upper() if raw.get("country") else None,
            source=str(raw["source"]),
            aliases=tuple(str(a) for a in raw.get("aliases", ())),
            iata=raw.get("iata"),
            icao=raw.get("icao"),
            rank=float(raw.get("rank", 0.0)),
            curated=True,
        )
    except KeyError as err:
        raise DataError(f"missing field {err.args[0]!r}", file=file, spot=spot) from None
    except (TypeError, ValueError) as err:
        raise DataError(str(err), file=file, spot=spot) from None
    except DataError as err:
        raise err.located(file=file, spot=spot) from None
    return place, [str(s) for s in raw.get("same_as", ())]


@functools.cache
def load_curated(path: Path | None = None) -> tuple[tuple[Place, ...], Mapping[str, str]]:
    """Read a curated places file.

    Parameters
    ----------
    path : pathlib.Path, optional
        A TOML file of ``[[place]]`` tables; default ``geo/places/curated.toml``.

    Returns
    -------
    places : tuple of Place
        In file order.
    replaces : mapping
        Open-data id (``geonames:...``, ``icao:...``) -> curated id it stands for.

    Raises
    ------
    DataError
        On a malformed entry, a duplicate id, or two places sharing a name.

    Examples
    --------
    >>> places, replaces = load_curated()
    >>> replaces["geonames:524901"], places[0].id
    ('moscow', 'pyongyang')
    """
    path = path or geo_path("places", "curated.toml")
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as err:
        raise DataError(f"cannot read curated places: {err}", file=str(path)) from None
    places: list[Place] = []
    replaces: dict[str, str] = {}
    owner: dict[str, str] = {}
    for n, entry in enumerate(raw.get("place", [])):
        place, same_as = _place_from_toml(entry, str(path), n)
        if any(p.id == place.id for p in places):
            raise DataError(f"duplicate id {place.id!r}", file=str(path), spot=f"place[{n}]")
        for text in (*place.names.values(), *place.aliases):
            other = owner.setdefault(name_key(text), place.id)
            if other != place.id:
                raise DataError(
                    f"name {text!r} of {place.id!r} is also a name of {other!r}",
                    file=str(path),
                    spot=f"place[{n}]",
                )
        replaces.update(dict.fromkeys(same_as, place.id))
        replaces.update({f"icao:{place.icao}": place.id} if place.icao else {})
        places.append(place)
    return tuple(places), MappingProxyType(replaces)


# -------------------------------------------------------- countries, regions


@functools.cache
def _countries() -> dict[str, str]:
    out: dict[str, str] = {}
    for row in _rows(_data_file("countries")):
        iso = row["iso"]
        for text in (row["name"], iso, row.get("iso3", "")):
            if text:
                out[name_key(text)] = iso
    return out


def country_code(text: str) -> str | None:
    """Return the ISO 3166-1 alpha-2 code of a country code or English country name.

    Parameters
    ----------
    text : str
        ``"RU"``, ``"ru"``, ``"RUS"`` or ``"Russia"``.

    Returns
    -------
    str or None
        The upper-case code, or None when `text` names no country (``"DC"``).

    Examples
    --------
    >>> country_code("ru"), country_code("North Korea"), country_code("DC")
    ('RU', 'KP', None)
    """
    return _countries().get(name_key(text))


def _region_keys(code: str, name: str) -> set[str]:
    keys = {name_key(name)}
    short = _PAREN.sub("", name)
    keys.add(name_key(short))
    keys.add(name_key(_REGION_WORDS.sub("", short)))
    if code.isalpha():  # US states, Swiss cantons, UK nations: "IL", "ZH", "ENG"
        keys.add(name_key(code))
    return {k for k in keys if len(k) >= 2}


@dataclass(frozen=True)
class Regions:
    """GeoNames first-level regions: names by (country, code), and who a text names.

    Examples
    --------
    >>> r = regions()
    >>> r.name("US", "IL"), r.name("CN", "16")
    ('Illinois', 'Guangxi')
    >>> sorted(r.named("Guangxi")), ("US", "IL") in r.named("IL")
    ([('CN', '16')], True)
    """

    names: Mapping[tuple[str, str], str] = field(default_factory=dict)
    keys: Mapping[str, frozenset[tuple[str, str]]] = field(default_factory=dict)

    def name(self, country: str | None, code: str | None) -> str | None:
        """The region's English name, or None."""
        if not country or not code:
            return None
        return self.names.get((country, code))

    def named(self, text: str) -> frozenset[tuple[str, str]]:
        """The (country, code) of the regions `text` names (its name, short name or code)."""
        return self.keys.get(name_key(text), frozenset())


@functools.cache
def regions() -> Regions:
    """Load (once per process) the first-level regions of ``geo/places/opendata-regions.tsv``."""
    names: dict[tuple[str, str], str] = {}
    keys: dict[str, set[tuple[str, str]]] = {}
    for row in _rows(_data_file("regions")):
        where = (row["country"], row["code"])
        names[where] = row["name"]
        for key in _region_keys(row["code"], row["name"]):
            keys.setdefault(key, set()).add(where)
    return Regions(names, {k: frozenset(v) for k, v in keys.items()})


# ------------------------------------------------------------ the index


def _airport_rank(name: str, iata: str) -> float:
    if not iata:
        return 1.0
    return 3.0 if "international" in name.lower() else 2.0


def airport_short_name(name: str) -> str | None:
    """An airport's name without "Airport", "Air Base"...: searched as an alternate name.

    Examples
    --------
    >>> airport_short_name("Joint Base Andrews Airport"), airport_short_name("Ramstein Air Base")
    ('Joint Base Andrews', 'Ramstein')
    >>> airport_short_name("Heathrow") is None
    True
    """
    short = _AIRPORT_SUFFIX.sub("", name).strip(" -,")
    return short if short and short != name.strip() else None


_CREATE = """
CREATE TABLE place (
    n INTEGER PRIMARY KEY, id TEXT NOT NULL, kind TEXT NOT NULL, name TEXT NOT NULL,
    name_ar TEXT, name_ru TEXT, name_ko TEXT, lat REAL NOT NULL, lon REAL NOT NULL,
    country TEXT, admin1 TEXT, region TEXT, rank REAL NOT NULL,
    iata TEXT, icao TEXT, aliases TEXT NOT NULL
);
CREATE TABLE name (key TEXT NOT NULL, n INTEGER NOT NULL, tier INTEGER NOT NULL,
                   PRIMARY KEY (key, n)) WITHOUT ROWID;
CREATE TABLE meta (k TEXT PRIMARY KEY, v TEXT NOT NULL);
"""


def _index_rows() -> Iterator[tuple[tuple[Any, ...], list[tuple[str, int]]]]:
    """(place row, [(name, tier)]) for every city and airport of the TSV files."""
    region_names = regions()
    for row in _rows(_data_file("cities")):
        alternates = [a for a in row["alternates"].split(SEP) if a]
        country, admin1 = row["country"] or None, row["admin1"] or None
        place: tuple[Any, ...] = (
            f"geonames:{row['geonameid']}", "city", row["name"],
            row["name_ar"] or None, row["name_ru"] or None, row["name_ko"] or None,
            float(row["lat"]), float(row["lon"]), country, admin1,
            region_names.name(country, admin1), float(row["population"] or 0),
            None, None, SEP.join(alternates),
        )  # fmt: skip
        yield place, [(row["name"], NAME), *((a, ALIAS) for a in alternates)]
    for row in _rows(_data_file("airports")):
        key, iata, name = row["icao"], row["iata"], row["name"]
        icao = key if len(key) == 4 and key.isalpha() else None
        short = airport_short_name(name)
        place = (
            f"icao:{key}", "airport", name, None, None, None,
            float(row["lat"]), float(row["lon"]), row["country"] or None, row["admin1"] or None,
            row["region"] or None, _airport_rank(name, iata), iata or None, icao, "",
        )  # fmt: skip
        names = [(code, CODE) for code in dict.fromkeys((iata, key)) if code]
        yield place, [*names, (name, NAME), *([(short, ALIAS)] if short else [])]


def _build_index(db: sqlite3.Connection) -> None:
    db.executescript(_CREATE)
    places: list[tuple[Any, ...]] = []
    names: list[tuple[str, int, int]] = []
    for n, (place, texts) in enumerate(_index_rows()):
        places.append((n, *place))
        best: dict[str, int] = {}
        for text, tier in texts:
            key = name_key(text)
            if key and tier < best.get(key, ALIAS + 1):
                best[key] = tier
        names.extend((key, n, tier) for key, tier in best.items())
    db.executemany(f"INSERT INTO place VALUES ({','.join('?' * 16)})", places)  # noqa: S608
    db.executemany("INSERT INTO name VALUES (?, ?, ?)", names)
    db.execute("CREATE UNIQUE INDEX place_id ON place (id)")
    db.execute("INSERT INTO meta VALUES ('places', ?)", (str(len(places)),))
    db.commit()


def _fingerprint() -> str:
    """Changes when a data file, the name folding, the index vocabulary or the schema changes."""
    parts = [f"schema={_SCHEMA}"]
    code = (Path(_text.__file__), Path(_openindex.__file__))  # see _openindex: tiers, SEP
    for path in [*(_data_file(f) for f in _FILES), *code]:
        try:
            stat = path.stat()
        except OSError:
            continue
        parts.append(f"{path.name}:{stat.st_size}:{stat.st_mtime_ns}")
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:16]


def _connect(path: Path | str) -> sqlite3.Connection:
    uri = path if path == ":memory:" else f"file:{path}?mode=ro"
    db = sqlite3.connect(uri, uri=path != ":memory:", check_same_thread=False)
    db.row_factory = sqlite3.Row
    return db


def _open_index(cache_dir: Path) -> sqlite3.Connection:
    folder = cache_dir / "places"
    path = folder / f"opendata-{_fingerprint()}.sqlite"
    if path.exists():
        try:
            db = _connect(path)
            db.execute("SELECT v FROM meta WHERE k = 'places'").fetchone()
            return db
        except sqlite3.DatabaseError:
            pass  # a damaged file: build it again
    tmp = folder / f".{path.name}.{os.getpid()}.tmp"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        tmp.unlink(missing_ok=True)
        with sqlite3.connect(tmp) as build:
            build.execute("PRAGMA journal_mode = OFF")
            build.execute("PRAGMA synchronous = OFF")
            _build_index(build)
        build.close()
        tmp.replace(path)  # atomic: another process may do the same, either wins
        for old in folder.glob("opendata-*.sqlite"):
            if old != path:
                old.unlink(missing_ok=True)
        return _connect(path)
    except (OSError, sqlite3.Error):
        # A read-only or full cache directory: an index in memory, for this process.
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
        db = _connect(":memory:")
        _build_index(db)
        return db


_opened: dict[str, OpenData] = {}


def open_data(cache_dir: Path | None = None) -> OpenData:
    """The open-data index, built on first use under `cache_dir` (default ``Config().cache_dir``).

    The index is immutable and named by its fingerprint (the data files' sizes
    and dates, the name folding, the index vocabulary, the schema), so the
    first index opened serves the whole process, whatever cache directory later
    calls name.

    Examples
    --------
    >>> data = open_data()
    >>> data.get("icao:ZKPY").iata, len(data) > 60000
    ('FNJ', True)
    """
    if not _opened:
        if cache_dir is None:
            from legmap.config import Config  # noqa: PLC0415 - foundation, cheap

            cache_dir = Config().cache_dir
        _opened["index"] = OpenData(_open_index(cache_dir))
    return _opened["index"]
