"""Themes (issue 12.7): a newsroom's colours, fonts, line widths, basemap and credit line.

The example theme (geo/themes/newsroom.toml) must change the journey colours in
PNG, SVG and HTML; the default theme must be legmap's own look exactly.
"""

from __future__ import annotations

import importlib
import io
import re
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from _built_fixture import make_built
from legmap.errors import RenderError
from legmap.render import _basemap, style
from legmap.render.theme import DEFAULT_THEME, Theme, load_theme, parse_theme, resolve_theme

rs = importlib.import_module("legmap.render.static.renderer")
ROOT = Path(__file__).resolve().parents[2]
NEWSROOM = ROOT / "geo" / "themes" / "newsroom.toml"
LEGMAP_FIRST = style.JOURNEY_PALETTE[0]  # #D55E00, vermillion


def rgb(colour: str) -> np.ndarray:
    return np.array([int(colour[i : i + 2], 16) for i in (1, 3, 5)])


def pixels_near(png: bytes, colour: str, tol: int = 24) -> int:
    px = np.asarray(Image.open(io.BytesIO(png)).convert("RGB")).reshape(-1, 3).astype(int)
    return int((np.abs(px - rgb(colour)).sum(axis=1) < tol).sum())


@pytest.fixture(scope="module")
def newsroom() -> Theme:
    return load_theme(NEWSROOM)


def test_the_example_theme_loads(newsroom: Theme) -> None:
    assert newsroom.name == "Newsroom"
    assert newsroom.journey_palette[:2] == ("#005A8C", "#C8102E")
    assert newsroom.mode_colour("distance") == "#1A1A1A"
    assert newsroom.fonts[0] == "Noto Serif"
    assert newsroom.logo is not None
    assert newsroom.logo.is_file()
    assert newsroom.credit == "Graphic: The Newsroom"


def test_default_theme_is_legmaps_own_look() -> None:
    assert resolve_theme(None) is DEFAULT_THEME
    for mode in style.MODES:
        for certainty in style.CERTAINTIES:
            assert DEFAULT_THEME.leg_style(mode, certainty) == style.leg_style(mode, certainty)
    assert [DEFAULT_THEME.journey_colour(i) for i in range(9)] == [
        style.journey_colour(i) for i in range(9)
    ]
    # One palette for the basemap: the theme's defaults are the basemap module's.
    theme = DEFAULT_THEME
    assert (theme.land, theme.water, theme.coast, theme.borders) == (
        _basemap.LAND_COLOUR, _basemap.WATER_COLOUR, _basemap.COAST_COLOUR, _basemap.BORDER_COLOUR,
    )  # fmt: skip


def test_theme_palette_per_journey_and_mode_and_widths() -> None:
    theme = parse_theme(
        '[palette]\njourneys = ["#111111", "#222222"]\n'
        '[palette.journey]\nshoigu = "#ABCDEF"\n'
        '[palette.mode]\nflight = "#00FF00"\n'
        "[lines]\nscale = 2.0\n[lines.mode]\ntrain = 5\n"
    )
    assert theme.journey_colours(["a", "shoigu", "c"]) == {
        "a": "#111111", "shoigu": "#ABCDEF", "c": "#111111"}  # fmt: skip
    assert theme.leg_style("flight", "confirmed").colour == "#00FF00"
    assert theme.leg_style("train", "confirmed").weight == 10.0  # 5 px, twice
    assert theme.leg_style("train", "possible").weight == 8.0  # certainty still thins it
    assert theme.leg_style("road", "confirmed").weight == 6.0


