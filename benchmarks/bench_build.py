"""Benchmark: building the seed story end to end, and the size of what it writes.

Run by hand from the repository root:

    python benchmarks/bench_build.py [--repeat N]

Prints the median of N runs of each step (parse, build all legs with a warm
gazetteer and rail network, render each format) and the size of each output.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from legmap import Config, RenderOptions, build_story, load_story
from legmap.places.gazetteer import Gazetteer
from legmap.rail.network import RailNetwork
from legmap.render.geojson import to_geojson
from legmap.render.html.renderer import render_html
from legmap.render.static.renderer import render_static

SEED = Path(__file__).resolve().parents[1] / "geo" / "stories" / "kim-putin-2023.toml"


def _median_ms(func: Callable[[], object], repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = func()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    start = time.perf_counter()
    gazetteer = Gazetteer.default(config=Config())
    rail = RailNetwork.load()
    cold_ms = (time.perf_counter() - start) * 1000
    print(f"cold start (gazetteer + embedded rail network): {cold_ms:.0f} ms")

    rows = []
    ms, story = _median_ms(lambda: load_story(SEED), args.repeat)
    rows.append(("parse story", ms, None))
    ms, built = _median_ms(lambda: build_story(story, gazetteer=gazetteer, rail=rail), args.repeat)
    rows.append((f"build all {len(built.legs)} legs", ms, None))
    outputs: list[tuple[str, Callable[[], str | bytes]]] = [
        ("geojson", lambda: to_geojson(built)),
        ("html (CDN assets)", lambda: render_html(built)),
        ("html --self-contained",
         lambda: render_html(built, options=RenderOptions(self_contained=True))),
        ("html --self-contained --tiles none",
         lambda: render_html(built, options=RenderOptions(self_contained=True, tiles="none"))),
        ("png 1600 px", lambda: render_static(built, fmt="png")),
        ("svg", lambda: render_static(built, fmt="svg")),
    ]  # fmt: skip
    for name, func in outputs:
        ms, out = _median_ms(func, args.repeat)
        size = len(out.encode("utf-8") if isinstance(out, str) else out)  # type: ignore[union-attr]
        rows.append((f"render {name}", ms, size))

    print(f"{'step':<42} {'median ms':>10} {'size':>10}")
    for name, ms, size in rows:
        size_text = f"{size / 1024:,.0f} KB" if size is not None else ""
        print(f"{name:<42} {ms:>10.1f} {size_text:>10}")


if __name__ == "__main__":
    main()
