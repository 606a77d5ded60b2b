"""The :class:`Place` value type: a named point on the map.

Every layer of the gazetteer (curated, open data, online, story-local) and the
rail network's stations produce :class:`Place` objects; it depends on nothing
in legmap but the errors and the story format's vocabulary of place kinds
(:mod:`legmap._vocab`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from legmap._vocab import PLACE_KINDS
from legmap.errors import DataError

__all__ = ["KINDS", "Place"]

KINDS = frozenset(PLACE_KINDS)  # the story format's place kinds


@dataclass(frozen=True, kw_only=True)
class Place:
    """A named point on the map.

    Parameters
    ----------
    id : str
        Stable id (``pyongyang``, ``geonames:524901``, ``icao:UUEE``, ``osm:n123``).
    names : mapping of str to str
        Language code -> name; ``en`` is always present.
    lat, lon : float
        WGS84 degrees.
    kind : str
        One of :data:`KINDS`.
    country : str or None
        ISO 3166-1 alpha-2 code.
    source : str
        Where the coordinates come from.
    aliases : tuple of str
        Other spellings, any language.
    iata, icao : str or None
        Airport codes.
    rank : float
        Population for cities, airport size class for airports, 0 otherwise.
    curated : bool
        True for places from the curated set (or given by a story).
    region : str or None
        First-level region (state, province, oblast) in English, where known.

    Examples
    --------
    >>> p = Place(id="x", names={"en": "X", "ar": "س"}, lat=1.0, lon=2.0, kind="city",
    ...           country="RU", source="test")
    >>> p.name("ar"), p.name("ko"), p.lonlat
    ('س', 'X', (2.0, 1.0))
    """

    id: str
    names: Mapping[str, str]
    lat: float
    lon: float
    kind: str
    country: str | None
    source: str
    aliases: tuple[str, ...] = ()
    iata: str | None = None
    icao: str | None = None
    rank: float = 0.0
    curated: bool = False
    region: str | None = None

    def __post_init__(self) -> None:
        if "en" not in self.names or not self.names["en"]:
            raise DataError(f"place {self.id!r} has no English name")
        if self.kind not in KINDS:
            raise DataError(f"place {self.id!r}: kind {self.kind!r} is not one of {sorted(KINDS)}")
        if not (-90.0 <= self.lat <= 90.0 and -180.0 <= self.lon <= 180.0):
            raise DataError(f"place {self.id!r}: ({self.lat}, {self.lon}) is not a coordinate")
        # A private copy (a plain dict, so places pickle and deep-copy), a tuple of aliases.
        object.__setattr__(self, "names", dict(self.names))
        object.__setattr__(self, "aliases", tuple(self.aliases))

    def __hash__(self) -> int:
        return hash((self.id, self.lat, self.lon))

    def name(self, lang: str = "en") -> str:
        """Return the name in `lang`, or the English name."""
        return self.names.get(lang) or self.names["en"]

    @property
    def lonlat(self) -> tuple[float, float]:
        """The point as (lon, lat), the order used everywhere inside legmap."""
        return (self.lon, self.lat)

    def describe(self) -> str:
        """One line for error messages: id, name, region, country, kind.

        Examples
        --------
        >>> Place(id="geonames:4250542", names={"en": "Springfield"}, lat=39.8, lon=-89.64,
        ...       kind="city", country="US", source="t", region="Illinois").describe()
        'geonames:4250542 (Springfield, Illinois, US, city)'
        """
        region = f"{self.region}, " if self.region else ""
        return f"{self.id} ({self.name()}, {region}{self.country or '??'}, {self.kind})"
