"""The symbol language shared by every renderer (HTML and static).

One definition, so a train leg, a "possible" leg or a journey colour look the
same on the web map, the PNG and the legend.  Renderers translate these
abstract styles into Leaflet options or matplotlib keywords; they never invent
their own colours or dash patterns.

Examples
--------
>>> leg_style("train", "possible").dash
(6.0, 6.0)
>>> MODE_STYLES["flight"].curved
True
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from legmap import _vocab

if TYPE_CHECKING:
    from pandas import DataFrame

__all__ = [
    "BIG_STORY_LEGS",
    "CERTAINTIES",
    "CERTAINTY_STYLES",
    "DEFAULT_PLACE_STYLE",
    "JOURNEY_PALETTE",
    "LEGEND_MODES",
    "MODES",
    "MODE_STYLES",
    "OFF_NETWORK",
    "PLACE_KIND_STYLES",
    "CertaintyStyle",
    "LegStyle",
    "PlaceKindStyle",
    "journey_colour",
    "leg_style",
    "with_drawn_modes",
]

# The vocabulary is the story format's; styles only decide how each word looks.
MODES = _vocab.MODES
CERTAINTIES = _vocab.CERTAINTIES


@dataclass(frozen=True)
class LegStyle:
    """How one kind of leg is drawn.

    Attributes
    ----------
    weight : float
        Line width in CSS pixels (points on static maps: multiply by 0.75).
    dash : tuple of float or None
        Dash pattern in line widths' multiples of pixels, None for solid.
    opacity : float
        Stroke opacity.
    ticks : bool
        Railway cross-ties drawn along the line.
    curved : bool
        Drawn as a geodesic arc (flights).
    arrow : bool
        Direction arrowhead at the end.
    end_bars : bool
        Perpendicular bars at both ends (measuring lines).
    casing : bool
        White halo under the line so it reads on any basemap.
    colour : str or None
        Fixed colour; None means the journey's colour.
    """

    weight: float
    dash: tuple[float, ...] | None = None
    opacity: float = 0.95
    ticks: bool = False
    curved: bool = False
    arrow: bool = False
    end_bars: bool = False
    casing: bool = True
    colour: str | None = None


@dataclass(frozen=True)
class CertaintyStyle:
    """How certainty modulates a leg style: confirmed solid, expected lighter, possible dashed."""

    opacity_factor: float
    dash: tuple[float, ...] | None
    weight_factor: float = 1.0


@dataclass(frozen=True)
class PlaceKindStyle:
    """Marker for a place kind: a symbol and its size in pixels."""

    symbol: str  # a matplotlib marker code; the HTML renderer maps it to an SVG shape
    size: float
    colour: str


MODE_STYLES: dict[str, LegStyle] = {
    "train": LegStyle(weight=4.0, ticks=True),
    "flight": LegStyle(weight=2.5, dash=(8.0, 5.0), curved=True, arrow=True),
    "distance": LegStyle(weight=1.5, end_bars=True, casing=False, colour="#444444"),
    "road": LegStyle(weight=3.0),
    "sea": LegStyle(weight=3.0, dash=(1.0, 5.0)),
    "unknown": LegStyle(weight=2.0, dash=(2.0, 4.0), opacity=0.8),
    # A train leg the rail network could not route: drawn straight, so no
    # cross-ties (they would claim a track), and a dash-dot of its own.
    "train-offnet": LegStyle(weight=3.0, dash=(10.0, 4.0, 2.0, 4.0)),
}

#: The key of :data:`MODE_STYLES` for a train leg that is not on the rail network.
OFF_NETWORK = "train-offnet"

#: Legend order of the drawn modes: the story's modes, an off-network train after trains.
LEGEND_MODES = ("train", OFF_NETWORK, *(m for m in MODES if m != "train"))


def with_drawn_modes(legs: DataFrame) -> DataFrame:
    """`legs` with the mode each leg is *drawn* as: an unrouted train becomes :data:`OFF_NETWORK`.

    Renderers style, label and list in the legend by this column, so a train
    that the rail network could not route never looks like one that it did.
    The legs table itself keeps the story's mode (GeoJSON, ``check``).

    Examples
    --------
    >>> import pandas as pd
    >>> legs = pd.DataFrame({"mode": ["train", "train", "flight"], "routed": [True, False, False]})
    >>> with_drawn_modes(legs)["mode"].tolist()
    ['train', 'train-offnet', 'flight']
    """
    if not len(legs) or "routed" not in legs:
        return legs
    off = (legs["mode"] == "train") & ~legs["routed"].astype(bool)
    if not off.any():
        return legs
    out = legs.copy()
    out.loc[off, "mode"] = OFF_NETWORK
    return out


CERTAINTY_STYLES: dict[str, CertaintyStyle] = {
    "confirmed": CertaintyStyle(opacity_factor=1.0, dash=None),
    "expected": CertaintyStyle(opacity_factor=0.75, dash=None, weight_factor=0.9),
    "possible": CertaintyStyle(opacity_factor=0.55, dash=(6.0, 6.0), weight_factor=0.8),
}

# Colour-blind-safe qualitative palette (Okabe & Ito 2008), darkest first, so the
# first journeys stay readable on a light basemap.
JOURNEY_PALETTE = (
    "#D55E00",  # vermillion
    "#0072B2",  # blue
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#E69F00",  # orange
    "#56B4E9",  # sky blue
    "#000000",  # black
)

PLACE_KIND_STYLES: dict[str, PlaceKindStyle] = {
    "city": PlaceKindStyle(symbol="o", size=7.0, colour="#222222"),
    "station": PlaceKindStyle(symbol="s", size=6.0, colour="#222222"),
    "airport": PlaceKindStyle(symbol="^", size=7.0, colour="#222222"),
    "venue": PlaceKindStyle(symbol="D", size=6.0, colour="#6A3D9A"),
    "spaceport": PlaceKindStyle(symbol="*", size=11.0, colour="#6A3D9A"),
    "port": PlaceKindStyle(symbol="v", size=7.0, colour="#1F4E79"),
    "border-crossing": PlaceKindStyle(symbol="X", size=7.0, colour="#8B0000"),
}
DEFAULT_PLACE_STYLE = PlaceKindStyle(symbol="o", size=6.0, colour="#222222")

#: Above this many legs a story is *big* and both renderers draw it for its size:
#: the HTML map on a canvas, one simplified path per leg and one tooltip for all;
#: the static map in a few collections, with labels thinned by priority.  At this
#: size a reader sees a network more than single legs (benchmarks/README.md).
BIG_STORY_LEGS = 500


def journey_colour(index: int) -> str:
    """Colour of the `index`-th journey of a story (cycling through the palette).

    Examples
    --------
    >>> journey_colour(0)
    '#D55E00'
    >>> journey_colour(len(JOURNEY_PALETTE)) == journey_colour(0)
    True
    """
    return JOURNEY_PALETTE[index % len(JOURNEY_PALETTE)]


def leg_style(mode: str, certainty: str) -> LegStyle:
    """The style of a leg: its mode's style modulated by its certainty.

    A mode's own dash pattern wins over the certainty's (a flight stays a flight);
    for solid modes a "possible" leg becomes dashed.
    """
    base = MODE_STYLES.get(mode, MODE_STYLES["unknown"])
    cert = CERTAINTY_STYLES.get(certainty, CERTAINTY_STYLES["confirmed"])
    return replace(
        base,
        opacity=round(base.opacity * cert.opacity_factor, 3),
        weight=round(base.weight * cert.weight_factor, 2),
        dash=base.dash if base.dash is not None else cert.dash,
    )
