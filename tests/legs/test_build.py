"""Legs to geometry: what a fact-checker relies on."""

from __future__ import annotations

import math

import numpy as np
import pytest
import shapely

from legmap._geodesic import distance_km
from legmap.errors import NoRailConnectionError, PlaceNotFoundError, RouteError
from legmap.legs._validate import LEG_COLUMNS, validate_legs
from legmap.legs.build import BuiltStory, build_story
from legmap.legs.builders import claim_verdict
from legmap.story import parse_story

KM_PER_MI = 1.609344


def _leg(built: BuiltStory, journey: str, seq: int) -> dict:
    legs = built.legs
    return legs[(legs["journey"] == journey) & (legs["seq"] == seq)].iloc[0].to_dict()


def _min_distance_km(line: shapely.LineString, lon: float, lat: float) -> float:
    coords = shapely.get_coordinates(line)
    return float(distance_km(coords[:, 0], coords[:, 1], lon, lat).min())


def test_seed_legs_table(seed_built: BuiltStory) -> None:
    legs = seed_built.legs
    assert tuple(legs.columns) == LEG_COLUMNS
    assert legs.crs.to_epsg() == 4326
    assert len(legs) == 7
    assert legs["journey"].tolist() == ["kim-visit"] * 3 + ["delegation"] * 2 + [
        "shoigu",
        "claim-check",
    ]
    assert legs["certainty"].tolist() == [
        "expected", "possible", "possible", "confirmed", "confirmed", "confirmed", "confirmed",
    ]  # fmt: skip
    assert seed_built.lang == "ar"
    assert seed_built.title == "زيارة كيم جونغ أون المنتظرة إلى روسيا"
    assert _leg(seed_built, "kim-visit", 0)["from_name"] == "بيونغ يانغ"


def test_train_leg_follows_the_rail_through_khasan(seed_built: BuiltStory, gazetteer) -> None:
    leg = _leg(seed_built, "kim-visit", 0)
    assert leg["routed"]
    line = leg["geometry"]
    khasan = gazetteer.get("khasan")
    assert _min_distance_km(line, khasan.lon, khasan.lat) < 20
    pyongyang, vladivostok = gazetteer.get("pyongyang"), gazetteer.get("vladivostok")
    straight = float(distance_km(*pyongyang.lonlat, *vladivostok.lonlat))
    assert leg["length_km"] > 1.3 * straight  # never the straight segment
    assert len(line.coords) > 20
    # The popup shows published kilometrage; the drawn line, through stations and
    # waypoints on the track, cuts the bends between them, so it is a little shorter.
    assert 0.7 * leg["rail_km"] < leg["length_km"] < 1.02 * leg["rail_km"]


def test_flight_is_a_great_circle(seed_built: BuiltStory) -> None:
    leg = _leg(seed_built, "delegation", 1)
    assert (leg["from_id"], leg["to_id"], leg["mode"]) == (
        "vladivostok-airport",
        "moscow",
        "flight",
    )
    assert not leg["routed"]
    # Great Circle Mapper gives 6,434 km city to city; from VVO it is a few km less.
    assert leg["length_km"] == pytest.approx(6434, rel=0.005)
    lats = np.array(leg["geometry"].coords)[:, 1]
    assert lats.max() > max(lats[0], lats[-1]) + 2  # bulges north of both ends


def test_distance_claim_verdict(seed_built: BuiltStory) -> None:
    leg = _leg(seed_built, "claim-check", 0)
    assert leg["straight_km"] == pytest.approx(1011, rel=0.01)
    assert leg["straight_km"] / KM_PER_MI == pytest.approx(628, rel=0.01)
    assert leg["claim_km"] == pytest.approx(950 * KM_PER_MI)
    assert leg["rail_km"] == pytest.approx(1600, rel=0.05)
    assert leg["verdict"] == "rail"
    assert "يطابق المسافة بالسكك الحديدية" in leg["verdict_text"]


def test_unknown_mode_is_a_flagged_geodesic(seed_built: BuiltStory) -> None:
    leg = _leg(seed_built, "kim-visit", 1)
    assert leg["mode"] == "unknown"
    assert not leg["routed"]
    assert leg["length_km"] == pytest.approx(6434, rel=0.005)


