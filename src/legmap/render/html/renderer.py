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
with a JSON spec computed here.  See ``docs/determinism.md`` and
``docs/embedding.md``.

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

import itertools
import re
from collections.abc import Iterator, Mapping
from dataclasses import replace
from typing import TYPE_CHECKING, Any

import folium
import shapely
from branca.element import CssLink, Element, Figure, JavascriptLink, MacroElement
from folium.template import Template

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
from legmap.render.html._assets import (
    LEAFLET_CSS_URL,
    LEAFLET_JS_URL,
    esc,
    js,
    leaflet_css,
    leaflet_js,
    legmap_css,
    legmap_js,
    safe_url,
    script_text,
)
from legmap.render.html._inset import locator_spec
from legmap.render.html._tiles import check_tiles, dark_twin
from legmap.render.html._tiles import provider as _provider
from legmap.render.style import CERTAINTIES, LEGEND_MODES, leg_style, with_drawn_modes
from legmap.render.theme import DEFAULT_THEME, Theme, resolve_theme

if TYPE_CHECKING:
    from legmap.legs.build import BuiltStory

__all__ = ["check_tiles", "embed_snippet", "html_map", "render_html"]

_DATA_CREDIT = "GeoNames, OpenStreetMap, Wikipedia"
_KIND_RANK = {k: i for i, k in enumerate(
    ("city", "spaceport", "airport", "station", "port", "border-crossing", "venue"))}  # fmt: skip


# --------------------------------------------------------------------- elements
# Story text only ever reaches these templates as *values* (already escaped);
# the template sources below are fixed strings.


class _Page(Figure):
    """The HTML document: folium's Figure with ``lang``/``dir`` and an escaped title."""

    _template = Template(
        "<!DOCTYPE html>\n"
        '<html lang="{{ this.lang }}" dir="{{ this.dir }}">\n'
        "<head>\n"
        "<title>{{ this.title_html }}</title>\n"
        '<meta name="description" content="{{ this.alt_html }}">\n'
        "{{ this.header.render(**kwargs) }}\n"
        "</head>\n"
        "<body>\n"
        "{{ this.html.render(**kwargs) }}\n"
        '<div id="lm-alt" class="lm-sr" lang="{{ this.lang }}" dir="{{ this.dir }}">'
        "{{ this.alt_html }}</div>\n"
        "<script>\n"
        "{{ this.script.render(**kwargs) }}\n"
        "</script>\n"
        "</body>\n"
        "</html>\n"
    )

    def __init__(self, *, lang: str, title: str, alt: str = "") -> None:
        super().__init__()
        self.lang = esc(lang)
        self.dir = "rtl" if is_rtl(lang) else "ltr"
        self.title_html = esc(title)
        # The map's description for screen readers (aria-describedby, set by legmap.js).
        self.alt_html = esc(alt)


class _Inline(Element):
    """An inline ``<script>`` or ``<style>`` whose code is a rendered value."""

    _template = Template("<{{ this.tag }}>{{ this.code }}</{{ this.tag }}>")

    def __init__(self, tag: str, code: str) -> None:
        super().__init__()
        self._name = "Inline"
        self.tag = tag
        self.code = script_text(code)


class _Call(MacroElement):
    """``legmap.<fn>(<parent>, <spec>)``: one leg, place, event, basemap or setup."""

    _template = Template(
        "{% macro script(this, kwargs) %}"
        "legmap.{{ this.fn }}({{ this._parent.get_name() }}, {{ this.spec }});\n"
        "{% endmacro %}"
    )

    def __init__(self, fn: str, spec: Mapping[str, Any]) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._name = "Call"
        self.fn = fn
        # js() output holds no Jinja opener, so folium re-parsing the rendered
        # macro as a template (MacroElement.render does) leaves it untouched.
        self.spec = js(spec)


def _walk(el: Element) -> Iterator[Element]:
    yield el
    if isinstance(el, Figure):
        for part in (el.header, el.html, el.script):
            yield from _walk(part)
    for child in el._children.values():
        yield from _walk(child)


def _number_ids(root: Element) -> None:
    """Replace branca's random element ids by a counter in tree order.

    ``Element.__init__`` draws ``_id`` from ``os.urandom``; ``get_name()`` (the
    JavaScript variable and the map's DOM id) is ``<name>_<_id>``.  The tree is
    built in a fixed order, so numbering it walks to the same names every time.
    """
    counter = itertools.count(1)
    for el in _walk(root):
        el._id = str(next(counter))


