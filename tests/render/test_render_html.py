"""Fast tests of the HTML renderer (no browser)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from _built_fixture import PAYLOADS, make_built
from legmap._i18n import LANGS, t
from legmap.config import RenderOptions
from legmap.errors import RenderError
from legmap.legs.build import build_story
from legmap.render.html._assets import esc, js, safe_url
from legmap.render.html.renderer import embed_snippet, render_html
from legmap.render.style import MODE_STYLES, journey_colour
from legmap.story import load_story

OSM = RenderOptions(tiles="OpenStreetMap.Mapnik")
REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def page_en() -> str:
    return render_html(make_built("en"), options=OSM)


def test_deterministic(page_en: str) -> None:
    assert render_html(make_built("en"), options=OSM) == page_en


def test_deterministic_self_contained_vector() -> None:
    opts = RenderOptions(tiles="none", self_contained=True)
    assert render_html(make_built("ar"), options=opts) == render_html(
        make_built("ar"), options=opts
    )


def test_no_random_ids(page_en: str) -> None:
    assert not re.search(r"[0-9a-f]{32}", page_en)
    assert 'id="map_' in page_en


@pytest.mark.parametrize("payload", PAYLOADS)
def test_story_text_is_inert(payload: str) -> None:
    page = render_html(make_built("en", payload=payload), options=OSM)
    assert payload not in page or payload == "javascript:alert(1)"
    assert "<script>alert(1)" not in page
    assert "<img src=x" not in page
    assert "X49X" not in page  # {{ 7*7 }} never evaluated by Jinja
    assert "{% raw %}" not in page
    assert 'href="javascript:' not in page
    assert "</script><!--" not in page
    # Only legmap's own script blocks: the payload opened none.
    assert page.count("<script") == page_en_script_count()
    # The payload is still there, as text, where it belongs.
    assert f"<title>{esc(payload)}</title>" in page


_SCRIPTS: list[int] = []


def page_en_script_count() -> int:
    if not _SCRIPTS:
        _SCRIPTS.append(render_html(make_built("en"), options=OSM).count("<script"))
    return _SCRIPTS[0]


def test_template_syntax_shown_literally() -> None:
    page = render_html(make_built("en", payload="X{{ 7*7 }}X"), options=OSM)
    assert "X&#123;&#123; 7*7 &#125;&#125;X" in page  # as HTML text: shows "X{{ 7*7 }}X"


def test_javascript_source_not_linked() -> None:
    page = render_html(make_built("en", payload="javascript:alert(1)"), options=OSM)
    assert "javascript:alert(1)" in page  # shown as text
    assert not re.search(r"href=\\?\"javascript", page)


def test_http_source_linked_safely() -> None:
    page = render_html(make_built("en"), options=OSM)
    assert "https://example.org/story?leg=0\\u0026amp;j=kim-visit" in page
    assert "noopener noreferrer" in page


def test_self_contained_has_no_external_assets() -> None:
    page = render_html(make_built("en"), options=RenderOptions(tiles="none", self_contained=True))
    assert "<script src=" not in page
    assert not re.search(r"<link[^>]+href=[\"']?(https?:)?//", page)
    assert "tile.openstreetmap.org" not in page
    assert "L.map(" in page
    assert "legmap.leg(" in page
    assert "images/layers.png" not in page  # inlined as data: URI
    for lib in ("jquery", "bootstrap", "awesome-markers", "font-awesome", "fontawesome"):
        assert lib not in page.lower()


def test_cdn_mode_loads_only_leaflet(page_en: str) -> None:
    srcs = re.findall(r"<script src=\"([^\"]+)\"", page_en)
    assert srcs == ["https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js"]
    links = re.findall(r"<link[^>]+href=\"([^\"]+)\"", page_en)
    assert links == ["https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.css"]


def test_rtl_document_and_boxes() -> None:
    page = render_html(make_built("ar"), options=OSM)
    assert '<html lang="ar" dir="rtl">' in page
    assert 'lang=\\"ar\\" dir=\\"rtl\\"' in page  # legend, title, popups (JSON-escaped)
    assert 'u003cbdi dir=\\"ltr\\"' in page  # numbers isolated (JSON: \u003c)
    assert '"labelsLeft":true' in page


def test_ltr_document(page_en: str) -> None:
    assert '<html lang="en" dir="ltr">' in page_en


@pytest.mark.parametrize("lang", LANGS)
def test_legend_in_language(lang: str) -> None:
    page = render_html(make_built("en"), options=RenderOptions(tiles="none", lang=lang))
    for key in ("legend", "journeys", "modes", "certainty", "mode.train", "mode.flight",
                "certainty.possible", "events"):  # fmt: skip
        assert esc(t(key, lang)) in page, key


def test_units_miles() -> None:
    page = render_html(make_built("en"), options=RenderOptions(tiles="none", units="mi"))
    assert '"metric":false' in page
    assert "</bdi> mi" in page.replace("\\u003c", "<").replace("\\u003e", ">")


def test_tiles_and_attribution(page_en: str) -> None:
    assert "tile.openstreetmap.org" in page_en
    assert "OpenStreetMap" in page_en
    assert "GeoNames, OpenStreetMap, Wikipedia" in page_en


def test_vector_basemap_credit() -> None:
    page = render_html(make_built("en"), options=RenderOptions(tiles="none"))
    assert "GSHHG, Natural Earth" in page
    assert "legmap.basemap(" in page


def test_unknown_tiles_suggests() -> None:
    with pytest.raises(RenderError, match=r"did you mean: .*OpenStreetMap.Mapnik"):
        render_html(make_built("en"), options=RenderOptions(tiles="OpenStreetMap.Mapnk"))


def test_tiles_needing_a_key_refused() -> None:
    with pytest.raises(RenderError, match="API key"):
        render_html(make_built("en"), options=RenderOptions(tiles="CartoDB.Positron"))


def test_one_layer_per_journey(page_en: str) -> None:
    groups = re.findall(r"var feature_group_\d+ = L.featureGroup\(", page_en)
    assert len(groups) == 5  # 4 journeys + places/events
    # The legend switches the layers (no separate Leaflet layer control).
    assert "L.control.layers(" not in page_en
    registered = re.findall(r'legmap.group\(feature_group_\d+, \{"key":"(\w+)"\}\)', page_en)
    assert registered == ["j0", "j1", "j2", "j3", "places"]
    for key in ("j0", "j1", "j2", "places"):  # j3, the claim check, has no journey colour
        assert f'data-layer=\\"{key}\\"' in page_en
        assert key == "places" or f'data-zoom=\\"{key}\\"' in page_en


def test_coordinates_rounded(page_en: str) -> None:
    assert not re.search(
        r"\d\.\d{6,}", page_en.split("<script>", 1)[1].split("</script>", maxsplit=1)[0]
    )
    # The dense train line is simplified for its scale.
    assert page_en.count("[") < 4000


def test_empty_story_renders() -> None:
    page = render_html(make_built("en", legs=[]), options=OSM)
    assert "legmap.setup(" in page


def test_embed_snippet() -> None:
    snip = embed_snippet("kim-putin.html", title='Kim <"trip">', lang="ar")
    assert 'src="kim-putin.html"' in snip
    assert "aspect-ratio:4/3" in snip
    assert "width:100%" in snip
    assert 'title="Kim &lt;&quot;trip&quot;&gt;"' in snip
    assert 'dir="rtl"' in snip
    with pytest.raises(RenderError):
        embed_snippet("javascript:alert(1)", title="x", lang="en")
    assert "https://example.org/m.html" in embed_snippet(
        "https://example.org/m.html", title="x", lang="en"
    )


def test_js_escaping() -> None:
    out = js({"a": "</script><!--{{x}}{%y%}{#z#}\u2028'"})
    for bad in ("</", "<!--", "{{", "{%", "{#", "\u2028", "'"):
        assert bad not in out


def test_safe_url() -> None:
    assert safe_url("http://a.b/c") == "http://a.b/c"
    for bad in ("javascript:alert(1)", "JaVaScRiPt:x", "data:text/html,x", "//a.b", "http://a b"):
        assert safe_url(bad) is None


def _seed_built(lang: str):  # type: ignore[no-untyped-def]
    story_file = REPO / "geo" / "stories" / "kim-putin-2023.toml"
    return build_story(load_story(story_file), lang=lang)


@pytest.mark.slow
def test_seed_story_self_contained_under_1mb() -> None:
    built = _seed_built("ar")
    opts = RenderOptions(tiles="none", self_contained=True)
    page = render_html(built, options=opts)
    assert len(page.encode("utf-8")) < 1_000_000
    assert page == render_html(built, options=opts)
    assert '<html lang="ar" dir="rtl">' in page
    assert page.count("legmap.leg(") == len(built.legs)


def test_distance_only_journey_has_no_legend_colour(seed_built) -> None:
    # The claim check is drawn in the fixed measuring-line grey: the legend must not
    # promise a journey colour that appears nowhere on the map.
    page = render_html(seed_built)
    claim_colour = journey_colour(3)  # the fourth journey of the seed story
    assert claim_colour not in page
    assert MODE_STYLES["distance"].colour in page


# ------------------------------------------- issue 12: framing, inset, dark pages


def _setup_spec(page: str) -> dict:  # type: ignore[type-arg]
    import json  # noqa: PLC0415

    spec = page.split("legmap.setup(", 1)[1].split(", ", 1)[1].rsplit(");\n</script>", 1)[0]
    return json.loads(spec.rsplit(");", 1)[0])  # type: ignore[no-any-return]


def test_opens_on_the_dense_part_with_a_locator_inset() -> None:
    page = render_html(make_built("en"), options=RenderOptions(tiles="none"))
    spec = _setup_spec(page)
    (_, west), _ = spec["bounds"]
    assert west > 120  # Pyongyang .. Vostochny, not Moscow (37.6 E)
    assert spec["whole"][0][1] < 40  # the whole story reaches Moscow
    assert spec["inset"]["svg"].startswith("<svg")
    assert 'class="lm-i-view"' in spec["inset"]["svg"]
    assert "Show the whole story" in spec["legend"]


def test_focus_and_no_inset_from_the_options() -> None:
    opts = RenderOptions(tiles="none", focus=("shoigu",), inset="none")
    spec = _setup_spec(render_html(make_built("en"), options=opts))
    (_, west), (_, east) = spec["bounds"]
    assert west < 38 < 125 < east  # Moscow to Pyongyang
    assert spec["inset"] is None


def test_dark_tiles_only_when_the_provider_has_them() -> None:
    page = render_html(make_built("en"), options=RenderOptions(tiles="Stadia.AlidadeSmooth"))
    assert page.count("L.tileLayer(") == 2
    assert "alidade_smooth_dark" in page
    assert "legmap.tiles(tile_layer_" in page
    plain = render_html(make_built("en"), options=RenderOptions(tiles="OpenStreetMap.Mapnik"))
    assert plain.count("L.tileLayer(") == 1


def test_basemap_and_casings_recoloured_by_css_for_dark_pages() -> None:
    page = render_html(make_built("en"), options=RenderOptions(tiles="none"))
    for cls in ("lm-bm-land", "lm-bm-land lm-bm-coast", "lm-bm-border", "lm-halo"):
        assert f'"className":"{cls}"' in page, cls
    dark = page.split("@media (prefers-color-scheme: dark)", 1)[1]
    for rule in (".lm-bm-land {", ".lm-bm-border {", ".lm-halo {", "--lm-box:"):
        assert rule in dark, rule


def test_rtl_furniture_is_mirrored() -> None:
    spec = _setup_spec(render_html(make_built("ar"), options=RenderOptions(tiles="none")))
    assert (spec["titlePos"], spec["zoomPos"]) == ("topright", "topleft")
    assert (spec["legendPos"], spec["scalePos"]) == ("bottomleft", "bottomright")
    assert spec["dir"] == "rtl"
