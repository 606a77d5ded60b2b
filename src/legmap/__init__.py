"""legmap: route maps for news stories about journeys.

A story file (TOML) lists journeys, events and distance claims.  legmap resolves
its places with a multilingual gazetteer, routes train legs on a real rail
network, draws flights as geodesic arcs, checks distance claims, and renders
HTML (folium/Leaflet), PNG/SVG and GeoJSON maps.

In a notebook, :func:`build` gives a story that shows itself (an interactive
map inline), hands back a ``folium.Map`` or matplotlib axes to keep working on,
and saves every format at once; ``legmap example`` (or :func:`example_path`)
gives the seed story wherever legmap is installed.

Examples
--------
>>> import legmap
>>> built = legmap.build(legmap.example_path(), lang="en")
>>> sorted(set(built.legs["mode"]))
['distance', 'flight', 'train', 'unknown']
>>> import tempfile
>>> [p.name for p in built.save(tempfile.mkdtemp(), formats="geojson")]
['kim-putin-2023.geojson']
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

if TYPE_CHECKING:
    from legmap._examples import example_path
    from legmap.api import BuiltStory, build, build_story
    from legmap.draft import draft_story
    from legmap.places.gazetteer import Gazetteer
    from legmap.places.place import Place
    from legmap.publish import publish
    from legmap.rail.network import RailNetwork, RailRoute
    from legmap.render.geojson import to_geojson
    from legmap.render.html.renderer import render_html
    from legmap.render.static.renderer import render_static
    from legmap.story import Story, load_story, parse_story

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
    "build",
    "build_story",
    "draft_story",
    "example_path",
    "load_story",
    "parse_story",
    "publish",
    "render_html",
    "render_static",
    "to_geojson",
]

# Everything but the version, settings and errors loads on first use (pydantic,
# geopandas, folium, matplotlib...), so that `import legmap` and `legmap --version`
# stay quick.
_LAZY = {
    "Story": "legmap.story",
    "load_story": "legmap.story",
    "parse_story": "legmap.story",
    "build": "legmap.api",
    "example_path": "legmap._examples",
    "Gazetteer": "legmap.places.gazetteer",
    "Place": "legmap.places.place",
    "RailNetwork": "legmap.rail.network",
    "RailRoute": "legmap.rail.network",
    "BuiltStory": "legmap.api",
    "build_story": "legmap.api",
    "publish": "legmap.publish",
    "draft_story": "legmap.draft",
    "to_geojson": "legmap.render.geojson",
    "render_html": "legmap.render.html.renderer",
    "render_static": "legmap.render.static.renderer",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        msg = f"module 'legmap' has no attribute {name!r}"
        raise AttributeError(msg)
    from legmap._optional import optional_import  # noqa: PLC0415

    # render_static without the static extra: an error that names the extra.
    value = getattr(optional_import(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
