"""Story files: TOML written by a reporter, parsed into a validated :class:`Story`.

The format is documented in ``docs/story-format.md``.  Every error names the file
and the spot (``journeys[0].legs[2].to``), or the line for TOML syntax errors,
and is raised as :class:`~legmap.errors.StoryError`; a story with several
invalid fields reports them all at once (up to :data:`~legmap.errors.MAX_PROBLEMS`,
in :attr:`~legmap.errors.LegmapError.problems`).

Examples
--------
>>> story = parse_story('''
... title = "Trip"
... [[journeys]]
... id = "j"
... [[journeys.legs]]
... from = "Pyongyang"
... to = "Vladivostok"
... mode = "train"
... ''', file="trip.toml")
>>> leg = story.journeys[0].legs[0]
>>> (leg.from_, leg.to, leg.mode, leg.certainty)
('Pyongyang', 'Vladivostok', 'train', 'confirmed')
"""

from __future__ import annotations

import datetime as dt
import math
import os
import re
import stat
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from legmap import _csvstory
from legmap._i18n import KM_PER_MI, LANGS
from legmap._lonlat import swapped_hint
from legmap._vocab import CERTAINTIES, MODES, PLACE_KINDS
from legmap.errors import LegmapError, StoryError, gather, quote

__all__ = [
    "CERTAINTIES",
    "MAX_STORY_BYTES",
    "MODES",
    "PLACE_KINDS",
    "Event",
    "Journey",
    "Leg",
    "MapSpec",
    "PlaceSpec",
    "Story",
    "load_story",
    "parse_story",
]


Mode = Literal["train", "flight", "distance", "road", "sea", "unknown"]
Certainty = Literal["confirmed", "expected", "possible"]
Lang = Literal["en", "ar", "ru", "ko", "zh", "uk", "fr", "es"]  # legmap._i18n.LANGS
PlaceKind = Literal["city", "station", "airport", "venue", "spaceport", "port", "border-crossing"]

_DATE_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_CLAIM_RE = re.compile(
    r"^\s*(?P<num>\d[\d,_ ]*(?:\.\d+)?)\s*(?P<unit>km|mi|miles?|kilometres?|kilometers?)?\s*$"
)
_ID_RE = re.compile(r"^[a-z0-9][a-z0-9_-]*$")

#: A story file larger than this is refused (the seed story is 7 KB).
MAX_STORY_BYTES = 5 * 1024 * 1024
#: A claimed distance above this is no distance between two places on Earth.
_MAX_CLAIM_KM = 100_000.0


class _FieldError(ValueError):
    """A validation error about a field below the model that raises it.

    pydantic keeps the raised exception in the error's context; the spot of the
    error is the model's location followed by `loc`.
    """

    def __init__(self, loc: tuple[str | int, ...], message: str) -> None:
        super().__init__(message)
        self.loc = loc


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


def _describe(value: Any) -> str:
    return next((word for kinds, word in _KINDS if isinstance(value, kinds)), type(value).__name__)


_TEXT_SHAPE = 'a string, or a table of translations like { en = "...", ar = "..." }'


def _text(value: Any) -> Any:
    # A text is a plain string (any language) or a table {lang = text}; both
    # become a dict so renderers have one shape to read.  "" holds the plain string.
    if isinstance(value, str):
        return {"": value}
    if not isinstance(value, dict):
        raise ValueError(f"expected text: {_TEXT_SHAPE}; got {_describe(value)}")
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
        raise ValueError(f"expected text (a quote or a URL), got {_describe(value)}")
    return value


Source = Annotated[str | None, BeforeValidator(_quote_or_url)]


def _date_value(value: Any) -> Any:
    # TOML has dates: `date = 2023-09-10` means the same as "2023-09-10".
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value.isoformat()
    if value is not None and not isinstance(value, str):
        msg = f'expected a date like "2023-09-10", "2023-09" or "2023", got {_describe(value)}'
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


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


def _check_langs(value: dict[str, str] | None) -> dict[str, str] | None:
    if value:
        bad = sorted(k for k in value if k and k not in LANGS)
        if bad:
            msg = f"unknown language {bad[0]!r} (use one of: {', '.join(LANGS)})"
            raise ValueError(msg)
    return value


