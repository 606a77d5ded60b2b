"""The one error root of legmap.

Every error a user can cause (unknown place, malformed story, impossible route,
unreachable geocoder) is a :class:`LegmapError`.  Each class also mixes in the
builtin a Python caller would expect (geopy's ``exc.py`` does the same), so
``except LookupError`` keeps working for code that does not know legmap.

An error may carry *where* it happened: the file, the line and the spot in the
story (``journeys[0].legs[2].to``).  One error can report several problems at
once (every invalid field of a story, up to :data:`MAX_PROBLEMS`): the first is
the error itself, the others are in :attr:`LegmapError.others`, and
:attr:`LegmapError.problems` lists them all.  The CLI prints each problem on its
own line (through :func:`one_line`, so text from a story or a server can never
break the line or drive the terminal) and exits with status 2.

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
    "MAX_PROBLEMS",
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
    "gather",
    "one_line",
    "quote",
]

#: At most this many problems are reported at once (the rest are counted).
MAX_PROBLEMS = 20


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
    others : sequence of LegmapError, optional
        Further problems found in the same pass, reported after this one.
    """

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        line: int | None = None,
        spot: str | None = None,
        others: Sequence[LegmapError] = (),
    ) -> None:
        super().__init__(message)
        self.message = message
        self.file = file
        self.line = line
        self.spot = spot
        self.others = tuple(others)

    @property
    def problems(self) -> tuple[LegmapError, ...]:
        """Every problem this error reports, this one first, each on its own.

        Examples
        --------
        >>> err = StoryError("a", spot="x", others=[StoryError("b", spot="y")])
        >>> [str(p) for p in err.located(file="s.toml").problems]
        ['s.toml: x: a', 's.toml: y: b']
        """
        first = copy.copy(self)
        first.others = ()
        return (first, *self.others)

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
        new.others = tuple(o.located(file=file, line=line, spot=spot) for o in self.others)
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
        more = len(self.others)
        tail = f" (and {more} more problem{'s' if more > 1 else ''})" if more else ""
        return where + self.message + self.detail() + tail


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


def gather(errors: Sequence[LegmapError], *, limit: int = MAX_PROBLEMS) -> LegmapError:
    """One error that reports all of `errors` (the first `limit`, then a count).

    Examples
    --------
    >>> err = gather([StoryError(f"bad {i}", spot=f"s{i}") for i in range(3)], limit=2)
    >>> [str(p) for p in err.problems]
    ['s0: bad 0', 's1: bad 1', '1 more problem not shown (fix these first)']
    """
    if not errors:
        raise ValueError("gather() needs at least one error")
    shown = list(errors[:limit])
    hidden = len(errors) - len(shown)
    if hidden:
        s = "s" if hidden > 1 else ""
        summary = f"{hidden} more problem{s} not shown (fix these first)"
        shown.append(LegmapError(summary, file=errors[0].file))
    first = copy.copy(shown[0])
    first.others = tuple(shown[1:])
    return first


#: The longest line the CLI prints for one problem (the rest is cut, marked with "…").
_LINE_LIMIT = 2000


def one_line(text: str, *, limit: int = _LINE_LIMIT) -> str:
    r"""`text` made safe for one terminal line: no control characters, bounded length.

    Control characters (newlines, escape sequences, bidirectional overrides and
    other invisible format characters) are shown as escapes, so a story or a
    server cannot start a new line, clear the screen or forge colours; the text
    is cut at `limit` characters.  Printable text in any script is kept as is.

    Examples
    --------
    >>> print(one_line("bad\nline \x1b[31mred"))
    bad\nline \x1b[31mred
    >>> one_line("بيونغ يانغ")
    'بيونغ يانغ'
    >>> one_line("x" * 10, limit=5)
    'xxxx…'
    """
    # str.isprintable is False for controls (Cc), format characters such as
    # bidirectional overrides (Cf) and separators other than the space; repr
    # of one such character is its escape (\n, \x1b, \u202e).
    out = "".join(c if c == " " or c.isprintable() else repr(c)[1:-1] for c in text)
    return out if len(out) <= limit else out[: limit - 1] + "…"


def quote(text: object, *, limit: int = 80) -> str:
    """Foreign text (a server's answer, a value from a file) quoted for an error message.

    Text is shown like Python's ``repr`` (quotes, escaped control characters),
    cut after `limit` characters with the total length, so a 50 MB page never
    reaches the terminal.  Other values are shown by their ``repr``, cut alike.

    Examples
    --------
    >>> quote("abc"), quote(540)
    ("'abc'", '540')
    >>> quote("<html>" + "x" * 500, limit=10)
    "'<html>xxxx…' (506 characters)"
    """
    if not isinstance(text, str):
        return one_line(repr(text), limit=limit)
    if len(text) <= limit:
        return one_line(repr(text))
    shown = repr(text[:limit])
    return one_line(shown[:-1] + "…" + shown[-1]) + f" ({len(text):,} characters)"
