"""A shortest-path router fast enough for a continent's railways.

:class:`CCHRouter` implements :class:`legmap.rail._router.Router` with a *customizable
contraction hierarchy* (CCH): RoutingKit's C++ implementation, through the
``pyroutingkit`` bindings (the ``osm`` extra).  Measured on a 1,000,000-edge
grid (``benchmarks/bench_router.py``), a query takes 2-3 ms, where
:func:`scipy.sparse.csgraph.dijkstra` needs 0.1 s and networkx over a second.

Why a CCH, and this one
    pandana (a classic CH) rounds weights to 1/1000 of a unit in 32 bits, prints
    its progress on stdout and cannot save its hierarchy; igraph, networkx and
    scipy search the whole graph on every query.  RoutingKit's CCH splits the
    work into a weight-independent *topology* (nested dissection order: the slow
    part, saved to disk and reused) and a quick *customization* with the weights.

Weights
    RoutingKit adds unsigned 32-bit integers, so weights are scaled by a power of
    ten (``scale``, 1e5 for km on most networks: centimetres) chosen so that no
    shortest path can overflow, and rounded.  The length returned is the sum of
    the original float weights along the path found.  For weights that are
    multiples of ``1 / scale`` (a km length rounded to the centimetre) it equals
    the Dijkstra optimum; otherwise it exceeds it by at most half a unit of
    ``1 / scale`` per edge of the two paths (a few cm on a 1,000 km route).

scipy (also the ``osm`` extra) is imported only when a router is prepared:
:func:`cache_dir_for` and :func:`fast_router_available` work without it, so the
core install imports this module freely.

Examples
--------
>>> import numpy as np
>>> r = CCHRouter(np.array([0, 1, 0]), np.array([1, 2, 2]), np.array([1.0, 2.0, 5.0]), 4)
>>> r.shortest_path(0, 2)
([0, 1, 2], 3.0)
>>> r.shortest_path(0, 3)
([], inf)
"""

from __future__ import annotations

import hashlib
import math
import os
import re
import shutil
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

if TYPE_CHECKING:
    import scipy.sparse

__all__ = [
    "FAST_ROUTER_MIN_EDGES",
    "CCHRouter",
    "cache_dir_for",
    "fast_router_available",
    "prepare_cache",
]

#: Below this many edges the plain Dijkstra router answers in a few ms and needs
#: no preparation; above it the CCH pays for itself (see benchmarks/README.md).
FAST_ROUTER_MIN_EDGES = 50_000

_INF = 2**31 - 1  # RoutingKit's inf_weight: every finite distance must stay below it
_KEY = re.compile(r"^[0-9a-f]{20}$")


def fast_router_available() -> bool:
    """True when ``pyroutingkit`` and scipy (``pip install legmap[osm]``) both import."""
    try:
        import pyroutingkit  # noqa: F401, PLC0415
        import scipy  # noqa: F401, PLC0415  (the preparation's graph searches)
    except ImportError:
        return False
    return True


def cache_dir_for(network_path: str | os.PathLike[str]) -> Path:
    """Where the prepared hierarchy of a saved network lives: ``NETWORK.ch/`` beside it.

    Examples
    --------
    >>> cache_dir_for("/data/russia.gpkg").as_posix()
    '/data/russia.gpkg.ch'
    """
    p = Path(network_path)
    return p.with_name(p.name + ".ch")


def lightest_edges(
    u: NDArray[np.int64], v: NDArray[np.int64], w: NDArray[np.float64]
) -> tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.float64]]:
    """Undirected simple graph: one edge per node pair (the lightest), no self-loops."""
    a, b = np.minimum(u, v), np.maximum(u, v)
    keep = a != b
    a, b, w = a[keep], b[keep], w[keep]
    order = np.lexsort((w, b, a))
    a, b, w = a[order], b[order], w[order]
    first = np.ones(a.size, dtype=bool)
    first[1:] = (a[1:] != a[:-1]) | (b[1:] != b[:-1])
    return a[first], b[first], w[first]


