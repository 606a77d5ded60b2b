"""Places and the gazetteer that finds them by id, name (any language) or code.

Layers, searched in this order:

1. **story-local** places given to :meth:`Gazetteer.with_places` (they override
   curated places with the same id and win over everything);
2. the **curated** set in ``geo/places/curated.toml``;
3. **open data** (GeoNames cities >= 15,000 people, airportsdata airports),
   loaded on first need; entries the curated set replaces are hidden;
4. the **online** geocoder (Nominatim), only when ``Config.online`` and only
   for a name nothing offline knows.

Matching is on :func:`legmap.places._text.name_key` (case, diacritics, Arabic letter
variants, spaces and punctuation do not matter).  A query matches a place by
its id, one of its codes (IATA/ICAO) or one of its names or aliases.

Ambiguity rules of :meth:`Gazetteer.resolve`:

- A country hint filters first: ``"Moscow, US"`` (ISO code or English country
  name after the last comma) or ``country="US"``; the keyword wins over the hint.
- Candidates are ordered by layer, then match (id > code > name > alias), then
  rank (population for cities, 3/2/1 for airports).  In the curated set a name
  in any language and an alias are the same match; in open data GeoNames'
  primary name beats its alternate names, which are searched only when no
  primary name matches.
- If the two best candidates tie on layer and match, and are different places,
  the gazetteer refuses to guess (:class:`~legmap.errors.AmbiguousPlaceError`,
  candidates listed) when they are story-local or curated (a data problem), or,
  in open data, when the better rank is less than twice the other
  (``"Taizhou"``: two Chinese cities of 1.6 and 1.5 million).
- Nothing matches: :class:`~legmap.errors.PlaceNotFoundError` with up to five
  close names (difflib on keys).

Examples
--------
>>> gaz = Gazetteer.default()
>>> gaz.resolve("بيونغ يانغ").id
'pyongyang'
>>> gaz.resolve("FNJ").id, gaz.resolve("Vostochny").kind
('pyongyang-sunan-airport', 'spaceport')
>>> gaz.resolve("Moscow, US").country
'US'
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from legmap.config import Config
from legmap.errors import AmbiguousPlaceError, PlaceNotFoundError
from legmap.places._text import name_key
from legmap.places.place import Place

if TYPE_CHECKING:
    from legmap.places._opendata import OpenData
    from legmap.places.geocoder import Geocoder

__all__ = ["Gazetteer"]

_ID, _CODE, _NAME = 0, 1, 2  # match tiers, as in legmap.places._opendata (which adds ALIAS)
_LOCAL, _CURATED, _OPEN = 0, 1, 2  # layers
_AMBIGUOUS_RATIO = 2.0


def _keys(place: Place) -> Iterable[tuple[str, int]]:
    yield name_key(place.id), _ID
    for code in (place.iata, place.icao):
        if code:
            yield name_key(code), _CODE
    for text in (*place.names.values(), *place.aliases):
        yield name_key(text), _NAME


@dataclass(frozen=True)
class _Hit:
    place: Place
    layer: int
    tier: int

    def order(self) -> tuple[int, int, float]:
        return (self.layer, self.tier, -self.place.rank)


@dataclass(frozen=True)
class _Layer:
    places: dict[str, Place] = field(default_factory=dict)
    index: dict[str, dict[str, int]] = field(default_factory=dict)

    @classmethod
    def of(cls, places: Iterable[Place]) -> _Layer:
        layer = cls()
        for place in places:
            layer.places[place.id] = place
            for key, tier in _keys(place):
                if key:
                    slot = layer.index.setdefault(key, {})
                    slot[place.id] = min(tier, slot.get(place.id, tier))
        return layer


class Gazetteer:
    """Find places by id, name, alias or code; see the module docstring for the rules.

    Parameters
    ----------
    places : iterable of Place
        The curated places.
    replaces : mapping, optional
        Open-data id -> curated id (hidden from open data, redirected by :meth:`get`).
    open_data : bool
        Also search GeoNames cities and airportsdata airports (loaded on first need).
    geocoder : legmap.places.geocoder.Geocoder, optional
        Online fallback for names nothing offline knows.
    """

    def __init__(
        self,
        places: Iterable[Place] = (),
        *,
        replaces: Mapping[str, str] | None = None,
        open_data: bool = False,
        geocoder: Geocoder | None = None,
    ) -> None:
        self._local = _Layer()
        self._curated = _Layer.of(places)
        self._replaces = dict(replaces or {})
        self._open_data = open_data
        self._geocoder = geocoder

    @classmethod
    def default(cls, *, config: Config | None = None) -> Gazetteer:
        """The curated set, open data, and the online geocoder if ``config.online``.

        Examples
        --------
        >>> Gazetteer.default().get("vostochny-cosmodrome").name("ru")
        'Космодром Восточный'
        """
        from legmap.places._opendata import load_curated  # noqa: PLC0415 - lazy: keeps imports cheap

        config = config or Config()
        places, replaces = load_curated()
        geocoder = None
        if config.online:
            from legmap.places.geocoder import Geocoder  # noqa: PLC0415 - geopy only when online

            geocoder = Geocoder(config)
        return cls(places, replaces=replaces, open_data=True, geocoder=geocoder)

    def with_places(self, places: Iterable[Place]) -> Gazetteer:
        """Return a gazetteer where `places` (story-local) override and win over everything.

        Examples
        --------
        >>> gaz = Gazetteer.default()
        >>> mine = Place(id="pier-33", names={"en": "Pier 33"}, lat=43.11, lon=131.9,
        ...              kind="port", country="RU", source="my story")
        >>> gaz.with_places([mine]).get("pier-33").source
        'my story'
        """
        new = object.__new__(Gazetteer)
        new.__dict__.update(self.__dict__)
        new._local = _Layer.of([*self._local.places.values(), *places])
        return new

    def _open(self) -> OpenData | None:
        if not self._open_data:
            return None
        from legmap.places._opendata import open_data  # noqa: PLC0415 - lazy: keeps imports cheap

        return open_data()

    def get(self, place_id: str) -> Place:
        """Return the place with this id.

        Raises
        ------
        PlaceNotFoundError
            No place has this id (suggestions: close curated ids).

        Examples
        --------
        >>> Gazetteer.default().get("geonames:524901").id   # replaced by the curated entry
        'moscow'
        """
        place_id = self._replaces.get(place_id, place_id)
        for layer in (self._local, self._curated):
            if place_id in layer.places:
                return layer.places[place_id]
        data = self._open() if ":" in place_id else None
        if data is not None and place_id in data.places:
            return data.places[place_id]
        ids = [*self._local.places, *self._curated.places]
        raise PlaceNotFoundError(
            f"no place with id {place_id!r}",
            suggestions=difflib.get_close_matches(place_id, ids, n=5, cutoff=0.6),
        )

    def _hits(self, key: str, country: str | None, *, offline_only: bool = False) -> list[_Hit]:
        hits: dict[str, _Hit] = {}
        for layer_no, layer in ((_LOCAL, self._local), (_CURATED, self._curated)):
            for pid, tier in layer.index.get(key, {}).items():
                # A story place overriding a curated id takes over its names too.
                place = self._local.places.get(pid) or layer.places[pid]
                if pid not in hits and country in (None, place.country):
                    hits[pid] = _Hit(place, layer_no, tier)
        # A curated match always wins, so resolve() need not load open data for it.
        data = None if offline_only and hits else self._open()
        if data is not None:
            # Alternate names only when nothing else matched (see OpenData.hits).
            for pid, tier in data.hits(key, aliases=not hits):
                place = data.places[pid]
                if (
                    pid not in self._replaces
                    and pid not in hits
                    and country in (None, place.country)
                ):
                    hits[pid] = _Hit(place, _OPEN, tier)
        return sorted(hits.values(), key=_Hit.order)

    def _split(self, query: str, country: str | None) -> tuple[str, str | None]:
        from legmap.places._opendata import country_code  # noqa: PLC0415

        if country is not None:
            code = country_code(country)
            if code is None:
                raise PlaceNotFoundError(f"no country called {country!r}")
            country = code
        head, sep, tail = query.rpartition(",")
        if sep and head.strip():
            code = country_code(tail) if tail.strip() else None
            if code is not None:
                return head.strip(), country or code
        return query.strip(), country

    def _suggest(self, key: str) -> list[str]:
        names: dict[str, str] = {}
        for place in (*self._local.places.values(), *self._curated.places.values()):
            # Aliases first, so a place's own name wins when both fold to one key.
            names.update({name_key(n): n for n in (*place.aliases, *place.names.values())})
        data = self._open()
        if data is not None:
            names = {**data.main_keys, **names}
        keys = difflib.get_close_matches(key, list(names), n=5, cutoff=0.7)
        return [names[k] for k in keys]

    def resolve(self, query: str, *, country: str | None = None) -> Place:
        """Return the one place a query means, or raise.

        Parameters
        ----------
        query : str
            An id, name, alias or code, optionally followed by ``", CC"``.
        country : str, optional
            ISO alpha-2 code (or English name) to restrict to.

        Raises
        ------
        PlaceNotFoundError
            Nothing matches (with suggestions).
        AmbiguousPlaceError
            Two places match about equally well (with candidates).
        GeocoderError
            Online lookup failed (only with ``Config.online``).

        Examples
        --------
        >>> gaz = Gazetteer.default()
        >>> gaz.resolve("Пхеньян").id, gaz.resolve("Moscow").country
        ('pyongyang', 'RU')
        >>> gaz.resolve("Cambridge", country="GB").name()
        'Cambridge'
        """
        text, country = self._split(query, country)
        key = name_key(text)
        hits = self._hits(key, country, offline_only=True) if key else []
        if not hits:
            if self._geocoder is not None and key:
                return self._geocoder.geocode(text, country=country)
            where = f" in {country}" if country else ""
            raise PlaceNotFoundError(
                f"no place called {text!r}{where}", suggestions=self._suggest(key)
            )
        best = hits[0]
        rivals = [h for h in hits[1:] if (h.layer, h.tier) == (best.layer, best.tier)]
        if rivals and (
            best.layer != _OPEN or best.place.rank < _AMBIGUOUS_RATIO * rivals[0].place.rank
        ):
            raise AmbiguousPlaceError(
                f'{text!r} could be several places; add a country ("{text}, CC") or use an id',
                candidates=[h.place.describe() for h in [best, *rivals][:5]],
            )
        return best.place

    def search(self, query: str, *, limit: int = 10, country: str | None = None) -> list[Place]:
        """Return places matching a query, best first (never raises for ambiguity).

        Exact matches come first (ordered as in :meth:`resolve`), then names
        starting with the query; online results only when nothing offline
        matches exactly.  Misspellings give no result here: :meth:`resolve`
        raises with suggestions.

        Examples
        --------
        >>> [p.country for p in Gazetteer.default().search("Moscow", limit=2)]
        ['RU', 'US']
        """
        text, country = self._split(query, country)
        key = name_key(text)
        if not key or limit <= 0:
            return []
        out = {h.place.id: h.place for h in self._hits(key, country)}
        if not out and self._geocoder is not None:
            try:
                place = self._geocoder.geocode(text, country=country)
                out[place.id] = place
            except PlaceNotFoundError:
                pass
        data = self._open()
        if len(out) < limit:
            close = [
                k
                for layer in (self._local, self._curated)
                for k in layer.index
                if k.startswith(key)
            ]
            if data is not None:
                close += data.prefixed(key, 50)
            for other in dict.fromkeys(close):
                out.update({h.place.id: h.place for h in self._hits(other, country)})
        return list(out.values())[:limit]
