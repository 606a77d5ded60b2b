"""Which part of a story a map shows first: the main frame, and whether an inset shows the rest.

Shared by both renderers (the static map's axes, the HTML map's opening view).
A story whose legs, places and events sit in one region apart from a few long
legs (Kim's train from Pyongyang to Vladivostok, and flights to Moscow) is
framed on its *dense part*; the whole story then goes in a small locator inset
with the main frame outlined.  An editor can choose the main frame instead
(``focus``: journeys, places or a lon/lat box) and switch the inset off.

How the dense part is found
---------------------------
Every leg, place and event of the story weighs 1; a rectangle *holds* the
places and events inside it and the legs with both ends inside it (a flight
to Moscow is held by no frame that leaves Moscow out, however much of it
crosses the frame).  Leaving part of the story out of the main frame must pay
for itself in scale: among rectangles whose edges run through places, events
and leg ends (in an equal-area projection centred on the story), the main
frame minimises ::

    ln(map area) + LEAVE_OUT_COST * (share of the weight left out)

so every tenth of the story left out must make the map at least
exp(0.1 * LEAVE_OUT_COST) = 2.2 times smaller in area (1.5 times larger in
scale); at most 40 % of the story is ever left out (:data:`MIN_SHARE`).  The
map area counts margins and a map's shape (:func:`map_area`): a frame that only
trims a corner off a long diagonal buys nothing.  When the whole story would
need :data:`INSET_GAIN` times the chosen frame's area, the map shows the dense
part with an inset; otherwise the whole story, without one.

Everything is (lon, lat) degrees in the story's longitude frame
(:mod:`legmap.render._frame`): a box may run past 180 degrees for a story across
the Pacific.  Deterministic: the same story gives the same frame.

Examples
--------
The seed story: Kim's and the delegation's trains, Vladivostok's venues and the
Vostochny cosmodrome are framed; Moscow, 6,400 km away, goes in the inset.

>>> import sys; sys.path.insert(0, "tests")
>>> from _built_fixture import make_built
>>> framing = choose_frame(make_built("en"))
>>> framing.inset, framing.how
(True, 'dense')
>>> [round(v) for v in framing.main_bbox]      # Pyongyang .. Vostochny
[126, 39, 132, 52]
>>> [round(v) for v in framing.whole_bbox]     # Moscow .. Vladivostok: flights arc to 61 N
[38, 39, 132, 61]

An editor's focus: one journey, or a box; ``inset="none"`` switches the inset off.

>>> choose_frame(make_built("en"), focus=["shoigu"]).inset    # Moscow - Pyongyang: all of it
False
>>> framing = choose_frame(make_built("en"), focus=(125.0, 38.0, 133.0, 44.0), inset="none")
>>> framing.main_bbox, framing.inset
((125.0, 38.0, 133.0, 44.0), False)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import shapely
from pyproj import Transformer

from legmap._lonlat import swapped_hint
from legmap.errors import RenderError, quote
from legmap.render._frame import StoryFrame

if TYPE_CHECKING:
    from legmap.config import RenderOptions
    from legmap.legs.build import BuiltStory

__all__ = [
    "INSETS",
    "INSET_GAIN",
    "LEAVE_OUT_COST",
    "MIN_SHARE",
    "BBox",
    "Focus",
    "Framing",
    "choose_frame",
    "frame_for",
    "map_area",
]

BBox = tuple[float, float, float, float]
#: Journey or place ids (or place names), or a (min_lon, min_lat, max_lon, max_lat) box.
Focus = Sequence[str] | BBox

#: Cost of leaving the whole story out of the main frame, in units of ln(map area).
LEAVE_OUT_COST = 8.0
#: Share of the story's weight the main frame holds at least.
MIN_SHARE = 0.6
#: An inset is shown when the whole story needs this many times the main frame's map area
#: (the main frame is then drawn at twice the scale or more).
INSET_GAIN = 4.0
#: ``inset`` values: ``auto`` (when it helps) and ``none``.
INSETS = ("auto", "none")

_PAD = 0.1  # of the longer side, each side: room for labels
_PORTRAIT = 1.5  # a map's height / width at most (a dense frame may be tall) ...
_LANDSCAPE = 0.56  # ... and at least
_MIN_SIDE_KM = 50.0
_MAX_EDGES = 40  # candidate rectangle edges per axis


@dataclass(frozen=True)
class Framing:
    """What a map shows: the main frame, the whole story, and whether an inset shows it.

    Attributes
    ----------
    main_bbox : tuple of float
        (min_lon, min_lat, max_lon, max_lat) the map frames first; content only,
        renderers add their own margins.
    whole_bbox : tuple of float
        The same for everything in the story (what the inset shows).
    inset : bool
        Whether to show the whole story in a locator inset with `main_bbox` outlined.
    how : str
        How `main_bbox` was chosen: ``story`` (everything), ``dense`` (the dense
        part, automatically), ``focus`` (journeys or places asked for) or ``box``
        (a lon/lat box asked for).
    share : float
        Share of the story's weight (legs, places, events) inside `main_bbox`.
    """

    main_bbox: BBox
    whole_bbox: BBox
    inset: bool
    how: str = "story"
    share: float = 1.0

    @property
    def cropped(self) -> bool:
        """Whether part of the story lies outside the main frame."""
        m, w = self.main_bbox, self.whole_bbox
        return w[0] < m[0] or w[1] < m[1] or w[2] > m[2] or w[3] > m[3]


def map_area(width_km: float, height_km: float) -> float:
    """The area (km²) of a map showing a `width_km` x `height_km` rectangle of content.

    Each side gets a margin (a tenth of the longer side), then the shorter one
    grows until the map is no flatter than 0.56 and no taller than 1.5
    (height / width); at least 50 km a side.

    Examples
    --------
    >>> map_area(1000, 1000)           # 1,200 km a side
    1440000.0
    >>> map_area(1000, 0) == map_area(1000, 400)   # a line east-west still needs a map's height
    True
    """
    pad = 2 * _PAD * max(width_km, height_km)
    w = max(width_km + pad, _MIN_SIDE_KM)
    h = max(height_km + pad, _MIN_SIDE_KM)
    w = max(w, h / _PORTRAIT)
    h = max(h, w * _LANDSCAPE)
    return float(w * h)


class _Content:
    """A story's legs, places and events, in the story's longitude frame."""

    def __init__(self, built: BuiltStory) -> None:
        self.frame = StoryFrame.of(built)
        self.story: Any = getattr(built, "story", None)
        legs = built.legs if built.legs is not None else None
        self.legs = legs.reset_index(drop=True) if legs is not None and len(legs) else None
        self.places = built.places.reset_index(drop=True)
        self.events = built.events.reset_index(drop=True)
        self.lines = self.frame.lines(self.legs.geometry) if self.legs is not None else []
        self.place_xy = self._points(self.places)
        self.event_xy = self._points(self.events)
        #: Places and events, one point each: (n, 2) lon/lat.
        self.points = np.concatenate([self.place_xy, self.event_xy])
        #: Each leg's two ends: (n, 2, 2) lon/lat.
        self.ends = np.asarray([[line.coords[0], line.coords[-1]] for line in self.lines],
                               dtype=float).reshape(-1, 2, 2)  # fmt: skip
        if not len(self.points) and not len(self.lines):
            raise RenderError("nothing to draw: the story has no legs, places or events")

    def _points(self, table: Any) -> np.ndarray:
        if table is None or not len(table):
            return np.zeros((0, 2))
        xy: np.ndarray = shapely.get_coordinates(np.asarray(table.geometry, dtype=object))
        xy[:, 0] = [self.frame.lon(x) for x in xy[:, 0]]
        return xy

    @property
    def weight(self) -> int:
        return len(self.points) + len(self.lines)

    def bounds(self, *, legs: Sequence[int] | None = None, places: Sequence[int] | None = None,
               events: Sequence[int] | None = None) -> BBox:  # fmt: skip
        """Bounds of some (default: all) legs' vertices, places and events."""
        boxes = []
        leg_idx = range(len(self.lines)) if legs is None else legs
        boxes += [shapely.bounds(self.lines[i]) for i in leg_idx]
        for xy, idx in ((self.place_xy, places), (self.event_xy, events)):
            sel = xy if idx is None else xy[list(idx)]
            if len(sel):
                boxes.append(np.r_[sel.min(axis=0), sel.max(axis=0)])
        arr = np.asarray(boxes, dtype=float).reshape(-1, 4)
        return _bbox(arr[:, 0].min(), arr[:, 1].min(), arr[:, 2].max(), arr[:, 3].max())

    def projector(self, bbox: BBox) -> Transformer:
        lon0, lat0 = (bbox[0] + bbox[2]) / 2, (bbox[1] + bbox[3]) / 2
        lon0 = (lon0 + 180.0) % 360.0 - 180.0
        crs = (f"+proj=laea +lat_0={lat0:.4f} +lon_0={lon0:.4f} +x_0=0 +y_0=0 "
               "+datum=WGS84 +units=km +no_defs")  # fmt: skip
        return Transformer.from_crs("EPSG:4326", crs, always_xy=True)

    def area(self, bbox: BBox, proj: Transformer) -> float:
        """Map area of a lon/lat box, measured through its edges in `proj`."""
        s = np.linspace(0.0, 1.0, 9)
        lon = np.r_[bbox[0] + (bbox[2] - bbox[0]) * s, np.full(9, bbox[2]),
                    bbox[0] + (bbox[2] - bbox[0]) * s, np.full(9, bbox[0])]  # fmt: skip
        lat = np.r_[np.full(9, bbox[1]), bbox[1] + (bbox[3] - bbox[1]) * s,
                    np.full(9, bbox[3]), bbox[1] + (bbox[3] - bbox[1]) * s]  # fmt: skip
        x, y = proj.transform(lon, lat)
        return map_area(float(np.ptp(x)), float(np.ptp(y)))

    def share(self, bbox: BBox) -> float:
        """Share of the weight inside a lon/lat box (a leg counts when both ends are)."""

        def inside(xy: np.ndarray) -> np.ndarray:
            return ((xy[..., 0] >= bbox[0] - 1e-9) & (xy[..., 0] <= bbox[2] + 1e-9)
                    & (xy[..., 1] >= bbox[1] - 1e-9) & (xy[..., 1] <= bbox[3] + 1e-9))  # fmt: skip

        held = int(inside(self.points).sum()) + int(inside(self.ends).all(axis=1).sum())
        return held / max(self.weight, 1)


