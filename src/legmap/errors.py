"""The one error root of legmap.

Every error a user can cause (unknown place, malformed story, impossible route,
unreachable geocoder) is a :class:`LegmapError`.  Each class also mixes in the
builtin a Python caller would expect (geopy's ``exc.py`` does the same), so
``except LookupError`` keeps working for code that does not know legmap.

An error may carry *where* it happened: the file, the line and the spot in the
story (``journeys[0].legs[2].to``).  The CLI prints ``str(error)`` on one line
and exits with status 2.

Examples
--------
>>> err = PlaceNotFoundError("no place called 'Atlantis'", suggestions=("Astana",))
>>> str(err.located(file="story.toml", spot="journeys[0].legs[1].to"))
"story.toml: journeys[0].legs[1].to: no place called 'Atlantis' (did you mean: Astana?)"
>>> isinstance(err, LookupError)
True
"""

from __future__ import annotations

import copy
from collections.abc import Sequence

__all__ = [
    "AmbiguousPlaceError",
    "DataError",
    "GeocoderError",
    "GeocoderTimeoutError",
    "LegmapError",
    "NoRailConnectionError",
    "PlaceNotFoundError",
    "RenderError",
    "RouteError",
    "StoryError",
]


class LegmapError(Exception):
    """Root of every error legmap raises on purpose.

    Parameters
    ----------
    message : str
        What went wrong, in one sentence, without location.
    file : str, optional
        The file the error is about (a story, a network).
    line : int, optional
        1-based line in `file`, for syntax errors.
    spot : str, optional
        Path to the offending value, e.g. ``journeys[0].legs[2].to``.
    """

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        line: int | None = None,
        spot: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.file = file
        self.line = line
        self.spot = spot

    def located(
        self, *, file: str | None = None, line: int | None = None, spot: str | None = None
    ) -> LegmapError:
        """Return a copy that also says where the error happened.

        Values already set are kept: the innermost location wins.
        """
        new = copy.copy(self)
        new.file = self.file or file
        new.line = self.line or line
        new.spot = self.spot or spot
        return new

    def detail(self) -> str:
        """Extra text appended after the message (suggestions, candidates)."""
        return ""

    def __str__(self) -> str:
        where = ""
        if self.file:
            where = self.file + (f":{self.line}" if self.line else "") + ": "
        elif self.line:
            where = f"line {self.line}: "
        if self.spot:
            where += f"{self.spot}: "
        return where + self.message + self.detail()


class StoryError(LegmapError, ValueError):
    """A story file is malformed or invalid."""


class DataError(LegmapError, ValueError):
    """A data file shipped with or given to legmap (gazetteer, rail network) is broken."""


class PlaceNotFoundError(LegmapError, LookupError):
    """No place matches a name.

    Parameters
    ----------
    message : str
        What was looked for.
    suggestions : sequence of str
        The nearest known names, best first.
    """

    def __init__(self, message: str, *, suggestions: Sequence[str] = (), **where: object) -> None:
        super().__init__(message, **where)  # type: ignore[arg-type]
        self.suggestions = tuple(suggestions)

    def detail(self) -> str:  # noqa: D102
        if not self.suggestions:
            return ""
        return " (did you mean: " + ", ".join(self.suggestions) + "?)"


class AmbiguousPlaceError(LegmapError, LookupError):
    """Several places match a name about equally well; legmap will not guess.

    Parameters
    ----------
    message : str
        What was looked for.
    candidates : sequence of str
        One line per candidate (id, name, country, kind), best first.
    """

    def __init__(self, message: str, *, candidates: Sequence[str] = (), **where: object) -> None:
        super().__init__(message, **where)  # type: ignore[arg-type]
        self.candidates = tuple(candidates)

    def detail(self) -> str:  # noqa: D102
        if not self.candidates:
            return ""
        return "; candidates: " + "; ".join(self.candidates)


class GeocoderError(LegmapError, ConnectionError):
    """The online geocoder failed (HTTP error, rate limit, unusable answer)."""


class GeocoderTimeoutError(GeocoderError, TimeoutError):
    """The online geocoder did not answer in time."""


class RouteError(LegmapError, ValueError):
    """A leg cannot be turned into geometry."""


class NoRailConnectionError(RouteError):
    """Two places are not connected by the rail network, or no station is near a place."""


class RenderError(LegmapError, RuntimeError):
    """A map could not be drawn or written."""
