"""``legmap draft``: turn a news article into a draft story file."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from legmap.cli._common import make_config, rail_option
from legmap.draft import LANGS, to_toml
from legmap.draft import draft as make_draft
from legmap.errors import DataError
from legmap.places.place import Place
from legmap.rail.network import RailGap, active_network

__all__ = ["draft"]


def _read(article: str) -> str:
    name = "<stdin>" if article == "-" else article
    try:
        data = sys.stdin.buffer.read() if article == "-" else Path(article).read_bytes()
    except OSError as err:
        raise DataError(f"cannot read the article: {err.strerror or err}", file=name) from None
    if b"\x00" in data:
        raise DataError("not a text file (binary data)", file=name)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise DataError(f"not UTF-8 text (byte {err.start})", file=name) from None


def _date(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value if value.count("-") == 2 else value + "-15")
    except ValueError:
        raise DataError(f"--date {value!r} is not a date like 2023-09-05 or 2023-09") from None


@click.command()
@click.argument("article", type=str)
@click.option(
    "--lang",
    type=click.Choice(["auto", *LANGS]),
    default="auto",
    show_default=True,
    help="The article's language (auto: from its script).",
)
@click.option(
    "-o",
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write the story here (default: standard output).",
)
@click.option(
    "--date",
    "date",
    default=None,
    help="Publication date (2023-09-05, or 2023-09 for mid-month): places 'this month' "
    "and months without a year (default: a date line at the top of the article).",
)
@rail_option
def draft(
    article: str,
    lang: str,
    out: Path | None,
    date: str | None,
    rail: tuple[Path, ...] = (),
    embedded_rail: bool | None = None,
) -> None:
    """Draft a story file from ARTICLE (a plain-text news article; '-' for stdin).

    Finds the places (through each language's grammar), the journeys ("from X
    to Y", chained), their mode, date and certainty, the distance claims and
    the events. Every guess carries a '# check:' comment to read before
    publishing, and a report of what was found and skipped goes to stderr. The
    draft passes 'legmap check'; a train leg the rail network cannot route
    stays a train, with a check. An article with no journey gives an empty
    draft and a note (exit 0). Russian needs the draft extra:
    pip install "legmap[draft]". Guide: docs/drafting.md; the English, Russian
    and Korean articles below are in the source tree's geo/articles/.

    \b
    Examples:
      legmap draft kim-putin.ar.txt --date 2023-09-05 -o kim.toml    # Arabic
      legmap draft biden-kyiv-2023.en.txt                            # English, to stdout
      legmap draft putin-pyongyang-hanoi-2024.ru.txt -o putin.toml   # Russian
      legmap draft kim-vladivostok-2019.ko.txt --lang ko -o kim.toml # Korean
      cat notes.txt | legmap draft - --lang en --date 2023-02 -o biden.toml
      legmap check kim.toml && legmap build kim.toml -o maps
    """
    text = _read(article)
    config = make_config(rail=rail, embedded_rail=embedded_rail)
    network = active_network(config.rail_files, embedded=config.embedded_rail is not False)

    def rail_check(start: Place, end: Place, via: list[Place]) -> str | None:
        trip = network.trip([start, *via, end], snap_km=config.snap_km, access_km=config.access_km)
        if isinstance(trip, RailGap):
            return f"not on the {network.name} rail network ({trip.message})"
        return None

    language = None if lang == "auto" else lang
    result = make_draft(text, lang=language, date=_date(date), rail_check=rail_check)
    name = "<stdin>" if article == "-" else Path(article).name
    toml = to_toml(result, name=name)
    if out is None:
        click.echo(toml, nl=False)
    else:
        out.write_text(toml, encoding="utf-8")
    legs = sum(len(v) for v in result.journeys.values())
    journeys = sum(1 for v in result.journeys.values() if v)
    report = [
        f"legmap draft: {legs} legs in {journeys} journeys, {len(result.claims)} claims, "
        f"{len(result.events)} events" + (f" -> {out}" if out else "")
    ]
    if result.empty:
        report.append("  nothing to map: no journey, event or distance claim found")
    found = ", ".join(p.name() for p in result.places.values()) or "none"
    report.append(f"  places found: {found}")
    report += [f"  skipped {s.text!r}: {s.reason}" for s in result.skipped]
    report += [f"  note: {n}" for n in result.notes]
    click.echo("\n".join(report), err=True)
