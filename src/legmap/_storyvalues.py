"""The values of a story's fields, as a reporter writes them, and their checks.

A story's fields hold texts (a string, or a table of translations), sources (a
quote or a URL), dates (ISO dates, months, years, intervals), distance claims
(``"950 mi"``), coordinates, ids and a map focus.  This module owns the types
:mod:`legmap.story` declares its fields with (:data:`Text`, :data:`Source`,
:data:`DateText`, :data:`Claim`, :data:`Degrees`), the checks its models run
on them, and the words a rejected value is described with: each check raises
:class:`ValueError` with a sentence a reporter understands, which
:mod:`legmap._storyerrors` places at the value's spot.

Examples
--------
>>> describe(True), describe(3.5), describe([1])
('true/false', 'a number', 'an array')
>>> check_date("2023-09-10/2023-09-13")
'2023-09-10/2023-09-13'
>>> focus_value("kim-visit")
('kim-visit',)
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Mapping
from typing import Annotated, Any

from pydantic import BeforeValidator, Field

from legmap._i18n import KM_PER_MI, LANGS
from legmap._lonlat import swapped_hint
from legmap.errors import quote

__all__ = [
    "ID_RE",
    "Claim",
    "DateText",
    "Degrees",
    "Source",
    "Text",
    "check_date",
    "check_langs",
    "control_characters",
    "describe",
    "focus_value",
    "parse_claim_km",
    "same_name",
    "text_in",
]

_DATE_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_CLAIM_RE = re.compile(
    r"^\s*(?P<num>\d[\d,_ ]*(?:\.\d+)?)\s*(?P<unit>km|mi|miles?|kilometres?|kilometers?)?\s*$"
)
#: An id (of a journey or a story-local place): lowercase letters, digits, '-' and '_'.
ID_RE = re.compile(r"^[a-z0-9][a-z0-9_-]*$")

#: A claimed distance above this is no distance between two places on Earth.
_MAX_CLAIM_KM = 100_000.0


# What a TOML value is, in a reporter's words; bool before int (True is an int).
_KINDS: tuple[tuple[type | tuple[type, ...], str], ...] = (
    (bool, "true/false"),
    ((int, float), "a number"),
    (str, "text"),
    (dict, "a table"),
    ((list, tuple), "an array"),
    ((dt.datetime, dt.time), "a time"),
    (dt.date, "a date"),
)


def describe(value: Any) -> str:
    """What a TOML value is, in a reporter's words (``"a number"``, ``"true/false"``)."""
    return next((word for kinds, word in _KINDS if isinstance(value, kinds)), type(value).__name__)


_TEXT_SHAPE = 'a string, or a table of translations like { en = "...", ar = "..." }'


def _text(value: Any) -> Any:
    # A text is a plain string (any language) or a table {lang = text}; both
    # become a dict so renderers have one shape to read.  "" holds the plain string.
    if isinstance(value, str):
        return {"": value}
    if not isinstance(value, dict):
        raise ValueError(f"expected text: {_TEXT_SHAPE}; got {describe(value)}")
    return value


Text = Annotated[dict[str, str], BeforeValidator(_text)]


def _quote_or_url(value: Any) -> Any:
    # A source is the words of the source (a quote, verbatim) or a URL: one
    # string.  A translation of a quote is no longer the source, so no table.
    if isinstance(value, dict):
        msg = (
            "a source is the words of the source or a URL, in one string; "
            "translate the label instead (translations are for title, who and label)"
        )
        raise ValueError(msg)
    if value is not None and not isinstance(value, str):
        raise ValueError(f"expected text (a quote or a URL), got {describe(value)}")
    return value


Source = Annotated[str | None, BeforeValidator(_quote_or_url)]


def _date_value(value: Any) -> Any:
    # TOML has dates: `date = 2023-09-10` means the same as "2023-09-10".
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value.isoformat()
    if value is not None and not isinstance(value, str):
        msg = f'expected a date like "2023-09-10", "2023-09" or "2023", got {describe(value)}'
        raise ValueError(msg)
    return value


DateText = Annotated[str | None, BeforeValidator(_date_value)]


def _claim_value(value: Any) -> Any:
    # Before pydantic's own typing: a claim is text or a number, never true/false
    # (which lax typing would read as 1 km).
    if value is not None:
        parse_claim_km(value)  # raises ValueError with a readable message
    return value


Claim = Annotated[str | float | None, BeforeValidator(_claim_value)]
#: Coordinates: numbers only (no true/false, no "43.1"), finite.
Degrees = Annotated[float, Field(strict=True, allow_inf_nan=False)]


def text_in(text: Mapping[str, str] | None, lang: str) -> str | None:
    """Pick the best string of a multilingual text for `lang`.

    The exact language wins, then a plain string, then English, then any.

    Examples
    --------
    >>> text_in({"en": "Train", "ar": "قطار"}, "ar")
    'قطار'
    >>> text_in({"": "Pier 33"}, "ko")
    'Pier 33'
    >>> text_in(None, "en") is None
    True
    """
    if not text:
        return None
    for key in (lang, "", "en"):
        if text.get(key):
            return text[key]
    return next(iter(text.values()))


