"""``legmap check``: validate a story, resolve its places, show its legs and claims."""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from legmap.cli._common import (
    UNITS_CHOICE,
    echo_warning,
    fmt_distance,
    make_config,
    online_option,
    rail_option,
    table,
)
from legmap.legs.build import build_story
from legmap.story import load_story

__all__ = ["check", "strict_option"]

F = TypeVar("F", bound=Callable[..., Any])


def strict_option(func: F) -> F:
    """``--strict``: a train leg the rail network cannot route is an error, not a warning."""
    return click.option(
        "--strict",
        is_flag=True,
        help="Fail (exit 2) on a train leg the rail network cannot route, instead of "
        "drawing it as a straight line with a warning (also: strict = true in the story).",
    )(func)


@click.command()
@click.argument("story", type=click.Path(path_type=Path))
@click.option(
    "--units", type=UNITS_CHOICE, default=None, help="Distance units (default: the story's)."
)
@online_option
@rail_option
@strict_option
def check(
    story: Path,
    units: str | None,
    online: bool,
    rail: tuple[Path, ...],
    embedded_rail: bool | None,
    strict: bool,
) -> None:
    """Validate STORY, resolve every place and route every leg.

    Prints the legs as a table (places by name), the access stretches counted in
    rail distances, where a train changes gauge ("bogies changed at Khasan:
    1,435 -> 1,520 mm"), and each distance claim's verdict. A train leg the rail
    network cannot route is drawn as a straight line and reported with a
    warning on stderr (an error with --strict). Exits 0 when the story is
    valid, 2 (with one line naming the file and the spot, such as
    journeys[0].legs[2].to) when it is not.

    \b
    Examples:
      legmap example -o ex
      legmap check ex/kim-putin-2023.toml
      legmap check story.toml --strict
      legmap check story.toml --rail poland.gpkg --rail ukraine.gpkg
    """
    parsed = load_story(story)
    config = make_config(online=online, rail=rail, embedded_rail=embedded_rail)
    config = config.replace(strict=strict)
    built = build_story(parsed, config=config, lang="en")
    for notice in built.warnings:
        echo_warning(str(notice))
    units = units or parsed.units
    legs = built.legs
    rows = [
        [row.journey, str(row.seq), row.mode, row.certainty, row.from_name, row.to_name,
         _distance(row, units)]
        for row in legs.itertuples()
    ]  # fmt: skip
    click.echo(
        f"{story}: valid: {len(parsed.journeys)} journeys, {len(legs)} legs, "
        f"{len(parsed.events)} events, {len(built.places)} places"
    )
    if rows:
        click.echo(table(rows, ["journey", "leg", "mode", "certainty", "from", "to", "distance"]))
    spots = {f"journeys[{ji}].legs[{li}]": f"{j.id}[{li}]"
             for ji, j in enumerate(parsed.journeys) for li in range(len(j.legs))}  # fmt: skip
    notes = [n for n in built.notices if n.code == "access"]
    if notes:
        click.echo("access stretches:")
    for note in notes:
        click.echo(f"  {spots.get(note.spot or '', note.spot)}: {note.message}")
    breaks = built.gauge_breaks
    if len(breaks):
        click.echo("gauge changes:")
    for row in breaks.itertuples():
        click.echo(f"  {row.journey}[{row.seq}]: bogies changed at {row.text}")
    gaps = {n.spot: n.code for n in built.notices if n.code.startswith("no_rail")}
    spot_of = {short: spot for spot, short in spots.items()}
    claims = legs[legs["verdict"].notna()]
    if len(claims):
        click.echo("claims:")
    verdicts = {"straight": "matches the straight line", "rail": "matches the rail distance"}
    for row in claims.itertuples():
        spot = spot_of.get(f"{row.journey}[{row.seq}]", "")
        rail_part = (
            ("no rail data" if gaps.get(spot) == "no_rail_data" else "no rail connection")
            if math.isnan(row.rail_km)
            else f"by rail {_both(row.rail_km)}{_access(row)} ({_pct(row.claim_km, row.rail_km)})"
        )
        click.echo(
            f"  {row.journey}[{row.seq}] {row.from_name} -> {row.to_name}: "
            f"claim {_both(row.claim_km)}; straight line {_both(row.straight_km)} "
            f"({_pct(row.claim_km, row.straight_km)}); {rail_part}: "
            + verdicts.get(row.verdict, "matches neither")
        )


def _distance(row: Any, units: str) -> str:
    """The distance column: rail distance for trains (access shown), drawn length otherwise."""
    if row.mode != "train":
        return fmt_distance(row.length_km, units)
    if not row.routed:
        return "not routed (straight line)"
    return fmt_distance(row.rail_km, units) + " by rail" + _access(row, units)


def _access(row: Any, units: str = "km") -> str:
    ends = (row.access_from_km, row.access_to_km)
    km = sum(x for x in ends if math.isfinite(x))
    return f" (incl. {fmt_distance(km, units)} to/from stations)" if km > 0 else ""


def _both(km: float) -> str:
    # Claims are checked in both units: a story may quote miles and count in km.
    return f"{fmt_distance(km, 'km')} / {fmt_distance(km, 'mi')}"


def _pct(claim: float, measured: float) -> str:
    if not measured > 0:  # 0 km (one station for both places): no ratio to give
        return "not compared"
    return f"claim {(claim - measured) / measured * 100:+.0f}%"
