"""Interactive HTML maps through folium (the only legmap module importing folium).

:func:`render_html` turns a :class:`~legmap.routes.BuiltStory` into one HTML
page: a Leaflet map with one layer per journey, places and events, a legend,
a title box, a scale bar and credits, in the story's language (right-to-left
for Arabic).  The page is deterministic (same input, same bytes), keeps every
piece of story text inert (escaped HTML, escaped JSON, never template source),
and with ``RenderOptions(self_contained=True)`` carries its scripts and styles
inline, so it needs no network except for basemap tiles (none at all with
``tiles="none"``).

How it is built: folium supplies the page skeleton, the map, one
``FeatureGroup`` per journey and the layer control; each leg, place and event
is one call into legmap's small JavaScript helper (``_html_static/legmap.js``)
with a JSON spec computed here.  See ``docs/determinism.md`` and
``docs/embedding.md``.

Examples
--------
>>> import geopandas as gpd, shapely
>>> from legmap.routes import BuiltStory
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
>>> print(embed_snippet("a-to-b.html", title="A to B", lang="en").splitlines()[1])
<div class="legmap-embed" lang="en" dir="ltr" style="position:relative;width:100%;aspect-ratio:4/3;min-height:320px;max-height:85vh">
"""

from __future__ import annotations

import difflib
import itertools
import math
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

import folium
import numpy as np
import shapely
import xyzservices
from branca.element import CssLink, Element, Figure, JavascriptLink, MacroElement
from folium.template import Template

