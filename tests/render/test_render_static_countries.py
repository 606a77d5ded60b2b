"""Country names on static maps (issue 12.5): CLDR names in the map's language, no collisions."""

from __future__ import annotations

import importlib
import xml.etree.ElementTree as ET

import pytest

from _built_fixture import make_built
from legmap.render.static._countries import COUNTRY_COLOUR, country_name
from legmap.render.static._text import shape

rs = importlib.import_module("legmap.render.static.renderer")
SVG_NS = "{http://www.w3.org/2000/svg}"


def svg_texts(svg: bytes) -> list[str]:
    return ["".join(el.itertext()) for el in ET.fromstring(svg).iter(f"{SVG_NS}text")]


@pytest.mark.parametrize(
    ("lang", "names"),
    [
        ("en", ["NORTH KOREA", "CHINA", "RUSSIA"]),
        ("ru", ["КНДР", "КИТАЙ", "РОССИЯ"]),
        ("ko", ["북한", "중국", "러시아"]),
        ("ar", ["كوريا الشمالية", "الصين", "روسيا"]),
        ("zh", ["朝鲜", "中国", "俄罗斯"]),
        ("uk", ["ПІВНІЧНА КОРЕЯ", "КИТАЙ", "РОСІЯ"]),
    ],
)
def test_country_names_in_the_map_language(lang: str, names: list[str]) -> None:
    texts = svg_texts(rs.render_static(make_built("en"), fmt="svg", lang=lang))
    for name in names:
        assert shape(name) in texts, (name, texts[:12])


def test_cldr_names() -> None:
    assert country_name("KP", "en") == "North Korea"
    assert country_name("UA", "uk") == "Україна"
    assert country_name("PL", "fr") == "Pologne"
    assert country_name("XX", "en", default="Elsewhere") == "Elsewhere"


def test_country_names_collide_with_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: dict[str, object] = {}
    original = rs.place_labels

    def spy(ax, renderer, requests, **kw):
        texts = original(ax, renderer, requests, **kw)
        seen["texts"] = texts
        seen["renderer"] = renderer
        seen["obstacles"] = kw["obstacles"]
        return texts

    monkeypatch.setattr(rs, "place_labels", spy)
    for lang in ("en", "ar", "ko"):
        rs.render_static(make_built(lang), fmt="png", lang=lang, dpi=100)
        texts, renderer = seen["texts"], seen["renderer"]
        boxes = [(t.get_color() == COUNTRY_COLOUR, t.get_window_extent(renderer)) for t in texts]
        countries = [b for is_country, b in boxes if is_country]
        assert len(countries) >= 2, lang
        for i, (_, box) in enumerate(boxes):
            assert not any(box.overlaps(other) for _, other in boxes[i + 1 :]), lang
            assert not any(box.overlaps(o) for o in seen["obstacles"]), lang  # markers, inset


def test_country_names_go_under_the_legs() -> None:
    fig = rs.render_figure(make_built("en"), dpi=100)
    ax = fig.axes[0]
    names = [t for t in ax.texts if t.get_color() == COUNTRY_COLOUR]
    assert names
    assert max(t.get_zorder() for t in names) < 10  # legs stack from zorder 10
