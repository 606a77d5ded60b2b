"""Place labels that do not overlap: greedy placement on candidate positions.

Cartographers put a point label in one of eight positions around its symbol
(right first, then left, above, below, the diagonals).  Labels are placed in
priority order; each takes the first free position that stays inside the map,
clear of earlier labels and markers and crossing as little route line as possible
(measured as the length of line under the label, so straight flight arcs with
few vertices count as much as dense rail lines).
When the ring next to the symbol is full, a second, farther ring with a thin
leader line is tried; a low-priority label with no room is dropped rather than
overlapping.  Deterministic, unlike force-directed repelling.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any

import matplotlib.patheffects as pe
import numpy as np
import shapely
from matplotlib.axes import Axes
from matplotlib.backend_bases import RendererBase
from matplotlib.text import Text
from matplotlib.transforms import Bbox

__all__ = ["LabelRequest", "add_halo", "place_labels"]


# (dx, dy) unit offsets, ha, va: right, left, above, below, then diagonals.
_POSITIONS = (
    (1.0, 0.0, "left", "center"),
    (-1.0, 0.0, "right", "center"),
    (0.0, 1.0, "center", "bottom"),
    (0.0, -1.0, "center", "top"),
    (0.8, 0.8, "left", "bottom"),
    (-0.8, 0.8, "right", "bottom"),
    (0.8, -0.8, "left", "top"),
    (-0.8, -0.8, "right", "top"),
)
_CROSS_COST = 0.4  # per point of route line under a label


@dataclass
class LabelRequest:
    """One label to place.

    Attributes
    ----------
    xy : tuple of float
        The symbol's position in data (projected) coordinates.
    text : str
        Shaped text, possibly several lines.
    priority : float
        Higher is placed first and never dropped if ``required``.
    size : float
        Font size in points.
    weight : str
        Font weight.
    gap_pt : float
        Distance between symbol centre and label, in points.
    required : bool
        Place it even if every position collides (least bad one).
    colour : str
        Text colour.
    style : str
        Font style (``italic`` for measurements).
    alternatives : tuple of tuple of float
        Further anchor points, tried after `xy` at a small cost each (points
        along a measuring line, so its label can slide to a free stretch).
    """

    xy: tuple[float, float]
    text: str
    priority: float
    size: float = 8.5
    weight: str = "normal"
    gap_pt: float = 6.0
    required: bool = False
    colour: str = "#1a1a1a"
    style: str = "normal"
    alternatives: tuple[tuple[float, float], ...] = ()


def _overlaps(box: Bbox, boxes: list[Bbox]) -> bool:
    return any(box.overlaps(other) for other in boxes)


def place_labels(
    ax: Axes,
    renderer: RendererBase,
    requests: list[LabelRequest],
    *,
    families: list[str],
    rtl: bool,
    obstacles: list[Bbox],
    lines: list[np.ndarray],
) -> list[Text]:
    """Add the labels of `requests` to `ax` without overlaps; return the Text artists.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        The map axes (limits already set).
    renderer : matplotlib.backend_bases.RendererBase
        For measuring text.
    requests : list of LabelRequest
        The labels, any order.
    families : list of str
        Font families.
    rtl : bool
        Prefer positions left of the symbol (right-to-left reading).
    obstacles : list of matplotlib.transforms.Bbox
        Display-space boxes labels must not cover (markers, legend, scale bar).
    lines : list of numpy.ndarray
        (n, 2) display-space polylines of the legs; crossing them is allowed
        but costs, by the length of line under the label.

    Returns
    -------
    list of matplotlib.text.Text
        The labels drawn (dropped ones are not included).
    """
    frame = ax.get_window_extent(renderer)
    px_per_pt = ax.figure.dpi / 72.0
    network = shapely.multilinestrings([shapely.linestrings(xy) for xy in lines if len(xy) > 1])
    shapely.prepare(network)
    placed: list[Bbox] = []
    texts: list[Text] = []
    order = sorted(requests, key=lambda r: -r.priority)
    positions = list(_POSITIONS)
    if rtl:
        positions[0], positions[1] = positions[1], positions[0]
    for req in order:
        anchors = [ax.transData.transform(xy) for xy in (req.xy, *req.alternatives)]
        best: tuple[float, Text, Bbox, dict[str, Any], np.ndarray] | None = None
        for ring, ring_gap in enumerate((1.0, 2.6, 4.5, 7.0)):
            for (a_rank, anchor), (rank, (ux, uy, ha, va)) in itertools.product(
                enumerate(anchors), enumerate(positions)
            ):
                gap = req.gap_pt * ring_gap * px_per_pt
                pos = (anchor[0] + ux * gap, anchor[1] + uy * gap)
                props: dict[str, Any] = {
                    "ha": ha, "va": va, "fontsize": req.size, "fontweight": req.weight,
                    "fontstyle": req.style, "fontfamily": families,
                    "multialignment": "right" if rtl else "left",
                    "linespacing": 0.85 if rtl else 1.15,
                }  # fmt: skip
                x, y = ax.transData.inverted().transform(pos)
                text = ax.text(x, y, req.text, color=req.colour, zorder=30, **props)
                box = text.get_window_extent(renderer).expanded(1.04, 1.08)
                inside = frame.shrunk(0.99, 0.99).contains(box.x0, box.y0) and frame.contains(
                    box.x1, box.y1
                )
                collides = _overlaps(box, placed) or _overlaps(box, obstacles)
                cell = shapely.box(box.x0, box.y0, box.x1, box.y1)
                crossed = 0.0
                if shapely.intersects(network, cell):
                    crossed = float(shapely.intersection(network, cell).length) / px_per_pt
                cost = crossed * _CROSS_COST + rank * 0.6 + ring * 6.0 + a_rank * 1.5
                cost += 1000.0 * (not inside) + 500.0 * collides
                if best is None or cost < best[0]:
                    if best is not None:
                        best[1].remove()
                    best = (cost, text, box, props, anchor)
                else:
                    text.remove()
            if best is not None and best[0] < 500.0:
                break
        assert best is not None
        cost, text, box, _, anchor = best
        if cost >= 500.0 and not req.required:
            text.remove()
            continue
        if cost >= 6.0 and cost < 500.0 and _far(box, anchor, req.gap_pt * 1.8 * px_per_pt):
            _leader(ax, anchor, box)
        add_halo(ax, text, **best[3])
        placed.append(box)
        texts.append(text)
    return texts


def add_halo(ax: Axes, text: Text, **props: Any) -> Text:
    """Put a white halo under `text`, as a separate outline-only twin.

    A path effect on the label itself would make the SVG backend draw it as
    paths; the twin carries the halo and the label stays a ``<text>`` element.
    `props` are the label's own text properties (alignment, font, spacing).
    """
    return ax.text(
        *text.get_position(), text.get_text(), transform=text.get_transform(),
        rotation=text.get_rotation(), color="white", zorder=text.get_zorder() - 0.5,
        path_effects=[pe.Stroke(linewidth=2.6, foreground="white", alpha=0.92)],
        **props,
    )  # fmt: skip


def _far(box: Bbox, anchor: np.ndarray, limit: float) -> bool:
    nx = min(max(anchor[0], box.x0), box.x1)
    ny = min(max(anchor[1], box.y0), box.y1)
    return bool(np.hypot(nx - anchor[0], ny - anchor[1]) > limit)


def _leader(ax: Axes, anchor: np.ndarray, box: Bbox) -> None:
    """A thin line from the symbol to the nearest point of its far label."""
    nx = min(max(anchor[0], box.x0), box.x1)
    ny = min(max(anchor[1], box.y0), box.y1)
    inv = ax.transData.inverted()
    (x0, y0), (x1, y1) = inv.transform(anchor), inv.transform((nx, ny))
    ax.plot([x0, x1], [y0, y1], color="#555555", lw=0.5, zorder=29, solid_capstyle="butt")
