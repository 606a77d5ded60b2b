"""The HTML map on phones and desktops, in Chromium: furniture, framing, keyboard, dark pages.

Issue 12: at the embed box (374 x 320) and a phone (390 x 700), in English and
Arabic, no two controls overlap and each is the element under its own centre;
labels and event badges stay clear of the controls and inside the map; the
legend opens with a tap; a 90-character title wraps instead of being cut; the
opening view keeps every marker clear of the title and legend; the legend zooms
to journeys and switches layers from the keyboard; dark pages get a dark legend.
Screenshots land in ``test-artifacts/``.
"""

from __future__ import annotations

from dataclasses import replace
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from _browser import BROWSER_MARKS, OFFLINE, Visit

from legmap.legs.build import BuiltStory, build_story
from legmap.render._framing import frame_for
from legmap.render.alt import alt_text
from legmap.render.html.renderer import render_html
from legmap.story import load_story

pytestmark = BROWSER_MARKS

SEED = Path(__file__).resolve().parents[2] / "geo" / "stories" / "kim-putin-2023.toml"
PHONES = [(374, 320), (390, 700)]
LANGS = ["en", "ar"]
TITLE_90 = {
    "en": "Kim Jong-un's armoured train to Vladivostok, a summit with Putin, "
    "and what might come next",
    "ar": "قطار كيم جونغ أون المدرع إلى فلاديفوستوك وقمة مع بوتين "
    "في الشرق الأقصى وما قد يأتي بعد ذلك",
}


@cache
def seed(lang: str) -> BuiltStory:
    return build_story(load_story(SEED), lang=lang)


# Every control's box (client px) and what elementFromPoint finds at its centre.
CONTROLS = """(() => {
  const sel = {title: '.lm-title', legend: '.lm-legend', zoomIn: '.leaflet-control-zoom-in',
               zoomOut: '.leaflet-control-zoom-out', scale: '.leaflet-control-scale',
               credits: '.lm-credits', inset: '.lm-inset'};
  const out = {};
  for (const [k, s] of Object.entries(sel)) {
    const el = document.querySelector(s);
    if (!el) continue;
    const r = el.getBoundingClientRect();
    const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    out[k] = {box: [r.left, r.top, r.right, r.bottom], hit: !!hit && el.contains(hit)};
  }
  return out;
})()"""

# Visible permanent labels and event badges.
MARKS = """(() => {
  const shown = el => getComputedStyle(el).visibility !== 'hidden';
  const box = el => {
    const r = el.getBoundingClientRect();
    return [r.left, r.top, r.right, r.bottom];
  };
  return {
    labels: [...document.querySelectorAll('.leaflet-tooltip.lm-label')].filter(shown).map(box),
    badges: [...document.querySelectorAll('.lm-ev')].filter(shown).map(box),
    places: [...document.querySelectorAll('.lm-place')].filter(shown).map(box),
  };
})()"""


