"""The basemap layer of the web map and the map's credit lines.

The basemap is a tile provider's layer (with its dark twin for readers who
prefer dark pages, :mod:`legmap.render.html._tiles`) or, with ``tiles="none"``,
legmap's embedded vector basemap drawn by ``legmap.js``
(:func:`legmap.render.html._specs.basemap_spec`).  The credit lines name the
basemap's sources, the places' data and, on maps that use the rail network, the
rail data's; each is one ``<bdi>`` so it stays one unit in right-to-left text.

Examples
--------
>>> import folium
>>> fmap = folium.Map(tiles=None)
>>> add_basemap(fmap, None, (0.0, 0.0, 1.0, 1.0), lon_0=0.0, lang="en")[-1]
'<bdi>Places: GeoNames, OpenStreetMap, Wikipedia</bdi>'
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import folium

from legmap._i18n import t
from legmap.render.html import _geom as geom
from legmap.render.html import _specs as specs
from legmap.render.html._assets import esc
from legmap.render.html._page import Call
from legmap.render.html._tiles import dark_twin
from legmap.render.theme import DEFAULT_THEME, Theme

if TYPE_CHECKING:
    from legmap.legs.build import BuiltStory

__all__ = ["DATA_CREDIT", "add_basemap", "rail_credit"]

DATA_CREDIT = "GeoNames, OpenStreetMap, Wikipedia"


def add_basemap(
    fmap: folium.Map, provider: Any, main: geom.Bounds, *, lon_0: float, lang: str,
    theme: Theme = DEFAULT_THEME,
) -> list[str]:  # fmt: skip
    """Tiles (and their dark twin), or legmap's vector basemap; returns the credit lines.

    The vector basemap takes the theme's land, water, coast and border colours;
    a provider's tiles are its own.
    """
    credit_lines = []
    if provider is not None:
        light = folium.TileLayer(tiles=provider, control=False)
        Call("tiles", {"dark": False}).add_to(light)
        light.add_to(fmap)
        twin = dark_twin(provider)
        if twin is not None:  # shown instead when the reader prefers dark pages
            dark = folium.TileLayer(tiles=twin, control=False, show=False)
            Call("tiles", {"dark": True}).add_to(dark)
            dark.add_to(fmap)
    else:
        spec = specs.basemap_spec(main, lon_0=lon_0, theme=theme)
        credit = f"{esc(t('credit.basemap', lang))}: {esc(spec.pop('credit'))}"
        credit_lines.append(f"<bdi>{credit}</bdi>")  # each credit one unit in rtl text
        Call("basemap", spec).add_to(fmap)
    credit_lines.append(f"<bdi>{esc(t('credit.places', lang))}: {DATA_CREDIT}</bdi>")
    return credit_lines


def rail_credit(built: BuiltStory, lang: str) -> list[str]:
    """The rail data's credit line, on maps that use the network (ODbL asks it of OSM)."""
    if not built.rail_credit:
        return []
    return [f"<bdi>{esc(t('credit.rail', lang))}: {esc(', '.join(built.rail_credit))}</bdi>"]
