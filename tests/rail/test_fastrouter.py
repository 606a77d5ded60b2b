"""The CCH router against scipy's Dijkstra on random graphs."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
import scipy.sparse
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.sparse.csgraph import dijkstra

pytest.importorskip("pyroutingkit")

from legmap.rail._fastrouter import CCHRouter, cache_dir_for, fast_router_available
from legmap.rail._router import DijkstraRouter


def random_graph(rng, n, m, *, decimals=5):
    u = rng.integers(0, n, m)
    v = rng.integers(0, n, m)
    w = rng.random(m) * 100
    if decimals is not None:
        w = np.round(w, decimals)
    return u, v, w


def reference(u, v, w, n):
    """All-pairs distances: lightest parallel edge, undirected, zero weights kept."""
    a, b = np.minimum(u, v), np.maximum(u, v)
    keep = a != b
    best: dict[tuple[int, int], float] = {}
    for x, y, z in zip(a[keep].tolist(), b[keep].tolist(), w[keep].tolist(), strict=True):
        best[(x, y)] = min(z, best.get((x, y), math.inf))
    rows = [k[0] for k in best]
    cols = [k[1] for k in best]
    vals = [max(z, 1e-300) for z in best.values()]  # csgraph drops explicit zeros
    g = scipy.sparse.csr_matrix((vals, (rows, cols)), shape=(n, n))
    return dijkstra(g, directed=False), best


def check_path(path, length, s, t, best):
    assert path[0] == s
    assert path[-1] == t
    total = 0.0
    for x, y in itertools.pairwise(path):
        key = (min(x, y), max(x, y))
        assert key in best, f"{x}-{y} is not an edge"
        total += best[key]
    assert total == pytest.approx(length, rel=1e-12, abs=1e-12)


@pytest.mark.parametrize("seed", range(6))
def test_same_lengths_as_dijkstra(seed):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(20, 300))
    u, v, w = random_graph(rng, n, int(n * rng.uniform(0.8, 3.0)))
    dist, best = reference(u, v, w, n)
    with_coords = seed % 2 == 0
    lonlat = (rng.uniform(20, 40, n), rng.uniform(40, 60, n)) if with_coords else None
    router = CCHRouter(u, v, w, n, lonlat=lonlat)
    for s, t in rng.integers(0, n, (60, 2)).tolist():
        path, length = router.shortest_path(s, t)
        if math.isinf(dist[s, t]):
            assert (path, length) == ([], math.inf)
        else:
            assert length == pytest.approx(dist[s, t], rel=1e-9)
            check_path(path, length, s, t, best)


@settings(max_examples=40, deadline=None)
@given(
    n=st.integers(1, 25),
    edges=st.lists(
        st.tuples(st.integers(0, 24), st.integers(0, 24), st.integers(0, 10_000)), max_size=60
    ),
)
def test_agrees_with_dijkstra_router(n, edges):
    edges = [(a % n, b % n, c / 100) for a, b, c in edges]  # cm-exact km weights, zeros too
    u = np.array([e[0] for e in edges], dtype=np.int64)
    v = np.array([e[1] for e in edges], dtype=np.int64)
    w = np.array([e[2] for e in edges], dtype=float)
    fast = CCHRouter(u, v, w, n)
    slow = DijkstraRouter(u, v, w, n)
    for s in range(n):
        for t in range(n):
            p1, l1 = fast.shortest_path(s, t)
            p2, l2 = slow.shortest_path(s, t)
            assert bool(p1) == bool(p2)
            assert l1 == pytest.approx(l2, rel=1e-9, abs=1e-8)


def test_arbitrary_float_weights_within_the_rounding_bound():
    rng = np.random.default_rng(7)
    n = 400
    u, v, w = random_graph(rng, n, 1200, decimals=None)
    dist, best = reference(u, v, w, n)
    router = CCHRouter(u, v, w, n)
    for s, t in rng.integers(0, n, (100, 2)).tolist():
        path, length = router.shortest_path(s, t)
        if math.isfinite(dist[s, t]):
            check_path(path, length, s, t, best)
            # at most half a unit of 1/scale per edge of either path
            assert dist[s, t] <= length + 1e-9
            assert length - dist[s, t] <= n / router.scale


def test_disconnected_trivial_and_bad_input(tmp_path):
    u, v, w = np.array([0, 2, 3]), np.array([1, 3, 3]), np.array([1.5, 2.0, 9.0])
    router = CCHRouter(u, v, w, 5)
    assert router.shortest_path(0, 1) == ([0, 1], 1.5)
    assert router.shortest_path(0, 3) == ([], math.inf)
    assert router.shortest_path(4, 4) == ([4], 0.0)
    assert router.shortest_path(4, 0) == ([], math.inf)
    with pytest.raises(IndexError):
        router.shortest_path(0, 5)
    empty = CCHRouter(np.array([], dtype=int), np.array([], dtype=int), np.array([]), 2)
    assert empty.shortest_path(0, 1) == ([], math.inf)
    with pytest.raises(ValueError, match="non-negative"):
        CCHRouter(u, v, -w, 5)
    with pytest.raises(ValueError, match="out of range"):
        CCHRouter(u, v, w, 3)
    assert fast_router_available()


def test_parallel_edges_lightest_counts():
    router = CCHRouter(np.array([0, 1, 0]), np.array([1, 0, 1]), np.array([5.0, 2.0, 7.0]), 2)
    assert router.shortest_path(1, 0) == ([1, 0], 2.0)


def test_topology_cache_is_reused_and_keyed(tmp_path):
    rng = np.random.default_rng(3)
    u, v, w = random_graph(rng, 200, 500)
    cache = cache_dir_for(tmp_path / "net.gpkg")
    first = CCHRouter(u, v, w, 200, cache_dir=cache)
    saved = list(cache.iterdir())
    assert len(saved) == 1
    assert saved[0].is_dir()
    stamp = saved[0].stat().st_mtime_ns
    # same topology, new weights: the saved hierarchy is loaded, not rebuilt
    second = CCHRouter(u, v, w * 2, 200, cache_dir=cache)
    assert [p.stat().st_mtime_ns for p in cache.iterdir()] == [stamp]
    for s, t in rng.integers(0, 200, (30, 2)).tolist():
        assert second.shortest_path(s, t)[1] == pytest.approx(2 * first.shortest_path(s, t)[1])
    # a changed topology replaces the stale hierarchy
    CCHRouter(u[:-50], v[:-50], w[:-50], 200, cache_dir=cache)
    names = [p.name for p in cache.iterdir()]
    assert len(names) == 1
    assert names[0] != saved[0].name


def test_broken_cache_is_rebuilt(tmp_path):
    rng = np.random.default_rng(4)
    u, v, w = random_graph(rng, 100, 300)
    CCHRouter(u, v, w, 100, cache_dir=tmp_path)
    (entry,) = tmp_path.iterdir()
    for f in entry.iterdir():
        f.write_bytes(b"")
    router = CCHRouter(u, v, w, 100, cache_dir=tmp_path)
    dist, _ = reference(u, v, w, 100)
    assert router.shortest_path(0, 1)[1] == pytest.approx(dist[0, 1]) or math.isinf(dist[0, 1])


def test_edge_heavier_than_every_shortest_path() -> None:
    # Found by hypothesis: zero-weight shortcuts make every shortest distance 0,
    # yet the unused heavy edge must still be scaled without overflowing.
    u, v, w = np.array([1, 1, 2]), np.array([2, 3, 3]), np.array([0.0, 0.0, 1.0])
    router = CCHRouter(u, v, w, 4)
    assert router.shortest_path(2, 3) == ([2, 1, 3], 0.0)
