"""``legmap distance``: straight-line and rail distance between two places."""

from __future__ import annotations

import json
from pathlib import Path

import click

from legmap._geodesic import distance_km
from legmap.cli._common import UNITS_CHOICE, convert, make_config, online_option, rail_option
from legmap.places.gazetteer import Gazetteer
from legmap.places.place import Place
from legmap.rail.network import RailGap, RailNetwork, RailRoute, active_network

__all__ = ["distance", "with_stations"]


def with_stations(gazetteer: Gazetteer, network: RailNetwork) -> Gazetteer:
    """The gazetteer plus the stations of the imported networks, as ``build`` sees them."""
    return gazetteer.with_places(network.imported_station_places())


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def _access_lines(net: RailNetwork, a: Place, b: Place, route: RailRoute, units: str) -> list[str]:
    ends = ((a, route.station_ids[0], route.access_km[0], "from"),
            (b, route.station_ids[-1], route.access_km[1], "to"))  # fmt: skip
    return [
        f"  access:        {convert(km, units):,.1f} {units} in a straight line {word} "
        f"{place.name()} {'to' if word == 'from' else 'from'} {net.station_name(node)} "
        "(its station), counted in the rail distance"
        for place, node, km, word in ends
        if km > 0
    ]


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
    help="Print JSON: from, to (place ids), straight_km, rail_km (null when there is no rail "
    "route), access_km (the part of rail_km between the places and their stations), always "
    "in km; with --units mi also straight_mi and rail_mi.",
)  # fmt: skip
@rail_option
@online_option
def distance(
    place_a: str, place_b: str, by: str | None, units: str, as_json: bool,
    rail: tuple[Path, ...], embedded_rail: bool | None, online: bool,
) -> None:  # fmt: skip
    """Distance from A to B: in a straight line (geodesic, WGS84) and by rail.

    A and B are place names in any language, ids or airport codes, as for
    'legmap places' (with --rail, the network's stations too).  The rail
    distance follows the network (published kilometrage where known) from the
    station of each place; a place farther than 2 km from its station (a city:
    its rough radius) adds the straight stretch to it, shown apart.  It is
    missing when no station is near a place (no rail data) or no track joins
    the stations (no rail connection).

    \b
    Examples:
      legmap distance Vladivostok Vostochny
      legmap distance Vladivostok Vostochny --units mi
      legmap distance Pyongyang Vladivostok --by rail
      legmap distance Moscow Vladivostok --json
      legmap distance Pyongyang Beijing --rail my-network.gpkg
      legmap distance Przemysl Lviv --rail poland.gpkg --rail ukraine.gpkg
    """
    config = make_config(online=online, rail=rail, embedded_rail=embedded_rail)
    gazetteer = Gazetteer.default(config=config)
    net: RailNetwork | None = None
    if config.rail_files or config.embedded_rail is False:
        net = active_network(config.rail_files, embedded=config.embedded_rail is not False)
        gazetteer = with_stations(gazetteer, net)
    a, b = gazetteer.resolve(place_a), gazetteer.resolve(place_b)
    straight = float(distance_km(a.lon, a.lat, b.lon, b.lat))
    trip: RailRoute | RailGap | None = None
    if as_json or by != "air":
        net = net or active_network()
        trip = net.trip([a, b], snap_km=config.snap_km, access_km=config.access_km)
    route = trip if isinstance(trip, RailRoute) else None
    rail_km = None if route is None else route.length_km

    if as_json:
        out: dict[str, object] = {
            "from": a.id,
            "to": b.id,
            "straight_km": _round(straight),
            "rail_km": _round(rail_km),
            "access_km": None if route is None else _round(sum(route.access_km)),
        }
        if units == "mi":
            out["straight_mi"] = _round(convert(straight, "mi"))
            out["rail_mi"] = None if rail_km is None else _round(convert(rail_km, "mi"))
        click.echo(json.dumps(out, ensure_ascii=False))
        return

    click.echo(f"{a.name()} ({a.id}) -> {b.name()} ({b.id})")
    if by != "rail":
        click.echo(f"  straight line: {convert(straight, units):,.1f} {units}")
    if net is None or trip is None:
        return
    if isinstance(trip, RailGap):
        what = "no rail data" if trip.reason == "no_station" else "no rail connection"
        click.echo(f"  by rail:       {what} ({trip.message})")
    elif route is not None:
        first, last = route.station_ids[0], route.station_ids[-1]
        names = f"{net.station_name(first)} -> {net.station_name(last)}"
        ratio = "" if straight == 0 else f", {route.length_km / straight:.2f}x the straight line"
        click.echo(
            f"  by rail:       {convert(route.length_km, units):,.1f} {units} ({names}{ratio})"
        )
        for line in _access_lines(net, a, b, route, units):
            click.echo(line)
        for change in route.gauge_breaks:
            click.echo(f"  gauge change:  bogies changed at {change}")
