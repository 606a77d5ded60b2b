"""Legs that share a stretch of path, drawn side by side without losing their ends.

Two journeys on one track (Kim's train and his advance party's), an outbound
flight and its return, a road along a railway: drawn on top of each other, one
hides the other.  :func:`offset_lines` moves a leg sideways only where another
leg runs along it, by a small amount bounded in map units, and tapers the move
to nothing towards the end of the shared stretch and at both ends of the leg,
so every leg still starts and ends on its places' markers and a long flight
is never moved because a short road touches one of its ends.

How, in time linear in the total length of the lines:

1. Identical lines (a route flown again) are one *shape*.  Shapes are sampled
   every half `spacing` and the samples binned in a grid of such cells; a
   sample is *shared* when another shape has a sample in its cell or the eight
   around it (or when its shape is drawn more than once).  Overlapping runs
   shorter than the taper are crossings, not shared stretches, and are dropped.
2. Each leg, in story order, takes the *slot* least used by the legs already
   placed in the cells of its shared stretches; slot k is a side and a
   distance: +0.5, -0.5, +1.5, -1.5 times `spacing` (never more).
3. Each sample of a shared stretch moves along the leg's normal by its slot's
   distance times a weight that rises smoothly from 0 to 1 from the ends of
   the leg (over the taper) and of the stretch (over three tapers: legs that
   part at a shallow angle part without a kink).  Sides are kept across
   directions (an outbound leg and its return take opposite sides).
"""

from __future__ import annotations

import numpy as np
import shapely
from numpy.typing import NDArray

__all__ = ["SIDES", "offset_lines"]

#: Slot k moves a leg by SIDES[k] * spacing; more legs than slots share them.
SIDES = (0.5, -0.5, 1.5, -1.5)

_Array = NDArray[np.float64]


def _runs(mask: NDArray[np.bool_]) -> tuple[NDArray[np.intp], NDArray[np.intp]]:
    """Start and end (exclusive) indices of the runs of True in `mask`."""
    edges = np.diff(np.concatenate([[0], mask.astype(np.int8), [0]]))
    return np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)


def _smooth(t: _Array) -> _Array:
    """0 to 1 without corners (smoothstep), for t in [0, 1]."""
    t = np.clip(t, 0.0, 1.0)
    return t * t * (3.0 - 2.0 * t)


def _taper(s: _Array, mask: NDArray[np.bool_], ends: float, diverge: float) -> _Array:
    """Weight in [0, 1] of each sample: 0 off the shared stretches and at the leg's ends.

    It rises over `ends` from either end of the leg, and over the longer
    `diverge` from the end of a shared stretch, where two legs part at a
    shallow angle and a short ramp would show as a kink.
    """
    to_end = np.minimum(s - s[0], s[-1] - s)
    free = s[~mask]
    if len(free):
        k = np.searchsorted(free, s)
        before = free[np.clip(k - 1, 0, len(free) - 1)]
        after = free[np.clip(k, 0, len(free) - 1)]
        to_free = np.minimum(np.abs(s - before), np.abs(after - s))
    else:
        to_free = np.full_like(s, np.inf)
    return _smooth(to_end / ends) * _smooth(to_free / diverge) * mask


def offset_lines(
    lines: list[_Array], spacing: float, *, taper: float | None = None
) -> list[_Array]:
    """Shift the shared stretches of legs side by side, `spacing` apart.

    Parameters
    ----------
    lines : list of (n, 2) arrays
        The legs in display units (map metres), in story order.
    spacing : float
        Distance between two legs drawn side by side (a line width and a gap);
        no point moves more than ``1.5 * spacing``.
    taper : float, optional
        Length over which an offset grows from zero at a leg's ends; default
        ``3 * spacing``, three times that where two legs part (at most a third
        of the leg either way).

    Returns
    -------
    list of (m, 2) arrays
        The lines as drawn: a leg that shares nothing comes back unchanged,
        a shifted one is resampled every half `spacing`; both ends never move.

    Examples
    --------
    >>> a = np.array([[0.0, 0.0], [100.0, 0.0]])
    >>> out = offset_lines([a, a[::-1].copy()], spacing=2.0)
    >>> out[0][0].tolist(), out[0][-1].tolist(), out[1][0].tolist()  # ends stay put
    ([0.0, 0.0], [100.0, 0.0], [100.0, 0.0])
    >>> float(out[0][len(out[0]) // 2, 1]), float(out[1][len(out[1]) // 2, 1])  # apart
    (1.0, -1.0)
    """
    out = [np.array(xy, dtype=float) for xy in lines]
    if len(out) < 2 or not spacing > 0:
        return out
    shapes = _Shapes(out, float(spacing) / 3.0)
    if not shapes.samples:
        return out
    grid = _Grid(shapes)
    ends = 3.0 * spacing if taper is None else float(taper)
    stretches = [grid.shared_stretch(u, ends, 3.0 * ends) for u in range(len(shapes.dense))]
    slots = grid.slots(shapes.shape_of, [cells for _, cells in stretches])
    moved: dict[tuple[int, int], _Array] = {}
    for i, (u, k) in enumerate(zip(shapes.shape_of, slots, strict=True)):
        weight = stretches[u][0]
        if weight is None:
            continue
        if (u, k) not in moved:
            moved[(u, k)] = _move(shapes.dense[u], weight * SIDES[k] * spacing)
        out[i] = moved[(u, k)].copy()
    return out


