"""Static maps for reports and print: PNG, SVG and PDF through matplotlib.

A locator-map look (muted land, light water, thin borders, strong route
colours) in a projection fitted to the story: Lambert azimuthal equal-area
centred on the content, so a Pyongyang-to-Moscow overview and a Vladivostok
close-up both keep true shapes and areas.  The frame is the story's dense part
when a few long legs would shrink the rest, with the whole story in a locator
inset (:mod:`legmap.render._framing`, :mod:`legmap.render.static._inset`).
Symbols come from :mod:`legmap.render.style` through the map's
:class:`~legmap.render.theme.Theme`, the land and country label points from
:mod:`legmap.render._basemap` (offline), interface strings from
:mod:`legmap._i18n`, country names from CLDR; labels are shaped for Arabic and
drawn with a CJK font for Korean.  Titles, legend entries and credits wrap to
the page's width.  PDF keeps text as text (TrueType fonts embedded, Type 42).

Examples
--------
>>> import sys; sys.path.insert(0, "tests")
>>> from _built_fixture import make_built
>>> png = render_static(make_built("en"), fmt="png")
>>> png[:8] == b"\\x89PNG\\r\\n\\x1a\\n"
True
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

import geopandas as gpd
import matplotlib
import numpy as np
import shapely
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.offsetbox import AnchoredOffsetbox
from matplotlib.patches import FancyArrowPatch
from matplotlib.transforms import Bbox

from legmap._i18n import t
from legmap._lonlat import swapped_hint
from legmap._version import __version__
from legmap.config import RenderOptions
from legmap.errors import RenderError
from legmap.legs.build import BuiltStory
from legmap.render import _basemap
from legmap.render._frame import StoryFrame
from legmap.render._framing import Framing, frame_for
from legmap.render.alt import alt_text, svg_with_alt
from legmap.render.static._bulk import draw_routes
from legmap.render.static._countries import country_requests
from legmap.render.static._furniture import (
    LINE_SPACING,
    TextBlock,
    draw_logo,
    logo_width_in,
    measurer,
    text_block,
)
from legmap.render.static._geom import MapFrame, coords, fit_frame
from legmap.render.static._inset import InsetPlace, choose_corner, draw_inset
from legmap.render.static._labels import LabelRequest, place_labels
from legmap.render.static._legend import (
    EVENT_ROWS,
    PX_TO_PT,
    Section,
    leg_lines,
    legend_box,
    legend_sections,
    scale_bar,
)
from legmap.render.static._marks import (
    claim_note,
    distance_text,
    draw_badges,
    draw_gauge_breaks,
)
from legmap.render.static._offsets import offset_lines
from legmap.render.static._text import TextKit, has_rtl, latin_name, make_text_kit
from legmap.render.style import (
    BIG_STORY_LEGS,
    CERTAINTIES,
    DEFAULT_PLACE_STYLE,
    PLACE_KIND_STYLES,
    with_drawn_modes,
)
from legmap.render.theme import Theme, resolve_theme

__all__ = [
    "MapFrame", "fit_frame", "plot_map", "render_figure", "render_static", "render_static_formats",
]  # fmt: skip

_FORMATS = ("png", "svg", "pdf")
_RC: dict[str, Any] = {
    "svg.fonttype": "none",  # text stays text: searchable, translatable, editable
    "svg.hashsalt": "legmap",  # stable element ids: same input, same bytes
    "pdf.fonttype": 42,  # TrueType embedded (subset): exact glyphs, selectable text
    "lines.scale_dashes": False,  # style.py's dashes are absolute, like Leaflet's
    "path.simplify": True,
    "font.size": 8.0,
}
_MARGIN_IN = 0.28
_TITLE_IN = 0.62
_TITLE_PT = 15.0
_TITLE_GAP_IN = 0.13  # between the title's last line and the map
_CREDIT_IN = 0.30
_CREDIT_PT = 6.0
_NOTE_IN = 0.17  # one line of notes (claim checks) above the credits
_MAX_NOTE_PT = 6.5
_MIN_NOTE_PT = 5.5  # the note shrinks to this, then takes more lines ...
_MAX_NOTE_LINES = 4  # ... up to this many (a story with hundreds of claims: "…")
_MIN_PT = 5.0  # no text smaller on a narrow (print) map
_MM_PER_IN = 25.4
#: Shape of a map framed on part of a story: it may be taller (height / width) than
#: a whole story's (``_geom._ASPECT``), for a story that runs north-south.
_FOCUS_ASPECT = (0.56, 1.5)
_FOCUS_PAD = (0.10, 0.0)


def text_scale(width_in: float) -> float:
    """Factor on text sizes for a map `width_in` inches wide (1 from 8 inches up).

    A single-column print map (85 mm) gets type about 70 % the size, not less.

    Examples
    --------
    >>> text_scale(8.0), text_scale(1600 / 200), round(text_scale(85 / 25.4), 2)
    (1.0, 1.0, 0.7)
    """
    return float(min(1.0, max(0.7, (width_in / 8.0) ** 0.5)))


def _story_source(built: BuiltStory, lang: str) -> str | None:
    story = built.story
    source = getattr(story, "source", None)
    if not source:
        return None
    if isinstance(source, dict):
        return source.get(lang) or next(iter(source.values()), None)
    return str(source)


class _Map:
    """One map being drawn (state shared by the drawing steps)."""

    def __init__(self, built: BuiltStory, options: RenderOptions, kit: TextKit,
                 units: str, extent: tuple[float, float, float, float] | None, *,
                 theme: Theme, title: str = "") -> None:  # fmt: skip
        self.built, self.options, self.kit, self.units = built, options, kit, units
        self.theme, self.title = theme, title
        legs = built.legs if built.legs is not None else gpd.GeoDataFrame()
        self.legs = with_drawn_modes(legs).reset_index(drop=True)
        self.places = built.places.reset_index(drop=True)
        self.events = built.events.reset_index(drop=True)
        # Every leg and marker in the story's one longitude frame (docs/architecture.md).
        self.story_frame = StoryFrame.of(built)
        self.leg_geoms = self.story_frame.lines(self.legs.geometry) if len(self.legs) else []
        self.framing: Framing | None = None
        self._basemap: _basemap.Basemap | None = None
        self.inset_ax: Axes | None = None  # the locator inset and its frame, when drawn
        self.inset_frame: MapFrame | None = None
        lon, lat = coords([*self.leg_geoms, *self.places.geometry, *self.events.geometry])
        lon = [self.story_frame.lon(x) for x in lon]
        if extent is not None:
            minx, miny, maxx, maxy = extent
            shift = self.story_frame.lon((minx + maxx) / 2) - (minx + maxx) / 2
            lon = [minx + shift, maxx + shift, minx + shift, maxx + shift]
            lat = [miny, miny, maxy, maxy]
            self.frame = fit_frame(lon, lat, lon_0=self.story_frame.lon_0)
        else:
            self.framing = frame_for(built, options)
            self.frame = self._fit(self.framing, lon, lat)
        self.journeys = list(dict.fromkeys(self.legs["journey"])) if len(self.legs) else []
        self.colours = theme.journey_colours(self.journeys)
        if options.width_mm is not None:
            self.width_in = options.width_mm / _MM_PER_IN
        else:
            self.width_in = options.width_px / options.dpi
        self.scale = theme.text_scale * text_scale(self.width_in)
        self.kept = self.place_rows()
        self.big = len(self.legs) > BIG_STORY_LEGS  # collections, thinned labels: _bulk
        distance = self.legs[self.legs["mode"] == "distance"] if len(self.legs) else self.legs
        checks = distance.drop(columns=["geometry"], errors="ignore").to_dict("records")
        if kit.fallback:  # names the font cannot draw: Latin ones made from the ids
            for leg in checks:
                for end in ("from", "to"):
                    leg[f"{end}_name"] = latin_name(str(leg.get(f"{end}_id", "")))
        self.note = claim_note(checks, lang=kit.lang, units=units)
        self.credit_in = _CREDIT_IN + (_NOTE_IN if self.note else 0.0)

    def _fit(self, framing: Framing, lon: list[float], lat: list[float]) -> MapFrame:
        """The map's frame: the whole story, or its main frame (taller maps allowed)."""
        lon_0 = self.story_frame.lon_0
        if framing.how == "story":
            return fit_frame(lon, lat, lon_0=lon_0)
        minx, miny, maxx, maxy = framing.main_bbox
        if framing.how == "box":  # the editor's box, as given
            return fit_frame([minx, maxx, minx, maxx], [miny, miny, maxy, maxy], lon_0=lon_0,
                             aspect=_FOCUS_ASPECT, pad=(0.0, 0.0))  # fmt: skip
        x, y = np.asarray(lon), np.asarray(lat)
        inside = (x >= minx - 1e-9) & (x <= maxx + 1e-9) & (y >= miny - 1e-9) & (y <= maxy + 1e-9)
        return fit_frame(x[inside], y[inside], lon_0=lon_0, aspect=_FOCUS_ASPECT, pad=_FOCUS_PAD)

    def pt(self, size: float) -> float:
        """A text size in points on this map (print widths and the theme scale it)."""
        return size if self.scale == 1.0 else max(_MIN_PT, size * self.scale)

    def inside(self, xy: tuple[float, float], *, margin: float = 0.0) -> bool:
        """Whether a projected point lies in the map's frame (`margin`: share of its size)."""
        (x0, x1), (y0, y1) = self.frame.xlim, self.frame.ylim
        mx, my = (x1 - x0) * margin, (y1 - y0) * margin
        return bool(x0 + mx <= xy[0] <= x1 - mx and y0 + my <= xy[1] <= y1 - my)

    # --- layout -----------------------------------------------------------------
    def text_blocks(self, scratch: Figure) -> None:
        """Title, credits and note broken into lines that fit the map's width."""
        renderer = scratch.canvas.get_renderer()  # type: ignore[attr-defined]
        kit, dpi = self.kit, self.options.dpi
        room = (self.width_in - 2 * _MARGIN_IN) * dpi
        size = self.pt(self.theme.title_size)
        measure = measurer(renderer, kit, size=size, weight=self.theme.title_weight)
        block = text_block(self.title, width=room, measure=measure, size=size)
        self.title_block = block.measured(scratch, kit, fontweight=self.theme.title_weight)
        self.logo_in = 0.0
        if self.theme.logo is not None:
            height = self.theme.logo_height_mm / _MM_PER_IN
            self.logo_in = logo_width_in(self.theme.logo, height) + 0.12
        size = self.pt(_CREDIT_PT)
        self.credit_block = text_block(
            "", width=room - self.logo_in * dpi, measure=measurer(renderer, kit, size=size),
            size=size, parts=self.credit_parts()).measured(scratch, kit)  # fmt: skip
        self.note_block: TextBlock | None = None
        if self.note:  # one line, smaller type if need be, more lines only then
            size = self.pt(_MAX_NOTE_PT)
            width = measurer(renderer, kit, size=size)(self.note)
            if width > room:
                size = max(self.pt(_MIN_NOTE_PT), size * room / width * 0.98)
            measure = measurer(renderer, kit, size=size)
            block = text_block(self.note, width=room, measure=measure, size=size,
                               max_lines=_MAX_NOTE_LINES)  # fmt: skip
            self.note_block = block.measured(scratch, kit)
        extra = self.credit_block.extra_in() + (self.note_block.extra_in() if self.note_block
                                                else 0.0)  # fmt: skip
        self.credit_in = _CREDIT_IN + (_NOTE_IN if self.note else 0.0) + extra
        # 0.2 in above the title; below it at least the gap a 15 pt Latin line leaves.
        drawn = self.title_block.height or 0.0
        self.title_in = max(_TITLE_IN + (self.title_block.size - _TITLE_PT) * LINE_SPACING / 72.0,
                            0.2 + drawn + _TITLE_GAP_IN)  # fmt: skip

    def figure(self) -> Figure:
        width_in = self.width_in
        map_w = width_in - 2 * _MARGIN_IN
        (x0, x1), (y0, y1) = self.frame.xlim, self.frame.ylim
        map_h = map_w * (y1 - y0) / (x1 - x0)
        scratch = Figure(figsize=(width_in, 4.0), dpi=self.options.dpi)
        FigureCanvasAgg(scratch)
        self.text_blocks(scratch)
        legend_in = self.legend_height(width_in) + 0.3
        height_in = self.title_in + map_h + legend_in + self.credit_in
        fig = _MapFigure(figsize=(width_in, height_in), dpi=self.options.dpi, facecolor="white")
        FigureCanvasAgg(fig)
        self.ax = fig.add_axes((_MARGIN_IN / width_in, (legend_in + self.credit_in) / height_in,
                                map_w / width_in, map_h / height_in))  # fmt: skip
        self.frame_axes()
        self.fig: Figure = fig
        self.height_in = height_in
        self.legend_in = legend_in
        return fig

    def attach(self, ax: Axes) -> None:
        """Draw into the caller's `ax` (their figure: no title, legend or credits)."""
        fig = ax.get_figure(root=True)
        if not isinstance(fig, Figure):
            raise RenderError("these axes belong to no figure: add them to one first")
        self.ax, self.fig = ax, fig
        # Point sizes relate to the map's width as on a legmap figure.
        self.width_in = ax.get_position().width * self.fig.get_figwidth() + 2 * _MARGIN_IN
        self.frame_axes()

    def frame_axes(self) -> None:
        (x0, x1), (y0, y1) = self.frame.xlim, self.frame.ylim
        self.ax.set_xlim(x0, x1)
        self.ax.set_ylim(y0, y1)
        self.ax.set_aspect("equal", adjustable="box")
        self.ax.set_xticks([])
        self.ax.set_yticks([])
        self.ax.set_facecolor(self.theme.water)
        for spine in self.ax.spines.values():
            spine.set(edgecolor="#b0b0b0", linewidth=0.6)

    def legend_room(self) -> float:
        """Width the legend may take, in display pixels."""
        return (self.width_in - 2 * _MARGIN_IN) * self.options.dpi

    def legend_height(self, width_in: float) -> float:
        """Height of the legend in inches, measured on a scratch figure."""
        sections, events = self.legend_sections()
        if not sections and not events:
            return 0.0
        scratch = Figure(figsize=(width_in, 4.0), dpi=self.options.dpi)
        FigureCanvasAgg(scratch)
        child = legend_box(sections, self.kit, wide=events, wide_rows=EVENT_ROWS,
                           fontsize=self.pt(7.5), max_width=self.legend_room(),
                           figure=scratch)  # fmt: skip
        box = AnchoredOffsetbox(loc="upper left", child=child,
                                frameon=False, pad=0, borderpad=0, bbox_to_anchor=(0, 1),
                                bbox_transform=scratch.transFigure)  # fmt: skip
        scratch.add_artist(box)
        renderer = scratch.canvas.get_renderer()  # type: ignore[attr-defined]
        return float(box.get_window_extent(renderer).height) / self.options.dpi

    def pt_to_m(self, pt: float) -> float:
        (x0, x1) = self.frame.xlim
        return pt * (x1 - x0) / ((self.width_in - 2 * _MARGIN_IN) * 72.0)

    # --- layers -----------------------------------------------------------------
    def basemap(self) -> _basemap.Basemap:
        """The basemap clipped to the frame (read once per map)."""
        if self._basemap is None:
            bbox = self.frame.lonlat_bbox()
            self._basemap = _basemap.load_basemap(bbox, scale_km=self.frame.width_km)
        return self._basemap

    def draw_basemap(self) -> None:
        bm = self.basemap()
        step = max(self.frame.width_km / 111.0 / 300.0, 0.002)  # degrees, ~1/300 of the map
        theme = self.theme
        for gdf, kw in (
            (bm.land, {"facecolor": theme.land, "edgecolor": theme.coast,
                       "linewidth": 0.45, "zorder": 1}),
            (bm.borders, {"color": theme.borders, "linewidth": 0.6, "zorder": 2}),
        ):  # fmt: skip
            if gdf.empty:
                continue
            geoms = gpd.GeoSeries(shapely.segmentize(gdf.geometry.values, step), crs="EPSG:4326")
            geoms.to_crs(self.frame.crs).plot(ax=self.ax, **kw)
        self.ax.set_xlim(*self.frame.xlim)
        self.ax.set_ylim(*self.frame.ylim)
        self.ax.set_xlabel("")  # geopandas labels projected axes; a map needs none
        self.ax.set_ylabel("")

    def projected_legs(self) -> list[np.ndarray]:
        if not len(self.legs):
            return []
        # Every leg in one projection call (one transformer for the whole map).
        dense = shapely.segmentize(np.asarray(self.leg_geoms, dtype=object), 0.25)
        xy, index = shapely.get_coordinates(dense, return_index=True)
        x, y = self.frame.forward(xy[:, 0], xy[:, 1])
        lines = shapely.linestrings(np.column_stack([x, y]), indices=index)
        # Rail detail finer than half a point only makes offset lines ragged.
        lines = shapely.simplify(lines, self.pt_to_m(0.5), preserve_topology=True)
        return [shapely.get_coordinates(line) for line in lines]

    def draw_legs(self) -> None:
        self.leg_xy = self.projected_legs()
        theme = self.theme
        pairs = zip(self.legs["mode"], self.legs["certainty"], strict=True)
        widths = [theme.leg_style(m, c).weight for m, c in pairs]
        spacing = self.pt_to_m(max(widths, default=3.0) * PX_TO_PT + 2.5)
        drawn = offset_lines(self.leg_xy, spacing)
        rank = {c: i for i, c in enumerate(CERTAINTIES)}
        legs = self.legs

        # Measuring lines under routes; within routes the least certain first.
        keys = [(mode != "distance", -rank.get(cert, 0), i) for i, (mode, cert)
                in enumerate(zip(legs["mode"], legs["certainty"], strict=True))]  # fmt: skip
        order = [i for *_, i in sorted(keys)]
        self.drawn_xy = drawn
        styles = [theme.leg_style(m, c) for m, c in zip(legs["mode"], legs["certainty"],
                                                        strict=True)]  # fmt: skip
        colours = [self.colours[j] for j in legs["journey"]]
        if self.big:  # routes in a few collections, over the measuring lines
            routes = [i for i in order if keys[i][0]]
            draw_routes(self.ax, [drawn[i] for i in routes], [styles[i] for i in routes],
                        [colours[i] for i in routes], zorder=15.0,
                        pt_to_data=self.pt_to_m)  # fmt: skip
            order = [i for i in order if not keys[i][0]]
        # Legs stack between zorder 10 and 19 (markers at 22, labels at 30).
        step = 9.0 / max(len(order), 1)
        for z, i in enumerate(order):
            style, colour, xy = styles[i], colours[i], drawn[i]
            base = 10.0 + z * step
            for line in leg_lines(xy[:, 0], xy[:, 1], style, colour, zorder=base,
                                  zstep=step / 4):  # fmt: skip
                self.ax.add_line(line)
            if style.arrow and len(xy) > 2:
                self._arrow(xy, style.colour or colour, style.weight * PX_TO_PT, base + step * 0.75)
            if style.end_bars:
                self._end_bars(xy, style.colour or colour, base + step * 0.75)

    def _arrow(self, xy: np.ndarray, colour: str, width: float, zorder: float) -> None:
        # Head at ~96% of the line so it stops short of the destination's marker.
        seg = np.cumsum(np.r_[0.0, np.hypot(*np.diff(xy, axis=0).T)])
        tip = np.array([np.interp(seg[-1] * 0.965, seg, xy[:, k]) for k in (0, 1)])
        tail = np.array([np.interp(seg[-1] * 0.94, seg, xy[:, k]) for k in (0, 1)])
        self.ax.add_patch(FancyArrowPatch(
            tuple(tail), tuple(tip), arrowstyle="-|>", mutation_scale=width * 3.4 + 4,
            color=colour, linewidth=0, shrinkA=0, shrinkB=0, zorder=zorder))  # fmt: skip

    def _end_bars(self, xy: np.ndarray, colour: str, zorder: float) -> None:
        half = self.pt_to_m(4.5)
        for end, nxt in ((xy[0], xy[min(3, len(xy) - 1)]), (xy[-1], xy[max(-4, -len(xy))])):
            d = nxt - end
            d = d / (np.hypot(*d) or 1.0)
            n = np.array([-d[1], d[0]]) * half
            self.ax.plot([end[0] - n[0], end[0] + n[0]], [end[1] - n[1], end[1] + n[1]],
                         color=colour, lw=1.3, solid_capstyle="butt", zorder=zorder)  # fmt: skip

    def distance_labels(self) -> list[LabelRequest]:
        """Short measurement labels of distance legs, beside the measuring line."""
        reqs = []
        distance = self.legs[self.legs["mode"] == "distance"] if len(self.legs) else self.legs
        for i, leg in distance.iterrows():
            text = distance_text(leg, lang=self.kit.lang, units=self.units)
            if not text:
                continue
            xy = self.drawn_xy[int(str(i))]
            seg = np.cumsum(np.r_[0.0, np.hypot(*np.diff(xy, axis=0).T)])
            # The middle first, then other stretches of the line (in the frame).
            at = [(float(np.interp(seg[-1] * f, seg, xy[:, 0])),
                   float(np.interp(seg[-1] * f, seg, xy[:, 1])))
                  for f in (0.5, 0.4, 0.6, 0.3, 0.7)]  # fmt: skip
            at = [p for p in at if self.inside(p, margin=0.02)]
            if not at:  # the measuring line runs outside the main frame
                continue
            # Arabic has no italic; slanted fallback faces also lack its glyphs.
            style = "normal" if has_rtl(text) else "italic"
            reqs.append(LabelRequest(at[0], self.kit.text(text), 15.0, size=self.pt(7.0),
                                     required=True,
                                     gap_pt=6.0, colour="#333333", style=style,
                                     alternatives=tuple(at[1:])))  # fmt: skip
        return reqs

    def place_rows(self) -> list[dict[str, Any]]:
        """Places shown at this scale, with priorities and the events they carry.

        A place hidden under a more important neighbour hands its events to it
        (a venue inside a city on a continental map).
        """
        legs = self.legs
        uses: dict[str, int] = {}
        for col in ("from_id", "to_id"):
            for pid in legs.get(col, []):
                uses[pid] = uses.get(pid, 0) + 1
        events_at: dict[str, list[int]] = {}
        for k, pid in enumerate(self.events.get("place_id", [])):
            events_at.setdefault(str(pid), []).append(k + 1)  # numbered as on the HTML map
        kind_rank = {"city": 6, "spaceport": 5, "airport": 3, "venue": 3, "port": 3,
                     "station": 2, "border-crossing": 2}  # fmt: skip
        rows = []
        for _, place in self.places.iterrows():
            pid = str(place["id"])
            x, y = self.frame.forward(np.array([place.geometry.x]), np.array([place.geometry.y]))
            prio = 10.0 * uses.get(pid, 0) + kind_rank.get(str(place["kind"]), 1)
            prio += 4.0 * len(events_at.get(pid, []))
            rows.append({"id": pid, "place": place, "xy": (float(x[0]), float(y[0])),
                         "priority": prio, "events": list(events_at.get(pid, []))})  # fmt: skip
        rows.sort(key=lambda r: (-r["priority"], r["id"]))
        kept: list[dict[str, Any]] = []
        radius = self.pt_to_m(9.0)
        self.outside = [row for row in rows if not self.inside(row["xy"])]  # the inset's
        for row in rows:
            if not self.inside(row["xy"]):
                continue
            near = [k for k in kept if np.hypot(row["xy"][0] - k["xy"][0],
                                                row["xy"][1] - k["xy"][1]) < radius]  # fmt: skip
            if near:  # hidden under a more important neighbour at this scale
                near[0]["events"] = sorted(near[0]["events"] + row["events"])
                continue
            kept.append(row)
        return kept

    def marker_boxes(self) -> list[Bbox]:
        """Display boxes of the place markers (before they are drawn)."""
        boxes = []
        px = self.fig.dpi / 72.0
        for row in self.kept:
            style = PLACE_KIND_STYLES.get(str(row["place"]["kind"]), DEFAULT_PLACE_STYLE)
            half = (style.size * PX_TO_PT * 1.15 / 2 + 2) * px
            d = self.ax.transData.transform(row["xy"])
            boxes.append(Bbox([[d[0] - half, d[1] - half], [d[0] + half, d[1] + half]]))
        return boxes

    def draw_places(self, avoid: Sequence[Bbox] = ()) -> list[Bbox]:
        boxes = self.marker_boxes()
        groups = []
        for row in self.kept:
            style = PLACE_KIND_STYLES.get(str(row["place"]["kind"]), DEFAULT_PLACE_STYLE)
            size = style.size * PX_TO_PT * 1.15
            x, y = row["xy"]
            self.ax.plot(x, y, marker=style.symbol, ms=size, mfc=style.colour, mec="white",
                         mew=1.0, zorder=22)  # fmt: skip
            groups.append((row["xy"], size / 2, row["events"]))
        return boxes + draw_badges(self.ax, groups, obstacles=[*boxes, *avoid],
                                   families=self.kit.families, rtl=self.kit.rtl)  # fmt: skip

    def draw_inset(self, obstacles: Sequence[Bbox]) -> Bbox | None:
        """The locator inset, when the framing asks for one; its display box."""
        if self.framing is None or not self.framing.inset:
            return None
        frame = self.story_frame
        lon, lat = coords([*self.leg_geoms, *self.places.geometry, *self.events.geometry])
        # The whole story and the main frame's outline (its corners reach beyond the content).
        (x0, x1), (y0, y1) = self.frame.xlim, self.frame.ylim
        s = np.linspace(0.0, 1.0, 9)
        rim_lon, rim_lat = self.frame.inverse(
            np.r_[x0 + (x1 - x0) * s, x1 + 0 * s, x0 + (x1 - x0) * s, x0 + 0 * s],
            np.r_[y0 + 0 * s, y0 + (y1 - y0) * s, y1 + 0 * s, y0 + (y1 - y0) * s])  # fmt: skip
        whole = fit_frame([*(frame.lon(x) for x in lon), *rim_lon], [*lat, *rim_lat],
                          lon_0=frame.lon_0, pad=(0.06, 0.0))  # fmt: skip
        (x0, x1), (y0, y1) = whole.xlim, whole.ylim
        renderer = _renderer(self.fig)
        lines = [self.ax.transData.transform(xy) for xy in self.drawn_xy if len(xy) > 1]
        box = choose_corner(self.ax, renderer, aspect=(y1 - y0) / (x1 - x0), rtl=self.kit.rtl,
                            lines=lines, boxes=[*obstacles, *self.marker_boxes()])  # fmt: skip
        outside = sorted(self.outside, key=lambda r: (-r["priority"], r["id"]))
        places = [InsetPlace(frame.lon(r["place"].geometry.x), r["place"].geometry.y,
                             self.kit.text(str(r["place"]["name"]), latin=latin_name(r["id"])),
                             labelled=True) for r in outside]  # fmt: skip
        pairs = zip(self.legs["mode"], self.legs["journey"], strict=True)
        colours = [self.theme.leg_style(m, "confirmed").colour or self.colours[j]
                   for m, j in pairs]  # fmt: skip
        self.inset_frame = whole
        self.inset_ax = draw_inset(self.ax, box, whole=whole, main=self.frame,
                                   legs=self.leg_geoms, colours=colours, places=places,
                                   families=self.kit.families, theme=self.theme,
                                   rtl=self.kit.rtl, renderer=renderer)  # fmt: skip
        return box

    def label_requests(self) -> list[LabelRequest]:
        reqs = []
        for row in self.kept:
            name = self.kit.text(str(row["place"]["name"]), latin=latin_name(row["id"]))
            major = row["priority"] >= 10
            reqs.append(LabelRequest(row["xy"], name, row["priority"],
                                     size=self.pt(9.0 if major else 7.8),
                                     weight="bold" if major else "normal",
                                     gap_pt=9.0 if major else 8.0, required=major))  # fmt: skip
        return reqs

    # --- furniture ----------------------------------------------------------------
    def legend_sections(self) -> tuple[list[Section], Section | None]:
        """The symbol sections, and the numbered events (set under them)."""
        kinds = {str(row["place"]["kind"]) for row in self.kept}  # only symbols on the map
        return legend_sections(self.legs, self.journeys, self.places, self.events,
                               kinds=kinds, kit=self.kit,
                               gauge_breaks=bool(len(self.gauge_breaks())),
                               theme=self.theme)  # fmt: skip

    def gauge_breaks(self) -> list[tuple[float, float]]:
        """Where trains change gauge (``BuiltStory.gauge_breaks``), in map units."""
        table = getattr(self.built, "gauge_breaks", None)
        if table is None or not len(table):
            return []
        lon = np.array([self.story_frame.lon(p.x) for p in table.geometry])
        x, y = self.frame.forward(lon, np.array([p.y for p in table.geometry]))
        points = [(float(a), float(b)) for a, b in zip(x, y, strict=True)]
        return [p for p in points if self.inside(p)]

    def draw_gauge_breaks(self) -> list[Bbox]:
        places = [(row["xy"], PLACE_KIND_STYLES.get(str(row["place"]["kind"]),
                                                    DEFAULT_PLACE_STYLE).size * PX_TO_PT * 0.6)
                  for row in self.kept]  # fmt: skip
        return draw_gauge_breaks(self.ax, self.gauge_breaks(), places)

    def credit_parts(self) -> list[str]:
        """The credit line's items: the theme's credit, sources, legmap."""
        kit = self.kit
        parts = [self.theme.credit] if self.theme.credit else []
        parts += [f"{t('credit.basemap', kit.lang)}: {self.basemap().credit}",
                  f"{t('credit.places', kit.lang)}: GeoNames, OSM, Wikipedia"]  # fmt: skip
        source = _story_source(self.built, kit.lang)
        if source and not kit.fallback:
            parts.append(f"{t('credit.story', kit.lang)}: {source}")
        parts.append(f"{t('credit.map', kit.lang)}: legmap")
        return parts

    def furniture(self) -> list[Bbox]:
        fig, kit = self.fig, self.kit
        x_title = 1 - _MARGIN_IN / self.width_in if kit.rtl else _MARGIN_IN / self.width_in
        ha = "right" if kit.rtl else "left"
        fig.text(x_title, 1 - 0.2 / self.height_in, kit.text(self.title_block.text), ha=ha,
                 va="top", fontsize=self.title_block.size, fontweight=self.theme.title_weight,
                 color="#111111", fontfamily=kit.families, multialignment=ha)  # fmt: skip
        sections, events = self.legend_sections()
        if sections or events:
            box = legend_box(sections, kit, wide=events, wide_rows=EVENT_ROWS,
                             fontsize=self.pt(7.5), max_width=self.legend_room(),
                             figure=fig)  # fmt: skip
            anchor = (x_title, (self.legend_in + self.credit_in - 0.14) / self.height_in)
            fig.add_artist(AnchoredOffsetbox(
                loc="upper right" if kit.rtl else "upper left", child=box, pad=0,
                borderpad=0, frameon=False, bbox_to_anchor=anchor,
                bbox_transform=fig.transFigure))  # fmt: skip
        fig.text(x_title, 0.12 / self.height_in, kit.text(self.credit_block.text), ha=ha,
                 va="bottom", fontsize=self.credit_block.size, color="#6b6b6b",
                 fontfamily=kit.families, multialignment=ha)  # fmt: skip
        if self.theme.logo is not None:
            x_logo = _MARGIN_IN if kit.rtl else self.width_in - _MARGIN_IN
            height = self.theme.logo_height_mm / _MM_PER_IN
            draw_logo(fig, self.theme.logo, x_in=x_logo, y_in=0.1, height_in=height,
                      right=not kit.rtl)  # fmt: skip
        renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
        if self.note_block is not None:
            y_note = 0.12 + _NOTE_IN + self.credit_block.extra_in()
            fig.text(x_title, y_note / self.height_in, kit.text(self.note_block.text), ha=ha,
                     va="bottom", fontsize=self.note_block.size, color="#333333",
                     fontfamily=kit.families, multialignment=ha)  # fmt: skip
        bar = scale_bar(self.ax, kit, units=self.units, fontsize=self.pt(7.0))
        return [bar.get_window_extent(renderer)]


