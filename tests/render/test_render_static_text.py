"""Text that fits (issue 12.3, static maps): titles, legend entries and credits wrap.

Every text artist of the figure is measured with matplotlib's renderer (the
extents PNG, SVG and PDF are drawn with) and must lie inside the page; the SVG
must hold every word of the title.  Event badges sit at their place, or on a
leader line when they must move.
"""

from __future__ import annotations

import importlib
import xml.etree.ElementTree as ET
from dataclasses import replace

import numpy as np
import pytest
from matplotlib.lines import Line2D
from matplotlib.text import Text
from matplotlib.transforms import Bbox

from _built_fixture import make_built
from legmap.config import RenderOptions
from legmap.render.static._marks import BADGE_COLOUR, draw_badges
from legmap.render.static._text import wrap_text

rs = importlib.import_module("legmap.render.static.renderer")
SVG_NS = "{http://www.w3.org/2000/svg}"

_LONG = {  # headlines longer than 90 characters, cut at 90 below
    "en": "Kim Jong-un's armoured train from Pyongyang to Vladivostok, and what may follow: "
    "Moscow, the Vostochny cosmodrome",
    "ru": "Бронепоезд Ким Чен Ына из Пхеньяна во Владивосток и что может быть дальше: Москва "
    "и космодром Восточный",
    "ar": "قطار كيم جونغ أون المدرع من بيونغ يانغ إلى فلاديفوستوك وما قد يليه من زيارات إلى "
    "موسكو وقاعدة فوستوشني الفضائية",
    "ko": "김정은의 장갑열차는 평양에서 블라디보스토크까지 달렸고 그 다음 여정은 모스크바와 "
    "보스토치니 우주기지까지 이어질 수 있다고 여러 소식통이 전했으며 일정은 아직 확정되지 않았다",
    "zh": "金正恩乘坐装甲列车从平壤前往符拉迪沃斯托克随后可能前往莫斯科以及东方航天发射场这是一段"
    "漫长而引人注目的旅程多家媒体援引消息人士的话报道称具体日程尚未最终确定但俄方已经做好了接待准备工作",
}
TITLES = {lang: text[:90] for lang, text in _LONG.items()}  # 90 characters each


def texts_of(fig) -> list[Text]:
    return [t for t in fig.findobj(Text) if t.get_visible() and t.get_text().strip()]


def outside_page(fig) -> list[str]:
    """Texts whose drawn extent passes an edge of the figure (cut in PNG, SVG and PDF)."""
    fig.canvas.draw()  # lay out the legend's boxes as saving does
    renderer = fig.canvas.get_renderer()
    page = Bbox.from_bounds(0, 0, fig.bbox.width, fig.bbox.height)
    bad = []
    for text in texts_of(fig):
        box = text.get_window_extent(renderer)
        if not page.padded(0.5).contains(box.x0, box.y0) or not page.padded(0.5).contains(
            box.x1, box.y1
        ):
            bad.append(text.get_text())
    return bad


@pytest.mark.parametrize("lang", sorted(TITLES))
def test_a_90_character_title_is_fully_visible(lang: str) -> None:
    title = TITLES[lang]
    assert len(title) == 90
    built = replace(make_built(lang if lang in ("en", "ar") else "en"), title=title)
    fig = rs.render_figure(built, lang=lang)
    renderer = fig.canvas.get_renderer()
    heads = [t for t in fig.texts if t.get_fontsize() >= 15]
    assert len(heads) == 1
    box = heads[0].get_window_extent(renderer)
    margin = 0.28 * fig.dpi
    assert box.x0 >= margin - 1
    assert box.x1 <= fig.bbox.width - margin + 1  # inside the page's margins: not cut
    assert heads[0].get_text().count("\n") >= 1  # wrapped, not shrunk
    assert heads[0].get_fontsize() == 15
    # The map starts below the title's last line.
    assert box.y0 > fig.axes[0].get_window_extent(renderer).y1
    assert not outside_page(fig)
    # SVG and PNG are saved from this figure; the SVG holds every word of the title.
    svg = rs.render_static(built, fmt="svg", lang=lang)
    words = "".join("".join(el.itertext()) for el in ET.fromstring(svg).iter(f"{SVG_NS}text"))
    if lang in ("en", "ru", "ko"):  # ar is shaped (reordered) when matplotlib has no libraqm
        for word in title.split():
            assert word in words, word
    if lang == "zh":
        assert title[:10] in words
        assert title[-10:] in words


@pytest.mark.parametrize("width_mm", [85.0, 180.0])
@pytest.mark.parametrize("lang", ["en", "ar", "ru", "ko"])
def test_nothing_is_cut_at_print_sizes(lang: str, width_mm: float) -> None:
    built = make_built(lang)
    legs = built.legs.copy()
    legs.loc[legs["journey"] == "delegation", "journey_title"] = (
        "Advance delegation of about twenty North Korean security and protocol officials, "
        "who went ahead by train in late August and then flew on to Moscow"
    )
    built = replace(built, legs=legs, title=TITLES[lang])
    fig = rs.render_figure(built, width_mm=width_mm, dpi=150)
    assert fig.get_figwidth() == pytest.approx(width_mm / 25.4)
    assert not outside_page(fig), outside_page(fig)


