"""Big stories still read well (issue 15.2) and the static map is drawn once (15.4).

The size switch is :data:`legmap.render.style.BIG_STORY_LEGS`; these tests lower
it so a small story takes the big-story path (speed itself is measured in
``benchmarks/bench_scale.py``, never in tests).
"""

from __future__ import annotations

import importlib
import io
import json
import re
import xml.etree.ElementTree as ET

import pytest
from matplotlib.collections import LineCollection, PolyCollection
from PIL import Image

from _built_fixture import make_built
from legmap.render.html import _specs as specs
from legmap.render.html.renderer import render_html
from legmap.render.static import _map as static_map
from legmap.render.static._labels import THIN_LABELS

rs = importlib.import_module("legmap.render.static.renderer")


@pytest.fixture
def big(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(specs, "BIG_STORY_LEGS", 3)
    monkeypatch.setattr(static_map, "BIG_STORY_LEGS", 3)  # read where the map is set up


def _calls(page: str, fn: str) -> list[dict]:  # type: ignore[type-arg]
    return [json.loads(m) for m in re.findall(rf"legmap\.{fn}\([^,]+, (\{{.*\}})\);\n", page)]


@pytest.mark.usefixtures("big")
def test_big_html_draws_on_canvas_one_path_per_leg() -> None:
    built = make_built("en")
    page = render_html(built, tiles="none")
    assert '"preferCanvas": true' in page
    batches = _calls(page, "legs")
    routes = int((built.legs["mode"] != "distance").sum())
    assert sum(len(b["legs"]) for b in batches) == routes
    for batch in batches:
        for coords, style, _off, card in batch["legs"]:
            assert len(coords) >= 2
            assert 0 <= style < len(batch["styles"])
            assert "lm-card" in card
    # Distance checks keep their measuring ends and labels.
    assert len(_calls(page, "leg")) == len(built.legs) - routes
    # One tooltip for all: only the distance checks carry a tooltip of their own.
    assert page.count('"tip":') == len(built.legs) - routes


def test_small_html_keeps_svg_and_per_leg_strokes() -> None:
    page = render_html(make_built("en"), tiles="none")
    assert '"preferCanvas": false' in page
    assert not _calls(page, "legs")


@pytest.mark.usefixtures("big")
def test_big_static_map_uses_collections_and_thins_labels(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: dict[str, int] = {}
    original = rs.place_labels

    def spy(ax, renderer, requests, **kw):
        seen["thin"] = kw["thin"]
        texts = original(ax, renderer, requests, **kw)
        seen["placed"] = len(texts)
        return texts

    monkeypatch.setattr(rs, "place_labels", spy)
    fig = rs.render_figure(make_built("en"), dpi=100)
    ax = fig.axes[0]
    kinds = {type(c) for c in ax.collections}
    assert LineCollection in kinds
    assert PolyCollection in kinds  # the flights' arrowheads
    assert seen["thin"] is True
    assert 0 < seen["placed"] <= THIN_LABELS
    # Markers and labels stay above every leg.
    legs_top = max(c.get_zorder() for c in ax.collections if isinstance(c, LineCollection))
    assert legs_top < 22


def test_png_and_svg_drawn_once_are_the_bytes_drawn_twice(monkeypatch: pytest.MonkeyPatch) -> None:
    built = make_built("en")
    png = rs.render_static(built, fmt="png", dpi=80)
    svg = rs.render_static(built, fmt="svg", dpi=80)
    calls = []
    original = rs._draw

    def count(*args, **kw):
        calls.append(1)
        return original(*args, **kw)

    monkeypatch.setattr(rs, "_draw", count)
    files = rs.render_static_formats(built, formats=["png", "svg"], dpi=80)
    assert len(calls) == 1
    assert files == {"png": png, "svg": svg}
    assert Image.open(io.BytesIO(files["png"])).format == "PNG"


def test_static_legend_names_sixteen_journeys_and_counts_the_rest() -> None:
    built = make_built("en")
    legs = built.legs.iloc[[0] * 20].reset_index(drop=True)
    legs["journey"] = [f"j{k:02d}" for k in range(20)]
    legs["journey_title"] = [f"Trip {k}" for k in range(20)]
    built = type(built)(None, legs, built.places, built.events, "en", "km", "Twenty trips")
    svg = rs.render_static(built, fmt="svg", dpi=72)
    texts = [
        "".join(t.itertext()) for t in ET.fromstring(svg).iter("{http://www.w3.org/2000/svg}text")
    ]
    assert "Trip 15" in texts
    assert "Trip 16" not in texts
    assert "… +4" in texts
