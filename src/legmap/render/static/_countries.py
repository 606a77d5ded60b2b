"""Country names on static maps, in the map's language (CLDR territory names through Babel).

Each country in view gets its name at the label point the basemap gives
(:func:`legmap.render._basemap.country_labels`), as a low-priority label: the
placement of :mod:`legmap.render.static._labels` puts it there, or next to it,
after every place and distance label, and drops it when it has no room.
Countries too small to name at the map's scale are left out.  Names are
written in capitals where the script has them (``RUSSIA``, ``РОССИЯ``),
grey and under the legs, as locator maps do.
"""

from __future__ import annotations

import textwrap
from functools import lru_cache

import numpy as np
from babel import Locale, UnknownLocaleError

from legmap.render import _basemap
from legmap.render.static._geom import MapFrame
from legmap.render.static._labels import LabelRequest
from legmap.render.static._text import TextKit

__all__ = ["COUNTRY_COLOUR", "country_name", "country_requests"]

COUNTRY_COLOUR = "#7c7c7c"
_MIN_SIDE = 0.03  # a country is named when its area's side is this share of the map's width
_MAX_COUNTRIES = 12
_WRAP = 16  # characters per line of a long name (where the script has spaces)


@lru_cache(maxsize=16)
def _territories(lang: str) -> dict[str, str]:
    try:
        return dict(Locale.parse(lang).territories)
    except (UnknownLocaleError, ValueError):
        return {}


def country_name(iso_a2: str, lang: str, *, default: str = "") -> str:
    """A country's name in `lang`: CLDR's territory name, else `default`.

    Examples
    --------
    >>> country_name("KP", "en"), country_name("KP", "ru"), country_name("KP", "ko")
    ('North Korea', 'КНДР', '북한')
    >>> country_name("XX", "en", default="Nowhere")
    'Nowhere'
    """
    return _territories(lang).get(iso_a2.upper()) or default


def _inner_box(frame: MapFrame) -> tuple[float, float, float, float]:
    """A lon/lat box inside the map's visible rectangle (its edges are curves in lon/lat).

    A country partly in view is then named on the part the reader sees.
    """
    (x0, x1), (y0, y1) = frame.xlim, frame.ylim
    s = np.linspace(0.0, 1.0, 17)
    left = frame.inverse(np.full_like(s, x0), y0 + (y1 - y0) * s)[0]
    right = frame.inverse(np.full_like(s, x1), y0 + (y1 - y0) * s)[0]
    bottom = frame.inverse(x0 + (x1 - x0) * s, np.full_like(s, y0))[1]
    top = frame.inverse(x0 + (x1 - x0) * s, np.full_like(s, y1))[1]
    west, east = float(left.max()), float(right.min())
    south, north = float(bottom.max()), float(top.min())
    if not (west < east and south < north):  # a polar or world-wide view: the outer box
        return frame.lonlat_bbox()
    return (west, south, east, north)


def country_requests(frame: MapFrame, kit: TextKit, *, size: float) -> list[LabelRequest]:
    """Label requests for the countries in view of `frame`, biggest first.

    Parameters
    ----------
    frame : MapFrame
        The map's projection and visible rectangle.
    kit : TextKit
        The map's language and text shaping.
    size : float
        Font size in points.
    """
    labels = _basemap.country_labels(_inner_box(frame))
    if labels.empty:
        return []
    min_area = (frame.width_km * _MIN_SIDE) ** 2
    (x0, x1), (y0, y1) = frame.xlim, frame.ylim
    mx, my = (x1 - x0) * 0.03, (y1 - y0) * 0.03
    lon = np.array([p.x for p in labels.geometry])
    lat = np.array([p.y for p in labels.geometry])
    xs, ys = frame.forward(lon, lat)
    out: list[LabelRequest] = []
    for rank, (iso, english, area, x, y) in enumerate(zip(
        labels["iso_a2"], labels["name"], labels["area_km2"], xs, ys, strict=True
    )):  # fmt: skip
        if len(out) >= _MAX_COUNTRIES:
            break
        if float(area) < min_area or not (x0 + mx <= x <= x1 - mx and y0 + my <= y <= y1 - my):
            continue
        name = country_name(str(iso), kit.lang, default=str(english))
        if name.upper() != name.lower():  # a script with capitals
            name = name.upper()
        if " " in name and len(name) > _WRAP:
            name = "\n".join(textwrap.wrap(name, _WRAP))
        out.append(LabelRequest((float(x), float(y)), kit.text(name), -1.0 - rank, size=size,
                                colour=COUNTRY_COLOUR, gap_pt=3.0, centred=True, zorder=3.5,
                                halo=False))  # fmt: skip
    return out