def _check_date(value: str | None) -> str | None:
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
        msg = f"a claim is a distance like '950 mi' or '1,600 km', not {_describe(value)}"
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


class PlaceSpec(_Model):
    """A story-local place, extending or overriding the gazetteer."""

    name: Text
    lat: Degrees = Field(ge=-90, le=90)
    lon: Degrees = Field(ge=-180, le=180)
    kind: PlaceKind = "city"
    country: str | None = Field(default=None, pattern=r"^[A-Z]{2}$")
    aliases: tuple[str, ...] = ()
    source: str | None = None

    _langs = field_validator("name")(_check_langs)

    @model_validator(mode="before")
    @classmethod
    def _swapped(cls, data: Any) -> Any:
        if isinstance(data, Mapping):
            lon, lat = data.get("lon"), data.get("lat")
            hint = None if lon is None or lat is None else swapped_hint(lon, lat, keys=True)
            if hint:
                raise ValueError(hint)
        return data


class Leg(_Model):
    """One leg of a journey: from a place to another, by some mode."""

    from_: str = Field(alias="from", min_length=1)
    to: str = Field(min_length=1)
    mode: Mode = "unknown"
    via: tuple[str, ...] = ()
    date: DateText = None
    label: Text | None = None
    source: Source = None
    claim: Claim = None
    certainty: Certainty = "confirmed"

    _date = field_validator("date")(_check_date)
    _langs = field_validator("label")(_check_langs)

    @model_validator(mode="after")
    def _fields_agree(self) -> Leg:
        if self.claim is not None and self.mode != "distance":
            msg = "'claim' is only meaningful on a leg with mode = \"distance\""
            raise _FieldError(("claim",), msg)
        if self.via and self.mode != "train":
            msg = "'via' is only used by train legs (other modes are not routed)"
            raise _FieldError(("via",), msg)
        if _same_name(self.from_, self.to):
            msg = (
                "a leg goes from one place to another, "
                f"but 'from' and 'to' are both {quote(self.to)}"
            )
            raise _FieldError(("to",), msg)
        return self


# Control characters (escape sequences, NUL, DEL, C1) have no place in a story's
# text: they would reach terminals and fonts as is.  Newlines and tabs may stay.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _control_characters(data: Any, loc: tuple[str | int, ...] = ()) -> Any:
    """Yield (location, first control character) for every string of `data` holding one."""
    if isinstance(data, str):
        found = _CONTROL.search(data)
        if found:
            yield loc, found.group()
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from _control_characters(value, (*loc, key) if key else loc)
    elif isinstance(data, list | tuple):
        for i, value in enumerate(data):
            yield from _control_characters(value, (*loc, i))


def _same_name(a: str, b: str) -> bool:
    return " ".join(a.casefold().split()) == " ".join(b.casefold().split())


class Journey(_Model):
    """An ordered list of legs travelled by someone."""

    id: str = Field(pattern=_ID_RE.pattern)
    title: Text | None = None
    who: Text | None = None
    certainty: Certainty | None = None
    legs: tuple[Leg, ...] = Field(min_length=1)

    _langs = field_validator("title", "who")(_check_langs)


class Event(_Model):
    """Something that happens at one place (a meeting, a visit)."""

    place: str = Field(min_length=1)
    date: DateText = None
    label: Text
    certainty: Certainty = "confirmed"
    source: Source = None

    _date = field_validator("date")(_check_date)
    _langs = field_validator("label")(_check_langs)


def _focus_value(value: Any) -> Any:
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


class MapSpec(_Model):
    """How the story's maps are framed: the ``[map]`` table (``docs/story-format.md``)."""

    focus: Annotated[
        tuple[str, ...] | tuple[float, float, float, float] | None,
        BeforeValidator(lambda v: None if v is None else _focus_value(v)),
    ] = None
    inset: Literal["auto", "none"] = "auto"


