"""pydantic's validation errors, turned into legmap's: a spot and a sentence per problem.

pydantic reports an invalid story as a list of errors with locations such as
``('journeys', 0, 'legs', 2, 'to')`` and messages meant for programmers.  This
module turns them into :class:`~legmap.errors.StoryError` problems, each at its
spot (``journeys[0].legs[2].to``) with a sentence a reporter understands, drops
the echoes of one problem (a union's other members, a container "too short"
because an item failed), and gathers them into one error (up to
:data:`~legmap.errors.MAX_PROBLEMS`).  A model validator that finds a problem
below the model it checks raises :class:`FieldError` to name that spot.

Examples
--------
>>> spot(("journeys", 0, "legs", 2, "function-after[_check(), str]", "to"))
'journeys[0].legs[2].to'
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from legmap._storyvalues import ID_RE, describe
from legmap.errors import LegmapError, StoryError, gather, quote

__all__ = ["FieldError", "problems", "spot"]


class FieldError(ValueError):
    """A validation error about a field below the model that raises it.

    pydantic keeps the raised exception in the error's context; the spot of the
    error is the model's location followed by `loc`.
    """

    def __init__(self, loc: tuple[str | int, ...], message: str) -> None:
        super().__init__(message)
        self.loc = loc


def _loc(error: Any) -> tuple[int | str, ...]:
    # A model validator's FieldError names the field below the model it checks.
    cause = (error.get("ctx") or {}).get("error")
    return (*error["loc"], *cause.loc) if isinstance(cause, FieldError) else tuple(error["loc"])


def spot(loc: tuple[int | str, ...]) -> str:
    """A pydantic location as a spot in a story file (``journeys[0].legs[2].to``)."""
    # Tagged-union and function-validator segments (e.g. 'str',
    # 'function-after[...]') are noise.
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif "[" in part or part in {"str", "float", "int", "dict[str,str]"}:
            continue
        else:
            out += ("." if out else "") + part
    return out


def _real_errors(err: ValidationError) -> list[Any]:
    # A failing item also makes pydantic report its container "too short";
    # that echo would only confuse a reporter, so drop errors about a prefix
    # of another error's location.  A union reports one error per member:
    # keep the first error of each spot.
    errors = err.errors()
    locs = [e["loc"] for e in errors]
    kept, spots = [], set()
    for e in errors:
        if e["type"] == "too_short" and any(
            o[: len(e["loc"])] == e["loc"] and o != e["loc"] for o in locs
        ):
            continue
        where = spot(_loc(e))
        if where not in spots:
            spots.add(where)
            kept.append(e)
    return kept


_PATTERNS = {
    ID_RE.pattern: "is not an id: use lowercase letters, digits, '-' and '_'",
    r"^[A-Z]{2}$": "is not a country code: use two capital letters (ISO 3166-1 alpha-2) like 'RU'",
}


# pydantic error type -> sentence; {shown} is the value (quoted text, or its kind).
_SENTENCES = {
    "string_type": "expected text, got {shown}",
    "float_type": "expected a number, got {shown}",
    "float_parsing": "expected a number, got {shown}",
    "int_type": "expected a whole number, got {shown}",
    "int_parsing": "expected a whole number, got {shown}",
    "bool_type": "expected true or false, got {shown}",
    "finite_number": "expected a finite number",
    "dict_type": "expected a table, got {shown}",
    "model_type": "expected a table, got {shown}",
    "tuple_type": "expected an array, got {shown}",
    "list_type": "expected an array, got {shown}",
    "string_too_short": "must not be empty",
}


def _message(error: Any) -> str:
    kind, value, ctx = error["type"], error.get("input"), error.get("ctx") or {}
    shown = quote(value) if isinstance(value, str) else describe(value)
    if kind in {"extra_forbidden", "missing"}:
        what = "unknown field" if kind == "extra_forbidden" else "missing required field"
        return f"{what} {quote(str(error['loc'][-1]))}"
    if kind == "literal_error":
        return f"{shown} is not one of {ctx['expected']}"
    if kind == "too_short" and error["loc"][-1:] == ("legs",):
        return "a journey needs at least one leg"
    if kind == "string_pattern_mismatch" and ctx.get("pattern") in _PATTERNS:
        return f"{shown} {_PATTERNS[ctx['pattern']]}"
    if kind in _SENTENCES:
        return _SENTENCES[kind].format(shown=shown)
    return str(error["msg"]).removeprefix("Value error, ")


def problems(err: ValidationError, file: str) -> LegmapError:
    """Every problem of an invalid story, at its spot in `file`, gathered into one error."""
    return gather(
        [StoryError(_message(e), file=file, spot=spot(_loc(e)) or None) for e in _real_errors(err)]
    )