# ----------------------------------------------------------------------- layers


# ------------------------------------------------------------------------ build


def _add_assets(page: Figure, fmap: folium.Map, *, self_contained: bool) -> None:
    """Leaflet (inline or CDN), then legmap's CSS and JS, in that order.

    The map's own ``default_js``/``default_css`` (jQuery, Bootstrap, Font
    Awesome...) are emptied on this instance: nothing here uses them.  Adding
    Leaflet ourselves puts legmap.css after leaflet.css, so ours wins.
    """
    fmap.default_js = []
    fmap.default_css = []
    if self_contained:
        page.header.add_child(_Inline("style", leaflet_css()))
        page.header.add_child(_Inline("script", leaflet_js()))
    else:
        page.header.add_child(CssLink(LEAFLET_CSS_URL, download=False))  # type: ignore[no-untyped-call]
        page.header.add_child(JavascriptLink(LEAFLET_JS_URL, download=False))  # type: ignore[no-untyped-call]
    page.header.add_child(_Inline("style", legmap_css()))
    page.header.add_child(_Inline("script", legmap_js()))


def _add_journeys(
    fmap: folium.Map, legs: Any, leg_lines: list[shapely.LineString], content: geom.Bounds,
    *, lang: str, units: str, big: bool = False, theme: Theme = DEFAULT_THEME,
) -> tuple[list[tuple[str, str, str]], list[tuple[shapely.LineString, str]]]:  # fmt: skip
    """One layer per journey, in story order.

    Returns (title, colour, layer key) per journey for the legend (its switch and
    zoom button find the layer by key), and (line, colour) per leg for the inset.

    A big story (``big``) draws each journey's legs in one ``legmap.legs`` call
    (see :data:`legmap.render.html._specs.BIG_STORY_LEGS`); distance checks keep
    their ends and labels.
    """
    extent = max(content[2] - content[0], content[3] - content[1], 0.05)
    tol = geom.tolerance_for(content)
    order = list(dict.fromkeys(legs["journey"])) if len(legs) else []
    colours = theme.journey_colours(order)  # the theme's palette (legmap.render.theme)
    slots = specs.overlap_slots(leg_lines, extent / 100)
    titles: list[tuple[str, str, str]] = []
    drawn: list[tuple[shapely.LineString, str]] = []
    seen: set[str] = set()
    members: dict[str, list[int]] = {jid: [] for jid in order}
    for i, jid in enumerate(legs["journey"] if len(legs) else []):
        members[jid].append(i)  # grouped once: no scan of the table per journey
    for number, jid in enumerate(order):
        idx = members[jid]
        key = f"j{number}"
        title = str(legs.at[idx[0], "journey_title"] or jid)
        # A journey drawn only in a fixed colour (distance checks) is no coloured
        # route: the legend would show a colour found nowhere on the map.
        fixed = {leg_style(legs.at[i, "mode"], "confirmed").colour for i in idx}
        swatch = colours[jid] if None in fixed else sorted(c for c in fixed if c)[0]
        if None in fixed:
            titles.append((title, colours[jid], key))
        drawn += [(leg_lines[i], leg_style(legs.at[i, "mode"], "confirmed").colour or swatch)
                  for i in idx]  # fmt: skip
        # The layer control shows its names as HTML: escaped title and a swatch.
        name = f'<span class="lm-sw" style="background:{swatch}"></span> {esc(title)}'
        while name in seen:  # the control is keyed by name: keep twins apart
            name += "\u200b"
        seen.add(name)
        group = folium.FeatureGroup(name=name, overlay=True, control=True, show=True)
        _Call("group", {"key": key}).add_to(group)  # the legend's switch and zoom button
        batch = []
        for i in idx:
            row = specs.clean(legs.iloc[i].to_dict())
            if big and row["mode"] != "distance":
                batch.append((row, leg_lines[i], specs.slot_offset(slots[i])))
                continue
            spec = specs.leg_spec(row, leg_lines[i], swatch, tol=tol, lang=lang, units=units)
            if slots[i]:  # shifted in screen pixels by legmap.js, the same at every zoom
                spec["off"] = specs.slot_offset(slots[i])
            _Call("leg", spec).add_to(group)
        if batch:
            spec = specs.big_legs_spec(batch, swatch, tol=tol * 10, lang=lang, units=units)
            _Call("legs", spec).add_to(group)
        group.add_to(fmap)
    return titles, drawn


