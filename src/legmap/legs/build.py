"""A story to geometry: :func:`build_story` and the :class:`BuiltStory` it returns.

It resolves every place of the story once (story-local places, then the
gazetteer), hands each leg to its builder in
:data:`legmap.legs.builders.MODE_BUILDERS`, and assembles the legs, places and
events tables; the legs table passes :func:`legmap.legs._validate.validate_legs`
before any renderer sees it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import geopandas as gpd
import shapely

from legmap import _geodesic
from legmap.config import Config
from legmap.errors import LegmapError
from legmap.legs import _validate
from legmap.legs.builders import MODE_BUILDERS, LegRequest
from legmap.places.gazetteer import Gazetteer
from legmap.places.place import Place
from legmap.rail import _osm
from legmap.rail.network import RailNetwork
from legmap.story import Journey, Leg, Story, text_in

__all__ = ["BuiltStory", "build_story"]


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
    """

    story: Story
    legs: gpd.GeoDataFrame
    places: gpd.GeoDataFrame
    events: gpd.GeoDataFrame
    lang: str
    units: str
    title: str


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
        if self.rail_path() is not None:
            # An imported network's stations become places (after the curated
            # ones, before the story's own), so legs can name them.
            gazetteer = gazetteer.with_places(_osm.stations_as_places(self.rail()))
        self.gazetteer = gazetteer.with_places(_story_places(story))
        self.lang = story.lang
        self.units = story.units
        self.used: dict[str, tuple[Place, str]] = {}

    def rail_path(self) -> Path | None:
        """The network asked for: ``--rail`` beats the story's ``rail``; None is embedded."""
        return self.config.rail or self.story.rail_path()

    def rail(self) -> RailNetwork:
        # Loaded on first use: a story without train or distance legs never pays for it.
        if self._rail is None:
            try:
                self._rail = RailNetwork.load(self.rail_path())
            except LegmapError as err:
                if self.config.rail is not None:  # --rail: not the story's fault
                    raise
                raise err.located(file=self.file, spot="rail") from None
        return self._rail

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
        req = LegRequest(
            start=start, end=end, vias=vias, leg=leg, rail=self.rail,
            config=self.config, units=self.units, lang=self.lang,
        )  # fmt: skip
        try:
            built = MODE_BUILDERS[leg.mode](req)
        except LegmapError as err:
            raise err.located(file=self.file, spot=spot) from None
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
            "verdict": built.verdict,
            "verdict_text": built.verdict_text,
            "geometry": built.geometry,
        }

    def event_rows(self) -> list[dict[str, Any]]:
        rows = []
        for ei, event in enumerate(self.story.events):
            place = self.place(event.place, f"events[{ei}].place", "event")
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
    leg_rows = [
        builder.leg_row(ji, journey, li, leg)
        for ji, journey in enumerate(story.journeys)
        for li, leg in enumerate(journey.legs)
    ]
    events = _frame(builder.event_rows(), _validate.EVENT_COLUMNS)
    legs = _validate.validate_legs(_frame(leg_rows, _validate.LEG_COLUMNS))
    return BuiltStory(
        story=story,
        legs=legs,
        places=_frame(builder.place_rows(), _validate.PLACE_COLUMNS),
        events=events,
        lang=story.lang,
        units=story.units,
        title=story.text(story.title) or "",
    )
