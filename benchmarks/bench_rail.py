"""Rail benchmark: embedded network load time and route query time (run by hand).

    /work/venv/bin/python benchmarks/bench_rail.py [--repeat N]

Prints medians of N runs (default 20).  Loading is timed with the cache cleared,
i.e. what the first train leg of a process pays (TOML parse, geodesic lengths,
validation, router build); routing is timed on a fresh network each run (cold:
one Dijkstra search) and on the same network (warm: cached predecessor tree).
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable

from legmap.rail import network as rail
from legmap.rail.network import RailNetwork

MOSCOW = "moscow-yaroslavsky-station"
VLADIVOSTOK = "vladivostok-station"


def _median_ms(func: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        func()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    n = parser.parse_args().repeat

    def load_cold() -> RailNetwork:
        rail._load_embedded.cache_clear()
        return RailNetwork.load()

    load_ms = _median_ms(load_cold, n)
    net = RailNetwork.load()
    stops = [net.nodes.geometry.loc[s] for s in (MOSCOW, VLADIVOSTOK)]
    lonlat = [(p.x, p.y) for p in stops]

    def route_cold() -> None:
        fresh = RailNetwork.from_frames(net.nodes, net.edges, name="bench")
        t0 = time.perf_counter()
        fresh.route(lonlat)
        timings.append((time.perf_counter() - t0) * 1000)

    timings: list[float] = []
    for _ in range(n):
        route_cold()
    cold_ms = statistics.median(timings)
    warm_ms = _median_ms(lambda: net.route(lonlat), n)
    route = net.route(lonlat)
    print(f"network: {net!r}")
    print(f"embedded network load (cache cleared): {load_ms:8.2f} ms  (median of {n})")
    print(f"route Moscow -> Vladivostok, cold:     {cold_ms:8.3f} ms  (median of {n})")
    print(f"route Moscow -> Vladivostok, warm:     {warm_ms:8.3f} ms  (median of {n})")
    print(
        f"  {len(route.station_ids)} stations, {route.length_km:,.0f} km, "
        f"{len(route.geometry.coords)} vertices"
    )


if __name__ == "__main__":
    main()