def render_static(
    built: BuiltStory,
    *,
    fmt: str,
    options: RenderOptions | None = None,
    extent: tuple[float, float, float, float] | None = None,
    **overrides: Any,
) -> bytes:
    """Draw a story as a static map.

    Parameters
    ----------
    built : legmap.legs.build.BuiltStory
        The story's legs, places and events.
    fmt : str
        ``png`` or ``svg``.
    options : legmap.config.RenderOptions, optional
        Language and units (default: the story's), PNG width and dpi.
    extent : tuple of float, optional
        (minx, miny, maxx, maxy) lon/lat to show instead of the whole story,
        e.g. a city close-up; content outside is cut at the frame.
    **overrides
        Any :class:`~legmap.config.RenderOptions` field as a keyword, on top
        of `options`: ``render_static(built, fmt="png", lang="en", dpi=100)``.

    Returns
    -------
    bytes
        The PNG or SVG file.  SVG keeps text as ``<text>``; both are
        byte-for-byte reproducible for the same input and library versions.

    Raises
    ------
    legmap.errors.RenderError
        For an unknown `fmt` or a story with nothing to draw.

    Examples
    --------
    >>> import sys; sys.path.insert(0, "tests")
    >>> from _built_fixture import make_built
    >>> svg = render_static(make_built("ar"), fmt="svg")
    >>> "موسكو" in svg.decode()
    True
    """
    files = render_static_formats(built, formats=[fmt], options=options, extent=extent, **overrides)
    return files[fmt.lower().lstrip(".")]