def _far_distances(
    graph: scipy.sparse.csr_matrix, labels: NDArray[np.int32], starts: NDArray[np.int64]
) -> NDArray[np.float64]:
    """Distance of every node to the one start node of its component."""
    from scipy.sparse.csgraph import dijkstra  # noqa: PLC0415  (the osm extra)

    dist = dijkstra(graph, directed=False, indices=starts, min_only=True)
    return np.where(np.isfinite(dist), dist, 0.0)


def _first_of_each(labels: NDArray[np.int32], key: NDArray[np.float64] | None) -> NDArray[np.int64]:
    """Per component, the node with the largest `key` (or the first node when None)."""
    if key is None:
        _, first = np.unique(labels, return_index=True)
        return first.astype(np.int64)
    order = np.lexsort((-key, labels))
    starts = np.ones(order.size, dtype=bool)
    starts[1:] = labels[order][1:] != labels[order][:-1]
    return order[starts].astype(np.int64)


class _Geometry:
    """Distances from landmarks: a weight bound for scaling and a pseudo-map for ordering."""

    def __init__(
        self, a: NDArray[np.int64], b: NDArray[np.int64], w: NDArray[np.float64], n: int
    ) -> None:
        import scipy.sparse  # noqa: PLC0415  (the osm extra)
        from scipy.sparse.csgraph import connected_components  # noqa: PLC0415

        # csgraph reads an explicit 0 as "no edge": lift zero weights a hair.
        self.graph = scipy.sparse.csr_matrix((np.maximum(w, 1e-12), (a, b)), shape=(n, n))
        _, self.labels = connected_components(self.graph, directed=False)
        self.root = _first_of_each(self.labels, None)
        self.d_root = _far_distances(self.graph, self.labels, self.root)

    def path_bound(self) -> float:
        """An upper bound on every finite shortest-path distance.

        For x, y in one component with root r, d(x, y) <= d(x, r) + d(r, y), so
        the two largest root distances of a component bound its diameter.
        """
        order = np.lexsort((-self.d_root, self.labels))
        lab, d = self.labels[order], self.d_root[order]
        first = np.ones(lab.size, dtype=bool)
        first[1:] = lab[1:] != lab[:-1]
        second = np.zeros(lab.size, dtype=bool)
        second[1:] = first[:-1] & ~first[1:]
        top1 = float(d[first].max()) if d.size else 0.0
        top2 = float(d[second].max()) if second.any() else 0.0
        return top1 + top2

    def embedding(self) -> tuple[NDArray[np.float32], NDArray[np.float32]]:
        """(lat, lon)-like coordinates for graphs given without any.

        Nested dissection cuts the graph with straight lines through a map; a
        double sweep (the node farthest from the root, then the one farthest
        from that) gives an axis along the graph, and the distance from a
        third, "sideways" landmark a second one.
        """
        a_nodes = _first_of_each(self.labels, self.d_root)
        d_a = _far_distances(self.graph, self.labels, a_nodes)
        b_nodes = _first_of_each(self.labels, d_a)
        d_b = _far_distances(self.graph, self.labels, b_nodes)
        c_nodes = _first_of_each(self.labels, np.minimum(d_a, d_b))
        d_c = _far_distances(self.graph, self.labels, c_nodes)
        x, y = d_a - d_b, d_c
        span = max(float(np.ptp(x)) if x.size else 0.0, float(np.ptp(y)) if y.size else 0.0)
        scale = 80.0 / span if span > 0 else 1.0  # keep it inside valid degrees
        lat = (y - (y.min() if y.size else 0.0)) * scale - 40.0
        lon = (x - (x.min() if x.size else 0.0)) * scale - 40.0
        return lat.astype(np.float32), lon.astype(np.float32)


