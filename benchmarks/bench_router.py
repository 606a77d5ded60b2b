"""Router benchmark: CCH (legmap.rail._fastrouter) vs scipy, networkx and plain-Python Dijkstra.

Run by hand (never in tests)::

    /work/venv/bin/python benchmarks/bench_router.py               # ~1.01M edges
    /work/venv/bin/python benchmarks/bench_router.py --side 300    # quick, ~160k edges
    /work/venv/bin/python benchmarks/bench_router.py --python-only # the default router alone

First the default router (``legmap.rail._router.DijkstraRouter``, plain Python, no
scipy) on the embedded network (every pair of stations) and on a ~100k-edge graph
(side 237), then the CCH against scipy, networkx and the plain router on the big one.

The graph is rail-like: a geographic grid (0.05 x 0.03 degree cells from 30E 45N,
jittered nodes), 10 % of its edges removed at random, plus long "main lines"
(straight runs of 20-cell hops across the grid).  Weights are geodesic lengths
times 1-1.3 (curvy track), rounded to the centimetre as surveyed lengths are.
Everything comes from one seed.
"""

from __future__ import annotations

import argparse
import gc
import math
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

import networkx as nx
import numpy as np
import scipy.sparse
from scipy.sparse.csgraph import connected_components, dijkstra

from legmap._geodesic import GEOD
from legmap.rail._fastrouter import CCHRouter
from legmap.rail._router import DijkstraRouter
from legmap.rail.network import RailNetwork


def rail_like_graph(side: int, seed: int = 42, drop: float = 0.10, n_main: int = 40):
    rng = np.random.default_rng(seed)
    n = side * side
    r, c = np.divmod(np.arange(n), side)
    lon = 30.0 + c * 0.05 + rng.normal(0, 0.01, n)
    lat = 45.0 + r * 0.03 + rng.normal(0, 0.006, n)
    idx = np.arange(n).reshape(side, side)
    u = np.concatenate([idx[:, :-1].ravel(), idx[:-1, :].ravel()])
    v = np.concatenate([idx[:, 1:].ravel(), idx[1:, :].ravel()])
    keep = rng.random(u.size) >= drop
    u, v = u[keep], v[keep]
    mu, mv = [], []
    for _ in range(n_main):
        rr, cc = rng.integers(0, side, 2), rng.integers(0, side, 2)
        steps = max(abs(rr[1] - rr[0]), abs(cc[1] - cc[0])) // 20 + 1
        rs = np.linspace(rr[0], rr[1], steps + 1).round().astype(int)
        cs = np.linspace(cc[0], cc[1], steps + 1).round().astype(int)
        line = idx[rs, cs]
        mu.append(line[:-1])
        mv.append(line[1:])
    mu_a, mv_a = np.concatenate(mu), np.concatenate(mv)
    ok = mu_a != mv_a
    u = np.concatenate([u, mu_a[ok]]).astype(np.int64)
    v = np.concatenate([v, mv_a[ok]]).astype(np.int64)
    _, _, metres = GEOD.inv(lon[u], lat[u], lon[v], lat[v])
    w = np.round(np.asarray(metres) / 1000 * (1 + rng.random(u.size) * 0.3), 5)
    return u, v, w, n, lon, lat


def rss_mb() -> float:
    with Path("/proc/self/statm").open() as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6


def maxrss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3


def timed(fn, *args, **kw):
    t = time.perf_counter()
    out = fn(*args, **kw)
    return out, time.perf_counter() - t


def largest_component_pairs(u, v, w, n, count, seed):
    """`count` random (source, target) pairs in the largest component, and the CSR graph."""
    rng = np.random.default_rng(seed)
    csr = scipy.sparse.csr_matrix((w, (u, v)), shape=(n, n))
    _, labels = connected_components(csr, directed=False)
    big = np.flatnonzero(labels == np.bincount(labels).argmax())
    return rng.choice(big, size=(count, 2)), csr


