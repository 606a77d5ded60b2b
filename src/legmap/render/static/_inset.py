"""The locator inset of a static map: the whole story small, the main frame outlined.

When the map frames the dense part of a story (:mod:`legmap.render._framing`),
a small map in one corner shows everything: land, the legs in their journeys'
colours, the places the main map leaves out (labelled: Moscow on the seed
map) and the main frame as an outlined box.  The corner is the first one, in
reading order of preference, where the inset covers no leg, marker or scale
bar; when none is free, a smaller inset is tried, and at the smallest size
the corner that covers least.  :func:`add_inset` gathers what the inset shows
from the map being drawn; :func:`draw_inset` draws it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import geopandas as gpd
import numpy as np
import shapely
from matplotlib.axes import Axes
from matplotlib.backend_bases import RendererBase
from matplotlib.collections import LineCollection, PatchCollection
from matplotlib.patches import PathPatch, Rectangle
from matplotlib.path import Path as MplPath
from matplotlib.transforms import Bbox

from legmap.render import _basemap
from legmap.render.static._geom import MapFrame, coords, fit_frame
from legmap.render.static._labels import _Network, add_halo
from legmap.render.static._page import figure_renderer
from legmap.render.static._places_layer import marker_boxes
from legmap.render.static._text import latin_name
from legmap.render.theme import Theme

if TYPE_CHECKING:
    from legmap.render.static._map import MapState

__all__ = ["INSET_SIZES", "InsetPlace", "add_inset", "choose_corner", "draw_inset"]

#: Inset widths tried, as shares of the map's width, largest first.
INSET_SIZES = (0.32, 0.27, 0.22)
_MAX_HEIGHT = 0.42  # of the map's height
_MARGIN_PT = 5.0
_OUTLINE = "#1a1a1a"
_LABEL_PT = 6.5
_MAX_LABELS = 3


@dataclass(frozen=True)
class InsetPlace:
    """A place shown in the inset: (lon, lat) in the story's frame, name, and whether labelled."""

    lon: float
    lat: float
    name: str
    labelled: bool


def choose_corner(
    ax: Axes,
    renderer: RendererBase,
    *,
    aspect: float,
    rtl: bool,
    lines: list[np.ndarray],
    boxes: Sequence[Bbox],
) -> Bbox:
    """The inset's box (display pixels) in a corner of `ax`, clear of `lines` and `boxes`.

    Parameters
    ----------
    aspect : float
        The inset map's height / width.
    rtl : bool
        Right-to-left map: corners on the left are preferred.
    lines : list of numpy.ndarray
        Display-space polylines of the legs.
    boxes : sequence of Bbox
        Display boxes of markers, the scale bar and anything else to keep clear.
    """
    frame = ax.get_window_extent(renderer)
    px: float = renderer.points_to_pixels(1.0)  # type: ignore[assignment]
    network = _Network(lines, frame, px)
    margin = _MARGIN_PT * px
    width: float
    height: float
    # Upper corners first, then lower ones (the scale bar sits in a lower corner).
    corners = ("NW", "NE", "SW", "SE") if rtl else ("NE", "NW", "SE", "SW")
    best: tuple[float, int, int, Bbox] | None = None
    for size_rank, share in enumerate(INSET_SIZES):
        width = frame.width * share
        height = width * aspect
        if height > frame.height * _MAX_HEIGHT:
            height = frame.height * _MAX_HEIGHT
            width = height / aspect
        for corner_rank, corner in enumerate(corners):
            x0 = frame.x1 - margin - width if "E" in corner else frame.x0 + margin
            y0 = frame.y1 - margin - height if "N" in corner else frame.y0 + margin
            box = Bbox.from_bounds(x0, y0, width, height)
            room = box.expanded(1.0 + 4 * px / width, 1.0 + 4 * px / height)
            cost = network.length_in(room) / px + 1000.0 * sum(room.overlaps(b) for b in boxes)
            if cost == 0.0:
                return box
            key = (cost, size_rank, corner_rank, box)
            if best is None or key[:3] < best[:3]:
                best = key
    assert best is not None
    return best[3]


