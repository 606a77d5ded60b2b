"""``legmap check``: validate a story, resolve its places, show its legs and claims."""

from __future__ import annotations

import math
from pathlib import Path

import click

from legmap.cli._common import (
    UNITS_CHOICE,
    fmt_distance,
    make_config,
    online_option,
    rail_option,
    table,
)
from legmap.legs.build import build_story
from legmap.story import load_story


@click.command()
@click.argument("story", type=click.Path(path_type=Path))
@click.option(
    "--units", type=UNITS_CHOICE, default=None, help="Distance units (default: the story's)."
)
@online_option
@rail_option
def check(story: Path, units: str | None, online: bool, rail: Path | None) -> None:
    """Validate STORY, resolve every place and route every leg.

    Prints the legs as a table and each distance claim's verdict. Exits 0 when
    the story is valid, 2 (with one line naming the file and the spot, such as
    journeys[0].legs[2].to) when it is not.

    \b
    Example:
      legmap check geo/stories/kim-putin-2023.toml
    """
    parsed = load_story(story)
    built = build_story(parsed, config=make_config(online=online, rail=rail), lang="en")
    units = units or parsed.units
    legs = built.legs
    rows = [
        [
            row.journey,
            str(row.seq),
            row.mode,
            row.certainty,
            row.from_id,
            row.to_id,
            fmt_distance(row.rail_km if row.mode == "train" else row.length_km, units)
            + (" by rail" if row.mode == "train" else ""),
        ]
        for row in legs.itertuples()
    ]
    click.echo(
        f"{story}: valid: {len(parsed.journeys)} journeys, {len(legs)} legs, "
        f"{len(parsed.events)} events, {len(built.places)} places"
    )
    if rows:
        click.echo(table(rows, ["journey", "leg", "mode", "certainty", "from", "to", "distance"]))
    claims = legs[legs["verdict"].notna()]
    if len(claims):
        click.echo("claims:")
    verdicts = {"straight": "matches the straight line", "rail": "matches the rail distance"}
    for row in claims.itertuples():
        rail_part = (
            "no rail connection"
            if math.isnan(row.rail_km)
            else f"by rail {_both(row.rail_km)} ({_pct(row.claim_km, row.rail_km)})"
        )
        click.echo(
            f"  {row.journey}[{row.seq}] {row.from_name} -> {row.to_name}: "
            f"claim {_both(row.claim_km)}; straight line {_both(row.straight_km)} "
            f"({_pct(row.claim_km, row.straight_km)}); {rail_part}: "
            + verdicts.get(row.verdict, "matches neither")
        )


def _both(km: float) -> str:
    # Claims are checked in both units: a story may quote miles and count in km.
    return f"{fmt_distance(km, 'km')} / {fmt_distance(km, 'mi')}"


def _pct(claim: float, measured: float) -> str:
    return f"claim {(claim - measured) / measured * 100:+.0f}%"