def _bbox(*values: Any) -> BBox:
    a, b, c, d = (float(v) for v in values)
    return (a, b, c, d)


def _edges(values: np.ndarray) -> np.ndarray:
    """Candidate rectangle edges along one axis: every value, or quantiles when too many."""
    edges = np.unique(values)
    if len(edges) > _MAX_EDGES:
        edges = np.unique(np.quantile(values, np.linspace(0.0, 1.0, _MAX_EDGES)))
    return edges


def _slots(values: np.ndarray, edges: np.ndarray) -> np.ndarray:
    """Slot of each value: 2k on edge k, 2k - 1 between edges k - 1 and k."""
    i = np.searchsorted(edges, values, side="left").clip(0, len(edges) - 1)
    on = np.isclose(edges[i], values, rtol=0.0, atol=1e-9)
    return np.where(on, 2 * i, 2 * i - 1).clip(0, 2 * len(edges) - 2)


def _dense_bbox(content: _Content, proj: Transformer) -> BBox:
    """The rectangle of least cost (module docstring), as the bounds of what it holds."""
    px, py = (np.asarray(v) for v in proj.transform(content.points[:, 0], content.points[:, 1]))
    ex_, ey_ = (np.asarray(v) for v in proj.transform(content.ends[..., 0], content.ends[..., 1]))
    ex_, ey_ = ex_.reshape(-1, 2), ey_.reshape(-1, 2)
    edges_x = _edges(np.r_[px, ex_.ravel()])
    edges_y = _edges(np.r_[py, ey_.ravel()])
    n_slots = (2 * len(edges_x) - 1, 2 * len(edges_y) - 1)
    a, b = np.triu_indices(len(edges_x))  # x from edge a to edge b: slots 2a..2b
    c, d = np.triu_indices(len(edges_y))
    # Places and events inside each rectangle: a summed-area table over the slots.
    grid = np.zeros(n_slots)
    np.add.at(grid, (_slots(px, edges_x), _slots(py, edges_y)), 1.0)
    table = np.zeros((n_slots[0] + 1, n_slots[1] + 1))
    table[1:, 1:] = grid.cumsum(axis=0).cumsum(axis=1)
    held = (table[np.ix_(2 * b + 1, 2 * d + 1)] - table[np.ix_(2 * a, 2 * d + 1)]
            - table[np.ix_(2 * b + 1, 2 * c)] + table[np.ix_(2 * a, 2 * c)])  # fmt: skip
    # Legs with both ends inside: per x range, a table over (lowest y slot, highest y slot).
    lx = (_slots(ex_.min(axis=1), edges_x), _slots(ex_.max(axis=1), edges_x))
    ly = (_slots(ey_.min(axis=1), edges_y), _slots(ey_.max(axis=1), edges_y))
    for k, (lo, hi) in enumerate(zip(a, b, strict=True)):
        fits = (lx[0] >= 2 * lo) & (lx[1] <= 2 * hi)
        if not fits.any():
            continue
        legs = np.zeros((n_slots[1], n_slots[1]))
        np.add.at(legs, (ly[0][fits], ly[1][fits]), 1.0)
        # count[i, j]: legs whose lowest slot >= i and highest slot <= j
        count = legs[::-1].cumsum(axis=0)[::-1].cumsum(axis=1)
        held[k] += count[2 * c, 2 * d]
    width, height = (edges_x[b] - edges_x[a])[:, None], (edges_y[d] - edges_y[c])[None, :]
    pad = 2 * _PAD * np.maximum(width, height)
    mw = np.maximum(width + pad, _MIN_SIDE_KM)
    mh = np.maximum(height + pad, _MIN_SIDE_KM)
    mw = np.maximum(mw, mh / _PORTRAIT)
    area = mw * np.maximum(mh, mw * _LANDSCAPE)
    # Least cost; among equals the one holding more, then the first (deterministic).
    share = held / content.weight
    cost = np.log(area) + LEAVE_OUT_COST * (1.0 - share)
    cost = np.where(share >= MIN_SHARE - 1e-9, np.round(cost, 9), np.inf)
    best = np.lexsort((np.arange(cost.size), -held.ravel(), cost.ravel()))[0]
    p, q = np.unravel_index(best, cost.shape)
    x0, x1, y0, y1 = edges_x[a[p]], edges_x[b[p]], edges_y[c[q]], edges_y[d[q]]
    in_pts = (px >= x0 - 1e-9) & (px <= x1 + 1e-9) & (py >= y0 - 1e-9) & (py <= y1 + 1e-9)
    in_ends = (ex_ >= x0 - 1e-9) & (ex_ <= x1 + 1e-9) & (ey_ >= y0 - 1e-9) & (ey_ <= y1 + 1e-9)
    n_places = len(content.place_xy)
    idx = np.flatnonzero(in_pts)
    return content.bounds(legs=np.flatnonzero(in_ends.all(axis=1)).tolist(),
                          places=[int(i) for i in idx if i < n_places],
                          events=[int(i) - n_places for i in idx if i >= n_places])  # fmt: skip


