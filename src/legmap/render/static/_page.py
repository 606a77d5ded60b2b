"""Page layout of a static map: the bands of the page and what is drawn in them.

Title, map, legend and credits (with the claim note) are stacked in bands sized
in inches for the page's width, with text scaled to that width; this module
makes the figure and its map axes (or frames the caller's axes) and draws the
title, legend, credits, note, logo and scale bar around the map.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, Any

from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.offsetbox import AnchoredOffsetbox
from matplotlib.transforms import Bbox

from legmap._i18n import t
from legmap.errors import RenderError
from legmap.legs.build import BuiltStory
from legmap.render.static._furniture import (
    LINE_SPACING,
    draw_logo,
    logo_width_in,
    measurer,
    text_block,
)
from legmap.render.static._legend import EVENT_ROWS, Section, legend_box, legend_sections, scale_bar
from legmap.render.static._places_layer import gauge_breaks

if TYPE_CHECKING:
    from legmap.render.static._map import MapState

__all__ = [
    "CREDIT_IN", "MARGIN_IN", "MIN_PT", "MM_PER_IN", "NOTE_IN", "MapFigure", "attach",
    "draw_furniture", "figure_renderer", "new_figure", "text_scale",
]  # fmt: skip

MARGIN_IN = 0.28
_TITLE_IN = 0.62
_TITLE_PT = 15.0
_TITLE_GAP_IN = 0.13  # between the title's last line and the map
CREDIT_IN = 0.30
_CREDIT_PT = 6.0
NOTE_IN = 0.17  # one line of notes (claim checks) above the credits
_MAX_NOTE_PT = 6.5
_MIN_NOTE_PT = 5.5  # the note shrinks to this, then takes more lines ...
_MAX_NOTE_LINES = 4  # ... up to this many (a story with hundreds of claims: "…")
MIN_PT = 5.0  # no text smaller on a narrow (print) map
MM_PER_IN = 25.4


def text_scale(width_in: float) -> float:
    """Factor on text sizes for a map `width_in` inches wide (1 from 8 inches up).

    A single-column print map (85 mm) gets type about 70 % the size, not less.

    Examples
    --------
    >>> text_scale(8.0), text_scale(1600 / 200), round(text_scale(85 / 25.4), 2)
    (1.0, 1.0, 0.7)
    """
    return float(min(1.0, max(0.7, (width_in / 8.0) ** 0.5)))


class MapFigure(Figure):
    """A legmap figure: a notebook shows it inline as PNG, without pyplot."""

    def _repr_png_(self) -> bytes:
        buf = io.BytesIO()
        self.savefig(buf, format="png", facecolor="white")
        return buf.getvalue()


def figure_renderer(fig: Figure) -> Any:
    """The renderer of `fig`'s canvas (a legmap figure's, or the caller's)."""
    get = getattr(fig.canvas, "get_renderer", None)
    return get() if get is not None else fig._get_renderer()  # type: ignore[attr-defined]


# --- layout -----------------------------------------------------------------------
def _text_blocks(m: MapState, scratch: Figure) -> None:
    """Title, credits and note broken into lines that fit the map's width."""
    renderer = scratch.canvas.get_renderer()  # type: ignore[attr-defined]
    kit, dpi = m.kit, m.options.dpi
    room = (m.width_in - 2 * MARGIN_IN) * dpi
    size = m.pt(m.theme.title_size)
    measure = measurer(renderer, kit, size=size, weight=m.theme.title_weight)
    block = text_block(m.title, width=room, measure=measure, size=size)
    m.title_block = block.measured(scratch, kit, fontweight=m.theme.title_weight)
    m.logo_in = 0.0
    if m.theme.logo is not None:
        height = m.theme.logo_height_mm / MM_PER_IN
        m.logo_in = logo_width_in(m.theme.logo, height) + 0.12
    size = m.pt(_CREDIT_PT)
    m.credit_block = text_block(
        "", width=room - m.logo_in * dpi, measure=measurer(renderer, kit, size=size),
        size=size, parts=_credit_parts(m)).measured(scratch, kit)  # fmt: skip
    m.note_block = None
    if m.note:  # one line, smaller type if need be, more lines only then
        size = m.pt(_MAX_NOTE_PT)
        width = measurer(renderer, kit, size=size)(m.note)
        if width > room:
            size = max(m.pt(_MIN_NOTE_PT), size * room / width * 0.98)
        measure = measurer(renderer, kit, size=size)
        block = text_block(m.note, width=room, measure=measure, size=size,
                           max_lines=_MAX_NOTE_LINES)  # fmt: skip
        m.note_block = block.measured(scratch, kit)
    extra = m.credit_block.extra_in() + (m.note_block.extra_in() if m.note_block
                                         else 0.0)  # fmt: skip
    m.credit_in = CREDIT_IN + (NOTE_IN if m.note else 0.0) + extra
    # 0.2 in above the title; below it at least the gap a 15 pt Latin line leaves.
    drawn = m.title_block.height or 0.0
    m.title_in = max(_TITLE_IN + (m.title_block.size - _TITLE_PT) * LINE_SPACING / 72.0,
                     0.2 + drawn + _TITLE_GAP_IN)  # fmt: skip


