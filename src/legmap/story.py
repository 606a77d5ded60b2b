"""Story files: TOML written by a reporter, parsed into a validated :class:`Story`.

The format is documented in ``docs/story-format.md``.  Every error names the file
and the spot (``journeys[0].legs[2].to``), or the line for TOML syntax errors,
and is raised as :class:`~legmap.errors.StoryError`.

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
import re
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

from legmap._i18n import KM_PER_MI, LANGS
from legmap.errors import StoryError

__all__ = [
    "CERTAINTIES",
    "MODES",
    "PLACE_KINDS",
    "Event",
    "Journey",
    "Leg",
    "PlaceSpec",
    "Story",
    "load_story",
    "parse_story",
]

MODES = ("train", "flight", "distance", "road", "sea", "unknown")
CERTAINTIES = ("confirmed", "expected", "possible")
PLACE_KINDS = ("city", "station", "airport", "venue", "spaceport", "port", "border-crossing")

Mode = Literal["train", "flight", "distance", "road", "sea", "unknown"]
Certainty = Literal["confirmed", "expected", "possible"]
Lang = Literal["en", "ar", "ru", "ko"]
PlaceKind = Literal["city", "station", "airport", "venue", "spaceport", "port", "border-crossing"]

_DATE_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_CLAIM_RE = re.compile(
    r"^\s*(?P<num>\d[\d,_ ]*(?:\.\d+)?)\s*(?P<unit>km|mi|miles?|kilometres?|kilometers?)?\s*$"
)
_ID_RE = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


def _text(value: Any) -> Any:
    # A text is a plain string (any language) or a table {lang = text}; both
    # become a dict so renderers have one shape to read.  "" holds the plain string.
    if isinstance(value, str):
        return {"": value}
    return value


Text = Annotated[dict[str, str], BeforeValidator(_text)]


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
        msg = f"{value!r} is not an ISO date, month, year or interval like 2023-09-10/2023-09-13"
        raise ValueError(msg)
    for part in parts:
        padded = part + "-01" * (2 - part.count("-"))
        try:
            dt.date.fromisoformat(padded)
        except ValueError:
            msg = f"{part!r} is not a real date"
            raise ValueError(msg) from None
    if len(parts) == 2 and parts[0] > parts[1]:
        msg = f"interval {value!r} ends before it starts"
        raise ValueError(msg)
    return value


def parse_claim_km(value: str | float, *, units: str = "km") -> float:
    """Parse a distance claim such as ``"950 mi"`` or ``"1,600 km"`` into km.

    A bare number is read in the story's `units`.

    Examples
    --------
    >>> round(parse_claim_km("950 mi"), 1)
    1528.9
    >>> parse_claim_km("1,600 km")
    1600.0
    >>> parse_claim_km(10, units="mi") == 10 * 1.609344
    True
    """
    if isinstance(value, bool):
        msg = "a claim is a distance like '950 mi', not true/false"
        raise ValueError(msg)
    if isinstance(value, int | float):
        number, unit = float(value), units
    else:
        match = _CLAIM_RE.match(value)
        if not match:
            msg = f"{value!r} is not a distance like '950 mi' or '1,600 km'"
            raise ValueError(msg)
        number = float(re.sub(r"[,_ ]", "", match["num"]))
        unit = "mi" if (match["unit"] or units).startswith("mi") else "km"
    if number <= 0:
        msg = "a claimed distance must be positive"
        raise ValueError(msg)
    return number * KM_PER_MI if unit == "mi" else number


class PlaceSpec(_Model):
    """A story-local place, extending or overriding the gazetteer."""

    name: Text
    lat: float = Field(ge=-90, le=90)
    lon: float = Field(ge=-180, le=180)
    kind: PlaceKind = "city"
    country: str | None = Field(default=None, pattern=r"^[A-Z]{2}$")
    aliases: tuple[str, ...] = ()
    source: str | None = None

    _langs = field_validator("name")(_check_langs)


class Leg(_Model):
    """One leg of a journey: from a place to another, by some mode."""

    from_: str = Field(alias="from", min_length=1)
    to: str = Field(min_length=1)
    mode: Mode = "unknown"
    via: tuple[str, ...] = ()
    date: str | None = None
    label: Text | None = None
    source: str | None = None
    claim: str | float | None = None
    certainty: Certainty = "confirmed"

    _date = field_validator("date")(_check_date)
    _langs = field_validator("label")(_check_langs)

    @field_validator("claim")
    @classmethod
    def _claim(cls, value: str | float | None) -> str | float | None:
        if value is not None:
            parse_claim_km(value)  # raises ValueError with a readable message
        return value

    @model_validator(mode="after")
    def _claim_only_on_distance(self) -> Leg:
        if self.claim is not None and self.mode != "distance":
            msg = "'claim' is only meaningful on a leg with mode = \"distance\""
            raise ValueError(msg)
        if self.via and self.mode != "train":
            msg = "'via' is only used by train legs (other modes are not routed)"
            raise ValueError(msg)
        return self


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
    date: str | None = None
    label: Text
    certainty: Certainty = "confirmed"
    source: str | None = None

    _date = field_validator("date")(_check_date)
    _langs = field_validator("label")(_check_langs)


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
    rail: str | None = None
    places: dict[str, PlaceSpec] = Field(default_factory=dict)
    journeys: tuple[Journey, ...] = ()
    events: tuple[Event, ...] = ()
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
        seen: set[str] = set()
        for journey in self.journeys:
            if journey.id in seen:
                msg = f"journey id {journey.id!r} is used twice"
                raise ValueError(msg)
            seen.add(journey.id)
        if not self.journeys and not self.events:
            msg = "a story needs at least one [[journeys]] or [[events]] entry"
            raise ValueError(msg)
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
        """The story's ``rail`` network path, relative to the story file."""
        if self.rail is None:
            return None
        path = Path(self.rail)
        if not path.is_absolute() and self.path is not None:
            path = self.path.parent / path
        return path


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
    # of another error's location.
    errors = err.errors()
    locs = [e["loc"] for e in errors]
    return [
        e
        for e in errors
        if not (
            e["type"] == "too_short"
            and any(o[: len(e["loc"])] == e["loc"] and o != e["loc"] for o in locs)
        )
    ]


def _message(error: Any) -> str:
    kind = error["type"]
    if kind == "extra_forbidden":
        return f"unknown field {error['loc'][-1]!r}"
    if kind == "missing":
        return f"missing required field {error['loc'][-1]!r}"
    if kind == "literal_error":
        return f"{error['input']!r} is not one of {error['ctx']['expected']}"
    return str(error["msg"]).removeprefix("Value error, ")


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
        On TOML syntax errors (with the line) or invalid content (with the spot).
    """
    try:
        data = tomllib.loads(text)
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
        errors = _real_errors(err)
        first, more = errors[0], len(errors) - 1
        message = _message(first)
        if more:
            message += f" (and {more} more problem{'s' if more > 1 else ''})"
        raise StoryError(message, file=file, spot=_spot(first["loc"]) or None) from None
    return story.model_copy(update={"path": path})


def load_story(path: str | Path) -> Story:
    """Read, parse and validate a story file.

    Parameters
    ----------
    path : str or pathlib.Path
        A TOML story file (format: ``docs/story-format.md``).

    Returns
    -------
    Story

    Raises
    ------
    StoryError
        When the file cannot be read, is not TOML, or is not a valid story.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise StoryError("story file not found", file=str(path)) from None
    except (OSError, UnicodeDecodeError) as err:
        raise StoryError(f"cannot read story file: {err}", file=str(path)) from None
    return parse_story(text, file=str(path), path=path)
