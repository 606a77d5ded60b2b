"""The offline basemap: tiers, clipping, antimeridian, and real detail at Vladivostok."""

from __future__ import annotations

import pytest
import shapely
from shapely.geometry import Point, box

from legmap.render._basemap import load_basemap

VLADIVOSTOK_BOX = (131.7, 42.9, 132.1, 43.25)


def _land(bm):
    return shapely.union_all(bm.land.geometry.values)


@pytest.mark.parametrize(
    ("bbox", "scale_km", "tier"),
    [
        ((30.0, 35.0, 140.0, 62.0), 7000.0, "world"),
        ((125.0, 38.0, 134.0, 44.0), 800.0, "region"),
        (VLADIVOSTOK_BOX, 60.0, "local"),
        # Moscow close-up: no full-resolution coast shipped there -> next tier
        ((37.0, 55.4, 38.2, 56.1), 80.0, "region"),
        # Outside every regional cover -> world
        ((-75.0, 40.0, -73.0, 41.5), 150.0, "world"),
    ],
)
def test_tier_follows_scale_and_cover(bbox, scale_km, tier):
    assert load_basemap(bbox, scale_km=scale_km).tier == tier


def test_layers_are_clipped_to_bbox():
    bbox = (120.0, 35.0, 135.0, 45.0)
    bm = load_basemap(bbox, scale_km=1500.0)
    assert len(bm.land) > 10
    assert len(bm.borders) > 0
    assert bm.land.crs.to_epsg() == 4326
    frame = box(*bbox).buffer(1e-9)
    assert bm.land.within(frame).all()
    assert bm.borders.within(frame).all()
    assert set(bm.land.geom_type) == {"Polygon"}
    assert set(bm.borders.geom_type) == {"LineString"}


def test_golden_horn_and_russky_island_at_regional_scale():
    land = _land(load_basemap(VLADIVOSTOK_BOX, scale_km=60.0))
    # The Golden Horn bay is water, with the city on both banks.
    for lonlat in [(131.89, 43.11), (131.905, 43.108), (131.92, 43.105)]:
        assert not land.contains(Point(lonlat)), lonlat
    assert land.contains(Point(131.88, 43.112))
    # Russky Island's interior is land, and the island is separate from the mainland.
    russky = [
        g
        for g in _land(load_basemap(VLADIVOSTOK_BOX, scale_km=60.0)).geoms
        if g.contains(Point(131.85, 43.0))
    ]
    assert len(russky) == 1
    assert not russky[0].contains(Point(131.88, 43.112))
    assert 50e-3 > russky[0].area > 5e-3  # ~100 km2 in square degrees at 43 N


def test_lakes_are_holes():
    # Lake Baikal is water at continental scale too.
    land = _land(load_basemap((100.0, 50.0, 115.0, 57.0), scale_km=7000.0))
    assert not land.contains(Point(108.0, 53.2))
    assert land.contains(Point(104.5, 52.0))


def test_unwrapped_longitudes_past_180():
    bm = load_basemap((170.0, 60.0, 195.0, 70.0), scale_km=1200.0)
    xmin, _, xmax, _ = bm.land.total_bounds
    assert xmax > 185.0  # Chukotka's eastern tip, shifted by +360
    assert xmin >= 170.0 - 1e-9
    assert _land(bm).contains(Point(186.0, 66.0))  # 174 W, inland Chukotka


def test_empty_bbox_is_rejected():
    with pytest.raises(ValueError, match="empty bbox"):
        load_basemap((10.0, 10.0, 10.0, 20.0), scale_km=100.0)