def _choose_scale(bound: float) -> float:
    """The largest power of ten that keeps ``bound * scale`` below RoutingKit's infinity."""
    if bound <= 0:
        return 1.0
    return float(10.0 ** math.floor(math.log10((_INF - 1) / (bound * (1 + 1e-9)))))


def _topology_key(*arrays: NDArray[Any], n: int) -> str:
    h = hashlib.sha256(str(n).encode())
    for arr in arrays:
        h.update(np.ascontiguousarray(arr).tobytes())
    return h.hexdigest()[:20]


def _load_or_build(
    tail: NDArray[np.uint32],
    head: NDArray[np.uint32],
    lat: NDArray[np.float32],
    lon: NDArray[np.float32],
    *,
    n: int,
    cache_dir: Path | None,
) -> Any:
    import pyroutingkit  # noqa: PLC0415  (optional dependency, the osm extra)

    topo = pyroutingkit.CCHTopology()
    if cache_dir is None:
        topo.build(tail, head, lat, lon, n)
        return topo
    key = _topology_key(tail, head, lat, lon, n=n)
    final = cache_dir / key
    if final.is_dir():
        try:
            topo.load(str(final))
        except RuntimeError:
            shutil.rmtree(final, ignore_errors=True)  # truncated by a crash: rebuild
        else:
            if topo.node_count == n and topo.arc_count == tail.size:
                return topo
            topo = pyroutingkit.CCHTopology()
    topo.build(tail, head, lat, lon, n)
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        # Saved under a temporary name, then renamed: a reader never sees half a cache.
        tmp = cache_dir / f".tmp-{key}-{os.getpid()}"
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir()
        topo.save(str(tmp))
        if final.exists():
            shutil.rmtree(tmp, ignore_errors=True)  # another process won the race
        else:
            tmp.replace(final)
        for old in cache_dir.iterdir():  # hierarchies of earlier versions of the network
            if old.is_dir() and _KEY.match(old.name) and old.name != key:
                shutil.rmtree(old, ignore_errors=True)
    except (OSError, RuntimeError):
        pass  # a read-only folder only costs the next run the build again
    return topo


