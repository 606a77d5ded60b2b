"""HTML fragments of the web map: tooltips, popups, legend, symbols (no folium here).

Every function returns HTML in which story text has passed through
:func:`legmap.render.html._assets.esc`; interface strings come from :mod:`legmap._i18n`
and numbers are isolated in ``<bdi dir="ltr">`` so "1,011 km" stays readable
inside right-to-left text.

Examples
--------
>>> km_html(1011.4, "km", "ar")
'<bdi dir="ltr">1,011</bdi> كم'
>>> from legmap.render.style import leg_style
>>> strokes(leg_style("flight", "confirmed"), "#0072B2")[1]["dashArray"]
'8 5'
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import Any

from legmap._i18n import KM_PER_MI, format_date, format_km, format_number, is_rtl, t
from legmap.render._numbers import shown_distance, straight_km
from legmap.render.html._assets import esc, safe_url
from legmap.render.style import DEFAULT_PLACE_STYLE, PLACE_KIND_STYLES, LegStyle

__all__ = [
    "SAMPLE_COLOUR",
    "arrow_svg",
    "bar_svg",
    "card_attrs",
    "date_html",
    "distance_html",
    "event_badge",
    "gauge_break_svg",
    "gauge_break_tooltip",
    "km_html",
    "leg_popup",
    "leg_tooltip",
    "legend_sample",
    "place_svg",
    "source_html",
    "strokes",
]

SAMPLE_COLOUR = "#555555"  # legend samples of modes and certainty: journey-neutral
_TIES_DASH = "1.5 7"  # wide, short dashes across a line read as railway sleepers


def _num(x: float) -> str:
    return f"{x:g}"


def strokes(style: LegStyle, colour: str) -> list[dict[str, Any]]:
    """Leaflet path options, bottom to top, for one leg drawn in `style`.

    A white casing (halo) first so the line reads on any basemap, then railway
    ties, then the line itself.  Used for the map and for the legend samples,
    so both always agree.
    """
    colour = style.colour or colour
    w, op = style.weight, style.opacity
    dash = " ".join(_num(d) for d in style.dash) if style.dash else None
    out: list[dict[str, Any]] = []
    if style.casing:
        out.append({"color": "#ffffff", "weight": round(w + 3, 2), "opacity": round(op * 0.9, 3),
                    "lineCap": "round", "lineJoin": "round", "className": "lm-halo"})  # fmt: skip
    if style.ticks:
        out.append({"color": colour, "weight": round(w * 2.4, 2), "opacity": op,
                    "dashArray": _TIES_DASH, "lineCap": "butt"})  # fmt: skip
    cap = "butt" if dash else "round"
    main: dict[str, Any] = {"color": colour, "weight": w, "opacity": op, "lineCap": cap,
                            "lineJoin": "round"}  # fmt: skip
    if dash:
        main["dashArray"] = dash
    out.append(main)
    return out


def _svg_line(s: Mapping[str, Any], x1: float, x2: float, y: float) -> str:
    dash = f' stroke-dasharray="{s["dashArray"]}"' if s.get("dashArray") else ""
    cls = f' class="{s["className"]}"' if s.get("className") else ""
    return (
        f'<path{cls} d="M{_num(x1)} {_num(y)}H{_num(x2)}" stroke="{s["color"]}" '
        f'stroke-width="{_num(s["weight"])}" stroke-opacity="{_num(s["opacity"])}" '
        f'stroke-linecap="{s.get("lineCap", "round")}" fill="none"{dash}/>'
    )


def legend_sample(style: LegStyle, colour: str) -> str:
    """A 40 x 16 px sample of a leg style for the legend (the map's own strokes)."""
    width, height = 40, 16
    parts = [_svg_line(s, 5, width - 5, height / 2) for s in strokes(style, colour)]
    if style.arrow:
        parts.append(_chevron(width - 5, height / 2, style.colour or colour, style.opacity))
    if style.end_bars:
        c = style.colour or colour
        for x in (5, width - 5):
            parts.append(f'<path d="M{x} 3V13" stroke="{c}" stroke-width="1.5"/>')
    return (
        f'<svg class="lm-sample" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" aria-hidden="true">{"".join(parts)}</svg>'
    )


def _chevron(x: float, y: float, colour: str, opacity: float) -> str:
    d = f"M{_num(x - 7)} {_num(y - 4.5)}L{_num(x)} {_num(y)}L{_num(x - 7)} {_num(y + 4.5)}"
    return (
        f'<path class="lm-halo" d="{d}" stroke="#fff" stroke-width="4.5" fill="none" '
        'stroke-linecap="round" '
        f'stroke-linejoin="round" stroke-opacity="{_num(opacity * 0.9)}"/>'
        f'<path d="{d}" stroke="{colour}" stroke-width="2.2" fill="none" stroke-linecap="round" '
        f'stroke-linejoin="round" stroke-opacity="{_num(opacity)}"/>'
    )


def arrow_svg(colour: str, angle: float, opacity: float) -> str:
    """Arrowhead whose tip sits 4 px short of the icon centre, pointing along `angle`.

    The icon is anchored at the leg's end, so after rotation the tip stops just
    before the destination's marker instead of hiding under it.
    """
    return (
        '<svg width="28" height="28" viewBox="-14 -14 28 28">'
        f'<g transform="rotate({_num(angle)})">{_chevron(-4, 0, colour, opacity)}</g></svg>'
    )


def bar_svg(colour: str, angle: float) -> str:
    """End bar of a measuring line, perpendicular to its direction `angle`."""
    return (
        '<svg width="16" height="16" viewBox="-8 -8 16 16">'
        f'<g transform="rotate({_num(angle)})"><path class="lm-halo" d="M0 -6V6" stroke="#fff" '
        f'stroke-width="4" stroke-linecap="round"/><path d="M0 -6V6" stroke="{colour}" '
        'stroke-width="1.6"/></g></svg>'
    )


_SHAPES = {
    "o": lambda r: f'<circle r="{_num(r)}"/>',
    "s": lambda r: (
        f'<rect x="{_num(-r * 0.85)}" y="{_num(-r * 0.85)}" '
        f'width="{_num(r * 1.7)}" height="{_num(r * 1.7)}"/>'
    ),
    "^": lambda r: f'<path d="M0 {_num(-r)}L{_num(r)} {_num(r * 0.8)}H{_num(-r)}Z"/>',
    "v": lambda r: f'<path d="M0 {_num(r)}L{_num(r)} {_num(-r * 0.8)}H{_num(-r)}Z"/>',
    "D": lambda r: f'<path d="M0 {_num(-r)}L{_num(r * 0.75)} 0L0 {_num(r)}L{_num(-r * 0.75)} 0Z"/>',
    "*": lambda r: (
        '<path d="'
        + "".join(
            ("M" if i == 0 else "L")
            + f"{_num(round((r if i % 2 == 0 else r * 0.45) * math.sin(i * math.pi / 5), 2))} "
            + f"{_num(round(-(r if i % 2 == 0 else r * 0.45) * math.cos(i * math.pi / 5), 2))}"
            for i in range(10)
        )
        + 'Z"/>'
    ),
    "X": lambda r: (
        f'<path d="M{_num(-r)} {_num(-r)}L{_num(r)} {_num(r)}M{_num(r)} {_num(-r)}'
        f'L{_num(-r)} {_num(r)}" stroke-width="{_num(r * 0.7)}"/>'
    ),
}


def place_svg(kind: str) -> tuple[str, int]:
    """Marker symbol of a place kind as inline SVG, and the icon size in px."""
    st = PLACE_KIND_STYLES.get(kind, DEFAULT_PLACE_STYLE)
    r = st.size / 2 + 1
    size = math.ceil(2 * r + 4)
    shape = _SHAPES.get(st.symbol, _SHAPES["o"])(r)
    half = size / 2
    if st.symbol == "X":  # a cross is drawn with strokes, haloed in white
        body = (
            f'<g class="lm-rim" fill="none" stroke="#fff" stroke-width="{_num(r * 0.7 + 2.5)}">'
            f"{shape}</g>"
            f'<g fill="none" stroke="{st.colour}">{shape}</g>'
        )
        body = body.replace(f' stroke-width="{_num(r * 0.7)}"', "", 1)
    else:
        body = f'<g class="lm-rim" fill="{st.colour}" stroke="#fff" stroke-width="1.5">{shape}</g>'
    svg = (
        f'<svg width="{size}" height="{size}" viewBox="{_num(-half)} {_num(-half)} {size} {size}" '
        f'aria-hidden="true">{body}</svg>'
    )
    return svg, size


def card_attrs(lang: str) -> str:
    """``lang``/``dir`` attributes for a box of text in the map language."""
    return f'lang="{esc(lang)}" dir="{"rtl" if is_rtl(lang) else "ltr"}"'


def km_html(km: float, units: str, lang: str) -> str:
    """A distance with its number isolated left-to-right (CLDR decides unit and spacing)."""
    text = format_km(km, units=units, lang=lang)
    number = format_number(km / KM_PER_MI if units == "mi" else km, lang=lang)
    head, found, tail = text.partition(number)
    if not found:  # Arabic writes 1 and 2 miles as words: "ميل", "ميلان"
        return f"<bdi>{esc(text)}</bdi>"
    return f'{esc(head)}<bdi dir="ltr">{esc(number)}</bdi>{esc(tail)}'


def date_html(date: str | None, lang: str = "en") -> str:
    """A story date in the map language (CLDR: "сентябрь 2023 г.", "2023년 9월"), isolated.

    Forms the story format does not know stay as written; all-digit ones run
    left-to-right.
    """
    if not date:
        return ""
    text = format_date(date, lang=lang)
    if re.fullmatch(r"[0-9\s/.:–-]+", text):
        return f'<bdi dir="ltr">{esc(text.replace("/", " – "))}</bdi>'
    return f"<bdi>{esc(text)}</bdi>"


def source_html(source: str | None) -> str:
    """A source: an http(s) link when it is a URL, else the quote as text."""
    if not source:
        return ""
    url = safe_url(source)
    if url:
        return (
            f'<a href="{esc(url)}" target="_blank" rel="noopener noreferrer nofollow">'
            f"{esc(url)}</a>"
        )
    return f'<span dir="auto">{esc(source)}</span>'


def _present(x: object) -> bool:
    return isinstance(x, int | float) and not math.isnan(float(x))


def _arrow(lang: str) -> str:
    # An arrow glyph is not mirrored by the bidi algorithm: point it the reading way.
    return " ← " if is_rtl(lang) else " → "


def distance_html(row: Mapping[str, Any], units: str, lang: str) -> str:
    """The distance of a leg in its tooltip: rail for routed trains, else the geodesic.

    A distance leg shows its straight line, and its rail distance when it has
    no claim to check; a leg legmap does not route says its figure is a straight
    line.  Never the length of the line as drawn.
    """
    if row["mode"] == "distance":
        text = f"{esc(t('field.straight', lang))} {km_html(straight_km(row), units, lang)}"
        if not _present(row.get("claim_km")):
            rail = row.get("rail_km")
            km = km_html(float(rail), units, lang) if _present(rail) else esc(t("no_rail", lang))  # type: ignore[arg-type]
            text += f" · {esc(t('field.rail', lang))} {km}"
        return text
    shown = shown_distance(row)
    km = km_html(shown.km, units, lang)
    return km if shown.kind in ("rail", "geodesic") else f"{esc(t('field.straight', lang))} {km}"


def leg_tooltip(row: Mapping[str, Any], colour: str, lang: str, units: str) -> str:
    """Hover text of a leg: journey, from -> to, mode, date, distance (:func:`distance_html`)."""
    bits = [esc(t("mode." + str(row["mode"]), lang)), esc(t("certainty." + row["certainty"], lang))]
    if row.get("date"):
        bits.append(date_html(row["date"], lang))
    bits.append(distance_html(row, units, lang))
    return (
        f'<div {card_attrs(lang)}><div class="lm-tip-j"><span class="lm-sw" '
        f'style="background:{colour}"></span> <bdi>{esc(row["journey_title"])}</bdi></div>'
        f'<div class="lm-tip-r"><bdi>{esc(row["from_name"])}</bdi>{_arrow(lang)}'
        f"<bdi>{esc(row['to_name'])}</bdi></div><div>{' · '.join(bits)}</div></div>"
    )


def leg_popup(row: Mapping[str, Any], colour: str, lang: str, units: str) -> str:
    """Click card of a leg: every field, claim check for distance legs, source quote."""
    rows: list[tuple[str, str]] = [
        (t("field.mode", lang), esc(t("mode." + str(row["mode"]), lang))),
        (t("field.certainty", lang), esc(t("certainty." + row["certainty"], lang))),
    ]
    if row.get("date"):
        rows.append((t("field.date", lang), date_html(row["date"], lang)))
    if row["mode"] == "distance":
        if _present(row.get("claim_km")):
            rows.append((t("field.claim", lang), km_html(float(row["claim_km"]), units, lang)))
        if _present(row.get("straight_km")):
            rows.append((t("field.straight", lang), km_html(row["straight_km"], units, lang)))
        rail = row.get("rail_km")
        rows.append(
            (
                t("field.rail", lang),
                km_html(float(rail), units, lang)  # type: ignore[arg-type]  # _present checked
                if _present(rail)
                else esc(t("no_rail", lang)),
            )
        )
        if row.get("verdict_text"):
            rows.append((t("field.verdict", lang), f"<b>{esc(row['verdict_text'])}</b>"))
    else:
        shown = shown_distance(row)
        field = {"rail": "field.rail", "geodesic": "field.length"}.get(shown.kind, "field.straight")
        rows.append((t(field, lang), km_html(shown.km, units, lang)))
    table = "".join(f"<tr><th>{esc(k)}</th><td>{v}</td></tr>" for k, v in rows)
    label = f"<p>{esc(row['label'])}</p>" if row.get("label") else ""
    note = ""
    if not row.get("routed") and row["mode"] not in ("flight", "distance"):
        note = f'<p class="lm-note">{esc(t("field.not_routed", lang))}</p>'
    source = ""
    if row.get("source"):
        source = (
            f'<p class="lm-src"><span class="lm-muted">{esc(t("field.source", lang))}:</span> '
            f"{source_html(row['source'])}</p>"
        )
    return (
        f'<div class="lm-card" {card_attrs(lang)}><div class="lm-card-j"><span class="lm-sw" '
        f'style="background:{colour}"></span><bdi>{esc(row["journey_title"])}</bdi></div>'
        f'<div class="lm-card-t"><bdi>{esc(row["from_name"])}</bdi>{_arrow(lang)}'
        f"<bdi>{esc(row['to_name'])}</bdi></div>{label}<table>{table}</table>{note}{source}</div>"
    )


def event_badge(number: int) -> str:
    """The numbered badge marking an event on the map and in the legend."""
    return f'<span class="lm-evn">{number}</span>'


GAUGE_COLOUR = "#222222"  # the gauge-change marker: a small dark diamond, white rim


def gauge_break_svg(width: int = 12, height: int = 12) -> str:
    """The gauge-change marker (map and legend): a dark diamond with a white rim.

    Centred in a `width` x `height` box (the legend's samples are 40 x 16).
    """
    x, y = width / 2, height / 2
    corners = [(x, y - 5), (x + 5, y), (x, y + 5), (x - 5, y)]
    d = "M" + "L".join(f"{_num(a)} {_num(b)}" for a, b in corners) + "Z"
    return (
        f'<svg width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        f'aria-hidden="true"><path d="{d}" fill="{GAUGE_COLOUR}" stroke="#ffffff" '
        'stroke-width="1.5"/></svg>'
    )


def gauge_break_tooltip(brk: Mapping[str, Any], lang: str) -> str:
    """Hover text of a gauge change: "Gauge change", the station, from and to gauges (mm)."""

    def mm(text: object) -> str:
        return "/".join(format_number(int(g), lang=lang) for g in str(text).split("/"))

    gauges = f"{mm(brk['from_gauge'])} → {mm(brk['to_gauge'])} mm"
    return (
        f"<div {card_attrs(lang)}><b>{esc(t('gauge_change', lang))}</b>"
        f'<div class="lm-tip-j"><bdi>{esc(brk["name"])}</bdi>: '
        f'<bdi dir="ltr">{esc(gauges)}</bdi></div></div>'
    )


def event_tooltip(number: int, ev: Mapping[str, Any], lang: str) -> str:
    """Hover text of an event: number, date, label, place."""
    date = f"{date_html(ev.get('date'), lang)} · " if ev.get("date") else ""
    return (
        f"<div {card_attrs(lang)}>{event_badge(number)} {date}<b>{esc(ev.get('label') or '')}</b>"
        f'<div class="lm-tip-j"><bdi>{esc(ev["place_name"])}</bdi></div></div>'
    )


def event_popup(number: int, ev: Mapping[str, Any], lang: str) -> str:
    """Click card of an event."""
    rows = [(t("field.certainty", lang), esc(t("certainty." + str(ev["certainty"]), lang)))]
    if ev.get("date"):
        rows.insert(0, (t("field.date", lang), date_html(ev["date"], lang)))
    table = "".join(f"<tr><th>{esc(k)}</th><td>{v}</td></tr>" for k, v in rows)
    source = ""
    if ev.get("source"):
        source = (
            f'<p class="lm-src"><span class="lm-muted">{esc(t("field.source", lang))}:</span> '
            f"{source_html(ev['source'])}</p>"
        )
    return (
        f'<div class="lm-card" {card_attrs(lang)}><div class="lm-card-j">{event_badge(number)}'
        f'<bdi>{esc(ev["place_name"])}</bdi></div><div class="lm-card-t">'
        f"{esc(ev.get('label') or '')}</div><table>{table}</table>{source}</div>"
    )


def place_popup(place: Mapping[str, Any], lang: str) -> str:
    """Click card of a place: name and where its coordinates come from."""
    src = ""
    if place.get("source"):
        credit = esc(t("credit.data", lang))
        src = f'<p class="lm-note">{credit}: {source_html(place["source"])}</p>'
    return (
        f'<div class="lm-card" {card_attrs(lang)}><div class="lm-card-t">'
        f"<bdi>{esc(place['name'])}</bdi></div>{src}</div>"
    )
