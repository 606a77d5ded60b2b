"""Light commands stay light: each command's wall time against its import floor.

For every command, the script runs it N times (wall clock, fresh process each
time), records which heavy third-party libraries it actually loaded, and times a
Python process that only imports those libraries (the "import floor": what the
command cannot go below without dropping a library).  The ratio is the overhead
legmap adds on top: issue 15 asks for at most 1.5x for ``places`` and
``distance`` and under 0.1 s for ``--version``.

    /work/venv/bin/python benchmarks/bench_commands.py [--repeat 7]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "geo" / "stories" / "kim-putin-2023.toml"
HEAVY = (
    "numpy", "pandas", "shapely", "pyproj", "geopandas", "pyogrio", "scipy", "folium",
    "matplotlib", "pydantic", "babel", "geopy", "click",
)  # fmt: skip

COMMANDS = {
    "--version": ["--version"],
    "--help": ["--help"],
    "places Pyongyang": ["places", "Pyongyang"],
    "distance Vladivostok Vostochny": ["distance", "Vladivostok", "Vostochny"],
    "check (seed)": ["check", str(SEED)],
}

_PROBE = """
import sys
BASELINE = set(sys.modules)
import runpy
sys.argv = ["legmap", *{args!r}]
try:
    runpy.run_module("legmap", run_name="__main__")
except SystemExit:
    pass
public = sorted(
    m for m in sys.modules
    if m.split(".")[0] != "legmap" and m not in BASELINE
    and not any(p.startswith("_") for p in m.split(".")) and m != "__main__"
)
print("\\n@@" + " ".join(public), file=sys.stderr)
"""


def wall(argv: list[str], repeat: int) -> float:
    """Minimum wall time of `repeat` fresh processes (the least disturbed run)."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(argv, check=False, capture_output=True, env=os.environ)
        times.append(time.perf_counter() - start)
    return min(times)


def loaded(args: list[str]) -> list[str]:
    """Every public module a command imports that is not legmap's own (run in-process).

    Third-party and standard-library modules alike, submodules included
    (``import scipy`` is cheap, ``scipy.sparse.csgraph`` is not): the floor process
    imports exactly these, so the ratio measures legmap's own code and data.
    """
    code = _PROBE.format(args=args, heavy=HEAVY)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    line = out.stderr.rsplit("@@", 1)[-1].strip()
    return line.split() if line else []


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--json", action="store_true")
    opts = parser.parse_args()
    legmap = str(Path(sys.executable).with_name("legmap"))
    rows = []
    for name, args in COMMANDS.items():
        libs = loaded(args)
        t_cmd = wall([legmap, *args], opts.repeat)
        floor_code = (
            "import importlib\n"
            f"for m in {libs!r}:\n"
            "    try:\n        importlib.import_module(m)\n"
            "    except Exception:\n        pass\n"
        )
        t_floor = wall([sys.executable, "-c", floor_code], opts.repeat)
        rows.append(
            {
                "command": name,
                "seconds": round(t_cmd, 3),
                "floor_seconds": round(t_floor, 3),
                "ratio": round(t_cmd / t_floor, 2),
                "libraries": libs,
            }
        )
    if opts.json:
        print(json.dumps(rows, indent=2))
        return
    print(f"{'command':34} {'wall s':>7} {'floor s':>8} {'ratio':>6}  heavy libraries loaded")
    for r in rows:
        print(
            f"{r['command']:34} {r['seconds']:7.3f} {r['floor_seconds']:8.3f} {r['ratio']:6.2f}"
            f"  {' '.join(sorted({m.split('.')[0] for m in r['libraries']} & set(HEAVY))) or '-'}"
        )
    print(f"median ratio {statistics.median(r['ratio'] for r in rows):.2f}")


if __name__ == "__main__":
    main()