class Story(_Model):
    """A parsed, validated story file.

    Attributes
    ----------
    path : pathlib.Path or None
        Where the story was read from (for error messages and relative paths).
    """

    title: Text
    lang: Lang = "en"
    units: Literal["km", "mi"] = "km"
    source: Text | None = None
    rail: str | tuple[str, ...] | None = None  # network files extending the embedded one
    embedded_rail: bool = True  # false: only the `rail` files
    strict: bool = False  # a train leg the rail network cannot route is an error, not a warning
    places: dict[str, PlaceSpec] = Field(default_factory=dict)
    journeys: tuple[Journey, ...] = ()
    events: tuple[Event, ...] = ()
    map: MapSpec = Field(default_factory=MapSpec)  # framing: focus and inset
    path: Path | None = Field(default=None, exclude=True)

    _langs = field_validator("title", "source")(_check_langs)

    @field_validator("places")
    @classmethod
    def _place_ids(cls, value: dict[str, PlaceSpec]) -> dict[str, PlaceSpec]:
        for key in value:
            if not _ID_RE.match(key):
                msg = f"place id {key!r} must be lowercase letters, digits, '-' or '_'"
                raise ValueError(msg)
        return value

    @model_validator(mode="after")
    def _unique_journeys(self) -> Story:
        seen: dict[str, int] = {}
        for k, journey in enumerate(self.journeys):
            if journey.id in seen:
                msg = f"journey id {journey.id!r} is already used by journeys[{seen[journey.id]}]"
                raise _FieldError(("journeys", k, "id"), msg)
            seen[journey.id] = k
        if not self.journeys and not self.events:
            msg = "a story needs at least one [[journeys]] or [[events]] entry"
            raise ValueError(msg)
        bad = list(_control_characters(self.model_dump(by_alias=True, exclude={"path"})))
        if bad:
            (loc, char), more = bad[0], len(bad) - 1
            msg = f"text holds a control character ({char!r}); remove it"
            if more:
                msg += f" (and {more} more text{'s' if more > 1 else ''} with one)"
            raise _FieldError(loc, msg)
        return self

    @model_validator(mode="after")
    def _focus_known(self) -> Story:
        # A focus id names a journey or a place the story uses (as written, or a local id).
        names = {j.id for j in self.journeys} | set(self.places)
        names |= {n for j in self.journeys for leg in j.legs for n in (leg.from_, leg.to)}
        names |= {e.place for e in self.events}
        known = {n.casefold() for n in names}
        for k, value in enumerate(self.map.focus or ()):
            if isinstance(value, str) and value.casefold() not in known:
                msg = f"{quote(value)} is no journey id or place of this story"
                raise _FieldError(("map", "focus", k), msg)
        return self

    def text(self, text: Mapping[str, str] | None, lang: str | None = None) -> str | None:
        """A multilingual text of this story in `lang` (default: the story's language)."""
        return text_in(text, lang or self.lang)

    def leg_certainty(self, journey: Journey, leg: Leg) -> str:
        """A leg's certainty: its own when set in the file, else its journey's."""
        if "certainty" in leg.model_fields_set:
            return leg.certainty
        return journey.certainty or leg.certainty

    def rail_path(self) -> Path | None:
        """The story's (first) ``rail`` network path, relative to the story file."""
        paths = self.rail_paths()
        return paths[0] if paths else None

    def rail_paths(self) -> tuple[Path, ...]:
        """The story's ``rail`` network paths (one or a list), relative to the story file."""
        names = (self.rail,) if isinstance(self.rail, str) else (self.rail or ())
        paths = []
        for name in names:
            path = Path(name)
            if not path.is_absolute() and self.path is not None:
                path = self.path.parent / path
            paths.append(path)
        return tuple(paths)

    @classmethod
    def from_dict(
        cls, data: Mapping[str, Any], *, file: str = "<dict>", path: Path | None = None
    ) -> Story:
        """Build a story from Python data shaped like a story file.

        The keys are those of the TOML format (``docs/story-format.md``): a leg's
        origin is ``"from"``; texts are strings or ``{lang: text}`` dicts.

        Parameters
        ----------
        data : mapping
            ``{"title": ..., "journeys": [{"id": ..., "legs": [...]}], ...}``.
        file : str
            Name used in error messages.
        path : pathlib.Path, optional
            Where relative ``rail`` paths are resolved from.

        Raises
        ------
        StoryError
            Invalid content, every problem with its spot.

        Examples
        --------
        >>> story = Story.from_dict({
        ...     "title": "Shoigu in Pyongyang",
        ...     "journeys": [{"id": "shoigu", "legs": [
        ...         {"from": "Moscow", "to": "Pyongyang", "mode": "flight", "date": "2023-07"}]}],
        ... })
        >>> story.journeys[0].legs[0].to
        'Pyongyang'
        >>> Story.from_dict({"title": "T", "journeys": [{"id": "j", "legs": [
        ...     {"from": "A", "to": "B", "mode": "bus"}]}]})
        Traceback (most recent call last):
        legmap.errors.StoryError: <dict>: journeys[0].legs[0].mode: 'bus' is not one of ...
        """
        try:
            story = cls.model_validate(dict(data))
        except ValidationError as err:
            raise _problems(err, file) from None
        except RecursionError:
            msg = "the story nests lists or dicts too deeply"
            raise StoryError(msg, file=file) from None
        return story.model_copy(update={"path": path})