def new_figure(m: MapState) -> Figure:
    """The map's own figure: title, map axes, legend and credits bands, sized to fit."""
    width_in = m.width_in
    map_w = width_in - 2 * MARGIN_IN
    (x0, x1), (y0, y1) = m.frame.xlim, m.frame.ylim
    map_h = map_w * (y1 - y0) / (x1 - x0)
    scratch = Figure(figsize=(width_in, 4.0), dpi=m.options.dpi)
    FigureCanvasAgg(scratch)
    _text_blocks(m, scratch)
    legend_in = _legend_height(m, width_in) + 0.3
    height_in = m.title_in + map_h + legend_in + m.credit_in
    fig = MapFigure(figsize=(width_in, height_in), dpi=m.options.dpi, facecolor="white")
    FigureCanvasAgg(fig)
    m.ax = fig.add_axes((MARGIN_IN / width_in, (legend_in + m.credit_in) / height_in,
                         map_w / width_in, map_h / height_in))  # fmt: skip
    _frame_axes(m)
    m.fig = fig
    m.height_in = height_in
    m.legend_in = legend_in
    return fig


def attach(m: MapState, ax: Axes) -> None:
    """Draw into the caller's `ax` (their figure: no title, legend or credits)."""
    fig = ax.get_figure(root=True)
    if not isinstance(fig, Figure):
        raise RenderError("these axes belong to no figure: add them to one first")
    m.ax, m.fig = ax, fig
    # Point sizes relate to the map's width as on a legmap figure.
    m.width_in = ax.get_position().width * m.fig.get_figwidth() + 2 * MARGIN_IN
    _frame_axes(m)


def _frame_axes(m: MapState) -> None:
    """The map axes: the frame's limits, equal aspect, no ticks, water behind."""
    (x0, x1), (y0, y1) = m.frame.xlim, m.frame.ylim
    m.ax.set_xlim(x0, x1)
    m.ax.set_ylim(y0, y1)
    m.ax.set_aspect("equal", adjustable="box")
    m.ax.set_xticks([])
    m.ax.set_yticks([])
    m.ax.set_facecolor(m.theme.water)
    for spine in m.ax.spines.values():
        spine.set(edgecolor="#b0b0b0", linewidth=0.6)


def _legend_room(m: MapState) -> float:
    """Width the legend may take, in display pixels."""
    return (m.width_in - 2 * MARGIN_IN) * m.options.dpi


def _legend_height(m: MapState, width_in: float) -> float:
    """Height of the legend in inches, measured on a scratch figure."""
    sections, events = _legend_sections(m)
    if not sections and not events:
        return 0.0
    scratch = Figure(figsize=(width_in, 4.0), dpi=m.options.dpi)
    FigureCanvasAgg(scratch)
    child = legend_box(sections, m.kit, wide=events, wide_rows=EVENT_ROWS,
                       fontsize=m.pt(7.5), max_width=_legend_room(m),
                       figure=scratch)  # fmt: skip
    box = AnchoredOffsetbox(loc="upper left", child=child,
                            frameon=False, pad=0, borderpad=0, bbox_to_anchor=(0, 1),
                            bbox_transform=scratch.transFigure)  # fmt: skip
    scratch.add_artist(box)
    renderer = scratch.canvas.get_renderer()  # type: ignore[attr-defined]
    return float(box.get_window_extent(renderer).height) / m.options.dpi


