"""Static PNG/SVG maps: size, content, text as text, shaping, projection, determinism."""

from __future__ import annotations

import importlib
import io
import re
import xml.etree.ElementTree as ET

import numpy as np
import pytest
from PIL import Image

from _built_fixture import make_built
from _static_fixture import make_local_built
from legmap.config import RenderOptions
from legmap.errors import RenderError
from legmap.render import _basemap
from legmap.render.static._text import has_rtl, shape

rs = importlib.import_module("legmap.render.static.renderer")  # the package re-exports the function
render_static = rs.render_static

SVG_NS = "{http://www.w3.org/2000/svg}"
HANGUL = re.compile("[\uac00-\ud7af]")


def svg_texts(svg: bytes) -> list[str]:
    root = ET.fromstring(svg)
    return ["".join(el.itertext()) for el in root.iter(f"{SVG_NS}text")]


@pytest.fixture(scope="module")
def png_en() -> bytes:
    return render_static(make_built("en"), fmt="png")


@pytest.fixture(scope="module")
def svg_en() -> bytes:
    return render_static(make_built("en"), fmt="svg")


def test_png_is_wide_and_not_blank(png_en):
    img = Image.open(io.BytesIO(png_en)).convert("RGB")
    assert img.width >= 1600
    px = np.asarray(img).reshape(-1, 3).astype(int)
    assert px.std() > 20
    assert len(np.unique(px[::7], axis=0)) > 50
    # The first journey's colour (#D55E00) is drawn.
    vermillion = np.abs(px - [0xD5, 0x5E, 0x00]).sum(axis=1) < 30
    assert vermillion.sum() > 200


def test_png_width_follows_options():
    png = render_static(make_built("en"), fmt="png", options=RenderOptions(width_px=1000, dpi=100))
    assert Image.open(io.BytesIO(png)).width == 1000


def test_svg_parses_and_keeps_labels_as_text(svg_en):
    texts = "\n".join(svg_texts(svg_en))
    for name in ("Moscow", "Vladivostok", "Pyongyang", "Vostochny Cosmodrome"):
        assert name in texts  # Moscow in the locator inset
    assert "Kim Jong-un's expected visit to Russia" in texts
    assert "Train" in texts
    assert "Flight" in texts
    assert "200 km" in texts  # scale bar of the main frame (Korea to the Amur)
    assert "GSHHG" in texts  # credit line


def test_arabic_map_holds_arabic_words():
    svg = render_static(make_built("ar"), fmt="svg")
    texts = "\n".join(svg_texts(svg))
    for word in ("موسكو", "فلاديفوستوك", "بيونغ يانغ", "قطار", "الرحلات"):
        assert shape(word) in texts, word
    assert "كم" in texts  # unit in the scale bar


def test_units_in_miles():
    svg = render_static(make_built("en", units="mi"), fmt="svg")
    assert any(re.fullmatch(r"[\d,]+ miles?", t) for t in svg_texts(svg))


def test_svg_is_deterministic():
    built = make_built("en")
    assert render_static(built, fmt="svg") == render_static(built, fmt="svg")


def test_projection_is_fitted_laea_not_lonlat():
    frame = rs.fit_frame([37.6, 131.9, 125.75], [55.75, 43.1, 39.0])
    op = frame.crs.coordinate_operation
    assert op.method_name == "Lambert Azimuthal Equal Area"
    params = {p.name: p.value for p in op.params}
    assert 80 < params["Longitude of natural origin"] < 90
    assert 45 < params["Latitude of natural origin"] < 50
    # A parallel is curved and meridians converge: not plain lon/lat.
    _x, y = frame.forward(np.array([40.0, 85.0, 130.0]), np.array([50.0, 50.0, 50.0]))
    assert abs(y[1] - (y[0] + y[2]) / 2) > 100_000
    xs, _ = frame.forward(np.array([120.0, 120.0]), np.array([40.0, 60.0]))
    assert abs(xs[0] - xs[1]) > 100_000


def test_close_up_uses_full_resolution_coast(monkeypatch):
    seen = []
    original = _basemap.load_basemap

    def spy(bbox, *, scale_km):
        bm = original(bbox, scale_km=scale_km)
        seen.append(bm.tier)
        return bm

    monkeypatch.setattr(_basemap, "load_basemap", spy)
    svg = render_static(make_local_built("en"), fmt="svg")
    assert seen == ["local"]
    texts = "\n".join(svg_texts(svg))
    assert "Far Eastern Federal University" in texts
    assert "Moscow" not in texts


def test_korean_with_cjk_font():
    if rs.make_text_kit("ko").fallback:  # pragma: no cover - machine without fonts-noto-cjk
        pytest.skip("no CJK font installed")
    texts = "\n".join(svg_texts(render_static(make_built("ko"), fmt="svg")))
    assert "모스크바" in texts