def render_static_formats(
    built: BuiltStory,
    *,
    formats: Sequence[str],
    options: RenderOptions | None = None,
    extent: tuple[float, float, float, float] | None = None,
    **overrides: Any,
) -> dict[str, bytes]:
    """Draw the static map once and save it in each of `formats` (PNG and SVG).

    The same bytes as :func:`render_static` per format, for the price of one
    drawing: ``publish`` asks for PNG and SVG together.

    Examples
    --------
    >>> import sys; sys.path.insert(0, "tests")
    >>> from _built_fixture import make_built
    >>> files = render_static_formats(make_built("en"), formats=["png", "svg"], dpi=100)
    >>> sorted(files), files["png"][:4] == b"\\x89PNG"
    (['png', 'svg'], True)
    """
    wanted = [f.lower().lstrip(".") for f in formats]
    for fmt in wanted:
        if fmt not in _FORMATS:
            raise RenderError(f"unknown static format {fmt!r}; use one of {', '.join(_FORMATS)}")
    options = replace(options or RenderOptions(), **overrides)
    fig = render_figure(built, options=options, extent=extent)
    out: dict[str, bytes] = {}
    software = f"legmap {__version__} (matplotlib {matplotlib.__version__})"
    for fmt in dict.fromkeys(wanted):
        buf = io.BytesIO()
        with matplotlib.rc_context(_RC):  # type: ignore[arg-type]
            fig.savefig(buf, format=fmt, dpi=options.dpi, metadata=_metadata(fmt, built, software),
                        facecolor="white")  # fmt: skip
        out[fmt] = buf.getvalue()
        if fmt == "svg":  # the map's name and description for screen readers
            alt = alt_text(built, lang=options.lang, units=options.units)
            out[fmt] = svg_with_alt(out[fmt], title=built.title, alt=alt)
    return out


