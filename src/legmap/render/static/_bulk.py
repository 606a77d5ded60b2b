"""Big stories on static maps: every route in a few collections, not an artist per leg.

Above :data:`legmap.render.style.BIG_STORY_LEGS` legs the static renderer draws
routes as three :class:`~matplotlib.collections.LineCollection` (white casings,
railway ties, the coloured lines, in that order, each leg in the same style as
:func:`legmap.render.static._legend.leg_lines` draws it) and the flights'
arrowheads as one :class:`~matplotlib.collections.PolyCollection`: matplotlib
then draws 10,000 legs in seconds instead of minutes.  Legs keep their order
inside each collection (the least certain first); what changes against the
per-leg drawing is that all casings lie under all lines, the usual look of a
dense network.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection, PolyCollection
from matplotlib.colors import to_rgba

from legmap.render.static._legend import PX_TO_PT, TICK_DASH
from legmap.render.style import LegStyle

__all__ = ["arrowhead", "draw_routes"]


def arrowhead(xy: np.ndarray, size: float) -> np.ndarray:
    """Triangle (3, 2) of a flight's arrowhead: tip at 96.5 % of the line, `size` long.

    Examples
    --------
    >>> arrowhead(np.array([[0.0, 0.0], [100.0, 0.0]]), 4.0).round(1).tolist()
    [[96.5, 0.0], [92.5, 2.0], [92.5, -2.0]]
    """
    seg = np.cumsum(np.r_[0.0, np.hypot(*np.diff(xy, axis=0).T)])
    tip = np.array([np.interp(seg[-1] * 0.965, seg, xy[:, k]) for k in (0, 1)])
    back = np.array([np.interp(seg[-1] * 0.94, seg, xy[:, k]) for k in (0, 1)])
    d = tip - back
    d = d / (np.hypot(*d) or 1.0)
    n = np.array([-d[1], d[0]])
    base = tip - d * size
    return np.array([tip, base + n * size / 2, base - n * size / 2])


def draw_routes(
    ax: Axes,
    lines: Sequence[np.ndarray],
    styles: Sequence[LegStyle],
    colours: Sequence[str],
    *,
    zorder: float,
    pt_to_data: Callable[[float], float],
) -> None:
    """Draw legs (display order, bottom first) as collections at `zorder` and just above."""
    casing: dict[str, list[Any]] = {"segments": [], "linewidths": [], "colors": []}
    ties: dict[str, list[Any]] = {"segments": [], "linewidths": [], "colors": []}
    main: dict[str, list[Any]] = {"segments": [], "linewidths": [], "colors": [],
                                  "linestyles": []}  # fmt: skip
    heads: list[np.ndarray] = []
    head_colours: list[tuple[float, float, float, float]] = []
    for xy, style, journey in zip(lines, styles, colours, strict=True):
        if len(xy) < 2:
            continue
        colour = style.colour or journey
        width = style.weight * PX_TO_PT
        if style.casing:
            casing["segments"].append(xy)
            casing["linewidths"].append(width + 2.2)
            casing["colors"].append(to_rgba("white", min(1.0, style.opacity + 0.1)))
        if style.ticks:
            ties["segments"].append(xy)
            ties["linewidths"].append(width * 2.4)
            ties["colors"].append(to_rgba(colour, style.opacity))
        main["segments"].append(xy)
        main["linewidths"].append(width)
        main["colors"].append(to_rgba(colour, style.opacity))
        dash = tuple(d * PX_TO_PT for d in style.dash) if style.dash else None
        main["linestyles"].append((0, dash) if dash else "solid")
        if style.arrow and len(xy) > 2:
            heads.append(arrowhead(xy, pt_to_data(width * 3.4 + 4) * 0.4))
            head_colours.append(to_rgba(colour, 1.0))
    layers: list[tuple[dict[str, list[Any]], dict[str, Any]]] = [
        (casing, {"capstyle": "round", "joinstyle": "round"}),
        (ties, {"linestyles": [(0, TICK_DASH)], "capstyle": "butt"}),
        (main, {"capstyle": "round", "joinstyle": "round"}),
    ]
    for z, (kw, extra) in enumerate(layers):
        if kw["segments"]:
            ax.add_collection(LineCollection(**kw, **extra, zorder=zorder + 0.1 * z),
                              autolim=False)  # fmt: skip
    if heads:
        ax.add_collection(PolyCollection(heads, facecolors=head_colours, edgecolors="none",
                                         zorder=zorder + 0.3), autolim=False)  # fmt: skip
