"""Story files: what a reporter writes, and the errors they get back."""

from __future__ import annotations

from pathlib import Path

import pytest

from legmap.errors import StoryError
from legmap.story import load_story, parse_claim_km, parse_story, text_in

MINIMAL = """
title = "Trip"
[[journeys]]
id = "j"
[[journeys.legs]]
from = "Pyongyang"
to = "Vladivostok"
mode = "train"
"""

ISSUE_EXAMPLE = """
title = "Kim Jong-un's expected visit to Russia"
lang = "ar"
units = "km"

[places.pier-33]
name = { en = "Pier 33", ar = "الرصيف 33" }
lat = 43.11
lon = 131.89
kind = "port"

[[journeys]]
id = "kim-visit"
title = { en = "Kim's expected trip", ar = "رحلة كيم المتوقعة" }
certainty = "expected"

[[journeys.legs]]
from = "Pyongyang"
to = "Vladivostok"
mode = "train"
via = ["Khasan"]
date = "2023-09"
label = "By armoured train"
source = "quote or URL"

[[journeys.legs]]
from = "Vladivostok"
to = "Vostochny"
mode = "distance"
claim = "950 mi"

[[events]]
place = "fefu"
date = "2023-09-10/2023-09-13"
label = { en = "Eastern Economic Forum", ar = "المنتدى الاقتصادي الشرقي" }
certainty = "expected"
"""


def test_issue_example_is_accepted() -> None:
    story = parse_story(ISSUE_EXAMPLE)
    assert story.lang == "ar"
    assert story.places["pier-33"].name == {"en": "Pier 33", "ar": "الرصيف 33"}
    journey = story.journeys[0]
    train, distance = journey.legs
    assert (train.from_, train.to, train.via, train.date) == (
        "Pyongyang",
        "Vladivostok",
        ("Khasan",),
        "2023-09",
    )
    assert story.leg_certainty(journey, train) == "expected"  # inherited from the journey
    assert distance.claim == "950 mi"
    assert story.text(journey.title) == "رحلة كيم المتوقعة"
    assert story.text(train.label) == "By armoured train"  # plain string serves every language
    assert story.events[0].date == "2023-09-10/2023-09-13"


def test_leg_certainty_overrides_journey() -> None:
    story = parse_story(MINIMAL.replace('mode = "train"', 'mode = "train"\ncertainty = "possible"'))
    journey = story.journeys[0]
    assert story.leg_certainty(journey, journey.legs[0]) == "possible"


def test_seed_story_is_valid() -> None:
    story = load_story(Path(__file__).parents[1] / "geo/stories/kim-putin-2023.toml")
    assert story.lang == "ar"
    assert [j.id for j in story.journeys] == ["kim-visit", "delegation", "shoigu", "claim-check"]
    claims = [leg.claim for j in story.journeys for leg in j.legs if leg.claim]
    assert claims == ["950 mi"]


@pytest.mark.parametrize(
    ("edit", "spot", "words"),
    [
        (('mode = "train"', 'mode = "plane"'), "journeys[0].legs[0].mode", "'plane' is not one of"),
        (('to = "Vladivostok"\n', ""), "journeys[0].legs[0].to", "missing required field 'to'"),
        (('mode = "train"', 'mode = "train"\ndate = "2023-13"'), "journeys[0].legs[0].date",
         "'2023-13' is not a real date"),
        (('mode = "train"', 'mode = "train"\ndate = "2023-09-13/2023-09-10"'),
         "journeys[0].legs[0].date", "ends before it starts"),
        (('mode = "train"', 'mode = "train"\nspeed = 3'), "journeys[0].legs[0].speed",
         "unknown field 'speed'"),
        (('mode = "train"', 'mode = "distance"\nclaim = "far"'), "journeys[0].legs[0].claim",
         "not a distance"),
        (('mode = "train"', 'mode = "flight"\nclaim = "9 km"'), "journeys[0].legs[0]",
         "only meaningful on a leg with mode"),
        (('title = "Trip"', 'title = {en = "Trip", fr = "Voyage"}'), "title",
         "unknown language 'fr'"),
        (('id = "j"', 'id = "J J"'), "journeys[0].id", "should match pattern"),
    ],
)  # fmt: skip
def test_invalid_story_names_the_spot(edit: tuple[str, str], spot: str, words: str) -> None:
    with pytest.raises(StoryError) as info:
        parse_story(MINIMAL.replace(*edit), file="trip.toml")
    err = info.value
    assert err.spot == spot
    assert words in err.message
    assert str(err).startswith(f"trip.toml: {spot}: ")
    assert "\n" not in str(err)


def test_place_coordinates_are_checked() -> None:
    text = MINIMAL + '[places.x]\nname = "X"\nlat = 91\nlon = 0\n'
    with pytest.raises(StoryError, match=r"places\.x\.lat: Input should be less than or equal"):
        parse_story(text, file="s.toml")


def test_syntax_error_names_the_line() -> None:
    text = 'title = "Trip"\n[[journeys]]\nid = "j"\nfrom = \n'
    with pytest.raises(StoryError) as info:
        parse_story(text, file="trip.toml")
    assert info.value.line == 4
    assert str(info.value).startswith("trip.toml:4: TOML syntax error")


def test_empty_story_is_refused() -> None:
    with pytest.raises(StoryError, match="at least one"):
        parse_story('title = "Nothing"\n')


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(StoryError, match="story file not found"):
        load_story(tmp_path / "nope.toml")


def test_rail_path_is_relative_to_the_story(tmp_path: Path) -> None:
    path = tmp_path / "s.toml"
    path.write_text('rail = "nets/korea.parquet"\n' + MINIMAL, encoding="utf-8")
    assert load_story(path).rail_path() == tmp_path / "nets/korea.parquet"


@pytest.mark.parametrize(
    ("claim", "km"),
    [("950 mi", 950 * 1.609344), ("1,600 km", 1600.0), ("950 miles", 950 * 1.609344),
     ("12.5", 12.5), (7, 7.0)],
)  # fmt: skip
def test_parse_claim(claim: str | float, km: float) -> None:
    assert parse_claim_km(claim) == pytest.approx(km)


def test_text_in_fallbacks() -> None:
    assert text_in({"en": "Moscow", "ru": "Москва"}, "ru") == "Москва"
    assert text_in({"en": "Moscow", "ru": "Москва"}, "ko") == "Moscow"
    assert text_in({"ar": "موسكو"}, "en") == "موسكو"
