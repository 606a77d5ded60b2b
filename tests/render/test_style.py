"""The shared symbol language and interface strings."""

from __future__ import annotations

import pytest

from legmap import _i18n
from legmap.render import style
from legmap.story import CERTAINTIES, MODES, PLACE_KINDS


def test_every_mode_and_certainty_has_a_style_and_a_name() -> None:
    assert set(style.MODES) == set(MODES)
    assert set(style.CERTAINTIES) == set(CERTAINTIES)
    for mode in MODES:
        assert mode in style.MODE_STYLES
        for lang in _i18n.LANGS:
            assert _i18n.t(f"mode.{mode}", lang)
    for kind in PLACE_KINDS:
        assert kind in style.PLACE_KIND_STYLES


def test_every_string_exists_in_the_first_four_languages() -> None:
    # The later languages are one table each (legmap._i18n_langs, tests/test_i18n.py).
    for key, entry in _i18n._STRINGS.items():
        assert set(entry) == {"en", "ar", "ru", "ko"}, key


def test_certainty_is_visible() -> None:
    confirmed = style.leg_style("train", "confirmed")
    possible = style.leg_style("train", "possible")
    assert confirmed.dash is None
    assert possible.dash is not None
    assert possible.opacity < style.leg_style("train", "expected").opacity < confirmed.opacity
    # A flight keeps its own dash whatever its certainty: it stays recognisable.
    assert style.leg_style("flight", "possible").dash == style.MODE_STYLES["flight"].dash


@pytest.mark.parametrize(
    ("km", "units", "lang", "text"),
    [
        (1011.5, "km", "en", "1,012 km"),
        (1011.5, "mi", "en", "629 miles"),  # CLDR long form: plurals matter for miles
        (9289, "km", "ar", "9,289 كم"),
    ],
)
def test_format_km(km: float, units: str, lang: str, text: str) -> None:
    assert _i18n.format_km(km, units=units, lang=lang) == text
