"""A newsroom theme on the HTML map, read in headless Chromium (docs/themes.md).

With the example theme (geo/themes/newsroom.toml, plus a train colour so a mode
colour can be seen on a train leg) the page must show the theme's fonts and
title, its train colour and width, its basemap colours (offline basemap), its
credit first in the credit strip and its logo; a theme whose font name and
credit try to close the stylesheet and run a script must run nothing.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from _browser import BROWSER_MARKS, OFFLINE, Visit

from _built_fixture import make_built
from legmap.render.html.renderer import render_html
from legmap.render.theme import Theme, parse_theme

pytestmark = BROWSER_MARKS

NEWSROOM = Path(__file__).resolve().parents[2] / "geo" / "themes" / "newsroom.toml"
TRAIN = "#00838F"  # the example's sixth colour, given to trains here
HOSTILE = '"</style><script>alert(1)</script>'


def _rgb(colour: str) -> str:
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgb({r}, {g}, {b})"


@pytest.fixture(scope="module")
def theme() -> Theme:
    text = NEWSROOM.read_text(encoding="utf-8")
    text = text.replace('distance = "#1A1A1A"', f'distance = "#1A1A1A"\ntrain = "{TRAIN}"')
    return parse_theme(text, file=str(NEWSROOM), base=NEWSROOM.parent)


# The main stroke of each leg (the last visible path, under the invisible hit
# stroke) and whether the leg has railway ties, in story order.
_LEG_STROKES = """legmap.layers().map(g => {
  const paths = g.getLayers().filter(l => l instanceof L.Polyline).map(l => l._path);
  const main = paths[paths.length - 2];
  return {stroke: main.getAttribute('stroke'), width: main.getAttribute('stroke-width'),
          ties: paths.some(p => p.getAttribute('stroke-dasharray') === '1.5 7')};
})"""
_LAND = "getComputedStyle(document.querySelector('.leaflet-lm-basemap-pane path.lm-bm-land')).fill"


def test_theme_applies_to_the_html_map(browser: Any, tmp_path: Path, theme: Theme) -> None:
    built = make_built("en")
    html = render_html(built, options=replace(OFFLINE, theme=theme))
    v = Visit(browser, html, tmp_path / "theme.html", (1024, 700))
    assert v.errors == []
    assert v.requests == []
    # Fonts: the theme's families first, legmap's stack after them.
    family = v.js("getComputedStyle(document.querySelector('.lm-title h1')).fontFamily")
    assert family.startswith('"Noto Serif", "DejaVu Serif", system-ui'), family
    assert family.endswith("sans-serif")
    legend = v.js("getComputedStyle(document.querySelector('.lm-legend')).fontFamily")
    assert legend.startswith('"Noto Serif"')
    # Title: 17 pt in print is 17/15 of legmap's 17 px title on screen, bold.
    h1 = v.js("(() => { const s = getComputedStyle(document.querySelector('.lm-title h1'));"
              " return [s.fontSize, s.fontWeight]; })()")  # fmt: skip
    assert h1 == ["19.27px", "700"]
    # Train legs: the theme's train colour and width (4.5 px times the line scale 1.15).
    strokes = v.js(_LEG_STROKES)
    trains = [(i, s) for i, s in enumerate(strokes) if s["ties"]]
    assert [i for i, _ in trains] == [0, 3]  # Kim's (expected) and the delegation's train
    for i, s in trains:
        certainty = str(built.legs.at[i, "certainty"])
        assert s["stroke"] == TRAIN
        assert float(s["width"]) == theme.leg_style("train", certainty).weight
    assert float(trains[1][1]["width"]) == round(4.5 * 1.15, 2)  # confirmed: the full width
    # Other legs keep their journeys' colours (the example palette).
    assert strokes[5]["stroke"] == theme.journey_palette[2]  # Shoigu's flight
    # The offline basemap: land and water in the theme's colours.
    assert v.js(_LAND) == _rgb(theme.land)
    coast = "document.querySelector('.leaflet-lm-basemap-pane path.lm-bm-coast')"
    assert v.js(f"getComputedStyle({coast}).stroke") == _rgb(theme.coast)
    border = "document.querySelector('.leaflet-lm-basemap-pane path.lm-bm-border')"
    assert v.js(f"getComputedStyle({border}).stroke") == _rgb(theme.borders)
    water = "getComputedStyle(document.querySelector('.leaflet-container')).backgroundColor"
    assert v.js(water) == _rgb(theme.water)
    # Credits: the theme's credit first, its logo an inlined PNG that decodes.
    strip = v.js("document.querySelector('.lm-credits').textContent").strip()
    assert strip.startswith("Graphic: The Newsroom |"), strip
    logo = v.js("(() => { const i = document.querySelector('.lm-credits img.lm-logo');"
                " return i && [i.getAttribute('src').slice(0, 22), i.alt, i.naturalWidth,"
                " i.getBoundingClientRect().height]; })()")  # fmt: skip
    assert logo is not None
    src, alt, natural, height = logo
    assert src == "data:image/png;base64,"
    assert alt == ""
    assert natural == 360  # the example logo's own width: it decoded
    assert height == 16
    v.shot("browser-theme.png")
    v.close()


def test_theme_title_weight_and_size_follow_the_theme(
    browser: Any, tmp_path: Path, theme: Theme
) -> None:
    light = replace(theme, title_size=12.0, title_weight="normal")
    html = render_html(make_built("en"), options=replace(OFFLINE, theme=light))
    v = Visit(browser, html, tmp_path / "light.html", (1024, 700))
    h1 = v.js("(() => { const s = getComputedStyle(document.querySelector('.lm-title h1'));"
              " return [s.fontSize, s.fontWeight]; })()")  # fmt: skip
    assert h1 == ["13.6px", "400"]
    v.close()


def test_dark_page_keeps_legmaps_dark_basemap(browser: Any, tmp_path: Path, theme: Theme) -> None:
    html = render_html(make_built("en"), options=replace(OFFLINE, theme=theme))
    v = Visit(browser, html, tmp_path / "dark.html", (1024, 700), color_scheme="dark")
    assert v.js(_LAND) == "rgb(44, 49, 55)"  # legmap.css's dark land, not the theme's
    assert v.js("getComputedStyle(document.querySelector('.lm-title h1')).fontFamily").startswith(
        '"Noto Serif"'
    )
    v.close()


def test_hostile_theme_text_runs_nothing(browser: Any, tmp_path: Path) -> None:
    text = (
        f'[fonts]\nfamilies = ["{HOSTILE.replace(chr(34), chr(92) + chr(34))}", "Noto Serif"]\n'
        f'[credit]\ntext = "{HOSTILE.replace(chr(34), chr(92) + chr(34))}"\n'
    )
    hostile = parse_theme(text)
    assert hostile.fonts[0] == HOSTILE
    built = make_built("en")
    plain = Visit(browser, render_html(built, options=OFFLINE), tmp_path / "plain.html",
                  (1024, 700))  # fmt: skip
    scripts = plain.js("document.scripts.length")
    plain.close()
    v = Visit(browser, render_html(built, options=replace(OFFLINE, theme=hostile)),
              tmp_path / "hostile.html", (1024, 700))  # fmt: skip
    assert v.dialogs == []
    assert v.errors == []
    assert v.js("document.scripts.length") == scripts
    # Still a whole page: map, legend and title, and the names are names.
    assert v.js("document.querySelectorAll('.leaflet-overlay-pane path').length") > 10
    family = v.js("getComputedStyle(document.querySelector('.lm-title h1')).fontFamily")
    assert family.startswith('"\\"</style><script>alert(1)</script>", "Noto Serif", system-ui')
    strip = v.js("document.querySelector('.lm-credits').textContent").strip()
    assert strip.startswith(HOSTILE + " |")
    v.shot("browser-theme-hostile.png")
    v.close()
