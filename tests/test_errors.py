"""The error root: what a user reads, and what a Python caller can catch."""

from __future__ import annotations

import pytest

from legmap import errors


def test_every_error_is_a_legmap_error_and_a_builtin() -> None:
    pairs = [
        (errors.StoryError, ValueError),
        (errors.DataError, ValueError),
        (errors.PlaceNotFoundError, LookupError),
        (errors.AmbiguousPlaceError, LookupError),
        (errors.GeocoderError, ConnectionError),
        (errors.GeocoderTimeoutError, TimeoutError),
        (errors.RouteError, ValueError),
        (errors.NoRailConnectionError, errors.RouteError),
        (errors.RenderError, RuntimeError),
    ]
    for cls, builtin in pairs:
        assert issubclass(cls, errors.LegmapError)
        assert issubclass(cls, builtin)


def test_message_with_location() -> None:
    err = errors.StoryError("bad value", file="s.toml", line=3)
    assert str(err) == "s.toml:3: bad value"
    err = errors.RouteError("no route").located(file="s.toml", spot="journeys[1].legs[0]")
    assert str(err) == "s.toml: journeys[1].legs[0]: no route"


def test_located_keeps_the_innermost_location() -> None:
    err = errors.RouteError("x", spot="inner").located(spot="outer", file="f")
    assert (err.spot, err.file) == ("inner", "f")


def test_details() -> None:
    err = errors.AmbiguousPlaceError("'Springfield' is ambiguous", candidates=["a (US)", "b (US)"])
    assert str(err) == "'Springfield' is ambiguous; candidates: a (US); b (US)"
    err = errors.PlaceNotFoundError("no place called 'Moskow'", suggestions=["Moscow"])
    assert str(err).endswith("(did you mean: Moscow?)")
    with pytest.raises(LookupError):
        raise err
