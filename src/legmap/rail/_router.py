"""Shortest paths on an undirected weighted graph, behind a small interface.

:class:`legmap.rail.network.RailNetwork` talks to a :class:`Router` only, so a faster
implementation (contraction hierarchies, a compiled library) can replace the
default without touching the rail code: make :func:`build_router` return it.

Contract
--------
* Nodes are integers ``0 .. n_nodes - 1``; edges are undirected.
* ``shortest_path(s, t)`` returns ``(nodes, total_weight)`` with ``nodes[0] == s``
  and ``nodes[-1] == t``; for ``s == t`` it is ``([s], 0.0)``.
* When ``t`` cannot be reached from ``s`` it returns ``([], math.inf)``: no
  exception, because "not connected" is an ordinary answer (``distance_km``
  turns it into ``None``) and the caller knows the names to put in a message.
* Parallel edges are allowed; the lightest one counts.
* A node index out of range raises :class:`IndexError`; negative or non-finite
  weights, :class:`ValueError`.

The default router is plain Python over numpy-built arrays, so the core install
routes without scipy; :mod:`legmap.rail._fastrouter` (the contraction hierarchy
of the ``osm`` extra) imports scipy and RoutingKit only when a graph big enough
to want it is prepared.
"""

from __future__ import annotations

import heapq
import math
import os
from array import array
from typing import Protocol

import numpy as np
from numpy.typing import NDArray

from legmap.rail import _fastrouter  # no scipy: it is imported when a CCH is built

__all__ = ["DijkstraRouter", "Router", "build_router"]


class Router(Protocol):
    """What the rail code needs from a shortest-path engine."""

    def shortest_path(self, source: int, target: int) -> tuple[list[int], float]:
        """Nodes from `source` to `target` and the total weight; ``([], inf)`` if unreachable."""
        ...


class _Search:
    """One source's Dijkstra search, paused once the target it was asked for is settled.

    ``dist`` and ``pred`` are final for settled nodes; ``heap`` holds the
    frontier as ``(distance, node)`` entries (stale ones are skipped when popped).
    """

    __slots__ = ("dist", "heap", "pred", "settled")

    def __init__(self, source: int, n_nodes: int) -> None:
        self.dist = array("d", [math.inf]) * n_nodes
        self.pred = array("q", [-1]) * n_nodes
        self.settled = bytearray(n_nodes)
        self.dist[source] = 0.0
        self.heap: list[tuple[float, int]] = [(0.0, source)]