def check_langs(value: dict[str, str] | None) -> dict[str, str] | None:
    """A text's translations, checked: every language is one legmap speaks."""
    if value:
        bad = sorted(k for k in value if k and k not in LANGS)
        if bad:
            msg = f"unknown language {bad[0]!r} (use one of: {', '.join(LANGS)})"
            raise ValueError(msg)
    return value


def check_date(value: str | None) -> str | None:
    """A date, checked: an ISO date, month or year, or an interval of two that is in order."""
    if value is None:
        return None
    parts = value.split("/")
    if len(parts) > 2 or not all(_DATE_RE.match(p) for p in parts):
        msg = (
            f"{quote(value)} is not an ISO date, month, year or interval like 2023-09-10/2023-09-13"
        )
        raise ValueError(msg)
    for part in parts:
        padded = part + "-01" * (2 - part.count("-"))
        try:
            dt.date.fromisoformat(padded)
        except ValueError:
            msg = f"{quote(part)} is not a real date"
            raise ValueError(msg) from None
    if len(parts) == 2 and parts[0] > parts[1]:
        msg = f"interval {quote(value)} ends before it starts"
        raise ValueError(msg)
    return value


def parse_claim_km(value: str | float, *, units: str = "km") -> float:
    """Parse a distance claim such as ``"950 mi"`` or ``"1,600 km"`` into km.

    A bare number is read in the story's `units`.  A claim is text or a number
    (not true/false), finite, positive and at most 100,000 km.

    Raises
    ------
    ValueError
        With a sentence a reporter understands.

    Examples
    --------
    >>> round(parse_claim_km("950 mi"), 1)
    1528.9
    >>> parse_claim_km("1,600 km")
    1600.0
    >>> parse_claim_km(10, units="mi") == 10 * 1.609344
    True
    """
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        msg = f"a claim is a distance like '950 mi' or '1,600 km', not {describe(value)}"
        raise ValueError(msg)
    if isinstance(value, int | float):
        number, unit = float(value), units
    else:
        match = _CLAIM_RE.match(value)
        if not match:
            msg = f"{quote(value)} is not a distance like '950 mi' or '1,600 km'"
            raise ValueError(msg)
        number = float(re.sub(r"[,_ ]", "", match["num"]))
        unit = "mi" if (match["unit"] or units).startswith("mi") else "km"
    if not math.isfinite(number):
        msg = "a claimed distance must be a finite number"
        raise ValueError(msg)
    if number <= 0:
        msg = "a claimed distance must be positive"
        raise ValueError(msg)
    km = number * KM_PER_MI if unit == "mi" else number
    if km > _MAX_CLAIM_KM:
        msg = f"a claimed distance above {_MAX_CLAIM_KM:,.0f} km is no distance on Earth"
        raise ValueError(msg)
    return km


# Control characters (escape sequences, NUL, DEL, C1) have no place in a story's
# text: they would reach terminals and fonts as is.  Newlines and tabs may stay.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def control_characters(data: Any, loc: tuple[str | int, ...] = ()) -> Any:
    """Yield (location, first control character) for every string of `data` holding one."""
    if isinstance(data, str):
        found = _CONTROL.search(data)
        if found:
            yield loc, found.group()
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from control_characters(value, (*loc, key) if key else loc)
    elif isinstance(data, list | tuple):
        for i, value in enumerate(data):
            yield from control_characters(value, (*loc, i))


def same_name(a: str, b: str) -> bool:
    """Whether two place names are the same but for case and spacing."""
    return " ".join(a.casefold().split()) == " ".join(b.casefold().split())


def focus_value(value: Any) -> Any:
    """A focus is ids (text) or a box of four numbers, never a mix; a box is checked here."""
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list | tuple) or not value:
        msg = (
            "focus is a list of journey or place ids (['kim-visit']) or a box "
            "[min_lon, min_lat, max_lon, max_lat]"
        )
        raise ValueError(msg)
    if all(isinstance(v, str) for v in value):
        if not all(v.strip() for v in value):
            raise ValueError("a focus id is empty")
        return tuple(value)
    numbers = [v for v in value if isinstance(v, int | float) and not isinstance(v, bool)]
    if len(value) != 4 or len(numbers) != 4 or not all(math.isfinite(v) for v in numbers):
        msg = "a focus box is four numbers [min_lon, min_lat, max_lon, max_lat]; ids are text"
        raise ValueError(msg)
    minlon, minlat, maxlon, maxlat = (float(v) for v in numbers)
    hint = swapped_hint(minlon, minlat) or swapped_hint(maxlon, maxlat)
    if hint:
        raise ValueError(f"a focus box is [min_lon, min_lat, max_lon, max_lat]: {hint}")
    if not (-90 <= minlat < maxlat <= 90 and -180 <= minlon < maxlon <= 360):
        msg = (
            "a focus box needs min_lat < max_lat within -90..90 and min_lon < max_lon "
            "within -180..360 (past 180 across the antimeridian)"
        )
        raise ValueError(msg)
    return (minlon, minlat, maxlon, maxlat)
