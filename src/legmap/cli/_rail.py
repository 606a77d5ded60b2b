"""``legmap rail``: import a rail network from OpenStreetMap, fetch OpenStreetMap extracts."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

import click
import numpy as np
import shapely

from legmap.errors import DataError

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


def _prepare_router(output: Path) -> str:
    """Build and cache the contraction hierarchy of a saved network, if worth it."""
    from legmap._fastrouter import (  # noqa: PLC0415
        FAST_ROUTER_MIN_EDGES,
        CCHRouter,
        cache_dir_for,
        fast_router_available,
    )
    from legmap.rail import RailNetwork  # noqa: PLC0415

    net = RailNetwork.load(output)
    if len(net.edges) < FAST_ROUTER_MIN_EDGES or not fast_router_available():
        return ""
    # The same arrays RailNetwork hands to its router: node order of the file.
    index_of = {nid: i for i, nid in enumerate(net.nodes.index)}
    u = np.array([index_of[x] for x in net.edges["u"]], dtype=np.int64)
    v = np.array([index_of[x] for x in net.edges["v"]], dtype=np.int64)
    pts = net.nodes.geometry.to_numpy()
    CCHRouter(
        u,
        v,
        net.edges["length_km"].to_numpy(dtype=float),
        len(net.nodes),
        lonlat=(shapely.get_x(pts), shapely.get_y(pts)),
        cache_dir=cache_dir_for(output),
    )
    return f", router prepared in {cache_dir_for(output).name}/"


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
    from legmap._osm import import_osm, parse_bbox, parse_railway  # noqa: PLC0415

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
    extra = _prepare_router(output) if prepare else ""
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


def fetch_region(region: str, output: Path, *, opener: Any = None, progress: bool = True) -> Path:
    """Download a Geofabrik extract through pyrosm's index, atomically, to `output`.

    Parameters
    ----------
    region : str
        A name from ``pyrosm.data.available`` (``finland``, ``russia``, ``europe/georgia``).
    output : pathlib.Path
        Where the ``.osm.pbf`` goes.
    opener : object, optional
        Passed to :func:`pyrosm.get_data` (an object with ``open(request, timeout=...)``).

    Raises
    ------
    DataError
        Unknown region, or the download failed (offline, server error): one line.
    """
    try:
        import pyrosm  # noqa: PLC0415
    except ImportError:
        raise DataError("fetching needs pyrosm: pip install 'legmap[osm]'") from None
    if not output.parent.is_dir():
        raise DataError(f"no such folder: {output.parent}")
    # Downloaded into a temporary folder beside the output, then renamed: a
    # broken download never leaves a file that looks complete.
    tmp = Path(tempfile.mkdtemp(prefix=f".{output.name}.", dir=output.parent))
    try:
        got = pyrosm.get_data(
            region, update=True, directory=str(tmp), opener=opener, progress=progress
        )
        if Path(got).parent != tmp:  # a file bundled with pyrosm (e.g. "helsinki")
            shutil.copyfile(got, tmp / "bundled.osm.pbf")
            got = str(tmp / "bundled.osm.pbf")
        Path(got).replace(output)
    except ValueError as err:
        if not isinstance(err, OSError):  # pyrosm's DownloadError is both
            raise DataError(f"unknown region {region!r}: {str(err).splitlines()[0]}") from None
        raise _download_error(region, err) from None
    except OSError as err:
        raise _download_error(region, err) from None
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return output


def _download_error(region: str, err: Exception) -> DataError:
    cause = err.__cause__ or err
    reason = str(getattr(cause, "reason", cause)).splitlines()[0]
    return DataError(f"cannot download {region!r} (offline? use a file you already have): {reason}")


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
