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
its id, one of its codes (IATA/ICAO) or one of its names or aliases.  Ids work
everywhere a name does: curated ids (``pyongyang``), open-data ids
(``geonames:4409896``, ``icao:ETAR``; one the curated set replaces gives the
curated place) and the ids of an imported network's stations (``osm:n313959145``,
when the network is given).

Ambiguity rules of :meth:`Gazetteer.resolve`:

- A hint after the last comma filters first: a country (ISO code, alpha-3 code
  or English name: ``"Moscow, US"``) or a first-level region (GeoNames' English
  name, that name without words such as "Province" or "Oblast", or an alphabetic
  region code: ``"Springfield, IL"``, ``"Pingxiang, Guangxi"``), or both
  (``"Springfield, Illinois, US"``).  A place passes
  when the hint names its country or its region, so ``"IL"`` (Israel, and
  Illinois) keeps the Springfield of Illinois.  ``country="US"`` restricts to a
  country; with it, a hint naming one of that country's regions still filters,
  and a hint naming another country is ignored (the keyword wins).  A hint that
  names no country or region is part of the name (``"Pier 33, Vladivostok"``),
  and so is any hint when the filtered name matches nothing but the whole text does.
- Candidates are ordered by layer, then match (id > code > name > alias), then
  rank (population for cities, 3/2/1 for airports).  In the curated set a name
  in any language and an alias are the same match; in open data GeoNames'
  primary name (and an airport's full name) beats the alternate names (and an
  airport's name without "Airport" or "Air Base"), which are searched only when
  no primary name matches.
- If the two best candidates tie on layer and match, and are different places,
  the gazetteer refuses to guess (:class:`~legmap.errors.AmbiguousPlaceError`,
  candidates listed with region and country) when they are story-local or
  curated (a data problem), or, in open data, when the better rank is less than
  twice the other (``"Taizhou"``: two Chinese cities of 1.6 and 1.5 million).
- Nothing matches: :class:`~legmap.errors.PlaceNotFoundError` with suggestions:
  the places whose names are closest (difflib on keys; only those about as close
  as the best, each place once, by its name), then names that start with the query.

Examples
--------
>>> gaz = Gazetteer.default()
>>> gaz.resolve("بيونغ يانغ").id
'pyongyang'
>>> gaz.resolve("FNJ").id, gaz.resolve("Vostochny").kind
('pyongyang-sunan-airport', 'spaceport')
>>> gaz.resolve("Moscow, US").country
'US'
>>> gaz.resolve("Springfield, IL").region, gaz.resolve("geonames:4409896").name()
('Illinois', 'Springfield')
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from legmap.config import Config
from legmap.errors import AmbiguousPlaceError, PlaceNotFoundError
from legmap.places import _hints
from legmap.places._text import name_key
from legmap.places.place import Place

if TYPE_CHECKING:
    from legmap.places._openindex import OpenData
    from legmap.places.geocoder import Geocoder

__all__ = ["Gazetteer"]

_ID, _CODE, _NAME = 0, 1, 2  # match tiers, as in legmap.places._openindex (which adds ALIAS)
_LOCAL, _CURATED, _OPEN = 0, 1, 2  # layers
_AMBIGUOUS_RATIO = 2.0
_SUGGEST_MARGIN = 0.1  # suggestions are at most this much less similar than the best one


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
        self._replaced_by: dict[str, str] = {}
        for open_id, curated_id in self._replaces.items():
            self._replaced_by.setdefault(curated_id, open_id)
        self._open_data = open_data
        self._geocoder = geocoder
        self._cache_dir = Config().cache_dir if open_data else None

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
        gazetteer = cls(places, replaces=replaces, open_data=True, geocoder=geocoder)
        gazetteer._cache_dir = config.cache_dir
        return gazetteer

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

        return open_data(self._cache_dir)

    def _by_id(self, place_id: str) -> Place | None:
        place_id = self._replaces.get(place_id, place_id)
        for layer in (self._local, self._curated):
            if place_id in layer.places:
                return layer.places[place_id]
        if ":" not in place_id:
            return None
        data = self._open()
        if data is None:
            return None
        prefix, _, rest = place_id.partition(":")
        for spelling in dict.fromkeys((place_id, f"{prefix.lower()}:{rest.upper()}")):
            candidate = self._replaces.get(spelling, spelling)
            if candidate in self._curated.places:
                return self._curated.places[candidate]
            place = data.get(candidate)
            if place is not None:
                return place
        return None

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
        place = self._by_id(place_id)
        if place is not None:
            return place
        ids = [*self._local.places, *self._curated.places]
        raise PlaceNotFoundError(
            f"no place with id {place_id!r}" + _hints.osm_hint(place_id),
            suggestions=difflib.get_close_matches(place_id, ids, n=5, cutoff=0.6),
        )

    def _hits(
        self, key: str, where: _hints.Where | None, *, offline_only: bool = False
    ) -> list[_Hit]:
        # Curated places know their region through the open-data entry they replace.
        regional = where is not None and bool(where.regions)
        data = self._open() if regional else None
        hits: dict[str, _Hit] = {}
        for layer_no, layer in ((_LOCAL, self._local), (_CURATED, self._curated)):
            for pid, tier in layer.index.get(key, {}).items():
                # A story place overriding a curated id takes over its names too.
                place = self._local.places.get(pid) or layer.places[pid]
                if pid not in hits and (
                    where is None
                    or where.admits(place, _hints.curated_admin1(place, data, self._replaced_by))
                ):
                    hits[pid] = _Hit(place, layer_no, tier)
        # A curated match always wins, so resolve() need not load open data for it.
        if offline_only and hits:
            return sorted(hits.values(), key=_Hit.order)
        if data is None:
            data = self._open()
        if data is not None:
            # Alternate names only when nothing else matched (see OpenData.hits).
            for place, tier, admin1 in data.hits(key, aliases=not hits):
                if (
                    place.id not in self._replaces
                    and place.id not in hits
                    and (where is None or where.admits(place, admin1))
                ):
                    hits[place.id] = _Hit(place, _OPEN, tier)
        return sorted(hits.values(), key=_Hit.order)

    def _resolve_hits(
        self, query: str, country: str | None, *, offline_only: bool = True
    ) -> tuple[str, _hints.Where | None, list[_Hit]]:
        text, where = _hints.split_query(query, country)
        key = name_key(text)
        hits = self._hits(key, where, offline_only=offline_only) if key else []
        if not hits and text != query.strip():
            # "Pier 33, Vladivostok": the hint may be part of the name after all.
            whole, plain = query.strip(), _hints.country_hint(country)
            whole_hits = self._hits(name_key(whole), plain, offline_only=offline_only)
            if whole_hits:
                return whole, plain, whole_hits
        return text, where, hits

    def _suggest(self, key: str, where: _hints.Where | None) -> list[str]:
        if not key:
            return []
        data = self._open()
        found: list[tuple[float, str, Place]] = []
        for layer in (self._local, self._curated):
            for k, pids in layer.index.items():
                score = difflib.SequenceMatcher(None, key, k).ratio()
                if score >= 0.7:
                    found += [
                        (score, k, self._local.places.get(p) or layer.places[p]) for p in pids
                    ]
        if data is not None:
            for k, place in data.close_names(key, cutoff=0.7):
                if place.id not in self._replaces:
                    found.append((difflib.SequenceMatcher(None, key, k).ratio(), k, place))
        found.sort(key=lambda f: (-f[0], f[2].id))
        best = found[0][0] if found else 0.0
        names: dict[str, None] = {}
        seen: set[str] = set()
        for score, _, place in found:
            if score < best - _SUGGEST_MARGIN:
                break
            if place.id not in seen and (
                where is None
                or where.admits(place, _hints.region_code(place, data, self._replaced_by))
            ):
                seen.add(place.id)
                names.setdefault(place.name(), None)
        # Then names that start with the query: what `legmap places` lists.
        for place in self._prefixed(key, where, limit=5):
            if place.id not in seen:
                seen.add(place.id)
                names.setdefault(place.name(), None)
        return list(names)[:5]

    def _prefixed(self, key: str, where: _hints.Where | None, *, limit: int) -> list[Place]:
        close = [
            k for layer in (self._local, self._curated) for k in layer.index if k.startswith(key)
        ]
        data = self._open()
        if data is not None:
            close += data.prefixed(key, 50)
        out: dict[str, Place] = {}
        for other in sorted(dict.fromkeys(close), key=len):
            if other == key:
                continue
            out.update({h.place.id: h.place for h in self._hits(other, where)})
            if len(out) >= limit:
                break
        return list(out.values())[:limit]

    def resolve(self, query: str, *, country: str | None = None) -> Place:
        """Return the one place a query means, or raise.

        Parameters
        ----------
        query : str
            An id, name, alias or code, optionally followed by ``", CC"`` (a
            country) or ``", Region"`` (a first-level region).
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
        >>> gaz.resolve("Pingxiang, Guangxi").region, gaz.resolve("icao:ETAR").name()
        ('Guangxi', 'Ramstein Air Base')
        """
        by_id = self._by_id(query.strip()) if ":" in query else None
        if by_id is not None:  # an id names one place: no hint can make it ambiguous
            return by_id
        text, where, hits = self._resolve_hits(query, country)
        key = name_key(text)
        if not hits:
            if self._geocoder is not None and key:
                return self._geocoder.geocode(text, country=country)
            hint = f" in {where.text}" if where is not None else ""
            raise PlaceNotFoundError(
                f"no place called {text!r}{hint}" + _hints.osm_hint(text),
                suggestions=self._suggest(key, where),
            )
        best = hits[0]
        rivals = [h for h in hits[1:] if (h.layer, h.tier) == (best.layer, best.tier)]
        if rivals and (
            best.layer != _OPEN or best.place.rank < _AMBIGUOUS_RATIO * rivals[0].place.rank
        ):
            raise AmbiguousPlaceError(
                f"{text!r} could be several places; add a country or region "
                f'("{text}, CC", "{text}, Region") or use an id',
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
        if limit <= 0:
            return []
        by_id = self._by_id(query.strip()) if ":" in query else None
        if by_id is not None:
            return [by_id]
        text, where, hits = self._resolve_hits(query, country, offline_only=False)
        key = name_key(text)
        if not key:
            return []
        out = {h.place.id: h.place for h in hits}
        if not out and self._geocoder is not None:
            try:
                place = self._geocoder.geocode(text, country=country)
                out[place.id] = place
            except PlaceNotFoundError:
                pass
        if len(out) < limit:
            for place in self._prefixed(key, where, limit=limit):
                out.setdefault(place.id, place)
        return [self._with_region(p) for p in list(out.values())[:limit]]

    def _with_region(self, place: Place) -> Place:
        """A curated place with the region of the open-data entry it replaces."""
        open_id = self._replaced_by.get(place.id)
        data = self._open() if place.region is None and open_id is not None else None
        found = data.get(open_id) if data is not None and open_id is not None else None
        return place if found is None else replace(place, region=found.region)
