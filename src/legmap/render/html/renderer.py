"""Interactive HTML maps through folium (the only legmap module importing folium).

:func:`render_html` turns a :class:`~legmap.legs.build.BuiltStory` into one HTML
page: a Leaflet map with one layer per journey, places and events, a legend,
a title box, a scale bar and credits, in the story's language (right-to-left
for Arabic).  The page is deterministic (same input, same bytes), keeps every
piece of story text inert (escaped HTML, escaped JSON, never template source),
and with ``RenderOptions(self_contained=True)`` carries its scripts and styles
inline, so it needs no network except for basemap tiles (none at all with
``tiles="none"``).

How it is built: folium supplies the page skeleton, the map, one
``FeatureGroup`` per journey and the layer control; each leg, place and event
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

import difflib
import itertools
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

import folium
import numpy as np
import shapely
import xyzservices
from branca.element import CssLink, Element, Figure, JavascriptLink, MacroElement
from folium.template import Template

from legmap._i18n import is_rtl, t
from legmap.config import RenderOptions
from legmap.errors import RenderError
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
from legmap.render.style import CERTAINTIES, MODES, journey_colour, leg_style

if TYPE_CHECKING:
    from legmap.legs.build import BuiltStory

__all__ = ["check_tiles", "embed_snippet", "render_html"]

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
        "{{ this.header.render(**kwargs) }}\n"
        "</head>\n"
        "<body>\n"
        "{{ this.html.render(**kwargs) }}\n"
        "<script>\n"
        "{{ this.script.render(**kwargs) }}\n"
        "</script>\n"
        "</body>\n"
        "</html>\n"
    )

    def __init__(self, *, lang: str, title: str) -> None:
        super().__init__()
        self.lang = esc(lang)
        self.dir = "rtl" if is_rtl(lang) else "ltr"
        self.title_html = esc(title)


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


# ------------------------------------------------------------------------ tiles


def _provider(name: str) -> xyzservices.TileProvider:
    try:
        provider = xyzservices.providers.query_name(name)
    except ValueError:
        names = list(xyzservices.providers.flatten())
        lower = {n.lower(): n for n in names}
        close = difflib.get_close_matches(name.lower(), list(lower), n=3, cutoff=0.5)
        hint = f" (did you mean: {', '.join(lower[c] for c in close)}?)" if close else ""
        raise RenderError(
            f"unknown tiles {name!r}{hint}; use an xyzservices provider name "
            "such as 'Esri.WorldGrayCanvas', or 'none' for the embedded basemap"
        ) from None
    if provider.requires_token():
        # CARTO's basemaps (CartoDB.*) need a key since August 2026; without one
        # the tiles come back stamped "API key required", which nobody should publish.
        raise RenderError(
            f"tiles {provider.name!r} need an API key, which legmap cannot pass; "
            "use a keyless provider such as 'OpenStreetMap.Mapnik', or 'none' for "
            "the embedded basemap"
        )
    return provider


def check_tiles(name: str) -> None:
    """Raise :class:`RenderError` now if `name` is not a usable basemap.

    The CLI calls it before the slow work, so a typo in ``--tiles`` fails at once.

    Examples
    --------
    >>> check_tiles("none"); check_tiles("OpenStreetMap.Mapnik")
    >>> check_tiles("CartoDB.Positron")
    Traceback (most recent call last):
    legmap.errors.RenderError: tiles 'CartoDB.Positron' need an API key, ...
    """
    if name.strip().lower() != "none":
        _provider(name)


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
    *, lang: str, units: str,
) -> list[tuple[str, str]]:  # fmt: skip
    """One layer per journey, in story order; returns (title, colour) for the legend."""
    extent = max(content[2] - content[0], content[3] - content[1], 0.05)
    tol = geom.tolerance_for(content)
    order = list(dict.fromkeys(legs["journey"])) if len(legs) else []
    colours = {j: journey_colour(i) for i, j in enumerate(order)}
    slots = specs.overlap_slots(leg_lines, extent / 100)
    titles: list[tuple[str, str]] = []
    seen: set[str] = set()
    for jid in order:
        idx = [i for i in range(len(legs)) if legs.at[i, "journey"] == jid]
        title = str(legs.at[idx[0], "journey_title"] or jid)
        # A journey drawn only in a fixed colour (distance checks) is no coloured
        # route: the legend would show a colour found nowhere on the map.
        fixed = {leg_style(legs.at[i, "mode"], "confirmed").colour for i in idx}
        swatch = colours[jid] if None in fixed else sorted(c for c in fixed if c)[0]
        if None in fixed:
            titles.append((title, colours[jid]))
        # The layer control shows its names as HTML: escaped title and a swatch.
        name = f'<span class="lm-sw" style="background:{swatch}"></span> {esc(title)}'
        while name in seen:  # the control is keyed by name: keep twins apart
            name += "\u200b"
        seen.add(name)
        group = folium.FeatureGroup(name=name, overlay=True, control=True, show=True)
        for i in idx:
            row = specs.clean(legs.iloc[i].to_dict())
            spec = specs.leg_spec(row, leg_lines[i], swatch, tol=tol, lang=lang, units=units)
            if slots[i]:  # shifted in screen pixels by legmap.js, the same at every zoom
                spec["off"] = (slots[i] + 1) // 2 * (1 if slots[i] % 2 else -1) * 6
            _Call("leg", spec).add_to(group)
        group.add_to(fmap)
    return titles


def _add_marks(
    fmap: folium.Map, places: list[dict[str, Any]], events: list[dict[str, Any]],
    endpoints: set[str], *, lang: str,
) -> None:  # fmt: skip
    """Places and events in one layer; the browser declutters labels by priority."""
    rtl = is_rtl(lang)
    layer = folium.FeatureGroup(name=esc(t("places", lang)), overlay=True, control=True)
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


# ------------------------------------------------------------------------- API


def render_html(built: BuiltStory, *, options: RenderOptions = RenderOptions()) -> str:  # noqa: B008
    """Draw a built story as an interactive, self-describing HTML map.

    Parameters
    ----------
    built : BuiltStory
        Legs, places and events (``legmap.legs.build.build_story``).
    options : RenderOptions
        ``lang``/``units`` override the story's; ``tiles`` is an xyzservices
        provider name or ``"none"`` (embedded vector basemap, no network);
        ``self_contained`` inlines Leaflet so the page works offline forever.

    Returns
    -------
    str
        A complete HTML document, byte-identical for identical input.

    Raises
    ------
    RenderError
        Unknown tile provider (with suggestions), or one needing an API key.
    """
    lang = options.lang or built.lang or "en"
    units = options.units or built.units or "km"
    rtl = is_rtl(lang)
    provider = None if options.tiles.strip().lower() == "none" else _provider(options.tiles)

    legs = built.legs.reset_index(drop=True)
    leg_lines = [shapely.LineString(g.coords) for g in legs.geometry]
    ref_lon = float(np.mean([c[0] for ln in leg_lines for c in ln.coords])) if leg_lines else 0.0
    places = specs.records(built.places) if len(built.places) else []
    events = specs.records(built.events) if len(built.events) else []
    for rec in (*places, *events):  # same copy of the world as the legs
        pt = rec["geometry"]
        rec["lonlat"] = (geom.near_lon(pt.x, ref_lon), pt.y)
    content_geoms = [*leg_lines, *(shapely.Point(r["lonlat"]) for r in (*places, *events))]
    content = geom.bounds_of(content_geoms) if content_geoms else (-10.0, -10.0, 10.0, 10.0)

    page = _Page(lang=lang, title=built.title)
    fmap = folium.Map(
        location=[(content[1] + content[3]) / 2, (content[0] + content[2]) / 2],
        zoom_start=3, tiles=None, zoom_control=False, control_scale=False,
        font_size="13px", zoom_snap=1 if provider else 0.25,
    )  # fmt: skip
    page.add_child(fmap)
    _add_assets(page, fmap, self_contained=options.self_contained)

    credit_lines = []
    if provider is not None:
        folium.TileLayer(tiles=provider, control=False).add_to(fmap)
    else:
        spec = specs.basemap_spec(content)
        credit_lines.append(f"{esc(t('credit.basemap', lang))}: {esc(spec.pop('credit'))}")
        _Call("basemap", spec).add_to(fmap)
    credit_lines.append(
        f"{esc(t('credit.places', lang))}: {_DATA_CREDIT}; {esc(t('credit.rail', lang))}: legmap"
    )
    journeys = _add_journeys(fmap, legs, leg_lines, content, lang=lang, units=units)
    endpoints = set(legs["from_id"]) | set(legs["to_id"]) if len(legs) else set()
    _add_marks(fmap, places, events, endpoints, lang=lang)
    folium.LayerControl(position="topleft" if rtl else "topright", collapsed=True).add_to(fmap)

    story = built.story
    subtitle = None
    if story is not None and getattr(story, "source", None):
        src = story.text(story.source)
        subtitle = f"{t('field.source', lang)}: {src}" if src and not safe_url(src) else None
    modes = [m for m in MODES if m in set(legs["mode"])] if len(legs) else []
    certainties = [c for c in CERTAINTIES if c in set(legs["certainty"])] if len(legs) else []
    numbered = list(enumerate(events, start=1))
    _Call("setup", {
        "title": parts.title_html(built.title, lang, subtitle),
        "legend": parts.legend_html(journeys=journeys, modes=modes, certainties=certainties,
                                    events=numbered, lang=lang),
        "titlePos": "topright" if rtl else "topleft",
        "legendPos": "bottomleft" if rtl else "bottomright",
        "scalePos": "bottomright" if rtl else "bottomleft",
        "metric": units != "mi",
        "labelsLeft": rtl,
        "zoomIn": t("zoom.in", lang), "zoomOut": t("zoom.out", lang),
        "prefix": '<a href="https://leafletjs.com" target="_blank" rel="noopener">Leaflet</a>',
        "credits": credit_lines,
        "bounds": [geom.latlng(content[0], content[1]), geom.latlng(content[2], content[3])],
        "maxZoom": 12,
    }).add_to(fmap)  # fmt: skip

    _number_ids(page)
    return page.render()


def embed_snippet(html_name: str, *, title: str, lang: str) -> str:
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
    """
    name = html_name.strip()
    if ":" in name.split("/", 1)[0] and not safe_url(name):
        raise RenderError(f"cannot embed {html_name!r}: give a relative path or an http(s) URL")
    src, label, attrs = esc(name), esc(title), parts.card_attrs(lang)
    return (
        "<!-- legmap map: responsive, fills the column width -->\n"
        f'<div class="legmap-embed" {attrs} style="position:relative;width:100%;'
        'aspect-ratio:4/3;min-height:320px;max-height:85vh">\n'
        f'  <iframe src="{src}" title="{label}" loading="lazy" allowfullscreen '
        'referrerpolicy="strict-origin-when-cross-origin" '
        'style="position:absolute;inset:0;width:100%;height:100%;border:0"></iframe>\n'
        "</div>\n"
        f'<p class="legmap-embed-link" {attrs} style="margin:.3em 0;font-size:.85em">'
        f'<a href="{src}">{label}</a></p>\n'
    )


def _paths_per_leg(mode: str, certainty: str) -> int:
    """SVG paths one leg adds to the overlay pane (tests count them in the browser)."""
    style = leg_style(mode, certainty)
    return len(parts.strokes(style, "#000000")) + 1  # + the invisible hit stroke
