"""Framing (issue 12.1): the main frame holds a story's dense part, the inset the rest.

``legmap.render._framing`` is shared by the static and the HTML map; these
tests pin what it decides on the seed story, a Kyiv story (flights from the
US, trains in Poland-Ukraine) and stories with nothing to crop, and how an
editor's ``[map]`` table and the CLI's options take over.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from _built_fixture import make_built
from _static_fixture import make_local_built
from legmap.config import RenderOptions
from legmap.errors import RenderError, StoryError
from legmap.legs.build import build_story
from legmap.render._framing import Framing, choose_frame, frame_for, map_area
from legmap.story import MapSpec, load_story, parse_story

ROOT = Path(__file__).resolve().parents[2]
KYIV = ROOT / "geo" / "stories" / "biden-kyiv-2023.toml"


def inside(bbox: tuple[float, float, float, float], lon: float, lat: float) -> bool:
    return bbox[0] <= lon <= bbox[2] and bbox[1] <= lat <= bbox[3]


@pytest.fixture(scope="module")
def kyiv_built(gazetteer):
    return build_story(load_story(KYIV), gazetteer=gazetteer)


def test_seed_frames_korea_to_the_amur_and_puts_moscow_in_the_inset(seed_built) -> None:
    framing = choose_frame(seed_built)
    assert framing.how == "dense"
    assert framing.inset
    main, whole = framing.main_bbox, framing.whole_bbox
    # Pyongyang, Khasan, Vladivostok, its airport and venues, the Vostochny cosmodrome
    for lon, lat in ((125.75, 39.03), (130.65, 42.43), (131.87, 43.11), (128.33, 51.88)):
        assert inside(main, lon, lat)
    assert not inside(main, 37.62, 55.75)  # Moscow
    assert inside(whole, 37.62, 55.75)
    assert 0.7 < framing.share < 0.9  # the Moscow legs and Moscow itself are left out
    assert framing.cropped


def test_fixture_story_frames_the_same_part(seed_built) -> None:
    a, b = choose_frame(make_built("en")), choose_frame(seed_built)
    assert a.inset
    assert b.inset
    assert a.main_bbox == pytest.approx(b.main_bbox, abs=0.05)


def test_kyiv_story_frames_poland_and_ukraine(kyiv_built) -> None:
    framing = choose_frame(kyiv_built)
    assert framing.how == "dense"
    assert framing.inset
    minlon, minlat, maxlon, maxlat = framing.main_bbox
    # Warsaw (21.0 E) to Kyiv (30.5 E): neither Ramstein (7.6 E) nor Washington.
    assert 20.5 < minlon < 21.1
    assert 30.4 < maxlon < 31.0
    assert minlat > 48.5
    assert maxlat < 52.5
    assert inside(framing.whole_bbox, -76.86, 38.82)  # Joint Base Andrews


def test_a_compact_story_is_shown_whole_without_inset() -> None:
    framing = choose_frame(make_local_built("en"))  # Vladivostok only
    assert framing == Framing(framing.whole_bbox, framing.whole_bbox, False, "story", 1.0)
    assert not framing.cropped


def test_two_far_places_are_both_the_story() -> None:
    built = build_story(parse_story(
        'title = "Meetings"\n[[events]]\nplace = "Moscow"\nlabel = "Talks"\n'
        '[[events]]\nplace = "Vladivostok"\nlabel = "Forum"\n'))  # fmt: skip
    framing = choose_frame(built)
    assert framing.how == "story"  # never half of a story in the main frame
    assert not framing.inset


def test_a_story_across_the_antimeridian_is_framed_in_its_frame(gazetteer) -> None:
    built = build_story(load_story(ROOT / "geo" / "stories" / "alaska-summit-2025.toml"),
                        gazetteer=gazetteer)  # fmt: skip
    framing = choose_frame(built)
    assert not framing.inset  # three far places, none dense
    assert framing.whole_bbox[2] > 180.0  # Washington at 283 E: one continuous frame


def test_framing_is_deterministic(seed_built) -> None:
    assert choose_frame(seed_built) == choose_frame(seed_built)


def test_focus_on_a_journey_holds_its_legs_places_and_events() -> None:
    built = make_built("en")
    framing = choose_frame(built, focus=["shoigu"])  # Moscow -> Pyongyang
    assert framing.how == "focus"
    assert inside(framing.main_bbox, 37.62, 55.75)
    assert inside(framing.main_bbox, 125.754, 39.034)
    assert not framing.inset  # the rest is inside that frame already


def test_focus_on_places_by_id_or_name_leaves_the_rest_to_the_inset() -> None:
    built = make_built("en")
    by_id = choose_frame(built, focus=["vladivostok", "vostochny-cosmodrome"])
    by_name = choose_frame(built, focus=["VLADIVOSTOK", "Vostochny Cosmodrome"])
    assert by_id.main_bbox == by_name.main_bbox
    # Vostochny to Vladivostok, and the legs between them
    assert by_id.main_bbox == pytest.approx((128.3334, 43.1056, 131.8735, 51.8844), abs=1e-3)
    assert by_id.inset  # Moscow and Pyongyang are outside


def test_focus_by_the_name_the_story_file_writes(kyiv_built) -> None:
    # The story writes "EPRZ"; the built place is icao:EPRZ, named Rzeszow-Jasionka Airport.
    framing = choose_frame(kyiv_built, focus=["EPRZ", "Kyiv"])
    assert inside(framing.main_bbox, 22.02, 50.11)
    assert inside(framing.main_bbox, 30.52, 50.45)
    assert not inside(framing.main_bbox, 21.01, 52.23)  # Warsaw left out


def test_focus_box_and_inset_none() -> None:
    framing = choose_frame(make_built("en"), focus=(125.0, 38.0, 133.0, 44.0), inset="none")
    assert framing.main_bbox == (125.0, 38.0, 133.0, 44.0)
    assert framing.how == "box"
    assert not framing.inset
    assert choose_frame(make_built("en"), focus=(125.0, 38.0, 133.0, 44.0)).inset


@pytest.mark.parametrize(
    ("focus", "inset", "match"),
    [
        (["atlantis"], "auto", "no journey or place of the story"),
        ((38.0, 125.0, 44.0, 133.0), "auto", "swapped|beyond 90"),
        ((133.0, 38.0, 125.0, 44.0), "auto", "min < max"),
        (None, "sometimes", "inset is one of auto, none"),
    ],
)
def test_bad_focus_or_inset_is_a_render_error(focus, inset, match) -> None:
    with pytest.raises(RenderError, match=match):
        choose_frame(make_built("en"), focus=focus, inset=inset)


def test_options_win_over_the_story_map_table(seed_built) -> None:
    story = seed_built.story.model_copy(update={"map": MapSpec(focus=("shoigu",), inset="none")})
    built = replace(seed_built, story=story)
    from_story = frame_for(built)  # the story's [map]: Moscow - Pyongyang, no inset
    assert from_story.how == "focus"
    assert not from_story.inset
    assert inside(from_story.main_bbox, 37.62, 55.75)
    from_options = frame_for(built, RenderOptions(focus=("claim-check",), inset="auto"))
    assert from_options.how == "focus"
    assert from_options.inset
    assert not inside(from_options.main_bbox, 37.62, 55.75)
    assert frame_for(seed_built).how == "dense"  # no [map]: the dense part


def test_story_map_table_is_validated_with_spots() -> None:
    base = (
        'title = "T"\n[[journeys]]\nid = "j"\n[[journeys.legs]]\n'
        'from = "Pyongyang"\nto = "Vladivostok"\nmode = "train"\n'
    )
    story = parse_story(base + '[map]\nfocus = ["j", "vladivostok"]\ninset = "none"\n')
    assert story.map.focus == ("j", "vladivostok")
    assert story.map.inset == "none"
    assert parse_story(base + "[map]\nfocus = [125, 38, 133, 44]\n").map.focus == (
        125.0, 38.0, 133.0, 44.0)  # fmt: skip
    assert parse_story(base).map.focus is None
    for table, spot, words in (
        ('focus = ["Pyongang"]', "map.focus[0]", "no journey id or place"),
        ("focus = [38, 125, 44, 133]", "map.focus", "(lat, lon) given"),
        ('focus = [125, "a", 1, 2]', "map.focus", "four numbers"),
        ('inset = "yes"', "map.inset", "auto"),
        ("zoom = 4", "map.zoom", "unknown field"),
    ):
        with pytest.raises(StoryError) as err:
            parse_story(base + f"[map]\n{table}\n", file="s.toml")
        assert f"s.toml: {spot}: " in str(err.value), str(err.value)
        assert words in str(err.value)


def test_map_area_counts_margins_and_a_maps_shape() -> None:
    assert map_area(1000, 1000) == pytest.approx(1200 * 1200)
    assert map_area(1000, 0) == map_area(1000, 100)  # a line still needs a map's height
    assert map_area(100, 1000) == pytest.approx(800 * 1200)  # at most 1.5 times taller than wide
