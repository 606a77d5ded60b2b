"""The self-contained HTML map in headless Chromium: draws, stays offline, runs no story text.

Every request that is not ``file:`` or ``data:`` is aborted and recorded; the
tests then require that none was made.  Screenshots land in ``test-artifacts/``.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from _built_fixture import make_built
from legmap.config import RenderOptions
from legmap.legs.build import build_story
from legmap.render.html.renderer import _paths_per_leg, render_html
from legmap.story import load_story

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
OFFLINE = RenderOptions(tiles="none", self_contained=True)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        shutil.which(CHROMIUM) is None and not Path(CHROMIUM).exists(),
        reason=f"headless browser tests need Chromium at {CHROMIUM}",
    ),
]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


class Visit:
    """A page opened from a file:// URL with the network cut off."""

    def __init__(self, browser: Any, html: str, path: Path, size: tuple[int, int]) -> None:
        path.write_text(html, encoding="utf-8")
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.page = browser.new_page(viewport={"width": size[0], "height": size[1]})
        self.page.route("**/*", self._route)
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("dialog", self._dialog)
        self.page.goto(path.as_uri())
        self.page.wait_for_function(
            "typeof legmap === 'object' && !!document.querySelector('.lm-legend')"
        )
        self.page.wait_for_timeout(300)

    def _route(self, route: Any) -> None:
        url = route.request.url
        if url.startswith(("file:", "data:")):
            route.continue_()
        else:
            self.requests.append(url)
            route.abort()

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def js(self, code: str) -> Any:
        return self.page.evaluate(code)

    def shot(self, name: str) -> None:
        ARTIFACTS.mkdir(exist_ok=True)
        self.page.screenshot(path=str(ARTIFACTS / name))


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
