"""A train the rail network cannot route looks like what it is, on every map."""

from __future__ import annotations

import re

import pytest

from legmap import build_story, parse_story, render_html, render_static
from legmap.render.style import MODE_STYLES, OFF_NETWORK, leg_style, with_drawn_modes

STORY = """
title = "Tokyo to Osaka by Shinkansen"
[[journeys]]
id = "j"
title = "Shinkansen"
[[journeys.legs]]
from = "Tokyo"
to = "Osaka"
mode = "train"
"""


@pytest.fixture(scope="module")
def off_network(gazetteer):
    # No station of the embedded network lies within 50 km of Tokyo.
    return build_story(parse_story(STORY), gazetteer=gazetteer, lang="en")


def _decoded(page: str) -> str:
    return re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)), page)


def test_the_legs_table_keeps_the_story_mode(off_network) -> None:
    legs = off_network.legs
    assert legs["mode"].tolist() == ["train"]
    assert legs["routed"].tolist() == [False]
    assert with_drawn_modes(legs)["mode"].tolist() == [OFF_NETWORK]


def test_its_style_claims_no_track() -> None:
    routed, off = MODE_STYLES["train"], leg_style(OFF_NETWORK, "confirmed")
    assert routed.ticks
    assert not off.ticks  # cross-ties would say "on these rails"
    assert off.dash is not None
    assert off.dash not in {MODE_STYLES[m].dash for m in ("flight", "sea", "unknown")}


def test_html_legend_and_tooltip_name_it(off_network) -> None:
    page = _decoded(render_html(off_network, tiles="none"))
    assert page.count("Train, route not on the rail network") >= 2  # legend and tooltip
    assert "Straight line" in page  # the distance shown is the geodesic, said to be so


def test_static_legend_names_it(off_network) -> None:
    svg = render_static(off_network, fmt="svg").decode("utf-8")
    assert "Train, route not on the rail network" in svg
