"""Options and helpers shared by several commands."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import click

from legmap._i18n import KM_PER_MI, LANGS
from legmap.config import Config
from legmap.errors import one_line

F = TypeVar("F", bound=Callable[..., Any])

LANG_CHOICE = click.Choice(list(LANGS))
UNITS_CHOICE = click.Choice(["km", "mi"])


def online_option(func: F) -> F:
    """``--online``: allow the online geocoder for unknown names."""
    return click.option(
        "--online",
        is_flag=True,
        help="Ask the online geocoder (OpenStreetMap Nominatim) for names legmap does "
        "not know; answers are cached on disk (needs the online extra: "
        'pip install "legmap[online]").',
    )(func)


def rail_option(func: F) -> F:
    """``--rail PATH`` (repeatable) and ``--no-embedded-rail``: the networks to route on."""
    func = click.option(
        "--embedded-rail/--no-embedded-rail",
        "embedded_rail",
        default=None,
        help="Keep or leave out legmap's embedded rail network (default: kept, unless a "
        "story says embedded_rail = false).",
    )(func)
    return click.option(
        "--rail",
        type=click.Path(dir_okay=False, path_type=Path),
        multiple=True,
        help="Rail network file made by 'legmap rail import'; repeat for more. They extend "
        "the embedded network, joined where their stations or track ends meet (0.5 km).",
    )(func)


def echo_error(message: str) -> None:
    """Print one problem as ``legmap: error: ...`` on stderr, always on one line.

    Control characters (a newline in a story, an escape sequence from a server)
    are shown escaped and the line is bounded (:func:`legmap.errors.one_line`).
    """
    click.echo(f"legmap: error: {one_line(message)}", err=True)


def echo_warning(message: str) -> None:
    """Print ``legmap: warning: ...`` on stderr, on one line like errors."""
    click.echo(f"legmap: warning: {one_line(message)}", err=True)


def make_config(
    *,
    online: bool = False,
    rail: Path | tuple[Path, ...] | None = None,
    embedded_rail: bool | None = None,
) -> Config:
    """The Config the flags ask for (``--rail`` given no times: None)."""
    files = (rail,) if isinstance(rail, Path) else tuple(rail or ())
    return Config(online=online, rail=files or None, embedded_rail=embedded_rail)


def convert(km: float, units: str) -> float:
    """Kilometres to `units`."""
    return km / KM_PER_MI if units == "mi" else km


def fmt_distance(km: float | None, units: str) -> str:
    """``1,011 km`` / ``628 mi`` / ``-`` for a missing value."""
    if km is None or (isinstance(km, float) and math.isnan(km)):
        return "-"
    return f"{convert(km, units):,.0f} {units}"


def table(rows: Sequence[Sequence[str]], header: Sequence[str]) -> str:
    """A plain, left-aligned text table (what mercantile-style tools print).

    Cells are text from stories and data files: each is kept on one line with
    its control characters escaped (:func:`legmap.errors.one_line`).
    """
    rows = [[one_line(str(c), limit=200) for c in r] for r in rows]
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    lines = ["  ".join(str(c).ljust(w) for c, w in zip(r, widths, strict=True)).rstrip()
             for r in [header, *rows]]  # fmt: skip
    return "\n".join(lines)
