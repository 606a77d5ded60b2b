"""Legs to geometry: the builder registry and :func:`build_story`.

Each leg mode has one builder in :data:`MODE_BUILDERS` (as geopy maps service
names to geocoders): trains follow the rail network, flights are densified
geodesic arcs, distance legs measure a stretch and check the story's claim,
and road, sea and unknown legs are geodesic lines flagged as not routed (legmap
invents no road or sea routing).  The result is a :class:`BuiltStory` whose
legs table passes :func:`legmap._validate.validate_legs`.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import geopandas as gpd
import shapely

from legmap import _geodesic, _osm, _validate
from legmap._i18n import format_km, t
from legmap.config import Config
from legmap.errors import LegmapError
from legmap.gazetteer import Gazetteer, Place
from legmap.rail import RailNetwork
from legmap.story import Journey, Leg, Story, parse_claim_km, text_in

__all__ = [
    "MODE_BUILDERS",
    "BuiltStory",
    "LegGeometry",
    "LegRequest",
    "build_story",
    "claim_verdict",
]


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


@dataclass(frozen=True)
class LegRequest:
    """Everything a builder needs for one leg: resolved places and the tools."""

    start: Place
    end: Place
    vias: tuple[Place, ...]
    leg: Leg
    rail: Callable[[], RailNetwork]
    config: Config
    units: str = "km"
    lang: str = "en"


@dataclass(frozen=True)
class LegGeometry:
    """What a builder returns: the line and, for some modes, measurements."""

    geometry: shapely.LineString
    routed: bool
    rail_km: float = math.nan
    claim_km: float = math.nan
    straight_km: float = math.nan
    verdict: str | None = None
    verdict_text: str | None = None


def _straight_line(req: LegRequest) -> shapely.LineString:
    return _geodesic.geodesic_line(req.start.lonlat, req.end.lonlat, step_km=req.config.arc_step_km)


def _build_train(req: LegRequest) -> LegGeometry:
    stops = [req.start, *req.vias, req.end]
    route = req.rail().route(
        [p.lonlat for p in stops], stop_ids=[p.id for p in stops], snap_km=req.config.snap_km
    )
    return LegGeometry(geometry=route.geometry, routed=True, rail_km=route.length_km)


def _build_flight(req: LegRequest) -> LegGeometry:
    return LegGeometry(geometry=_straight_line(req), routed=False)


def _build_unrouted(req: LegRequest) -> LegGeometry:
    # Road, sea and unknown legs: a geodesic line, honestly flagged as not a route.
    return LegGeometry(geometry=_straight_line(req), routed=False)


def claim_verdict(
    claim_km: float, straight_km: float, rail_km: float | None, *, tolerance: float
) -> tuple[str, float]:
    """Compare a claimed distance with the measured ones.

    Returns
    -------
    verdict : str
        ``straight`` or ``rail`` when the claim is within `tolerance` (relative) of
        that distance (the closer one wins), otherwise ``off``.
    error : float
        Relative error of the claim against the closest measured distance.

    Examples
    --------
    >>> verdict, error = claim_verdict(1528.9, 1011.0, 1600.0, tolerance=0.1)
    >>> verdict, round(error, 3)
    ('rail', -0.044)
    >>> claim_verdict(2000.0, 1000.0, None, tolerance=0.1)
    ('off', 1.0)
    """
    candidates = {"straight": straight_km}
    if rail_km is not None and math.isfinite(rail_km):
        candidates["rail"] = rail_km
    errors = {name: (claim_km - km) / km for name, km in candidates.items()}
    best = min(errors, key=lambda name: abs(errors[name]))
    return (best if abs(errors[best]) <= tolerance else "off"), errors[best]


def _build_distance(req: LegRequest) -> LegGeometry:
    line = _straight_line(req)
    straight = float(_geodesic.distance_km(*req.start.lonlat, *req.end.lonlat))
    rail_km = req.rail().distance_km(
        req.start.lonlat,
        req.end.lonlat,
        a_id=req.start.id,
        b_id=req.end.id,
        snap_km=req.config.snap_km,
    )
    rail = math.nan if rail_km is None else float(rail_km)
    if req.leg.claim is None:
        return LegGeometry(geometry=line, routed=False, straight_km=straight, rail_km=rail)
    claim = parse_claim_km(req.leg.claim, units=req.units)
    verdict, error = claim_verdict(
        claim, straight, None if math.isnan(rail) else rail, tolerance=req.config.claim_tolerance
    )
    lang, units = req.lang, req.units
    parts = [
        f"{t('field.claim', lang)} {format_km(claim, units=units, lang=lang)}",
        f"{t('field.straight', lang)} {format_km(straight, units=units, lang=lang)}",
        f"{t('field.rail', lang)} "
        + (t("no_rail", lang) if math.isnan(rail) else format_km(rail, units=units, lang=lang)),
    ]
    if verdict == "off":
        judgement = t("verdict.off", lang, pct=f"{abs(error) * 100:.0f}")
    else:
        judgement = t(f"verdict.{verdict}", lang)
    return LegGeometry(
        geometry=line,
        routed=False,
        claim_km=claim,
        straight_km=straight,
        rail_km=rail,
        verdict=verdict,
        verdict_text=f"{judgement} ({'; '.join(parts)})",
    )


#: Leg mode -> builder.  Adding a mode means adding one function here.
MODE_BUILDERS: dict[str, Callable[[LegRequest], LegGeometry]] = {
    "train": _build_train,
    "flight": _build_flight,
    "distance": _build_distance,
    "road": _build_unrouted,
    "sea": _build_unrouted,
    "unknown": _build_unrouted,
}


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
