"""Every map credits its data: the rail network's sources when it uses the network, only then.

OpenStreetMap's ODbL asks for the credit on any map drawn from an imported network
(tests/rail/test_layered_networks.py checks that one); the embedded network's km and
positions come from Wikipedia and GeoNames (geo/rail/README.md).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from legmap.config import RenderOptions
from legmap.legs.build import BuiltStory, build_story
from legmap.render.html.renderer import render_html
from legmap.render.static.renderer import render_figure
from legmap.story import Story, load_story

ROOT = Path(__file__).resolve().parents[2]
OFFLINE = RenderOptions(tiles="none", self_contained=False)


def _html_credits(built: BuiltStory) -> str:
    page = render_html(built, options=OFFLINE)
    match = re.search(r'"credits":(\[[^\]]*\])', page)
    assert match, "the page carries its credit lines"
    return "\n".join(json.loads(match.group(1)))


def _figure_text(built: BuiltStory) -> str:
    fig = render_figure(built, dpi=60)
    return "\n".join(t.get_text() for t in fig.texts)


@pytest.fixture(scope="module")
def flights_only() -> BuiltStory:
    path = ROOT / "geo" / "stories" / "alaska-summit-2025.toml"
    return build_story(load_story(path), lang="en")


def test_a_map_on_the_embedded_network_credits_its_sources(seed_story: Story) -> None:
    built = build_story(seed_story, lang="en")
    assert built.rail_credit == ("Wikipedia", "GeoNames")
    assert "<bdi>Rail: Wikipedia, GeoNames</bdi>" in _html_credits(built)
    assert "Rail: Wikipedia, GeoNames" in _figure_text(built)
    arabic = build_story(seed_story, lang="ar")
    assert "<bdi>السكك الحديدية: Wikipedia, GeoNames</bdi>" in _html_credits(arabic)


def test_a_map_without_rail_credits_no_rail(flights_only: BuiltStory) -> None:
    assert set(flights_only.legs["mode"]) == {"flight"}
    assert flights_only.rail_credit == ()
    lines = _html_credits(flights_only)
    assert "Places: GeoNames" in lines  # the other credits stay
    assert "Rail" not in lines
    assert "Rail" not in _figure_text(flights_only)
