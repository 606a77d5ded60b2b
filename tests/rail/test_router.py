"""The routing interface: contract of build_router(), the plain-Python Dijkstra router
against networkx and scipy, resumed searches, and routing without scipy installed."""

from __future__ import annotations

import itertools
import json
import math
import subprocess
import sys

import networkx as nx
import numpy as np
import pytest
import scipy.sparse
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.sparse.csgraph import dijkstra

from legmap.rail import network as network_module
from legmap.rail._fastrouter import FAST_ROUTER_MIN_EDGES
from legmap.rail._router import DijkstraRouter, build_router
from legmap.rail.network import RailNetwork


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


def test_bad_input_is_refused() -> None:
    router = build_router(np.array([0]), np.array([1]), np.array([3.0]), 2)
    for s, t in [(0, 2), (-1, 0), (2, 2)]:
        with pytest.raises(IndexError):
            router.shortest_path(s, t)
    for w in [np.nan, np.inf]:
        with pytest.raises(ValueError, match="finite"):
            DijkstraRouter(np.array([0]), np.array([1]), np.array([w]), 2)
    with pytest.raises(ValueError, match="out of range"):
        DijkstraRouter(np.array([0]), np.array([2]), np.array([1.0]), 2)
    with pytest.raises(ValueError, match="same length"):
        DijkstraRouter(np.array([0, 1]), np.array([1]), np.array([1.0]), 2)


# ------------------------------------------------------- agreement with scipy


def _lightest(u: list[int], v: list[int], w: list[float]) -> dict[tuple[int, int], float]:
    """The lightest edge of each node pair (self-loops dropped)."""
    best: dict[tuple[int, int], float] = {}
    for a, b, c in zip(u, v, w, strict=True):
        if a != b:
            key = (min(a, b), max(a, b))
            best[key] = min(c, best.get(key, math.inf))
    return best


def _scipy_distances(best: dict[tuple[int, int], float], n: int) -> np.ndarray:
    rows = [k[0] for k in best]
    cols = [k[1] for k in best]
    vals = [max(c, 1e-300) for c in best.values()]  # csgraph drops explicit zeros
    graph = scipy.sparse.csr_matrix((vals, (rows, cols)), shape=(n, n))
    return np.asarray(dijkstra(graph, directed=False))


def _check_against(router: DijkstraRouter, best: dict[tuple[int, int], float], n: int) -> None:
    expected = _scipy_distances(best, n)
    for s, t in itertools.product(range(n), repeat=2):
        path, total = router.shortest_path(s, t)
        if math.isinf(expected[s, t]):
            assert (path, total) == ([], math.inf)
            continue
        assert total == pytest.approx(expected[s, t], rel=1e-9, abs=1e-9)
        assert path[0] == s
        assert path[-1] == t
        # A real path, whose edge weights add up (in path order) to the total exactly.
        assert sum(best[min(a, b), max(a, b)] for a, b in itertools.pairwise(path)) == total


_weights = st.one_of(
    st.just(0.0),  # stations at the same spot
    st.integers(0, 5).map(float),  # many equal-length paths
    st.floats(0.0, 1e4, allow_nan=False, allow_infinity=False),
)


@settings(max_examples=150, deadline=None)
@given(
    n=st.integers(1, 20),
    edges=st.lists(st.tuples(st.integers(0, 19), st.integers(0, 19), _weights), max_size=50),
)
def test_totals_equal_scipy_dijkstra_on_random_graphs(
    n: int, edges: list[tuple[int, int, float]]
) -> None:
    # Parallel edges and self-loops come with the random pairs; with up to 20 nodes
    # and often few edges, most graphs have several components.
    u = [a % n for a, _, _ in edges]
    v = [b % n for _, b, _ in edges]
    w = [c for _, _, c in edges]
    router = DijkstraRouter(
        np.array(u, dtype=np.int64), np.array(v, dtype=np.int64), np.array(w, dtype=float), n
    )
    _check_against(router, _lightest(u, v, w), n)


def test_embedded_network_totals_equal_scipy_dijkstra() -> None:
    net = RailNetwork.load()
    u, v = net._edge_u.tolist(), net._edge_v.tolist()
    w = net._length.tolist()
    n = len(net.nodes)
    _check_against(DijkstraRouter(net._edge_u, net._edge_v, net._length, n), _lightest(u, v, w), n)


# ------------------------------------------------------------ resumed searches