from legmap import _html_geom as geom
from legmap import _html_parts as parts
from legmap._html_assets import (
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
from legmap._i18n import is_rtl, t
from legmap.config import RenderOptions
from legmap.errors import RenderError
from legmap.style import CERTAINTIES, MODES, journey_colour, leg_style

if TYPE_CHECKING:
    from legmap.routes import BuiltStory

__all__ = ["embed_snippet", "render_html"]

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
        super().__init__()
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


# ----------------------------------------------------------------------- layers


def _groups_of_overlaps(lines: list[shapely.LineString], close: float) -> list[int]:
    """For each line, its index among earlier lines drawn (almost) on top of it."""
    slot: list[int] = []
    for i, a in enumerate(lines):
        same = [j for j in range(i) if shapely.hausdorff_distance(a, lines[j]) < close]
        slot.append(max((slot[j] for j in same), default=-1) + 1 if same else 0)
    return slot


def _leg_spec(
    row: Mapping[str, Any], line: shapely.LineString, colour: str, tol: float,
    lang: str, units: str,
) -> dict[str, Any]:  # fmt: skip
    style = leg_style(str(row["mode"]), str(row["certainty"]))
    options = [{**s, "interactive": False} for s in parts.strokes(style, colour)]
    # An invisible wide stroke on top catches the pointer: thin lines are hard to hover.
    options.append({"weight": 16, "opacity": 0, "color": "#000000", "className": "lm-hit"})
    coords = list(line.coords)
    marks: list[dict[str, Any]] = []
    if style.arrow and len(coords) >= 2:
        back = line.interpolate(0.97, normalized=True)
        angle = geom.mercator_angle((back.x, back.y), coords[-1])
        marks.append({"at": geom.latlng(*coords[-1]), "cls": "lm-orn", "size": [28, 28],
                      "anchor": [14, 14], "html": parts.arrow_svg(style.colour or colour,
                                                                  angle, style.opacity)})  # fmt: skip
    if style.end_bars and len(coords) >= 2:
        bar = style.colour or colour
        first = line.interpolate(0.03, normalized=True)
        last = line.interpolate(0.97, normalized=True)
        for at, toward in ((coords[0], (first.x, first.y)), (coords[-1], (last.x, last.y))):
            angle = geom.mercator_angle(at, toward)
            marks.append({"at": geom.latlng(*at), "cls": "lm-orn", "size": [16, 16],
                          "anchor": [8, 8], "html": parts.bar_svg(bar, angle)})  # fmt: skip
        mid = line.interpolate(0.5, normalized=True)
        text = f"<b>{parts.km_html(float(row['length_km']), units, lang)}</b>"
        claim = row.get("claim_km")
        if isinstance(claim, float) and not math.isnan(claim):
            text += "<br>" + esc(t("claim", lang, dist="\x00")).replace(
                "\x00", parts.km_html(claim, units, lang)
            )
        marks.append({"at": geom.latlng(mid.x, mid.y), "cls": "lm-orn", "size": [0, 0],
                      "anchor": [0, 0],
                      "html": f'<span class="lm-dist" {parts.card_attrs(lang)}>{text}</span>'})  # fmt: skip
    return {
        "c": geom.latlngs(line, tol),
        "parts": options,
        "marks": marks,
        "tip": parts.leg_tooltip(row, colour, lang, units),
        "pop": parts.leg_popup(row, colour, lang, units),
    }


_TEXT = ("journey_title", "from_name", "to_name", "date", "label", "source", "verdict",
         "verdict_text", "name", "place_name")  # fmt: skip


def _clean(rec: Mapping[str, Any]) -> dict[str, Any]:
    """A row with missing text as None (pandas hands back NaN for a missing string)."""
    out = dict(rec)
    for key in _TEXT:
        if key in out and not isinstance(out[key], str):
            out[key] = None
    return out


def _records(frame: Any) -> list[dict[str, Any]]:
    return [_clean(rec) for rec in frame.to_dict("records")]


def _pack(geoms: Any, tol: float) -> list[Any]:
    """Basemap geometries as compact GeoJSON: simplified, specks dropped, rounded."""
    arr = np.asarray(geoms, dtype=object)
    arr = shapely.simplify(arr, tol, preserve_topology=True)
    polygonal = shapely.get_type_id(arr) >= 3  # noqa: PLR2004  (polygons, multis)
    arr = arr[~(polygonal & (shapely.area(arr) < (3 * tol) ** 2)) & ~shapely.is_empty(arr)]
    # Two decimals under the tolerance: well below a pixel, and short numbers.
    decimals = min(max(math.ceil(-math.log10(tol)), 1), geom.DECIMALS)
    # set_precision snaps to the grid *and* keeps polygons valid (plain rounding can
    # make rings cross, which Leaflet's polygon clipping then drops).
    arr = shapely.set_precision(arr, 10.0**-decimals)
    parts_ = shapely.get_parts(arr[~shapely.is_empty(arr)])
    # One multi-geometry per layer: one SVG path instead of hundreds.
    if not len(parts_):
        return []
    if shapely.get_type_id(parts_[0]) == 3:  # noqa: PLR2004  (Polygon)
        # Counter-clockwise shells, clockwise holes: drawn with the "nonzero" fill
        # rule, lakes stay holes and touching or overlapping pieces never cancel out.
        merged: shapely.Geometry = shapely.MultiPolygon(
            list(shapely.orient_polygons(parts_, exterior_cw=False))
        )
    else:
        merged = shapely.MultiLineString(list(parts_))
    return [shapely.geometry.mapping(merged)]


def _basemap_spec(content: geom.Bounds) -> dict[str, Any]:
    from legmap import _basemap  # noqa: PLC0415  (reads parquet: only for tiles="none")

    # Detailed land where the reader looks first, and a coarse world (shown only
    # when the reader zooms out past the first view) so the data never ends.
    box = geom.view_box(content)
    extent = max(content[2] - content[0], content[3] - content[1], 0.05)
    mid_lat = math.radians((content[1] + content[3]) / 2)
    width_km = (content[2] - content[0]) * 111.32 * max(math.cos(mid_lat), 0.1)
    bm = _basemap.load_basemap(box, scale_km=max(width_km, 1.0))
    world = _basemap.load_basemap((-180.0, -85.0, 180.0, 85.0), scale_km=40_000.0)
    tol = extent / 4000
    land = {"fillColor": _basemap.LAND_COLOUR, "fillOpacity": 1, "stroke": False,
            "fillRule": "nonzero"}  # fmt: skip
    border = {"color": _basemap.BORDER_COLOUR, "weight": 0.9, "opacity": 1}
    return {
        "water": _basemap.WATER_COLOUR,
        "layers": [
            {"data": _pack(world.land.geometry.values, 0.2), "style": land, "outer": True},
            {"data": _pack(world.borders.geometry.values, 0.2), "style": border, "outer": True},
            {"data": _pack(bm.land.geometry.values, tol),
             "style": {**land, "stroke": True, "color": _basemap.COAST_COLOUR, "weight": 0.6}},
            {"data": _pack(bm.borders.geometry.values, tol), "style": border},
        ],
        "credit": bm.credit,
    }  # fmt: skip


# ------------------------------------------------------------------------- API


def render_html(built: BuiltStory, *, options: RenderOptions = RenderOptions()) -> str:  # noqa: B008
    """Draw a built story as an interactive, self-describing HTML map.

    Parameters
    ----------
    built : BuiltStory
        Legs, places and events (``legmap.routes.build_story``).
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
    places = _records(built.places) if len(built.places) else []
    events = _records(built.events) if len(built.events) else []
    for rec in (*places, *events):  # same copy of the world as the legs
        pt = rec["geometry"]
        rec["lonlat"] = (geom.near_lon(pt.x, ref_lon), pt.y)
    content_geoms = [*leg_lines, *(shapely.Point(r["lonlat"]) for r in (*places, *events))]
    content = geom.bounds_of(content_geoms) if content_geoms else (-10.0, -10.0, 10.0, 10.0)
    extent = max(content[2] - content[0], content[3] - content[1], 0.05)
    tol = geom.tolerance_for(content)

    page = _Page(lang=lang, title=built.title)
    fmap = folium.Map(
        location=[(content[1] + content[3]) / 2, (content[0] + content[2]) / 2],
        zoom_start=3, tiles=None, zoom_control=False, control_scale=False,
        font_size="13px", zoom_snap=1 if provider else 0.25,
    )  # fmt: skip
    # Assets are added below, in an order that lets legmap.css override Leaflet's.
    fmap.default_js = []
    fmap.default_css = []
    page.add_child(fmap)
    if options.self_contained:
        page.header.add_child(_Inline("style", leaflet_css()))
        page.header.add_child(_Inline("script", leaflet_js()))
    else:
        page.header.add_child(CssLink(LEAFLET_CSS_URL, download=False))
        page.header.add_child(JavascriptLink(LEAFLET_JS_URL, download=False))
    page.header.add_child(_Inline("style", legmap_css()))
    page.header.add_child(_Inline("script", legmap_js()))

    credits = []
    if provider is not None:
        folium.TileLayer(tiles=provider, control=False).add_to(fmap)
    else:
        spec = _basemap_spec(content)
        credits.append(f"{esc(t('credit.basemap', lang))}: {esc(spec.pop('credit'))}")
        _Call("basemap", spec).add_to(fmap)
    credits.append(
        f"{esc(t('credit.places', lang))}: {_DATA_CREDIT}; {esc(t('credit.rail', lang))}: legmap"
    )

    # Journeys: one layer each, in story order, coloured by order of appearance.
    order = list(dict.fromkeys(legs["journey"])) if len(legs) else []
    colours = {j: journey_colour(i) for i, j in enumerate(order)}
    slots = _groups_of_overlaps(leg_lines, extent / 100)
    journey_titles: list[tuple[str, str]] = []
    seen_names: set[str] = set()
    for jid in order:
        idx = [i for i in range(len(legs)) if legs.at[i, "journey"] == jid]
        title = str(legs.at[idx[0], "journey_title"] or jid)
        journey_titles.append((title, colours[jid]))
        name = f'<span class="lm-sw" style="background:{colours[jid]}"></span> {esc(title)}'
        while name in seen_names:  # the control is keyed by name: keep twins apart
            name += "\u200b"
        seen_names.add(name)
        group = folium.FeatureGroup(name=name, overlay=True, control=True, show=True)
        for i in idx:
            row = _clean(legs.iloc[i].to_dict())
            spec = _leg_spec(row, leg_lines[i], colours[jid], tol, lang, units)
            if slots[i]:  # shifted in screen pixels by legmap.js, the same at every zoom
                spec["off"] = (slots[i] + 1) // 2 * (1 if slots[i] % 2 else -1) * 6
            _Call("leg", spec).add_to(group)
        group.add_to(fmap)

    # Places and events: one layer, labels decluttered in the browser by priority.
    endpoints = set(legs["from_id"]) | set(legs["to_id"]) if len(legs) else set()
    marks = folium.FeatureGroup(name=esc(t("places", lang)), overlay=True, control=True)
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
        }).add_to(marks)  # fmt: skip
    numbered = list(enumerate(events, start=1))
    for number, ev in numbered:
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
        }).add_to(marks)  # fmt: skip
    marks.add_to(fmap)
    folium.LayerControl(position="topleft" if rtl else "topright", collapsed=True).add_to(fmap)

    story = built.story
    subtitle = None
    if story is not None and getattr(story, "source", None):
        src = story.text(story.source)
        subtitle = f"{t('field.source', lang)}: {src}" if src and not safe_url(src) else None
    present_modes = [m for m in MODES if m in set(legs["mode"])] if len(legs) else []
    present_cert = [c for c in CERTAINTIES if c in set(legs["certainty"])] if len(legs) else []
    _Call("setup", {
        "title": parts.title_html(built.title, lang, subtitle),
        "legend": parts.legend_html(journeys=journey_titles, modes=present_modes,
                                    certainties=present_cert, events=numbered, lang=lang),
        "titlePos": "topright" if rtl else "topleft",
        "legendPos": "bottomleft" if rtl else "bottomright",
        "scalePos": "bottomright" if rtl else "bottomleft",
        "metric": units != "mi",
        "labelsLeft": rtl,
        "zoomIn": t("zoom.in", lang), "zoomOut": t("zoom.out", lang),
        "prefix": '<a href="https://leafletjs.com" target="_blank" rel="noopener">Leaflet</a>',
        "credits": credits,
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

