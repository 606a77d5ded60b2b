"""The places layer of a static map: the places shown at its scale and their markers.

Which places show (the more important of two that would overlap keeps both
their events), their markers and numbered event badges (:mod:`._marks`), the
gauge-change marks, and the requests for their name labels
(:mod:`._labels` places them).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
from matplotlib.transforms import Bbox

from legmap.render.static._labels import LabelRequest
from legmap.render.static._legend import PX_TO_PT
from legmap.render.static._marks import draw_badges, draw_gauge_breaks
from legmap.render.static._text import latin_name
from legmap.render.style import DEFAULT_PLACE_STYLE, PLACE_KIND_STYLES

if TYPE_CHECKING:
    from legmap.render.static._map import MapState

__all__ = [
    "draw_gauge_marks", "draw_places", "gauge_breaks", "label_requests", "marker_boxes",
    "place_rows",
]  # fmt: skip


def place_rows(m: MapState) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Places shown at this scale, with priorities and the events they carry.

    A place hidden under a more important neighbour hands its events to it
    (a venue inside a city on a continental map).  Second, the places outside
    the frame (the locator inset's).
    """
    legs = m.legs
    uses: dict[str, int] = {}
    for col in ("from_id", "to_id"):
        for pid in legs.get(col, []):
            uses[pid] = uses.get(pid, 0) + 1
    events_at: dict[str, list[int]] = {}
    for k, pid in enumerate(m.events.get("place_id", [])):
        events_at.setdefault(str(pid), []).append(k + 1)  # numbered as on the HTML map
    kind_rank = {"city": 6, "spaceport": 5, "airport": 3, "venue": 3, "port": 3,
                 "station": 2, "border-crossing": 2}  # fmt: skip
    rows = []
    for _, place in m.places.iterrows():
        pid = str(place["id"])
        x, y = m.frame.forward(np.array([place.geometry.x]), np.array([place.geometry.y]))
        prio = 10.0 * uses.get(pid, 0) + kind_rank.get(str(place["kind"]), 1)
        prio += 4.0 * len(events_at.get(pid, []))
        rows.append({"id": pid, "place": place, "xy": (float(x[0]), float(y[0])),
                     "priority": prio, "events": list(events_at.get(pid, []))})  # fmt: skip
    rows.sort(key=lambda r: (-r["priority"], r["id"]))
    kept: list[dict[str, Any]] = []
    radius = m.pt_to_m(9.0)
    outside = [row for row in rows if not m.inside(row["xy"])]  # the inset's
    for row in rows:
        if not m.inside(row["xy"]):
            continue
        near = [k for k in kept if np.hypot(row["xy"][0] - k["xy"][0],
                                            row["xy"][1] - k["xy"][1]) < radius]  # fmt: skip
        if near:  # hidden under a more important neighbour at this scale
            near[0]["events"] = sorted(near[0]["events"] + row["events"])
            continue
        kept.append(row)
    return kept, outside


def marker_boxes(m: MapState) -> list[Bbox]:
    """Display boxes of the place markers (before they are drawn)."""
    boxes = []
    px = m.fig.dpi / 72.0
    for row in m.kept:
        style = PLACE_KIND_STYLES.get(str(row["place"]["kind"]), DEFAULT_PLACE_STYLE)
        half = (style.size * PX_TO_PT * 1.15 / 2 + 2) * px
        d = m.ax.transData.transform(row["xy"])
        boxes.append(Bbox([[d[0] - half, d[1] - half], [d[0] + half, d[1] + half]]))
    return boxes


def draw_places(m: MapState, avoid: Sequence[Bbox] = ()) -> list[Bbox]:
    """The kept places' markers and event badges; their display boxes."""
    boxes = marker_boxes(m)
    groups = []
    for row in m.kept:
        style = PLACE_KIND_STYLES.get(str(row["place"]["kind"]), DEFAULT_PLACE_STYLE)
        size = style.size * PX_TO_PT * 1.15
        x, y = row["xy"]
        m.ax.plot(x, y, marker=style.symbol, ms=size, mfc=style.colour, mec="white",
                  mew=1.0, zorder=22)  # fmt: skip
        groups.append((row["xy"], size / 2, row["events"]))
    return boxes + draw_badges(m.ax, groups, obstacles=[*boxes, *avoid],
                               families=m.kit.families, rtl=m.kit.rtl)  # fmt: skip


def label_requests(m: MapState) -> list[LabelRequest]:
    """Name labels of the kept places (the major ones bold and required)."""
    reqs = []
    for row in m.kept:
        name = m.kit.text(str(row["place"]["name"]), latin=latin_name(row["id"]))
        major = row["priority"] >= 10
        reqs.append(LabelRequest(row["xy"], name, row["priority"],
                                 size=m.pt(9.0 if major else 7.8),
                                 weight="bold" if major else "normal",
                                 gap_pt=9.0 if major else 8.0, required=major))  # fmt: skip
    return reqs


def gauge_breaks(m: MapState) -> list[tuple[float, float]]:
    """Where trains change gauge (``BuiltStory.gauge_breaks``), in map units."""
    table = getattr(m.built, "gauge_breaks", None)
    if table is None or not len(table):
        return []
    lon = np.array([m.story_frame.lon(p.x) for p in table.geometry])
    x, y = m.frame.forward(lon, np.array([p.y for p in table.geometry]))
    points = [(float(a), float(b)) for a, b in zip(x, y, strict=True)]
    return [p for p in points if m.inside(p)]


def draw_gauge_marks(m: MapState) -> list[Bbox]:
    """The gauge-change marks, clear of the place markers; their display boxes."""
    places = [(row["xy"], PLACE_KIND_STYLES.get(str(row["place"]["kind"]),
                                                DEFAULT_PLACE_STYLE).size * PX_TO_PT * 0.6)
              for row in m.kept]  # fmt: skip
    return draw_gauge_breaks(m.ax, gauge_breaks(m), places)