def _loc(error: Any) -> tuple[int | str, ...]:
    # A model validator's _FieldError names the field below the model it checks.
    cause = (error.get("ctx") or {}).get("error")
    return (*error["loc"], *cause.loc) if isinstance(cause, _FieldError) else tuple(error["loc"])


def _spot(loc: tuple[int | str, ...]) -> str:
    # pydantic locations -> "journeys[0].legs[2].to"; tagged-union and
    # function-validator segments (e.g. 'str', 'function-after[...]') are noise.
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif "[" in part or part in {"str", "float", "int", "dict[str,str]"}:
            continue
        else:
            out += ("." if out else "") + part
    return out


def _real_errors(err: ValidationError) -> list[Any]:
    # A failing item also makes pydantic report its container "too short";
    # that echo would only confuse a reporter, so drop errors about a prefix
    # of another error's location.  A union reports one error per member:
    # keep the first error of each spot.
    errors = err.errors()
    locs = [e["loc"] for e in errors]
    kept, spots = [], set()
    for e in errors:
        if e["type"] == "too_short" and any(
            o[: len(e["loc"])] == e["loc"] and o != e["loc"] for o in locs
        ):
            continue
        spot = _spot(_loc(e))
        if spot not in spots:
            spots.add(spot)
            kept.append(e)
    return kept


_PATTERNS = {
    _ID_RE.pattern: "is not an id: use lowercase letters, digits, '-' and '_'",
    r"^[A-Z]{2}$": "is not a country code: use two capital letters (ISO 3166-1 alpha-2) like 'RU'",
}


# pydantic error type -> sentence; {shown} is the value (quoted text, or its kind).
_SENTENCES = {
    "string_type": "expected text, got {shown}",
    "float_type": "expected a number, got {shown}",
    "float_parsing": "expected a number, got {shown}",
    "int_type": "expected a whole number, got {shown}",
    "int_parsing": "expected a whole number, got {shown}",
    "finite_number": "expected a finite number",
    "dict_type": "expected a table, got {shown}",
    "model_type": "expected a table, got {shown}",
    "tuple_type": "expected an array, got {shown}",
    "list_type": "expected an array, got {shown}",
    "string_too_short": "must not be empty",
}


def _message(error: Any) -> str:
    kind, value, ctx = error["type"], error.get("input"), error.get("ctx") or {}
    shown = quote(value) if isinstance(value, str) else _describe(value)
    if kind in {"extra_forbidden", "missing"}:
        what = "unknown field" if kind == "extra_forbidden" else "missing required field"
        return f"{what} {quote(str(error['loc'][-1]))}"
    if kind == "literal_error":
        return f"{shown} is not one of {ctx['expected']}"
    if kind == "too_short" and error["loc"][-1:] == ("legs",):
        return "a journey needs at least one leg"
    if kind == "string_pattern_mismatch" and ctx.get("pattern") in _PATTERNS:
        return f"{shown} {_PATTERNS[ctx['pattern']]}"
    if kind in _SENTENCES:
        return _SENTENCES[kind].format(shown=shown)
    return str(error["msg"]).removeprefix("Value error, ")


