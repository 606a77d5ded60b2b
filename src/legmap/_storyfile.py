"""Reading a story file safely: from the path on disk to the data of its TOML.

A story file is opened without blocking and read only if it is a regular file
(no FIFO, device or folder) of at most :data:`MAX_STORY_BYTES`; it must be UTF-8
(a byte-order mark, as some editors write, is fine), its name must not end in
``.embed.toml`` (its maps would overwrite another story's embed snippet), and
its TOML is parsed with syntax errors at their line and nesting bounded.  Every
failure is a :class:`~legmap.errors.StoryError` naming the file; validating the
data is :mod:`legmap.story`'s business.

Examples
--------
>>> toml_data('\\ufefftitle = "Trip"', file="trip.toml")
{'title': 'Trip'}
>>> toml_data('title = "Trip"\\nlang = en', file="trip.toml")
Traceback (most recent call last):
legmap.errors.StoryError: trip.toml:2: TOML syntax error: Invalid value (column 8)
"""

from __future__ import annotations

import os
import re
import stat
import tomllib
from pathlib import Path
from typing import Any

from legmap.errors import StoryError

__all__ = ["MAX_STORY_BYTES", "read_story_text", "toml_data"]

#: A story file larger than this is refused (the seed story is 7 KB).
MAX_STORY_BYTES = 5 * 1024 * 1024

_TOML_LINE = re.compile(r"\(at line (\d+), column (\d+)\)")


def toml_data(text: str, *, file: str) -> dict[str, Any]:
    """The data of a story's TOML `text` (a leading byte-order mark is dropped).

    Raises
    ------
    StoryError
        On a TOML syntax error (with its line and column) or nesting too deep.
    """
    text = text.removeprefix("\ufeff")  # a UTF-8 byte order mark, as some editors write
    try:
        return tomllib.loads(text)
    except RecursionError:
        msg = "TOML nests arrays or tables too deeply"
        raise StoryError(msg, file=file) from None
    except tomllib.TOMLDecodeError as err:
        match = _TOML_LINE.search(str(err))
        message = _TOML_LINE.sub("", str(err)).strip()
        line = int(match.group(1)) if match else None
        raise StoryError(
            f"TOML syntax error: {message}" + (f" (column {match.group(2)})" if match else ""),
            file=file,
            line=line,
        ) from None


def read_story_text(path: Path) -> str:
    """The text of the story file at `path`.

    Raises
    ------
    StoryError
        When the file name ends in ``.embed.toml``, or the file cannot be read,
        is not a regular file of at most :data:`MAX_STORY_BYTES`, or is not UTF-8.
    """
    if path.name.lower().endswith(".embed.toml"):
        msg = (
            "story file names ending in '.embed.toml' are not allowed: the maps of "
            f"{path.name} would overwrite {path.name[:-5]}.html, the embed snippet of "
            f"{path.name[:-11]}.toml; rename the file"
        )
        raise StoryError(msg, file=str(path))
    data = _read_story_bytes(path)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        bad = err.object[err.start]
        msg = f"the story file is not UTF-8 text (byte {bad:#04x} at offset {err.start})"
        raise StoryError(msg, file=str(path)) from None


def _read_story_bytes(path: Path) -> bytes:
    # Open without blocking (a FIFO would wait for a writer), then insist on a
    # regular file: no /dev/zero, no pipe, no folder; and read a bounded amount.
    where = str(path)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise StoryError("story file not found", file=where) from None
    except IsADirectoryError:
        raise StoryError("this is a folder, not a story file", file=where) from None
    except OSError as err:
        raise StoryError(f"cannot read story file: {err.strerror or err}", file=where) from None
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        if stat.S_ISDIR(mode):
            raise StoryError("this is a folder, not a story file", file=where)
        raise StoryError("not a regular file (a story is a .toml file)", file=where)
    with os.fdopen(fd, "rb") as fh:
        try:
            data = fh.read(MAX_STORY_BYTES + 1)
        except OSError as err:
            msg = f"cannot read story file: {err.strerror or err}"
            raise StoryError(msg, file=where) from None
    if len(data) > MAX_STORY_BYTES:
        msg = f"the story file is larger than {MAX_STORY_BYTES // 2**20} MB; is it a story?"
        raise StoryError(msg, file=where)
    return data
