"""The layers of the web map: one per journey, one of places and events, one of gauge changes.

Each layer is a ``folium.FeatureGroup`` that the legend switches by its key
(``j0``, ``j1``... per journey, ``places``, ``gauge``); each leg, place and event
in it is one :class:`~legmap.render.html._page.Call` with a spec from
:mod:`legmap.render.html._specs` and HTML from :mod:`legmap.render.html._parts`.
Journeys get the theme's colours, legs its mode colours and widths
(:meth:`~legmap.render.theme.Theme.leg_style`) and on a shared path their overlap slots;
places and events carry a label priority that ``legmap.js`` declutters by
(endpoints first, then by kind); gauge changes are plain markers, never hidden.

Examples
--------
>>> import folium
>>> fmap = folium.Map(tiles=None)
>>> place = {"id": "a", "kind": "city", "name": "<A>", "lonlat": (30.5, 50.4)}
>>> add_marks(fmap, [place], [], {"a"}, lang="en")
>>> [type(c).__name__ for c in fmap._children.values()]
['FeatureGroup']
"""

from __future__ import annotations

from typing import Any

import folium
import shapely

from legmap._i18n import is_rtl, t
from legmap.render.html import _geom as geom
from legmap.render.html import _parts as parts
from legmap.render.html import _specs as specs
from legmap.render.html._assets import esc
from legmap.render.html._page import Call
from legmap.render.theme import DEFAULT_THEME, Theme

__all__ = ["KIND_RANK", "add_gauge_breaks", "add_journeys", "add_marks"]

#: Label priority of a place by kind (lower first), after the legs' endpoints.
KIND_RANK = {k: i for i, k in enumerate(
    ("city", "spaceport", "airport", "station", "port", "border-crossing", "venue"))}  # fmt: skip


def add_journeys(
    fmap: folium.Map, legs: Any, leg_lines: list[shapely.LineString], content: geom.Bounds,
    *, lang: str, units: str, big: bool = False, theme: Theme = DEFAULT_THEME,
) -> tuple[list[tuple[str, str, str]], list[tuple[shapely.LineString, str]]]:  # fmt: skip
    """One layer per journey, in story order.

    Returns (title, colour, layer key) per journey for the legend (its switch and
    zoom button find the layer by key), and (line, colour) per leg for the inset.

    A big story (``big``) draws each journey's legs in one ``legmap.legs`` call
    (see :data:`legmap.render.html._specs.BIG_STORY_LEGS`); distance checks keep
    their ends and labels.
    """
    extent = max(content[2] - content[0], content[3] - content[1], 0.05)
    tol = geom.tolerance_for(content)
    order = list(dict.fromkeys(legs["journey"])) if len(legs) else []
    colours = theme.journey_colours(order)  # the theme's palette (legmap.render.theme)
    slots = specs.overlap_slots(leg_lines, extent / 100)
    titles: list[tuple[str, str, str]] = []
    drawn: list[tuple[shapely.LineString, str]] = []
    seen: set[str] = set()
    members: dict[str, list[int]] = {jid: [] for jid in order}
    for i, jid in enumerate(legs["journey"] if len(legs) else []):
        members[jid].append(i)  # grouped once: no scan of the table per journey
    for number, jid in enumerate(order):
        idx = members[jid]
        key = f"j{number}"
        title = str(legs.at[idx[0], "journey_title"] or jid)
        # A journey drawn only in a fixed colour (distance checks) is no coloured
        # route: the legend would show a colour found nowhere on the map.
        fixed = {theme.leg_style(legs.at[i, "mode"], "confirmed").colour for i in idx}
        swatch = colours[jid] if None in fixed else sorted(c for c in fixed if c)[0]
        if None in fixed:
            titles.append((title, colours[jid], key))
        drawn += [(leg_lines[i], theme.leg_style(legs.at[i, "mode"], "confirmed").colour
                   or swatch) for i in idx]  # fmt: skip
        # The layer control shows its names as HTML: escaped title and a swatch.
        name = f'<span class="lm-sw" style="background:{swatch}"></span> {esc(title)}'
        while name in seen:  # the control is keyed by name: keep twins apart
            name += "\u200b"
        seen.add(name)
        group = folium.FeatureGroup(name=name, overlay=True, control=True, show=True)
        Call("group", {"key": key}).add_to(group)  # the legend's switch and zoom button
        batch = []
        for i in idx:
            row = specs.clean(legs.iloc[i].to_dict())
            if big and row["mode"] != "distance":
                batch.append((row, leg_lines[i], specs.slot_offset(slots[i])))
                continue
            spec = specs.leg_spec(row, leg_lines[i], swatch, tol=tol, lang=lang, units=units,
                                  theme=theme)  # fmt: skip
            if slots[i]:  # shifted in screen pixels by legmap.js, the same at every zoom
                spec["off"] = specs.slot_offset(slots[i])
            Call("leg", spec).add_to(group)
        if batch:
            spec = specs.big_legs_spec(batch, swatch, tol=tol * 10, lang=lang, units=units,
                                       theme=theme)  # fmt: skip
            Call("legs", spec).add_to(group)
        group.add_to(fmap)
    return titles, drawn


