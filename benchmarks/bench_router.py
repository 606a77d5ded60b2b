"""Router benchmark: CCH (legmap.rail._fastrouter) vs scipy and networkx Dijkstra, >= 1M edges.

Run by hand (never in tests)::

    /work/venv/bin/python benchmarks/bench_router.py            # ~1.01M edges
    /work/venv/bin/python benchmarks/bench_router.py --side 300 # quick, ~160k edges

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


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--side", type=int, default=750, help="grid side (750: ~1.01M edges)")
    ap.add_argument("--queries", type=int, default=50)
    ap.add_argument("--nx-queries", type=int, default=5)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--cache", type=Path, default=None, help="hierarchy cache folder (temp)")
    args = ap.parse_args()

    print(
        f"# {time.strftime('%Y-%m-%d %H:%M')}, {os.cpu_count()} cores, "
        f"load average {os.getloadavg()[0]:.2f}, python {sys.version.split()[0]}"
    )
    (u, v, w, n, lon, lat), t_gen = timed(rail_like_graph, args.side, args.seed)
    print(f"graph: {n:,} nodes, {u.size:,} edges (generated in {t_gen:.1f} s)")

    rng = np.random.default_rng(args.seed + 1)
    csr = scipy.sparse.csr_matrix((w, (u, v)), shape=(n, n))
    _, labels = connected_components(csr, directed=False)
    big = np.flatnonzero(labels == np.bincount(labels).argmax())
    pairs = rng.choice(big, size=(args.queries, 2))

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
