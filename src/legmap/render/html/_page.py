"""The HTML document of the web map: page, inline assets, legmap.js calls, element ids.

:class:`Page` is the document (folium's Figure with ``lang``/``dir``, an escaped
title, the screen-reader description and, when Leaflet comes from a CDN, the
offline notice); :func:`add_assets` puts Leaflet and legmap's CSS and JS in its
head; :class:`Call` is one ``legmap.<fn>(layer, spec)`` line of the page's
script; :func:`number_ids` replaces branca's random element ids by a counter,
so the same story gives the same bytes.  Story text only ever reaches these
templates as *values* (already escaped); the template sources are fixed strings.

Examples
--------
>>> import folium
>>> page = Page(lang="ar", title="<A>")
>>> page.dir, page.title_html
('rtl', '&lt;A&gt;')
>>> fmap = folium.Map(tiles=None)
>>> _ = page.add_child(fmap)
>>> _ = Call("setup", {"title": "{{x}}"}).add_to(fmap)
>>> number_ids(page)
>>> fmap.get_name()
'map_6'
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from branca.element import CssLink, Element, Figure, JavascriptLink, MacroElement
from folium.template import Template

from legmap._i18n import is_rtl, t
from legmap.render.html._assets import (
    LEAFLET_CSS_URL,
    LEAFLET_JS_URL,
    esc,
    js,
    leaflet_css,
    leaflet_js,
    legmap_css,
    legmap_js,
    script_text,
)

if TYPE_CHECKING:
    import folium

__all__ = ["Call", "Inline", "Page", "add_assets", "number_ids"]

_SELF_CONTAINED = "legmap build --self-contained"  # kept on one line in the offline notice


class Page(Figure):
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
        "{% if this.no_leaflet_html %}"
        '<div id="lm-no-leaflet" class="lm-no-leaflet" role="alert" hidden>'
        "<p>{{ this.no_leaflet_html }}</p></div>\n"
        '<script>if (!window.L) document.getElementById("lm-no-leaflet").hidden = false;</script>\n'
        "{% endif %}"
        "<script>\n"
        "{{ this.script.render(**kwargs) }}\n"
        "</script>\n"
        "</body>\n"
        "</html>\n"
    )

    def __init__(self, *, lang: str, title: str, alt: str = "", cdn: bool = False) -> None:
        super().__init__()
        self.lang = esc(lang)
        self.dir = "rtl" if is_rtl(lang) else "ltr"
        self.title_html = esc(title)
        # The map's description for screen readers (aria-describedby, set by legmap.js).
        self.alt_html = esc(alt)
        # Leaflet from a CDN: opened offline, the page says why it is blank and what to do.
        notice = esc(t("offline.no_leaflet", lang)) if cdn else ""
        self.no_leaflet_html = notice.replace(_SELF_CONTAINED, f"<code>{_SELF_CONTAINED}</code>")


class Inline(Element):
    """An inline ``<script>`` or ``<style>`` whose code is a rendered value."""

    _template = Template("<{{ this.tag }}>{{ this.code }}</{{ this.tag }}>")

    def __init__(self, tag: str, code: str) -> None:
        super().__init__()
        self._name = "Inline"
        self.tag = tag
        self.code = script_text(code)


class Call(MacroElement):
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


def number_ids(root: Element) -> None:
    """Replace branca's random element ids by a counter in tree order.

    ``Element.__init__`` draws ``_id`` from ``os.urandom``; ``get_name()`` (the
    JavaScript variable and the map's DOM id) is ``<name>_<_id>``.  The tree is
    built in a fixed order, so numbering it walks to the same names every time.
    """
    counter = itertools.count(1)
    for el in _walk(root):
        el._id = str(next(counter))


def add_assets(
    page: Figure, fmap: folium.Map, *, self_contained: bool, extra_css: str = ""
) -> None:
    """Leaflet (inline or CDN), then legmap's CSS and JS, then `extra_css`, in that order.

    The map's own ``default_js``/``default_css`` (jQuery, Bootstrap, Font
    Awesome...) are emptied on this instance: nothing here uses them.  Adding
    Leaflet ourselves puts legmap.css after leaflet.css, so ours wins, and
    `extra_css` (a theme's, :mod:`legmap.render.html._theme`) after legmap.css,
    so the theme wins; an empty one adds no element.
    """
    fmap.default_js = []
    fmap.default_css = []
    if self_contained:
        page.header.add_child(Inline("style", leaflet_css()))
        page.header.add_child(Inline("script", leaflet_js()))
    else:
        page.header.add_child(CssLink(LEAFLET_CSS_URL, download=False))  # type: ignore[no-untyped-call]
        page.header.add_child(JavascriptLink(LEAFLET_JS_URL, download=False))  # type: ignore[no-untyped-call]
    page.header.add_child(Inline("style", legmap_css()))
    page.header.add_child(Inline("script", legmap_js()))
    if extra_css:
        page.header.add_child(Inline("style", extra_css))
