"""A story to geometry: :func:`build_story` and the :class:`BuiltStory` it returns.

It resolves every place of the story once (story-local places, then the
gazetteer), hands each leg to its builder in
:data:`legmap.legs.builders.MODE_BUILDERS`, and assembles the legs, places and
events tables; the legs table passes :func:`legmap.legs._validate.validate_legs`
before any renderer sees it.

A train leg the rail network cannot route (no station near a place, or no track
between the stations) is drawn as a geodesic line with ``routed`` False and
reported in :attr:`BuiltStory.warnings`; with ``Config.strict`` or the story's
``strict = true`` it is an error instead.

The rail network is the embedded one extended by the story's ``rail`` files, or
by ``Config.rail`` (``--rail``) which take their place; ``embedded_rail = false``
(or ``Config.embedded_rail``) leaves the embedded one out (:func:`load_rail`).
Consecutive train legs of a journey are one train: the gauge it ends a leg on
is the gauge it starts the next on, so a change at the station between them
(arriving at Khasan from Pyongyang on 1,435 mm, leaving on 1,520) is a gauge
break of the second leg (:attr:`BuiltStory.gauge_breaks`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import geopandas as gpd
import shapely

from legmap import _geodesic
from legmap.config import Config
from legmap.errors import DataError, LegmapError, NoRailConnectionError, StoryError, gather
from legmap.legs import _validate
from legmap.legs.builders import MODE_BUILDERS, LegRequest
from legmap.places.gazetteer import Gazetteer
from legmap.places.place import Place
from legmap.rail._gauge import gauge_text
from legmap.rail.network import RailGap, RailNetwork
from legmap.story import Journey, Leg, Story, text_in

__all__ = ["BuiltStory", "Notice", "build_story", "load_rail"]

#: How to give legmap rail data for a region it does not cover (one line).
COVERAGE_HINT = (
    "add coverage: legmap rail fetch REGION -o region.osm.pbf, then legmap rail import "
    "region.osm.pbf -o region.gpkg, then build with --rail region.gpkg "
    '(or rail = "region.gpkg" in the story)'
)


@dataclass(frozen=True)
class Notice:
    """Something a reader of the map should know about one leg.

    Attributes
    ----------
    message : str
        One sentence, in English.
    file, spot : str or None
        The story file and the spot in it (``journeys[0].legs[1]``).
    level : {"warning", "note"}
        ``warning``: the map shows less than the story says (a train not on the
        rail network; ``legmap check`` and ``build`` print it on stderr);
        ``note``: how a figure was measured (an access stretch, no rail data).
    code : str
        ``unrouted``, ``access``, ``no_rail_data`` or ``no_rail_connection``.

    Examples
    --------
    >>> str(Notice("train drawn unrouted", file="s.toml", spot="journeys[0].legs[1]"))
    's.toml: journeys[0].legs[1]: train drawn unrouted'
    """

    message: str
    file: str | None = None
    spot: str | None = None
    level: Literal["warning", "note"] = "note"
    code: str = ""

    def __str__(self) -> str:
        where = "".join(f"{x}: " for x in (self.file, self.spot) if x)
        return where + self.message


@dataclass(frozen=True)
class BuiltStory:
    """A story turned into geometry: what every renderer draws.

    Attributes
    ----------
    story : Story
        The parsed story.
    legs : geopandas.GeoDataFrame
        One row per leg (schema in ``docs/architecture.md``), EPSG:4326.
    places : geopandas.GeoDataFrame
        Every place the story uses: id, name, kind, country, source, role, geometry.
    events : geopandas.GeoDataFrame
        place_id, place_name, label, date, certainty, source, geometry.
    lang : str
        Label language.
    units : str
        ``km`` or ``mi``.
    title : str
        Story title in `lang`.
    notices : tuple of Notice
        What a reader should know about some legs: trains drawn but not routed
        (warnings, printed on stderr by the CLI), access stretches, missing rail data.
    lon_0 : float or None
        Central meridian of the story's longitude frame ``[lon_0 - 180, lon_0 + 180)``,
        in which maps draw every leg and place (0 unless the story crosses the
        antimeridian); None when unknown (renderers then work it out).
    gauge_breaks : geopandas.GeoDataFrame
        Where a train changes gauge, one row per change: journey, seq (the
        leg's), node, name (the station, English), from_gauge and to_gauge (mm,
        text such as ``1435`` or ``1435/1520``), text (``Khasan: 1,435 -> 1,520
        mm``), geometry (Point, (lon, lat)).  Renderers draw a marker there.
    rail_credit : tuple of str
        Whom the map credits for its rail data (:attr:`RailNetwork.attribution`),
        when a leg is routed or measured on the network; empty otherwise.
    """

    story: Story
    legs: gpd.GeoDataFrame
    places: gpd.GeoDataFrame
    events: gpd.GeoDataFrame
    lang: str
    units: str
    title: str
    notices: tuple[Notice, ...] = ()
    lon_0: float | None = None
    gauge_breaks: gpd.GeoDataFrame = field(
        default_factory=lambda: _frame([], _validate.BREAK_COLUMNS)
    )
    rail_credit: tuple[str, ...] = ()

    @property
    def warnings(self) -> tuple[Notice, ...]:
        """The notices of level ``warning``."""
        return tuple(n for n in self.notices if n.level == "warning")


def _story_places(story: Story) -> list[Place]:
    return [
        Place(
            id=pid,
            names={(lang or "en"): name for lang, name in spec.name.items()}
            | {"en": text_in(spec.name, "en") or pid},
            lat=spec.lat,
            lon=spec.lon,
            kind=spec.kind,
            country=spec.country,
            source=spec.source or f"story file {story.path.name if story.path else ''}".strip(),
            aliases=spec.aliases,
            curated=True,
        )
        for pid, spec in story.places.items()
    ]


class _Builder:
    """Walks a story once, resolving places and building every leg."""

    def __init__(
        self, story: Story, gazetteer: Gazetteer, config: Config, rail: RailNetwork | None
    ) -> None:
        self.story = story
        self.config = config
        self._rail = rail
        self.file = str(story.path) if story.path else None
        if rail is not None or self.rail_files():
            # An imported network's stations become places (after the curated
            # ones, before the story's own), so legs can name them.
            gazetteer = gazetteer.with_places(self.rail().imported_station_places())
        self.gazetteer = gazetteer.with_places(_story_places(story))
        self.lang = story.lang
        self.units = story.units
        self.strict = config.strict or story.strict
        self.used: dict[str, tuple[Place, str]] = {}
        self.notices: list[Notice] = []
        #: Errors found so far: every leg and event is tried, all are reported at once.
        self.problems: list[LegmapError] = []
        #: Where the journey's train is and on which gauge (after a routed train leg).
        self.train_at: tuple[str, tuple[int, ...]] | None = None
        self.break_rows: list[dict[str, Any]] = []

    def rail_files(self) -> tuple[Path, ...]:
        """The network files asked for: ``--rail`` beats the story's ``rail``."""
        return self.config.rail_files or self.story.rail_paths()

    def rail(self) -> RailNetwork:
        # Loaded on first use: a story without train or distance legs never pays for it.
        if self._rail is None:
            self._rail = load_rail(self.story, self.config)
        return self._rail

    def rail_credit(self, legs: gpd.GeoDataFrame) -> tuple[str, ...]:
        """The rail data's credit, if a leg was routed or measured on the network."""
        on_rail = legs["routed"].astype(bool) & legs["mode"].eq("train")
        if self._rail is None or not (on_rail.any() or legs["rail_km"].notna().any()):
            return ()
        return self._rail.attribution

    def place(self, query: str, spot: str, role: str) -> Place:
        try:
            place = self.gazetteer.resolve(query)
        except LegmapError as err:
            raise err.located(file=self.file, spot=spot) from None
        if place.id not in self.used or role == "endpoint":
            self.used[place.id] = (place, role)
        return place

    def leg_row(self, ji: int, journey: Journey, li: int, leg: Leg) -> dict[str, Any]:
        spot = f"journeys[{ji}].legs[{li}]"
        start = self.place(leg.from_, f"{spot}.from", "endpoint")
        end = self.place(leg.to, f"{spot}.to", "endpoint")
        vias = tuple(self.place(v, f"{spot}.via[{k}]", "via") for k, v in enumerate(leg.via))
        if start.id == end.id or start.lonlat == end.lonlat:
            same = "the same place" if start.id == end.id else "at the same spot"
            raise StoryError(
                f"a leg goes from one place to another, but {leg.from_!r} and {leg.to!r} "
                f"are {same} ({start.name()}, {start.id})",
                file=self.file,
                spot=f"{spot}.to",
            )
        train_at, self.train_at = self.train_at, None
        gauge = train_at[1] if train_at is not None and train_at[0] == start.id else ()
        req = LegRequest(
            start=start, end=end, vias=vias, leg=leg, rail=self.rail,
            config=self.config, units=self.units, lang=self.lang,
            gauge=gauge if leg.mode == "train" else (),
        )  # fmt: skip
        try:
            built = MODE_BUILDERS[leg.mode](req)
        except LegmapError as err:
            raise err.located(file=self.file, spot=spot) from None
        if leg.mode == "train" and built.routed:
            self.train_at = (end.id, built.end_gauge)
        self.break_rows += [
            {
                "journey": journey.id,
                "seq": li,
                "node": b.node,
                "name": b.name,
                "from_gauge": gauge_text(b.from_gauge),
                "to_gauge": gauge_text(b.to_gauge),
                "text": str(b),
                "geometry": shapely.Point(b.lon, b.lat),
            }
            for b in built.gauge_breaks
        ]
        if leg.mode == "train" and built.gap is not None:
            self._unrouted(_stop_spot(spot, built.gap, len(vias)), start, end, built.gap)
        elif built.gap is not None:
            code = "no_rail_data" if built.gap.reason == "no_station" else "no_rail_connection"
            where = _stop_spot(spot, built.gap, len(vias))
            self.notices.append(Notice(built.gap.message, self.file, where, "note", code))
        self.notices += [Notice(note, self.file, spot, "note", "access") for note in built.notes]
        return {
            "journey": journey.id,
            "journey_title": self.story.text(journey.title) or journey.id,
            "seq": li,
            "mode": leg.mode,
            "certainty": self.story.leg_certainty(journey, leg),
            "from_id": start.id,
            "to_id": end.id,
            "from_name": start.name(self.lang),
            "to_name": end.name(self.lang),
            "date": leg.date,
            "label": self.story.text(leg.label),
            "source": leg.source,
            "routed": built.routed,
            "length_km": _geodesic.line_length_km(built.geometry),
            "claim_km": built.claim_km,
            "straight_km": built.straight_km,
            "rail_km": built.rail_km,
            "access_from_km": built.access_from_km,
            "access_to_km": built.access_to_km,
            "verdict": built.verdict,
            "verdict_text": built.verdict_text,
            "gauge_breaks": "; ".join(str(b) for b in built.gauge_breaks) or None,
            "geometry": built.geometry,
        }

    def _unrouted(self, spot: str, start: Place, end: Place, gap: RailGap) -> None:
        """A train the network cannot route: an error when strict, else a warning."""
        what = f"train {start.name()} -> {end.name()}"
        if self.strict:
            raise NoRailConnectionError(
                f"{what} is not on the rail network: {gap.message}; {COVERAGE_HINT}",
                file=self.file,
                spot=spot,
            )
        self.notices.append(
            Notice(
                f"{what} drawn as a straight line, not on the rail network: "
                f"{gap.message}; {COVERAGE_HINT}",
                self.file,
                spot,
                "warning",
                "unrouted",
            )
        )

    def event_rows(self) -> list[dict[str, Any]]:
        rows = []
        for ei, event in enumerate(self.story.events):
            try:
                place = self.place(event.place, f"events[{ei}].place", "event")
            except LegmapError as err:
                self.problems.append(err)
                continue
            rows.append(
                {
                    "place_id": place.id,
                    "place_name": place.name(self.lang),
                    "label": self.story.text(event.label),
                    "date": event.date,
                    "certainty": event.certainty,
                    "source": event.source,
                    "geometry": shapely.Point(place.lonlat),
                }
            )
        return rows

    def place_rows(self) -> list[dict[str, Any]]:
        return [
            {
                "id": place.id,
                "name": place.name(self.lang),
                "kind": place.kind,
                "country": place.country,
                "source": place.source,
                "role": role,
                "geometry": shapely.Point(place.lonlat),
            }
            for place, role in self.used.values()
        ]