class DijkstraRouter:
    """Dijkstra's algorithm in plain Python, resumable, one search per source.

    The graph is kept as compressed adjacency arrays (every edge in both
    directions, sorted by tail then head).  A query runs the search of its source
    only until the target is settled, and keeps the search: a later query from
    the same source goes on from there, or answers at once when its target is
    already settled.  A story's legs, or several stops from one station, so cost
    at most one search per distinct source, and one route on a big network
    (an import used without the ``osm`` extra) explores only the nodes closer
    to the source than the target.

    Ties are broken deterministically: the frontier pops ``(distance, node)``
    in order, and a node keeps the first predecessor that reached its distance.
    Totals are the sums of the given weights along the path, in path order;
    zero-length edges (two stations at the same spot) are ordinary edges.

    Parameters
    ----------
    u, v : array of int
        Edge end nodes, ``0 .. n_nodes - 1``.
    weight : array of float
        Finite, non-negative edge weights.
    n_nodes : int
        Number of nodes.

    Raises
    ------
    ValueError
        Arrays of different lengths, negative or non-finite weights, or edge ends
        out of range.

    Examples
    --------
    >>> import numpy as np
    >>> r = DijkstraRouter(np.array([0, 1]), np.array([1, 2]), np.array([1.0, 2.0]), 4)
    >>> r.shortest_path(2, 0)
    ([2, 1, 0], 3.0)
    >>> r.shortest_path(0, 3)
    ([], inf)
    """

    def __init__(
        self,
        u: NDArray[np.integer],
        v: NDArray[np.integer],
        weight: NDArray[np.floating],
        n_nodes: int,
    ) -> None:
        u64 = np.asarray(u, dtype=np.int64)
        v64 = np.asarray(v, dtype=np.int64)
        w = np.asarray(weight, dtype=np.float64)
        if not (u64.shape == v64.shape == w.shape):
            raise ValueError("u, v and weight must have the same length")
        if w.size and (np.any(w < 0) or not np.all(np.isfinite(w))):
            raise ValueError("weights must be finite and non-negative")
        n = int(n_nodes)
        if u64.size and (min(u64.min(), v64.min()) < 0 or max(u64.max(), v64.max()) >= n):
            raise ValueError(f"edge end out of range 0..{n - 1}")
        # One edge per node pair, the lightest; self-loops never shorten a path.
        a, b, w = _fastrouter.lightest_edges(u64, v64, w)
        # Both directions, sorted by (tail, head): CSR arrays, then flat arrays that
        # Python indexes without numpy's per-item overhead.
        tail = np.concatenate([a, b])
        head = np.concatenate([b, a])
        arc_w = np.concatenate([w, w])
        order = np.lexsort((head, tail))
        indptr = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(np.bincount(tail, minlength=n), out=indptr[1:])
        self._indptr = array("q", indptr.tobytes())
        self._head = array("q", np.ascontiguousarray(head[order], dtype=np.int64).tobytes())
        self._weight = array("d", np.ascontiguousarray(arc_w[order], dtype=np.float64).tobytes())
        self._n = n
        self._searches: dict[int, _Search] = {}

    def _settle(self, search: _Search, target: int) -> None:
        """Run `search` on until `target` is settled or nothing more is reachable."""
        if search.settled[target]:
            return
        indptr, head, weight = self._indptr, self._head, self._weight
        dist, pred, settled, heap = search.dist, search.pred, search.settled, search.heap
        pop, push = heapq.heappop, heapq.heappush
        while heap:
            d, x = pop(heap)
            if settled[x]:
                continue  # a stale entry: x was reached more cheaply before
            settled[x] = 1
            # Relaxed before pausing: every settled node's edges are done.
            for k in range(indptr[x], indptr[x + 1]):
                y = head[k]
                nd = d + weight[k]
                if nd < dist[y]:
                    dist[y] = nd
                    pred[y] = x
                    push(heap, (nd, y))
            if x == target:
                return

    def shortest_path(self, source: int, target: int) -> tuple[list[int], float]:
        """Shortest path from `source` to `target` (see the module contract)."""
        if not (0 <= source < self._n and 0 <= target < self._n):
            raise IndexError(f"node index out of range 0..{self._n - 1}")
        source, target = int(source), int(target)
        if source == target:
            return [source], 0.0
        search = self._searches.get(source)
        if search is None:
            search = self._searches[source] = _Search(source, self._n)
        self._settle(search, target)
        total = search.dist[target]
        if not math.isfinite(total):
            return [], math.inf
        path = [target]
        node = target
        pred = search.pred
        while node != source:  # walks the path's nodes, not coordinates
            node = pred[node]
            path.append(node)
        path.reverse()
        return path, total


def build_router(
    u: NDArray[np.integer],
    v: NDArray[np.integer],
    weight: NDArray[np.floating],
    n_nodes: int,
    *,
    lonlat: tuple[NDArray[np.floating], NDArray[np.floating]] | None = None,
    cache_dir: str | os.PathLike[str] | None = None,
) -> Router:
    """Build the best available :class:`Router` for an undirected graph.

    Small graphs (the embedded network) use :class:`DijkstraRouter`, which needs
    no preparation.  From :data:`~legmap.rail._fastrouter.FAST_ROUTER_MIN_EDGES`
    edges on, and when
    RoutingKit's bindings and scipy are installed (``legmap[osm]``), a
    customizable contraction hierarchy answers in milliseconds; its preparation
    is cached in `cache_dir` (``NETWORK.ch/`` beside an imported network).
    Without them a big graph gets the :class:`DijkstraRouter` too.

    Examples
    --------
    >>> import numpy as np
    >>> router = build_router(np.array([0]), np.array([1]), np.array([5.0]), 2)
    >>> router.shortest_path(0, 1)
    ([0, 1], 5.0)
    """
    if len(u) >= _fastrouter.FAST_ROUTER_MIN_EDGES and _fastrouter.fast_router_available():
        return _fastrouter.CCHRouter(u, v, weight, n_nodes, lonlat=lonlat, cache_dir=cache_dir)
    return DijkstraRouter(u, v, weight, n_nodes)
