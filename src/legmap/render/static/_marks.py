"""Event badges and claim-check texts for the static maps.

Events are numbered in story order and marked by small numbered badges next to
their place, listed with date and label in the legend, as on the HTML map.  A
distance check gets a short label on the map (measured length, claimed length,
a two-word verdict) and its full verdict as one note line at the bottom.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.offsetbox import DrawingArea
from matplotlib.text import Text
from matplotlib.transforms import Bbox

from legmap._i18n import format_date, format_km, t
from legmap.render.static._text import latin_families

__all__ = [
    "BADGE_COLOUR",
    "badge_drawer",
    "claim_note",
    "distance_text",
    "draw_badges",
    "draw_gauge_breaks",
    "event_legend_text",
    "gauge_break_drawer",
]

BADGE_COLOUR = "#6A3D9A"  # the HTML map's .lm-evn
_BADGE_PT = 12.0  # diameter: 16 CSS px
_BADGE_STEP_PT = 13.0  # centre to centre in a row
_BADGE_FONT = 7.0
_DIGIT_MID = 0.36  # half the height of a digit, in ems: baseline this far below centre
_FAR = 2.4  # badges that must move sit this many times farther out, on a leader line
GAUGE_COLOUR = "#222222"  # the gauge-change diamond (the HTML map's, 12 CSS px)
_GAUGE_PT = 7.0


def _num(value: Any) -> float | None:
    try:
        x = float(value)
    except (TypeError, ValueError):
        return None
    return x if math.isfinite(x) else None


def distance_text(leg: Any, *, lang: str, units: str) -> str | None:
    """The map label of a distance leg (<= 3 short lines), never the drawn length.

    With a claim: the straight line measured, the claim, a short verdict; without
    one: the straight line and the rail distance.

    Examples
    --------
    >>> leg = {"length_km": 1011.5, "straight_km": 1011.5, "claim_km": 1528.9,
    ...        "rail_km": 1628.0, "verdict": "rail"}
    >>> print(distance_text(leg, lang="en", units="km"))
    1,012 km
    claimed 1,529 km
    ≈ rail distance
    >>> print(distance_text({**leg, "claim_km": float("nan")}, lang="en", units="km"))
    Straight line 1,012 km
    By rail 1,628 km
    """
    straight = _num(leg.get("straight_km"))
    if straight is None:
        straight = _num(leg.get("length_km"))  # a hand-made table: the measuring line
    claim = _num(leg.get("claim_km"))
    lines = []
    if claim is not None:
        if straight is not None:
            lines.append(format_km(straight, units=units, lang=lang))
        lines.append(t("claim", lang, dist=format_km(claim, units=units, lang=lang)))
        verdict = _verdict(leg, claim, lang)
        if verdict:
            lines.append(verdict)
    else:
        if straight is not None:
            straight_text = format_km(straight, units=units, lang=lang)
            lines.append(f"{t('field.straight', lang)} {straight_text}")
        rail = _num(leg.get("rail_km"))
        rail_text = t("no_rail", lang) if rail is None else format_km(rail, units=units, lang=lang)
        lines.append(f"{t('field.rail', lang)} {rail_text}")
    return "\n".join(lines) or None


def _off_pct(leg: Any, claim: float) -> str:
    measured = [x for x in (_num(leg.get("straight_km")), _num(leg.get("rail_km"))) if x]
    if not measured:
        measured = [x for x in (_num(leg.get("length_km")),) if x]
    if not measured:
        return "?"
    errors = [(claim - km) / km for km in measured]
    return f"{min(abs(e) for e in errors) * 100:.0f}"


def _verdict(leg: Any, claim: float, lang: str, *, short: bool = True) -> str | None:
    verdict = leg.get("verdict")
    if verdict in ("rail", "straight"):
        return t(f"verdict.{'short.' if short else ''}{verdict}", lang)
    if verdict == "off":
        return t("verdict.off", lang, pct=_off_pct(leg, claim))
    return None


def claim_note(legs: Sequence[Any], *, lang: str, units: str) -> str | None:
    """One line with the full verdict of each checked claim, for the notes at the bottom.

    Built from the numbers in the map's language (not the story's stored text).

    Examples
    --------
    >>> leg = {"mode": "distance", "from_name": "Vladivostok", "to_name": "Vostochny",
    ...        "length_km": 1011.5, "claim_km": 1528.9, "straight_km": 1011.5,
    ...        "rail_km": 1628.0, "verdict": "rail"}
    >>> print(claim_note([leg], lang="en", units="km"))
    Claim check: Vladivostok – Vostochny: matches the rail distance (Claim 1,529 km; Straight line 1,012 km; By rail 1,628 km)
    """  # noqa: E501
    notes = []
    for leg in legs:
        claim = _num(leg.get("claim_km"))
        if leg.get("mode") != "distance" or claim is None:
            continue
        straight, rail = _num(leg.get("straight_km")), _num(leg.get("rail_km"))
        parts = [f"{t('field.claim', lang)} {format_km(claim, units=units, lang=lang)}"]
        if straight is not None:
            straight_text = format_km(straight, units=units, lang=lang)
            parts.append(f"{t('field.straight', lang)} {straight_text}")
        rail_text = t("no_rail", lang) if rail is None else format_km(rail, units=units, lang=lang)
        parts.append(f"{t('field.rail', lang)} {rail_text}")
        verdict = _verdict(leg, claim, lang, short=False)
        where = f"{leg.get('from_name') or ''} – {leg.get('to_name') or ''}"
        body = f"{verdict} ({'; '.join(parts)})" if verdict else "; ".join(parts)
        notes.append(f"{where}: {body}")
    if not notes:
        return None
    return f"{t('claim_check', lang)}: " + "  ·  ".join(notes)


def event_legend_text(ev: Any, place_name: str, *, width: int = 52, lang: str = "en") -> str:
    """Legend text of an event: date (in `lang`, through CLDR), label and place, wrapped.

    Examples
    --------
    >>> print(event_legend_text({"date": "2023-09", "label": "Forum"}, "FEFU"))
    September 2023 · Forum (FEFU)
    """
    date = ev.get("date")
    head = f"{format_date(date, lang=lang)} · " if isinstance(date, str) and date else ""
    label = ev.get("label") if isinstance(ev.get("label"), str) else ""
    text = f"{head}{label} ({place_name})" if place_name else f"{head}{label}"
    return "\n".join(textwrap.wrap(text, width)) or text


def badge_drawer(number: int, families: list[str]) -> Callable[[DrawingArea], None]:
    """A legend row drawer: the numbered badge of event `number` (a little smaller)."""

    def draw(area: DrawingArea) -> None:  # DrawingArea units are points
        size, font = _BADGE_PT * 0.85, _BADGE_FONT * 0.9
        area.add_artist(Line2D([13.0], [5.0], marker="o", ms=size, mfc="white",
                               mec=BADGE_COLOUR, mew=1.1))  # fmt: skip
        area.add_artist(Text(13.0, 5.0 - _DIGIT_MID * font, str(number), ha="center",
                             va="baseline", fontsize=font, fontweight="bold",
                             color=BADGE_COLOUR, fontfamily=latin_families(families)))  # fmt: skip

    return draw


def draw_badges(
    ax: Axes,
    groups: Sequence[tuple[tuple[float, float], float, list[int]]],
    *,
    obstacles: list[Bbox],
    families: list[str],
    rtl: bool = False,
) -> list[Bbox]:
    """Draw numbered badges next to places; return their display boxes.

    Each group is (place xy in data units, marker radius in points, event numbers).
    A group's badges form one row, above the place if that is free (inside the
    map, off other markers, badges and `obstacles`), else below, right or left
    of it.  Above and below, the row leans away from the side the place's label
    prefers (right of the place, left of it on a right-to-left map).  When all
    four are taken, the row moves farther out, in the same order, and a thin
    leader line ties it to its place.
    """
    px = ax.figure.dpi / 72.0
    digits = latin_families(families)
    frame = ax.get_window_extent()
    inv = ax.transData.inverted()
    taken = list(obstacles)
    boxes: list[Bbox] = []
    r = _BADGE_PT / 2 + 1.0
    for xy, marker_pt, numbers in groups:
        if not numbers:
            continue
        centre = ax.transData.transform(xy)
        width = (len(numbers) - 1) * _BADGE_STEP_PT
        lift = marker_pt + r + 4.0  # clear of a label beside the place
        lean = width / 2 * (1.0 if rtl else -1.0)
        near = [(lean, lift), (lean, -lift), (lift + width / 2, 0.0), (-(lift + width / 2), 0.0)]
        far = [(dx * _FAR + (lean if dy else 0.0) * (1 - _FAR), dy * _FAR) for dx, dy in near]
        half = np.array([width / 2 + r, r]) * px
        chosen = None
        for ring, (dx, dy) in enumerate([*near, *far]):
            mid = centre + np.array([dx, dy]) * px
            box = Bbox([mid - half, mid + half])
            inside = frame.contains(box.x0, box.y0) and frame.contains(box.x1, box.y1)
            # The place's own marker box contains its centre: not an obstacle here.
            clear = not any(box.overlaps(o) for o in taken if not o.contains(*centre))
            if inside and clear:
                chosen = (mid, box, ring >= len(near))
                break
        if chosen is None:  # nowhere free: above, over whatever is there
            mid = centre + np.array([lean, lift]) * px
            chosen = (mid, Bbox([mid - half, mid + half]), False)
        mid, box, moved = chosen
        if moved:  # a leader from the marker's edge to the row's nearest badge
            _badge_leader(ax, centre, mid, width=width * px, marker=marker_pt * px, radius=r * px)
        for k, number in enumerate(numbers):
            at = mid + np.array([(k * _BADGE_STEP_PT - width / 2) * px, 0.0])
            x, y = inv.transform(at)
            ax.plot(x, y, marker="o", ms=_BADGE_PT, mfc="white", mec=BADGE_COLOUR, mew=1.2,
                    zorder=25)  # fmt: skip
            x, y = inv.transform(at - np.array([0.0, _DIGIT_MID * _BADGE_FONT * px]))
            ax.text(float(x), float(y), str(number), ha="center", va="baseline",
                    fontsize=_BADGE_FONT, fontweight="bold", color=BADGE_COLOUR,
                    fontfamily=digits, zorder=25.1)  # fmt: skip
        taken.append(box)
        boxes.append(box)
    return boxes


def _badge_leader(
    ax: Axes, place: np.ndarray, mid: np.ndarray, *, width: float, marker: float, radius: float
) -> None:
    """A thin line from a place's marker to its badge row, drawn under the badges."""
    nearest = np.array([min(max(place[0], mid[0] - width / 2), mid[0] + width / 2), mid[1]])
    d = nearest - place
    length = float(np.hypot(*d)) or 1.0
    start = place + d / length * marker
    end = nearest - d / length * radius
    inv = ax.transData.inverted()
    (x0, y0), (x1, y1) = inv.transform(start), inv.transform(end)
    ax.plot([x0, x1], [y0, y1], color=BADGE_COLOUR, lw=0.7, zorder=24.5, solid_capstyle="butt")


