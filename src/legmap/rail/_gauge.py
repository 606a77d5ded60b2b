"""Track gauge: how an edge stores it, and where a route's train must change it.

An edge's ``gauge`` column is text: the gauges the track carries, in mm,
ascending, joined by ``/`` (``"1520"``; ``"1435/1520"`` for dual-gauge track,
which carries trains of either gauge), or None when unknown (an OpenStreetMap
way without a ``gauge=*`` tag, a join between two networks).  Text keeps one
simple column through GeoPackage, GeoJSON and QGIS.

A route changes gauge where the track stops carrying the gauge the train has
run on since its last change (or its start): the train runs on dual-gauge
track as long as one of its gauges is there, and its bogies are changed at the
station where the next track has none of them (:func:`gauge_breaks`).  On a
dual-gauge border stretch that is the station at its far end in the direction
of travel: Khasan going north from Pyongyang (1,435 -> 1,520 mm), Erenhot
going south from Ulaanbaatar (1,520 -> 1,435 mm).  Gauges within
:data:`COMPATIBLE_MM` of each other run the same trains (1,520 and 1,524 mm:
Russia and Finland).  Track of unknown gauge is no evidence either way: a
change across it is placed where the next known gauge begins.

Examples
--------
>>> parse_gauge([1520, 1435]), gauge_text((1435, 1520)), format_gauge((1435,))
((1435, 1520), '1435/1520', '1,435 mm')
>>> [(b.index, b.from_gauge, b.to_gauge) for b in gauge_breaks([(1435,), (1435, 1520), (1520,)])]
[(2, (1435,), (1520,))]
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = [
    "COMPATIBLE_MM",
    "GaugeBreak",
    "GaugeChange",
    "format_gauge",
    "gauge_breaks",
    "gauge_run",
    "gauge_text",
    "parse_gauge",
    "parse_osm_gauge",
]

#: Gauges this close (mm) run the same trains: 1,520 (Russia) and 1,524 (Finland).
COMPATIBLE_MM = 5
_MIN_MM, _MAX_MM = 300, 2000  # anything outside is not a railway gauge in mm

Gauge = tuple[int, ...]


def parse_gauge(value: object) -> Gauge:
    """Gauges (mm, ascending) from an int, a list of ints or text such as ``"1435/1520"``.

    None, NaN and ``""`` are unknown: ``()``.

    Raises
    ------
    ValueError
        Not a whole number of mm between 300 and 2,000, or a list of them.

    Examples
    --------
    >>> parse_gauge(1520), parse_gauge("1435/1520"), parse_gauge(None)
    ((1520,), (1435, 1520), ())
    >>> parse_gauge("metre")
    Traceback (most recent call last):
    ...
    ValueError: gauge 'metre' is not a track gauge in mm (300-2000) or a list of them
    """
    if value is None or (isinstance(value, float) and math.isnan(value)) or value == "":
        return ()
    items: list[object]
    if isinstance(value, str):
        items = [x.strip() for x in value.split("/")]
    elif isinstance(value, list | tuple):
        items = list(value)
    else:
        items = [value]
    out = set()
    for item in items:
        mm = _mm(item)
        if mm is None:
            shown = value if isinstance(value, str | int | float) else list(items)
            msg = (
                f"gauge {shown!r} is not a track gauge in mm ({_MIN_MM}-{_MAX_MM}) "
                "or a list of them"
            )
            raise ValueError(msg)
        out.add(mm)
    return tuple(sorted(out))


def _mm(item: object) -> int | None:
    if isinstance(item, bool):
        return None
    if isinstance(item, str):
        item = item.strip()
        if not item.isdigit():
            return None
        item = int(item)
    if isinstance(item, float) and item.is_integer():
        item = int(item)
    if isinstance(item, int) and _MIN_MM <= item <= _MAX_MM:
        return item
    return None


_OSM_SPLIT = re.compile(r"[;/]")


def parse_osm_gauge(tag: str | None) -> Gauge:
    """The gauges of an OpenStreetMap ``gauge=*`` tag; ``()`` when missing or not in mm.

    Examples
    --------
    >>> parse_osm_gauge("1520;1435"), parse_osm_gauge("1 435"), parse_osm_gauge("standard")
    ((1435, 1520), (1435,), ())
    """
    if not tag:
        return ()
    parts = [p.replace(" ", "").replace(",", "") for p in _OSM_SPLIT.split(tag)]
    values = [_mm(p) for p in parts]
    if any(v is None for v in values):
        return ()
    return tuple(sorted({v for v in values if v is not None}))


def gauge_text(gauge: Gauge) -> str | None:
    """The ``gauge`` column's text: ``"1435/1520"``, or None when unknown."""
    return "/".join(str(g) for g in gauge) if gauge else None


