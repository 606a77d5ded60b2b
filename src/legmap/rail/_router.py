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
"""

from __future__ import annotations

import math
import os
from typing import Protocol

import numpy as np
import scipy.sparse
from numpy.typing import NDArray
from scipy.sparse.csgraph import dijkstra

from legmap.rail import _fastrouter

__all__ = ["DijkstraRouter", "Router", "build_router"]


class Router(Protocol):
    """What the rail code needs from a shortest-path engine."""

    def shortest_path(self, source: int, target: int) -> tuple[list[int], float]:
        """Nodes from `source` to `target` and the total weight; ``([], inf)`` if unreachable."""
        ...


class DijkstraRouter:
    """:func:`scipy.sparse.csgraph.dijkstra` over a CSR matrix, one search per source.

    The predecessor tree of each source is kept, so a route with several stops
    starting from the same station, or repeated queries (a story's legs, a
    benchmark), cost one search per distinct source.

    Parameters
    ----------
    u, v : array of int
        Edge end nodes.
    weight : array of float
        Non-negative edge weights.
    n_nodes : int
        Number of nodes.

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
        u = np.asarray(u, dtype=np.int64)
        v = np.asarray(v, dtype=np.int64)
        w = np.asarray(weight, dtype=float)
        if not (u.shape == v.shape == w.shape):
            raise ValueError("u, v and weight must have the same length")
        if w.size and (np.any(w < 0) or not np.all(np.isfinite(w))):
            raise ValueError("weights must be finite and non-negative")
        # csgraph treats an explicit 0 as "no edge"; a zero-length edge (two
        # stations at the same spot) must stay an edge, so lift it a hair.
        w = np.maximum(w, 1e-9)
        # Keep the lightest of parallel edges: the CSR constructor would sum them.
        a, b = np.minimum(u, v), np.maximum(u, v)
        order = np.lexsort((w, b, a))
        a, b, w = a[order], b[order], w[order]
        first = np.ones(a.size, dtype=bool)
        first[1:] = (a[1:] != a[:-1]) | (b[1:] != b[:-1])
        self._graph = scipy.sparse.csr_matrix(
            (w[first], (a[first], b[first])), shape=(n_nodes, n_nodes)
        )
        self._n = n_nodes
        self._trees: dict[int, tuple[NDArray[np.float64], NDArray[np.int32]]] = {}

    def _tree(self, source: int) -> tuple[NDArray[np.float64], NDArray[np.int32]]:
        tree = self._trees.get(source)
        if tree is None:
            dist, pred = dijkstra(
                self._graph, directed=False, indices=source, return_predecessors=True
            )
            tree = (np.asarray(dist, dtype=float), np.asarray(pred, dtype=np.int32))
            self._trees[source] = tree
        return tree

    def shortest_path(self, source: int, target: int) -> tuple[list[int], float]:
        """Shortest path from `source` to `target` (see the module contract)."""
        if not (0 <= source < self._n and 0 <= target < self._n):
            raise IndexError(f"node index out of range 0..{self._n - 1}")
        if source == target:
            return [source], 0.0
        dist, pred = self._tree(source)
        total = float(dist[target])
        if not math.isfinite(total):
            return [], math.inf
        path = [target]
        node = target
        while node != source:  # walks the path's nodes, not coordinates
            node = int(pred[node])
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

    Small graphs (the embedded network) use scipy's Dijkstra, which needs no
    preparation.  From :data:`~legmap.rail._fastrouter.FAST_ROUTER_MIN_EDGES` edges on,
    and when RoutingKit's bindings are installed (``legmap[osm]``), a customizable
    contraction hierarchy answers in milliseconds; its preparation is cached in
    `cache_dir` (``NETWORK.ch/`` beside an imported network).

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