def test_missing_cjk_font_warns_and_falls_back_to_latin(monkeypatch):
    text_mod = importlib.import_module("legmap.render.static._text")
    monkeypatch.setattr(text_mod, "find_font", lambda lang, **_: None)
    with pytest.warns(UserWarning, match="no font"):
        svg = render_static(make_built("ko"), fmt="svg")
    texts = "\n".join(svg_texts(svg))
    assert not HANGUL.search(texts)
    assert "Moscow" in texts
    assert "Pyongyang" in texts
    assert "Train" in texts  # English legend


def test_unknown_format_is_a_render_error():
    with pytest.raises(RenderError, match="unknown static format"):
        render_static(make_built("en"), fmt="gif")


def map_texts(svg: bytes) -> list[str]:
    """Text drawn inside the map frame (labels, badges, scale bar), one entry per line."""
    root = ET.fromstring(svg)
    axes = next(g for g in root.iter(f"{SVG_NS}g") if g.get("id", "").startswith("axes"))
    return ["".join(el.itertext()) for el in axes.iter(f"{SVG_NS}text")]


def test_distance_label_is_short_and_full_verdict_goes_to_the_notes(svg_en):
    on_map = map_texts(svg_en)
    assert "1,012 km" in on_map  # measured straight line
    assert "claimed 1,529 km" in on_map
    assert "off by 51%" in on_map  # short verdict
    label = on_map[on_map.index("1,012 km") : on_map.index("off by 51%") + 1]
    assert len(label) == 3  # three short lines, nothing else between them
    assert max(len(text) for text in label) <= 30, label
    notes = [text for text in svg_texts(svg_en) if text.startswith("Claim check:")]
    assert len(notes) == 1  # one line at the bottom, outside the map
    assert "Vladivostok – Vostochny Cosmodrome" in notes[0]
    assert "Straight line 1,012 km" in notes[0]


def test_short_verdict_in_the_story_language():
    built = make_built("ar")
    built.legs.loc[built.legs["mode"] == "distance", "verdict"] = "rail"
    built.legs.loc[built.legs["mode"] == "distance", "rail_km"] = 1628.0
    svg = render_static(built, fmt="svg")
    on_map = map_texts(svg)
    assert shape("≈ المسافة بالسكك الحديدية") in on_map
    assert shape("المسافة المذكورة 1,529 كم") in on_map
    assert any(text.startswith(shape("التحقق من الادعاء")) for text in svg_texts(svg))


def test_events_are_numbered_badges_listed_in_the_legend(svg_en):
    on_map = map_texts(svg_en)
    for number in ("1", "2", "3"):
        assert number in on_map  # badges near Vladivostok and the cosmodrome
    assert not any("Lukashenko" in text for text in on_map)  # no event stacks on the map
    legend = svg_texts(svg_en)
    assert "Events" in legend
    # Dates as the map language writes them (CLDR), never ISO.
    assert "April 2022 · Putin met Lukashenko here, April 2022 (Vostochny Cosmodrome)" in legend
    assert any(t.startswith("Sep 10\u2009–\u200913, 2023 · Eastern Economic Forum") for t in legend)
    assert not any("2023-09" in t for t in legend)


def test_legend_explains_only_symbols_on_the_map(svg_en):
    texts = svg_texts(svg_en)
    assert "City" in texts
    assert "Spaceport" in texts
    # The main frame (Korea to the Amur) shows the airport and the border crossing ...
    assert "Airport" in texts
    assert "Border crossing" in texts
    # ... while the venue and the pier hide under Vladivostok at this scale.
    for kind in ("Venue", "Port"):
        assert kind not in texts
    local = svg_texts(render_static(make_local_built("en"), fmt="svg"))
    assert "Venue" in local
    assert "Port" in local


def test_english_map_is_all_english(svg_en):
    texts = svg_texts(svg_en)
    assert not [text for text in texts if has_rtl(text) or HANGUL.search(text)]


def test_labels_and_badges_do_not_overlap(monkeypatch):
    seen = {}
    original = rs.place_labels

    def spy(ax, renderer, requests, **kw):
        texts = original(ax, renderer, requests, **kw)
        seen["boxes"] = [t.get_window_extent(renderer) for t in texts]
        seen["obstacles"] = kw["obstacles"]
        return texts

    monkeypatch.setattr(rs, "place_labels", spy)
    for lang in ("en", "ar"):
        render_static(make_built(lang), fmt="png")
        boxes, obstacles = seen["boxes"], seen["obstacles"]
        assert len(boxes) >= 5  # four places and the distance check
        for i, box in enumerate(boxes):
            assert not any(box.overlaps(other) for other in boxes[i + 1 :]), lang
            assert not any(box.overlaps(other) for other in obstacles), lang
