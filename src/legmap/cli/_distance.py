"""``legmap distance``: straight-line and rail distance between two places."""

from __future__ import annotations

import json
from pathlib import Path

import click

from legmap._geodesic import distance_km
from legmap.cli._common import UNITS_CHOICE, convert, make_config, online_option, rail_option
from legmap.errors import NoRailConnectionError
from legmap.places.gazetteer import Gazetteer
from legmap.places.place import Place
from legmap.rail.network import RailNetwork, RailRoute

__all__ = ["distance"]


def _rail(
    net: RailNetwork, a: Place, b: Place, snap_km: float
) -> tuple[RailRoute | None, str | None]:
    """The rail route, or None and the reason (a gap in the network, no station near)."""
    try:
        return net.route([a.lonlat, b.lonlat], stop_ids=[a.id, b.id], snap_km=snap_km), None
    except NoRailConnectionError as err:
        return None, str(err)


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


@click.command()
@click.argument("place_a", metavar="A")
@click.argument("place_b", metavar="B")
@click.option(
    "--by",
    type=click.Choice(["air", "rail"]),
    default=None,
    help="Only one distance: 'air' (straight line, geodesic) or 'rail'. Default: both.",
)
@click.option(
    "--units", type=UNITS_CHOICE, default="km", show_default=True, help="Units of the text output."
)
@click.option(
    "--json", "as_json", is_flag=True,
    help="Print JSON: from, to (place ids), straight_km, rail_km (null when no rail connection), "
    "always in km; with --units mi also straight_mi and rail_mi.",
)  # fmt: skip
@rail_option
@online_option
def distance(
    place_a: str, place_b: str, by: str | None, units: str, as_json: bool,
    rail: Path | None, online: bool,
) -> None:  # fmt: skip
    """Distance from A to B: in a straight line (geodesic, WGS84) and by rail.

    A and B are place names in any language, ids or airport codes, as for
    'legmap places'.  The rail distance follows the network (published
    kilometrage where known) from the station nearest each place; it is
    missing when the two are not connected or no station is near.

    \b
    Examples:
      legmap distance Vladivostok Vostochny
      legmap distance Vladivostok Vostochny --units mi
      legmap distance Pyongyang Vladivostok --by rail
      legmap distance Moscow Vladivostok --json
      legmap distance Pyongyang Beijing --rail my-network.gpkg
    """
    config = make_config(online=online, rail=rail)
    gazetteer = Gazetteer.default(config=config)
    a, b = gazetteer.resolve(place_a), gazetteer.resolve(place_b)
    straight = float(distance_km(a.lon, a.lat, b.lon, b.lat))
    route: RailRoute | None = None
    reason: str | None = None
    if as_json or by != "air":
        route, reason = _rail(RailNetwork.load(config.rail), a, b, config.snap_km)
    rail_km = None if route is None else route.length_km

    if as_json:
        out: dict[str, object] = {
            "from": a.id,
            "to": b.id,
            "straight_km": _round(straight),
            "rail_km": _round(rail_km),
        }
        if units == "mi":
            out["straight_mi"] = _round(convert(straight, "mi"))
            out["rail_mi"] = None if rail_km is None else _round(convert(rail_km, "mi"))
        click.echo(json.dumps(out, ensure_ascii=False))
        return

    click.echo(f"{a.name()} ({a.id}) -> {b.name()} ({b.id})")
    if by != "rail":
        click.echo(f"  straight line: {convert(straight, units):,.1f} {units}")
    if by != "air":
        if route is None:
            click.echo(f"  by rail:       no rail connection ({reason})")
        else:
            first, last = route.station_ids[0], route.station_ids[-1]
            names = route_names(RailNetwork.load(config.rail), first, last)
            ratio = (
                "" if straight == 0 else f", {route.length_km / straight:.2f}x the straight line"
            )
            click.echo(
                f"  by rail:       {convert(route.length_km, units):,.1f} {units} ({names}{ratio})"
            )


def route_names(net: RailNetwork, first: str, last: str) -> str:
    """``Vladivostok Station -> Vostochny Cosmodrome`` for the text output."""
    name = net.nodes["name"]
    return f"{name.loc[first]} -> {name.loc[last]}"
