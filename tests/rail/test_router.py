"""The routing interface: contract of build_router() and agreement with networkx."""

from __future__ import annotations

import itertools
import math

import networkx as nx
import numpy as np
import pytest

from legmap.rail._router import build_router


def test_path_and_weight_on_a_small_graph() -> None:
    # 0 -1- 1 -1- 2, plus a heavy shortcut 0 -5- 2
    router = build_router(np.array([0, 1, 0]), np.array([1, 2, 2]), np.array([1.0, 1.0, 5.0]), 3)
    assert router.shortest_path(0, 2) == ([0, 1, 2], 2.0)
    assert router.shortest_path(2, 0) == ([2, 1, 0], 2.0)  # undirected


def test_same_node_and_disconnected() -> None:
    router = build_router(np.array([0]), np.array([1]), np.array([3.0]), 4)
    assert router.shortest_path(1, 1) == ([1], 0.0)
    path, weight = router.shortest_path(0, 3)
    assert path == []
    assert math.isinf(weight)


def test_lightest_parallel_edge_wins() -> None:
    # csgraph would add parallel edges up; the router keeps the lightest.
    router = build_router(np.array([0, 1, 0]), np.array([1, 0, 1]), np.array([7.0, 2.0, 4.0]), 2)
    assert router.shortest_path(0, 1) == ([0, 1], 2.0)


def test_zero_length_edge_is_still_an_edge() -> None:
    router = build_router(np.array([0, 1]), np.array([1, 2]), np.array([0.0, 4.0]), 3)
    path, weight = router.shortest_path(0, 2)
    assert path == [0, 1, 2]
    assert weight == pytest.approx(4.0)


def test_negative_weight_is_refused() -> None:
    with pytest.raises(ValueError, match="non-negative"):
        build_router(np.array([0]), np.array([1]), np.array([-1.0]), 2)


@pytest.mark.parametrize("seed", range(5))
def test_agrees_with_networkx_on_random_graphs(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n, m = 60, 150
    u, v = rng.integers(0, n, m), rng.integers(0, n, m)
    keep = u != v
    u, v = u[keep], v[keep]
    w = rng.uniform(1.0, 100.0, u.size)
    graph = nx.Graph()
    graph.add_nodes_from(range(n))
    for a, b, c in zip(u.tolist(), v.tolist(), w.tolist(), strict=True):
        if not graph.has_edge(a, b) or graph[a][b]["weight"] > c:
            graph.add_edge(a, b, weight=c)
    router = build_router(u, v, w, n)
    for s, t in rng.integers(0, n, (40, 2)).tolist():
        path, weight = router.shortest_path(s, t)
        if nx.has_path(graph, s, t):
            expected = nx.dijkstra_path_length(graph, s, t)
            assert weight == pytest.approx(expected, rel=1e-9)
            assert path[0] == s
            assert path[-1] == t
            # the path is made of real edges and weighs what it says
            assert sum(graph[a][b]["weight"] for a, b in itertools.pairwise(path)) == (
                pytest.approx(expected, rel=1e-9)
            )
        else:
            assert path == []
            assert math.isinf(weight)