def _metadata(fmt: str, built: BuiltStory, software: str) -> dict[str, Any]:
    """File metadata without dates (same input, same bytes); a PDF carries the title."""
    if fmt == "svg":
        return {"Date": None, "Creator": software}
    if fmt == "pdf":
        return {"Title": built.title, "Creator": software, "Producer": software,
                "CreationDate": None, "ModDate": None}  # fmt: skip
    return {"Software": software}


def render_figure(
    built: BuiltStory,
    *,
    options: RenderOptions | None = None,
    extent: tuple[float, float, float, float] | None = None,
    **overrides: Any,
) -> Figure:
    """The static map as a matplotlib :class:`~matplotlib.figure.Figure`: what PNG and SVG save.

    Title, map, legend and credits, laid out for ``options.width_px`` at
    ``options.dpi``.  The figure is not managed by pyplot (``plt.show`` does
    not know it); a notebook shows it inline, ``fig.savefig`` writes it.
    Parameters as :func:`render_static`.

    Examples
    --------
    >>> import sys; sys.path.insert(0, "tests")
    >>> from _built_fixture import make_built
    >>> fig = render_figure(make_built("en"), width_px=800, dpi=100)
    >>> fig.get_size_inches()[0]
    np.float64(8.0)
    """
    options = replace(options or RenderOptions(), **overrides)
    return _draw(built, options, extent, ax=None).fig


