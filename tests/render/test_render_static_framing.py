"""Static maps frame the dense part and show the rest in a locator inset (issue 12.1).

Measured on the map as drawn (``renderer._draw`` returns the map's state: its
frame, the legs as drawn, the inset), not by eye: the train legs' share of the
main map's width, where Moscow and Washington end up, what the inset covers.
"""

from __future__ import annotations

import importlib
import io
from pathlib import Path

import numpy as np
import pytest
import shapely
from matplotlib.transforms import Bbox
from PIL import Image

from _built_fixture import make_built
from legmap.config import RenderOptions
from legmap.legs.build import build_story
from legmap.render.static._places_layer import marker_boxes
from legmap.story import load_story

rs = importlib.import_module("legmap.render.static.renderer")
ROOT = Path(__file__).resolve().parents[2]
MOSCOW = (37.61556, 55.75222)
ANDREWS = (-76.86738, 38.8108)


@pytest.fixture(scope="module")
def kyiv_built(gazetteer):
    return build_story(load_story(ROOT / "geo" / "stories" / "biden-kyiv-2023.toml"),
                       gazetteer=gazetteer)  # fmt: skip


def train_share(m) -> float:
    """x-extent of the train legs as drawn, as a share of the main map's width."""
    xs = np.concatenate([xy[:, 0] for xy, mode in zip(m.drawn_xy, m.legs["mode"], strict=True)
                         if mode == "train"])  # fmt: skip
    x0, x1 = m.frame.xlim
    return float((xs.max() - xs.min()) / (x1 - x0))


def in_frame(frame, lonlat) -> bool:
    x, y = frame.forward(np.array([lonlat[0]]), np.array([lonlat[1]]))
    (x0, x1), (y0, y1) = frame.xlim, frame.ylim
    return bool(x0 <= x[0] <= x1 and y0 <= y[0] <= y1)


def inset_texts(m) -> list[str]:
    return [t.get_text() for t in m.inset_ax.texts]


def test_seed_png_trains_fill_the_main_map_and_moscow_is_in_the_inset(seed_built) -> None:
    m = rs._draw(seed_built, RenderOptions(lang="en"), None, ax=None)
    assert train_share(m) >= 0.40  # Pyongyang -> Vladivostok (0.02 with Moscow in the frame)
    assert not in_frame(m.frame, MOSCOW)
    assert m.inset_ax is not None
    assert in_frame(m.inset_frame, MOSCOW)
    moscow = seed_built.places.set_index("id").at["moscow", "name"]  # in the story's language
    assert moscow in inset_texts(m)
    # The PNG is that map: as wide as asked, and taller than wide (a north-south story).
    png = rs.render_static(seed_built, fmt="png", lang="en")
    img = Image.open(io.BytesIO(png))
    assert img.width == 1600
    assert img.height > img.width


def test_kyiv_png_frames_poland_and_ukraine(kyiv_built) -> None:
    m = rs._draw(kyiv_built, RenderOptions(), None, ax=None)
    assert train_share(m) >= 0.40  # Przemyśl -> Kyiv (0.04 with Washington in the frame)
    west, south, east, north = m.frame.lonlat_bbox()
    assert 19.0 < west < 21.0  # Warsaw at the western edge, Germany out of frame
    assert 30.5 < east < 33.0  # Kyiv at the eastern edge
    assert 47.0 < south < 49.0
    assert 52.2 < north < 54.5
    assert m.inset_ax is not None
    assert in_frame(m.inset_frame, ANDREWS)
    assert "Ramstein Air Base" in inset_texts(m)


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_inset_covers_no_leg_marker_or_scale_bar(lang: str, seed_built, kyiv_built) -> None:
    for built in (seed_built, kyiv_built):
        m = rs._draw(built, RenderOptions(lang=lang), None, ax=None)
        renderer = m.fig.canvas.get_renderer()
        box = m.inset_ax.get_window_extent(renderer)
        for xy in m.drawn_xy:
            dense = shapely.get_coordinates(shapely.segmentize(shapely.LineString(xy),
                                                               m.pt_to_m(1.0)))  # fmt: skip
            pts = m.ax.transData.transform(dense)
            hits = (pts[:, 0] > box.x0) & (pts[:, 0] < box.x1) & (pts[:, 1] > box.y0)
            assert not (hits & (pts[:, 1] < box.y1)).any()
        assert not any(box.overlaps(b) for b in marker_boxes(m))
        frame = m.ax.get_window_extent(renderer)
        assert frame.contains(box.x0, box.y0)
        assert frame.contains(box.x1, box.y1)
        # Labels (placed after the inset) keep off it too.
        for text in m.ax.texts:
            ext = text.get_window_extent(renderer)
            assert not ext.overlaps(Bbox(box.get_points())), text.get_text()


def test_inset_none_and_focus_reach_the_static_map(seed_built) -> None:
    m = rs._draw(seed_built, RenderOptions(inset="none"), None, ax=None)
    assert m.inset_ax is None
    assert not in_frame(m.frame, MOSCOW)  # still the dense part, without the inset
    m = rs._draw(seed_built, RenderOptions(focus=("shoigu",)), None, ax=None)
    assert in_frame(m.frame, MOSCOW)
    assert m.inset_ax is None  # everything is in that frame


def test_a_whole_story_keeps_its_frame_without_inset() -> None:
    from _static_fixture import make_local_built  # noqa: PLC0415

    m = rs._draw(make_local_built("en"), RenderOptions(), None, ax=None)
    assert m.framing.how == "story"
    assert m.inset_ax is None


def test_framed_maps_are_deterministic(seed_built) -> None:
    built = make_built("en")
    assert rs.render_static(built, fmt="svg") == rs.render_static(built, fmt="svg")
    assert rs.render_static(built, fmt="png", dpi=80) == rs.render_static(built, fmt="png", dpi=80)