def _add_marks(
    fmap: folium.Map, places: list[dict[str, Any]], events: list[dict[str, Any]],
    endpoints: set[str], *, lang: str,
) -> None:  # fmt: skip
    """Places and events in one layer; the browser declutters labels by priority."""
    rtl = is_rtl(lang)
    layer = folium.FeatureGroup(name=esc(t("places", lang)), overlay=True, control=True)
    _Call("group", {"key": "places"}).add_to(layer)
    ranked = sorted(
        places,
        key=lambda p: (p["id"] not in endpoints, _KIND_RANK.get(p["kind"], 9), str(p["id"])),
    )
    kinds = {p["id"]: p["kind"] for p in places}
    label_dir, label_side = ("left", -1) if rtl else ("right", 1)
    for prio, place in enumerate(ranked):
        svg, size = parts.place_svg(str(place["kind"]))
        _Call("mark", {
            "at": geom.latlng(*place["lonlat"]),
            "icon": {"html": svg, "cls": "lm-place", "size": [size, size],
                     "anchor": [size / 2, size / 2]},
            "label": f'<bdi>{esc(place["name"])}</bdi>', "permanent": True,
            "dir": label_dir, "off": [label_side * (size / 2 + 1), 0],
            "labelCls": "lm-label" + ("" if place["id"] in endpoints else " lm-minor"),
            "pop": parts.place_popup(place, lang),
            "prio": prio if place["id"] in endpoints else prio + 1000,
        }).add_to(layer)  # fmt: skip
    for number, ev in enumerate(events, start=1):
        half = parts.place_svg(str(kinds.get(ev["place_id"], "")))[1] / 2
        # A badge sits just above its place (the label is beside it); the browser
        # slides badges sideways when several events share a spot.
        _Call("mark", {
            "at": geom.latlng(*ev["lonlat"]),
            "icon": {"html": parts.event_badge(number), "cls": "lm-ev", "size": [16, 16],
                     "anchor": [8, 18 + half]},
            "label": parts.event_tooltip(number, ev, lang), "permanent": False,
            "dir": "top", "off": [0, -12], "labelCls": "lm-tip",
            "pop": parts.event_popup(number, ev, lang),
            "prio": 500 + number, "slide": True,
        }).add_to(layer)  # fmt: skip
    layer.add_to(fmap)


