"""Themes: a newsroom's colours, fonts, line widths, basemap colours and credit line.

A theme is a small TOML file (``docs/themes.md``; an example in
``geo/themes/newsroom.toml``) loaded into a frozen :class:`Theme`.  Every
renderer asks the theme, not :mod:`legmap.render.style`, for a journey's colour
(:meth:`Theme.journey_colours`) and a leg's style (:meth:`Theme.leg_style`); the
default theme, :data:`DEFAULT_THEME`, is legmap's own look, exactly.

Examples
--------
>>> theme = parse_theme('''
... [palette]
... journeys = ["#005A8C", "#C8102E"]
... [palette.mode]
... distance = "#222222"
... [lines]
... scale = 1.5
... ''')
>>> theme.journey_colours(["kim", "shoigu", "delegation"])
{'kim': '#005A8C', 'shoigu': '#C8102E', 'delegation': '#005A8C'}
>>> theme.leg_style("train", "confirmed").weight   # 4 px, 1.5 times
6.0
>>> theme.leg_style("distance", "confirmed").colour
'#222222'
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from legmap.errors import RenderError, quote
from legmap.render import style
from legmap.render.style import JOURNEY_PALETTE, MODES, LegStyle

__all__ = ["DEFAULT_THEME", "Theme", "load_theme", "parse_theme", "resolve_theme"]

# The offline basemap's palette (legmap.render._basemap keeps the same values;
# not imported from there, so that a theme loads without geopandas).
_LAND, _WATER, _COAST, _BORDER = "#f2efe9", "#d4e1ea", "#b7c4cc", "#9c9c9c"
_COLOUR_RE = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})$")
_WEIGHTS = ("normal", "bold")
_MAX_THEME_BYTES = 256 * 1024


@dataclass(frozen=True, kw_only=True)
class Theme:
    """How a newsroom's maps look (every field has legmap's own default).

    Attributes
    ----------
    name : str
        A name for the theme (not shown on maps).
    journey_palette : tuple of str
        Journey colours, given to journeys in story order (cycling).
    journey_colours_by_id : tuple of (str, str)
        (journey id, colour) pairs that win over the palette.
    mode_colours : tuple of (str, str)
        (mode, colour): every leg of the mode in that colour, whatever its journey.
    fonts : tuple of str
        Font families tried first for text in Latin and Cyrillic script (the
        script font of an Arabic or Korean map stays first for its letters).
    title_size : float
        Title size in points (static maps).
    title_weight : str
        ``bold`` or ``normal``.
    text_scale : float
        Factor on every other text size of static maps.
    line_scale : float
        Factor on every leg's line width.
    mode_widths : tuple of (str, float)
        (mode, width in CSS pixels before `line_scale`).
    land, water, coast, borders : str
        Basemap colours (static maps, and the HTML map's offline basemap).
    credit : str or None
        Text added to the credit line (``Graphic: The Newsroom``).
    logo : pathlib.Path or None
        A PNG drawn at the lower right corner of static maps.
    logo_height_mm : float
        Its height on the page.
    source : pathlib.Path or None
        The file the theme was read from.
    """

    name: str = "legmap"
    journey_palette: tuple[str, ...] = JOURNEY_PALETTE
    journey_colours_by_id: tuple[tuple[str, str], ...] = ()
    mode_colours: tuple[tuple[str, str], ...] = ()
    fonts: tuple[str, ...] = ()
    title_size: float = 15.0
    title_weight: str = "bold"
    text_scale: float = 1.0
    line_scale: float = 1.0
    mode_widths: tuple[tuple[str, float], ...] = ()
    land: str = _LAND
    water: str = _WATER
    coast: str = _COAST
    borders: str = _BORDER
    credit: str | None = None
    logo: Path | None = None
    logo_height_mm: float = 7.0
    source: Path | None = None

    def journey_colour(self, index: int, journey: str | None = None) -> str:
        """Colour of the `index`-th journey (its own when the theme names it)."""
        own = dict(self.journey_colours_by_id)
        if journey is not None and journey in own:
            return own[journey]
        return self.journey_palette[index % len(self.journey_palette)]

    def journey_colours(self, journeys: Sequence[str]) -> dict[str, str]:
        """Colour of each journey id, given in story order."""
        return {jid: self.journey_colour(i, jid) for i, jid in enumerate(journeys)}

    def mode_colour(self, mode: str) -> str | None:
        """The colour every leg of `mode` takes, if the theme fixes one."""
        return dict(self.mode_colours).get(mode)

    def leg_style(self, mode: str, certainty: str) -> LegStyle:
        """:func:`legmap.render.style.leg_style` with the theme's widths and mode colours."""
        base = style.leg_style(mode, certainty)
        width = dict(self.mode_widths).get(mode)
        if width is None and self.line_scale == 1.0 and self.mode_colour(mode) is None:
            return base
        if width is not None:
            cert = style.CERTAINTY_STYLES.get(certainty, style.CERTAINTY_STYLES["confirmed"])
            base = replace(base, weight=round(width * cert.weight_factor, 2))
        return replace(base, weight=round(base.weight * self.line_scale, 2),
                       colour=self.mode_colour(mode) or base.colour)  # fmt: skip


#: legmap's own look.
DEFAULT_THEME = Theme()


def _fail(message: str, spot: str, file: str | None) -> RenderError:
    return RenderError(message, file=file, spot=spot)


def _colour(value: Any, spot: str, file: str | None) -> str:
    if not isinstance(value, str) or not _COLOUR_RE.match(value):
        msg = f"{quote(str(value))} is not a colour like '#C8102E' (hex: #rgb, #rrggbb, #rrggbbaa)"
        raise _fail(msg, spot, file)
    return value


def _number(value: Any, spot: str, file: str | None, *, low: float, high: float) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not low <= value <= high:
        raise _fail(f"{value!r} is not a number from {low:g} to {high:g}", spot, file)
    return float(value)


def _table(data: Any, spot: str, file: str | None, keys: Sequence[str]) -> dict[str, Any]:
    if not isinstance(data, Mapping):
        raise _fail("expected a table", spot, file)
    for key in data:
        if key not in keys:
            where = f"{spot}.{key}" if spot else str(key)
            raise _fail(f"unknown key {quote(str(key))} (use: {', '.join(keys)})", where, file)
    return dict(data)


def _text(value: Any, spot: str, file: str | None) -> str:
    if not isinstance(value, str) or not value.strip() or len(value) > 200:
        raise _fail("expected text (at most 200 characters)", spot, file)
    if any(ord(c) < 32 for c in value):
        raise _fail("text holds a control character", spot, file)
    return value


def _per_mode(data: Any, spot: str, file: str | None) -> dict[str, Any]:
    return _table(data, spot, file, MODES)


def parse_theme(  # noqa: PLR0912, PLR0915 - one flat check per key of the format
    text: str, *, file: str | None = None, base: Path | None = None
) -> Theme:
    """Read a theme from TOML text (format in ``docs/themes.md``).

    Parameters
    ----------
    text : str
        The TOML.
    file : str, optional
        Name for error messages.
    base : pathlib.Path, optional
        Folder a relative ``credit.logo`` path is read from.

    Raises
    ------
    legmap.errors.RenderError
        A syntax error, an unknown key, a colour that is not hex, a number
        out of range, a logo that is not a readable PNG; the spot is named.

    Examples
    --------
    >>> parse_theme('[palette]\\njourneys = ["red"]', file="t.toml")
    Traceback (most recent call last):
    legmap.errors.RenderError: t.toml: palette.journeys[0]: 'red' is not a colour like '#C8102E' (hex: #rgb, #rrggbb, #rrggbbaa)
    """  # noqa: E501
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise RenderError(f"theme is not valid TOML: {err}", file=file) from None
    top = _table(data, "", file, ("name", "palette", "fonts", "lines", "basemap", "credit"))
    fields: dict[str, Any] = {}
    if "name" in top:
        fields["name"] = _text(top["name"], "name", file)
    palette = _table(top.get("palette", {}), "palette", file, ("journeys", "journey", "mode"))
    if "journeys" in palette:
        colours = palette["journeys"]
        if not isinstance(colours, list) or not colours:
            raise _fail("expected a list of colours", "palette.journeys", file)
        fields["journey_palette"] = tuple(
            _colour(c, f"palette.journeys[{i}]", file) for i, c in enumerate(colours)
        )
    own = palette.get("journey", {})
    if not isinstance(own, Mapping):
        raise _fail("expected a table of journey id = colour", "palette.journey", file)
    fields["journey_colours_by_id"] = tuple(
        (str(k), _colour(v, f"palette.journey.{k}", file)) for k, v in own.items()
    )
    modes = _per_mode(palette.get("mode", {}), "palette.mode", file)
    fields["mode_colours"] = tuple(
        (m, _colour(modes[m], f"palette.mode.{m}", file)) for m in MODES if m in modes
    )
    fonts = _table(top.get("fonts", {}), "fonts", file,
                   ("families", "title_size", "title_weight", "scale"))  # fmt: skip
    if "families" in fonts:
        families = fonts["families"]
        if not isinstance(families, list) or not families:
            raise _fail("expected a list of font family names", "fonts.families", file)
        fields["fonts"] = tuple(
            _text(f, f"fonts.families[{i}]", file) for i, f in enumerate(families)
        )
    if "title_size" in fonts:
        fields["title_size"] = _number(fonts["title_size"], "fonts.title_size", file,
                                       low=6, high=48)  # fmt: skip
    if "title_weight" in fonts:
        if fonts["title_weight"] not in _WEIGHTS:
            raise _fail(f"use one of: {', '.join(_WEIGHTS)}", "fonts.title_weight", file)
        fields["title_weight"] = fonts["title_weight"]
    if "scale" in fonts:
        fields["text_scale"] = _number(fonts["scale"], "fonts.scale", file, low=0.5, high=2.0)
    lines = _table(top.get("lines", {}), "lines", file, ("scale", "mode"))
    if "scale" in lines:
        fields["line_scale"] = _number(lines["scale"], "lines.scale", file, low=0.25, high=4.0)
    widths = _per_mode(lines.get("mode", {}), "lines.mode", file)
    fields["mode_widths"] = tuple(
        (m, _number(widths[m], f"lines.mode.{m}", file, low=0.5, high=20.0))
        for m in MODES
        if m in widths
    )
    basemap = _table(top.get("basemap", {}), "basemap", file,
                     ("land", "water", "coast", "borders"))  # fmt: skip
    for key, value in basemap.items():
        fields[key] = _colour(value, f"basemap.{key}", file)
    credit = _table(top.get("credit", {}), "credit", file, ("text", "logo", "logo_height_mm"))
    if "text" in credit:
        fields["credit"] = _text(credit["text"], "credit.text", file)
    if "logo" in credit:
        logo = Path(_text(credit["logo"], "credit.logo", file))
        if not logo.is_absolute() and base is not None:
            logo = base / logo
        try:
            head = logo.read_bytes()[:8]
        except OSError as err:
            raise _fail(f"cannot read the logo: {err.strerror or err}", "credit.logo",
                        file) from None  # fmt: skip
        if head != b"\x89PNG\r\n\x1a\n":
            raise _fail("the logo must be a PNG file", "credit.logo", file)
        fields["logo"] = logo
    if "logo_height_mm" in credit:
        fields["logo_height_mm"] = _number(credit["logo_height_mm"], "credit.logo_height_mm",
                                           file, low=2, high=40)  # fmt: skip
    return Theme(**fields)


def load_theme(path: str | os.PathLike[str]) -> Theme:
    """Read a theme file (TOML, at most 256 KB).

    Examples
    --------
    >>> from legmap._data import geo_path
    >>> theme = load_theme(geo_path("themes", "newsroom.toml"))
    >>> theme.name, theme.journey_palette[0]
    ('Newsroom', '#005A8C')
    """
    path = Path(path)
    try:
        if path.stat().st_size > _MAX_THEME_BYTES:
            raise RenderError("a theme file is at most 256 KB", file=str(path))
        text = path.read_text(encoding="utf-8-sig")
    except OSError as err:
        raise RenderError(f"cannot read the theme: {err.strerror or err}",
                          file=str(path)) from None  # fmt: skip
    except UnicodeDecodeError:
        raise RenderError("a theme file is UTF-8 text", file=str(path)) from None
    theme = parse_theme(text, file=str(path), base=path.parent)
    return replace(theme, source=path)


def resolve_theme(value: object) -> Theme:
    """The theme of ``RenderOptions.theme``: None (legmap's), a :class:`Theme`, or a file path.

    Examples
    --------
    >>> resolve_theme(None) is DEFAULT_THEME
    True
    """
    if value is None:
        return DEFAULT_THEME
    if isinstance(value, Theme):
        return value
    if isinstance(value, str | os.PathLike):
        return load_theme(value)
    raise RenderError(f"a theme is a Theme or the path of a theme file, not {type(value).__name__}")
