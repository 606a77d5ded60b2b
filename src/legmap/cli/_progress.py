"""A spinner with the elapsed time for the long phases of a command, on stderr.

Phases with a measurable amount of work (the passes over an OpenStreetMap file)
have tqdm bars of their own; the others (loading a large network, writing a
GeoPackage, preparing a router, routing) show this: after ``delay`` seconds, a
tqdm line with the phase's name and the time spent, redrawn until the phase
ends.  Quick phases show nothing, and output that is not a terminal (a log, a
test) gets no redrawn line either, only what the command prints itself.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO

from tqdm import tqdm

__all__ = ["phase"]


@contextmanager
def phase(
    message: str, *, delay: float = 1.0, enabled: bool = True, file: TextIO | None = None
) -> Iterator[None]:
    """Show ``message: 12s`` on stderr while the block runs longer than `delay`.

    Parameters
    ----------
    message : str
        What is being done (``writing finland.gpkg``).
    delay : float
        Seconds before anything is shown.
    enabled : bool
        False shows nothing (``--no-progress``).
    file : text stream, optional
        Where to draw (default: stderr); nothing is drawn unless it is a terminal.

    Examples
    --------
    >>> with phase("counting"):
    ...     total = sum(range(10))
    >>> total
    45
    """
    stream = file or sys.stderr
    if not enabled or not stream.isatty():
        yield
        return
    bar = tqdm(
        desc=message, total=None, file=stream, delay=delay, leave=True,
        bar_format="{desc}: {elapsed}", mininterval=0.25,
    )  # fmt: skip
    done = threading.Event()
    shown = threading.Event()

    def tick() -> None:
        if done.wait(delay):
            return
        shown.set()
        while not done.wait(0.25):
            bar.refresh()

    ticker = threading.Thread(target=tick, daemon=True)
    ticker.start()
    try:
        yield
    finally:
        done.set()
        ticker.join()
        if shown.is_set():  # the final time, and the line is kept
            bar.refresh()
            stream.write("\n")
        bar.close()