def draw_inset(
    ax: Axes,
    box: Bbox,
    *,
    whole: MapFrame,
    main: MapFrame,
    legs: Sequence[shapely.LineString],
    colours: Sequence[str],
    places: Sequence[InsetPlace],
    families: list[str],
    theme: Theme,
    rtl: bool,
    renderer: RendererBase,
) -> Axes:
    """Draw the locator inset into `box` (display pixels inside `ax`); return its axes.

    `legs` are lon/lat lines in the story's frame, one colour each; the main
    map's visible rectangle (`main`) is outlined.
    """
    frame = ax.get_window_extent()
    bounds = ((box.x0 - frame.x0) / frame.width, (box.y0 - frame.y0) / frame.height,
              box.width / frame.width, box.height / frame.height)  # fmt: skip
    # A white rim so the inset stands apart from the map under it.
    rim = Rectangle((bounds[0], bounds[1]), bounds[2], bounds[3], transform=ax.transAxes,
                    facecolor="white", edgecolor="white", linewidth=3.0, zorder=34.5)  # fmt: skip
    ax.add_patch(rim)
    inset = ax.inset_axes(bounds, zorder=35)
    (x0, x1), (y0, y1) = whole.xlim, whole.ylim
    inset.set_xlim(x0, x1)
    inset.set_ylim(y0, y1)
    inset.set_aspect("equal", adjustable="datalim")  # limits grow to the box, never the box
    inset.set_xticks([])
    inset.set_yticks([])
    inset.set_facecolor(theme.water)
    for spine in inset.spines.values():
        spine.set(edgecolor="#7a7a7a", linewidth=0.7)
    _draw_basemap(inset, whole, theme)
    inset.set_xlim(x0, x1)
    inset.set_ylim(y0, y1)
    if len(legs):  # every leg in one collection, in one projection call (big stories too)
        dense = shapely.segmentize(np.asarray(legs, dtype=object), 0.5)
        xy, index = shapely.get_coordinates(dense, return_index=True)
        x, y = whole.forward(xy[:, 0], xy[:, 1])
        cuts = np.flatnonzero(np.diff(index)) + 1
        segments = np.split(np.column_stack([x, y]), cuts)
        inset.add_collection(LineCollection(segments, colors=list(colours), linewidths=1.1,
                                            alpha=0.95, capstyle="round", zorder=3))  # fmt: skip
    _outline(inset, whole, main)
    for place in places:
        x, y = whole.forward(np.array([place.lon]), np.array([place.lat]))
        inset.plot(x, y, marker="o", ms=2.6, mfc="#222222", mec="white", mew=0.5, zorder=5)
    labelled = [p for p in places if p.labelled][:_MAX_LABELS]
    _label(inset, whole, labelled, families=families, rtl=rtl, renderer=renderer)
    return inset


def add_inset(m: MapState, obstacles: Sequence[Bbox]) -> Bbox | None:
    """The map's locator inset, when its framing asks for one; its display box.

    Sets ``m.inset_frame`` and ``m.inset_ax``; `obstacles` are display boxes the
    inset must not cover (besides legs and place markers).
    """
    if m.framing is None or not m.framing.inset:
        return None
    frame = m.story_frame
    lon, lat = coords([*m.leg_geoms, *m.places.geometry, *m.events.geometry])
    # The whole story and the main frame's outline (its corners reach beyond the content).
    (x0, x1), (y0, y1) = m.frame.xlim, m.frame.ylim
    s = np.linspace(0.0, 1.0, 9)
    rim_lon, rim_lat = m.frame.inverse(
        np.r_[x0 + (x1 - x0) * s, x1 + 0 * s, x0 + (x1 - x0) * s, x0 + 0 * s],
        np.r_[y0 + 0 * s, y0 + (y1 - y0) * s, y1 + 0 * s, y0 + (y1 - y0) * s])  # fmt: skip
    whole = fit_frame([*(frame.lon(x) for x in lon), *rim_lon], [*lat, *rim_lat],
                      lon_0=frame.lon_0, pad=(0.06, 0.0))  # fmt: skip
    (x0, x1), (y0, y1) = whole.xlim, whole.ylim
    renderer = figure_renderer(m.fig)
    lines = [m.ax.transData.transform(xy) for xy in m.drawn_xy if len(xy) > 1]
    box = choose_corner(m.ax, renderer, aspect=(y1 - y0) / (x1 - x0), rtl=m.kit.rtl,
                        lines=lines, boxes=[*obstacles, *marker_boxes(m)])  # fmt: skip
    outside = sorted(m.outside, key=lambda r: (-r["priority"], r["id"]))
    places = [InsetPlace(frame.lon(r["place"].geometry.x), r["place"].geometry.y,
                         m.kit.text(str(r["place"]["name"]), latin=latin_name(r["id"])),
                         labelled=True) for r in outside]  # fmt: skip
    pairs = zip(m.legs["mode"], m.legs["journey"], strict=True)
    colours = [m.theme.leg_style(mode, "confirmed").colour or m.colours[j]
               for mode, j in pairs]  # fmt: skip
    m.inset_frame = whole
    m.inset_ax = draw_inset(m.ax, box, whole=whole, main=m.frame,
                            legs=m.leg_geoms, colours=colours, places=places,
                            families=m.kit.families, theme=m.theme,
                            rtl=m.kit.rtl, renderer=renderer)  # fmt: skip
    return box


