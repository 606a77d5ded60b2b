"""Interactive HTML maps through folium (the only legmap module importing folium).

:func:`render_html` turns a :class:`~legmap.legs.build.BuiltStory` into one HTML
page: a Leaflet map with one layer per journey, places and events, a legend
that switches layers and zooms to journeys, a title box, a scale bar, credits
and, when the map opens on part of the story (:mod:`legmap.render._framing`),
a locator inset, in the story's language (right-to-left for Arabic).  The map
is described for screen readers (:mod:`legmap.render.alt`) and follows the
reader's ``prefers-color-scheme`` (a dark variant, offline too).  The page is
deterministic (same input, same bytes), keeps every piece of story text inert
(escaped HTML, escaped JSON, never template source),
and with ``RenderOptions(self_contained=True)`` carries its scripts and styles
inline, so it needs no network except for basemap tiles (none at all with
``tiles="none"``).

How it is built: folium supplies the page skeleton, the map, one
``FeatureGroup`` per journey (switched from the legend); each leg, place and event
is one call into legmap's small JavaScript helper (``web/legmap.js``)
with a JSON spec (``_layers``, ``_specs``); this module puts the pieces
together.  See ``docs/determinism.md`` and ``docs/embedding.md``.

Examples
--------
>>> import geopandas as gpd, shapely
>>> from legmap.legs.build import BuiltStory
>>> legs = gpd.GeoDataFrame([{
...     "journey": "j", "journey_title": "Trip", "seq": 0, "mode": "flight",
...     "certainty": "confirmed", "from_id": "a", "to_id": "b", "from_name": "A",
...     "to_name": "B", "date": None, "label": None, "source": None, "routed": False,
...     "length_km": 111.3, "claim_km": float("nan"), "straight_km": float("nan"),
...     "rail_km": float("nan"), "verdict": None, "verdict_text": None,
...     "geometry": shapely.LineString([(0, 0), (1, 0)])}], crs="EPSG:4326")
>>> none = gpd.GeoDataFrame(geometry=[], crs="EPSG:4326")
>>> built = BuiltStory(None, legs, none, none, "en", "km", "A to B")
>>> page = render_html(built)
>>> page == render_html(built), page.startswith("<!DOCTYPE html>")
(True, True)
>>> snippet = embed_snippet("a-to-b.html", title="A to B", lang="en")
>>> '<iframe src="a-to-b.html" title="A to B"' in snippet
True
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING, Any

import folium
import shapely

from legmap._i18n import is_rtl, t
from legmap.config import RenderOptions
from legmap.errors import RenderError
from legmap.render._frame import StoryFrame
from legmap.render._framing import frame_for
from legmap.render.alt import alt_text
from legmap.render.html import _controls as controls
from legmap.render.html import _geom as geom
from legmap.render.html import _parts as parts
from legmap.render.html import _specs as specs
from legmap.render.html._assets import esc, safe_url
from legmap.render.html._basemap_layer import add_basemap, rail_credit
from legmap.render.html._inset import locator_spec
from legmap.render.html._layers import add_gauge_breaks, add_journeys, add_marks
from legmap.render.html._page import Call, Page, add_assets, number_ids
from legmap.render.html._specs import paths_per_leg as _paths_per_leg  # noqa: F401 (tests)
from legmap.render.html._theme import credit_html, credit_prefix, theme_css
from legmap.render.html._tiles import check_tiles
from legmap.render.html._tiles import provider as _provider
from legmap.render.style import CERTAINTIES, LEGEND_MODES, with_drawn_modes
from legmap.render.theme import resolve_theme

if TYPE_CHECKING:
    from legmap.legs.build import BuiltStory

__all__ = ["check_tiles", "embed_snippet", "html_map", "render_html"]


# ------------------------------------------------------------------------- API


def render_html(
    built: BuiltStory, *, options: RenderOptions | None = None, **overrides: Any
) -> str:
    """Draw a built story as an interactive, self-describing HTML map.

    Parameters
    ----------
    built : BuiltStory
        Legs, places and events (``legmap.legs.build.build_story``).
    options : RenderOptions, optional
        ``lang``/``units`` override the story's; ``tiles`` is an xyzservices
        provider name or ``"none"`` (embedded vector basemap, no network);
        ``self_contained`` inlines Leaflet so the page works offline forever.
    **overrides
        Any :class:`~legmap.config.RenderOptions` field as a keyword, on top of
        `options`: ``render_html(built, tiles="none", lang="en")``.

    Returns
    -------
    str
        A complete HTML document, byte-identical for identical input.

    Raises
    ------
    RenderError
        Unknown tile provider (with suggestions), or one needing an API key.
    TypeError
        A keyword that is no RenderOptions field.
    """
    page = html_map(built, options=options, **overrides).get_root()
    html: str = page.render()
    return html


def html_map(
    built: BuiltStory, *, options: RenderOptions | None = None, **overrides: Any
) -> folium.Map:
    """The interactive map as a :class:`folium.Map`: add layers, then save or show it.

    Same parameters as :func:`render_html`, which renders this map's page.  The
    map sits in legmap's page (scripts, legend, title), so ``m.save("x.html")``
    and a notebook's display show everything :func:`render_html` draws.

    Examples
    --------
    >>> import sys; sys.path.insert(0, "tests")
    >>> from _built_fixture import make_built
    >>> m = html_map(make_built("en"), tiles="none")
    >>> type(m).__name__, m.get_root().render() == render_html(make_built("en"), tiles="none")
    ('Map', True)
    """
    options = replace(options or RenderOptions(), **overrides)
    lang = options.lang or built.lang or "en"
    units = options.units or built.units or "km"
    rtl = is_rtl(lang)
    provider = None if options.tiles.strip().lower() == "none" else _provider(options.tiles)
    theme = resolve_theme(options.theme)
    own_credit = credit_html(theme)  # the theme's logo and credit (the logo read now: errors first)

    legs = with_drawn_modes(built.legs).reset_index(drop=True)
    # Every leg and marker in the story's one longitude frame (docs/architecture.md).
    frame = StoryFrame.of(built)
    leg_lines = frame.lines(legs.geometry)
    big = len(legs) > specs.BIG_STORY_LEGS  # canvas, one path per leg: see _specs
    places = specs.records(built.places) if len(built.places) else []
    events = specs.records(built.events) if len(built.events) else []
    for rec in (*places, *events):
        pt = rec["geometry"]
        rec["lonlat"] = (frame.lon(pt.x), pt.y)
    content_geoms = [*leg_lines, *(shapely.Point(r["lonlat"]) for r in (*places, *events))]
    content = geom.bounds_of(content_geoms) if content_geoms else (-10.0, -10.0, 10.0, 10.0)

    # The opening view: the story's dense part or the editor's focus (render._framing);
    # the whole story then sits in a locator inset.
    framing = frame_for(built, options) if content_geoms else None
    main = framing.main_bbox if framing is not None else content
    whole = framing.whole_bbox if framing is not None else content

    page = Page(
        lang=lang, title=built.title, alt=alt_text(built, lang=lang, units=units),
        cdn=not options.self_contained,
    )  # fmt: skip
    fmap = folium.Map(
        location=[(main[1] + main[3]) / 2, (main[0] + main[2]) / 2],
        zoom_start=3, tiles=None, zoom_control=False, control_scale=False,
        font_size="13px", zoom_snap=1 if provider else 0.25, prefer_canvas=big,
    )  # fmt: skip
    page.add_child(fmap)
    # The theme's stylesheet (fonts, title, logo) last; none for legmap's own look.
    add_assets(page, fmap, self_contained=options.self_contained, extra_css=theme_css(theme))

    credit_lines = add_basemap(fmap, provider, main, lon_0=frame.lon_0, lang=lang, theme=theme)
    credit_lines += rail_credit(built, lang)
    journeys, drawn = add_journeys(fmap, legs, leg_lines, content, lang=lang, units=units,
                                   big=big, theme=theme)  # fmt: skip
    endpoints = set(legs["from_id"]) | set(legs["to_id"]) if len(legs) else set()
    add_marks(fmap, places, events, endpoints, lang=lang)
    gauge = getattr(built, "gauge_breaks", None)  # where trains change gauge (legs.build)
    breaks = specs.records(gauge) if gauge is not None and len(gauge) else []
    for rec in breaks:
        rec["lonlat"] = (frame.lon(rec["geometry"].x), rec["geometry"].y)
    add_gauge_breaks(fmap, breaks, places, lang=lang)
    # No Leaflet layer control: the legend switches layers (one box fewer on a phone).
    toggles = [("places", t("places", lang))] if places or events else []
    if breaks:
        toggles.append(("gauge", t("gauge_change", lang)))

    modes = [m for m in LEGEND_MODES if m in set(legs["mode"])] if len(legs) else []
    certainties = [c for c in CERTAINTIES if c in set(legs["certainty"])] if len(legs) else []
    numbered = list(enumerate(events, start=1))
    cropped = framing is not None and framing.cropped
    inset = None
    if framing is not None and framing.inset:
        inset = locator_spec(whole, main, drawn, land_colour=theme.land, water_colour=theme.water)
    Call("setup", {
        "title": controls.title_html(built.title, lang, controls.story_subtitle(built, lang)),
        "legend": controls.legend_html(journeys=journeys, modes=modes, certainties=certainties,
                                       events=numbered, lang=lang, gauge_breaks=bool(breaks),
                                       toggles=toggles, whole=cropped, theme=theme),
        "dir": "rtl" if rtl else "ltr",
        "titlePos": "topright" if rtl else "topleft",
        "zoomPos": "topleft" if rtl else "topright",
        "legendPos": "bottomleft" if rtl else "bottomright",
        "scalePos": "bottomright" if rtl else "bottomleft",
        "metric": units != "mi",
        "labelsLeft": rtl,
        "zoomIn": t("zoom.in", lang), "zoomOut": t("zoom.out", lang),
        "prefix": credit_prefix(own_credit),  # the theme's credit first, as on print maps
        "credits": credit_lines,
        "bounds": [geom.latlng(main[0], main[1]), geom.latlng(main[2], main[3])],
        "whole": [geom.latlng(whole[0], whole[1]), geom.latlng(whole[2], whole[3])],
        "inset": inset,
        "insetLabel": f"{t('locator', lang)}. {t('whole_story', lang)}",
        "maxZoom": 12,
    }).add_to(fmap)  # fmt: skip

    number_ids(page)
    return fmap


def embed_snippet(html_name: str, *, title: str, lang: str, alt: str | None = None) -> str:
    """A responsive ``<iframe>`` for pasting the map into an article.

    Parameters
    ----------
    html_name : str
        Where the map page is, relative to the article (``kim.html``) or an
        absolute http(s) URL.
    title : str
        Accessible name of the frame (screen readers announce it).
    lang : str
        Language of the title.
    alt : str, optional
        The map's description (:func:`legmap.render.alt.alt_text`): kept in the
        snippet, visually hidden, as the frame's ``aria-describedby``.

    Returns
    -------
    str
        An HTML fragment: a box that keeps a 4:3 shape at any width (at least
        320 px tall, at most 85% of the viewport) with the map filling it, and a
        plain link for readers without frames.

    Raises
    ------
    RenderError
        `html_name` is neither a relative path nor an http(s) URL.

    Examples
    --------
    >>> "javascript" in embed_snippet("a.html", title="javascript:", lang="en")
    True
    >>> 'aria-describedby="legmap-alt-a-html"' in embed_snippet("a.html", title="A", lang="en",
    ...                                                          alt="A map.")
    True
    """
    name = html_name.strip()
    if ":" in name.split("/", 1)[0] and not safe_url(name):
        raise RenderError(f"cannot embed {html_name!r}: give a relative path or an http(s) URL")
    src, label, attrs = esc(name), esc(title), parts.card_attrs(lang)
    described, description = "", ""
    if alt:
        # One id per map name, so two maps in one article keep their own texts.
        ident = "legmap-alt-" + (re.sub(r"[^A-Za-z0-9_-]+", "-", name).strip("-") or "map")
        described = f' aria-describedby="{esc(ident)}"'
        description = (
            f'  <p id="{esc(ident)}" style="position:absolute;width:1px;height:1px;margin:-1px;'
            f'padding:0;overflow:hidden;clip:rect(0 0 0 0);clip-path:inset(50%);border:0">'
            f"{esc(alt)}</p>\n"
        )
    return (
        "<!-- legmap map: responsive, fills the column width -->\n"
        f'<div class="legmap-embed" {attrs} style="position:relative;width:100%;'
        'aspect-ratio:4/3;min-height:320px;max-height:85vh">\n'
        f'  <iframe src="{src}" title="{label}"{described} loading="lazy" allowfullscreen '
        'referrerpolicy="strict-origin-when-cross-origin" '
        'style="position:absolute;inset:0;width:100%;height:100%;border:0"></iframe>\n'
        f"{description}"
        "</div>\n"
        f'<p class="legmap-embed-link" {attrs} style="margin:.3em 0;font-size:.85em">'
        f'<a href="{src}">{label}</a></p>\n'
    )