@pytest.mark.parametrize(
    ("toml", "spot", "words"),
    [
        ('colour = "red"', "colour", "unknown key"),
        ('[palette]\njourneys = ["red"]', "palette.journeys[0]", "is not a colour"),
        ('[palette]\njourneys = "#ffffff"', "palette.journeys", "list of colours"),
        ('[palette.mode]\nbus = "#ffffff"', "palette.mode.bus", "unknown key"),
        ('[palette.journey]\nkim = "url(x)"', "palette.journey.kim", "is not a colour"),
        ("[fonts]\ntitle_size = 400", "fonts.title_size", "from 6 to 48"),
        ("[fonts]\nscale = true", "fonts.scale", "is not a number"),
        ('[fonts]\ntitle_weight = "heavy"', "fonts.title_weight", "bold"),
        ("[lines]\nscale = 0", "lines.scale", "from 0.25 to 4"),
        ('[basemap]\nland = "#12"', "basemap.land", "is not a colour"),
        ('[credit]\nlogo = "missing.png"', "credit.logo", "cannot read the logo"),
        ('[credit]\nlogo = "newsroom.toml"', "credit.logo", "must be a PNG"),
        ('[credit]\ntext = "a\\u001bb"', "credit.text", "control character"),
    ],
)
def test_theme_errors_name_the_spot(toml: str, spot: str, words: str) -> None:
    with pytest.raises(RenderError) as err:
        parse_theme(toml, file="t.toml", base=NEWSROOM.parent)
    assert f"t.toml: {spot}: " in str(err.value), str(err.value)
    assert words in str(err.value)


