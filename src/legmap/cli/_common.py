"""Options and helpers shared by several commands."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import click

from legmap._i18n import KM_PER_MI
from legmap.config import Config

F = TypeVar("F", bound=Callable[..., Any])

LANG_CHOICE = click.Choice(["en", "ar", "ru", "ko"])
UNITS_CHOICE = click.Choice(["km", "mi"])


def online_option(func: F) -> F:
    """``--online``: allow the online geocoder for unknown names."""
    return click.option(
        "--online",
        is_flag=True,
        help="Ask the online geocoder (OpenStreetMap Nominatim) for names legmap does "
        "not know; answers are cached on disk.",
    )(func)


def rail_option(func: F) -> F:
    """``--rail PATH``: use an imported rail network instead of the embedded one."""
    return click.option(
        "--rail",
        type=click.Path(dir_okay=False, path_type=Path),
        default=None,
        help="Rail network file made by 'legmap rail import' (default: the embedded network).",
    )(func)


def make_config(*, online: bool = False, rail: Path | None = None) -> Config:
    """The Config the flags ask for."""
    return Config(online=online, rail=rail)


def convert(km: float, units: str) -> float:
    """Kilometres to `units`."""
    return km / KM_PER_MI if units == "mi" else km


def fmt_distance(km: float | None, units: str) -> str:
    """``1,011 km`` / ``628 mi`` / ``-`` for a missing value."""
    if km is None or (isinstance(km, float) and math.isnan(km)):
        return "-"
    return f"{convert(km, units):,.0f} {units}"


def table(rows: Sequence[Sequence[str]], header: Sequence[str]) -> str:
    """A plain, left-aligned text table (what mercantile-style tools print)."""
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    lines = ["  ".join(str(c).ljust(w) for c, w in zip(r, widths, strict=True)).rstrip()
             for r in [header, *rows]]  # fmt: skip
    return "\n".join(lines)