def format_gauge(gauge: Gauge) -> str:
    """For people: ``1,435 mm``, ``1,435/1,520 mm`` (dual), ``unknown gauge``."""
    if not gauge:
        return "unknown gauge"
    return "/".join(f"{g:,}" for g in gauge) + " mm"


def _compatible(a: int, b: int) -> bool:
    return abs(a - b) <= COMPATIBLE_MM


@dataclass(frozen=True)
class GaugeChange:
    """A change of gauge along a sequence of edges: before edge `index`.

    ``from_gauge`` is what the train ran on (one gauge, or more when it started
    on dual-gauge track and met none of them since), ``to_gauge`` the next track's.
    """

    index: int
    from_gauge: Gauge
    to_gauge: Gauge


def gauge_breaks(edge_gauges: Sequence[Gauge], *, start: Gauge = ()) -> list[GaugeChange]:
    """Where a train running over edges of these gauges, in order, must change gauge.

    See the module docstring for the rule; ``()`` (unknown) edges are skipped.
    `start` is the gauge the train arrives on (the end of its previous leg:
    :func:`gauge_run`); a change before the first edge has index 0.

    Examples
    --------
    >>> # Pyongyang -> Rajin (1435), Rajin -> Khasan (dual), Khasan -> Ussuriysk (1520)
    >>> gauge_breaks([(1435,), (1435, 1520), (1435, 1520), (1520,)])
    [GaugeChange(index=3, from_gauge=(1435,), to_gauge=(1520,))]
    >>> gauge_breaks([(1520,)], start=(1435,))  # arrived at Khasan on 1,435 mm
    [GaugeChange(index=0, from_gauge=(1435,), to_gauge=(1520,))]
    >>> gauge_breaks([(1520,), (1524,), (), (1520,)])  # Russia - Finland: no change
    []
    """
    return gauge_run(edge_gauges, start=start)[0]


def gauge_run(
    edge_gauges: Sequence[Gauge], *, start: Gauge = ()
) -> tuple[list[GaugeChange], Gauge]:
    """:func:`gauge_breaks`, and the gauge the train is on at the end (``()``: unknown).

    Examples
    --------
    >>> gauge_run([(1435, 1520), (1520,)])
    ([], (1520,))
    """
    out: list[GaugeChange] = []
    current: Gauge = start
    for k, gauge in enumerate(edge_gauges):
        if not gauge:
            continue
        if not current:
            current = gauge
            continue
        kept = tuple(g for g in gauge if any(_compatible(g, c) for c in current))
        if kept:
            current = kept
        else:
            out.append(GaugeChange(k, current, gauge))
            current = gauge
    return out, current


@dataclass(frozen=True)
class GaugeBreak:
    """A change of gauge on a route: where, and from which gauge to which.

    Attributes
    ----------
    node : str
        The node id where the bogies are changed.
    name : str
        Its station name (or ``near`` the nearest station, for a track node).
    lon, lat : float
        Where it is.
    from_gauge, to_gauge : tuple of int
        Gauges in mm before and after.

    Examples
    --------
    >>> str(GaugeBreak("khasan", "Khasan", 130.645, 42.428, (1435,), (1520,)))
    'Khasan: 1,435 -> 1,520 mm'
    """

    node: str
    name: str
    lon: float
    lat: float
    from_gauge: Gauge
    to_gauge: Gauge

    def __str__(self) -> str:
        before = format_gauge(self.from_gauge).removesuffix(" mm")
        return f"{self.name}: {before} -> {format_gauge(self.to_gauge)}"