# --- furniture --------------------------------------------------------------------
def _legend_sections(m: MapState) -> tuple[list[Section], Section | None]:
    """The symbol sections, and the numbered events (set under them)."""
    kinds = {str(row["place"]["kind"]) for row in m.kept}  # only symbols on the map
    return legend_sections(m.legs, m.journeys, m.places, m.events,
                           kinds=kinds, kit=m.kit,
                           gauge_breaks=bool(len(gauge_breaks(m))),
                           theme=m.theme)  # fmt: skip


def _story_source(built: BuiltStory, lang: str) -> str | None:
    story = built.story
    source = getattr(story, "source", None)
    if not source:
        return None
    if isinstance(source, dict):
        return source.get(lang) or next(iter(source.values()), None)
    return str(source)


def _credit_parts(m: MapState) -> list[str]:
    """The credit line's items: the theme's credit, sources, legmap."""
    kit = m.kit
    parts = [m.theme.credit] if m.theme.credit else []
    parts += [f"{t('credit.basemap', kit.lang)}: {m.basemap().credit}",
              f"{t('credit.places', kit.lang)}: GeoNames, OSM, Wikipedia"]  # fmt: skip
    if m.built.rail_credit:  # on maps that use the rail network (ODbL asks it of OSM)
        parts.append(f"{t('credit.rail', kit.lang)}: {', '.join(m.built.rail_credit)}")
    source = _story_source(m.built, kit.lang)
    if source and not kit.fallback:
        parts.append(f"{t('credit.story', kit.lang)}: {source}")
    parts.append(f"{t('credit.map', kit.lang)}: legmap")
    return parts


def draw_furniture(m: MapState) -> list[Bbox]:
    """Title, legend, credits, note, logo and scale bar; the scale bar's display box."""
    fig, kit = m.fig, m.kit
    x_title = 1 - MARGIN_IN / m.width_in if kit.rtl else MARGIN_IN / m.width_in
    ha = "right" if kit.rtl else "left"
    fig.text(x_title, 1 - 0.2 / m.height_in, kit.text(m.title_block.text), ha=ha,
             va="top", fontsize=m.title_block.size, fontweight=m.theme.title_weight,
             color="#111111", fontfamily=kit.families, multialignment=ha)  # fmt: skip
    sections, events = _legend_sections(m)
    if sections or events:
        box = legend_box(sections, kit, wide=events, wide_rows=EVENT_ROWS,
                         fontsize=m.pt(7.5), max_width=_legend_room(m),
                         figure=fig)  # fmt: skip
        anchor = (x_title, (m.legend_in + m.credit_in - 0.14) / m.height_in)
        fig.add_artist(AnchoredOffsetbox(
            loc="upper right" if kit.rtl else "upper left", child=box, pad=0,
            borderpad=0, frameon=False, bbox_to_anchor=anchor,
            bbox_transform=fig.transFigure))  # fmt: skip
    fig.text(x_title, 0.12 / m.height_in, kit.text(m.credit_block.text), ha=ha,
             va="bottom", fontsize=m.credit_block.size, color="#6b6b6b",
             fontfamily=kit.families, multialignment=ha)  # fmt: skip
    if m.theme.logo is not None:
        x_logo = MARGIN_IN if kit.rtl else m.width_in - MARGIN_IN
        height = m.theme.logo_height_mm / MM_PER_IN
        draw_logo(fig, m.theme.logo, x_in=x_logo, y_in=0.1, height_in=height,
                  right=not kit.rtl)  # fmt: skip
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    if m.note_block is not None:
        y_note = 0.12 + NOTE_IN + m.credit_block.extra_in()
        fig.text(x_title, y_note / m.height_in, kit.text(m.note_block.text), ha=ha,
                 va="bottom", fontsize=m.note_block.size, color="#333333",
                 fontfamily=kit.families, multialignment=ha)  # fmt: skip
    bar = scale_bar(m.ax, kit, units=m.units, fontsize=m.pt(7.0))
    return [bar.get_window_extent(renderer)]