@pytest.mark.parametrize("seed", range(4))
def test_resumed_queries_answer_as_fresh_routers(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n, m = 300, 700
    u, v = rng.integers(0, n, m), rng.integers(0, n, m)
    w = rng.integers(0, 4, m).astype(float)  # small integers: ties everywhere, zeros too
    shared = DijkstraRouter(u, v, w, n)
    sources = rng.integers(0, n, 3)
    # Interleaved sources, near and far targets, repeats, unreachable nodes.
    queries = [(int(rng.choice(sources)), int(t)) for t in rng.integers(0, n, 120)]
    for s, t in queries:
        assert shared.shortest_path(s, t) == DijkstraRouter(u, v, w, n).shortest_path(s, t)


def test_a_query_stops_once_its_target_is_settled() -> None:
    # A chain 0 - 1 - ... - 999: the route 0 -> 2 needs three nodes, not the chain.
    n = 1000
    router = DijkstraRouter(np.arange(n - 1), np.arange(1, n), np.ones(n - 1), n)
    assert router.shortest_path(0, 2) == ([0, 1, 2], 2.0)
    assert sum(router._searches[0].settled) <= 3
    assert router.shortest_path(0, 999) == (list(range(n)), 999.0)  # resumed to the end
    assert router.shortest_path(0, 500) == (list(range(501)), 500.0)  # already settled


def test_small_graphs_get_the_plain_python_router() -> None:
    n = 100
    router = build_router(np.arange(n - 1), np.arange(1, n), np.ones(n - 1), n)
    assert isinstance(router, DijkstraRouter)
    assert n < FAST_ROUTER_MIN_EDGES


# ------------------------------------------------------------ without scipy

_NO_SCIPY = """
import json, sys
sys.modules["scipy"] = None  # as if scipy were not installed
import numpy as np
from legmap.rail import _fastrouter
from legmap.rail._router import build_router
from legmap.rail.network import RailNetwork

net = RailNetwork.load()
stops = ["pyongyang-station", "vladivostok-station"]
lonlat = [(net.nodes.geometry.loc[s].x, net.nodes.geometry.loc[s].y) for s in stops]
route = net.route(lonlat, stop_ids=stops)
m = _fastrouter.FAST_ROUTER_MIN_EDGES
big = build_router(np.arange(m), np.arange(1, m + 1), np.ones(m), m + 1)
print(json.dumps({
    "km": route.length_km,
    "stations": list(route.station_ids),
    "fast_router_available": _fastrouter.fast_router_available(),
    "big_graph_router": type(big).__name__,
    "big_graph_route": big.shortest_path(0, m)[1],
    "scipy_loaded": [k for k, mod in sys.modules.items() if k.startswith("scipy") and mod],
}))
"""


class _ScipyRouter:
    """The reference: scipy's Dijkstra (the router legmap used before it went pure Python)."""

    def __init__(self, u: np.ndarray, v: np.ndarray, w: np.ndarray, n: int, **_: object) -> None:
        best = _lightest(u.tolist(), v.tolist(), w.tolist())
        vals = [max(c, 1e-300) for c in best.values()]
        rows, cols = [k[0] for k in best], [k[1] for k in best]
        self.graph = scipy.sparse.csr_matrix((vals, (rows, cols)), shape=(n, n))

    def shortest_path(self, source: int, target: int) -> tuple[list[int], float]:
        dist, pred = dijkstra(self.graph, directed=False, indices=source, return_predecessors=True)
        if math.isinf(dist[target]):
            return [], math.inf
        path = [target]
        while path[-1] != source:
            path.append(int(pred[path[-1]]))
        return path[::-1], float(dist[target])


def test_routes_on_the_embedded_network_without_scipy(monkeypatch: pytest.MonkeyPatch) -> None:
    done = subprocess.run(
        [sys.executable, "-c", _NO_SCIPY], capture_output=True, text=True, timeout=300, check=False
    )
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    # The same route in this process, on scipy's Dijkstra.
    embedded = RailNetwork.load()
    monkeypatch.setattr(network_module, "build_router", _ScipyRouter)
    net = RailNetwork.from_frames(embedded.nodes, embedded.edges, name=embedded.name)
    stops = ["pyongyang-station", "vladivostok-station"]
    with_scipy = net.route(
        [(net.nodes.geometry.loc[s].x, net.nodes.geometry.loc[s].y) for s in stops],
        stop_ids=stops,
    )
    assert isinstance(net._router, _ScipyRouter)
    assert out["km"] == with_scipy.length_km
    assert out["stations"] == list(with_scipy.station_ids)
    assert {"rajin", "tumangang", "khasan"} <= set(out["stations"])  # the Khasan crossing
    assert out["scipy_loaded"] == []
    assert out["fast_router_available"] is False
    # A big graph falls back to the plain router instead of failing.
    assert out["big_graph_router"] == "DijkstraRouter"
    assert out["big_graph_route"] == FAST_ROUTER_MIN_EDGES
