"""The offline basemap: tiers, clipping, antimeridian, real detail at Vladivostok and in
the Low Countries, reading only the frame in view, the size budget, country label points."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pyogrio
import pytest
import shapely
from shapely.geometry import Point, box

from legmap._data import geo_path
from legmap.errors import DataError
from legmap.render import _basemap
from legmap.render._basemap import country_labels, load_basemap

VLADIVOSTOK_BOX = (131.7, 42.9, 132.1, 43.25)
# Paris - Brussels - Amsterdam with a margin: a map about 450 km wide.
LOW_COUNTRIES_BOX = (1.5, 48.2, 6.3, 53.0)
# Every file in geo/basemap/ that legmap reads, installed (see geo/basemap/README.md).
SIZE_BUDGET_BYTES = 15_000_000


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
        # Regional detail anywhere in the world: New York, the Low Countries, Alaska
        ((-75.0, 40.0, -73.0, 41.5), 150.0, "region"),
        (LOW_COUNTRIES_BOX, 450.0, "region"),
        ((170.0, 60.0, 195.0, 70.0), 1200.0, "region"),
        ((-10.0, 36.0, 22.0, 58.0), 2400.0, "region"),
        # Continental maps stay on the light world tier
        ((-10.0, 30.0, 40.0, 60.0), 3500.0, "world"),
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


def _coast_steps_km(bm, bbox):
    """Lengths of the coastline segments in view (the box's own edges left out)."""
    k = np.cos(np.radians((bbox[1] + bbox[3]) / 2))
    steps = []
    for poly in bm.land.geometry:
        for ring in (poly.exterior, *poly.interiors):
            xy = np.asarray(ring.coords)
            d = np.hypot(np.diff(xy[:, 0]) * k, np.diff(xy[:, 1])) * 111.32
            edge = np.zeros(len(d), dtype=bool)
            for axis, value in ((0, bbox[0]), (0, bbox[2]), (1, bbox[1]), (1, bbox[3])):
                edge |= np.isclose(xy[:-1, axis], value) & np.isclose(xy[1:, axis], value)
            steps.append(d[~edge])
    return np.concatenate(steps)


def test_low_countries_get_regional_detail():
    detailed = load_basemap(LOW_COUNTRIES_BOX, scale_km=450.0)
    coarse = load_basemap(LOW_COUNTRIES_BOX, scale_km=5000.0)  # the world tier
    assert (detailed.tier, coarse.tier) == ("region", "world")
    fine = _coast_steps_km(detailed, LOW_COUNTRIES_BOX)
    rough = _coast_steps_km(coarse, LOW_COUNTRIES_BOX)
    # GSHHG intermediate (~1 km) against the world tier's blocky 5 km coast: 266 vs 56
    # vertices along the coasts of the frame when measured; vertices every 4.5 km
    # (median) where the world tier has one every 19 km.
    assert len(fine) >= 4 * len(rough)
    assert np.median(fine) < 6.0 < 15.0 < np.median(rough)
    land = _land(detailed)
    # The Oosterschelde's eastern basin (between Yerseke and Bergen op Zoom) is water;
    # the world tier fills the whole Zeeland delta with land.
    assert not land.contains(Point(4.125, 51.475))
    assert _land(coarse).contains(Point(4.125, 51.475))
    cities = {"Rotterdam": (4.48, 51.92), "Antwerp": (4.40, 51.22), "Amsterdam": (4.90, 52.37)}
    for name, lonlat in {**cities, "Paris": (2.35, 48.86)}.items():
        assert land.contains(Point(lonlat)), name
    assert not land.contains(Point(5.3, 52.8))  # the IJsselmeer is a lake


def test_cell_edges_are_not_drawn():
    # The detailed tiers are stored cut into 5-degree cells; a frame across the
    # cell edges at 5 E and 50 N gets the mainland back in one piece.
    bbox = (2.0, 49.0, 8.0, 53.0)
    bm = load_basemap(bbox, scale_km=420.0)
    points = [Point(4.0, 51.0), Point(6.0, 51.0), Point(4.4, 49.5), Point(7.0, 49.5)]
    holders = [i for i, g in enumerate(bm.land.geometry) if any(g.contains(p) for p in points)]
    assert len(holders) == 1
    assert all(bm.land.geometry[holders[0]].contains(p) for p in points)
    for poly in bm.land.geometry:
        xy = np.asarray(poly.exterior.coords)
        on_x = (xy[:-1, 0] == 5.0) & (xy[1:, 0] == 5.0)
        on_y = (xy[:-1, 1] == 50.0) & (xy[1:, 1] == 50.0)
        assert not (on_x | on_y).any()


def test_only_features_in_the_frame_are_read(monkeypatch):
    calls = []
    real = gpd.read_file

    def spy(path, *args, **kwargs):
        out = real(path, *args, **kwargs)
        calls.append((str(path), kwargs.get("bbox"), out))
        return out

    _basemap._read.cache_clear()
    monkeypatch.setattr(_basemap.gpd, "read_file", spy)
    load_basemap(LOW_COUNTRIES_BOX, scale_km=450.0)
    _basemap._read.cache_clear()
    assert {p.rsplit("/", 1)[-1] for p, _, _ in calls} == {"region_land.fgb", "region_borders.fgb"}
    frame = box(*LOW_COUNTRIES_BOX)
    for path, bbox, read in calls:
        assert bbox is not None
        total = pyogrio.read_info(path)
        assert len(read) <= 0.02 * total["features"], (path, len(read))
        assert read.geometry.envelope.intersects(frame).all()
        n_read = shapely.get_num_coordinates(read.geometry.values).sum()
        n_all = shapely.get_num_coordinates(real(path).geometry.values).sum()
        assert n_read < 0.02 * n_all, (path, n_read, n_all)


def test_basemap_fits_its_size_budget():
    folder = geo_path("basemap")
    data = [p for p in folder.iterdir() if p.suffix in {".fgb", ".json", ".csv"}]
    assert {p.name for p in data} >= {"basemap.json", "country_labels.csv", "countries.fgb",
                                      "region_land.fgb", "world_land.fgb"}  # fmt: skip
    assert sum(p.stat().st_size for p in data) <= SIZE_BUDGET_BYTES


def test_missing_files_raise_data_error(monkeypatch, tmp_path):
    for cache in (_basemap._tiers, _basemap._read, _basemap._label_points):
        cache.cache_clear()
    monkeypatch.setattr(_basemap, "geo_path", tmp_path.joinpath)
    try:
        with pytest.raises(DataError, match="basemap index unreadable"):
            load_basemap(LOW_COUNTRIES_BOX, scale_km=450.0)
        with pytest.raises(DataError, match="basemap layer unreadable"):
            _basemap._read("region_land", LOW_COUNTRIES_BOX)
        with pytest.raises(DataError, match="country label points unreadable"):
            _basemap._label_points()
    finally:
        for cache in (_basemap._tiers, _basemap._read, _basemap._label_points):
            cache.cache_clear()


def _country(code):
    shapes = gpd.read_file(geo_path("basemap", "countries.fgb"))
    return shapely.union_all(shapes[shapes["iso_a2"] == code].geometry.values)


def test_country_labels_in_the_low_countries():
    labels = country_labels(LOW_COUNTRIES_BOX)
    assert list(labels.columns) == ["iso_a2", "name", "area_km2", "geometry"]
    assert labels.crs.to_epsg() == 4326
    assert {"FR", "BE", "NL", "LU", "DE", "GB"} <= set(labels["iso_a2"])
    assert labels["iso_a2"].is_unique
    assert list(labels["area_km2"]) == sorted(labels["area_km2"], reverse=True)
    assert labels.geometry.within(box(*LOW_COUNTRIES_BOX)).all()
    for code, point in zip(labels["iso_a2"], labels.geometry, strict=True):
        assert _country(code).contains(point), code
    # Belgium and Luxembourg are wholly in view: their usual label points.
    be = labels.set_index("iso_a2").geometry["BE"]
    assert (round(be.x, 1), round(be.y, 1)) == (4.7, 50.7)


def test_country_partly_in_view_is_labelled_in_view():
    # Russia's usual label point is in Siberia; on a map of the Korea-Russia
    # border it is named on Primorye, the part in view.
    bbox = (124.0, 38.0, 134.0, 46.0)
    labels = country_labels(bbox).set_index("iso_a2")
    assert {"RU", "CN", "KP"} <= set(labels.index)
    ru = labels.geometry["RU"]
    assert box(*bbox).contains(ru)
    assert _country("RU").contains(ru)
    # A sliver below min_share gets no label
    assert "JP" not in labels.index


def test_country_labels_across_the_antimeridian():
    labels = country_labels((170.0, 55.0, 200.0, 72.0)).set_index("iso_a2")
    assert {"RU", "US"} <= set(labels.index)
    us = labels.geometry["US"]
    assert 180.0 < us.x < 200.0  # Alaska, shifted by +360 like the basemap
    assert _country("US").contains(Point(us.x - 360.0, us.y))


def test_country_labels_for_the_world():
    labels = country_labels((-180.0, -90.0, 180.0, 90.0))
    assert len(labels) >= 230
    assert labels["iso_a2"].str.fullmatch(r"[A-Z]{2}").all()
    assert labels["iso_a2"].iloc[0] == "RU"
    with pytest.raises(ValueError, match="empty bbox"):
        country_labels((10.0, 10.0, 5.0, 20.0))