def _written(content: _Content) -> dict[str, str]:
    """Place names as the story file writes them (casefolded) -> the place ids they resolved to."""
    story, table = content.story, content.legs
    out: dict[str, str] = {}
    if story is None:
        return out
    if table is not None and "seq" in table:
        rows = {(str(j), int(q)): i for i, (j, q) in enumerate(zip(table["journey"], table["seq"],
                                                                   strict=True))}  # fmt: skip
        for journey in story.journeys:
            for k, leg in enumerate(journey.legs):
                i = rows.get((journey.id, k))
                if i is not None:
                    out.setdefault(leg.from_.casefold(), str(table.at[i, "from_id"]))
                    out.setdefault(leg.to.casefold(), str(table.at[i, "to_id"]))
    if len(content.events) == len(story.events):
        for k, event in enumerate(story.events):
            out.setdefault(event.place.casefold(), str(content.events.at[k, "place_id"]))
    return out


def _focus_box(content: _Content, focus: Focus) -> tuple[BBox, str]:
    """The lon/lat box of an editor's focus: journeys, places, or a box as given."""
    values: list[Any] = list(focus)
    if len(values) == 4 and all(isinstance(v, int | float) and not isinstance(v, bool)
                                for v in values):  # fmt: skip
        minx, miny, maxx, maxy = (float(v) for v in values)
        hint = swapped_hint(minx, miny) or swapped_hint(maxx, maxy)
        if hint:
            raise RenderError(f"focus box is [min_lon, min_lat, max_lon, max_lat]: {hint}")
        if not (minx < maxx and miny < maxy and miny >= -90 and maxy <= 90):
            msg = (f"focus box {values} is not [min_lon, min_lat, max_lon, max_lat] "
                   "with min < max")  # fmt: skip
            raise RenderError(msg)
        shift = content.frame.lon((minx + maxx) / 2) - (minx + maxx) / 2
        return (minx + shift, miny, maxx + shift, maxy), "box"
    if not values or not all(isinstance(v, str) for v in values):
        msg = (
            "focus is a list of journey or place ids, or a box [min_lon, min_lat, max_lon, max_lat]"
        )
        raise RenderError(msg)
    legs: list[int] = []
    places: list[int] = []
    events: list[int] = []
    table: Any = content.legs
    journeys = [str(j) for j in table["journey"]] if table is not None else []
    ids = [str(p) for p in content.places["id"]] if len(content.places) else []
    names = [str(n).casefold() for n in content.places["name"]] if len(content.places) else []
    event_places = [str(p) for p in content.events["place_id"]] if len(content.events) else []
    written = _written(content)
    for value in values:
        key = str(value)
        hit_legs = [i for i, j in enumerate(journeys) if j == key]
        hit_places = [i for i, p in enumerate(ids) if p == key]
        hit_places = hit_places or [i for i, n in enumerate(names) if n == key.casefold()]
        alias = written.get(key.casefold())
        hit_places = hit_places or [i for i, p in enumerate(ids) if p == alias]
        if not hit_legs and not hit_places:
            known = ", ".join(dict.fromkeys([*journeys, *ids]))
            raise RenderError(f"focus {quote(key)} is no journey or place of the story "
                              f"(journeys and places: {known})")  # fmt: skip
        legs += hit_legs
        places += hit_places
        for i in hit_legs:  # a journey's places and their events come with it
            for col in ("from_id", "to_id"):
                places += [k for k, p in enumerate(ids) if p == str(table.at[i, col])]
    chosen = {ids[i] for i in places}
    events = [k for k, p in enumerate(event_places) if p in chosen]
    box = content.bounds(legs=sorted(set(legs)), places=sorted(set(places)), events=events)
    return box, "focus"


