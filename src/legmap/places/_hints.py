"""A query's country or region hint: how it is read and which places it admits.

Owns how :class:`~legmap.places.gazetteer.Gazetteer` reads a query before it
searches (the rules are in the :mod:`legmap.places.gazetteer` docstring): the
hint after the last comma and the ``country`` keyword (:func:`split_query`,
:func:`country_hint`), the places a hint admits (:class:`Where`), where a
place's first-level region code comes from for that test (:func:`curated_admin1`,
:func:`region_code`: a curated place borrows the one of the open-data entry it
replaces), and the note a not-found message adds for an OpenStreetMap id
(:func:`osm_hint`).

Examples
--------
>>> text, where = split_query("Springfield, IL", None)
>>> text, where.countries, ("US", "IL") in where.regions
('Springfield', frozenset({'IL'}), True)
>>> split_query("Pier 33, Vladivostok", None)
('Pier 33, Vladivostok', None)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from legmap.errors import PlaceNotFoundError
from legmap.places._text import name_key

if TYPE_CHECKING:
    from legmap.places._openindex import OpenData
    from legmap.places.place import Place

__all__ = ["Where", "country_hint", "curated_admin1", "osm_hint", "region_code", "split_query"]


@dataclass(frozen=True)
class Where:
    """A country or region hint: which places it admits."""

    text: str
    countries: frozenset[str] = frozenset()
    regions: frozenset[tuple[str, str]] = frozenset()

    def admits(self, place: Place, admin1: str | None) -> bool:
        """Whether the hint names the place's country or its region (code `admin1`)."""
        if place.country in self.countries:
            return True
        if (place.country or "", admin1 or "") in self.regions:
            return True
        # An airport whose region name GeoNames does not list still matches by name.
        return (
            bool(self.regions)
            and place.region is not None
            and (name_key(place.region) == name_key(self.text))
        )


def country_hint(country: str | None) -> Where | None:
    """The hint of the ``country`` keyword, or None; raise if it names no country."""
    from legmap.places._opendata import country_code  # noqa: PLC0415

    if country is None:
        return None
    code = country_code(country)
    if code is None:
        raise PlaceNotFoundError(f"no country called {country!r}")
    return Where(code, countries=frozenset({code}))


def split_query(query: str, country: str | None) -> tuple[str, Where | None]:
    """The name and the country or region hint of a query (rules: gazetteer docstring)."""
    from legmap.places._opendata import country_code, regions  # noqa: PLC0415

    keyword = country_hint(country)
    head, sep, tail = query.rpartition(",")
    head, tail = head.strip(), tail.strip()
    if not (sep and head and tail):
        return query.strip(), keyword
    named = regions().named(tail)
    tail_country = country_code(tail)
    if keyword is None and tail_country is not None and "," in head:
        # "Springfield, IL, US": the region, within the country.
        return split_query(head, tail_country)
    if keyword is not None:
        code = keyword.text
        in_country = frozenset(r for r in named if r[0] == code)
        if in_country:
            return head, Where(tail, regions=in_country)
        return (head, keyword) if tail_country is not None else (query.strip(), keyword)
    if named or tail_country:
        countries = frozenset({tail_country}) if tail_country else frozenset()
        return head, Where(tail, countries=countries, regions=named)
    return query.strip(), None


def curated_admin1(
    place: Place, data: OpenData | None, replaced_by: Mapping[str, str]
) -> str | None:
    """A curated place's region code, from the open-data entry it replaces."""
    open_id = replaced_by.get(place.id)
    if data is None or open_id is None:
        return None
    return data.admin1(open_id)[1]


def region_code(place: Place, data: OpenData | None, replaced_by: Mapping[str, str]) -> str | None:
    """Any place's first-level region code, where known."""
    if data is None:
        return None
    return curated_admin1(place, data, replaced_by) or data.admin1(place.id)[1]


def osm_hint(text: str) -> str:
    """What a not-found message adds when `text` is an OpenStreetMap id."""
    if text.strip().lower().startswith("osm:"):
        return " (an OpenStreetMap station is known only with the network that holds it: --rail)"
    return ""
