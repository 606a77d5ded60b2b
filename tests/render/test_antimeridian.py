"""One longitude frame per story; RFC 7946 lines in the legs table and in GeoJSON (issue 10.1).

The Pacific story of the issue: Tokyo (NRT) -> Anchorage (ANC) -> Los Angeles
(LAX), plus Vladivostok -> Petropavlovsk-Kamchatsky.  Each leg used to be
unwrapped on its own, so the web map drew NRT->ANC in one copy of the world and
ANC->LAX in the next, the GeoJSON held longitude 210.1 and ``to_crs(3857)`` put
a 40,000 km jump inside a leg.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st

from _built_fixture import make_built, pacific_path
from legmap._geodesic import (
    central_meridian,
    frame_line,
    frame_lon,
    line_length_km,
    split_antimeridian,
)
from legmap.errors import RouteError
from legmap.legs import _validate
from legmap.legs.build import build_story
from legmap.render._frame import StoryFrame
from legmap.render.geojson import to_geojson
from legmap.story import load_story

REPO = Path(__file__).resolve().parents[2]
ALASKA = REPO / "geo" / "stories" / "alaska-summit-2025.toml"


@pytest.fixture(scope="module")
def pacific(tmp_path_factory: pytest.TempPathFactory, gazetteer):
    return build_story(load_story(pacific_path(tmp_path_factory.mktemp("pacific"))),
                       gazetteer=gazetteer)  # fmt: skip


def _lons(geom: shapely.Geometry) -> np.ndarray:
    return shapely.get_coordinates(geom)[:, 0]


def test_pacific_legs_table_is_rfc7946_and_projects_without_jumps(pacific) -> None:
    legs = pacific.legs
    for geom in legs.geometry:
        assert np.all(np.abs(_lons(geom)) <= 180)
    assert legs.geometry[0].geom_type == "MultiLineString"  # NRT -> ANC crosses 180
    # Web Mercator, as a GIS user would: no part of a leg jumps across the world.
    for geom in legs.to_crs(3857).geometry:
        for part in shapely.get_parts(geom):
            xy = shapely.get_coordinates(part)
            assert np.abs(np.diff(xy[:, 0])).max() < 200_000  # metres; 25 km steps
    # Splitting keeps the leg's length (the table's length_km is the line's).
    for geom, km in zip(legs.geometry, legs["length_km"], strict=True):
        assert line_length_km(geom) == pytest.approx(km, rel=1e-9)


def test_pacific_story_frame_is_continuous_and_holds_every_place(pacific) -> None:
    frame = StoryFrame.of(pacific)
    assert frame.lon_0 == pacific.lon_0 != 0.0
    west, east = frame.bounds
    lines = frame.lines(pacific.legs.geometry)
    for line in lines:
        lon = _lons(line)
        assert np.abs(np.diff(lon)).max() < 5  # densified arcs: no jump anywhere
        assert west <= lon.min()
        assert lon.max() < east
    # Consecutive legs meet: NRT -> ANC ends where ANC -> LAX starts.
    assert lines[0].coords[-1] == pytest.approx(lines[1].coords[0])
    # Every place, moved into the frame, is on a leg's end.
    ends = np.array([c for line in lines for c in (line.coords[0], line.coords[-1])])
    for pt in pacific.places.geometry:
        lonlat = np.array([frame.lon(pt.x), pt.y])
        assert np.hypot(*(ends - lonlat).T).min() < 1e-6
    # The frame spans the story, not the world: about 120 degrees of longitude.
    span = max(_lons(line).max() for line in lines) - min(_lons(line).min() for line in lines)
    assert span < 130


def test_pacific_geojson_has_no_longitude_outside_180(pacific) -> None:
    doc = json.loads(to_geojson(pacific))
    lons = [xy[0] for f in doc["features"] for xy in _coords(f["geometry"])]
    assert lons
    assert max(abs(x) for x in lons) <= 180
    legs = [f for f in doc["features"] if f["properties"]["feature_type"] == "leg"]
    types = {f["geometry"]["type"] for f in legs}
    assert "MultiLineString" in types


def _coords(geometry: dict) -> list[list[float]]:  # type: ignore[type-arg]
    if geometry["type"] == "Point":
        return [geometry["coordinates"]]
    if geometry["type"] == "LineString":
        return geometry["coordinates"]  # type: ignore[no-any-return]
    return [xy for part in geometry["coordinates"] for xy in part]


def test_hand_made_unwrapped_table_is_split_in_geojson() -> None:
    built = make_built("en")
    built.legs.loc[0, "geometry"] = shapely.LineString([(175.0, 60.0), (185.0, 62.0)])
    doc = json.loads(to_geojson(built))
    leg = doc["features"][0]["geometry"]
    assert leg["type"] == "MultiLineString"
    assert max(abs(xy[0]) for part in leg["coordinates"] for xy in part) <= 180


def test_real_story_crosses_the_antimeridian(gazetteer) -> None:
    built = build_story(load_story(ALASKA), gazetteer=gazetteer)
    assert built.lon_0 != 0.0
    magadan_anchorage = built.legs.geometry[1]
    assert magadan_anchorage.geom_type == "MultiLineString"
    lines = StoryFrame.of(built).lines(built.legs.geometry)
    # Moscow -> Magadan -> Anchorage is one continuous journey in the frame.
    assert lines[0].coords[-1] == pytest.approx(lines[1].coords[0])
    assert np.abs(np.diff(_lons(lines[1]))).max() < 5


def test_seed_story_keeps_the_usual_frame(seed_built) -> None:
    assert seed_built.lon_0 == 0.0
    assert set(seed_built.legs.geom_type) == {"LineString"}


def test_validate_takes_split_lines_and_refuses_wrapped_ones() -> None:
    legs = make_built("en").legs
    legs.loc[0, "geometry"] = split_antimeridian(shapely.LineString([(175.0, 0.0), (185.0, 0.0)]))
    for column in _validate.LEG_COLUMNS:  # columns the hand-made table may lack
        if column not in legs.columns:
            legs[column] = np.nan
    assert _validate.validate_legs(legs).geometry[0].geom_type == "MultiLineString"
    legs.loc[0, "geometry"] = shapely.LineString([(175.0, 0.0), (185.0, 0.0)])
    with pytest.raises(RouteError, match=r"\[-180, 180\]"):
        _validate.validate_legs(legs)


# ------------------------------------------------------------------ properties

lon = st.floats(-179.0, 179.0)
lat = st.floats(-75.0, 75.0)
step = st.tuples(st.floats(-40.0, 40.0), st.floats(-5.0, 5.0))


@st.composite
def unwrapped_lines(draw: st.DrawFn) -> shapely.LineString:
    """A line as builders make it: steps under 180 degrees, longitudes past 180 allowed."""
    x, y = draw(lon), draw(lat)
    pts = [(x, y)]
    for dx, dy in draw(st.lists(step, min_size=1, max_size=12)):
        x, y = x + dx, float(np.clip(y + dy, -80.0, 80.0))
        pts.append((x, y))
    line = shapely.LineString(pts)
    if line.length == 0:
        line = shapely.LineString([pts[0], (pts[0][0] + 1.0, pts[0][1])])
    return line


@settings(max_examples=200, deadline=None)
@given(unwrapped_lines())
def test_split_lines_stay_in_range_and_keep_length(line: shapely.LineString) -> None:
    split = split_antimeridian(line)
    assert np.all(np.abs(_lons(split)) <= 180.0)
    for part in shapely.get_parts(split):
        assert np.abs(np.diff(_lons(part))).max(initial=0) <= 180.0
    assert line_length_km(split) == pytest.approx(line_length_km(line), rel=1e-7, abs=1e-6)
    assert split_antimeridian(split).equals(split)  # idempotent


@settings(max_examples=200, deadline=None)
@given(st.lists(unwrapped_lines(), min_size=1, max_size=4))
def test_story_frame_keeps_every_line_whole(lines: list[shapely.LineString]) -> None:
    split = [split_antimeridian(line) for line in lines]
    lon_0 = central_meridian(split)
    assert -180.0 <= lon_0 < 180.0
    for original, part in zip(lines, split, strict=True):
        framed = frame_line(part, lon_0)
        lons = _lons(framed)
        assert np.abs(np.diff(lons)).max(initial=0) <= 180.0  # continuous
        assert lon_0 - 180.0 <= lons[0] < lon_0 + 180.0
        assert line_length_km(framed) == pytest.approx(line_length_km(original), rel=1e-7,
                                                       abs=1e-6)  # fmt: skip
        # The frame puts the line where the original is, up to whole turns.
        first = shapely.get_coordinates(original)[0]
        assert (lons[0] - first[0]) % 360.0 == pytest.approx(0.0, abs=1e-6) or (
            (lons[0] - first[0]) % 360.0 == pytest.approx(360.0, abs=1e-6)
        )


@given(st.floats(-1000.0, 1000.0), st.floats(-180.0, 179.999))
def test_frame_lon_lands_in_the_frame(x: float, lon_0: float) -> None:
    moved = frame_lon(x, lon_0)
    assert lon_0 - 180.0 <= moved < lon_0 + 180.0 + 1e-9
    assert (moved - x) / 360.0 == pytest.approx(round((moved - x) / 360.0), abs=1e-9)