def test_text_gets_smaller_for_a_single_column_but_stays_legible() -> None:
    fig = rs.render_figure(make_built("en"), width_mm=85, dpi=150)
    sizes = [t.get_fontsize() for t in texts_of(fig)]
    assert min(sizes) >= 5.0
    assert max(sizes) == pytest.approx(15 * 0.7)  # the title
    assert rs.text_scale(8.0) == 1.0  # the default 1600 px at 200 dpi keeps its sizes


def test_a_long_credit_line_wraps() -> None:
    built = make_built("en")
    fig = rs.render_figure(built, width_px=800, dpi=100)
    assert not outside_page(fig)


def test_wrap_text_breaks_between_words_then_characters() -> None:
    assert wrap_text("a bb ccc", width=4, measure=len) == ["a bb", "ccc"]
    assert wrap_text("abcdefghij", width=4, measure=len) == ["abcd", "efgh", "ij"]
    assert wrap_text("line one\nline two", width=20, measure=len) == ["line one", "line two"]


def _badge_setup():
    from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: PLC0415
    from matplotlib.figure import Figure  # noqa: PLC0415

    fig = Figure(figsize=(4, 4), dpi=100)
    FigureCanvasAgg(fig)
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, 100)
    ax.set_ylim(0, 100)
    return fig, ax


def test_badges_sit_at_their_place_without_leader() -> None:
    fig, ax = _badge_setup()
    boxes = draw_badges(ax, [((50.0, 50.0), 3.0, [1, 2])], obstacles=[], families=["DejaVu Sans"])
    centre = ax.transData.transform((50.0, 50.0))
    mid = np.array([(boxes[0].x0 + boxes[0].x1) / 2, (boxes[0].y0 + boxes[0].y1) / 2])
    assert np.hypot(*(mid - centre)) < 25 * fig.dpi / 72  # right next to the marker
    leaders = [ln for ln in ax.lines if ln.get_marker() in ("None", None, "")]
    assert not leaders


def test_badges_that_must_move_get_a_leader_line() -> None:
    fig, ax = _badge_setup()
    centre = ax.transData.transform((50.0, 50.0))
    px = fig.dpi / 72
    # Labels all around the place: above, below, left and right of it are taken.
    around = [
        Bbox.from_bounds(centre[0] - 40 * px, centre[1] + 5 * px, 80 * px, 20 * px),
        Bbox.from_bounds(centre[0] - 40 * px, centre[1] - 25 * px, 80 * px, 20 * px),
        Bbox.from_bounds(centre[0] + 5 * px, centre[1] - 5 * px, 35 * px, 10 * px),
        Bbox.from_bounds(centre[0] - 40 * px, centre[1] - 5 * px, 35 * px, 10 * px),
    ]
    boxes = draw_badges(ax, [((50.0, 50.0), 3.0, [1])], obstacles=around,
                        families=["DejaVu Sans"])  # fmt: skip
    assert not any(boxes[0].overlaps(b) for b in around)
    leaders = [ln for ln in ax.lines if isinstance(ln, Line2D) and len(ln.get_xdata()) == 2]
    assert len(leaders) == 1
    assert leaders[0].get_color() == BADGE_COLOUR
    (x0, x1), (y0, y1) = leaders[0].get_xdata(), leaders[0].get_ydata()
    start = ax.transData.transform((x0, y0))
    end = ax.transData.transform((x1, y1))
    assert np.hypot(*(start - centre)) < 5 * px  # from the place ...
    badge = np.array([(boxes[0].x0 + boxes[0].x1) / 2, (boxes[0].y0 + boxes[0].y1) / 2])
    assert np.hypot(*(end - badge)) < 9 * px  # ... to the badge
    assert np.hypot(*(badge - centre)) < 60 * px  # near enough to read as the place's


def test_svg_title_lines_are_text() -> None:
    built = replace(make_built("en"), title=TITLES["en"])
    svg = rs.render_static(built, fmt="svg", options=RenderOptions(width_px=900, dpi=100))
    lines = ["".join(el.itertext()) for el in ET.fromstring(svg).iter(f"{SVG_NS}text")]
    first = next(i for i, t in enumerate(lines) if t and TITLES["en"].startswith(t))
    joined = lines[first]
    for line in lines[first + 1 :]:
        if len(joined) >= len(TITLES["en"]):
            break
        joined += " " + line
    assert joined == TITLES["en"]  # two or more <text> lines, every word kept
    assert lines[first] != TITLES["en"]


def test_a_note_of_many_claim_checks_stops_after_four_lines() -> None:
    from _built_fixture import LEGS  # noqa: PLC0415

    built = make_built("en", legs=LEGS * 20)  # twenty distance claims
    m = rs._draw(built, RenderOptions(width_mm=85, dpi=100), None, ax=None)
    assert m.note_block is not None
    assert len(m.note_block.lines) == 4
    assert m.note_block.lines[-1].endswith("…")
    assert not outside_page(m.fig)
