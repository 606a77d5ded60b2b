"""``legmap rail``: import a rail network from OpenStreetMap, fetch OpenStreetMap extracts."""

from __future__ import annotations

from pathlib import Path

import click

from legmap.errors import DataError
from legmap.rail._fetch import fetch_region
from legmap.rail.network import prepare_router

__all__ = ["fetch_region", "rail"]


@click.group()
def rail() -> None:
    """Rail networks from OpenStreetMap (needs the osm extra: pip install 'legmap[osm]').

    \b
    Examples:
      legmap rail fetch finland -o finland.osm.pbf          # needs internet
      legmap rail import finland.osm.pbf -o finland.gpkg
      legmap rail import finland.osm.pbf --bbox 24.5,60.1,25.3,60.5 -o helsinki.gpkg
      legmap rail import finland.osm.pbf --bbox 24.5,60.1,25.3,60.5 --railway tram -o trams.gpkg
      legmap build story.toml --rail finland.gpkg
    """


@rail.command("import")
@click.argument("osm_file", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="Network file to write (GeoPackage), e.g. finland.gpkg.",
)
@click.option(
    "--railway",
    "railway",
    default="rail",
    show_default=True,
    metavar="KINDS",
    help="Comma-separated railway=* kinds of track to import: rail, light_rail, subway, "
    "tram, narrow_gauge, monorail.",
)
@click.option(
    "--bbox",
    default=None,
    metavar="MINLON,MINLAT,MAXLON,MAXLAT",
    help="Keep only tracks with a node inside this box (and stations inside it).",
)
@click.option(
    "--include-service",
    is_flag=True,
    help="Also import yards, sidings, spurs, crossovers and industrial lines.",
)
@click.option("--name", default=None, help="Network name (default: the file name).")
@click.option(
    "--prepare/--no-prepare",
    default=True,
    show_default=True,
    help="Build the fast router's hierarchy now (large networks only).",
)
@click.option(
    "--progress/--no-progress",
    default=True,
    show_default=True,
    help="Progress bars on stderr for long imports.",
)
def import_cmd(
    osm_file: Path,
    output: Path,
    railway: str,
    bbox: str | None,
    include_service: bool,
    name: str | None,
    prepare: bool,
    progress: bool,
) -> None:
    """Build a rail network from an OpenStreetMap file (.osm.pbf, .osm, .osm.bz2).

    Tracks are ways tagged railway=rail, or the kinds given to --railway
    (main and branch lines; yards, sidings, spurs and crossovers only with
    --include-service), with their real geometry; stations are the
    railway=station|halt nodes of those kinds (and railway=tram_stop for
    tram) snapped to the track.

    \b
    Examples:
      legmap rail import finland.osm.pbf -o finland.gpkg
      legmap rail import russia.osm.pbf --bbox 127,42,135,49 -o primorye.gpkg
      legmap rail import finland.osm.pbf --bbox 24.8,60.1,25.1,60.3 --railway tram -o trams.gpkg
      legmap rail import finland.osm.pbf --railway subway,light_rail -o metro.gpkg
    """
    from legmap.rail._osm import import_osm, parse_bbox, parse_railway  # noqa: PLC0415

    kinds = parse_railway(railway)
    box = parse_bbox(bbox) if bbox is not None else None
    if not output.parent.is_dir():
        raise DataError(f"no such folder: {output.parent}")
    stats = import_osm(
        osm_file,
        output,
        name=name,
        railway=kinds,
        bbox=box,
        include_service=include_service,
        progress=progress,
    )
    extra = prepare_router(output) if prepare else ""
    mb = stats.bytes / 1e6
    click.echo(
        f"{output}: {stats.nodes:,} nodes, {stats.edges:,} edges, {stats.stations:,} stations "
        f"from {stats.ways:,} ways ({mb:,.1f} MB in {stats.seconds:.1f} s){extra}"
    )
    if stats.stations_far:
        click.echo(f"{stats.stations_far:,} stations had no track within 1 km: left out", err=True)
    if stats.stations_shared:
        click.echo(
            f"{stats.stations_shared:,} stations left out: a nearer station took their "
            "nearest track node",
            err=True,
        )


@rail.command("fetch")
@click.argument("region")
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="Where to write the .osm.pbf file.",
)
def fetch_cmd(region: str, output: Path) -> None:
    """Download the OpenStreetMap extract of a region from Geofabrik (needs internet).

    REGION is a Geofabrik extract name as pyrosm knows it: a country
    (finland, russia), a region (europe/georgia, usa/georgia), a city.

    \b
    Examples:
      legmap rail fetch finland -o finland.osm.pbf
      legmap rail fetch "north korea" -o dprk.osm.pbf
    """
    fetch_region(region, output)
    click.echo(f"{output}: {output.stat().st_size / 1e6:,.1f} MB")
