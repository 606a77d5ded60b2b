"""The example stories shipped with legmap (``geo/stories/``), for pip users too.

A pip install carries ``geo/`` inside the package, so the seed story is always
there; these helpers find it and copy it where the user wants it, which is what
``legmap example`` and :func:`legmap.example_path` do.

Examples
--------
>>> example_names()[0]
'kim-putin-2023'
>>> example_path("kim-putin-2023").name
'kim-putin-2023.toml'
"""

from __future__ import annotations

import difflib
import os
import shutil
from pathlib import Path

from legmap._data import geo_path
from legmap.errors import DataError

__all__ = ["DEFAULT_EXAMPLE", "copy_examples", "example_names", "example_path"]

#: The seed story: what ``legmap example`` writes when no name is given.
DEFAULT_EXAMPLE = "kim-putin-2023"

#: Story files an example may consist of (a CSV story is one leg per row).
_SUFFIXES = (".toml", ".csv")


def _stories() -> dict[str, Path]:
    folder = geo_path("stories")
    if not folder.is_dir():
        return {}
    return {p.stem: p for p in sorted(folder.iterdir()) if p.suffix in _SUFFIXES and p.is_file()}


def example_names() -> list[str]:
    """Names of the shipped example stories, the seed story first.

    Returns
    -------
    list of str
        File names without extension, e.g. ``["kim-putin-2023"]``.
    """
    names = sorted(_stories())
    if DEFAULT_EXAMPLE in names:
        names.remove(DEFAULT_EXAMPLE)
        names.insert(0, DEFAULT_EXAMPLE)
    return names


def example_path(name: str = DEFAULT_EXAMPLE) -> Path:
    """Path of a shipped example story, wherever legmap is installed.

    Parameters
    ----------
    name : str
        An example name (see :func:`example_names`), with or without extension.

    Returns
    -------
    pathlib.Path
        The story file inside the installed package (read it, do not edit it:
        copy it first with ``legmap example -o DIR``).

    Raises
    ------
    DataError
        No example of that name (the message lists the close ones).

    Examples
    --------
    >>> import legmap
    >>> story = legmap.load_story(example_path())
    >>> story.journeys[0].id
    'kim-visit'
    """
    stories = _stories()
    stem = Path(name).stem if Path(name).suffix in _SUFFIXES else name
    if stem in stories:
        return stories[stem]
    close = [n for n in stories if n.startswith(stem.lower())][:3]
    close = close or difflib.get_close_matches(stem, list(stories), n=3, cutoff=0.4)
    hint = f" (did you mean: {', '.join(close)}?)" if close else ""
    names = ", ".join(example_names()) or "none shipped"
    raise DataError(f"no example story {name!r}{hint}; examples: {names}")


def copy_examples(names: list[str], out_dir: str | os.PathLike[str]) -> list[Path]:
    """Copy example stories into `out_dir` (created if missing); return the files written.

    Raises
    ------
    DataError
        An unknown name (nothing is copied), or the folder cannot be written.
    """
    sources = [example_path(n) for n in names]  # every name checked before any copy
    folder = Path(out_dir)
    written = []
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for src in sources:
            dest = folder / src.name
            shutil.copyfile(src, dest)
            written.append(dest)
    except OSError as err:
        msg = f"cannot write the example: {err.strerror or err}"
        raise DataError(msg, file=str(err.filename or folder)) from None
    return written
