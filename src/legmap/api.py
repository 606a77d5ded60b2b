"""The notebook-native API: :func:`build` a story, then show, draw or save it.

:func:`build` takes a story in any form (a TOML or CSV file, a
:class:`~legmap.story.Story`, a dict shaped like a story file, a table of legs)
and returns a :class:`BuiltStory`: the legs, places and events as GeoDataFrames,
plus methods that hand back objects to keep working with, a ``folium.Map``
(:meth:`BuiltStory.to_folium`), matplotlib axes (:meth:`BuiltStory.plot`) or a
figure (:meth:`BuiltStory.to_figure`), and an inline map in a notebook.

This module sits on top of the layers (``docs/architecture.md``): the legs
package builds a story without knowing any renderer; the renderers are called
from here, each imported only when its method is used.

Examples
--------
>>> import legmap
>>> built = legmap.build(legmap.example_path(), lang="en")
>>> built  # doctest: +ELLIPSIS
BuiltStory("Kim Jong-un's expected visit to Russia", 7 legs, ..., lang='en', units='km')
>>> built.legs.loc[0, ["journey", "mode", "from_id", "to_id"]].tolist()
['kim-visit', 'train', 'pyongyang', 'vladivostok']
>>> m = built.to_folium(tiles="none")        # a folium.Map: add layers, then m.save(...)
>>> type(m).__name__
'Map'
"""

from __future__ import annotations

import dataclasses
import difflib
import html
import os
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from legmap import _csvstory
from legmap._optional import require
from legmap.config import Config, RenderOptions
from legmap.legs import build as _build
from legmap.rail.network import RailNetwork
from legmap.story import Story, load_story

if TYPE_CHECKING:
    import folium
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from legmap.places.gazetteer import Gazetteer

__all__ = ["BuiltStory", "build", "build_story"]

#: Height of the inline map in a notebook cell (the width follows the cell).
NOTEBOOK_HEIGHT_PX = 520

_OPTION_NAMES = tuple(f.name for f in dataclasses.fields(RenderOptions))