def _add_gauge_breaks(
    fmap: folium.Map, breaks: list[dict[str, Any]], places: list[dict[str, Any]], *, lang: str
) -> None:
    """A small diamond where a train changes gauge, its tooltip naming where and from/to.

    Plain folium markers, outside the label declutter: a gauge change is never hidden.
    """
    if not breaks:
        return
    layer = folium.FeatureGroup(name=esc(t("gauge_change", lang)), overlay=True, control=True)
    _Call("group", {"key": "gauge"}).add_to(layer)
    size = 12
    for brk in breaks:
        lon, lat = brk["lonlat"]
        # On a place's own marker (Khasan station): set just below it, not hidden under it.
        at = [p for p in places if abs(p["lonlat"][0] - lon) + abs(p["lonlat"][1] - lat) < 1e-3]
        below = parts.place_svg(str(at[0]["kind"]))[1] / 2 + 1 if at else 0
        folium.Marker(
            geom.latlng(lon, lat),
            icon=folium.DivIcon(
                html=parts.gauge_break_svg(size, size), class_name="lm-gauge",
                icon_size=(size, size), icon_anchor=(size // 2, round(size / 2 - below)),
            ),
            tooltip=folium.Tooltip(parts.gauge_break_tooltip(brk, lang), class_name="lm-tip"),
        ).add_to(layer)  # fmt: skip
    layer.add_to(fmap)


def _add_basemap(
    fmap: folium.Map, provider: Any, main: geom.Bounds, *, lon_0: float, lang: str
) -> list[str]:
    """Tiles (and their dark twin), or legmap's vector basemap; returns the credit lines."""
    credit_lines = []
    if provider is not None:
        light = folium.TileLayer(tiles=provider, control=False)
        _Call("tiles", {"dark": False}).add_to(light)
        light.add_to(fmap)
        twin = dark_twin(provider)
        if twin is not None:  # shown instead when the reader prefers dark pages
            dark = folium.TileLayer(tiles=twin, control=False, show=False)
            _Call("tiles", {"dark": True}).add_to(dark)
            dark.add_to(fmap)
    else:
        spec = specs.basemap_spec(main, lon_0=lon_0)
        credit = f"{esc(t('credit.basemap', lang))}: {esc(spec.pop('credit'))}"
        credit_lines.append(f"<bdi>{credit}</bdi>")  # each credit one unit in rtl text
        _Call("basemap", spec).add_to(fmap)
    credit_lines.append(
        f"<bdi>{esc(t('credit.places', lang))}: {_DATA_CREDIT}; "
        f"{esc(t('credit.rail', lang))}: legmap</bdi>"
    )
    return credit_lines


def _subtitle(built: BuiltStory, lang: str) -> str | None:
    """The title box's second line: the story's source, unless it is a bare URL."""
    story = built.story
    if story is None or not getattr(story, "source", None):
        return None
    src = story.text(story.source)
    return f"{t('field.source', lang)}: {src}" if src and not safe_url(src) else None


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

    page = _Page(lang=lang, title=built.title, alt=alt_text(built, lang=lang, units=units))
    fmap = folium.Map(
        location=[(main[1] + main[3]) / 2, (main[0] + main[2]) / 2],
        zoom_start=3, tiles=None, zoom_control=False, control_scale=False,
        font_size="13px", zoom_snap=1 if provider else 0.25, prefer_canvas=big,
    )  # fmt: skip
    page.add_child(fmap)
    _add_assets(page, fmap, self_contained=options.self_contained)

    credit_lines = _add_basemap(fmap, provider, main, lon_0=frame.lon_0, lang=lang)
    journeys, drawn = _add_journeys(fmap, legs, leg_lines, content, lang=lang, units=units,
                                    big=big, theme=resolve_theme(options.theme))  # fmt: skip
    endpoints = set(legs["from_id"]) | set(legs["to_id"]) if len(legs) else set()
    _add_marks(fmap, places, events, endpoints, lang=lang)
    gauge = getattr(built, "gauge_breaks", None)  # where trains change gauge (legs.build)
    breaks = specs.records(gauge) if gauge is not None and len(gauge) else []
    for rec in breaks:
        rec["lonlat"] = (frame.lon(rec["geometry"].x), rec["geometry"].y)
    _add_gauge_breaks(fmap, breaks, places, lang=lang)
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
        inset = locator_spec(whole, main, drawn)
    _Call("setup", {
        "title": controls.title_html(built.title, lang, _subtitle(built, lang)),
        "legend": controls.legend_html(journeys=journeys, modes=modes, certainties=certainties,
                                       events=numbered, lang=lang, gauge_breaks=bool(breaks),
                                       toggles=toggles, whole=cropped),
        "dir": "rtl" if rtl else "ltr",
        "titlePos": "topright" if rtl else "topleft",
        "zoomPos": "topleft" if rtl else "topright",
        "legendPos": "bottomleft" if rtl else "bottomright",
        "scalePos": "bottomright" if rtl else "bottomleft",
        "metric": units != "mi",
        "labelsLeft": rtl,
        "zoomIn": t("zoom.in", lang), "zoomOut": t("zoom.out", lang),
        "prefix": '<a href="https://leafletjs.com" target="_blank" rel="noopener">Leaflet</a>',
        "credits": credit_lines,
        "bounds": [geom.latlng(main[0], main[1]), geom.latlng(main[2], main[3])],
        "whole": [geom.latlng(whole[0], whole[1]), geom.latlng(whole[2], whole[3])],
        "inset": inset,
        "insetLabel": f"{t('locator', lang)}. {t('whole_story', lang)}",
        "maxZoom": 12,
    }).add_to(fmap)  # fmt: skip

    _number_ids(page)
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


def _paths_per_leg(mode: str, certainty: str) -> int:
    """SVG paths one leg adds to the overlay pane (tests count them in the browser)."""
    style = leg_style(mode, certainty)
    return len(parts.strokes(style, "#000000")) + 1  # + the invisible hit stroke
