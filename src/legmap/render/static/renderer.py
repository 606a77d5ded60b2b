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

This module holds the entry points and the drawing order: the map's state is
:mod:`._map`'s, the page :mod:`._page`'s, the basemap, legs and places the
``_*_layer`` modules', the inset :mod:`._inset`'s.

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

import matplotlib
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from legmap._lonlat import swapped_hint
from legmap._version import __version__
from legmap.config import RenderOptions
from legmap.errors import RenderError
from legmap.legs.build import BuiltStory
from legmap.render.alt import alt_text, svg_with_alt
from legmap.render.static._basemap_layer import draw_basemap
from legmap.render.static._countries import country_requests
from legmap.render.static._geom import MapFrame, fit_frame
from legmap.render.static._inset import add_inset
from legmap.render.static._labels import place_labels
from legmap.render.static._legend import scale_bar
from legmap.render.static._legs_layer import distance_labels, draw_legs
from legmap.render.static._map import MapState
from legmap.render.static._page import (
    attach,
    draw_furniture,
    figure_renderer,
    new_figure,
    text_scale,  # noqa: F401  (renderer.text_scale, as before)
)
from legmap.render.static._places_layer import draw_gauge_marks, draw_places, label_requests
from legmap.render.static._text import latin_name, make_text_kit
from legmap.render.theme import resolve_theme

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
) -> MapState:
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
        m = MapState(built, options, kit, units, extent, theme=theme, title=title)
        if ax is None:
            fig = new_figure(m)
        else:
            attach(m, ax)
            fig = m.fig
        draw_basemap(m)
        draw_legs(m)
        if ax is None:
            obstacles = draw_furniture(m)
        else:
            bar = scale_bar(m.ax, kit, units=units, fontsize=m.pt(7.0))
            obstacles = [bar.get_window_extent(figure_renderer(fig))]
        inset = add_inset(m, obstacles)
        if inset is not None:
            obstacles.append(inset)
        obstacles += draw_places(m, avoid=obstacles)
        obstacles += draw_gauge_marks(m)
        renderer = figure_renderer(fig)
        lines = [m.ax.transData.transform(xy) for xy in m.drawn_xy if len(xy) > 1]
        requests = label_requests(m) + distance_labels(m)
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
