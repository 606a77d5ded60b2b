"""Property tests for legmap._geodesic (pyproj Geod helpers)."""

from __future__ import annotations

import numpy as np
import pytest
import shapely
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from legmap._geodesic import destination, distance_km, geodesic_line, line_length_km, unwrap_lon

lons = st.floats(min_value=-180.0, max_value=180.0, allow_nan=False)
lats = st.floats(min_value=-85.0, max_value=85.0, allow_nan=False)
points = st.tuples(lons, lats)
steps = st.sampled_from([10.0, 25.0, 100.0, 500.0])


def _same_lon(a: float, b: float) -> bool:
    # Unwrapped longitudes may differ from the input by a multiple of 360.
    return abs((a - b + 180.0) % 360.0 - 180.0) < 1e-9


@settings(max_examples=150, deadline=None)
@given(points, points, steps)
def test_geodesic_line_ends_exactly_at_its_ends(start, end, step) -> None:
    coords = np.asarray(geodesic_line(start, end, step_km=step).coords)
    assert tuple(coords[0]) == (
        pytest.approx(start[0], abs=1e-12),
        pytest.approx(start[1], abs=1e-12),
    )
    assert _same_lon(coords[-1, 0], end[0])
    assert coords[-1, 1] == pytest.approx(end[1], abs=1e-12)


@settings(max_examples=150, deadline=None)
@given(points, points, steps)
def test_geodesic_line_never_jumps_more_than_180_degrees(start, end, step) -> None:
    coords = np.asarray(geodesic_line(start, end, step_km=step).coords)
    assert np.all(np.abs(np.diff(coords[:, 0])) <= 180.0)


@settings(max_examples=150, deadline=None)
@given(points, points)
def test_geodesic_line_length_is_the_distance(start, end) -> None:
    d = float(distance_km(*start, *end))
    assume(1.0 < d < 19_900.0)  # nearly antipodal pairs have many shortest geodesics
    line = geodesic_line(start, end, step_km=50.0)
    assert line_length_km(line) == pytest.approx(d, rel=1e-3)


@settings(max_examples=200, deadline=None)
@given(points, points)
def test_distance_is_symmetric(a, b) -> None:
    assert float(distance_km(*a, *b)) == pytest.approx(
        float(distance_km(*b, *a)), rel=1e-9, abs=1e-9
    )


@settings(max_examples=100, deadline=None)
@given(
    points, st.floats(min_value=0.0, max_value=360.0), st.floats(min_value=1.0, max_value=5_000.0)
)
def test_destination_is_at_the_distance(start, azimuth, km) -> None:
    end = destination(start, azimuth, km)
    assert float(distance_km(*start, *end)) == pytest.approx(km, rel=1e-6)


def test_across_the_antimeridian() -> None:
    line = geodesic_line((170.0, 10.0), (-170.0, 10.0), step_km=25.0)
    lon = np.asarray(line.coords)[:, 0]
    assert lon.max() == pytest.approx(190.0)  # unwrapped: continues eastward past 180
    assert np.all(np.diff(lon) > 0)
    assert line_length_km(line) == pytest.approx(float(distance_km(170, 10, -170, 10)), rel=1e-3)


def test_unwrap_lon_keeps_steps_below_180() -> None:
    lon = unwrap_lon([179.0, -179.0, -170.0, 175.0])
    assert np.all(np.abs(np.diff(lon)) <= 180.0)
    assert lon.tolist()[:2] == [179.0, 181.0]


def test_known_distance_vladivostok_vostochny() -> None:
    # Vladivostok city -> Vostochny Cosmodrome: the article's "950 miles" claim is
    # checked against this straight line, 1,011 km (628 mi).
    assert float(distance_km(131.87353, 43.10562, 128.3334, 51.8844)) == pytest.approx(
        1011, rel=0.01
    )


def test_line_length_accepts_multilinestrings() -> None:
    multi = shapely.MultiLineString([[(0, 0), (1, 0)], [(1, 0), (2, 0)]])
    assert line_length_km(multi) == pytest.approx(2 * 111.319, rel=1e-4)