class CCHRouter:
    """Shortest paths on an undirected graph through a customizable contraction hierarchy.

    Parameters
    ----------
    u, v : array of int
        Edge end nodes, ``0 .. n_nodes - 1``.  Edges are undirected; of parallel
        edges the lightest counts.
    weight : array of float
        Finite, non-negative edge weights (km).
    n_nodes : int
        Number of nodes.
    lonlat : (array, array), optional
        Node longitudes and latitudes: they guide the nested dissection.
        Without them a pseudo-map is computed from graph distances.
    cache_dir : path-like, optional
        Folder keeping the prepared topology (see :func:`cache_dir_for`); a
        later router for the same edges and coordinates loads it instead of
        building it again.  Weights may change: they are applied at each start.
    threads : int
        Threads for the customization; 0 (default) customizes sequentially:
        OpenMP threads that spin on a busy 2-core machine made it 13x slower.

    Attributes
    ----------
    scale : float
        Weights are rounded to multiples of ``1 / scale`` inside the hierarchy.

    Raises
    ------
    ImportError
        When ``pyroutingkit`` or scipy is missing (``pip install legmap[osm]``).
    ValueError
        Arrays of different lengths, or negative or non-finite weights.
    """

    def __init__(
        self,
        u: NDArray[np.integer],
        v: NDArray[np.integer],
        weight: NDArray[np.floating],
        n_nodes: int,
        *,
        lonlat: tuple[NDArray[np.floating], NDArray[np.floating]] | None = None,
        cache_dir: str | os.PathLike[str] | None = None,
        threads: int = 0,
    ) -> None:
        import pyroutingkit  # noqa: PLC0415  (fail early and clearly)
        import scipy  # noqa: F401, PLC0415

        u64 = np.asarray(u, dtype=np.int64)
        v64 = np.asarray(v, dtype=np.int64)
        w = np.asarray(weight, dtype=np.float64)
        if not (u64.shape == v64.shape == w.shape):
            raise ValueError("u, v and weight must have the same length")
        if w.size and (np.any(w < 0) or not np.all(np.isfinite(w))):
            raise ValueError("weights must be finite and non-negative")
        if u64.size and (min(u64.min(), v64.min()) < 0 or max(u64.max(), v64.max()) >= n_nodes):
            raise ValueError(f"node index out of range 0..{n_nodes - 1}")
        self._n = int(n_nodes)
        a, b, w = lightest_edges(u64, v64, w)
        self._metric: Any = None
        self.scale = 1.0
        if a.size == 0:
            return
        geo = _Geometry(a, b, w, self._n)
        # Every arc weight must fit too, not only shortest distances: an edge heavier
        # than any shortest path (never used, but still customised) must not overflow.
        self.scale = _choose_scale(max(geo.path_bound(), float(w.max())))
        q = np.rint(w * self.scale)
        # Arc k and k + m are the two directions of edge k.
        tail = np.concatenate([a, b]).astype(np.uint32)
        head = np.concatenate([b, a]).astype(np.uint32)
        self._arc_w = np.concatenate([w, w])
        if lonlat is None:
            lat, lon = geo.embedding()
        else:
            lon = np.asarray(lonlat[0], dtype=np.float32)
            lat = np.asarray(lonlat[1], dtype=np.float32)
            if lon.shape != (self._n,) or lat.shape != (self._n,):
                raise ValueError("lonlat must give one longitude and one latitude per node")
        topo = _load_or_build(
            tail,
            head,
            lat,
            lon,
            n=self._n,
            cache_dir=None if cache_dir is None else Path(cache_dir),
        )
        self._topology = topo  # the metric borrows it: keep it alive
        metric = pyroutingkit.CCHMetric(topo)
        metric.customize(np.concatenate([q, q]).astype(np.uint32), thread_count=threads)
        self._metric = metric

    def shortest_path(self, source: int, target: int) -> tuple[list[int], float]:
        """Nodes from `source` to `target` and the total weight; ``([], inf)`` if unreachable.

        Examples
        --------
        >>> import numpy as np
        >>> r = CCHRouter(np.array([0, 1]), np.array([1, 2]), np.array([0.5, 0.25]), 3)
        >>> r.shortest_path(2, 0), r.shortest_path(1, 1)
        (([2, 1, 0], 0.75), ([1], 0.0))
        """
        if not (0 <= source < self._n and 0 <= target < self._n):
            raise IndexError(f"node index out of range 0..{self._n - 1}")
        if source == target:
            return [int(source)], 0.0
        if self._metric is None:
            return [], math.inf
        dist, nodes, arcs = self._metric.query(int(source), int(target))
        if dist is None or int(dist) >= _INF or len(nodes) == 0:
            return [], math.inf
        total = float(math.fsum(self._arc_w[np.asarray(arcs, dtype=np.int64)]))
        return [int(x) for x in nodes], total


def prepare_cache(
    u: NDArray[np.int64],
    v: NDArray[np.int64],
    weight: NDArray[np.float64],
    n_nodes: int,
    *,
    lonlat: tuple[NDArray[np.float64], NDArray[np.float64]],
    path: str | os.PathLike[str],
) -> str:
    """Build and cache the hierarchy of the network saved at `path`, if worth it.

    The arguments are what the network hands its router (node numbers in file
    order).  Returns the phrase an import summary appends: empty
    when the graph is too small for this router or it is not installed.
    """
    if len(u) < FAST_ROUTER_MIN_EDGES or not fast_router_available():
        return ""
    CCHRouter(u, v, weight, n_nodes, lonlat=lonlat, cache_dir=cache_dir_for(path))
    return f", router prepared in {cache_dir_for(path).name}/"
