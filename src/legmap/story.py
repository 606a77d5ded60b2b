"""Story files: TOML written by a reporter, parsed into a validated :class:`Story`.

The format is documented in ``docs/story-format.md``.  Every error names the file
and the spot (``journeys[0].legs[2].to``), or the line for TOML syntax errors,
and is raised as :class:`~legmap.errors.StoryError`; a story with several
invalid fields reports them all at once (up to :data:`~legmap.errors.MAX_PROBLEMS`,
in :attr:`~legmap.errors.LegmapError.problems`).

This module is the story's schema (the models below) and its public API; the
values its fields hold and their checks are in :mod:`legmap._storyvalues`,
reading a file safely in :mod:`legmap._storyfile`, and turning pydantic's errors
into spots and sentences in :mod:`legmap._storyerrors`.

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

from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    ValidationError,
    field_validator,
    model_validator,
)

from legmap import _csvstory
from legmap._lonlat import swapped_hint
from legmap._storyerrors import FieldError, problems
from legmap._storyfile import MAX_STORY_BYTES, read_story_text, toml_data
from legmap._storyvalues import (
    ID_RE,
    Claim,
    DateText,
    Degrees,
    Source,
    Text,
    check_date,
    check_langs,
    control_characters,
    focus_value,
    same_name,
)
from legmap._storyvalues import parse_claim_km as parse_claim_km  # noqa: PLC0414  (re-exported)
from legmap._storyvalues import text_in as text_in  # noqa: PLC0414  (re-exported)
from legmap._vocab import CERTAINTIES, MODES, PLACE_KINDS
from legmap.errors import StoryError, quote

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


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class PlaceSpec(_Model):
    """A story-local place, extending or overriding the gazetteer."""

    name: Text
    lat: Degrees = Field(ge=-90, le=90)
    lon: Degrees = Field(ge=-180, le=180)
    kind: PlaceKind = "city"
    country: str | None = Field(default=None, pattern=r"^[A-Z]{2}$")
    aliases: tuple[str, ...] = ()
    source: str | None = None

    _langs = field_validator("name")(check_langs)

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

    _date = field_validator("date")(check_date)
    _langs = field_validator("label")(check_langs)

    @model_validator(mode="after")
    def _fields_agree(self) -> Leg:
        if self.claim is not None and self.mode != "distance":
            msg = "'claim' is only meaningful on a leg with mode = \"distance\""
            raise FieldError(("claim",), msg)
        if self.via and self.mode != "train":
            msg = "'via' is only used by train legs (other modes are not routed)"
            raise FieldError(("via",), msg)
        if same_name(self.from_, self.to):
            msg = (
                "a leg goes from one place to another, "
                f"but 'from' and 'to' are both {quote(self.to)}"
            )
            raise FieldError(("to",), msg)
        return self


class Journey(_Model):
    """An ordered list of legs travelled by someone."""

    id: str = Field(pattern=ID_RE.pattern)
    title: Text | None = None
    who: Text | None = None
    certainty: Certainty | None = None
    legs: tuple[Leg, ...] = Field(min_length=1)

    _langs = field_validator("title", "who")(check_langs)


class Event(_Model):
    """Something that happens at one place (a meeting, a visit)."""

    place: str = Field(min_length=1)
    date: DateText = None
    label: Text
    certainty: Certainty = "confirmed"
    source: Source = None

    _date = field_validator("date")(check_date)
    _langs = field_validator("label")(check_langs)


class MapSpec(_Model):
    """How the story's maps are framed: the ``[map]`` table (``docs/story-format.md``)."""

    focus: Annotated[
        tuple[str, ...] | tuple[float, float, float, float] | None,
        BeforeValidator(lambda v: None if v is None else focus_value(v)),
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
    embedded_rail: StrictBool = True  # false: only the `rail` files
    strict: StrictBool = False  # an unroutable train leg is an error, not a warning
    places: dict[str, PlaceSpec] = Field(default_factory=dict)
    journeys: tuple[Journey, ...] = ()
    events: tuple[Event, ...] = ()
    map: MapSpec = Field(default_factory=MapSpec)  # framing: focus and inset
    path: Path | None = Field(default=None, exclude=True)

    _langs = field_validator("title", "source")(check_langs)

    @field_validator("places")
    @classmethod
    def _place_ids(cls, value: dict[str, PlaceSpec]) -> dict[str, PlaceSpec]:
        for key in value:
            if not ID_RE.match(key):
                msg = f"place id {key!r} must be lowercase letters, digits, '-' or '_'"
                raise ValueError(msg)
        return value

    @model_validator(mode="after")
    def _unique_journeys(self) -> Story:
        seen: dict[str, int] = {}
        for k, journey in enumerate(self.journeys):
            if journey.id in seen:
                msg = f"journey id {journey.id!r} is already used by journeys[{seen[journey.id]}]"
                raise FieldError(("journeys", k, "id"), msg)
            seen[journey.id] = k
        if not self.journeys and not self.events:
            msg = "a story needs at least one [[journeys]] or [[events]] entry"
            raise ValueError(msg)
        bad = list(control_characters(self.model_dump(by_alias=True, exclude={"path"})))
        if bad:
            (loc, char), more = bad[0], len(bad) - 1
            msg = f"text holds a control character ({char!r}); remove it"
            if more:
                msg += f" (and {more} more text{'s' if more > 1 else ''} with one)"
            raise FieldError(loc, msg)
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
                raise FieldError(("map", "focus", k), msg)
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
        return _validated(dict(data), file=file, path=path, containers="lists or dicts")


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
    data = toml_data(text, file=file)
    return _validated(data, file=file, path=path, containers="arrays or tables")


def _validated(data: Any, *, file: str, path: Path | None, containers: str) -> Story:
    """The one validation of story data; `containers` names nesting as the caller's format does."""
    try:
        story = Story.model_validate(data)
    except ValidationError as err:
        raise problems(err, file) from None
    except RecursionError:
        raise StoryError(f"the story nests {containers} too deeply", file=file) from None
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
    text = read_story_text(path)
    if path.suffix.lower() == ".csv":  # a spreadsheet: one leg per row
        return _csvstory.load_csv_story(text, path, Story.from_dict)
    return parse_story(text, file=str(path), path=path)
