"""Story files: what a reporter writes, and the errors they get back."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from legmap._i18n import LANGS
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
        (('mode = "train"', 'mode = "flight"\nclaim = "9 km"'), "journeys[0].legs[0].claim",
         "only meaningful on a leg with mode"),
        (('title = "Trip"', 'title = {en = "Trip", xx = "Voyage"}'), "title",
         "unknown language 'xx'"),
        (('id = "j"', 'id = "J J"'), "journeys[0].id", "'J J' is not an id"),
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
    text = MINIMAL + '[places.x]\nname = "X"\nlat = 91\nlon = 120\n'
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


# --- every problem at once, each at its spot (issue 10, item 7) ---------------

MANY_PROBLEMS = """
title = "t"
[places.x]
name = 5
lat = true
lon = nan
country = "ru"
[[journeys]]
id = "J"
[[journeys.legs]]
from = "A"
to = "B"
mode = "plane"
claim = true
label = {en = "x", xx = "y"}
source = {en = "x", ar = "y"}
[[journeys.legs]]
from = "A"
to = "B"
mode = "train"
via = ["Khasan", 3]
[[journeys]]
id = "j2"
legs = []
"""


def test_every_problem_is_reported_at_its_spot() -> None:
    with pytest.raises(StoryError) as info:
        parse_story(MANY_PROBLEMS, file="s.toml")
    lines = [str(p) for p in info.value.problems]
    assert lines == [
        "s.toml: places.x.name: expected text: a string, or a table of translations like "
        '{ en = "...", ar = "..." }; got a number',
        "s.toml: places.x.lat: expected a number, got true/false",
        "s.toml: places.x.lon: expected a finite number",
        "s.toml: places.x.country: 'ru' is not a country code: use two capital letters "
        "(ISO 3166-1 alpha-2) like 'RU'",
        "s.toml: journeys[0].id: 'J' is not an id: use lowercase letters, digits, '-' and '_'",
        "s.toml: journeys[0].legs[0].mode: 'plane' is not one of 'train', 'flight', "
        "'distance', 'road', 'sea' or 'unknown'",
        "s.toml: journeys[0].legs[0].label: unknown language 'xx' (use one of: "
        f"{', '.join(LANGS)})",
        "s.toml: journeys[0].legs[0].source: a source is the words of the source or a URL, in "
        "one string; translate the label instead (translations are for title, who and label)",
        "s.toml: journeys[0].legs[0].claim: a claim is a distance like '950 mi' or '1,600 km', "
        "not true/false",
        "s.toml: journeys[0].legs[1].via[1]: expected text, got a number",
        "s.toml: journeys[1].legs: a journey needs at least one leg",
    ]
    # str() of the error itself stays one line and says how many more there are.
    assert str(info.value) == lines[0] + " (and 10 more problems)"


def test_problems_are_capped() -> None:
    legs = "".join(f'[[journeys.legs]]\nfrom = "A"\nto = "B"\nmode = "m{i}"\n' for i in range(30))
    text = 'title = "t"\n[[journeys]]\nid = "j"\n' + legs
    with pytest.raises(StoryError) as info:
        parse_story(text, file="s.toml")
    problems = info.value.problems
    assert len(problems) == 21
    assert problems[19].spot == "journeys[0].legs[19].mode"
    assert str(problems[20]) == "s.toml: 10 more problems not shown (fix these first)"


@pytest.mark.parametrize(
    ("edit", "spot", "words"),
    [
        (('mode = "train"', 'mode = "flight"\nvia = ["Khasan"]'), "journeys[0].legs[0].via",
         "'via' is only used by train legs"),
        (('to = "Vladivostok"', 'to = " pyongyang "'), "journeys[0].legs[0].to",
         "'from' and 'to' are both ' pyongyang '"),
        (('[[journeys]]', '[[journeys]]\nid = "j"\nlegs = [{from = "A", to = "B"}]\n[[journeys]]'),
         "journeys[1].id", "journey id 'j' is already used by journeys[0]"),
        (('mode = "train"', 'mode = "train"\nsource = {en = "quote"}'),
         "journeys[0].legs[0].source", "a source is the words of the source or a URL"),
        (('mode = "train"', 'mode = "train"\ndate = 2023-09-10T10:00:00'),
         "journeys[0].legs[0].date", 'expected a date like "2023-09-10"'),
        (('mode = "train"', 'mode = "train"\nlabel = 5'), "journeys[0].legs[0].label",
         "expected text: a string, or a table of translations"),
        (('mode = "train"', 'mode = "train"\nlabel = "a\\u001b[31mb"'), "journeys[0].legs[0].label",
         r"text holds a control character ('\x1b')"),
    ],
)  # fmt: skip
def test_more_spots(edit: tuple[str, str], spot: str, words: str) -> None:
    with pytest.raises(StoryError) as info:
        parse_story(MINIMAL.replace(*edit, 1), file="trip.toml")
    assert info.value.spot == spot
    assert words in info.value.message
    assert "\n" not in str(info.value)
    assert "\x1b" not in str(info.value)


def test_translations_accepted_where_text_is() -> None:
    story = parse_story(
        MINIMAL.replace('mode = "train"', 'mode = "train"\nlabel = {en = "By train", ar = "قطار"}')
    )
    assert story.journeys[0].legs[0].label == {"en": "By train", "ar": "قطار"}


def test_toml_date_is_read_as_a_date() -> None:
    story = parse_story(MINIMAL.replace('mode = "train"', 'mode = "train"\ndate = 2023-09-10'))
    assert story.journeys[0].legs[0].date == "2023-09-10"


def test_newlines_and_tabs_stay_in_text() -> None:
    story = parse_story(MINIMAL.replace('mode = "train"', 'mode = "train"\nlabel = "a\\nb\\tc"'))
    assert story.journeys[0].legs[0].label == {"": "a\nb\tc"}


# --- claims: finite, positive, typed ---------------------------------------------


@pytest.mark.parametrize(
    ("claim", "words"),
    [
        ("inf", "finite number"),
        ("-inf", "finite number"),
        ("nan", "finite number"),
        ("1e400", "finite number"),  # TOML reads it as infinity
        ('"1e400 km"', "is not a distance"),
        ("true", "not true/false"),
        ("[1]", "not an array"),
        ("{km = 1}", "not a table"),
        ("0", "must be positive"),
        ("-5", "must be positive"),
        ('"0 km"', "must be positive"),
        ('"200,000 km"', "no distance on Earth"),
        ("2023-09-10", "not a date"),
    ],
)
def test_bad_claims_are_refused(claim: str, words: str) -> None:
    text = MINIMAL.replace('mode = "train"', f'mode = "distance"\nclaim = {claim}')
    with pytest.raises(StoryError) as info:
        parse_story(text, file="s.toml")
    assert info.value.spot == "journeys[0].legs[0].claim"
    assert words in info.value.message
    assert not info.value.others  # one problem, one line: not one per type pydantic tried


@pytest.mark.parametrize("claim", ["12", "0.5", '"950 mi"', '"99,999 km"'])
def test_good_claims_are_kept_as_written(claim: str) -> None:
    text = MINIMAL.replace('mode = "train"', f'mode = "distance"\nclaim = {claim}')
    leg = parse_story(text).journeys[0].legs[0]
    assert parse_claim_km(leg.claim) > 0  # type: ignore[arg-type]


# --- what a file can be ------------------------------------------------------------


def test_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.toml"
    path.write_bytes(b"\xef\xbb\xbf" + MINIMAL.encode())
    assert load_story(path).title == {"": "Trip"}


def test_deep_nesting_is_one_error() -> None:
    text = 'title = "t"\nx = ' + "[" * 1000 + "]" * 1000 + "\n"
    with pytest.raises(StoryError, match="nests arrays or tables too deeply"):
        parse_story(text, file="deep.toml")


def test_deep_nesting_that_parses_is_still_refused_plainly() -> None:
    text = MINIMAL.replace('mode = "train"', 'mode = "train"\nvia = ' + "[" * 200 + "]" * 200)
    with pytest.raises(StoryError) as info:
        parse_story(text, file="deep.toml")
    assert info.value.spot == "journeys[0].legs[0].via[0]"


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/null"])
def test_devices_are_refused(device: str) -> None:
    if not Path(device).exists():
        pytest.skip(f"no {device}")
    with pytest.raises(StoryError, match="not a regular file"):
        load_story(device)


def test_fifo_is_refused_without_waiting(tmp_path: Path) -> None:
    fifo = tmp_path / "story.toml"
    os.mkfifo(fifo)  # nobody writes: opening it to read would wait forever
    with pytest.raises(StoryError, match="not a regular file"):
        load_story(fifo)


def test_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(StoryError, match="folder, not a story file"):
        load_story(tmp_path)


def test_huge_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "big.toml"
    with path.open("wb") as fh:
        fh.write(MINIMAL.encode())
        fh.truncate(6 * 1024 * 1024)  # sparse: 6 MB of NUL bytes
    with pytest.raises(StoryError, match="larger than 5 MB"):
        load_story(path)


def test_not_utf8_is_one_error(tmp_path: Path) -> None:
    path = tmp_path / "latin1.toml"
    path.write_bytes('title = "Przemyśl"\n'.encode("cp1250"))
    with pytest.raises(StoryError, match=r"not UTF-8 text \(byte 0x9c at offset 15\)"):
        load_story(path)


def test_embed_suffix_is_refused(tmp_path: Path) -> None:
    # x.embed.toml would build x.embed.html: the embed snippet of x.toml.
    path = tmp_path / "x.embed.toml"
    path.write_text(MINIMAL, encoding="utf-8")
    with pytest.raises(StoryError, match=r"would overwrite x\.embed\.html, the embed snippet"):
        load_story(path)


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('strict = "yes"', "strict: expected true or false, got 'yes'"),
        ("strict = 1", "strict: expected true or false, got a number"),
        ('embedded_rail = "false"', "embedded_rail: expected true or false, got 'false'"),
    ],
)
def test_switches_are_true_or_false_only(line: str, message: str) -> None:
    # "yes" or 1 read as true would flip a newsroom's --strict check silently.
    with pytest.raises(StoryError) as err:
        parse_story(line + "\n" + MINIMAL, file="s.toml")
    assert str(err.value) == f"s.toml: {message}"
    assert parse_story("strict = true\n" + MINIMAL).strict is True
