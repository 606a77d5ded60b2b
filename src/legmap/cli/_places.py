"""``legmap places``: look a place up in the gazetteer, in any language."""

from __future__ import annotations

import json
from pathlib import Path

import click

from legmap.cli._common import LANG_CHOICE, make_config, online_option, rail_option, table
from legmap.places.gazetteer import Gazetteer
from legmap.places.place import Place

JSON_KEYS = ("id", "name", "lat", "lon", "kind", "country", "region", "source")


def _row(place: Place, lang: str) -> dict[str, object]:
    return {
        "id": place.id,
        "name": place.name(lang),
        "lat": place.lat,
        "lon": place.lon,
        "kind": place.kind,
        "country": place.country,
        "region": place.region,
        "source": place.source,
    }


@click.command()
@click.argument("query")
@click.option(
    "--lang", type=LANG_CHOICE, default="en", show_default=True, help="Language of the names."
)
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list instead of a table.")
@click.option(
    "--limit", type=click.IntRange(min=1), default=10, show_default=True, help="At most N matches."
)
@online_option
@rail_option
def places(
    query: str,
    lang: str,
    as_json: bool,
    limit: int,
    online: bool,
    rail: tuple[Path, ...],
    embedded_rail: bool | None,
) -> None:
    """Show the places matching QUERY, best first.

    QUERY is an id, a name or alias in English, Arabic, Russian or Korean, an
    IATA/ICAO airport code, optionally followed by ", CC" (an ISO country code)
    or ", Region" (a state or province: "Springfield, IL"). With --rail, the
    stations of that network are places too. Exits 2 with one line when
    nothing matches.

    \b
    Examples:
      legmap places "بيونغ يانغ"
      legmap places Moscow --limit 3
      legmap places "Moscow, US" --json
      legmap places FNJ --lang ko
      legmap places "Springfield, IL"
    """
    config = make_config(online=online, rail=rail, embedded_rail=embedded_rail)
    gazetteer = Gazetteer.default(config=config)
    if config.rail_files:
        # The imported networks' stations (the embedded one's need no names of their own).
        from legmap.rail.network import RailNetwork  # noqa: PLC0415 - loads the networks

        gazetteer = gazetteer.with_places(
            place for f in config.rail_files for place in RailNetwork.load(f).station_places()
        )
    found = gazetteer.search(query, limit=limit)
    if not found:
        # resolve() raises the explained error (suggestions, the geocoder's failure).
        found = [gazetteer.resolve(query)]
    rows = [_row(p, lang) for p in found]
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    header = ["id", "name", "lat", "lon", "kind", "country", "region", "source"]
    cells = [
        [str(r["id"]), str(r["name"]), f"{r['lat']:.5f}", f"{r['lon']:.5f}", str(r["kind"]),
         str(r["country"] or "-"), str(r["region"] or "-"), str(r["source"])]
        for r in rows
    ]  # fmt: skip
    click.echo(table(cells, header))
