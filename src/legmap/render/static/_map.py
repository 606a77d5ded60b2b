"""The state of one static map being drawn, shared by the drawing steps.

:class:`MapState` holds the story's legs, places and events in one longitude
frame, the fitted projection, the page's width and text scale, the places kept
at this scale and the claim note; the steps (:mod:`._page`, the ``_*_layer``
modules, :mod:`._inset`) add the figure, the axes and what they drew.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from legmap.config import RenderOptions
from legmap.legs.build import BuiltStory
from legmap.render import _basemap
from legmap.render._frame import StoryFrame
from legmap.render._framing import Framing, frame_for
from legmap.render.static._furniture import TextBlock
from legmap.render.static._geom import MapFrame, coords, fit_frame
from legmap.render.static._marks import claim_note
from legmap.render.static._page import CREDIT_IN, MARGIN_IN, MIN_PT, MM_PER_IN, NOTE_IN, text_scale
from legmap.render.static._places_layer import place_rows
from legmap.render.static._text import TextKit, latin_name
from legmap.render.style import BIG_STORY_LEGS, with_drawn_modes
from legmap.render.theme import Theme

__all__ = ["MapState"]

#: Shape of a map framed on part of a story: it may be taller (height / width) than
#: a whole story's (``_geom._ASPECT``), for a story that runs north-south.
_FOCUS_ASPECT = (0.56, 1.5)
_FOCUS_PAD = (0.10, 0.0)


class MapState:
    """One map being drawn (state shared by the drawing steps)."""

    # Set by the drawing steps: the figure and axes (_page), the bands of the page
    # (_page.new_figure), the projected and drawn legs (_legs_layer).
    ax: Axes
    fig: Figure
    title_block: TextBlock
    credit_block: TextBlock
    note_block: TextBlock | None
    logo_in: float
    title_in: float
    height_in: float
    legend_in: float
    leg_xy: list[np.ndarray]
    drawn_xy: list[np.ndarray]

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
            self.width_in = options.width_mm / MM_PER_IN
        else:
            self.width_in = options.width_px / options.dpi
        self.scale = theme.text_scale * text_scale(self.width_in)
        self.kept, self.outside = place_rows(self)
        self.big = len(self.legs) > BIG_STORY_LEGS  # collections, thinned labels: _bulk
        distance = self.legs[self.legs["mode"] == "distance"] if len(self.legs) else self.legs
        checks = distance.drop(columns=["geometry"], errors="ignore").to_dict("records")
        if kit.fallback:  # names the font cannot draw: Latin ones made from the ids
            for leg in checks:
                for end in ("from", "to"):
                    leg[f"{end}_name"] = latin_name(str(leg.get(f"{end}_id", "")))
        self.note = claim_note(checks, lang=kit.lang, units=units)
        self.credit_in = CREDIT_IN + (NOTE_IN if self.note else 0.0)

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
        return size if self.scale == 1.0 else max(MIN_PT, size * self.scale)

    def inside(self, xy: tuple[float, float], *, margin: float = 0.0) -> bool:
        """Whether a projected point lies in the map's frame (`margin`: share of its size)."""
        (x0, x1), (y0, y1) = self.frame.xlim, self.frame.ylim
        mx, my = (x1 - x0) * margin, (y1 - y0) * margin
        return bool(x0 + mx <= xy[0] <= x1 - mx and y0 + my <= xy[1] <= y1 - my)

    def pt_to_m(self, pt: float) -> float:
        """A length in points on the page, in the map's metres."""
        (x0, x1) = self.frame.xlim
        return pt * (x1 - x0) / ((self.width_in - 2 * MARGIN_IN) * 72.0)

    def basemap(self) -> _basemap.Basemap:
        """The basemap clipped to the frame (read once per map)."""
        if self._basemap is None:
            bbox = self.frame.lonlat_bbox()
            self._basemap = _basemap.load_basemap(bbox, scale_km=self.frame.width_km)
        return self._basemap