def choose_frame(
    built: BuiltStory,
    *,
    focus: Focus | None = None,
    inset: str = "auto",
) -> Framing:
    """Choose a map's main frame and whether to show the whole story in an inset.

    Parameters
    ----------
    built : legmap.legs.build.BuiltStory
        The story's legs, places and events.
    focus : sequence of str, or tuple of 4 float, optional
        Journey ids, place ids (or place names as the map shows them), whose
        legs, places and events the main frame holds; or a
        (min_lon, min_lat, max_lon, max_lat) box.  Default: the dense part of
        the story, or all of it (module docstring).
    inset : {"auto", "none"}
        ``auto``: an inset when the main frame leaves out part of the story
        (and the whole would need :data:`INSET_GAIN` times the map area, for an
        automatic frame); ``none``: never.

    Returns
    -------
    Framing

    Raises
    ------
    legmap.errors.RenderError
        A focus that names nothing in the story, a malformed box, an unknown
        `inset`, or a story with nothing to draw.
    """
    if inset not in INSETS:
        raise RenderError(f"inset is one of {', '.join(INSETS)}, not {quote(str(inset))}")
    content = _Content(built)
    whole = content.bounds()
    proj = content.projector(whole)
    if focus is not None:
        main, how = _focus_box(content, focus)
        show = inset == "auto" and Framing(main, whole, False).cropped
        # An inset of a story barely larger than the focus would show nothing new.
        show = show and content.area(whole, proj) >= 2.0 * content.area(main, proj)
        return Framing(main, whole, show, how, round(content.share(main), 4))
    dense = _dense_bbox(content, proj)
    if content.area(whole, proj) < INSET_GAIN * content.area(dense, proj):
        return Framing(whole, whole, False, "story", 1.0)
    return Framing(dense, whole, inset == "auto", "dense", round(content.share(dense), 4))


def frame_for(built: BuiltStory, options: RenderOptions | None = None) -> Framing:
    """:func:`choose_frame` with the focus and inset of `options`, else of the story's ``[map]``.

    ``RenderOptions.focus`` / ``inset`` (the CLI's ``--focus`` / ``--inset``)
    win over the story file's ``[map]`` table, which wins over the defaults.

    Examples
    --------
    >>> import sys; sys.path.insert(0, "tests")
    >>> from _built_fixture import make_built
    >>> from legmap.config import RenderOptions
    >>> frame_for(make_built("en"), RenderOptions(inset="none")).inset
    False
    """
    spec: Any = getattr(getattr(built, "story", None), "map", None)
    focus = getattr(options, "focus", None)
    if focus is None and spec is not None:
        focus = spec.focus
    inset = getattr(options, "inset", None)
    if inset is None:
        inset = spec.inset if spec is not None else "auto"
    return choose_frame(built, focus=_as_focus(focus), inset=str(inset))


def _as_focus(value: Any) -> Focus | None:
    if value is None:
        return None
    if isinstance(value, str):
        return (value,)
    if isinstance(value, Mapping):
        raise RenderError("focus is a list of ids or a box, not a table")
    return tuple(value)