class _Shapes:
    """The distinct lines (a route flown again is one shape), sampled every `cell`."""

    def __init__(self, lines: list[_Array], cell: float) -> None:
        first: dict[bytes, int] = {}
        self.shape_of: list[int] = []
        self.dense: list[_Array] = []
        for i, xy in enumerate(lines):
            drawable = len(xy) > 1 and bool(np.isfinite(xy).all()) and bool(np.ptp(xy, 0).any())
            key = np.ascontiguousarray(xy).tobytes() if drawable else b"-%d" % i
            if key not in first:
                first[key] = len(self.dense)
                samples = np.zeros((0, 2))
                if drawable:
                    line = shapely.segmentize(shapely.LineString(xy), cell)
                    samples = shapely.get_coordinates(line)
                self.dense.append(samples)
            self.shape_of.append(first[key])
        self.cell = cell
        self.twins = np.bincount(np.array(self.shape_of), minlength=len(self.dense))
        self.samples = int(sum(len(d) for d in self.dense))


class _Grid:
    """Samples binned in `cell`-sized squares: who runs near whom, in linear time."""

    def __init__(self, shapes: _Shapes) -> None:
        n_shapes = len(shapes.dense)
        counts = np.array([len(d) for d in shapes.dense], dtype=np.intp)
        self.shapes = shapes
        self.starts = np.concatenate([[0], np.cumsum(counts)])
        owner = np.repeat(np.arange(n_shapes), counts)
        ij = np.floor(np.concatenate([d for d in shapes.dense if len(d)]) / shapes.cell)
        ij = ij.astype(np.int64)
        ij -= ij.min(axis=0) - 1  # >= 1, so the 3 x 3 neighbourhood stays >= 0
        self.width = int(ij[:, 1].max()) + 2
        self.own = ij[:, 0] * self.width + ij[:, 1]
        self.around = np.array([dx * self.width + dy for dx in (-1, 0, 1) for dy in (-1, 0, 1)])
        spread = (self.own[None, :] + self.around[:, None]).ravel()
        pairs = np.unique(spread * n_shapes + np.tile(owner, 9))  # (cell, shape) once each
        cells, n_near = np.unique(pairs // n_shapes, return_counts=True)
        near = n_near[np.searchsorted(cells, self.own)]
        self.shared = (near >= 2) | (shapes.twins[owner] >= 2)

    def shared_stretch(
        self, u: int, ends: float, diverge: float
    ) -> tuple[_Array | None, NDArray[np.int64]]:
        """Taper weights of shape `u`'s samples (None: shares nothing) and its shared cells."""
        lo, hi = self.starts[u], self.starts[u + 1]
        none = (None, np.zeros(0, dtype=np.int64))
        if hi - lo < 2:
            return none
        d = self.shapes.dense[u]
        s = np.concatenate([[0.0], np.cumsum(np.hypot(*np.diff(d, axis=0).T))])
        ends = min(ends, s[-1] / 3.0)
        mask = self.shared[lo:hi].copy()
        for a, b in zip(*_runs(mask), strict=True):
            if s[b - 1] - s[a] < ends:
                mask[a:b] = False  # a crossing or a touch, not a shared stretch
        if not mask.any() or ends <= 0:
            return none
        weight = _taper(s, mask, ends, min(diverge, s[-1] / 3.0))
        return weight, np.unique(self.own[lo:hi][mask])

    def slots(self, shape_of: list[int], cells_of: list[NDArray[np.int64]]) -> list[int]:
        """Each leg's slot, in story order: the least used around its shared stretch."""
        taken = [c for c in cells_of if len(c)]
        if not taken:
            return [0] * len(shape_of)
        all_cells = np.unique(np.concatenate(taken))
        own_rows, look_rows = [], []
        for cells in cells_of:
            look = np.unique((cells[:, None] + self.around[None, :]).ravel())
            at = np.minimum(np.searchsorted(all_cells, look), len(all_cells) - 1)
            look_rows.append(at[all_cells[at] == look])
            own_rows.append(np.searchsorted(all_cells, cells))
        used = np.zeros((len(all_cells), len(SIDES)))
        slots = []
        for u in shape_of:
            k = int(np.argmin(used[look_rows[u]].sum(axis=0))) if len(own_rows[u]) else 0
            used[own_rows[u], k] += 1
            slots.append(k)
        return slots


def _move(d: _Array, offset: _Array) -> _Array:
    """`d` moved `offset` along its normals; one side per slot whichever way it runs."""
    tangent = np.gradient(d, axis=0)
    norm = np.hypot(tangent[:, 0], tangent[:, 1])
    norm[norm == 0] = 1.0
    normal = np.column_stack([-tangent[:, 1], tangent[:, 0]]) / norm[:, None]
    sign = 1.0 if tuple(d[0]) <= tuple(d[-1]) else -1.0
    xy = d + normal * (offset * sign)[:, None]
    xy[0], xy[-1] = d[0], d[-1]
    return xy
