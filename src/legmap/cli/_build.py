"""``legmap build``: write a story's maps (HTML, GeoJSON, PNG, SVG) into a folder."""

from __future__ import annotations

import re
import time
from pathlib import Path

import click

from legmap._csvstory import locate_in_csv
from legmap._optional import require
from legmap.cli._check import strict_option
from legmap.cli._common import (
    LANG_CHOICE,
    UNITS_CHOICE,
    echo_warning,
    make_config,
    online_option,
    rail_option,
)
from legmap.cli._progress import phase
from legmap.config import RenderOptions
from legmap.errors import LegmapError, RenderError
from legmap.legs.build import build_story, load_rail
from legmap.publish import FORMATS, publish
from legmap.story import load_story


def _formats(value: str) -> list[str]:
    formats = [f.strip().lower() for f in value.split(",") if f.strip()]
    unknown = [f for f in formats if f not in FORMATS]
    if unknown or not formats:
        msg = f"unknown format {(unknown or [value])[0]!r} (use any of: {', '.join(FORMATS)})"
        raise RenderError(msg)
    if {"png", "svg", "pdf"} & set(formats):  # the static extra, said before the slow work
        require("matplotlib")
    return formats


def _size(path: Path) -> str:
    return _bytes(path.stat().st_size)


_UNITS_MM = {"mm": 1.0, "cm": 10.0, "in": 25.4}


def _print_size(value: str | None) -> tuple[float | None, int | None]:
    """``--size``: (width in mm, None) for ``85mm``, ``18cm``, ``7in``; (None, px) for ``1600px``.

    Examples
    --------
    >>> _print_size("85mm"), _print_size("7in"), _print_size("1200px")
    ((85.0, None), (177.8, None), (None, 1200))
    """
    if value is None:
        return None, None
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*(mm|cm|in|px)\s*", value.lower())
    if not match:
        msg = f"{value!r} is not a width like 85mm, 18cm, 7in or 1600px"
        raise click.BadParameter(msg, param_hint="'--size'")
    number, unit = float(match[1]), match[2]
    if unit == "px":
        if not 400 <= number <= 10000:
            raise click.BadParameter("a width in pixels is 400 to 10000", param_hint="'--size'")
        return None, int(number)
    mm = round(number * _UNITS_MM[unit], 3)
    if not 40 <= mm <= 1000:
        raise click.BadParameter("a print width is 40 mm to 1 m", param_hint="'--size'")
    return mm, None


def _focus(value: str | None) -> tuple[str, ...] | tuple[float, float, float, float] | None:
    """``--focus``: journey or place ids (``kim-visit,pyongyang``) or a box (``125,38,133,44``).

    Examples
    --------
    >>> _focus("kim-visit, Pyongyang"), _focus("125,38,133,44.5")
    (('kim-visit', 'Pyongyang'), (125.0, 38.0, 133.0, 44.5))
    """
    if value is None:
        return None
    parts = [p.strip() for p in value.split(",") if p.strip()]
    if not parts:
        raise click.BadParameter("name journeys or places, or give a box", param_hint="'--focus'")
    try:
        numbers = [float(p) for p in parts]
    except ValueError:
        return tuple(parts)
    if len(numbers) != 4:
        msg = "a box is four numbers: min_lon,min_lat,max_lon,max_lat"
        raise click.BadParameter(msg, param_hint="'--focus'")
    return (numbers[0], numbers[1], numbers[2], numbers[3])


def _bytes(size: int) -> str:
    if size >= 10 * 1024 * 1024:
        return f"{size / 1024 / 1024:,.0f} MB"
    return f"{size / 1024:,.0f} KB" if size >= 1024 else f"{size} B"


@click.command()
@click.argument("story", type=click.Path(path_type=Path))
@click.option(
    "-o", "--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
    default=Path("maps"), show_default=True,
    help="Folder to write the maps into (created if missing).",
)  # fmt: skip
@click.option(
    "-f", "--format", "formats", default="html,geojson", show_default=True,
    help="Comma-separated formats: html, geojson, png, svg, pdf.",
)  # fmt: skip
@click.option(
    "--lang", type=LANG_CHOICE, default=None, help="Label language (default: the story's)."
)
@click.option(
    "--units", type=UNITS_CHOICE, default=None, help="Distance units (default: the story's)."
)
@click.option(
    "--tiles", default="Esri.WorldGrayCanvas", show_default=True,
    help="Basemap tiles for HTML: any xyzservices provider name, or 'none' for the "
    "embedded vector basemap that needs no network.",
)  # fmt: skip
@click.option(
    "--self-contained", is_flag=True,
    help="Inline every script and stylesheet in the HTML so it works offline, forever.",
)  # fmt: skip
@click.option("--width", type=click.IntRange(400, 10000), default=1600, show_default=True,
              help="PNG width in pixels.")  # fmt: skip
@click.option("--dpi", type=click.IntRange(50, 1200), default=200, show_default=True,
              help="PNG resolution.")  # fmt: skip
