"""Legs to geometry: what a fact-checker relies on."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest
import shapely

from legmap._geodesic import distance_km, line_length_km
from legmap.config import Config
from legmap.errors import NoRailConnectionError, PlaceNotFoundError, RouteError
from legmap.legs._validate import LEG_COLUMNS, validate_legs
from legmap.legs.build import COVERAGE_HINT, BuiltStory, build_story
from legmap.legs.builders import claim_verdict
from legmap.rail.network import RailNetwork
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
    # RFC 7946 in the legs table: split at the antimeridian, longitudes in [-180, 180].
    geom = built.legs.geometry.iloc[0]
    assert geom.geom_type == "MultiLineString"
    for part in geom.geoms:
        coords = np.array(part.coords)
        assert np.abs(np.diff(coords[:, 0])).max() < 180
        assert np.abs(coords[:, 0]).max() <= 180
    assert geom.geoms[-1].coords[-1][0] == pytest.approx(-149.9)


def test_unknown_place_names_the_spot(gazetteer) -> None:
    text = _story('[[journeys.legs]]\nfrom = "Pyongyang"\nto = "Vladivostk"\nmode = "train"\n')
    with pytest.raises(PlaceNotFoundError) as info:
        build_story(parse_story(text, file="t.toml", path=None), gazetteer=gazetteer)
    assert info.value.spot == "journeys[0].legs[0].to"
    assert "Vladivostok" in info.value.suggestions


def test_impossible_train_is_drawn_unrouted_and_named(gazetteer) -> None:
    # Honolulu has no railway: the leg is drawn as a geodesic, and legmap says where.
    text = _story(
        '[[journeys.legs]]\nfrom = "Vladivostok"\nto = "x"\nmode = "train"\n',
        '[places.x]\nname = "Honolulu"\nlat = 21.3\nlon = -157.86\n',
    )
    built = build_story(parse_story(text, file="h.toml"), gazetteer=gazetteer)
    (warning,) = built.warnings
    assert (warning.file, warning.spot, warning.code) == (None, "journeys[0].legs[0]", "unrouted")
    assert "no station within 50 km of Honolulu" in warning.message
    assert not built.legs.iloc[0]["routed"]
    with pytest.raises(NoRailConnectionError) as info:
        build_story(parse_story(text), gazetteer=gazetteer, config=Config(strict=True))
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
    # From Pyongyang the line heads east over the Pacific: split at the antimeridian.
    assert leg["geometry"].geom_type == "MultiLineString"
    assert leg["geometry"].geoms[-1].coords[-1] == pytest.approx((-117.0, 46.73), abs=1e-9)


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


# ----------------------------------------- trains off the network, access (issue 10.2/10.3)


def _two_towns() -> RailNetwork:
    """Two stations 100 km of track apart, near Vladivostok; nothing else."""
    import geopandas as gpd  # noqa: PLC0415

    pts = {"west": (131.0, 43.0), "east": (132.0, 43.0)}
    nodes = gpd.GeoDataFrame(
        {"name": ["West", "East"], "is_station": [True, True], "place_id": [None, None]},
        geometry=[shapely.Point(p) for p in pts.values()], index=list(pts), crs="EPSG:4326",
    )  # fmt: skip
    edges = gpd.GeoDataFrame(
        {"u": ["west"], "v": ["east"], "length_km": [100.0], "length_source": ["published"],
         "line": ["test"]},
        geometry=[shapely.LineString(list(pts.values()))], crs="EPSG:4326",
    )  # fmt: skip
    return RailNetwork.from_frames(nodes, edges, name="two towns")


PLACES = (
    '[places.przemysl]\nname = "Przemyśl"\nlat = 49.78\nlon = 22.77\ncountry = "PL"\n'
    '[places.kyiv]\nname = "Kyiv"\nlat = 50.45\nlon = 30.52\ncountry = "UA"\n'
    '[places.camp]\nname = "Camp"\nlat = 43.2\nlon = 131.0\nkind = "venue"\n'
    '[places.pier]\nname = "Pier"\nlat = 43.0\nlon = 132.0\nkind = "port"\n'
)


def test_train_outside_the_network_is_a_warning_then_a_strict_error(gazetteer) -> None:
    legs = '[[journeys.legs]]\nfrom = "przemysl"\nto = "kyiv"\nmode = "train"\nvia = ["camp"]\n'
    story = parse_story(_story(legs, PLACES), file="p.toml", path=Path("p.toml"))
    built = build_story(story, gazetteer=gazetteer, rail=_two_towns())
    leg = built.legs.iloc[0]
    assert not leg["routed"]
    assert math.isnan(leg["rail_km"])
    assert math.isnan(leg["access_from_km"])
    # a geodesic line through the stops, not a route
    coords = list(leg["geometry"].coords)
    assert coords[0] == pytest.approx((22.77, 49.78))
    assert (131.0, 43.2) in coords
    assert coords[-1] == pytest.approx((30.52, 50.45))
    (warning,) = built.warnings
    assert str(warning) == (
        "p.toml: journeys[0].legs[0]: train Przemyśl -> Kyiv drawn as a straight line, not on "
        "the rail network: no station within 50 km of Przemyśl in rail network 'two towns'; "
        f"nearest station: West, {float(distance_km(22.77, 49.78, 131.0, 43.0)):,.0f} km; "
        + COVERAGE_HINT
    )
    strict = parse_story(
        _story(legs, "strict = true\n" + PLACES), file="p.toml", path=Path("p.toml")
    )
    with pytest.raises(NoRailConnectionError) as info:
        build_story(strict, gazetteer=gazetteer, rail=_two_towns())
    assert str(info.value).startswith(
        "p.toml: journeys[0].legs[0]: train Przemyśl -> Kyiv is not on the rail network: "
        "no station within 50 km of Przemyśl"
    )
    assert "legmap rail import" in str(info.value)


def test_access_stretches_are_drawn_and_counted_apart(gazetteer) -> None:
    legs = '[[journeys.legs]]\nfrom = "camp"\nto = "pier"\nmode = "train"\n'
    built = build_story(parse_story(_story(legs, PLACES)), gazetteer=gazetteer, rail=_two_towns())
    leg = built.legs.iloc[0]
    assert leg["routed"]
    access = float(distance_km(131.0, 43.2, 131.0, 43.0))  # 22 km north of West
    assert leg["access_from_km"] == pytest.approx(access)
    assert leg["access_to_km"] == 0.0  # the pier is at East
    assert leg["rail_km"] == pytest.approx(100.0 + access)
    coords = list(leg["geometry"].coords)
    assert coords[0] == (131.0, 43.2)
    assert (131.0, 43.0) in coords
    (note,) = [n for n in built.notices if n.code == "access"]
    assert note.level == "note"
    assert note.message == (
        "Camp is 22 km from its station, West: that stretch is drawn as a straight line "
        "and counted in the rail distance"
    )
    assert built.warnings == ()


def test_a_via_far_from_the_track_is_noted_not_counted(gazetteer) -> None:
    import geopandas as gpd  # noqa: PLC0415

    pts = {"west": (131.0, 43.0), "mid": (131.5, 43.0), "east": (132.0, 43.0)}
    nodes = gpd.GeoDataFrame(
        {"name": ["West", "Mid", "East"], "is_station": [True] * 3, "place_id": [None] * 3},
        geometry=[shapely.Point(p) for p in pts.values()], index=list(pts), crs="EPSG:4326",
    )  # fmt: skip
    edges = gpd.GeoDataFrame(
        {"u": ["west", "mid"], "v": ["mid", "east"], "length_km": [50.0, 50.0],
         "length_source": ["published"] * 2, "line": ["test"] * 2},
        geometry=[shapely.LineString([pts["west"], pts["mid"]]),
                  shapely.LineString([pts["mid"], pts["east"]])], crs="EPSG:4326",
    )  # fmt: skip
    rail = RailNetwork.from_frames(nodes, edges, name="three towns")
    places = PLACES + (
        '[places.wtown]\nname = "Wtown"\nlat = 43.0\nlon = 131.0\n'
        '[places.farm]\nname = "Farm"\nlat = 43.2\nlon = 131.5\nkind = "venue"\n'
    )
    legs = '[[journeys.legs]]\nfrom = "wtown"\nto = "pier"\nmode = "train"\nvia = ["farm"]\n'
    built = build_story(parse_story(_story(legs, places)), gazetteer=gazetteer, rail=rail)
    leg = built.legs.iloc[0]
    assert leg["routed"]
    assert leg["rail_km"] == pytest.approx(100.0)  # the farm's 22 km are not in it
    (note,) = [n for n in built.notices if n.code == "access"]
    assert note.message == (
        "via Farm: the train passes Mid, 22 km away; that stretch is neither drawn nor "
        "counted in the rail distance"
    )
    assert built.warnings == ()


def test_claim_verdict_says_no_rail_data_or_no_connection(gazetteer) -> None:
    legs = (
        '[[journeys.legs]]\nfrom = "przemysl"\nto = "kyiv"\nmode = "distance"\nclaim = "560 km"\n'
    )
    built = build_story(parse_story(_story(legs, PLACES)), gazetteer=gazetteer, rail=_two_towns())
    leg = built.legs.iloc[0]
    assert "no rail data" in leg["verdict_text"]
    assert "no rail connection" not in leg["verdict_text"]
    assert [n.code for n in built.notices] == ["no_rail_data"]
    assert built.warnings == ()  # a distance leg draws what it says


def test_nearby_places_never_measure_zero_by_rail(gazetteer) -> None:
    # Vnukovo airport and Moscow: a claim of 30 km checks (no crash, no 0 km).
    legs = (
        '[[journeys.legs]]\nfrom = "Vnukovo"\nto = "Moscow"\nmode = "distance"\nclaim = "30 km"\n'
    )
    leg = build_story(parse_story(_story(legs)), gazetteer=gazetteer).legs.iloc[0]
    assert leg["rail_km"] > leg["access_from_km"] > 20
    assert leg["verdict"] in {"straight", "rail", "off"}


def test_seed_trains_have_no_access_stretch(seed_built: BuiltStory) -> None:
    train = _leg(seed_built, "kim-visit", 0)
    assert (train["access_from_km"], train["access_to_km"]) == (0.0, 0.0)
    assert seed_built.warnings == ()
    flight = _leg(seed_built, "delegation", 1)
    assert math.isnan(flight["access_from_km"])


def test_access_stretches_can_be_cut_off_for_drawing(gazetteer) -> None:
    from legmap.legs._access import split_access  # noqa: PLC0415

    legs = '[[journeys.legs]]\nfrom = "camp"\nto = "pier"\nmode = "train"\n'
    leg = build_story(
        parse_story(_story(legs, PLACES)), gazetteer=gazetteer, rail=_two_towns()
    ).legs.iloc[0]
    start, track, end = split_access(leg["geometry"], leg["access_from_km"], leg["access_to_km"])
    assert start is not None
    assert end is None
    assert start.coords[0] == (131.0, 43.2)
    assert start.coords[-1] == track.coords[0] == (131.0, 43.0)  # the station
    assert track.coords[-1] == (132.0, 43.0)
    assert line_length_km(start) == pytest.approx(leg["access_from_km"], rel=1e-6)
