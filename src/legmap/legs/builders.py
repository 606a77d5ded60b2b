"""The leg builders: one function per leg mode, looked up in :data:`MODE_BUILDERS`.

As geopy maps service names to geocoders, each leg mode has one builder: trains
follow the rail network, flights are densified geodesic arcs, distance legs
measure a stretch and check the story's claim, and road, sea and unknown legs
are geodesic lines flagged as not routed (legmap invents no road or sea
routing).  A builder takes a :class:`LegRequest` (resolved places and the tools)
and returns a :class:`LegGeometry`; :mod:`legmap.legs.build` assembles them.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import shapely

from legmap import _geodesic
from legmap._i18n import format_km, t
from legmap.config import Config
from legmap.places.place import Place
from legmap.rail.network import RailNetwork
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