def gauge_break_drawer(area: DrawingArea) -> None:
    """A legend row drawer: the gauge-change diamond."""
    area.add_artist(Line2D([13.0], [5.0], marker="D", ms=_GAUGE_PT * 0.9, mfc=GAUGE_COLOUR,
                           mec="white", mew=1.0))  # fmt: skip


def draw_gauge_breaks(
    ax: Axes,
    points: Sequence[tuple[float, float]],
    places: Sequence[tuple[tuple[float, float], float]],
) -> list[Bbox]:
    """Draw a small diamond where a train changes gauge; return their display boxes.

    `points` are in data units; `places` are (xy, marker radius in points) of the
    place markers drawn: a change at a place (Khasan station) sits just below its
    marker, not hidden under it.
    """
    px = ax.figure.dpi / 72.0
    inv = ax.transData.inverted()
    boxes = []
    half = (_GAUGE_PT / 2 + 1.0) * px
    for xy in points:
        centre = ax.transData.transform(xy)
        for place_xy, radius in places:
            if np.hypot(*(ax.transData.transform(place_xy) - centre)) < 2 * px:
                centre = centre - np.array([0.0, (radius + _GAUGE_PT / 2 + 1.0) * px])
                break
        x, y = inv.transform(centre)
        ax.plot(x, y, marker="D", ms=_GAUGE_PT, mfc=GAUGE_COLOUR, mec="white", mew=1.0,
                zorder=23)  # fmt: skip
        boxes.append(Bbox([centre - half, centre + half]))
    return boxes
