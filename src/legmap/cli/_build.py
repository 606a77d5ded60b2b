"""``legmap build``: write a story's maps (HTML, GeoJSON, PNG, SVG) into a folder."""

from __future__ import annotations

from pathlib import Path

import click

from legmap.cli._common import LANG_CHOICE, UNITS_CHOICE, make_config, online_option, rail_option
from legmap.config import RenderOptions
from legmap.errors import RenderError
from legmap.legs.build import build_story
from legmap.publish import FORMATS, publish
from legmap.story import load_story


def _formats(value: str) -> list[str]:
    formats = [f.strip().lower() for f in value.split(",") if f.strip()]
    unknown = [f for f in formats if f not in FORMATS]
    if unknown or not formats:
        msg = f"unknown format {(unknown or [value])[0]!r} (use any of: {', '.join(FORMATS)})"
        raise RenderError(msg)
    return formats


def _size(path: Path) -> str:
    size = path.stat().st_size
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
    help="Comma-separated formats: html, geojson, png, svg.",
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
@online_option
@rail_option
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
    online: bool,
    rail: Path | None,
) -> None:
    """Build the maps of STORY into a folder.

    Writes OUT/<story-stem>.html (with <stem>.embed.html, an iframe snippet for
    reports) and OUT/<story-stem>.geojson by default; add png and svg for print.
    Nothing is written unless every format succeeds.

    \b
    Examples:
      legmap build geo/stories/kim-putin-2023.toml -o maps
      legmap build story.toml -o maps --format html,png,svg --lang en
      legmap build story.toml -o usb --self-contained --tiles none   # fully offline
    """
    wanted = _formats(formats)
    if "html" in wanted:
        # folium loads only when HTML is asked; a --tiles typo fails before the slow work.
        from legmap.render.html.renderer import check_tiles  # noqa: PLC0415

        check_tiles(tiles)
    click.echo(f"reading {story}", err=True)
    parsed = load_story(story)
    n_legs = sum(len(j.legs) for j in parsed.journeys)
    click.echo(f"resolving places and routing {n_legs} leg{'s' if n_legs != 1 else ''}", err=True)
    built = build_story(
        parsed, config=make_config(online=online, rail=rail), lang=lang, units=units
    )
    options = RenderOptions(
        lang=lang, units=units, tiles=tiles, self_contained=self_contained, width_px=width, dpi=dpi
    )
    written = publish(
        built, out_dir, stem=story.stem, formats=wanted, options=options,
        progress=lambda message: click.echo(message, err=True),
    )  # fmt: skip
    for path in written:
        click.echo(f"wrote {path} ({_size(path)})")
