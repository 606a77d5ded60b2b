"""Static maps for reports: PNG and SVG through matplotlib.

A locator-map look (muted land, light water, thin borders, strong route
colours) in a projection fitted to the story: Lambert azimuthal equal-area
centred on the content, so a Pyongyang-to-Moscow overview and a Vladivostok
close-up both keep true shapes and areas.  Symbols come from
:mod:`legmap.render.style`, the land from :mod:`legmap.render._basemap` (offline), interface
strings from :mod:`legmap._i18n`; labels are shaped for Arabic and drawn with
a CJK font for Korean.

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
from typing import Any

import geopandas as gpd
import matplotlib
import numpy as np
import shapely
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.offsetbox import AnchoredOffsetbox
from matplotlib.patches import FancyArrowPatch
from matplotlib.transforms import Bbox

from legmap._i18n import t
from legmap._version import __version__
from legmap.config import RenderOptions
from legmap.errors import RenderError
from legmap.legs.build import BuiltStory
from legmap.render import _basemap
from legmap.render.static._geom import MapFrame, coords, fit_frame, offset_lines
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
from legmap.render.static._marks import claim_note, distance_text, draw_badges
from legmap.render.static._text import TextKit, has_rtl, latin_name, make_text_kit
from legmap.render.style import (
    CERTAINTIES,
    DEFAULT_PLACE_STYLE,
    PLACE_KIND_STYLES,
    journey_colour,
    leg_style,
)

__all__ = ["MapFrame", "fit_frame", "render_static"]

_FORMATS = ("png", "svg")
_RC: dict[str, Any] = {
    "svg.fonttype": "none",  # text stays text: searchable, translatable, editable
    "svg.hashsalt": "legmap",  # stable element ids: same input, same bytes
    "lines.scale_dashes": False,  # style.py's dashes are absolute, like Leaflet's
    "path.simplify": True,
    "font.size": 8.0,
}
_MARGIN_IN = 0.28
_TITLE_IN = 0.62
_CREDIT_IN = 0.30
_NOTE_IN = 0.17  # one line of notes (claim checks) above the credits
_MAX_NOTE_PT = 6.5


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
                 units: str, extent: tuple[float, float, float, float] | None) -> None:  # fmt: skip
        self.built, self.options, self.kit, self.units = built, options, kit, units
        legs = built.legs if built.legs is not None else gpd.GeoDataFrame()
        self.legs = legs.reset_index(drop=True)
        self.places = built.places.reset_index(drop=True)
        self.events = built.events.reset_index(drop=True)
        if extent is not None:
            minx, miny, maxx, maxy = extent
            lon, lat = [minx, maxx, minx, maxx], [miny, miny, maxy, maxy]
        else:
            geoms = [*self.legs.geometry, *self.places.geometry, *self.events.geometry]
            lon, lat = coords(geoms)
        self.frame = fit_frame(lon, lat)
        self.journeys = list(dict.fromkeys(self.legs["journey"])) if len(self.legs) else []
        self.width_in = options.width_px / options.dpi
        self.kept = self.place_rows()
        checks = [dict(leg) for _, leg in self.legs.iterrows()]
        if kit.fallback:  # names the font cannot draw: Latin ones made from the ids
            for leg in checks:
                for end in ("from", "to"):
                    leg[f"{end}_name"] = latin_name(str(leg.get(f"{end}_id", "")))
        self.note = claim_note(checks, lang=kit.lang, units=units)
        self.credit_in = _CREDIT_IN + (_NOTE_IN if self.note else 0.0)

    # --- layout -----------------------------------------------------------------
    def figure(self) -> Figure:
        width_in = self.width_in
        map_w = width_in - 2 * _MARGIN_IN
        (x0, x1), (y0, y1) = self.frame.xlim, self.frame.ylim
        map_h = map_w * (y1 - y0) / (x1 - x0)
        legend_in = self.legend_height(width_in) + 0.3
        height_in = _TITLE_IN + map_h + legend_in + self.credit_in
        fig = Figure(figsize=(width_in, height_in), dpi=self.options.dpi, facecolor="white")
        FigureCanvasAgg(fig)
        self.ax = fig.add_axes((_MARGIN_IN / width_in, (legend_in + self.credit_in) / height_in,
                                map_w / width_in, map_h / height_in))  # fmt: skip
        self.ax.set_xlim(x0, x1)
        self.ax.set_ylim(y0, y1)
        self.ax.set_aspect("equal", adjustable="box")
        self.ax.set_xticks([])
        self.ax.set_yticks([])
        self.ax.set_facecolor(_basemap.WATER_COLOUR)
        for spine in self.ax.spines.values():
            spine.set(edgecolor="#b0b0b0", linewidth=0.6)
        self.fig, self.height_in = fig, height_in
        self.legend_in = legend_in
        return fig

    def legend_height(self, width_in: float) -> float:
        """Height of the legend in inches, measured on a scratch figure."""
        sections, events = self.legend_sections()
        if not sections and not events:
            return 0.0
        scratch = Figure(figsize=(width_in, 4.0), dpi=self.options.dpi)
        FigureCanvasAgg(scratch)
        child = legend_box(sections, self.kit, wide=events, wide_rows=EVENT_ROWS)
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
    def draw_basemap(self) -> None:
        bbox = self.frame.lonlat_bbox()
        bm = _basemap.load_basemap(bbox, scale_km=self.frame.width_km)
        self.credit_basemap = bm.credit
        step = max(self.frame.width_km / 111.0 / 300.0, 0.002)  # degrees, ~1/300 of the map
        for gdf, kw in (
            (bm.land, {"facecolor": _basemap.LAND_COLOUR, "edgecolor": _basemap.COAST_COLOUR,
                       "linewidth": 0.45, "zorder": 1}),
            (bm.borders, {"color": _basemap.BORDER_COLOUR, "linewidth": 0.6, "zorder": 2}),
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
        out = []
        for geom in self.legs.geometry:
            dense = shapely.segmentize(geom, 0.25)
            xy = shapely.get_coordinates(dense)
            x, y = self.frame.forward(xy[:, 0], xy[:, 1])
            line = shapely.LineString(np.column_stack([x, y]))
            # Rail detail finer than half a point only makes offset lines ragged.
            line = line.simplify(self.pt_to_m(0.5))
            out.append(shapely.get_coordinates(line))
        return out

    def draw_legs(self) -> None:
        self.leg_xy = self.projected_legs()
        pairs = zip(self.legs["mode"], self.legs["certainty"], strict=True)
        widths = [leg_style(m, c).weight for m, c in pairs]
        spacing = self.pt_to_m(max(widths, default=3.0) * PX_TO_PT + 2.5)
        drawn = offset_lines(self.leg_xy, spacing)
        rank = {c: i for i, c in enumerate(CERTAINTIES)}
        legs = self.legs

        # Measuring lines under routes; within routes the least certain first.
        def key(i: int) -> tuple[bool, int, int]:
            return (legs.at[i, "mode"] != "distance", -rank.get(legs.at[i, "certainty"], 0), i)

        order = sorted(range(len(legs)), key=key)
        self.drawn_xy = drawn
        for z, i in enumerate(order):
            leg = self.legs.iloc[i]
            style = leg_style(leg["mode"], leg["certainty"])
            colour = journey_colour(self.journeys.index(leg["journey"]))
            xy = drawn[i]
            for line in leg_lines(xy[:, 0], xy[:, 1], style, colour, zorder=10 + z):
                self.ax.add_line(line)
            if style.arrow and len(xy) > 2:
                self._arrow(xy, style.colour or colour, style.weight * PX_TO_PT, 10 + z + 0.3)
            if style.end_bars:
                self._end_bars(xy, style.colour or colour, 10 + z + 0.3)

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
        for i, leg in self.legs.iterrows():
            if leg["mode"] != "distance":
                continue
            text = distance_text(leg, lang=self.kit.lang, units=self.units)
            if not text:
                continue
            xy = self.drawn_xy[int(str(i))]
            seg = np.cumsum(np.r_[0.0, np.hypot(*np.diff(xy, axis=0).T)])
            # The middle first, then other stretches of the line.
            at = [(float(np.interp(seg[-1] * f, seg, xy[:, 0])),
                   float(np.interp(seg[-1] * f, seg, xy[:, 1])))
                  for f in (0.5, 0.4, 0.6, 0.3, 0.7)]  # fmt: skip
            # Arabic has no italic; slanted fallback faces also lack its glyphs.
            style = "normal" if has_rtl(text) else "italic"
            reqs.append(LabelRequest(at[0], self.kit.text(text), 15.0, size=7.0, required=True,
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
        for row in rows:
            near = [k for k in kept if np.hypot(row["xy"][0] - k["xy"][0],
                                                row["xy"][1] - k["xy"][1]) < radius]  # fmt: skip
            if near:  # hidden under a more important neighbour at this scale
                near[0]["events"] = sorted(near[0]["events"] + row["events"])
                continue
            kept.append(row)
        return kept

    def draw_places(self) -> list[Bbox]:
        boxes = []
        px = self.fig.dpi / 72.0
        groups = []
        for row in self.kept:
            style = PLACE_KIND_STYLES.get(str(row["place"]["kind"]), DEFAULT_PLACE_STYLE)
            size = style.size * PX_TO_PT * 1.15
            x, y = row["xy"]
            self.ax.plot(x, y, marker=style.symbol, ms=size, mfc=style.colour, mec="white",
                         mew=1.0, zorder=22)  # fmt: skip
            half = (size / 2 + 2) * px
            d = self.ax.transData.transform(row["xy"])
            boxes.append(Bbox([[d[0] - half, d[1] - half], [d[0] + half, d[1] + half]]))
            groups.append((row["xy"], size / 2, row["events"]))
        return boxes + draw_badges(self.ax, groups, obstacles=boxes, families=self.kit.families,
                                   rtl=self.kit.rtl)  # fmt: skip

    def label_requests(self) -> list[LabelRequest]:
        reqs = []
        for row in self.kept:
            name = self.kit.text(str(row["place"]["name"]), latin=latin_name(row["id"]))
            major = row["priority"] >= 10
            reqs.append(LabelRequest(row["xy"], name, row["priority"],
                                     size=9.0 if major else 7.8,
                                     weight="bold" if major else "normal",
                                     gap_pt=9.0 if major else 8.0, required=major))  # fmt: skip
        return reqs

    # --- furniture ----------------------------------------------------------------
    def legend_sections(self) -> tuple[list[Section], Section | None]:
        """The symbol sections, and the numbered events (set under them)."""
        kinds = {str(row["place"]["kind"]) for row in self.kept}  # only symbols on the map
        return legend_sections(self.legs, self.journeys, self.places, self.events,
                               kinds=kinds, kit=self.kit)  # fmt: skip

    def furniture(self, title: str) -> list[Bbox]:
        fig, kit = self.fig, self.kit
        x_title = 1 - _MARGIN_IN / self.width_in if kit.rtl else _MARGIN_IN / self.width_in
        fig.text(x_title, 1 - 0.2 / self.height_in, kit.text(title), ha="right" if kit.rtl
                 else "left", va="top", fontsize=15, fontweight="bold", color="#111111",
                 fontfamily=kit.families)  # fmt: skip
        sections, events = self.legend_sections()
        if sections or events:
            box = legend_box(sections, kit, wide=events, wide_rows=EVENT_ROWS)
            anchor = (x_title, (self.legend_in + self.credit_in - 0.14) / self.height_in)
            fig.add_artist(AnchoredOffsetbox(
                loc="upper right" if kit.rtl else "upper left", child=box, pad=0,
                borderpad=0, frameon=False, bbox_to_anchor=anchor,
                bbox_transform=fig.transFigure))  # fmt: skip
        parts = [f"{t('credit.basemap', kit.lang)}: {self.credit_basemap}",
                 f"{t('credit.places', kit.lang)}: GeoNames, OSM, Wikipedia"]  # fmt: skip
        source = _story_source(self.built, kit.lang)
        if source and not kit.fallback:
            parts.append(f"{t('credit.story', kit.lang)}: {source}")
        parts.append(f"{t('credit.map', kit.lang)}: legmap")
        fig.text(x_title, 0.12 / self.height_in, kit.text("  ·  ".join(parts)),
                 ha="right" if kit.rtl else "left", va="bottom", fontsize=6.0, color="#6b6b6b",
                 fontfamily=kit.families)  # fmt: skip
        renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
        if self.note:  # one line; smaller type rather than a second line
            note = fig.text(x_title, (0.12 + _NOTE_IN) / self.height_in, kit.text(self.note),
                            ha="right" if kit.rtl else "left", va="bottom",
                            fontsize=_MAX_NOTE_PT, color="#333333",
                            fontfamily=kit.families)  # fmt: skip
            room = (self.width_in - 2 * _MARGIN_IN) * fig.dpi
            width = note.get_window_extent(renderer).width
            if width > room:
                note.set_fontsize(max(4.5, _MAX_NOTE_PT * room / width * 0.98))
        bar = scale_bar(self.ax, kit, units=self.units)
        return [bar.get_window_extent(renderer)]


def render_static(
    built: BuiltStory,
    *,
    fmt: str,
    options: RenderOptions = RenderOptions(),  # noqa: B008  (frozen, safe as default)
    extent: tuple[float, float, float, float] | None = None,
) -> bytes:
    """Draw a story as a static map.

    Parameters
    ----------
    built : legmap.legs.build.BuiltStory
        The story's legs, places and events.
    fmt : str
        ``png`` or ``svg``.
    options : legmap.config.RenderOptions
        Language and units (default: the story's), PNG width and dpi.
    extent : tuple of float, optional
        (minx, miny, maxx, maxy) lon/lat to show instead of the whole story,
        e.g. a city close-up; content outside is cut at the frame.

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
    fmt = fmt.lower().lstrip(".")
    if fmt not in _FORMATS:
        raise RenderError(f"unknown static format {fmt!r}; use one of {', '.join(_FORMATS)}")
    lang = options.lang or built.lang
    units = options.units or built.units
    with matplotlib.rc_context(_RC):  # type: ignore[arg-type]
        kit = make_text_kit(lang)
        title = built.title
        if kit.fallback:
            story = built.story
            english = story.text(story.title, "en") if story is not None else None
            title = kit.text(title, latin=english or " / ".join(
                latin_name(j) for j in dict.fromkeys(built.legs["journey"])))  # fmt: skip
        m = _Map(built, options, kit, units, extent)
        fig = m.figure()
        m.draw_basemap()
        m.draw_legs()
        obstacles = m.furniture(title)
        obstacles += m.draw_places()
        renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
        lines = [m.ax.transData.transform(xy) for xy in m.drawn_xy if len(xy) > 1]
        requests = m.label_requests() + m.distance_labels()
        place_labels(m.ax, renderer, requests, families=kit.families, rtl=kit.rtl,
                     obstacles=obstacles, lines=lines)  # fmt: skip
        buf = io.BytesIO()
        software = f"legmap {__version__} (matplotlib {matplotlib.__version__})"
        metadata = {"Date": None, "Creator": software} if fmt == "svg" else {"Software": software}
        fig.savefig(buf, format=fmt, dpi=options.dpi, metadata=metadata, facecolor="white")
    return buf.getvalue()