def _stop_spot(spot: str, gap: RailGap, n_vias: int) -> str:
    """Where a rail gap is: the via it is about, else the leg (its message names the ends)."""
    if gap.stop is not None and 0 < gap.stop <= n_vias:
        return f"{spot}.via[{gap.stop - 1}]"
    return spot


def load_rail(story: Story, config: Config) -> RailNetwork:
    r"""The network a story is built on: the embedded one extended by the rail files.

    The files are ``config.rail`` (``--rail``, repeated) if any, else the
    story's ``rail`` (one path or a list, relative to the story file).  The
    embedded network comes first unless ``config.embedded_rail`` (or, when that
    is None, the story's ``embedded_rail``) is false; the networks are joined
    with :meth:`RailNetwork.combine`.

    Raises
    ------
    DataError
        A file is missing or broken (located at the story's ``rail`` when it
        comes from the story), or no network is left.

    Examples
    --------
    >>> from legmap.story import parse_story
    >>> story = parse_story('title = "t"\n[[events]]\nplace = "Moscow"\nlabel = "x"')
    >>> load_rail(story, Config()).name
    'embedded'
    >>> load_rail(story.model_copy(update={"embedded_rail": False}), Config())
    Traceback (most recent call last):
    ...
    legmap.errors.DataError: rail: embedded_rail = false leaves no rail network: give one ...
    """
    from_cli = bool(config.rail_files)
    files = config.rail_files or story.rail_paths()
    embedded = story.embedded_rail if config.embedded_rail is None else config.embedded_rail
    file = str(story.path) if story.path else None
    if not files and not embedded:
        where = "--no-embedded-rail" if config.embedded_rail is False else "embedded_rail = false"
        msg = f"{where} leaves no rail network: give one with rail = [...] or --rail"
        raise DataError(msg, file=None if from_cli else file, spot=None if from_cli else "rail")
    networks = [RailNetwork.load()] if embedded else []
    for path in files:
        try:
            networks.append(RailNetwork.load(path))
        except LegmapError as err:
            if from_cli:  # --rail: not the story's fault
                raise
            if err.file is None:
                raise err.located(file=file, spot="rail") from None
            # Broken inside the network file: name the story's field and the file.
            raise DataError(str(err), file=file, spot="rail") from None
    return RailNetwork.combine(networks)


