"""Static maps for reports: PNG and SVG through matplotlib.

A locator-map look (muted land, light water, thin borders, strong route
colours) in a projection fitted to the story: Lambert azimuthal equal-area
centred on the content, so a Pyongyang-to-Moscow overview and a Vladivostok
close-up both keep true shapes and areas.  Symbols come from
:mod:`legmap.style`, the land from :mod:`legmap._basemap` (offline), interface
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
import textwrap
from typing import Any

import geopandas as gpd
import matplotlib
import numpy as np
import pandas as pd
import shapely
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.offsetbox import AnchoredOffsetbox, DrawingArea
from matplotlib.patches import FancyArrowPatch
from matplotlib.transforms import Bbox

from legmap import _basemap
from legmap._i18n import format_km, t
from legmap._static_geom import MapFrame, coords, fit_frame, offset_lines
from legmap._static_labels import LabelRequest, place_labels
from legmap._static_legend import PX_TO_PT, leg_lines, legend_box, scale_bar
from legmap._static_text import TextKit, has_rtl, latin_name, make_text_kit
from legmap._version import __version__
from legmap.config import RenderOptions
from legmap.errors import RenderError
from legmap.routes import BuiltStory
from legmap.style import (
    CERTAINTIES,
    CERTAINTY_STYLES,
    DEFAULT_PLACE_STYLE,
    MODES,
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
_EVENT_COLOUR = "#6A3D9A"
_NEUTRAL = "#4d4d4d"
_MARGIN_IN = 0.28
_TITLE_IN = 0.62
_CREDIT_IN = 0.30


def _story_source(built: BuiltStory, lang: str) -> str | None:
    story = built.story
    source = getattr(story, "source", None)
    if not source:
        return None
    if isinstance(source, dict):
        return source.get(lang) or next(iter(source.values()), None)
    return str(source)


def _marker_row(kind: str, *, ring: bool = False) -> Any:
    """A legend row drawer: the place marker of `kind`, with the event ring if asked."""
    style = PLACE_KIND_STYLES.get(kind, DEFAULT_PLACE_STYLE)
    size = style.size * PX_TO_PT * 1.15

    def draw(area: DrawingArea) -> None:
        if ring:
            area.add_artist(Line2D([13], [5], marker="o", ms=size + 7, mfc="none",
                                   mec=_EVENT_COLOUR, mew=1.4))  # fmt: skip
        area.add_artist(Line2D([13], [5], marker=style.symbol, ms=size, mfc=style.colour,
                               mec="white", mew=1.0))  # fmt: skip

    return draw


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

    # --- layout -----------------------------------------------------------------
    def figure(self) -> Figure:
        width_in = self.options.width_px / self.options.dpi
        map_w = width_in - 2 * _MARGIN_IN
        (x0, x1), (y0, y1) = self.frame.xlim, self.frame.ylim
        map_h = map_w * (y1 - y0) / (x1 - x0)
        legend_in = self.legend_height(width_in) + 0.3
        height_in = _TITLE_IN + map_h + legend_in + _CREDIT_IN
        fig = Figure(figsize=(width_in, height_in), dpi=self.options.dpi, facecolor="white")
        FigureCanvasAgg(fig)
        self.ax = fig.add_axes((_MARGIN_IN / width_in, (legend_in + _CREDIT_IN) / height_in,
                                map_w / width_in, map_h / height_in))  # fmt: skip
        self.ax.set_xlim(x0, x1)
        self.ax.set_ylim(y0, y1)
        self.ax.set_aspect("equal", adjustable="box")
        self.ax.set_xticks([])
        self.ax.set_yticks([])
        self.ax.set_facecolor(_basemap.WATER_COLOUR)
        for spine in self.ax.spines.values():
            spine.set(edgecolor="#b0b0b0", linewidth=0.6)
        self.fig, self.width_in, self.height_in = fig, width_in, height_in
        self.legend_in = legend_in
        return fig

    def legend_height(self, width_in: float) -> float:
        """Height of the legend in inches, measured on a scratch figure."""
        sections = self.legend_sections()
        if not sections:
            return 0.0
        scratch = Figure(figsize=(width_in, 4.0), dpi=self.options.dpi)
        FigureCanvasAgg(scratch)
        box = AnchoredOffsetbox(loc="upper left", child=legend_box(sections, self.kit),
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
        """Measurement labels of distance legs: the claim, then the verdict."""
        reqs = []
        for i, leg in self.legs.iterrows():
            if leg["mode"] != "distance":
                continue
            xy = self.drawn_xy[int(str(i))]
            claim = leg.get("claim_km")
            km = claim if claim is not None and not pd.isna(claim) else leg.get("length_km")
            if km is None or pd.isna(km):
                continue
            dist = format_km(float(km), units=self.units, lang=self.kit.lang)
            lines = [t("claim", self.kit.lang, dist=dist) if not pd.isna(claim) else dist]
            if isinstance(leg.get("verdict_text"), str) and not self.kit.fallback:
                lines += textwrap.wrap(leg["verdict_text"], 40)
            mid = xy[len(xy) // 2]
            text = "\n".join(lines)
            # Arabic has no italic; slanted fallback faces also lack its glyphs.
            style = "normal" if has_rtl(text) else "italic"
            reqs.append(LabelRequest((float(mid[0]), float(mid[1])),
                                     self.kit.text(text), 15.0, size=7.0, required=True,
                                     gap_pt=4.0, colour="#333333", style=style))  # fmt: skip
        return reqs

    def place_rows(self) -> list[dict[str, Any]]:
        """Places and their events, with priorities; near-duplicates merged."""
        legs = self.legs
        uses: dict[str, int] = {}
        for col in ("from_id", "to_id"):
            for pid in legs.get(col, []):
                uses[pid] = uses.get(pid, 0) + 1
        events_at: dict[str, list[pd.Series]] = {}
        for _, ev in self.events.iterrows():
            events_at.setdefault(str(ev["place_id"]), []).append(ev)
        kind_rank = {"city": 6, "spaceport": 5, "airport": 3, "venue": 3, "port": 3,
                     "station": 2, "border-crossing": 2}  # fmt: skip
        rows = []
        for _, place in self.places.iterrows():
            pid = str(place["id"])
            x, y = self.frame.forward(np.array([place.geometry.x]), np.array([place.geometry.y]))
            prio = 10.0 * uses.get(pid, 0) + kind_rank.get(str(place["kind"]), 1)
            prio += 4.0 * len(events_at.get(pid, []))
            rows.append({"id": pid, "place": place, "xy": (float(x[0]), float(y[0])),
                         "priority": prio, "events": events_at.get(pid, [])})  # fmt: skip
        rows.sort(key=lambda r: (-r["priority"], r["id"]))
        kept: list[dict[str, Any]] = []
        radius = 9.0 * self.fig.dpi / 72.0
        for row in rows:
            disp = self.ax.transData.transform(row["xy"])
            if any(np.hypot(*(disp - k["disp"])) < radius for k in kept):
                continue  # hidden under a more important neighbour at this scale
            row["disp"] = disp
            kept.append(row)
        return kept

    def draw_places(self) -> list[Bbox]:
        boxes = []
        self.kept = self.place_rows()
        px = self.fig.dpi / 72.0
        for row in self.kept:
            style = PLACE_KIND_STYLES.get(str(row["place"]["kind"]), DEFAULT_PLACE_STYLE)
            size = style.size * PX_TO_PT * 1.15
            x, y = row["xy"]
            if row["events"]:
                factors = [
                    CERTAINTY_STYLES[str(e["certainty"])].opacity_factor
                    for e in row["events"]
                    if str(e["certainty"]) in CERTAINTY_STYLES
                ]
                best = max(factors, default=1.0)  # the surest event sets the ring
                self.ax.plot(x, y, marker="o", ms=size + 7, mfc="none", mec=_EVENT_COLOUR,
                             mew=1.4, alpha=best, zorder=21)  # fmt: skip
            self.ax.plot(x, y, marker=style.symbol, ms=size, mfc=style.colour, mec="white",
                         mew=1.0, zorder=22)  # fmt: skip
            half = (size / 2 + 2) * px
            d = row["disp"]
            boxes.append(Bbox([[d[0] - half, d[1] - half], [d[0] + half, d[1] + half]]))
        return boxes

    def label_requests(self) -> list[LabelRequest]:
        reqs = []
        for row in self.kept:
            place = row["place"]
            name = self.kit.text(str(place["name"]), latin=latin_name(row["id"]))
            major = row["priority"] >= 10
            if row["events"] and not self.kit.fallback:
                detail = []
                for ev in row["events"][:2]:
                    line = str(ev["label"])
                    if isinstance(ev.get("date"), str) and ev["date"]:
                        line += f" ({str(ev['date']).replace('/', ' – ')})"
                    detail += textwrap.wrap(line, 42)
                text = name + "\n" + self.kit.text("\n".join(detail))
                reqs.append(LabelRequest(row["xy"], text, row["priority"], size=7.2,
                                         gap_pt=9.0, colour="#333333"))  # fmt: skip
            else:
                reqs.append(LabelRequest(row["xy"], name, row["priority"],
                                         size=9.0 if major else 7.8,
                                         weight="bold" if major else "normal",
                                         gap_pt=9.0 if major else 8.0, required=major))  # fmt: skip
        return reqs

    # --- furniture ----------------------------------------------------------------
    def legend_sections(self) -> list[tuple[str, list[tuple[Any, str]]]]:
        lang = self.kit.lang
        legs = self.legs
        sections: list[tuple[str, list[tuple[Any, str]]]] = []

        def line_row(mode: str, certainty: str, colour: str) -> Any:
            def draw(area: DrawingArea) -> None:
                for line in leg_lines([2, 24], [5, 5], leg_style(mode, certainty), colour):
                    area.add_artist(line)

            return draw

        present = [m for m in MODES if m in set(legs.get("mode", []))]
        if present:
            sections.append((t("modes", lang), [
                (line_row(m, "confirmed", _NEUTRAL), t(f"mode.{m}", lang))
                for m in present]))  # fmt: skip
        certs = [c for c in CERTAINTIES if c in set(legs.get("certainty", []))]
        if len(certs) > 1 or certs[:1] not in ([], ["confirmed"]):
            sections.append((t("certainty", lang), [
                (line_row("road", c, _NEUTRAL), t(f"certainty.{c}", lang))
                for c in certs]))  # fmt: skip
        journeys = []
        for i, jid in enumerate(self.journeys):
            sub = legs[legs["journey"] == jid]
            if all(leg_style(m, "confirmed").colour for m in sub["mode"]):
                continue  # drawn in a fixed colour (distance checks): not a coloured route
            title = str(sub["journey_title"].iloc[0] or jid)
            if self.kit.fallback:
                title = self.kit.text(title, latin=latin_name(jid))
            journeys.append((line_row("road", "confirmed", journey_colour(i)),
                             "\n".join(textwrap.wrap(title, 34))))  # fmt: skip
        if journeys:
            sections.append((t("journeys", lang), journeys))
        kinds = [k for k in PLACE_KIND_STYLES if k in set(self.places.get("kind", []))]
        rows: list[tuple[Any, str]] = [(_marker_row(k), t(f"kind.{k}", lang)) for k in kinds]
        if len(self.events):
            rows.append((_marker_row("city", ring=True), t("events", lang)))
        if rows:
            sections.append((t("places", lang), rows))
        return sections

    def furniture(self, title: str) -> list[Bbox]:
        fig, kit = self.fig, self.kit
        x_title = 1 - _MARGIN_IN / self.width_in if kit.rtl else _MARGIN_IN / self.width_in
        fig.text(x_title, 1 - 0.2 / self.height_in, kit.text(title), ha="right" if kit.rtl
                 else "left", va="top", fontsize=15, fontweight="bold", color="#111111",
                 fontfamily=kit.families)  # fmt: skip
        sections = self.legend_sections()
        if sections:
            box = legend_box(sections, kit)
            anchor = (x_title, (self.legend_in + _CREDIT_IN - 0.14) / self.height_in)
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
    built : legmap.routes.BuiltStory
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
        pts = np.concatenate(m.drawn_xy) if m.drawn_xy else np.empty((0, 2))
        line_pts = m.ax.transData.transform(pts) if len(pts) else pts
        requests = m.label_requests() + m.distance_labels()
        place_labels(m.ax, renderer, requests, families=kit.families, rtl=kit.rtl,
                     obstacles=obstacles, line_points=line_pts)  # fmt: skip
        buf = io.BytesIO()
        software = f"legmap {__version__} (matplotlib {matplotlib.__version__})"
        metadata = {"Date": None, "Creator": software} if fmt == "svg" else {"Software": software}
        fig.savefig(buf, format=fmt, dpi=options.dpi, metadata=metadata, facecolor="white")
    return buf.getvalue()