@click.option(
    "--size", "size", default=None, metavar="WIDTH",
    help="Width of PNG, SVG and PDF maps for print: 85mm (one column), 180mm, 7in; "
    "a PNG is then WIDTH x --dpi pixels wide. Or 1600px (as --width).",
)  # fmt: skip
@click.option(
    "--theme", "theme_file", type=click.Path(dir_okay=False, path_type=Path), default=None,
    help="A theme file (TOML): journey colours, fonts, line widths, basemap colours, "
    "credit line and logo (docs/themes.md).",
)  # fmt: skip
@click.option(
    "--focus", default=None, metavar="IDS|BOX",
    help="What the map frames first: journey or place ids (kim-visit,pyongyang) or a box "
    "min_lon,min_lat,max_lon,max_lat (default: the story's [map] focus, else its dense part).",
)  # fmt: skip
@click.option(
    "--inset", type=click.Choice(["auto", "none"]), default=None,
    help="A locator inset showing the whole story when the frame leaves part out "
    "(default: the story's [map] inset, else auto).",
)  # fmt: skip
@online_option
@rail_option
@strict_option
def build(
    story: Path,
    out_dir: Path,
    formats: str,
    lang: str | None,
    units: str | None,
    tiles: str,
    self_contained: bool,
    width: int,
    dpi: int,
    size: str | None,
    theme_file: Path | None,
    focus: str | None,
    inset: str | None,
    online: bool,
    rail: tuple[Path, ...] = (),
    embedded_rail: bool | None = None,
    strict: bool = False,
) -> None:
    """Build the maps of STORY into a folder.

    STORY is a TOML story file, or a CSV file with one leg per row (columns
    journey, from, to, mode, date, certainty, label, source). Writes
    OUT/<story-stem>.html (with <stem>.embed.html, an iframe snippet for
    reports) and OUT/<story-stem>.geojson by default; add png, svg and pdf for
    print (they need the static extra: pip install "legmap[static]").
    Nothing is written unless every format succeeds.

    \b
    Examples:
      legmap example -o ex && legmap build ex/kim-putin-2023.toml -o maps
      legmap build story.toml -o maps --format html,png,svg --lang en
      legmap build story.toml -o usb --self-contained --tiles none   # fully offline
      legmap build legs.csv -o maps --lang en                        # one leg per row
      legmap build story.toml --rail finland.gpkg                    # an imported network
      legmap build story.toml --rail poland.gpkg --rail ukraine.gpkg # several, joined
      legmap build story.toml -f pdf,png --size 85mm --dpi 300       # one print column
      legmap build story.toml -f png,svg,html --theme newsroom.toml  # a newsroom's look
      legmap build story.toml -f png --focus kim-visit --inset none  # frame one journey
    """
    started = time.perf_counter()
    wanted = _formats(formats)
    width_mm, width_px = _print_size(size)
    focus_value = _focus(focus)
    theme = None
    if theme_file is not None:  # a bad theme fails before the slow work
        from legmap.render.theme import load_theme  # noqa: PLC0415

        theme = load_theme(theme_file)
    if "html" in wanted:
        # folium loads only when HTML is asked; a --tiles typo fails before the slow work.
        from legmap.render.html.renderer import check_tiles  # noqa: PLC0415

        check_tiles(tiles)
    click.echo(f"reading {story}", err=True)
    parsed = load_story(story)
    n_legs = sum(len(j.legs) for j in parsed.journeys)
    network = None
    config = make_config(online=online, rail=rail, embedded_rail=embedded_rail)
    config = config.replace(strict=strict)
    if rail and n_legs:
        # An imported network can be hundreds of MB: say so before the wait.
        for path in rail:
            size = f" ({_bytes(path.stat().st_size)})" if path.is_file() else ""
            click.echo(f"loading rail network {path}{size}", err=True)
        with phase(f"loading {', '.join(path.name for path in rail)}"):
            network = load_rail(parsed, config)
    click.echo(f"resolving places and routing {n_legs} leg{'s' if n_legs != 1 else ''}", err=True)
    try:
        with phase("resolving places and routing"):
            built = build_story(parsed, rail=network, config=config, lang=lang, units=units)
    except LegmapError as err:
        raise locate_in_csv(err, story) from None
    for notice in built.warnings:  # trains drawn off the rail network
        echo_warning(str(notice))
    options = RenderOptions(
        lang=lang, units=units, tiles=tiles, self_contained=self_contained,
        width_px=width_px or width, dpi=dpi, width_mm=width_mm, focus=focus_value, inset=inset,
        theme=theme,
    )  # fmt: skip
    written = publish(
        built, out_dir, stem=story.stem, formats=wanted, options=options,
        progress=lambda message: click.echo(message, err=True),
    )  # fmt: skip
    for path in written:
        click.echo(f"wrote {path} ({_size(path)})")
    total = sum(p.stat().st_size for p in written)
    click.echo(
        f"{len(written)} files, {_bytes(total)}, in {time.perf_counter() - started:.1f} s", err=True
    )