def _frame(rows: Sequence[dict[str, Any]], columns: Sequence[str]) -> gpd.GeoDataFrame:
    if not rows:
        return gpd.GeoDataFrame(
            {c: [] for c in columns if c != "geometry"}, geometry=[], crs="EPSG:4326"
        )
    return gpd.GeoDataFrame(list(rows), geometry="geometry", crs="EPSG:4326")


def build_story(
    story: Story,
    *,
    gazetteer: Gazetteer | None = None,
    rail: RailNetwork | None = None,
    config: Config | None = None,
    lang: str | None = None,
    units: str | None = None,
) -> BuiltStory:
    """Resolve a story's places and turn every leg into geometry.

    Parameters
    ----------
    story : Story
        A parsed story (:func:`legmap.load_story`).
    gazetteer : Gazetteer, optional
        Defaults to ``Gazetteer.default(config=config)``.
    rail : RailNetwork, optional
        Defaults to the story's ``rail``, ``config.rail`` or the embedded network.
    config : Config, optional
        Settings (snap distance, claim tolerance, online geocoding...).
    lang, units : str, optional
        Override the story's label language and units.

    Returns
    -------
    BuiltStory

    Raises
    ------
    LegmapError
        Located at the offending spot, e.g. ``journeys[0].legs[2].to``.

    Examples
    --------
    >>> from legmap import load_story
    >>> built = build_story(load_story("geo/stories/kim-putin-2023.toml"))
    >>> built.legs.loc[0, ["journey", "mode", "from_id", "to_id"]].tolist()
    ['kim-visit', 'train', 'pyongyang', 'vladivostok']
    """
    config = config or Config()
    if lang or units:
        story = story.model_copy(update={k: v for k, v in (("lang", lang), ("units", units)) if v})
    builder = _Builder(story, gazetteer or Gazetteer.default(config=config), config, rail)
    leg_rows = []
    for ji, journey in enumerate(story.journeys):
        builder.train_at = None  # a journey's first train starts on whatever track it finds
        for li, leg in enumerate(journey.legs):
            try:
                leg_rows.append(builder.leg_row(ji, journey, li, leg))
            except LegmapError as err:
                builder.problems.append(err)
    event_rows = builder.event_rows()
    if builder.problems:
        # One line per problem; the same problem (a broken rail network) once.
        unique: dict[str, LegmapError] = {}
        for problem in builder.problems:
            unique.setdefault(str(problem), problem)
        raise gather(list(unique.values()))
    events = _frame(event_rows, _validate.EVENT_COLUMNS)
    places = _frame(builder.place_rows(), _validate.PLACE_COLUMNS)
    # One longitude frame for the whole story, which maps draw in; the table keeps
    # RFC 7946 lines ([-180, 180], split at the antimeridian): docs/architecture.md.
    lon_0 = _geodesic.central_meridian(
        [*(row["geometry"] for row in leg_rows), *places.geometry, *events.geometry]
    )
    for row in leg_rows:
        row["geometry"] = _geodesic.split_antimeridian(row["geometry"])
    legs = _validate.validate_legs(_frame(leg_rows, _validate.LEG_COLUMNS))
    return BuiltStory(
        story=story,
        legs=legs,
        places=places,
        events=events,
        lang=story.lang,
        units=story.units,
        title=story.text(story.title) or "",
        notices=tuple(builder.notices),
        lon_0=lon_0,
        gauge_breaks=_frame(builder.break_rows, _validate.BREAK_COLUMNS),
        rail_credit=builder.rail_credit(legs),
    )
