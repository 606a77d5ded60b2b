"""The leg builders: one function per leg mode, looked up in :data:`MODE_BUILDERS`.

As geopy maps service names to geocoders, each leg mode has one builder: trains
follow the rail network, flights are densified geodesic arcs, distance legs
measure a stretch and check the story's claim, and road, sea and unknown legs
are geodesic lines flagged as not routed (legmap invents no road or sea
routing).  A builder takes a :class:`LegRequest` (resolved places and the tools)
and returns a :class:`LegGeometry`; :mod:`legmap.legs.build` assembles them.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable
from dataclasses import dataclass, replace

import shapely

from legmap import _geodesic
from legmap._i18n import format_km, t
from legmap.config import Config
from legmap.errors import RouteError
from legmap.places.place import Place
from legmap.rail.network import GaugeBreak, RailGap, RailNetwork, RailRoute, access_limit_km
from legmap.story import Leg, parse_claim_km

__all__ = ["MODE_BUILDERS", "LegGeometry", "LegRequest", "claim_verdict"]


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
    #: The gauge (mm) the train arrives on: the end of the journey's previous train leg.
    gauge: tuple[int, ...] = ()


@dataclass(frozen=True)
class LegGeometry:
    """What a builder returns: the line and, for some modes, measurements.

    `rail_km` includes the access stretches `access_from_km` and `access_to_km`
    (place to station, geodesic; 0 when the place is at its station).  `gap`
    says why a train or distance leg has no rail route (the train is then drawn
    as a geodesic line, ``routed`` False).  `gauge_breaks` are where a routed
    train changes gauge, `end_gauge` the gauge it ends on (for the next leg).
    """

    geometry: shapely.LineString
    routed: bool
    rail_km: float = math.nan
    claim_km: float = math.nan
    straight_km: float = math.nan
    verdict: str | None = None
    verdict_text: str | None = None
    access_from_km: float = math.nan
    access_to_km: float = math.nan
    gap: RailGap | None = None
    notes: tuple[str, ...] = ()
    gauge_breaks: tuple[GaugeBreak, ...] = ()
    end_gauge: tuple[int, ...] = ()


def _straight_line(req: LegRequest) -> shapely.LineString:
    return _geodesic.geodesic_line(req.start.lonlat, req.end.lonlat, step_km=req.config.arc_step_km)


def _trip(
    req: LegRequest, stops: list[Place], *, gauge: tuple[int, ...] = ()
) -> RailRoute | RailGap:
    return req.rail().trip(
        stops, snap_km=req.config.snap_km, access_km=req.config.access_km, gauge=gauge
    )


def _build_train(req: LegRequest) -> LegGeometry:
    stops = [req.start, *req.vias, req.end]
    trip = _trip(req, stops, gauge=req.gauge)
    if isinstance(trip, RailGap):
        # Off the network: drawn, honestly, as a geodesic line through the stops.
        pieces = [
            _geodesic.geodesic_line(a.lonlat, b.lonlat, step_km=req.config.arc_step_km)
            for a, b in itertools.pairwise(stops)
        ]
        coords = [pieces[0].coords[0], *(xy for piece in pieces for xy in piece.coords[1:])]
        return LegGeometry(geometry=shapely.LineString(coords), routed=False, gap=trip)
    return LegGeometry(
        geometry=trip.geometry,
        routed=True,
        rail_km=trip.length_km,
        access_from_km=trip.access_km[0],
        access_to_km=trip.access_km[1],
        notes=_access_notes(req, trip) + _via_notes(req, trip),
        gauge_breaks=trip.gauge_breaks,
        end_gauge=trip.end_gauge,
    )


def _access_notes(req: LegRequest, route: RailRoute) -> tuple[str, ...]:
    """One sentence per access stretch of a route (English: for ``legmap check``)."""
    net = req.rail()
    ends = (
        (req.start, route.station_ids[0], route.access_km[0]),
        (req.end, route.station_ids[-1], route.access_km[1]),
    )
    return tuple(
        f"{place.name()} is {format_km(km)} from its station, {net.station_name(node)}: "
        "that stretch is drawn as a straight line and counted in the rail distance"
        for place, node, km in ends
        if km > 0
    )


def _via_notes(req: LegRequest, route: RailRoute) -> tuple[str, ...]:
    """One sentence per `via` place beyond its access limit from the station the train passes.

    The train goes through that station, not to the place: the stretch between
    them is neither drawn nor counted, and the reader should know it.
    """
    net = req.rail()
    notes = []
    for k, place in enumerate(req.vias, start=1):
        node, km = route.snapped[k]
        if km > access_limit_km(place, base_km=req.config.access_km):
            notes.append(
                f"via {place.name()}: the train passes {net.station_name(node)}, "
                f"{format_km(km)} away; that stretch is neither drawn nor counted "
                "in the rail distance"
            )
    return tuple(notes)


def _build_flight(req: LegRequest) -> LegGeometry:
    return LegGeometry(geometry=_straight_line(req), routed=False)


def _build_unrouted(req: LegRequest) -> LegGeometry:
    # Road, sea and unknown legs: a geodesic line, honestly flagged as not a route.
    return LegGeometry(geometry=_straight_line(req), routed=False)


def claim_verdict(
    claim_km: float, straight_km: float, rail_km: float | None, *, tolerance: float
) -> tuple[str, float]:
    """Compare a claimed distance with the measured ones.

    Only measured distances above zero take part: a rail distance of 0 km (two
    places that snap to one station) says nothing about a claim.

    Returns
    -------
    verdict : str
        ``straight`` or ``rail`` when the claim is within `tolerance` (relative) of
        that distance (the closer one wins), otherwise ``off``.
    error : float
        Relative error of the claim against the closest measured distance.

    Raises
    ------
    ValueError
        The claim is not a finite positive number, or no measured distance is
        above zero (the two places are at the same spot).

    Examples
    --------
    >>> verdict, error = claim_verdict(1528.9, 1011.0, 1600.0, tolerance=0.1)
    >>> verdict, round(error, 3)
    ('rail', -0.044)
    >>> claim_verdict(2000.0, 1000.0, None, tolerance=0.1)
    ('off', 1.0)
    >>> claim_verdict(30.0, 12.0, 0.0, tolerance=0.1)  # rail 0 km: not compared
    ('off', 1.5)
    """
    if not (math.isfinite(claim_km) and claim_km > 0):
        raise ValueError(f"a claim must be a finite positive distance, not {claim_km!r}")
    candidates = {
        name: float(km)
        for name, km in (("straight", straight_km), ("rail", rail_km))
        if km is not None and math.isfinite(km) and km > 0
    }
    if not candidates:
        raise ValueError("no measured distance above 0 km to compare the claim with")
    errors = {name: (claim_km - km) / km for name, km in candidates.items()}
    best = min(errors, key=lambda name: abs(errors[name]))
    return (best if abs(errors[best]) <= tolerance else "off"), errors[best]


def _build_distance(req: LegRequest) -> LegGeometry:
    line = _straight_line(req)
    straight = float(_geodesic.distance_km(*req.start.lonlat, *req.end.lonlat))
    trip = _trip(req, [req.start, req.end])
    gap = trip if isinstance(trip, RailGap) else None
    rail = math.nan if isinstance(trip, RailGap) else trip.length_km
    access = (math.nan, math.nan) if isinstance(trip, RailGap) else trip.access_km
    notes = () if isinstance(trip, RailGap) else _access_notes(req, trip)
    measured = LegGeometry(
        geometry=line, routed=False, straight_km=straight, rail_km=rail,
        access_from_km=access[0], access_to_km=access[1], gap=gap, notes=notes,
    )  # fmt: skip
    if req.leg.claim is None:
        return measured
    if not straight > 0:
        msg = (
            f"{req.start.name('en')!r} and {req.end.name('en')!r} are at the same spot "
            "(0 km apart): there is no distance to check the claim against"
        )
        raise RouteError(msg)
    try:
        claim = parse_claim_km(req.leg.claim, units=req.units)
    except ValueError as err:  # a Leg built in code, not parsed from a story
        raise RouteError(str(err)) from None
    verdict, error = claim_verdict(
        claim, straight, None if math.isnan(rail) else rail, tolerance=req.config.claim_tolerance
    )
    lang, units = req.lang, req.units
    parts = [
        f"{t('field.claim', lang)} {format_km(claim, units=units, lang=lang)}",
        f"{t('field.straight', lang)} {format_km(straight, units=units, lang=lang)}",
        f"{t('field.rail', lang)} "
        + (_no_rail(gap, lang) if math.isnan(rail) else format_km(rail, units=units, lang=lang)),
    ]
    if verdict == "off":
        judgement = t("verdict.off", lang, pct=f"{abs(error) * 100:.0f}")
    else:
        judgement = t(f"verdict.{verdict}", lang)
    return replace(
        measured, claim_km=claim, verdict=verdict, verdict_text=f"{judgement} ({'; '.join(parts)})"
    )


def _no_rail(gap: RailGap | None, lang: str) -> str:
    # No station near a place: the network does not cover it ("no rail data");
    # stations with no path between them: "no rail connection".
    return t("no_rail_data" if gap is not None and gap.reason == "no_station" else "no_rail", lang)


#: Leg mode -> builder.  Adding a mode means adding one function here.
MODE_BUILDERS: dict[str, Callable[[LegRequest], LegGeometry]] = {
    "train": _build_train,
    "flight": _build_flight,
    "distance": _build_distance,
    "road": _build_unrouted,
    "sea": _build_unrouted,
    "unknown": _build_unrouted,
}
