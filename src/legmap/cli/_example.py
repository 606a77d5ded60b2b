"""``legmap example``: copy a shipped example story where the user wants it."""

from __future__ import annotations

from pathlib import Path

import click

from legmap._examples import DEFAULT_EXAMPLE, copy_examples, example_names

__all__ = ["example"]


@click.command()
@click.argument("names", metavar="[NAME]...", nargs=-1)
@click.option(
    "-o", "--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
    default=Path(), show_default="the current folder",
    help="Folder to write the story into (created if missing).",
)  # fmt: skip
@click.option("--all", "all_", is_flag=True, help="Write every example story.")
@click.option("--list", "list_", is_flag=True, help="List the example stories and exit.")
def example(names: tuple[str, ...], out_dir: Path, all_: bool, list_: bool) -> None:
    """Write an example story (the seed story by default) into a folder.

    The seed story is Kim Jong-un's expected trip to Russia in September 2023,
    from an Arabic news report: edit the copy, check it, build its maps. The
    file name is printed on stdout, one per line.

    \b
    Examples:
      legmap example                          # ./kim-putin-2023.toml
      legmap example -o ex && legmap build ex/kim-putin-2023.toml -o maps
      legmap example --list
    """
    if list_:
        for name in example_names():
            click.echo(name)
        return
    wanted = example_names() if all_ else list(names) or [DEFAULT_EXAMPLE]
    for path in copy_examples(wanted, out_dir):
        click.echo(path)
