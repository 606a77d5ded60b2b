"""The self-contained HTML map in headless Chromium: draws, stays offline, runs no story text.

Every request that is not ``file:`` or ``data:`` is aborted and recorded; the
tests then require that none was made.  Screenshots land in ``test-artifacts/``.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from _browser import BROWSER_MARKS, OFFLINE, Visit

from _built_fixture import make_built, pacific_path
from legmap.legs.build import build_story
from legmap.render.html.renderer import _paths_per_leg, render_html
from legmap.story import load_story

pytestmark = BROWSER_MARKS


def _expected_paths(built: Any) -> int:
    return sum(
        _paths_per_leg(m, c)
        for m, c in zip(built.legs["mode"], built.legs["certainty"], strict=True)
    )


def _check_map(v: Visit, built: Any) -> None:
    assert v.js("typeof L === 'object' && typeof window[document.querySelector('.folium-map').id]"
                " === 'object'")  # fmt: skip
    assert v.js("document.querySelectorAll('.leaflet-overlay-pane path').length") == (
        _expected_paths(built)
    )
    assert v.js("document.querySelector('.lm-legend').offsetHeight") > 50
    assert v.js("document.querySelectorAll('.lm-place').length") == len(built.places)
    assert v.js("document.querySelectorAll('.lm-ev').length") == len(built.events)
    assert v.errors == []
    assert v.requests == []


def test_english_map_draws_offline(browser: Any, tmp_path: Path) -> None:
    built = make_built("en")
    v = Visit(browser, render_html(built, options=OFFLINE), tmp_path / "en.html", (1200, 800))
    _check_map(v, built)
    assert v.js("getComputedStyle(document.querySelector('.lm-legend details')).direction") == "ltr"
    assert "Legend" in v.js("document.querySelector('.lm-legend summary').textContent")
    v.shot("browser-en.png")
    # Narrow embed: legend folds away, map still fills the frame.
    v.page.set_viewport_size({"width": 380, "height": 480})
    v.page.reload()
    v.page.wait_for_timeout(400)
    size = v.js("[document.querySelector('.folium-map').offsetWidth,"
                " document.querySelector('.folium-map').offsetHeight]")  # fmt: skip
    assert size == [380, 480]
    assert v.js("document.querySelector('.lm-legend details').open") is False
    v.shot("browser-en-narrow.png")
    assert v.requests == []


def test_arabic_map_is_rtl(browser: Any, tmp_path: Path) -> None:
    built = make_built("ar")
    v = Visit(browser, render_html(built, options=OFFLINE), tmp_path / "ar.html", (1200, 800))
    _check_map(v, built)
    assert v.js("getComputedStyle(document.querySelector('.lm-legend details')).direction") == "rtl"
    assert v.js("getComputedStyle(document.querySelector('.lm-title > div')).direction") == "rtl"
    # The map panes themselves stay ltr (Leaflet breaks under rtl).
    assert v.js("getComputedStyle(document.querySelector('.leaflet-container')).direction") == "ltr"
    assert v.js("document.documentElement.dir") == "rtl"
    v.shot("browser-ar.png")


def test_popup_shows_leg_details(browser: Any, tmp_path: Path) -> None:
    built = make_built("en")
    v = Visit(browser, render_html(built, options=OFFLINE), tmp_path / "pop.html", (1200, 800))
    # Open the distance leg's card (last leg) the way a click would.
    text = v.js(
        "(() => { const m = window[document.querySelector('.folium-map').id]; let g = null;"
        " m.eachLayer(l => { if (l.getPopup && l.getPopup() && l.getLayers) g = l; });"
        " g.openPopup(g.getBounds().getCenter());"
        " return document.querySelector('.leaflet-popup-content').textContent; })()"
    )
    for bit in ("Claim", "Straight line", "1,529 km"):
        assert bit in text
    v.shot("browser-popup.png")


def test_xss_story_runs_nothing(browser: Any, tmp_path: Path) -> None:
    payload = '<img src=x onerror="window.__pwned=1;alert(1)"><script>window.__pwned=2</script>'
    built = make_built("en", payload=payload)
    v = Visit(browser, render_html(built, options=OFFLINE), tmp_path / "xss.html", (1200, 800))
    # Show every tooltip and popup so payloads are parsed as HTML if they ever could be.
    v.js(
        "(() => { const m = window[document.querySelector('.folium-map').id];"
        " m.eachLayer(l => { if (l.getPopup && l.getPopup()) { l.openPopup(); }"
        " if (l.getTooltip && l.getTooltip()) { l.openTooltip(); } }); })()"
    )
    v.page.wait_for_timeout(300)
    assert v.js("window.__pwned") is None
    assert v.dialogs == []
    assert v.requests == []  # not even the <img src=x>
    assert payload in v.js("document.querySelector('.lm-title h1').textContent")
    assert payload in v.js("document.querySelector('.lm-legend').textContent")
    assert v.js("document.title") == payload
    v.shot("browser-xss.png")


@pytest.mark.slow
def test_seed_story_offline(browser: Any, tmp_path: Path) -> None:
    story = Path(__file__).resolve().parents[2] / "geo" / "stories" / "kim-putin-2023.toml"
    for lang in ("ar", "en"):
        built = build_story(load_story(story), lang=lang)
        html = render_html(built, options=OFFLINE)
        v = Visit(browser, html, tmp_path / f"seed-{lang}.html", (1200, 800))
        _check_map(v, built)
        v.shot(f"browser-seed-{lang}.png")


# ------------------------------------------- one longitude frame (issue 10.1)

# Where each leg starts and ends on screen (after legmap.js's side-by-side shift)
# and where each place marker is, in Leaflet layer pixels.
_ENDS_AND_MARKERS = """(() => {
  const m = window[document.querySelector('.folium-map').id];
  const legs = legmap.layers().map(l => {
    const lines = l.getLayers ? l.getLayers().filter(x => x instanceof L.Polyline) : [l];
    const rings = lines[lines.length - 1]._rings;
    const a = rings[0][0], last = rings[rings.length - 1], b = last[last.length - 1];
    const mid = rings[0][Math.floor(rings[0].length / 2)];
    return [[a.x, a.y], [b.x, b.y], [mid.x, mid.y]];
  });
  const marks = [];
  m.eachLayer(l => {
    if (l instanceof L.Marker && l.options.icon.options.className === 'lm-place') {
      const p = m.latLngToLayerPoint(l.getLatLng());
      marks.push([p.x, p.y]);
    }
  });
  const size = m.getSize();
  return {legs: legs, marks: marks, view: [size.x, size.y], zoom: m.getZoom()};
})()"""


def _dist(a: list[float], b: list[float]) -> float:
    return float(((a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2) ** 0.5)


@pytest.mark.parametrize("story", ["pacific", "alaska-summit-2025"])
def test_story_across_the_antimeridian_is_one_continuous_map(
    browser: Any, tmp_path: Path, story: str
) -> None:
    from click.testing import CliRunner  # noqa: PLC0415

    from legmap.cli import cli  # noqa: PLC0415

    root = Path(__file__).resolve().parents[2]
    if story == "pacific":
        path = pacific_path(tmp_path)
    else:
        path = root / "geo" / "stories" / f"{story}.toml"
    out = tmp_path / "maps"
    args = ["build", str(path), "-o", str(out), "--format", "html,geojson"]
    result = CliRunner().invoke(cli, [*args, "--self-contained", "--tiles", "none"])
    assert result.exit_code == 0, result.output
    doc = json.loads((out / f"{path.stem}.geojson").read_text(encoding="utf-8"))
    lons = [xy[0] for f in doc["features"] for xy in _flat(f["geometry"])]
    assert max(abs(x) for x in lons) <= 180  # RFC 7946

    built = build_story(load_story(path))
    v = Visit(browser, (out / f"{path.stem}.html").read_text(encoding="utf-8"),
              tmp_path / "page.html", (1200, 800))  # fmt: skip
    got = v.js(_ENDS_AND_MARKERS)
    legs, marks = got["legs"], got["marks"]
    assert len(legs) == len(built.legs)
    journeys = list(built.legs["journey"])
    for k in range(len(legs) - 1):  # consecutive legs of a journey meet
        if journeys[k] == journeys[k + 1]:
            assert _dist(legs[k][1], legs[k + 1][0]) < 3, (k, legs[k], legs[k + 1])
    ends = [end for leg in legs for end in leg[:2]]
    # An outbound leg and its return on one track both stay visible: apart mid-way.
    pairs = list(zip(built.legs["from_id"], built.legs["to_id"], strict=True))
    for k, (a, b) in enumerate(pairs):
        for m in range(k + 1, len(pairs)):
            if pairs[m] in ((a, b), (b, a)):
                assert _dist(legs[k][2], legs[m][2]) >= 4, (k, m)
    assert len(marks) == len(built.places)
    for mark in marks:  # every place sits on a line's end, in the same copy of the world
        assert min(_dist(mark, end) for end in ends) < 3, mark
    # The view fits the story: not the whole world at a low zoom.
    assert got["zoom"] >= 2
    assert v.errors == []
    assert v.requests == []
    v.shot(f"browser-{story}.png")


def _flat(geometry: dict[str, Any]) -> list[list[float]]:
    if geometry["type"] == "Point":
        return [geometry["coordinates"]]
    if geometry["type"] == "LineString":
        return list(geometry["coordinates"])
    return [xy for part in geometry["coordinates"] for xy in part]


# ----------------------------------------------------- big stories (issue 15.2)


def test_big_story_draws_every_leg_on_canvas_with_one_tooltip(
    browser: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from legmap.render.html import _specs  # noqa: PLC0415

    monkeypatch.setattr(_specs, "BIG_STORY_LEGS", 3)
    built = make_built("en")
    # Opened on Shoigu's flight, so the middle of it is on screen.
    opts = replace(OFFLINE, focus=("shoigu",))
    v = Visit(browser, render_html(built, options=opts), tmp_path / "big.html", (1200, 800))
    stats = v.js("legmap.stats()")
    assert stats["canvas"] is True
    assert stats["legsOnMap"] == stats["legs"] == len(built.legs)
    assert v.js("document.querySelectorAll('.leaflet-overlay-pane canvas').length") >= 1
    # Hover the middle of the Moscow -> Pyongyang flight: the shared tooltip shows it.
    i = int(built.legs.index[(built.legs["journey"] == "shoigu")][0])
    x, y = v.js(
        "(() => { const m = window[document.querySelector('.folium-map').id];"
        f" const l = legmap.layers()[{i}]; const r = l._rings[0];"
        " const p = r[Math.floor(r.length / 2)];"
        " const c = m.layerPointToContainerPoint(p);"
        " const b = m.getContainer().getBoundingClientRect();"
        " return [c.x + b.left, c.y + b.top]; })()"
    )
    v.page.mouse.move(x, y)
    v.page.wait_for_timeout(200)
    tips = v.js("Array.from(document.querySelectorAll('.leaflet-tooltip.lm-tip'))"
                ".map(t => t.textContent)")  # fmt: skip
    assert len(tips) == 1
    assert "Moscow" in tips[0]
    assert "Pyongyang" in tips[0]
    assert v.errors == []
    v.shot("browser-big.png")


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_a_cdn_page_opened_offline_says_why_it_is_blank(
    browser: Any, tmp_path: Path, lang: str
) -> None:
    # Without --self-contained Leaflet comes from a CDN: with no internet the reader
    # gets a sentence saying so and how to get a copy that works offline.
    built = make_built(lang)
    path = tmp_path / "cdn.html"
    path.write_text(render_html(built, options=replace(OFFLINE, self_contained=False)), "utf-8")
    page = browser.new_page(viewport={"width": 800, "height": 600})
    blocked: list[str] = []

    def route(r: Any) -> None:
        if r.request.url.startswith(("file:", "data:")):
            r.continue_()
        else:
            blocked.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    page.goto(path.as_uri())
    page.wait_for_timeout(300)
    assert any("leaflet" in url for url in blocked)
    notice = page.locator("#lm-no-leaflet")
    assert notice.is_visible()
    text = notice.inner_text()
    assert "legmap build --self-contained" in text
    assert "Leaflet" in text
    assert ("internet" if lang == "en" else "الإنترنت") in text
    box = notice.bounding_box()
    assert box is not None
    assert (box["width"], box["height"]) == (800, 600)  # covers the page
    page.close()


def test_a_self_contained_page_has_no_offline_notice(browser: Any, tmp_path: Path) -> None:
    built = make_built("en")
    v = Visit(browser, render_html(built, options=OFFLINE), tmp_path / "m.html", (800, 600))
    assert v.js("document.getElementById('lm-no-leaflet')") is None
    cdn = render_html(built, options=replace(OFFLINE, self_contained=False))
    assert '<div id="lm-no-leaflet" class="lm-no-leaflet" role="alert" hidden>' in cdn
    v.page.close()