def _meet(a: list[float], b: list[float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _inside(a: list[float], size: tuple[int, int]) -> bool:
    return a[0] >= 0 and a[1] >= 0 and a[2] <= size[0] and a[3] <= size[1]


def _check_furniture(v: Visit, size: tuple[int, int]) -> dict[str, Any]:
    controls = v.js(CONTROLS)
    assert set(controls) == {"title", "legend", "zoomIn", "zoomOut", "scale", "credits", "inset"}
    names = sorted(controls)
    for i, a in enumerate(names):
        box = controls[a]["box"]
        assert box[2] - box[0] > 0, a
        assert box[3] - box[1] > 0, a
        assert _inside(box, size), (a, box)
        assert controls[a]["hit"], f"elementFromPoint at the centre of {a} hits something else"
        for b in names[i + 1 :]:
            assert not _meet(box, controls[b]["box"]), (a, box, b, controls[b]["box"])
    marks = v.js(MARKS)
    furniture = [c["box"] for c in controls.values()]
    for kind in ("labels", "badges"):
        for box in marks[kind]:
            assert _inside(box, size), (kind, box)
            assert not any(_meet(box, f) for f in furniture), (kind, box)
    labels = marks["labels"]
    for i, a in enumerate(labels):
        assert not any(_meet(a, b) for b in labels[i + 1 :]), ("labels overlap", a)
    assert marks["labels"], "no place label at all"
    return {"controls": controls, "marks": marks}


@pytest.mark.parametrize("size", PHONES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("lang", LANGS)
def test_phone_furniture_never_overlaps(
    browser: Any, tmp_path: Path, lang: str, size: tuple[int, int]
) -> None:
    html = render_html(seed(lang), options=OFFLINE)
    v = Visit(browser, html, tmp_path / "phone.html", size, has_touch=True, is_mobile=True)
    found = _check_furniture(v, size)
    # Every event keeps its badge: the opening view leaves room above the places.
    assert len(found["marks"]["badges"]) == len(seed(lang).events)
    # The legend starts folded and opens with a tap, inside the map and clear of the
    # title and the zoom buttons.
    assert v.js("document.querySelector('.lm-legend details').open") is False
    v.shot(f"phone-{lang}-{size[0]}x{size[1]}.png")
    v.page.tap(".lm-legend summary")
    v.page.wait_for_timeout(150)
    assert v.js("document.querySelector('.lm-legend details').open") is True
    controls = v.js(CONTROLS)
    legend = controls["legend"]["box"]
    assert legend[3] - legend[1] > 60
    assert _inside(legend, size)
    for other in ("title", "zoomIn", "zoomOut", "credits"):
        assert not _meet(legend, controls[other]["box"]), other
    v.shot(f"phone-{lang}-{size[0]}x{size[1]}-legend.png")
    assert v.errors == []
    assert v.requests == []
    v.close()


@pytest.mark.parametrize("lang", LANGS)
def test_a_90_character_title_wraps_in_the_embed_box(
    browser: Any, tmp_path: Path, lang: str
) -> None:
    title = TITLE_90[lang]
    assert len(title) == 90
    built = replace(seed(lang), title=title)
    size = (374, 320)
    v = Visit(browser, render_html(built, options=OFFLINE), tmp_path / "t.html", size)
    h1 = v.js(
        "(() => { const h = document.querySelector('.lm-title h1');"
        " const r = h.getBoundingClientRect();"
        " return {sw: h.scrollWidth, cw: h.clientWidth, sh: h.scrollHeight, ch: h.clientHeight,"
        " box: [r.left, r.top, r.right, r.bottom], text: h.textContent}; })()"
    )
    assert h1["text"] == title
    assert h1["sw"] <= h1["cw"]
    assert h1["sh"] <= h1["ch"] + 1
    assert _inside(h1["box"], size)
    _check_furniture(v, size)
    # Legend entries wrap too: open it and measure every entry.
    v.js("document.querySelector('.lm-legend details').open = true")
    v.page.wait_for_timeout(100)
    cut = v.js(
        "[...document.querySelectorAll('.lm-legend li span')]"
        ".filter(s => s.scrollWidth > s.clientWidth + 1).map(s => s.textContent)"
    )
    assert cut == []
    v.shot(f"title90-{lang}.png")
    v.close()


# Screen boxes of the title and legend, and of every place and event marker, with
# whether it lies in the opening frame.
OPENING = """(main) => {
  const m = window[document.querySelector('.folium-map').id];
  const b = el => {
    const r = el.getBoundingClientRect();
    return [r.left, r.top, r.right, r.bottom];
  };
  const frame = L.latLngBounds(main);
  const marks = [];
  m.eachLayer(l => {
    const cls = l instanceof L.Marker ? l.options.icon.options.className : null;
    if (cls === 'lm-place' || cls === 'lm-ev') {
      const el = l.getElement();
      marks.push({box: b(el), inFrame: frame.pad(1e-6).contains(l.getLatLng()),
                  shown: getComputedStyle(el).visibility !== 'hidden'});
    }
  });
  const view = m.getBounds();
  return {title: b(document.querySelector('.lm-title')),
          legend: b(document.querySelector('.lm-legend')), marks: marks,
          view: [view.getWest(), view.getSouth(), view.getEast(), view.getNorth()]};
}"""


@pytest.mark.parametrize("size", [(1024, 700), (390, 700)], ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("lang", LANGS)
def test_opening_view_is_the_focus_with_every_marker_clear(
    browser: Any, tmp_path: Path, lang: str, size: tuple[int, int]
) -> None:
    built = seed(lang)
    framing = frame_for(built)
    assert framing.inset  # the seed story: Moscow goes in the inset
    main = framing.main_bbox
    html = render_html(built, options=OFFLINE)
    v = Visit(browser, html, tmp_path / "open.html", size)
    got = v.js(f"({OPENING})([[{main[1]}, {main[0]}], [{main[3]}, {main[2]}]])")
    west, south, east, north = got["view"]
    # The map opens on the focus (all of it, and not the whole story: Moscow is out).
    assert west <= main[0]
    assert east >= main[2]
    assert south <= main[1]
    assert north >= main[3]
    assert west > 37.6  # Moscow
    in_frame = [m for m in got["marks"] if m["inFrame"]]
    assert len(in_frame) >= 6
    shown = [m["box"] for m in got["marks"] if m["shown"]]
    for mark in got["marks"]:
        box = mark["box"]
        on_screen = _inside(box, size)
        if mark["inFrame"]:
            assert on_screen, mark
            # Hidden only under a more important marker (Vladivostok's airport under
            # the city), never for want of room.
            assert mark["shown"] or any(_meet(box, other) for other in shown), mark
        if on_screen and mark["shown"]:
            assert not _meet(box, got["title"]), ("under the title", mark)
            assert not _meet(box, got["legend"]), ("under the legend", mark)
    assert v.js("!!document.querySelector('.lm-inset .lm-i-view')")
    v.shot(f"opening-{lang}-{size[0]}x{size[1]}.png")
    v.close()


def test_legend_zooms_to_each_journey_and_the_inset_to_the_whole_story(
    browser: Any, tmp_path: Path
) -> None:
    built = seed("en")
    v = Visit(browser, render_html(built, options=OFFLINE), tmp_path / "z.html", (1024, 700))
    bounds = "(() => { const b = window[document.querySelector('.folium-map').id].getBounds();" \
             " return [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()]; })()"  # fmt: skip
    moscow, pyongyang = (37.6, 55.75), (125.75, 39.03)
    v.page.click('.lm-zoom[data-zoom="j2"]')  # Shoigu: Moscow -> Pyongyang
    v.page.wait_for_timeout(700)
    w, s, e, n = v.js(bounds)
    for lon, lat in (moscow, pyongyang):
        assert w < lon < e
        assert s < lat < n
    v.page.click(".lm-inset")  # the whole story
    v.page.wait_for_timeout(700)
    w, s, e, n = v.js(bounds)
    whole = frame_for(built).whole_bbox
    assert w <= whole[0]
    assert s <= whole[1]
    assert e >= whole[2]
    assert n >= whole[3]
    # The inset outlines what the map shows: now (about) all of it.
    rect = v.js("[...['x','y','width','height']].map(a => +document.querySelector("
                "'.lm-inset .lm-i-view').getAttribute(a))")  # fmt: skip
    assert rect[2] > 60
    assert v.errors == []
    v.shot("zoom-whole.png")
    v.close()


def test_keyboard_opens_the_legend_and_switches_a_layer(browser: Any, tmp_path: Path) -> None:
    built = seed("en")
    v = Visit(browser, render_html(built, options=OFFLINE), tmp_path / "k.html", (390, 700))
    assert v.js("document.querySelector('.lm-legend details').open") is False
    for _ in range(80):
        v.page.keyboard.press("Tab")
        if v.js("document.activeElement.matches('.lm-legend summary')"):
            break
    else:
        pytest.fail("Tab never reached the legend button")
    v.page.keyboard.press("Enter")
    assert v.js("document.querySelector('.lm-legend details').open") is True
    v.page.keyboard.press("Tab")
    assert v.js("document.activeElement.matches('input[type=checkbox][data-layer=\"j0\"]')")
    paths = "document.querySelectorAll('.leaflet-overlay-pane path').length"
    before = v.js(paths)
    v.page.keyboard.press("Space")
    assert v.js("document.activeElement.checked") is False
    assert v.js(paths) < before  # Kim's journey left the map
    v.page.keyboard.press("Space")
    assert v.js(paths) == before
    v.page.keyboard.press("Tab")  # the journey's zoom button comes next
    assert v.js("document.activeElement.matches('button.lm-zoom[data-zoom=\"j0\"]')")
    assert v.errors == []
    v.close()


def test_map_is_described_for_screen_readers(browser: Any, tmp_path: Path) -> None:
    built = seed("ar")
    v = Visit(browser, render_html(built, options=OFFLINE), tmp_path / "a.html", (800, 600))
    got = v.js(
        "(() => { const c = document.querySelector('.folium-map');"
        " const d = document.getElementById(c.getAttribute('aria-describedby'));"
        " const r = d.getBoundingClientRect();"
        " return {text: d.textContent, label: c.getAttribute('aria-label'), lang: d.lang,"
        " w: r.width, role: c.getAttribute('role')}; })()"
    )
    assert got["text"] == alt_text(built)
    assert got["label"] == built.title
    assert got["lang"] == "ar"
    assert got["role"] == "region"
    assert got["w"] <= 1  # visually hidden
    v.close()


@pytest.mark.parametrize("scheme", ["dark", "light"])
def test_dark_pages_get_a_dark_map_offline(browser: Any, tmp_path: Path, scheme: str) -> None:
    built = seed("en")
    v = Visit(browser, render_html(built, options=OFFLINE), tmp_path / "d.html", (1024, 700),
              color_scheme=scheme)  # fmt: skip
    got = v.js(
        "(() => { const rgb = s => s.match(/[\\d.]+/g).slice(0, 3).map(Number);"
        " const lum = c => (0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2]) / 255;"
        " const st = sel => getComputedStyle(document.querySelector(sel));"
        " return {legend: lum(rgb(st('.lm-legend').backgroundColor)),"
        " title: lum(rgb(st('.lm-title').backgroundColor)),"
        " ink: lum(rgb(st('.lm-legend').color)),"
        " land: lum(rgb(st('path.lm-bm-land').fill)),"
        " water: lum(rgb(st('.leaflet-container').backgroundColor)),"
        " zoom: lum(rgb(st('.leaflet-control-zoom-in').backgroundColor)) }; })()"
    )
    dark = scheme == "dark"
    for key in ("legend", "title", "land", "water", "zoom"):
        assert (got[key] < 0.25) if dark else (got[key] > 0.75), (key, got[key])
    assert (got["ink"] > 0.75) if dark else (got["ink"] < 0.25)
    v.shot(f"scheme-{scheme}.png")
    v.close()


def test_dark_pages_switch_to_the_providers_dark_tiles(browser: Any, tmp_path: Path) -> None:
    built = seed("en")
    html = render_html(built, tiles="Stadia.AlidadeSmooth", self_contained=True)
    srcs = "[...document.querySelectorAll('.leaflet-tile-pane img')].map(i => i.src)"
    for scheme, want, other in (("dark", "alidade_smooth_dark", None),
                                ("light", "alidade_smooth/", "alidade_smooth_dark")):  # fmt: skip
        v = Visit(browser, html, tmp_path / f"{scheme}.html", (800, 600), color_scheme=scheme)
        tiles = v.js(srcs)
        assert tiles
        assert all(want in src for src in tiles), tiles[:2]
        assert other is None or not any(other in src for src in tiles)
        v.close()
