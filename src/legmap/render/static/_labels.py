"""Place labels that do not overlap: greedy placement on candidate positions.

Cartographers put a point label in one of eight positions around its symbol
(right first, then left, above, below, the diagonals).  Labels are placed in
priority order; each takes the first free position that stays inside the map,
clear of earlier labels and markers and crossing as little route line as possible
(measured as the length of line under the label, on a raster of the legs one
point fine, so straight flight arcs with few vertices count as much as dense
rail lines, and a route drawn many times counts once).
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
from matplotlib.axes import Axes
from matplotlib.backend_bases import RendererBase
from matplotlib.text import Text
from matplotlib.transforms import Bbox

__all__ = ["THIN_LABELS", "LabelRequest", "add_halo", "place_labels"]


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
#: Labels tried on a big story's map, highest priority first (``thin=True``).
THIN_LABELS = 40


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
    centred : bool
        Centred on `xy` first (a country's name on its label point), then
        around it; no leader line.
    zorder : float
        Drawing order (country names go under the legs).
    halo : bool
        A white halo under the text.
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
    centred: bool = False
    zorder: float = 30.0
    halo: bool = True


class _Network:
    """The legs' display-space lines as a raster: how much line lies under a box.

    Lines are sampled into a grid of `cell`-sized squares (a point each, at
    the map's resolution) over the axes; a summed-area table then answers
    "how many covered squares in this box" in constant time, however many legs
    the map has.  A square covered by several lines counts once: a label over
    a route flown ten times costs what it costs over one.
    """

    def __init__(self, lines: list[np.ndarray], frame: Bbox, cell: float) -> None:
        self.x0, self.y0, self.cell = frame.x0, frame.y0, cell
        nx = max(int(np.ceil(frame.width / cell)), 1)
        ny = max(int(np.ceil(frame.height / cell)), 1)
        grid = np.zeros((ny, nx), dtype=bool)
        step = cell / 2.0
        starts = [xy[:-1] for xy in lines if len(xy) > 1]
        ends = [xy[1:] for xy in lines if len(xy) > 1]
        if starts:
            a, b = np.concatenate(starts), np.concatenate(ends)
            for lo in range(0, len(a), 200_000):  # bounded memory on huge maps
                pts = _samples(a[lo : lo + 200_000], b[lo : lo + 200_000], step)
                ix = np.floor((pts[:, 0] - self.x0) / cell).astype(np.int64)
                iy = np.floor((pts[:, 1] - self.y0) / cell).astype(np.int64)
                inside = (ix >= 0) & (ix < nx) & (iy >= 0) & (iy < ny)
                grid[iy[inside], ix[inside]] = True
        self.table = np.zeros((ny + 1, nx + 1), dtype=np.int64)
        self.table[1:, 1:] = grid.cumsum(axis=0).cumsum(axis=1)

    def length_in(self, box: Bbox) -> float:
        """Length of line inside `box`, in display units (overlapping lines counted once)."""
        ny, nx = self.table.shape[0] - 1, self.table.shape[1] - 1
        i0 = int(np.clip(np.floor((box.x0 - self.x0) / self.cell), 0, nx))
        i1 = int(np.clip(np.ceil((box.x1 - self.x0) / self.cell), 0, nx))
        j0 = int(np.clip(np.floor((box.y0 - self.y0) / self.cell), 0, ny))
        j1 = int(np.clip(np.ceil((box.y1 - self.y0) / self.cell), 0, ny))
        t = self.table
        return float(t[j1, i1] - t[j0, i1] - t[j1, i0] + t[j0, i0]) * self.cell


def _samples(a: np.ndarray, b: np.ndarray, step: float) -> np.ndarray:
    """Points every `step` or closer along the segments a[k] -> b[k], ends included."""
    seg = b - a
    n = np.maximum(np.ceil(np.hypot(seg[:, 0], seg[:, 1]) / step), 1).astype(np.int64)
    first = np.repeat(np.cumsum(n) - n, n)
    t = (np.arange(int(n.sum())) - first) / np.repeat(n, n)
    return np.concatenate([np.repeat(a, n, axis=0) + np.repeat(seg, n, axis=0) * t[:, None], b])


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
    thin: bool = False,
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
    thin : bool
        A big story: only the :data:`THIN_LABELS` labels of highest priority are
        tried (required or not), each in the two rings nearest its symbol.

    Returns
    -------
    list of matplotlib.text.Text
        The labels drawn (dropped ones are not included).
    """
    frame = ax.get_window_extent(renderer)
    px_per_pt = ax.figure.dpi / 72.0
    network = _Network(lines, frame, px_per_pt)  # one square per point of the map
    placed: list[Bbox] = []
    texts: list[Text] = []
    order = sorted(requests, key=lambda r: -r.priority)
    rings: tuple[float, ...] = (1.0, 2.6, 4.5, 7.0)
    if thin:  # thinned by priority: the rest would not fit among thousands of legs anyway
        order, rings = order[:THIN_LABELS], rings[:2]
    positions = list(_POSITIONS)
    if rtl:
        positions[0], positions[1] = positions[1], positions[0]
    for req in order:
        anchors = [ax.transData.transform(xy) for xy in (req.xy, *req.alternatives)]
        best: tuple[float, Text, Bbox, dict[str, Any], np.ndarray] | None = None
        here = [(0.0, 0.0, "center", "center"), *positions] if req.centred else positions
        for ring, ring_gap in enumerate(rings):
            for (a_rank, anchor), (rank, (ux, uy, ha, va)) in itertools.product(
                enumerate(anchors), enumerate(here)
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
                text = ax.text(x, y, req.text, color=req.colour, zorder=req.zorder, **props)
                box = text.get_window_extent(renderer).expanded(1.04, 1.08)
                inside = frame.shrunk(0.99, 0.99).contains(box.x0, box.y0) and frame.contains(
                    box.x1, box.y1
                )
                collides = _overlaps(box, placed) or _overlaps(box, obstacles)
                crossed = network.length_in(box) / px_per_pt
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
        far = _far(box, anchor, req.gap_pt * 1.8 * px_per_pt)
        if cost >= 6.0 and cost < 500.0 and far and not req.centred:
            _leader(ax, anchor, box)
        if req.halo:
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