def _options(options: RenderOptions | None, overrides: Mapping[str, Any]) -> RenderOptions:
    """`options` with keyword overrides; an unknown keyword says which ones exist."""
    for key in overrides:
        if key not in _OPTION_NAMES:
            close = difflib.get_close_matches(key, _OPTION_NAMES, n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            msg = f"unknown option {key!r}{hint}; options: {', '.join(_OPTION_NAMES)}"
            raise TypeError(msg)
    return dataclasses.replace(options or RenderOptions(), **overrides)


def _stem(built: _build.BuiltStory) -> str:
    story = built.story
    if story is not None and story.path is not None:
        return story.path.stem
    slug = re.sub(r"[^a-z0-9]+", "-", (built.title or "").lower()).strip("-")
    return slug or "map"


class BuiltStory(_build.BuiltStory):
    """A story turned into geometry, that shows and draws itself.

    The same data as :class:`legmap.legs.build.BuiltStory` (``legs``,
    ``places``, ``events`` GeoDataFrames in EPSG:4326, ``story``, ``lang``,
    ``units``, ``title``); every method takes the drawing options of
    :class:`~legmap.config.RenderOptions` as keywords (``lang="en"``,
    ``tiles="none"``, ``width_px=1200``...), or ``options=RenderOptions(...)``.
    """

    @classmethod
    def of(cls, built: _build.BuiltStory) -> BuiltStory:
        """The same built story, with these methods."""
        if isinstance(built, cls):
            return built
        return cls(**{f.name: getattr(built, f.name) for f in dataclasses.fields(built)})

    def __repr__(self) -> str:
        return (
            f"BuiltStory({self.title!r}, {len(self.legs)} legs, {len(self.places)} places, "
            f"{len(self.events)} events, lang={self.lang!r}, units={self.units!r})"
        )

    # ------------------------------------------------------------- interactive
    def to_html(self, *, options: RenderOptions | None = None, **overrides: Any) -> str:
        """The interactive map as a complete HTML page (what ``legmap build`` writes)."""
        from legmap.render.html.renderer import render_html  # noqa: PLC0415  (folium on use)

        return render_html(self, options=_options(options, overrides))

    def to_folium(self, *, options: RenderOptions | None = None, **overrides: Any) -> folium.Map:
        """The interactive map as a :class:`folium.Map`.

        Add layers to it, then ``m.save("map.html")`` or show it in a notebook;
        legmap's legend, title and styles come along.

        Examples
        --------
        >>> import folium, legmap
        >>> m = legmap.build(legmap.example_path()).to_folium(lang="en", tiles="none")
        >>> _ = folium.Marker([43.1, 131.9], tooltip="my note").add_to(m)
        >>> "my note" in m.get_root().render()
        True
        """
        from legmap.render.html.renderer import html_map  # noqa: PLC0415

        return html_map(self, options=_options(options, overrides))

    def _repr_html_(self) -> str:
        """The interactive map inline in a notebook cell (an iframe of the page)."""
        page = self.to_html()
        return (
            f'<iframe srcdoc="{html.escape(page, quote=True)}" title="{html.escape(self.title)}" '
            f'style="width:100%;height:{NOTEBOOK_HEIGHT_PX}px;border:0" '
            'sandbox="allow-scripts allow-popups"></iframe>'
        )

    # ------------------------------------------------------------------ static
    def plot(
        self,
        ax: Axes | None = None,
        *,
        extent: tuple[float, float, float, float] | None = None,
        options: RenderOptions | None = None,
        **overrides: Any,
    ) -> Axes:
        """Draw the map into matplotlib axes (yours, or a new pyplot figure).

        Parameters
        ----------
        ax : matplotlib.axes.Axes, optional
            Where to draw; the axes take the map's projection (metres).
        extent : (min_lon, min_lat, max_lon, max_lat), optional
            Show this box instead of the whole story (a city close-up).

        Returns
        -------
        matplotlib.axes.Axes

        Examples
        --------
        >>> import legmap
        >>> from matplotlib.figure import Figure
        >>> fig = Figure(figsize=(10, 5))
        >>> left, right = fig.subplots(1, 2)
        >>> built = legmap.build(legmap.example_path(), lang="en")
        >>> built.plot(ax=left) is left
        True
        >>> _ = built.plot(ax=right, extent=(131.7, 42.9, 132.1, 43.25))   # Vladivostok
        """
        require("matplotlib")  # the static extra: say so, not just "No module named"
        from legmap.render.static.renderer import plot_map  # noqa: PLC0415  (matplotlib on use)

        return plot_map(self, ax=ax, extent=extent, options=_options(options, overrides))

    def to_figure(
        self,
        *,
        extent: tuple[float, float, float, float] | None = None,
        options: RenderOptions | None = None,
        **overrides: Any,
    ) -> Figure:
        """The print map as a matplotlib Figure (title, legend, credits): what PNG/SVG save.

        A notebook shows it inline; ``fig.savefig("map.pdf")`` writes any format
        matplotlib knows.
        """
        require("matplotlib")
        from legmap.render.static.renderer import render_figure  # noqa: PLC0415

        return render_figure(self, extent=extent, options=_options(options, overrides))

    # ------------------------------------------------------------------ output
    def to_geojson(self) -> str:
        """Legs, places and events as one GeoJSON FeatureCollection (RFC 7946)."""
        from legmap.render.geojson import to_geojson  # noqa: PLC0415

        return to_geojson(self)

    def save(
        self,
        folder: str | os.PathLike[str],
        *,
        formats: Iterable[str] | str = ("html", "geojson"),
        stem: str | None = None,
        options: RenderOptions | None = None,
        **overrides: Any,
    ) -> list[Path]:
        """Write the maps into `folder`, all or nothing, as ``legmap build`` does.

        Parameters
        ----------
        folder : path-like
            Created if missing.
        formats : str or iterable of str
            Any of ``html``, ``geojson``, ``png``, ``svg`` (``"html,png"`` works too).
        stem : str, optional
            File name without extension; default: the story file's name, or
            the title made into a file name.

        Returns
        -------
        list of pathlib.Path
            The files written (HTML also writes ``<stem>.embed.html``).
        """
        from legmap.publish import publish  # noqa: PLC0415

        if isinstance(formats, str):
            formats = [f.strip() for f in formats.split(",") if f.strip()]
        return publish(
            self, folder, stem=stem or _stem(self), formats=formats,
            options=_options(options, overrides),
        )  # fmt: skip


def _story(source: Any) -> Story:
    """A Story from a path, a Story, a dict shaped like a story file, or leg rows."""
    if isinstance(source, Story):
        return source
    if isinstance(source, str | os.PathLike):
        return load_story(os.fspath(source))
    if isinstance(source, Mapping):
        return Story.from_dict(source)
    to_dict = getattr(source, "to_dict", None)
    if callable(to_dict):  # a pandas DataFrame of legs, one per row
        data = _csvstory.story_data(to_dict("records"), title="legs", file="<table>")
        return Story.from_dict(data, file="<table>")
    if isinstance(source, Iterable):
        data = _csvstory.story_data(list(source), title="legs", file="<rows>")
        return Story.from_dict(data, file="<rows>")
    msg = (
        f"cannot build a story from {type(source).__name__}: give a .toml or .csv path, "
        "a legmap.Story, a dict shaped like a story file, or a table of legs"
    )
    raise TypeError(msg)


def build(
    story_or_path: Any,
    *,
    lang: str | None = None,
    units: str | None = None,
    rail: str | os.PathLike[str] | RailNetwork | None = None,
    online: bool = False,
    config: Config | None = None,
    gazetteer: Gazetteer | None = None,
) -> BuiltStory:
    """Build a story: resolve its places, route its legs, measure its claims.

    Parameters
    ----------
    story_or_path : path-like, Story, dict, or table of legs
        A story file (``.toml``, or ``.csv`` with one leg per row), a parsed
        :class:`~legmap.story.Story`, a dict shaped like a story file
        (:meth:`Story.from_dict <legmap.story.Story.from_dict>`), or legs as rows
        (a pandas DataFrame or a list of dicts with the CSV columns ``journey``,
        ``from``, ``to``, ``mode``, ``date``, ``certainty``, ``label``, ``source``).
    lang, units : str, optional
        Label language (en, ar, ru, ko) and units (km, mi); default: the story's.
    rail : path-like or RailNetwork, optional
        A network made by ``legmap rail import`` instead of the embedded one.
    online : bool
        Ask OpenStreetMap's Nominatim for names legmap does not know (cached).
    config : Config, optional
        Every other setting; `rail` and `online` are applied on top of it.
    gazetteer : Gazetteer, optional
        Resolve place names with this gazetteer instead of the default one.

    Returns
    -------
    BuiltStory

    Raises
    ------
    LegmapError
        Located at the offending spot (``story.toml: journeys[0].legs[2].to: ...``).

    Examples
    --------
    >>> import legmap
    >>> built = legmap.build({"title": "Shoigu in Pyongyang", "journeys": [{"id": "shoigu",
    ...     "legs": [{"from": "Moscow", "to": "Pyongyang", "mode": "flight"}]}]})
    >>> round(built.legs.loc[0, "length_km"])
    6430
    """
    story = _story(story_or_path)
    config = config or Config()
    if online:
        config = config.replace(online=True)
    network = None
    if isinstance(rail, RailNetwork):
        network = rail
    elif rail is not None:
        config = config.replace(rail=Path(rail))
    return build_story(
        story, gazetteer=gazetteer, rail=network, config=config, lang=lang, units=units
    )


def build_story(
    story: Story,
    *,
    gazetteer: Gazetteer | None = None,
    rail: RailNetwork | None = None,
    config: Config | None = None,
    lang: str | None = None,
    units: str | None = None,
) -> BuiltStory:
    """:func:`legmap.legs.build.build_story`, returning a :class:`BuiltStory` with its methods.

    Examples
    --------
    >>> import legmap
    >>> built = legmap.build_story(legmap.load_story(legmap.example_path()))
    >>> sorted(set(built.legs["mode"]))
    ['distance', 'flight', 'train', 'unknown']
    """
    built = _build.build_story(
        story, gazetteer=gazetteer, rail=rail, config=config, lang=lang, units=units
    )
    return BuiltStory.of(built)