def test_places_and_events(seed_built: BuiltStory) -> None:
    places = seed_built.places.set_index("id")
    for pid in ("pyongyang", "vladivostok", "moscow", "vostochny-cosmodrome", "khasan", "fefu",
                "pier-33"):  # fmt: skip
        assert pid in places.index
    assert places.loc["khasan", "role"] == "via"
    assert places.loc["pyongyang", "role"] == "endpoint"
    events = seed_built.events
    assert events["place_id"].tolist() == [
        "fefu", "pier-33", "vostochny-cosmodrome", "vostochny-cosmodrome",
    ]  # fmt: skip
    assert events.iloc[0]["date"] == "2023-09-10/2023-09-13"


def _story(legs: str, places: str = "") -> str:
    return f'title = "t"\n{places}\n[[journeys]]\nid = "j"\n{legs}'


def test_flight_across_the_antimeridian_has_no_jump(gazetteer) -> None:
    text = _story(
        '[[journeys.legs]]\nfrom = "a"\nto = "b"\nmode = "flight"\n',
        '[places.a]\nname = "Petropavlovsk"\nlat = 53.0\nlon = 158.65\n'
        '[places.b]\nname = "Anchorage"\nlat = 61.2\nlon = -149.9\n',
    )
    built = build_story(parse_story(text), gazetteer=gazetteer)
    coords = np.array(built.legs.geometry.iloc[0].coords)
    assert np.abs(np.diff(coords[:, 0])).max() < 180
    assert coords[-1, 0] == pytest.approx(-149.9 + 360)  # unwrapped, not split


def test_unknown_place_names_the_spot(gazetteer) -> None:
    text = _story('[[journeys.legs]]\nfrom = "Pyongyang"\nto = "Vladivostk"\nmode = "train"\n')
    with pytest.raises(PlaceNotFoundError) as info:
        build_story(parse_story(text, file="t.toml", path=None), gazetteer=gazetteer)
    assert info.value.spot == "journeys[0].legs[0].to"
    assert "Vladivostok" in info.value.suggestions


def test_impossible_train_names_the_leg(gazetteer) -> None:
    # Honolulu has no railway: the leg cannot be routed, and legmap says where.
    text = _story(
        '[[journeys.legs]]\nfrom = "Vladivostok"\nto = "x"\nmode = "train"\n',
        '[places.x]\nname = "Honolulu"\nlat = 21.3\nlon = -157.86\n',
    )
    with pytest.raises(NoRailConnectionError) as info:
        build_story(parse_story(text), gazetteer=gazetteer)
    assert info.value.spot == "journeys[0].legs[0]"


def test_story_places_override_the_gazetteer(gazetteer) -> None:
    text = _story(
        '[[journeys.legs]]\nfrom = "pyongyang"\nto = "moscow"\nmode = "road"\n',
        '[places.moscow]\nname = { en = "Moscow (Idaho)" }\nlat = 46.73\nlon = -117.0\n'
        'country = "US"\n',
    )
    built = build_story(parse_story(text), gazetteer=gazetteer)
    leg = built.legs.iloc[0]
    assert leg["to_name"] == "Moscow (Idaho)"
    # From Pyongyang the line heads east over the Pacific: unwrapped past 180.
    assert leg["geometry"].coords[-1] == pytest.approx((-117.0 + 360, 46.73), abs=1e-9)


def test_claim_verdict_rules() -> None:
    assert claim_verdict(1000, 1000, None, tolerance=0.1) == ("straight", 0.0)
    verdict, error = claim_verdict(1300, 1000, 2000, tolerance=0.1)
    assert verdict == "off"
    assert error == pytest.approx(0.3)
    assert claim_verdict(1900, 1000, 2000, tolerance=0.1)[0] == "rail"
    assert claim_verdict(1500, 1000, math.nan, tolerance=0.6)[0] == "straight"


def test_validation_rejects_a_broken_table(seed_built: BuiltStory) -> None:
    broken = seed_built.legs.copy()
    broken.loc[0, "mode"] = "teleport"
    with pytest.raises(RouteError, match="unknown modes"):
        validate_legs(broken)
    jumpy = seed_built.legs.copy()
    jumpy.loc[0, "geometry"] = shapely.LineString([(179, 0), (-179, 0)])
    with pytest.raises(RouteError, match="180 degrees"):
        validate_legs(jumpy)
