"""Alt text (issue 12.4): the map described in its language, everywhere the map goes."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path

import pytest

from _built_fixture import PAYLOADS, make_built
from legmap._i18n import format_km, t
from legmap.config import RenderOptions
from legmap.legs.build import build_story
from legmap.publish import publish
from legmap.render.alt import MAX_SENTENCES, alt_text, svg_with_alt
from legmap.render.html._assets import esc
from legmap.render.html.renderer import embed_snippet, render_html

# A sentence ends at a full stop followed by a space (or the end); "1,201" and
# "Jong-un's" do not end one.
_END = {"zh": r"。", "default": r"\.(?=\s|$)"}


def _sentences(text: str, lang: str) -> int:
    return len(re.findall(_END.get(lang, _END["default"]), text))


@pytest.mark.parametrize("lang", ["en", "ar", "ru", "ko", "zh", "uk", "fr", "es"])
def test_seed_story_described_in_two_to_five_sentences(seed_story, lang: str) -> None:
    built = build_story(seed_story, lang=lang)
    text = alt_text(built)
    assert 2 <= _sentences(text, lang) <= MAX_SENTENCES, text
    assert text.startswith(t("alt.map", lang, title=built.title))
    # Every journey by its title, and the routes by the names the map shows.
    for title in dict.fromkeys(built.legs["journey_title"]):
        assert title in text, title
    for name in ("from_name", "to_name"):
        for place in built.legs[name]:
            assert place in text, place
    # Distances as the map shows them: Kim's train by rail, the claim and its verdict.
    assert format_km(1201.0, lang=lang) in text
    assert format_km(950 * 1.609344, lang=lang) in text  # the claimed 950 miles
    assert t("verdict.rail", lang) in text
    assert t("mode.train", lang).lower() in text.lower()
    assert alt_text(built) == text  # deterministic


def test_russian_alt_text_groups_numbers_the_russian_way(seed_story) -> None:
    text = alt_text(build_story(seed_story, lang="ru"))
    assert re.search("1[\u00a0\u202f ]201 км", text)
    assert "1,201" not in text


def test_who_travels_and_how_certain() -> None:
    built = make_built("en")
    text = alt_text(built)
    assert "from Pyongyang to Vladivostok (train," in text
    assert "expected" in text
    assert "possible" in text
    assert "6,4" in text  # the flights' great-circle distances
    assert "in a straight line" in text  # legs legmap does not route say so


def test_many_journeys_stay_within_five_sentences_and_are_all_named() -> None:
    legs = [
        (f"j{i}", "flight", "confirmed", "moscow", "pyongyang", None, f"Leg {i}") for i in range(8)
    ]
    built = make_built("en", legs=[])
    built = replace(make_built("en"), legs=built.legs)  # no legs, events stay
    assert _sentences(alt_text(built), "en") >= 2
    from _built_fixture import TITLES  # noqa: PLC0415

    for i in range(8):
        TITLES.setdefault(f"j{i}", {"en": f"Journey number {i}"})
    try:
        many = make_built("en", legs=legs)
        text = alt_text(many)
    finally:
        for i in range(8):
            TITLES.pop(f"j{i}", None)
    assert _sentences(text, "en") <= MAX_SENTENCES
    for i in range(8):
        assert f"Journey number {i}" in text
    assert "Also on the map:" in text


def test_units_follow_the_options() -> None:
    text = alt_text(make_built("en"), units="mi")
    assert "950 miles" in text
    assert " km" not in text


@pytest.mark.parametrize("payload", PAYLOADS)
def test_alt_text_is_plain_text_escaped_where_it_lands(payload: str) -> None:
    built = make_built("en", payload=payload)
    text = alt_text(built)
    assert payload in text  # plain text: the caller escapes
    page = render_html(built, options=RenderOptions(tiles="none"))
    assert f'<div id="lm-alt" class="lm-sr" lang="en" dir="ltr">{esc(text)}</div>' in page
    assert f'<meta name="description" content="{esc(text)}">' in page
    assert "<img src=x" not in page
    snippet = embed_snippet("m.html", title=built.title, lang="en", alt=text)
    assert esc(text) in snippet
    assert "<script>" not in snippet
    svg = svg_with_alt(b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"/>',
                       title=built.title, alt=text)  # fmt: skip
    root = ET.fromstring(svg)  # still well-formed XML
    ns = "{http://www.w3.org/2000/svg}"
    assert root.find(f"{ns}desc").text == text  # type: ignore[union-attr]
    assert root.find(f"{ns}title").text == built.title  # type: ignore[union-attr]


def test_embed_snippet_describes_the_frame() -> None:
    snippet = embed_snippet("kim putin.html", title="Kim", lang="ar", alt="خريطة")
    ident = re.search(r'aria-describedby="([^"]+)"', snippet)
    assert ident is not None
    assert f'<p id="{ident.group(1)}"' in snippet
    assert "خريطة" in snippet
    assert "aria-describedby" not in embed_snippet("k.html", title="Kim", lang="ar")


def test_svg_gets_title_and_desc_first(seed_built) -> None:  # type: ignore[no-untyped-def]
    from legmap.render.static.renderer import render_static  # noqa: PLC0415

    svg = render_static(seed_built, fmt="svg", dpi=50)
    root = ET.fromstring(svg)
    ns = "{http://www.w3.org/2000/svg}"
    assert root[0].tag == f"{ns}title"
    assert root[0].text == seed_built.title
    assert root[1].tag == f"{ns}desc"
    assert root[1].text == alt_text(seed_built)
    assert render_static(seed_built, fmt="svg", dpi=50) == svg  # deterministic


def test_publish_writes_the_alt_text_beside_the_maps(seed_built, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    written = publish(seed_built, tmp_path, stem="seed", formats=["html", "geojson"])
    alt = tmp_path / "seed.alt.txt"
    assert alt in written
    text = alt.read_text(encoding="utf-8")
    assert text == alt_text(seed_built) + "\n"
    for title in dict.fromkeys(seed_built.legs["journey_title"]):
        assert title in text
    snippet = (tmp_path / "seed.embed.html").read_text(encoding="utf-8")
    assert esc(alt_text(seed_built)) in snippet
    only_data = tmp_path / "data"
    publish(seed_built, only_data, stem="seed", formats=["geojson"])
    assert not (only_data / "seed.alt.txt").exists()  # no picture, no alt text
