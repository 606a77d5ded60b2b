"""The ``legmap`` command line: a thin layer over the public API.

Each command lives in its own module (``_places.py``, ``_check.py``, ...);
this module only wires them together and turns a :class:`~legmap.LegmapError`
into one line per problem on stderr and exit status 2, never a traceback.  Click's
own usage errors (a missing argument, ``-o`` naming a file) are reported the same
way, on one line, with exit status 2.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
from typing import Any

import click

from legmap._optional import missing_extra
from legmap._version import __version__
from legmap.cli._common import echo_error
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
    "draft": "legmap.cli._draft:draft",
    "example": "legmap.cli._example:example",
}

# What `legmap --help` lists beside each command: the first sentence of its help,
# kept here so that listing the commands imports none of them (tests check they agree).
_SUMMARIES = {
    "build": "Build the maps of STORY into a folder.",
    "check": "Validate STORY, resolve every place and route every leg.",
    "distance": "Distance from A to B: in a straight line (geodesic, WGS84) and by rail.",
    "draft": "Draft a story file from ARTICLE (a plain-text news article; '-' for stdin).",
    "example": "Write an example story (the seed story by default) into a folder.",
    "places": "Show the places matching QUERY, best first.",
    "rail": "Rail networks from OpenStreetMap (needs the osm extra: pip install 'legmap[osm]').",
}


def _shorten(text: str, limit: int) -> str:
    """`text` cut at a word to fit `limit` characters, as click cuts a command's help."""
    if len(text) <= limit:
        return text
    return text[: max(limit - 3, 1)].rsplit(" ", 1)[0].rstrip(" ,;:") + "..."


class _OneLineUsageError(click.ClickException):
    """A click error shown like every legmap error: one line, exit status 2."""

    exit_code = 2

    def show(self, file: Any = None) -> None:
        echo_error(self.format_message())


def _one_line(err: click.ClickException) -> click.ClickException:
    if isinstance(err, _OneLineUsageError | click.exceptions.NoArgsIsHelpError):
        return err  # already one line, or `legmap` alone: the help is the answer
    message = err.format_message()
    ctx = getattr(err, "ctx", None)
    if ctx is not None:
        message += f" (see '{ctx.command_path} --help')"
    return _OneLineUsageError(message)


class _LegmapGroup(click.Group):
    """A group that loads its commands lazily and reports LegmapError as exit 2."""

    def make_context(
        self,
        info_name: str | None,
        args: list[str],
        parent: click.Context | None = None,
        **extra: Any,
    ) -> click.Context:
        try:
            return super().make_context(info_name, args, parent, **extra)
        except click.ClickException as err:  # options of `legmap` itself
            raise _one_line(err) from None

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(
            name
            for name, target in _COMMANDS.items()
            if importlib.util.find_spec(target.split(":")[0]) is not None
        )

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        names = self.list_commands(ctx)
        if not names:
            return
        limit = formatter.width - 6 - max(len(n) for n in names)
        rows = []
        for name in names:
            summary = _SUMMARIES.get(name)
            if summary is None:  # a command with no summary above: ask it (imports it)
                command = self.get_command(ctx, name)
                if command is None or command.hidden:
                    continue
                summary = command.get_short_help_str(limit)
            rows.append((name, _shorten(summary, limit)))
        with formatter.section("Commands"):
            formatter.write_dl(rows)

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
            for problem in err.problems:
                echo_error(str(problem))
            ctx.exit(2)
        except click.ClickException as err:  # a command's usage: missing argument, bad option
            raise _one_line(err) from None
        except ModuleNotFoundError as err:  # an optional dependency: name the extra
            message = missing_extra(err)
            if message is None:
                raise
            echo_error(message)
            ctx.exit(2)


@click.group(
    cls=_LegmapGroup,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.version_option(__version__, "-V", "--version", prog_name="legmap")
def cli() -> None:
    """Turn a story about a journey into route maps.

    A story is a TOML file listing journeys (legs by train, flight, road...),
    events and distance claims, or a CSV file with one leg per row. legmap
    resolves its places, routes train legs on a real rail network, draws flights
    as great circles, checks distance claims, and writes HTML, GeoJSON, PNG and
    SVG maps.

    \b
    Examples:
      legmap example -o ex                       # the seed story, to start from
      legmap check ex/kim-putin-2023.toml
      legmap build ex/kim-putin-2023.toml -o maps
      legmap places "بيونغ يانغ"                 # look a place up, any language
      legmap distance Vladivostok Vostochny --units mi
    """


def main(argv: list[str] | None = None) -> None:
    """Entry point of the ``legmap`` console script."""
    cli.main(args=argv, prog_name="legmap")


if __name__ == "__main__":  # pragma: no cover
    main(sys.argv[1:])
