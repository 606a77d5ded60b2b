"""GeoJSON output: what a GIS user opens."""

from __future__ import annotations

import json

import numpy as np
import pytest

from legmap.render.geojson import to_geojson


def test_feature_collection(seed_built) -> None:
    doc = json.loads(to_geojson(seed_built))
    assert doc["type"] == "FeatureCollection"
    kinds = [f["properties"]["feature_type"] for f in doc["features"]]
    assert kinds.count("leg") == len(seed_built.legs)
    assert kinds.count("place") == len(seed_built.places)
    assert kinds.count("event") == len(seed_built.events)
    claim = next(f for f in doc["features"] if f["properties"].get("verdict"))
    props = claim["properties"]
    assert props["mode"] == "distance"
    assert props["straight_km"] == pytest.approx(1011, rel=0.01)
    assert claim["geometry"]["type"] == "LineString"
    train = doc["features"][0]
    assert train["properties"]["claim_km"] is None  # NaN becomes null, as JSON requires


def test_no_jump_over_180_and_rounded(seed_built) -> None:
    doc = json.loads(to_geojson(seed_built))
    for feature in doc["features"]:
        if feature["geometry"]["type"] != "LineString":
            continue
        coords = np.array(feature["geometry"]["coordinates"])
        assert np.abs(np.diff(coords[:, 0])).max() <= 180
        assert np.allclose(coords, np.round(coords, 5))


def test_deterministic(seed_built) -> None:
    assert to_geojson(seed_built) == to_geojson(seed_built)
