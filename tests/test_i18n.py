"""Interface strings and CLDR formats: complete, and as each language writes them."""

from __future__ import annotations

import re
from typing import get_args

import pytest

from legmap import _i18n
from legmap._i18n import (
    LANGS,
    format_date,
    format_distance,
    format_km,
    format_number,
    t,
)
from legmap._i18n_langs import MORE_LANGS
from legmap.story import Lang

NBSP = "[\u00a0\u202f ]"  # CLDR groups with a no-break or narrow no-break space


def test_first_four_languages_are_complete() -> None:
    for key, entry in _i18n._STRINGS.items():
        for lang in ("en", "ar", "ru", "ko"):
            assert entry.get(lang), (key, lang)


@pytest.mark.parametrize("lang", sorted(MORE_LANGS))
def test_added_languages_translate_every_key(lang: str) -> None:
    table = MORE_LANGS[lang]
    assert set(table) <= set(_i18n._STRINGS), "a key that no longer exists"
    missing = set(_i18n._STRINGS) - set(table)
    # Keys added since the table was written fall back to English; the legend and
    # popup vocabulary never may.
    assert not {k for k in missing if k.split(".")[0] in {"mode", "certainty", "field"}}
    assert {"zh", "uk", "fr", "es"} <= set(LANGS)
    assert t("legend", lang) == table["legend"] != t("legend", "en")


def test_placeholders_survive_translation() -> None:
    for lang, table in MORE_LANGS.items():
        for key, text in table.items():
            want = set(re.findall(r"\{(\w+)\}", _i18n._STRINGS[key]["en"]))
            assert set(re.findall(r"\{(\w+)\}", text)) == want, (lang, key)


@pytest.mark.parametrize(
    ("km", "units", "lang", "pattern"),
    [
        (1201.3, "km", "en", "1,201 km"),
        (1201.3, "km", "ar", "1,201 كم"),
        (1201.3, "km", "ru", f"1{NBSP}201 км"),
        (1201.3, "km", "ko", "1,201km"),
        (1201.3, "km", "uk", f"1{NBSP}201 км"),
        (1201.3, "km", "fr", f"1{NBSP}201{NBSP}km"),
        (1201.3, "km", "es", "1.201 km"),
        (1201.3, "km", "zh", "1,201公里"),
        (21 * 1.609344, "mi", "ru", "21 миля"),
        (5 * 1.609344, "mi", "ru", "5 миль"),
        (1 * 1.609344, "mi", "en", "1 mile"),
        (950 * 1.609344, "mi", "ar", "950 ميلاً"),  # as the seed article writes it
        (11 * 1.609344, "mi", "ar", "11 ميلاً"),
    ],
)
def test_distances_follow_cldr(km: float, units: str, lang: str, pattern: str) -> None:
    assert re.fullmatch(pattern, format_km(km, units=units, lang=lang))


def test_russian_never_prints_a_comma_grouped_number() -> None:
    # "1,201 км" reads as 1.201 km to a Russian reader.
    assert "," not in format_km(1201, lang="ru")
    assert "," not in format_number(9288, lang="ru")
    assert format_distance(0.4, lang="ru") == "0 км"


@pytest.mark.parametrize(
    ("date", "lang", "expected"),
    [
        ("2023-09", "en", "September 2023"),
        ("2023-09", "ko", "2023년 9월"),
        ("2023-09", "ar", "سبتمبر 2023"),
        ("2023-09", "zh", "2023年9月"),
        ("2023-09-10", "en", "September 10, 2023"),
        ("2023", "ru", "2023"),
        ("sometime", "en", "sometime"),
        ("2023-02-30", "en", "2023-02-30"),
        (None, "en", ""),
    ],
)
def test_dates_in_the_map_language(date: str | None, lang: str, expected: str) -> None:
    assert format_date(date, lang=lang) == expected


def test_russian_month_is_a_word_and_intervals_keep_both_ends() -> None:
    assert format_date("2023-09", lang="ru").startswith("сентябрь 2023")
    text = format_date("2023-09-10/2023-09-13", lang="ru")
    assert "10" in text
    assert "13" in text
    assert "сент" in text
    assert "2023-09" not in text


def test_story_languages_are_the_interface_languages() -> None:
    assert get_args(Lang) == LANGS
