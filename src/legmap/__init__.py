"""legmap: route maps for news stories about journeys.

A story file (TOML) lists journeys, events and distance claims.  legmap resolves
its places with a multilingual gazetteer, routes train legs on a real rail
network, draws flights as geodesic arcs, checks distance claims, and renders
HTML (folium/Leaflet), PNG/SVG and GeoJSON maps.

Examples
--------
>>> import legmap
>>> story = legmap.load_story("geo/stories/kim-putin-2023.toml")
>>> built = legmap.build_story(story)
>>> sorted(set(built.legs["mode"]))
['distance', 'flight', 'train', 'unknown']
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from legmap._version import __version__
from legmap.config import Config, RenderOptions
from legmap.errors import (
    AmbiguousPlaceError,
    DataError,
    GeocoderError,
    GeocoderTimeoutError,
    LegmapError,
    NoRailConnectionError,
    PlaceNotFoundError,
    RenderError,
    RouteError,
    StoryError,
)
from legmap.story import Story, load_story, parse_story

if TYPE_CHECKING:
    from legmap.legs.build import BuiltStory, build_story
    from legmap.places.gazetteer import Gazetteer
    from legmap.places.place import Place
    from legmap.publish import publish
    from legmap.rail.network import RailNetwork, RailRoute
    from legmap.render.geojson import to_geojson
    from legmap.render.html.renderer import render_html
    from legmap.render.static.renderer import render_static

__all__ = [
    "AmbiguousPlaceError",
    "BuiltStory",
    "Config",
    "DataError",
    "Gazetteer",
    "GeocoderError",
    "GeocoderTimeoutError",
    "LegmapError",
    "NoRailConnectionError",
    "Place",
    "PlaceNotFoundError",
    "RailNetwork",
    "RailRoute",
    "RenderError",
    "RenderOptions",
    "RouteError",
    "Story",
    "StoryError",
    "__version__",
    "build_story",
    "load_story",
    "parse_story",
    "publish",
    "render_html",
    "render_static",
    "to_geojson",
]

# Heavy modules (geopandas, folium, matplotlib) load on first use, so that
# `import legmap` and `legmap --help` stay quick.
_LAZY = {
    "Gazetteer": "legmap.places.gazetteer",
    "Place": "legmap.places.place",
    "RailNetwork": "legmap.rail.network",
    "RailRoute": "legmap.rail.network",
    "BuiltStory": "legmap.legs.build",
    "build_story": "legmap.legs.build",
    "publish": "legmap.publish",
    "to_geojson": "legmap.render.geojson",
    "render_html": "legmap.render.html.renderer",
    "render_static": "legmap.render.static.renderer",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        msg = f"module 'legmap' has no attribute {name!r}"
        raise AttributeError(msg)
    import importlib  # noqa: PLC0415

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
