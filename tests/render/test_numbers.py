"""The numbers readers see (issue 10.4): rail distance for trains, geodesic for flights.

The drawn line of a train on the embedded network is a simplified track:
Pyongyang -> Vladivostok is drawn 934 km long where the rail distance is
1,201 km.  Tooltips, popups and static labels show the distance, never the
drawn length.
"""

from __future__ import annotations

import html
import json
import math
import re

import pytest

from _built_fixture import make_built
from legmap._geodesic import distance_km
from legmap.render._numbers import shown_distance
from legmap.render.html import _parts as parts
from legmap.render.html import _specs as specs
from legmap.render.html.renderer import render_html
from legmap.render.static._marks import distance_text


def _text(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", fragment))


def _calls(page: str, fn: str) -> list[dict]:  # type: ignore[type-arg]
    """The JSON specs of every ``legmap.<fn>(layer, spec)`` call in a page."""
    return [json.loads(m) for m in re.findall(rf"legmap\.{fn}\([^,]+, (\{{.*\}})\);\n", page)]


def test_seed_train_popup_says_1201_km_not_the_drawn_934(seed_built) -> None:
    legs = seed_built.legs
    train = legs.index[(legs["mode"] == "train") & (legs["journey"] == "kim-visit")][0]
    assert legs.at[train, "rail_km"] == pytest.approx(1201, abs=1)
    assert legs.at[train, "length_km"] < 1000  # the simplified track as drawn
    page = render_html(seed_built, tiles="none", lang="en")
    legs_js = _calls(page, "leg")
    pop, tip = _text(legs_js[train]["pop"]), _text(legs_js[train]["tip"])
    assert "By rail1,201 km" in pop.replace("\xa0", " ")
    assert "1,201 km" in tip.replace("\xa0", " ")
    drawn = f"{legs.at[train, 'length_km']:,.0f}"
    assert drawn not in pop
    assert drawn not in tip


def test_flight_shows_the_geodesic_between_its_places(seed_built) -> None:
    legs = seed_built.legs
    i = legs.index[legs["mode"] == "flight"][0]
    row = specs.clean(legs.iloc[i].to_dict())
    start, end = row["geometry"].coords[0], row["geometry"].coords[-1]
    geodesic = float(distance_km(*start, *end))
    shown = shown_distance(row)
    assert shown.kind == "geodesic"
    assert shown.km == pytest.approx(geodesic, rel=1e-9)
    assert f"{geodesic:,.0f}" in _text(parts.leg_popup(row, "#000", "en", "km"))


def test_unrouted_leg_says_its_figure_is_a_straight_line() -> None:
    built = make_built("en")
    row = specs.clean(built.legs.iloc[1].to_dict())  # Vladivostok -> Moscow, mode unknown
    tip = _text(parts.leg_tooltip(row, "#000", "en", "km"))
    assert "Straight line" in tip
    assert shown_distance(row).kind == "straight"


def test_access_stretches_count_once_in_the_rail_distance() -> None:
    # rail_km already holds the access stretches (docs/architecture.md): not added twice.
    row = {"mode": "train", "routed": True, "rail_km": 1038.0, "access_from_km": 38.0,
           "access_to_km": 0.0, "geometry": None}  # fmt: skip
    assert shown_distance(row).km == pytest.approx(1038.0)
    card = {**row, "journey_title": "J", "from_name": "Artyom", "to_name": "B", "date": None,
            "label": None, "source": None, "certainty": "confirmed",
            "claim_km": math.nan}  # fmt: skip
    assert "1,038 km" in _text(parts.leg_popup(card, "#000", "en", "km")).replace("\xa0", " ")


def test_distance_leg_without_claim_shows_straight_and_rail() -> None:
    built = make_built("en")
    i = int(built.legs.index[built.legs["mode"] == "distance"][0])
    built.legs.loc[i, "claim_km"] = math.nan
    built.legs.loc[i, "rail_km"] = 1620.0
    row = specs.clean(built.legs.iloc[i].to_dict())
    straight = f"{row['straight_km']:,.0f}"
    tip = _text(parts.leg_tooltip(row, "#000", "en", "km")).replace("\xa0", " ")
    assert f"Straight line {straight} km" in tip
    assert "By rail 1,620 km" in tip
    label = _text(specs.leg_spec(row, row["geometry"], "#444", tol=0.0, lang="en",
                                 units="km")["marks"][-1]["html"])  # fmt: skip
    assert straight in label
    assert "1,620" in label
    assert distance_text(row, lang="en", units="km").replace("\xa0", " ").splitlines() == [
        f"Straight line {straight} km",
        "By rail 1,620 km",
    ]
