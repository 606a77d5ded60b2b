"""Benchmark: how rendering scales with the number of legs (10 to 10,000).

Run by hand from the repository root (not part of the test suite):

    python benchmarks/bench_scale.py                       # 10, 100, 1,000, 10,000 legs
    python benchmarks/bench_scale.py --sizes 100,300 --formats html
    python benchmarks/bench_scale.py --write-story 300 -o /tmp/s300.toml
    python benchmarks/bench_scale.py --chromium 10000      # open the HTML in headless Chromium

Synthetic stories: legs between 21 well-known cities (16 on the embedded rail
network, 5 off it), half of them train legs routed on the embedded network,
half flights, in journeys of 25 legs, all from one fixed seed.  Every
(size, format) runs in a fresh child process, which builds the story (timed
apart) and renders one format; the figures are the render's wall and CPU
seconds, the child's peak RSS and the output size.  The exponent is the slope
of log(render seconds) against log(legs), fitted by least squares over sizes
from 100 up.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"

#: On the embedded rail network (geo/rail/network.toml): trains run between these.
NETWORK_CITIES = (
    "Moscow",
    "Yaroslavl",
    "Kirov",
    "Perm",
    "Yekaterinburg",
    "Tyumen",
    "Omsk",
    "Novosibirsk",
    "Krasnoyarsk",
    "Irkutsk",
    "Ulan-Ude",
    "Chita",
    "Khabarovsk",
    "Vladivostok",
    "Pyongyang",
    "Beijing",
)
#: Off the network: reached by flights only.
OTHER_CITIES = ("Tokyo", "Seoul", "Berlin", "Paris", "Almaty")
LEGS_PER_JOURNEY = 25


def story_toml(n_legs: int, *, seed: int = 2024) -> str:
    """A synthetic story of `n_legs` legs: even legs trains, odd legs flights."""
    rng = random.Random(seed)
    cities = NETWORK_CITIES + OTHER_CITIES
    out = [f'title = "Synthetic story, {n_legs:,} legs"', 'lang = "en"', 'units = "km"', ""]
    for k in range(n_legs):
        if k % LEGS_PER_JOURNEY == 0:
            j = k // LEGS_PER_JOURNEY
            out += ["[[journeys]]", f'id = "j{j:04d}"', f'title = "Journey {j + 1}"', ""]
        pool = NETWORK_CITIES if k % 2 == 0 else cities
        a, b = rng.sample(pool, 2)
        mode = "train" if k % 2 == 0 else "flight"
        out += [
            "[[journeys.legs]]",
            f'from = "{a}"',
            f'to = "{b}"',
            f'mode = "{mode}"',
            f'date = "2024-{1 + k % 12:02d}"',
            "",
        ]
    return "\n".join(out)


# ----------------------------------------------------------------- child process


def _child(story: Path, fmt: str, out: Path) -> None:
    """Build `story`, render `fmt` into `out`, print one JSON line of figures."""
    from legmap import RenderOptions, build_story, load_story  # noqa: PLC0415

    # Imports first: the render time is rendering, not loading folium or matplotlib.
    render: Any
    if fmt == "html":
        from legmap.render.html.renderer import render_html  # noqa: PLC0415

        def render(built: Any, options: RenderOptions) -> bytes:
            return render_html(built, options=options).encode("utf-8")
    elif fmt == "geojson":
        from legmap.render.geojson import to_geojson  # noqa: PLC0415

        def render(built: Any, options: RenderOptions) -> bytes:
            return to_geojson(built).encode("utf-8")
    else:
        from legmap.render.static.renderer import render_static  # noqa: PLC0415

        def render(built: Any, options: RenderOptions) -> bytes:
            return render_static(built, fmt=fmt, options=options)

    t0, c0 = time.perf_counter(), time.process_time()
    built = build_story(load_story(story))
    t1, c1 = time.perf_counter(), time.process_time()
    data = render(built, RenderOptions(tiles="none", self_contained=True))
    t2, c2 = time.perf_counter(), time.process_time()
    out.write_bytes(data)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
    print(
        json.dumps(
            {
                "build_s": t1 - t0,
                "build_cpu_s": c1 - c0,
                "render_s": t2 - t1,
                "render_cpu_s": c2 - c1,
                "peak_mb": peak_mb,
                "bytes": len(data),
                "legs": len(built.legs),
            }
        )
    )


def _run(n_legs: int, fmt: str, work: Path, timeout: float) -> dict[str, float] | None:
    story = work / f"scale-{n_legs}.toml"
    if not story.exists():
        story.write_text(story_toml(n_legs), encoding="utf-8")
    out = work / f"scale-{n_legs}.{fmt}"
    cmd = [sys.executable, __file__, "--child", str(story), fmt, str(out)]
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        return None
    if proc.returncode != 0:
        print(proc.stderr, file=sys.stderr)
        return None
    return json.loads(proc.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def fit_exponent(sizes: list[int], seconds: list[float]) -> float:
    """Least-squares slope of log(seconds) against log(sizes).

    >>> round(fit_exponent([100, 1000, 10000], [1.0, 10.0, 100.0]), 3)
    1.0
    """
    xs = [math.log(s) for s in sizes]
    ys = [math.log(max(t, 1e-6)) for t in seconds]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    num = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    den = sum((x - mx) ** 2 for x in xs)
    return num / den


# ---------------------------------------------------------------------- Chromium


def chromium_draw_seconds(html: Path, *, expected_legs: int) -> dict[str, float]:
    """Open `html` in headless Chromium; seconds until every leg is on the map and painted."""
    from playwright.sync_api import sync_playwright  # noqa: PLC0415

    args = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
    ]
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=args)
        page = browser.new_page(viewport={"width": 1200, "height": 800})
        page.route(
            "**/*",
            lambda r: r.continue_() if r.request.url.startswith(("file:", "data:")) else r.abort(),
        )
        start = time.perf_counter()
        page.goto(html.as_uri(), timeout=120_000)
        page.wait_for_function(
            "typeof legmap === 'object' && legmap.stats().setup", timeout=120_000
        )
        # Two animation frames after setup: Leaflet has painted what it was given.
        page.evaluate("new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
        seconds = time.perf_counter() - start
        stats = page.evaluate("legmap.stats()")
        browser.close()
    if stats["legsOnMap"] != expected_legs:
        raise SystemExit(f"Chromium drew {stats['legsOnMap']} legs of {expected_legs}")
    return {"seconds": seconds, "legs": float(stats["legsOnMap"]), "canvas": float(stats["canvas"])}


# -------------------------------------------------------------------------- main


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="10,100,1000,10000")
    parser.add_argument("--formats", default="geojson,html,png")
    parser.add_argument("--timeout", type=float, default=900.0, help="seconds per child")
    parser.add_argument("--work", type=Path, default=None, help="folder for stories and outputs")
    parser.add_argument("--write-story", type=int, default=None, metavar="LEGS")
    parser.add_argument("-o", "--out", type=Path, default=None)
    parser.add_argument(
        "--chromium",
        type=int,
        default=None,
        metavar="LEGS",
        help="also open the LEGS-leg HTML in headless Chromium",
    )
    parser.add_argument(
        "--child", nargs=3, metavar=("STORY", "FORMAT", "OUT"), help=argparse.SUPPRESS
    )
    args = parser.parse_args()
    if args.child:
        _child(Path(args.child[0]), args.child[1], Path(args.child[2]))
        return
    if args.write_story is not None:
        text = story_toml(args.write_story)
        if args.out:
            args.out.write_text(text, encoding="utf-8")
        else:
            sys.stdout.write(text)
        return
    work = args.work or Path(tempfile.mkdtemp(prefix="legmap-scale-"))
    work.mkdir(parents=True, exist_ok=True)
    sizes = [int(s) for s in args.sizes.split(",")]
    formats = [f.strip() for f in args.formats.split(",")]
    print(f"work folder: {work}; {os.cpu_count()} CPUs; python {sys.version.split()[0]}")
    results: dict[str, dict[int, dict[str, float] | None]] = {f: {} for f in formats}
    print(
        f"{'format':<8} {'legs':>7} {'build s':>8} {'render s':>9} {'cpu s':>7} "
        f"{'peak MB':>8} {'output':>10}"
    )
    for fmt in formats:
        for n in sizes:
            r = _run(n, fmt, work, args.timeout)
            results[fmt][n] = r
            if r is None:
                print(f"{fmt:<8} {n:>7,} {'failed or timed out':>30}")
                continue
            print(
                f"{fmt:<8} {n:>7,} {r['build_s']:>8.1f} {r['render_s']:>9.2f} "
                f"{r['render_cpu_s']:>7.2f} {r['peak_mb']:>8.0f} "
                f"{r['bytes'] / 1e6:>8.2f} MB",
                flush=True,
            )
    for fmt in formats:
        done = [(n, r) for n, r in results[fmt].items() if r is not None and n >= 100]
        if len(done) >= 2:
            sizes_done = [n for n, _ in done]
            wall = fit_exponent(sizes_done, [r["render_s"] for _, r in done])
            cpu = fit_exponent(sizes_done, [r["render_cpu_s"] for _, r in done])
            print(
                f"{fmt}: fitted exponent {wall:.2f} (wall), {cpu:.2f} (CPU) "
                f"over {done[0][0]:,}-{done[-1][0]:,} legs"
            )
    if args.chromium is not None:
        html = work / f"scale-{args.chromium}.html"
        if not html.exists():
            _run(args.chromium, "html", work, args.timeout)
        figures = chromium_draw_seconds(html, expected_legs=args.chromium)
        print(
            f"chromium: {args.chromium:,}-leg HTML drawn in {figures['seconds']:.2f} s "
            f"({figures['legs']:.0f} legs on the map, canvas={bool(figures['canvas'])})"
        )


if __name__ == "__main__":
    main()