def add_marks(
    fmap: folium.Map, places: list[dict[str, Any]], events: list[dict[str, Any]],
    endpoints: set[str], *, lang: str,
) -> None:  # fmt: skip
    """Places and events in one layer; the browser declutters labels by priority."""
    rtl = is_rtl(lang)
    layer = folium.FeatureGroup(name=esc(t("places", lang)), overlay=True, control=True)
    Call("group", {"key": "places"}).add_to(layer)
    ranked = sorted(
        places,
        key=lambda p: (p["id"] not in endpoints, KIND_RANK.get(p["kind"], 9), str(p["id"])),
    )
    kinds = {p["id"]: p["kind"] for p in places}
    label_dir, label_side = ("left", -1) if rtl else ("right", 1)
    for prio, place in enumerate(ranked):
        svg, size = parts.place_svg(str(place["kind"]))
        Call("mark", {
            "at": geom.latlng(*place["lonlat"]),
            "icon": {"html": svg, "cls": "lm-place", "size": [size, size],
                     "anchor": [size / 2, size / 2]},
            "label": f'<bdi>{esc(place["name"])}</bdi>', "permanent": True,
            "dir": label_dir, "off": [label_side * (size / 2 + 1), 0],
            "labelCls": "lm-label" + ("" if place["id"] in endpoints else " lm-minor"),
            "pop": parts.place_popup(place, lang),
            "prio": prio if place["id"] in endpoints else prio + 1000,
        }).add_to(layer)  # fmt: skip
    for number, ev in enumerate(events, start=1):
        half = parts.place_svg(str(kinds.get(ev["place_id"], "")))[1] / 2
        # A badge sits just above its place (the label is beside it); the browser
        # slides badges sideways when several events share a spot.
        Call("mark", {
            "at": geom.latlng(*ev["lonlat"]),
            "icon": {"html": parts.event_badge(number), "cls": "lm-ev", "size": [16, 16],
                     "anchor": [8, 18 + half]},
            "label": parts.event_tooltip(number, ev, lang), "permanent": False,
            "dir": "top", "off": [0, -12], "labelCls": "lm-tip",
            "pop": parts.event_popup(number, ev, lang),
            "prio": 500 + number, "slide": True,
        }).add_to(layer)  # fmt: skip
    layer.add_to(fmap)


def add_gauge_breaks(
    fmap: folium.Map, breaks: list[dict[str, Any]], places: list[dict[str, Any]], *, lang: str
) -> None:
    """A small diamond where a train changes gauge, its tooltip naming where and from/to.

    Plain folium markers, outside the label declutter: a gauge change is never hidden.
    """
    if not breaks:
        return
    layer = folium.FeatureGroup(name=esc(t("gauge_change", lang)), overlay=True, control=True)
    Call("group", {"key": "gauge"}).add_to(layer)
    size = 12
    for brk in breaks:
        lon, lat = brk["lonlat"]
        # On a place's own marker (Khasan station): set just below it, not hidden under it.
        at = [p for p in places if abs(p["lonlat"][0] - lon) + abs(p["lonlat"][1] - lat) < 1e-3]
        below = parts.place_svg(str(at[0]["kind"]))[1] / 2 + 1 if at else 0
        folium.Marker(
            geom.latlng(lon, lat),
            icon=folium.DivIcon(
                html=parts.gauge_break_svg(size, size), class_name="lm-gauge",
                icon_size=(size, size), icon_anchor=(size // 2, round(size / 2 - below)),
            ),
            tooltip=folium.Tooltip(parts.gauge_break_tooltip(brk, lang), class_name="lm-tip"),
        ).add_to(layer)  # fmt: skip
    layer.add_to(fmap)
