"""Overlapping legs keep their ends (issue 10.5): small, bounded, tapered offsets.

Flights Andrews -> Ramstein -> Rzeszów and a road Rzeszów -> Warsaw: the old
side-by-side offset moved the whole Ramstein -> Rzeszów flight because the
short road touched it, and lines sharing a track were drawn 20-30 px apart,
neither reaching its station.
"""

from __future__ import annotations

import importlib
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from legmap.legs.build import build_story
from legmap.render.static import _legs_layer
from legmap.render.static._offsets import SIDES, offset_lines
from legmap.story import load_story

rs = importlib.import_module("legmap.render.static.renderer")

POLAND = """
title = "Andrews - Ramstein - Rzeszow, then Warsaw"
lang = "en"
[[journeys]]
id = "flights"
title = "Flights"
[[journeys.legs]]
from = "KADW"
to = "ETAR"
mode = "flight"
[[journeys.legs]]
from = "ETAR"
to = "EPRZ"
mode = "flight"
[[journeys]]
id = "road"
title = "By road"
[[journeys.legs]]
from = "EPRZ"
to = "Warsaw"
mode = "road"
[[journeys]]
id = "back"
title = "Home"
[[journeys.legs]]
from = "EPRZ"
to = "ETAR"
mode = "flight"
"""


def _spy_drawn(monkeypatch: pytest.MonkeyPatch) -> dict[str, object]:
    seen: dict[str, object] = {}
    original = _legs_layer.offset_lines

    def spy(lines, spacing, **kw):
        out = original(lines, spacing, **kw)
        seen.update(before=lines, after=out, spacing=spacing)
        return out

    monkeypatch.setattr(_legs_layer, "offset_lines", spy)  # where the legs are drawn
    return seen


def test_short_leg_touching_a_long_one_moves_nothing(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, gazetteer
) -> None:
    story = tmp_path / "poland.toml"
    story.write_text(POLAND, encoding="utf-8")
    built = build_story(load_story(story), gazetteer=gazetteer)
    seen = _spy_drawn(monkeypatch)
    rs.render_figure(built, dpi=100)
    before, after, spacing = seen["before"], seen["after"], seen["spacing"]
    assert isinstance(spacing, float)
    # Andrews -> Ramstein and the road touch nothing for long: drawn where they are.
    for i in (0, 2):
        assert np.array_equal(before[i], after[i])  # type: ignore[index]
    # Ramstein -> Rzeszów and its return share the whole way: apart, ends kept.
    out, back = after[1], after[3]  # type: ignore[index]
    for xy, orig in ((out, before[1]), (back, before[3])):  # type: ignore[index]
        assert np.allclose(xy[0], orig[0])
        assert np.allclose(xy[-1], orig[-1])
    mid_out, mid_back = out[len(out) // 2], back[len(back) // 2]
    gap = float(np.hypot(*(mid_out - mid_back)))
    assert 0.9 * spacing < gap < 1.1 * spacing  # side by side, one spacing apart
    # Rzeszów keeps its marker, where both flights and the road end.
    m = rs._draw(built, rs.RenderOptions(dpi=100), None, ax=None)
    kept = {row["id"]: row["xy"] for row in m.kept}
    rzeszow = np.array(kept["icao:EPRZ"])
    for i in (1, 2, 3):
        end = after[i][-1] if i == 1 else after[i][0]  # type: ignore[index]
        assert np.allclose(end, rzeszow)


def test_seed_trains_run_side_by_side_and_end_at_their_stations(
    monkeypatch: pytest.MonkeyPatch, seed_built
) -> None:
    seen = _spy_drawn(monkeypatch)
    rs.render_figure(seed_built, dpi=100)
    before, after, spacing = seen["before"], seen["after"], seen["spacing"]
    trains = list(np.flatnonzero(seed_built.legs["mode"] == "train"))
    assert len(trains) == 2
    a, b = (after[i] for i in trains)  # type: ignore[index]
    assert np.allclose(a[[0, -1]], before[trains[0]][[0, -1]])  # type: ignore[index]
    assert np.allclose(b[[0, -1]], before[trains[1]][[0, -1]])  # type: ignore[index]
    assert np.hypot(*(a[len(a) // 2] - b[len(b) // 2])) > 0.9 * spacing  # type: ignore[operator]


# ------------------------------------------------------------------ properties


@st.composite
def polylines(draw: st.DrawFn) -> np.ndarray:
    n = draw(st.integers(2, 6))
    pts = draw(st.lists(st.tuples(st.floats(0, 100), st.floats(0, 100)), min_size=n, max_size=n))
    xy = np.array(pts, dtype=float)
    if np.ptp(xy, axis=0).max() < 1.0:
        xy[-1] += 5.0
    return xy


@st.composite
def leg_sets(draw: st.DrawFn) -> list[np.ndarray]:
    """Lines, some drawn twice or run back (a return on the same track)."""
    base = draw(st.lists(polylines(), min_size=1, max_size=5))
    lines = list(base)
    for xy in base:
        copies = draw(st.integers(0, 2))
        lines += [xy.copy() if draw(st.booleans()) else xy[::-1].copy() for _ in range(copies)]
    return lines


@settings(max_examples=150, deadline=None)
@given(leg_sets(), st.floats(0.5, 4.0))
def test_offsets_vanish_at_ends_and_stay_bounded(lines: list[np.ndarray], spacing: float) -> None:
    out = offset_lines(lines, spacing)
    assert len(out) == len(lines)
    bound = max(abs(s) for s in SIDES) * spacing + 1e-9
    for before, after in zip(lines, out, strict=True):
        assert np.allclose(after[0], before[0])
        assert np.allclose(after[-1], before[-1])
        # Every drawn point lies within the bound of the leg's true path.
        seg_a, seg_b = before[:-1], before[1:]
        d = seg_b - seg_a
        length2 = np.maximum((d**2).sum(axis=1), 1e-12)
        t = np.clip(((after[:, None, :] - seg_a) * d).sum(axis=2) / length2, 0, 1)
        nearest = seg_a + t[..., None] * d
        dist = np.hypot(*(after[:, None, :] - nearest).transpose(2, 0, 1)).min(axis=1)
        assert dist.max() <= bound


def test_a_lone_leg_is_never_moved() -> None:
    a = np.array([[0.0, 0.0], [50.0, 10.0], [100.0, 0.0]])
    far = a + np.array([0.0, 40.0])
    out = offset_lines([a, far], spacing=2.0)
    assert np.array_equal(out[0], a)
    assert np.array_equal(out[1], far)
