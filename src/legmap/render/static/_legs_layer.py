"""The legs layer of a static map: legs projected, spread where they share a path, drawn.

Each leg is drawn in its style (:func:`legmap.render.static._legend.leg_lines`),
with its arrowhead or end bars, measuring lines under routes and the least
certain routes first (:mod:`._bulk` for big stories); distance legs also get
their measurement labels.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import shapely
from matplotlib.patches import FancyArrowPatch

from legmap.render.static._bulk import draw_routes
from legmap.render.static._labels import LabelRequest
from legmap.render.static._legend import PX_TO_PT, leg_lines
from legmap.render.static._marks import distance_text
from legmap.render.static._offsets import offset_lines
from legmap.render.static._text import has_rtl
from legmap.render.style import CERTAINTIES

if TYPE_CHECKING:
    from legmap.render.static._map import MapState

__all__ = ["distance_labels", "draw_legs"]


def _projected_legs(m: MapState) -> list[np.ndarray]:
    """Every leg in the map's projection, simplified to half a point."""
    if not len(m.legs):
        return []
    # Every leg in one projection call (one transformer for the whole map).
    dense = shapely.segmentize(np.asarray(m.leg_geoms, dtype=object), 0.25)
    xy, index = shapely.get_coordinates(dense, return_index=True)
    x, y = m.frame.forward(xy[:, 0], xy[:, 1])
    lines = shapely.linestrings(np.column_stack([x, y]), indices=index)
    # Rail detail finer than half a point only makes offset lines ragged.
    lines = shapely.simplify(lines, m.pt_to_m(0.5), preserve_topology=True)
    return [shapely.get_coordinates(line) for line in lines]


def draw_legs(m: MapState) -> None:
    """Every leg, side by side where legs share a path (sets ``m.leg_xy``, ``m.drawn_xy``)."""
    m.leg_xy = _projected_legs(m)
    theme = m.theme
    pairs = zip(m.legs["mode"], m.legs["certainty"], strict=True)
    widths = [theme.leg_style(mode, c).weight for mode, c in pairs]
    spacing = m.pt_to_m(max(widths, default=3.0) * PX_TO_PT + 2.5)
    drawn = offset_lines(m.leg_xy, spacing)
    rank = {c: i for i, c in enumerate(CERTAINTIES)}
    legs = m.legs

    # Measuring lines under routes; within routes the least certain first.
    keys = [(mode != "distance", -rank.get(cert, 0), i) for i, (mode, cert)
            in enumerate(zip(legs["mode"], legs["certainty"], strict=True))]  # fmt: skip
    order = [i for *_, i in sorted(keys)]
    m.drawn_xy = drawn
    styles = [theme.leg_style(mode, c) for mode, c in zip(legs["mode"], legs["certainty"],
                                                          strict=True)]  # fmt: skip
    colours = [m.colours[j] for j in legs["journey"]]
    if m.big:  # routes in a few collections, over the measuring lines
        routes = [i for i in order if keys[i][0]]
        draw_routes(m.ax, [drawn[i] for i in routes], [styles[i] for i in routes],
                    [colours[i] for i in routes], zorder=15.0,
                    pt_to_data=m.pt_to_m)  # fmt: skip
        order = [i for i in order if not keys[i][0]]
    # Legs stack between zorder 10 and 19 (markers at 22, labels at 30).
    step = 9.0 / max(len(order), 1)
    for z, i in enumerate(order):
        style, colour, xy = styles[i], colours[i], drawn[i]
        base = 10.0 + z * step
        for line in leg_lines(xy[:, 0], xy[:, 1], style, colour, zorder=base,
                              zstep=step / 4):  # fmt: skip
            m.ax.add_line(line)
        if style.arrow and len(xy) > 2:
            _arrow(m, xy, style.colour or colour, style.weight * PX_TO_PT, base + step * 0.75)
        if style.end_bars:
            _end_bars(m, xy, style.colour or colour, base + step * 0.75)


def _arrow(m: MapState, xy: np.ndarray, colour: str, width: float, zorder: float) -> None:
    # Head at ~96% of the line so it stops short of the destination's marker.
    seg = np.cumsum(np.r_[0.0, np.hypot(*np.diff(xy, axis=0).T)])
    tip = np.array([np.interp(seg[-1] * 0.965, seg, xy[:, k]) for k in (0, 1)])
    tail = np.array([np.interp(seg[-1] * 0.94, seg, xy[:, k]) for k in (0, 1)])
    m.ax.add_patch(FancyArrowPatch(
        tuple(tail), tuple(tip), arrowstyle="-|>", mutation_scale=width * 3.4 + 4,
        color=colour, linewidth=0, shrinkA=0, shrinkB=0, zorder=zorder))  # fmt: skip


def _end_bars(m: MapState, xy: np.ndarray, colour: str, zorder: float) -> None:
    half = m.pt_to_m(4.5)
    for end, nxt in ((xy[0], xy[min(3, len(xy) - 1)]), (xy[-1], xy[max(-4, -len(xy))])):
        d = nxt - end
        d = d / (np.hypot(*d) or 1.0)
        n = np.array([-d[1], d[0]]) * half
        m.ax.plot([end[0] - n[0], end[0] + n[0]], [end[1] - n[1], end[1] + n[1]],
                  color=colour, lw=1.3, solid_capstyle="butt", zorder=zorder)  # fmt: skip


def distance_labels(m: MapState) -> list[LabelRequest]:
    """Short measurement labels of distance legs, beside the measuring line."""
    reqs = []
    distance = m.legs[m.legs["mode"] == "distance"] if len(m.legs) else m.legs
    for i, leg in distance.iterrows():
        text = distance_text(leg, lang=m.kit.lang, units=m.units)
        if not text:
            continue
        xy = m.drawn_xy[int(str(i))]
        seg = np.cumsum(np.r_[0.0, np.hypot(*np.diff(xy, axis=0).T)])
        # The middle first, then other stretches of the line (in the frame).
        at = [(float(np.interp(seg[-1] * f, seg, xy[:, 0])),
               float(np.interp(seg[-1] * f, seg, xy[:, 1])))
              for f in (0.5, 0.4, 0.6, 0.3, 0.7)]  # fmt: skip
        at = [p for p in at if m.inside(p, margin=0.02)]
        if not at:  # the measuring line runs outside the main frame
            continue
        # Arabic has no italic; slanted fallback faces also lack its glyphs.
        style = "normal" if has_rtl(text) else "italic"
        reqs.append(LabelRequest(at[0], m.kit.text(text), 15.0, size=m.pt(7.0),
                                 required=True,
                                 gap_pt=6.0, colour="#333333", style=style,
                                 alternatives=tuple(at[1:])))  # fmt: skip
    return reqs