def test_theme_file_errors(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("[palette\n", encoding="utf-8")
    with pytest.raises(RenderError, match=r"bad\.toml: theme is not valid TOML"):
        load_theme(bad)
    with pytest.raises(RenderError, match="cannot read the theme"):
        load_theme(tmp_path / "none.toml")
    with pytest.raises(RenderError, match="a theme is a Theme or the path"):
        resolve_theme(42)


def test_example_theme_changes_journey_colours_in_png(newsroom: Theme) -> None:
    built = make_built("en")
    plain = rs.render_static(built, fmt="png")
    themed = rs.render_static(built, fmt="png", theme=newsroom)
    legmap_second = style.JOURNEY_PALETTE[1]  # the delegation's blue, drawn solid
    ours_first, ours_second = newsroom.journey_palette[:2]
    assert pixels_near(plain, LEGMAP_FIRST) > 200  # Kim's trip (expected: lighter)
    assert pixels_near(plain, legmap_second) > 1000
    assert pixels_near(plain, ours_first) + pixels_near(plain, ours_second) < 20
    assert pixels_near(themed, LEGMAP_FIRST) + pixels_near(themed, legmap_second) < 20
    assert pixels_near(themed, ours_first) > 50
    assert pixels_near(themed, ours_second) > 1000
    # The logo (its navy ground) is drawn at the bottom right.
    img = np.asarray(Image.open(io.BytesIO(themed)).convert("RGB")).astype(int)
    bottom = img[-img.shape[0] // 12 :, img.shape[1] // 2 :]
    assert (np.abs(bottom - rgb("#0B2545")).sum(axis=2) < 20).sum() > 200


def test_example_theme_changes_svg_colours_fonts_and_credit(newsroom: Theme) -> None:
    built = make_built("en")
    plain = rs.render_static(built, fmt="svg").decode()
    themed = rs.render_static(built, fmt="svg", theme=newsroom).decode()
    assert LEGMAP_FIRST.lower() in plain.lower()
    assert LEGMAP_FIRST.lower() not in themed.lower()
    assert "#005a8c" in themed.lower()
    assert "#c8102e" in themed.lower()
    assert "Noto Serif" in themed
    assert "Noto Serif" not in plain
    assert "Graphic: The Newsroom" in themed
    assert newsroom.land.lower() in themed.lower()  # basemap colours
    assert "<image" in themed  # the logo


def test_example_theme_changes_html_colours(newsroom: Theme) -> None:
    from legmap.render.html.renderer import render_html  # noqa: PLC0415

    built = make_built("en")
    plain = render_html(built, tiles="none")
    themed = render_html(built, tiles="none", theme=NEWSROOM)  # a path works too
    assert "#005A8C" in themed
    assert "#C8102E" in themed
    assert "#005A8C" not in plain
    assert LEGMAP_FIRST in plain
    assert LEGMAP_FIRST not in themed


def test_theme_is_deterministic(newsroom: Theme) -> None:
    built = make_built("en")
    a = rs.render_static(built, fmt="svg", theme=newsroom)
    assert a == rs.render_static(built, fmt="svg", theme=load_theme(NEWSROOM))


# ------------------------------------------------- the HTML map (browser: test_browser_theme)


def test_html_without_a_theme_writes_no_theme(newsroom: Theme) -> None:
    from legmap.render.html.renderer import render_html  # noqa: PLC0415

    built = make_built("en")
    plain = render_html(built, tiles="none")
    # A theme equal to legmap's own look (not the default object) writes the same bytes.
    assert render_html(built, tiles="none", theme=Theme(name="ours")) == plain
    themed = render_html(built, tiles="none", theme=newsroom)
    assert "Noto Serif" not in plain
    assert "data:image/png" not in plain
    assert "Graphic: The Newsroom" not in plain
    assert 'font-family: "Noto Serif", "DejaVu Serif", system-ui, ' in themed
    assert '"fillColor":"#F3F1EC"' in themed  # the offline basemap's land
    assert '"water":"#DDE7EE"' in themed
    assert 'class=\\"lm-i-land\\" d=' in plain
    assert 'fill=\\"#F3F1EC\\"' in themed  # the locator inset's land (in JSON)
    assert themed.count('\\u003cimg class=\\"lm-logo\\" src=\\"data:image/png;base64,') == 1


def test_html_theme_css_keeps_legmaps_font_stack() -> None:
    from legmap.render.html._assets import legmap_css  # noqa: PLC0415
    from legmap.render.html._theme import legmap_fonts, theme_css  # noqa: PLC0415

    stack = legmap_fonts()
    assert f"font: 13px/1.35 {stack[:40]}" in legmap_css().replace("\n        ", " ")
    assert '"Noto Sans Arabic"' in stack
    assert '"Noto Sans CJK KR"' in stack
    css = theme_css(replace(DEFAULT_THEME, fonts=("Fira Sans",)))
    assert css == f'.leaflet-container {{ font-family: "Fira Sans", {stack}; }}'


@pytest.mark.parametrize(
    "name", ['"</style><script>alert(1)</script>', "a'b;}c{d", "x\\y", "<!--", "{{ 7*7 }}"]
)
def test_html_theme_font_names_stay_inside_their_css_string(name: str) -> None:
    from legmap.render.html._theme import css_string, theme_css  # noqa: PLC0415

    quoted = css_string(name)
    inner = quoted[1:-1]
    for bad in '"' + "'<>{};":
        assert bad not in inner
    assert re.fullmatch(r"(?:[\w \-]|\\[0-9a-f]+ )*", inner), inner  # hex escapes only
    css = theme_css(replace(DEFAULT_THEME, fonts=(name,)))
    assert css.startswith(".leaflet-container { font-family: " + quoted + ", system-ui")


def test_html_logo_that_changed_or_is_too_big_is_an_error(tmp_path: Path) -> None:
    from legmap.render.html._theme import LOGO_MAX_BYTES, credit_html  # noqa: PLC0415

    logo = tmp_path / "logo.png"
    logo.write_bytes(NEWSROOM.with_name("newsroom-logo.png").read_bytes())
    theme = parse_theme('[credit]\nlogo = "logo.png"', file="t.toml", base=tmp_path)
    assert '<img class="lm-logo" src="data:image/png;base64,iVBORw0KGgo' in credit_html(theme)
    assert 'alt=""' in credit_html(theme)
    logo.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(LOGO_MAX_BYTES))
    with pytest.raises(RenderError, match=r"credit\.logo: a logo for the HTML map is at most 512"):
        credit_html(theme)
    logo.write_bytes(b"<svg onload=alert(1)>")
    with pytest.raises(RenderError, match=r"credit\.logo: the logo must be a PNG"):
        credit_html(theme)
