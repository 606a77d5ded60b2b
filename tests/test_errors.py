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


def test_problems_and_their_count() -> None:
    err = errors.gather(
        [errors.StoryError("a", spot="x"), errors.PlaceNotFoundError("b", suggestions=["c"])]
    ).located(file="s.toml")
    assert [str(p) for p in err.problems] == ["s.toml: x: a", "s.toml: b (did you mean: c?)"]
    assert str(err) == "s.toml: x: a (and 1 more problem)"
    assert isinstance(err, errors.StoryError)  # the first problem's class, for `except`


def test_one_line_escapes_what_drives_a_terminal() -> None:
    hostile = "ok\n\x1b[2J\x1b[31mlegmap: error: forged\r\u202eevil\x00\x9b"
    line = errors.one_line(hostile)
    assert all(c.isprintable() for c in line)
    assert line == ("ok\\n\\x1b[2J\\x1b[31mlegmap: error: forged\\r\\u202eevil\\x00\\x9b")
    assert errors.one_line("Пхеньян · 평양 · بيونغ يانغ") == "Пхеньян · 평양 · بيونغ يانغ"
    assert len(errors.one_line("x" * 10_000)) == 2000


def test_quote_cuts_foreign_text() -> None:
    page = "<html>" + "\x1b[31m" * 10_000_000
    shown = errors.quote(page, limit=20)
    assert len(shown) < 120
    assert shown.endswith("(50,000,006 characters)")
    assert "\x1b" not in shown
