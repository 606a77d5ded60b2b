"""The ``legmap`` command line: a thin layer over the public API.

Each command lives in its own module (``_places.py``, ``_check.py``, ...);
this module only wires them together and turns a :class:`~legmap.LegmapError`
into one line on stderr and exit status 2, never a traceback.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
from typing import Any

import click

from legmap._version import __version__
from legmap.errors import LegmapError

__all__ = ["cli", "main"]

# command name -> "module:attribute"; modules are imported only when used, so
# `legmap --help` stays fast and a command's heavy imports cost only that command.
_COMMANDS = {
    "places": "legmap.cli._places:places",
    "check": "legmap.cli._check:check",
    "distance": "legmap.cli._distance:distance",
    "build": "legmap.cli._build:build",
    "rail": "legmap.cli._rail:rail",
}


class _LegmapGroup(click.Group):
    """A group that loads its commands lazily and reports LegmapError as exit 2."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(
            name
            for name, target in _COMMANDS.items()
            if importlib.util.find_spec(target.split(":")[0]) is not None
        )

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = _COMMANDS.get(cmd_name)
        if target is None or cmd_name not in self.list_commands(ctx):
            return None
        module_name, attr = target.split(":")
        command: click.Command = getattr(importlib.import_module(module_name), attr)
        return command

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except LegmapError as err:
            click.echo(f"legmap: error: {err}", err=True)
            ctx.exit(2)


@click.group(
    cls=_LegmapGroup,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.version_option(__version__, "-V", "--version", prog_name="legmap")
def cli() -> None:
    """Turn a story about a journey into route maps.

    A story is a TOML file listing journeys (legs by train, flight, road...),
    events and distance claims. legmap resolves its places, routes train legs on
    a real rail network, draws flights as great circles, checks distance claims,
    and writes HTML, GeoJSON, PNG and SVG maps.

    \b
    Examples:
      legmap places "بيونغ يانغ"                 # look a place up, any language
      legmap check geo/stories/kim-putin-2023.toml
      legmap distance Vladivostok Vostochny --units mi
      legmap build geo/stories/kim-putin-2023.toml -o maps
    """


def main(argv: list[str] | None = None) -> None:
    """Entry point of the ``legmap`` console script."""
    cli.main(args=argv, prog_name="legmap")


if __name__ == "__main__":  # pragma: no cover
    main(sys.argv[1:])