def plot_map(
    built: BuiltStory,
    *,
    ax: Axes | None = None,
    options: RenderOptions | None = None,
    extent: tuple[float, float, float, float] | None = None,
    **overrides: Any,
) -> Axes:
    """Draw the map (basemap, legs, places, labels, scale bar) into matplotlib axes.

    Parameters
    ----------
    built : legmap.legs.build.BuiltStory
        The story's legs, places and events.
    ax : matplotlib.axes.Axes, optional
        Where to draw; by default a new pyplot figure (shown by ``plt.show()``
        or inline in a notebook).  The axes get the map's projection (metres,
        Lambert azimuthal equal-area), equal aspect and no ticks; title, legend
        and credits are left to the caller (:func:`render_figure` has them).
    options, extent, **overrides
        As for :func:`render_static`.

    Returns
    -------
    matplotlib.axes.Axes
        `ax`, or the new axes.
    """
    options = replace(options or RenderOptions(), **overrides)
    if ax is None:
        import matplotlib.pyplot as plt  # noqa: PLC0415  (only when the caller has no axes)

        side = options.width_px / options.dpi
        _, ax = plt.subplots(figsize=(side, side * 0.75))
    return _draw(built, options, extent, ax=ax).ax


def _draw(
    built: BuiltStory,
    options: RenderOptions,
    extent: tuple[float, float, float, float] | None,
    *,
    ax: Axes | None,
) -> _Map:
    """Draw the map on a new legmap figure, or into `ax`."""
    if extent is not None:
        hint = swapped_hint(extent[0], extent[1]) or swapped_hint(extent[2], extent[3])
        if hint:
            raise RenderError(f"extent is (min_lon, min_lat, max_lon, max_lat): {hint}")
    lang = options.lang or built.lang
    units = options.units or built.units
    theme = resolve_theme(options.theme)
    with matplotlib.rc_context(_RC):  # type: ignore[arg-type]
        kit = make_text_kit(lang, fonts=theme.fonts)
        title = built.title
        if kit.fallback:
            story = built.story
            english = story.text(story.title, "en") if story is not None else None
            title = kit.text(title, latin=english or " / ".join(
                latin_name(j) for j in dict.fromkeys(built.legs["journey"])))  # fmt: skip
        m = _Map(built, options, kit, units, extent, theme=theme, title=title)
        if ax is None:
            fig = m.figure()
        else:
            m.attach(ax)
            fig = m.fig
        m.draw_basemap()
        m.draw_legs()
        if ax is None:
            obstacles = m.furniture()
        else:
            bar = scale_bar(m.ax, kit, units=units, fontsize=m.pt(7.0))
            obstacles = [bar.get_window_extent(_renderer(fig))]
        inset = m.draw_inset(obstacles)
        if inset is not None:
            obstacles.append(inset)
        obstacles += m.draw_places(avoid=obstacles)
        obstacles += m.draw_gauge_breaks()
        renderer = _renderer(fig)
        lines = [m.ax.transData.transform(xy) for xy in m.drawn_xy if len(xy) > 1]
        requests = m.label_requests() + m.distance_labels()
        if not m.big:  # a network of thousands of legs has no room for country names
            requests += country_requests(m.frame, kit, size=m.pt(7.5))
        place_labels(m.ax, renderer, requests, families=kit.families, rtl=kit.rtl,
                     obstacles=obstacles, lines=lines, thin=m.big)  # fmt: skip
        if ax is not None:
            # The caller's figure may be saved "tight" (notebooks show figures so): what
            # lies off the frame (Moscow's label on a Vladivostok close-up) must not count.
            for artist in [*ax.lines, *ax.texts, *ax.patches, *ax.collections, *ax.artists]:
                artist.set_clip_path(ax.patch)
                artist.set_clip_on(True)
    return m


def _renderer(fig: Figure) -> Any:
    get = getattr(fig.canvas, "get_renderer", None)
    return get() if get is not None else fig._get_renderer()  # type: ignore[attr-defined]


class _MapFigure(Figure):
    """A legmap figure: a notebook shows it inline as PNG, without pyplot."""

    def _repr_png_(self) -> bytes:
        buf = io.BytesIO()
        self.savefig(buf, format="png", facecolor="white")
        return buf.getvalue()
