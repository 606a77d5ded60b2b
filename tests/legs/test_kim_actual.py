"""Issue 11, must show: Kim's actual September 2023 train trip, routed, with its gauge break."""

from __future__ import annotations

from pathlib import Path

import pytest

from legmap.legs.build import build_story
from legmap.story import load_story

STORY = Path(__file__).resolve().parents[2] / "geo" / "stories" / "kim-russia-2023-actual.toml"


@pytest.fixture(scope="module")
def built():
    return build_story(load_story(STORY))


def test_every_train_leg_is_routed_on_the_network(built) -> None:
    legs = built.legs
    assert legs["mode"].tolist() == ["train"] * 5
    assert legs["routed"].all()
    assert not built.warnings
    assert [(r.from_id, r.to_id) for r in legs.itertuples()] == [
        ("pyongyang", "khasan"),
        ("khasan", "vostochny-cosmodrome"),
        ("vostochny-cosmodrome", "geonames:2021851"),  # Komsomolsk-on-Amur
        ("geonames:2021851", "geonames:2027456"),  # Artyom
        ("geonames:2027456", "pyongyang"),
    ]
    # Pyongyang - Rajin 819 km (Pyongra Line) + Rajin - Khasan 54 km, both published
    assert legs.loc[0, "rail_km"] == pytest.approx(873, abs=1)
    # Khasan - Ussuriysk 260 km, then the Trans-Siberian and the Vostochny branch
    assert legs.loc[1, "rail_km"] == pytest.approx(1768, rel=0.02)
    for k in (2, 3, 4):
        assert 900 < legs.loc[k, "rail_km"] < 1300


def test_gauge_break_at_the_border(built) -> None:
    legs = built.legs
    # Leg 0 ends at Khasan on the dual-gauge track, still on 1,435 mm; leg 1 leaves
    # Khasan on Russian track: the change is at Khasan, recorded on leg 1.
    assert legs.loc[0, "gauge_breaks"] is None
    assert legs.loc[1, "gauge_breaks"] == "Khasan: 1,435 -> 1,520 mm"
    assert legs.loc[2, "gauge_breaks"] is None
    assert legs.loc[3, "gauge_breaks"] is None
    assert legs.loc[4, "gauge_breaks"].endswith(": 1,520 -> 1,435 mm")  # back in Korea
    breaks = built.gauge_breaks
    assert breaks["seq"].tolist() == [1, 4]
    khasan = breaks.iloc[0]
    assert (khasan["node"], khasan["from_gauge"], khasan["to_gauge"]) == ("khasan", "1435", "1520")
    # at Khasan station (42.428 N, 130.645 E: geo/rail/README.md), near the Tumen bridge
    assert (khasan.geometry.x, khasan.geometry.y) == pytest.approx((130.6453, 42.4281), abs=0.01)


def test_maps_mark_the_gauge_break_with_a_legend_entry(built) -> None:
    import json  # noqa: PLC0415

    from legmap.render.geojson import to_geojson  # noqa: PLC0415
    from legmap.render.html.renderer import render_html  # noqa: PLC0415
    from legmap.render.static.renderer import render_static  # noqa: PLC0415

    html = render_html(built, tiles="none", lang="ru")
    assert html.count('"className": "lm-gauge"') == 2  # Khasan, and on the way back
    assert "Смена колеи" in html  # the legend entry and the tooltips, in the map's language
    assert 'Khasan</bdi>: <bdi dir="ltr">1\u00a0435 → 1\u00a0520 mm' in html
    svg = render_static(built, fmt="svg").decode()
    assert "Gauge change" in svg
    doc = json.loads(to_geojson(built))
    points = [f for f in doc["features"] if f["properties"]["feature_type"] == "gauge_break"]
    assert points[0]["properties"]["name"] == "Khasan"
    assert points[0]["geometry"]["type"] == "Point"