def python_router_cold(u, v, w, n, pairs, csr=None):
    """Median build time, and median and max time of one query on a fresh router each."""
    builds, queries, full = [], [], []
    for s, t in pairs:
        router, dt = timed(DijkstraRouter, u, v, w, n)
        builds.append(dt)
        (path, length), dt = timed(router.shortest_path, int(s), int(t))
        queries.append(dt)
        assert path[0] == s
        assert path[-1] == t
        if csr is not None:
            dist, dt = timed(dijkstra, csr, directed=False, indices=int(s))
            full.append(dt)
            assert math.isclose(dist[t], length, rel_tol=1e-9), (s, t, dist[t], length)
    return statistics.median(builds), queries, full


def bench_embedded() -> None:
    net = RailNetwork.load()
    u, v, w, n = net._edge_u, net._edge_v, net._length, len(net.nodes)
    stations = np.flatnonzero(net.nodes["is_station"].to_numpy(dtype=bool))
    pairs = [(int(a), int(b)) for a in stations for b in stations if a != b]
    builds, cold, warm = [], [], []
    for _ in range(20):
        router, dt = timed(DijkstraRouter, u, v, w, n)
        builds.append(dt)
        t0 = time.perf_counter()
        for a, b in pairs:
            router.shortest_path(a, b)
        cold.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        for a, b in pairs:
            router.shortest_path(a, b)
        warm.append(time.perf_counter() - t0)
    fresh = [timed(DijkstraRouter(u, v, w, n).shortest_path, a, b)[1] for a, b in pairs]
    print(
        f"plain Python router, embedded network ({n} nodes, {len(w)} edges, "
        f"{len(stations)} stations, {len(pairs):,} ordered pairs; median of 20): "
        f"build {statistics.median(builds) * 1e3:.2f} ms, all pairs on one router "
        f"{statistics.median(cold) * 1e3:.1f} ms (one search per source, resumed), "
        f"again {statistics.median(warm) * 1e3:.1f} ms (all settled); one pair on a "
        f"fresh router: median {statistics.median(fresh) * 1e6:.0f} us, "
        f"max {max(fresh) * 1e6:.0f} us"
    )