def _draw_basemap(inset: Axes, whole: MapFrame, theme: Theme) -> None:
    """Land and borders as two collections (geopandas' plot would redraw the whole figure)."""
    bm = _basemap.load_basemap(whole.lonlat_bbox(), scale_km=whole.width_km)
    step = whole.width_km / 111.0 / 80.0  # degrees, ~1/80 of the inset
    if not bm.land.empty:
        land = gpd.GeoSeries(shapely.segmentize(bm.land.geometry.values, step), crs="EPSG:4326")
        patches = []
        for poly in shapely.get_parts(land.to_crs(whole.crs).values):
            rings = [poly.exterior, *poly.interiors]
            path = MplPath.make_compound_path(
                *(MplPath(np.asarray(ring.coords), closed=True) for ring in rings)
            )
            patches.append(PathPatch(path))
        land_style: dict[str, Any] = {"facecolor": theme.land, "edgecolor": theme.coast,
                                      "linewidth": 0.25, "zorder": 1}  # fmt: skip
        inset.add_collection(PatchCollection(patches, **land_style))
    if not bm.borders.empty:
        lines = gpd.GeoSeries(shapely.segmentize(bm.borders.geometry.values, step),
                              crs="EPSG:4326").to_crs(whole.crs)  # fmt: skip
        segments = [np.asarray(line.coords) for line in shapely.get_parts(lines.values)]
        inset.add_collection(LineCollection(segments, colors=theme.borders, linewidths=0.3,
                                            zorder=2))  # fmt: skip


def _outline(inset: Axes, whole: MapFrame, main: MapFrame) -> None:
    """The main map's rectangle, carried into the inset's projection."""
    lon, lat = main.inverse(*main.outline(25))
    x, y = whole.forward(lon, lat)
    inset.fill(x, y, facecolor=(0.1, 0.1, 0.1, 0.08), edgecolor=_OUTLINE, linewidth=1.0,
               zorder=4)  # fmt: skip


def _label(
    inset: Axes,
    whole: MapFrame,
    places: Sequence[InsetPlace],
    *,
    families: list[str],
    rtl: bool,
    renderer: RendererBase,
) -> None:
    """Small labels beside places, kept inside the inset (right or left of the dot)."""
    inset.apply_aspect()  # final limits: display positions are measured below
    frame = inset.get_window_extent(renderer)
    px = inset.get_figure(root=True).dpi / 72.0  # type: ignore[union-attr]
    gap, lift = 3.5 * px, 6.0 * px  # above or below: clear of a label beside a dot
    inv = inset.transData.inverted()
    taken: list[Bbox] = []
    for place in places:
        x, y = whole.forward(np.array([place.lon]), np.array([place.lat]))
        dot = inset.transData.transform((float(x[0]), float(y[0])))
        # Beside the dot (the reading side first), then above and below it, then aslant.
        sides = [("left", "center", 1.0, 0.0), ("right", "center", -1.0, 0.0)]
        if rtl:
            sides.reverse()
        sides += [
            ("center", "bottom", 0.0, 1.0),
            ("center", "top", 0.0, -1.0),
            ("left", "bottom", 0.6, 1.0),
            ("right", "bottom", -0.6, 1.0),
            ("left", "top", 0.6, -1.0),
            ("right", "top", -0.6, -1.0),
        ]
        for ha, va, dx, dy in sides:
            props: dict[str, Any] = {"ha": ha, "va": va, "fontsize": _LABEL_PT,
                                     "fontfamily": families, "fontweight": "bold"}  # fmt: skip
            tx, ty = inv.transform((dot[0] + dx * gap, dot[1] + dy * lift))
            text = inset.text(tx, ty, place.name, color="#1a1a1a", zorder=6, **props)
            extent = text.get_window_extent(renderer)
            inside = frame.contains(extent.x0, extent.y0) and frame.contains(extent.x1, extent.y1)
            if inside and not any(extent.overlaps(b) for b in taken):
                taken.append(extent)
                add_halo(inset, text, **props)
                break
            text.remove()
