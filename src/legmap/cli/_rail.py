"""``legmap rail``: import a rail network from OpenStreetMap, fetch extracts, list lines."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Any

import click

from legmap._optional import require
from legmap.cli._common import make_config, rail_option, table
from legmap.cli._progress import phase
from legmap.errors import DataError
from legmap.rail._fetch import fetch_region
from legmap.rail.network import RailNetwork, active_network, prepare_router

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
      legmap rail lines                                      # the embedded network's lines
      legmap rail lines --rail finland.gpkg --json
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
    started = time.perf_counter()
    require("osmium")  # the osm extra, before anything else is said
    from legmap.rail._osm import parse_bbox, parse_railway, read_osm_rail  # noqa: PLC0415

    kinds = parse_railway(railway)
    box = parse_bbox(bbox) if bbox is not None else None
    if not output.parent.is_dir():
        raise DataError(f"no such folder: {output.parent}")
    # Each phase shows its progress: the two passes over the file their own bars,
    # the others a line with the time spent (after a second).
    nodes, edges, stats = read_osm_rail(
        osm_file, railway=kinds, bbox=box, include_service=include_service, progress=progress
    )
    with phase("checking the network", enabled=progress):
        network = RailNetwork.from_frames(nodes, edges, name=name or osm_file.name.split(".")[0])
    with phase(f"writing {output.name}", enabled=progress):
        _save_atomic(network, output)
    with phase("preparing the router", enabled=progress):
        extra = prepare_router(output) if prepare else ""
    click.echo(
        f"{output}: {stats.nodes:,} nodes, {stats.edges:,} edges, {stats.stations:,} stations "
        f"from {stats.ways:,} ways (read {_mb(stats.bytes)}, wrote "
        f"{_mb(output.stat().st_size)}, in {time.perf_counter() - started:.1f} s){extra}"
    )
    if stats.stations_far:
        click.echo(f"{stats.stations_far:,} stations had no track within 1 km: left out", err=True)
    if stats.stations_shared:
        click.echo(
            f"{stats.stations_shared:,} stations left out: a nearer station took their "
            "nearest track node",
            err=True,
        )


def _mb(size: int) -> str:
    return f"{size / 1e6:,.1f} MB" if size >= 100_000 else f"{size / 1e3:,.0f} KB"


def _save_atomic(network: RailNetwork, output: Path) -> None:
    """Write through a temporary file beside `output`: a failure leaves no half file."""
    tmp = output.with_name(f".{output.name}.{os.getpid()}.tmp{output.suffix or '.gpkg'}")
    try:
        network.save(tmp)
        tmp.replace(output)
    finally:
        tmp.unlink(missing_ok=True)


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
    require("pyrosm")
    fetch_region(region, output)
    click.echo(f"{output}: {output.stat().st_size / 1e6:,.1f} MB")


_SOURCES = ("published", "prorated", "geodesic")


@rail.command("lines")
@click.option(
    "--json", "as_json", is_flag=True,
    help="Print a JSON list: network, id, name, km, gauge_mm (a list; empty when unknown), "
    "source, km_by_source.",
)  # fmt: skip
@rail_option
def lines_cmd(as_json: bool, rail: tuple[Path, ...], embedded_rail: bool | None) -> None:
    """List every line of the active rail networks: id, name, km, gauge, source of the km.

    The active networks are the embedded one and the --rail files, as for
    build and check. The source of a line's km is "published" (km posts of a
    timetable or the line's article), "prorated" (a published distance shared
    out between stations that have none), "geodesic" (the length of the drawn
    line), or "mixed" with the km of each (geo/rail/README.md has the sources).

    \b
    Examples:
      legmap rail lines
      legmap rail lines --json
      legmap rail lines --rail poland.gpkg --rail ukraine.gpkg
      legmap rail lines --rail helsinki.gpkg --no-embedded-rail
    """
    config = make_config(rail=rail, embedded_rail=embedded_rail)
    network = active_network(config.rail_files, embedded=config.embedded_rail is not False)
    frame = network.lines()
    if as_json:
        click.echo(json.dumps([_json_row(r) for r in frame.to_dict("records")], ensure_ascii=False))
        return
    rows = [
        [str(r["network"]), str(r["id"]), str(r["name"]), f"{r['km']:,.1f}", str(r["gauge"]),
         _source_text(r)]
        for r in frame.to_dict("records")
    ]  # fmt: skip
    click.echo(table(rows, ["network", "id", "name", "km", "gauge", "source"]))
    click.echo(f"{len(frame)} lines, {frame['km'].sum():,.0f} km")


def _source_text(row: dict[str, Any]) -> str:
    if row["source"] != "mixed":
        return str(row["source"])
    parts = [f"{s} {row[s + '_km']:,.0f}" for s in _SOURCES if row[s + "_km"] > 0]
    return "mixed: " + ", ".join(parts)


def _json_row(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "network": row["network"],
        "id": row["id"],
        "name": row["name"],
        "km": row["km"],
        "gauge_mm": row["gauge_mm"],
        "source": row["source"],
        "km_by_source": {s: row[s + "_km"] for s in _SOURCES if row[s + "_km"] > 0},
    }
