"""Leg symbols, legend and scale bar for the static maps (matplotlib artists).

:func:`leg_lines` is the one translation of :class:`legmap.render.style.LegStyle` into
matplotlib lines, used both on the map and in the legend so the two always
agree.  Style widths are CSS pixels; matplotlib wants points (x 0.75).  Dash
patterns are absolute (like Leaflet's ``dashArray``), hence
``lines.scale_dashes = False`` in the renderer's rc settings.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.lines import Line2D
from matplotlib.offsetbox import (
    AnchoredOffsetbox,
    AuxTransformBox,
    DrawingArea,
    HPacker,
    OffsetBox,
    TextArea,
    VPacker,
)
from matplotlib.patches import Rectangle

from legmap._i18n import KM_PER_MI, format_date, format_distance, t
from legmap.render.static._marks import badge_drawer, event_legend_text, gauge_break_drawer
from legmap.render.static._text import TextKit, latin_name, wrap_text
from legmap.render.style import (
    CERTAINTIES,
    DEFAULT_PLACE_STYLE,
    LEGEND_MODES,
    PLACE_KIND_STYLES,
    LegStyle,
)
from legmap.render.theme import DEFAULT_THEME, Theme

__all__ = [
    "PX_TO_PT",
    "TICK_DASH",
    "Row",
    "Section",
    "leg_lines",
    "legend_box",
    "legend_sections",
    "nice_length",
    "scale_bar",
]

PX_TO_PT = 0.75
NEUTRAL = "#4d4d4d"  # legend samples of modes and certainty
EVENT_ROWS = 4  # numbered events per legend column
MAX_JOURNEYS = 16  # journeys listed by name; more are counted ("… +384")
TICK_DASH = (1.1, 4.2)  # railway cross-ties: short bars every ~5 pt


def leg_lines(
    x: Sequence[float] | np.ndarray,
    y: Sequence[float] | np.ndarray,
    style: LegStyle,
    colour: str,
    *,
    zorder: float = 10.0,
    zstep: float = 0.1,
) -> list[Line2D]:
    """The matplotlib lines that draw one leg: casing, railway ties, the line itself.

    Parameters
    ----------
    x, y : array-like
        Coordinates (data units of whatever the lines are added to).
    style : legmap.render.style.LegStyle
        From :func:`legmap.render.style.leg_style`.
    colour : str
        The journey's colour (ignored when the style fixes one).
    zorder : float
        Base drawing order (the casing); ties and line `zstep` and twice above it.
    zstep : float
        Drawing-order step between the leg's parts.

    Returns
    -------
    list of matplotlib.lines.Line2D
        Not yet added to any axes.

    Examples
    --------
    >>> from legmap.render.style import leg_style
    >>> [round(line.get_linewidth(), 2) for line in leg_lines([0, 1], [0, 0],
    ...     leg_style("train", "confirmed"), "#D55E00")]
    [5.2, 7.2, 3.0]
    """
    colour = style.colour or colour
    width = style.weight * PX_TO_PT
    lines = []
    if style.casing:
        lines.append(
            Line2D(x, y, lw=width + 2.2, color="white", alpha=min(1.0, style.opacity + 0.1),
                   solid_capstyle="round", solid_joinstyle="round", zorder=zorder)
        )  # fmt: skip
    if style.ticks:
        lines.append(
            Line2D(x, y, lw=width * 2.4, color=colour, alpha=style.opacity,
                   linestyle=(0, TICK_DASH), dash_capstyle="butt", zorder=zorder + zstep)
        )  # fmt: skip
    dashes: Any = (0, tuple(d * PX_TO_PT for d in style.dash)) if style.dash else "solid"
    lines.append(
        Line2D(x, y, lw=width, color=colour, alpha=style.opacity, linestyle=dashes,
               solid_capstyle="round", solid_joinstyle="round", dash_capstyle="butt",
               zorder=zorder + 2 * zstep)
    )  # fmt: skip
    return lines


Row = tuple[Callable[[DrawingArea], None], str]
Section = tuple[str, list[Row]]


def _line_row(
    mode: str, certainty: str, colour: str, theme: Theme = DEFAULT_THEME
) -> Callable[[DrawingArea], None]:
    def draw(area: DrawingArea) -> None:
        for line in leg_lines([2, 24], [5, 5], theme.leg_style(mode, certainty), colour):
            area.add_artist(line)

    return draw


def _blank_row(area: DrawingArea) -> None:
    """A legend row with no symbol."""


def _marker_row(kind: str) -> Callable[[DrawingArea], None]:
    style = PLACE_KIND_STYLES.get(kind, DEFAULT_PLACE_STYLE)
    size = style.size * PX_TO_PT * 1.15

    def draw(area: DrawingArea) -> None:
        area.add_artist(Line2D([13], [5], marker=style.symbol, ms=size, mfc=style.colour,
                               mec="white", mew=1.0))  # fmt: skip

    return draw


def legend_sections(
    legs: Any,
    journeys: list[str],
    places: Any,
    events: Any,
    *,
    kinds: set[str],
    kit: TextKit,
    gauge_breaks: bool = False,
    theme: Theme = DEFAULT_THEME,
) -> tuple[list[Section], Section | None]:
    """What the legend explains, and the numbered events (set under the rest).

    Modes, certainty and journeys of `legs` (and the gauge-change marker when
    `gauge_breaks`), the place `kinds` shown on the map, then every event of
    `events` with its number, date, label and place.  Colours and line
    styles come from `theme`.
    """
    lang = kit.lang
    sections: list[Section] = []
    present = [m for m in LEGEND_MODES if m in set(legs.get("mode", []))]
    if present:
        sections.append((t("modes", lang), [
            (_line_row(m, "confirmed", NEUTRAL, theme), t(f"mode.{m}", lang))
            for m in present]))  # fmt: skip
        if gauge_breaks:
            sections[-1][1].append((gauge_break_drawer, t("gauge_change", lang)))
    certs = [c for c in CERTAINTIES if c in set(legs.get("certainty", []))]
    if len(certs) > 1 or certs[:1] not in ([], ["confirmed"]):
        sections.append((t("certainty", lang), [
            (_line_row("road", c, NEUTRAL, theme), t(f"certainty.{c}", lang))
            for c in certs]))  # fmt: skip
    rows = []
    modes: dict[str, list[str]] = {}
    titles: dict[str, Any] = {}
    for jid, mode, title in zip(legs.get("journey", []), legs.get("mode", []),
                                legs.get("journey_title", []), strict=True):  # fmt: skip
        modes.setdefault(jid, []).append(mode)  # grouped once, not a scan per journey
        titles.setdefault(jid, title)
    # Distance checks are drawn in a fixed colour: no coloured route to explain.
    coloured = [
        (i, jid) for i, jid in enumerate(journeys)
        if not all(theme.leg_style(m, "confirmed").colour for m in modes.get(jid, []))
    ]  # fmt: skip
    for i, jid in coloured[:MAX_JOURNEYS]:
        title = str(titles.get(jid) or jid)
        if kit.fallback:
            title = kit.text(title, latin=latin_name(jid))
        rows.append((_line_row("road", "confirmed", theme.journey_colour(i, jid)),
                     "\n".join(textwrap.wrap(title, 34))))  # fmt: skip
    if len(coloured) > MAX_JOURNEYS:  # a big story: the first journeys, then how many more
        rows.append((_blank_row, f"… +{len(coloured) - MAX_JOURNEYS:,}"))
    if rows:
        sections.append((t("journeys", lang), rows))
    shown = [k for k in PLACE_KIND_STYLES if k in kinds]
    if shown:
        sections.append((t("places", lang), [(_marker_row(k), t(f"kind.{k}", lang))
                                             for k in shown]))  # fmt: skip
    names = dict(zip(places["id"].astype(str), places["name"], strict=True))
    numbered: list[Row] = []
    wrap = 120 if len(events) <= EVENT_ROWS else 48  # one column, else two
    for k, (_, ev) in enumerate(events.iterrows(), start=1):
        pid = str(ev["place_id"])
        place = str(names.get(pid, ""))
        if kit.fallback:  # Latin only: no shaping to undo later
            place = kit.text(place, latin=latin_name(pid))
        text = event_legend_text(ev, place, width=wrap, lang=lang)
        if kit.fallback:
            date = format_date(ev.get("date"), lang="en")
            text = kit.text(text, latin=f"{date} ({place})".strip())
        numbered.append((badge_drawer(k, kit.families), text))
    return sections, ((t("events", lang), numbered) if numbered else None)


def legend_box(
    sections: list[tuple[str, list[Row]]],
    kit: TextKit,
    *,
    fontsize: float = 7.5,
    handle_size: tuple[float, float] = (26.0, 10.0),
    max_rows: int = 4,
    wide: tuple[str, list[Row]] | None = None,
    wide_rows: int = 2,
    max_width: float | None = None,
    figure: Figure | None = None,
) -> OffsetBox:
    """The legend: one column per section, a bold heading over symbol + text rows.

    `wide` is a section of long rows (numbered events) set under the others, its
    rows in columns of `wide_rows`.  Right-to-left maps mirror it: columns run
    right to left, symbols stand right of their text.  With `max_width`
    (display pixels of `figure`) the legend fits that width: text lines wrap,
    and columns that do not fit side by side continue on a row below.
    """
    textprops = {"fontsize": fontsize, "fontfamily": kit.families, "color": "#222222"}
    head = {**textprops, "fontweight": "bold", "color": "#111111"}
    align: Any = "right" if kit.rtl else "left"
    renderer = figure.canvas.get_renderer() if figure is not None else None  # type: ignore[attr-defined]
    font = FontProperties(family=kit.families, size=fontsize)

    def fit(label: str) -> str:
        if renderer is None or max_width is None:
            return label
        room = max_width - renderer.points_to_pixels(handle_size[0] + 4)

        def measure(text: str) -> float:
            return float(renderer.get_text_width_height_descent(kit.text(text), font,
                                                                ismath=False)[0])  # fmt: skip

        if all(measure(line) <= room for line in label.split("\n")):
            return label
        lines: list[str] = []
        for line in label.split("\n"):
            lines += [line] if measure(line) <= room else wrap_text(line, width=room,
                                                                    measure=measure)  # fmt: skip
        return "\n".join(lines)

    def row_box(draw: Callable[[DrawingArea], None], label: str) -> HPacker:
        area = DrawingArea(*handle_size)
        draw(area)
        text = TextArea(kit.text(fit(label)), textprops=textprops)
        parts: list[Any] = [text, area] if kit.rtl else [area, text]
        return HPacker(children=parts, align="center", pad=0, sep=4)

    def flow(columns: list[Any]) -> Any:
        """Columns side by side; in rows of columns when they are wider than `max_width`."""
        rows: list[list[Any]] = [columns]
        if renderer is not None and max_width is not None and figure is not None:
            sep = renderer.points_to_pixels(16)
            rows, used = [[]], 0.0
            for column in columns:
                column.set_figure(figure)
                width = column.get_bbox(renderer).width
                if rows[-1] and used + sep + width > max_width:
                    rows.append([])
                    used = 0.0
                used += (sep if rows[-1] else 0.0) + width
                rows[-1].append(column)
        packed: list[Any] = [HPacker(children=row[::-1] if kit.rtl else row, align="top", pad=0,
                                     sep=16) for row in rows]  # fmt: skip
        return packed[0] if len(packed) == 1 else VPacker(children=packed, align=align, pad=0,
                                                          sep=9)  # fmt: skip

    def columns_of(chunks: list[tuple[str | None, list[Row]]]) -> Any:
        columns: list[Any] = []
        for heading, rows in chunks:
            children: list[Any] = [] if heading is None else [
                TextArea(kit.text(heading), textprops=head)]  # fmt: skip
            children += [row_box(draw, label) for draw, label in rows]
            columns.append(VPacker(children=children, align=align, pad=0, sep=3))
        return flow(columns)

    chunks: list[tuple[str | None, list[Row]]] = []
    for heading, rows in sections:
        # Long sections continue in a second column under an empty heading.
        for start in range(0, len(rows), max_rows):
            chunks.append((heading if start == 0 else " ", rows[start : start + max_rows]))
    main: OffsetBox = columns_of(chunks)
    if wide is None or not wide[1]:
        return main
    heading, rows = wide
    below = columns_of([(None, rows[s : s + wide_rows]) for s in range(0, len(rows), wide_rows)])
    block = VPacker(children=[TextArea(kit.text(heading), textprops=head), below],
                    align=align, pad=0, sep=3)  # fmt: skip
    return VPacker(children=[main, block], align=align, pad=0, sep=9)


def nice_length(max_len: float) -> float:
    """The largest 1, 2 or 5 x 10^n not above `max_len` (for scale bars).

    Examples
    --------
    >>> nice_length(1840.0), nice_length(7.3), nice_length(0.4)
    (1000.0, 5.0, 0.2)
    """
    exp = math.floor(math.log10(max_len))
    for step in (5.0, 2.0, 1.0):
        if step * 10.0**exp <= max_len:
            return round(step * 10.0**exp, 10)
    return 10.0**exp


def scale_bar(ax: Axes, kit: TextKit, *, units: str, fontsize: float = 7.0) -> AnchoredOffsetbox:
    """A two-tone scale bar in the lower corner, a round number of km or mi long.

    The axes' data units must be metres of an equal-area or conformal projection
    centred on the map (scale is true at the centre).
    """
    x0, x1 = ax.get_xlim()
    unit_m = 1000.0 * (KM_PER_MI if units == "mi" else 1.0)
    length = nice_length((x1 - x0) * 0.2 / unit_m)
    bar_m = length * unit_m
    height_m = (x1 - x0) * 0.006
    bar = AuxTransformBox(ax.transData)
    for i, colour in enumerate(("#333333", "white")):
        bar.add_artist(
            Rectangle((i * bar_m / 2, 0), bar_m / 2, height_m, facecolor=colour,
                      edgecolor="#333333", linewidth=0.6)
        )  # fmt: skip
    if length >= 1:
        label = kit.text(format_distance(length, units=units, lang=kit.lang))
    else:  # a fraction of a unit: CLDR plurals are for whole numbers
        label = kit.text(f"{length:g} {t('unit.' + units, kit.lang)}")
    text = TextArea(label, textprops={"fontsize": fontsize, "fontfamily": kit.families,
                                      "color": "#222222"})  # fmt: skip
    box = VPacker(children=[text, bar], align="right" if kit.rtl else "left", pad=0, sep=2)
    anchored = AnchoredOffsetbox(
        loc="lower right" if kit.rtl else "lower left",
        child=box,
        pad=0.35,
        borderpad=0.6,
        frameon=True,
    )
    anchored.patch.set(facecolor="white", alpha=0.75, edgecolor="none")
    anchored.set_zorder(40)
    ax.add_artist(anchored)
    return anchored