def bench_python_grid(side: int, queries: int, seed: int) -> None:
    u, v, w, n, _, _ = rail_like_graph(side, seed)
    pairs, csr = largest_component_pairs(u, v, w, n, queries, seed + 1)
    build, cold, full = python_router_cold(u, v, w, n, pairs, csr)
    # Worst case: the node of the component farthest from the source (a whole search).
    s = int(pairs[0][0])
    dist = dijkstra(csr, directed=False, indices=s)
    far = int(np.argmax(np.where(np.isfinite(dist), dist, -1.0)))
    (_, length), t_far = timed(DijkstraRouter(u, v, w, n).shortest_path, s, far)
    assert math.isclose(length, dist[far], rel_tol=1e-9)
    print(
        f"plain Python router, grid side {side} ({n:,} nodes, {u.size:,} edges): build "
        f"{build * 1e3:.0f} ms; one query on a fresh router: median "
        f"{statistics.median(cold) * 1e3:.1f} ms, max {max(cold) * 1e3:.1f} ms over "
        f"{len(pairs)} pairs (lengths equal to scipy, rel 1e-9), farthest node "
        f"{t_far * 1e3:.0f} ms; scipy full search: median {statistics.median(full) * 1e3:.1f} ms"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--side", type=int, default=750, help="grid side (750: ~1.01M edges)")
    ap.add_argument("--queries", type=int, default=50)
    ap.add_argument("--nx-queries", type=int, default=5)
    ap.add_argument("--py-queries", type=int, default=10, help="plain Python router, big grid")
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--cache", type=Path, default=None, help="hierarchy cache folder (temp)")
    ap.add_argument("--python-only", action="store_true", help="skip the CCH and networkx")
    args = ap.parse_args()

    print(
        f"# {time.strftime('%Y-%m-%d %H:%M')}, {os.cpu_count()} cores, "
        f"load average {os.getloadavg()[0]:.2f}, python {sys.version.split()[0]}"
    )
    bench_embedded()
    bench_python_grid(237, args.queries, args.seed)
    if args.python_only:
        return
    (u, v, w, n, lon, lat), t_gen = timed(rail_like_graph, args.side, args.seed)
    print(f"graph: {n:,} nodes, {u.size:,} edges (generated in {t_gen:.1f} s)")
    pairs, csr = largest_component_pairs(u, v, w, n, args.queries, args.seed + 1)

    cache = args.cache or Path(tempfile.mkdtemp(prefix="legmap-bench-ch-"))
    rss0 = rss_mb()
    router, t_cold = timed(CCHRouter, u, v, w, n, lonlat=(lon, lat), cache_dir=cache)
    rss_cold = rss_mb()
    del router
    gc.collect()
    router, t_warm = timed(CCHRouter, u, v, w, n, lonlat=(lon, lat), cache_dir=cache)
    print(
        f"CCH prepare: cold {t_cold:.1f} s (nested dissection + save), "
        f"warm {t_warm:.1f} s (load + customize), scale 1/{router.scale:g}; "
        f"RSS +{rss_cold - rss0:.0f} MB, max RSS {maxrss_mb():.0f} MB"
    )

    cch_times, cch_len = [], []
    for s, t in pairs:
        (path, length), dt = timed(router.shortest_path, int(s), int(t))
        cch_times.append(dt)
        cch_len.append(length)
        assert path[0] == s
        assert path[-1] == t
    hops = statistics.median(len(router.shortest_path(int(a), int(b))[0]) for a, b in pairs)
    print(
        f"CCH query: median {statistics.median(cch_times) * 1e3:.2f} ms, "
        f"max {max(cch_times) * 1e3:.2f} ms over {len(pairs)} pairs (median path {hops} nodes)"
    )

    sp_times = []
    for k, (s, t) in enumerate(pairs):
        dist, dt = timed(dijkstra, csr, directed=False, indices=int(s))
        sp_times.append(dt)
        assert math.isclose(dist[t], cch_len[k], rel_tol=1e-9), (k, dist[t], cch_len[k])
    print(
        f"scipy dijkstra (full search): median {statistics.median(sp_times):.3f} s; "
        f"all {len(pairs)} lengths equal to CCH (rel 1e-9)"
    )

    py_build, py_times, _ = python_router_cold(u, v, w, n, pairs[: args.py_queries])
    for k, (s, t) in enumerate(pairs[: args.py_queries]):
        length = DijkstraRouter(u, v, w, n).shortest_path(int(s), int(t))[1]
        assert math.isclose(length, cch_len[k], rel_tol=1e-9), (k, length, cch_len[k])
    print(
        f"plain Python dijkstra (fresh router, stops at the target): build {py_build:.2f} s, "
        f"median query {statistics.median(py_times):.3f} s, max {max(py_times):.3f} s over "
        f"{len(py_times)} queries; lengths equal to CCH (rel 1e-9)"
    )

    g, t_nx = timed(nx.Graph)
    t0 = time.perf_counter()
    g.add_weighted_edges_from(zip(u.tolist(), v.tolist(), w.tolist(), strict=True))
    t_nx = time.perf_counter() - t0
    nx_times = []
    for k, (s, t) in enumerate(pairs[: args.nx_queries]):
        length, dt = timed(nx.dijkstra_path_length, g, int(s), int(t))
        nx_times.append(dt)
        assert math.isclose(length, cch_len[k], rel_tol=1e-9), (k, length, cch_len[k])
    med_cch = statistics.median(cch_times)
    med_nx = statistics.median(nx_times)
    print(
        f"networkx dijkstra: graph built in {t_nx:.1f} s, median {med_nx:.2f} s over "
        f"{len(nx_times)} queries; lengths equal to CCH (rel 1e-9)"
    )
    print(
        f"speed-up: x{med_nx / med_cch:,.0f} vs networkx, "
        f"x{statistics.median(sp_times) / med_cch:,.0f} vs scipy; max RSS {maxrss_mb():.0f} MB"
    )


if __name__ == "__main__":
    main()
