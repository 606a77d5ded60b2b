"""Maps in the reader's language: numbers, units and dates through CLDR, in every renderer."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET

import pytest

from legmap import build_story, render_html, render_static, to_geojson

SVG_TEXT = "{http://www.w3.org/2000/svg}text"
GROUPED_RU = re.compile("1[\u00a0\u202f ]201")  # CLDR groups with a (narrow) no-break space


def svg_texts(svg: bytes) -> str:
    return "\n".join("".join(el.itertext()) for el in ET.fromstring(svg).iter(SVG_TEXT))


def page_text(page: str) -> str:
    # Popups and tooltips live in JSON inside the page: decode its \\u escapes.
    return re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)), page)


@pytest.fixture(scope="module")
def seed_ru(seed_story, gazetteer):
    return build_story(seed_story, gazetteer=gazetteer, lang="ru")


def test_russian_html_groups_thousands_and_names_the_month(seed_ru) -> None:
    page = page_text(render_html(seed_ru, tiles="none"))
    assert GROUPED_RU.search(page)  # Kim's train, 1,201 km of track
    assert "1,201" not in page  # a Russian reads "1,201" as 1.201
    assert "сентябрь 2023" in page
    assert "2023-09" not in page.replace('"2023-09"', "")  # data attributes may keep ISO


def test_russian_static_map_has_no_comma_grouped_numbers(seed_ru) -> None:
    texts = svg_texts(render_static(seed_ru, fmt="svg"))
    assert re.search("1[\u00a0\u202f ]620", texts)  # rail distance in the claim check
    assert not re.search(r"\d,\d{3}", texts)
    assert "сент" in texts


def test_korean_dates(seed_story, gazetteer) -> None:
    built = build_story(seed_story, gazetteer=gazetteer, lang="ko")
    texts = svg_texts(render_static(built, fmt="svg"))
    assert "2023년 9월" in texts
    assert "2023-09" not in texts


def test_geojson_keeps_iso_dates(seed_ru) -> None:
    # Data for GIS stays machine-readable whatever the map language.
    doc = json.loads(to_geojson(seed_ru))
    dates = {f["properties"].get("date") for f in doc["features"]} - {None}
    assert "2023-09" in dates