def _problems(err: ValidationError, file: str) -> LegmapError:
    return gather(
        [StoryError(_message(e), file=file, spot=_spot(_loc(e)) or None) for e in _real_errors(err)]
    )


_TOML_LINE = re.compile(r"\(at line (\d+), column (\d+)\)")


def parse_story(text: str, *, file: str = "<story>", path: Path | None = None) -> Story:
    """Parse and validate story text.

    Parameters
    ----------
    text : str
        The TOML source.
    file : str
        Name used in error messages.
    path : pathlib.Path, optional
        The file the text came from (resolves relative ``rail`` paths).

    Raises
    ------
    StoryError
        On TOML syntax errors (with the line) or invalid content (every
        problem, each with its spot, in ``problems``).
    """
    text = text.removeprefix("\ufeff")  # a UTF-8 byte order mark, as some editors write
    try:
        data = tomllib.loads(text)
    except RecursionError:
        msg = "TOML nests arrays or tables too deeply"
        raise StoryError(msg, file=file) from None
    except tomllib.TOMLDecodeError as err:
        match = _TOML_LINE.search(str(err))
        message = _TOML_LINE.sub("", str(err)).strip()
        line = int(match.group(1)) if match else None
        raise StoryError(
            f"TOML syntax error: {message}" + (f" (column {match.group(2)})" if match else ""),
            file=file,
            line=line,
        ) from None
    try:
        story = Story.model_validate(data)
    except ValidationError as err:
        raise _problems(err, file) from None
    except RecursionError:
        msg = "the story nests arrays or tables too deeply"
        raise StoryError(msg, file=file) from None
    return story.model_copy(update={"path": path})


def load_story(path: str | Path) -> Story:
    """Read, parse and validate a story file.

    Parameters
    ----------
    path : str or pathlib.Path
        A TOML story file (format: ``docs/story-format.md``), or a CSV file
        with one leg per row (:mod:`legmap._csvstory`).

    Returns
    -------
    Story

    Raises
    ------
    StoryError
        When the file cannot be read, is not a regular file of at most
        :data:`MAX_STORY_BYTES`, is not UTF-8 TOML, or is not a valid story.
    """
    path = Path(path)
    if path.name.lower().endswith(".embed.toml"):
        msg = (
            "story file names ending in '.embed.toml' are not allowed: the maps of "
            f"{path.name} would overwrite {path.name[:-5]}.html, the embed snippet of "
            f"{path.name[:-11]}.toml; rename the file"
        )
        raise StoryError(msg, file=str(path))
    data = _read_story_bytes(path)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        bad = err.object[err.start]
        msg = f"the story file is not UTF-8 text (byte {bad:#04x} at offset {err.start})"
        raise StoryError(msg, file=str(path)) from None
    if path.suffix.lower() == ".csv":  # a spreadsheet: one leg per row
        return _csvstory.load_csv_story(text, path, Story.from_dict)
    return parse_story(text, file=str(path), path=path)


def _read_story_bytes(path: Path) -> bytes:
    # Open without blocking (a FIFO would wait for a writer), then insist on a
    # regular file: no /dev/zero, no pipe, no folder; and read a bounded amount.
    where = str(path)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise StoryError("story file not found", file=where) from None
    except IsADirectoryError:
        raise StoryError("this is a folder, not a story file", file=where) from None
    except OSError as err:
        raise StoryError(f"cannot read story file: {err.strerror or err}", file=where) from None
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        if stat.S_ISDIR(mode):
            raise StoryError("this is a folder, not a story file", file=where)
        raise StoryError("not a regular file (a story is a .toml file)", file=where)
    with os.fdopen(fd, "rb") as fh:
        try:
            data = fh.read(MAX_STORY_BYTES + 1)
        except OSError as err:
            msg = f"cannot read story file: {err.strerror or err}"
            raise StoryError(msg, file=where) from None
    if len(data) > MAX_STORY_BYTES:
        msg = f"the story file is larger than {MAX_STORY_BYTES // 2**20} MB; is it a story?"
        raise StoryError(msg, file=where)
    return data
