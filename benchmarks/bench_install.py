"""Install size and package count of legmap, per extra, in fresh virtual environments.

For each target (``.``, ``.[static]``, ``.[all]`` by default) the script makes a new
venv, runs ``pip install TARGET`` from this checkout, and reports:

* the packages installed, not counting pip and setuptools (the venv's own tools),
  with and without legmap itself;
* the size of ``site-packages`` without pip and setuptools, and of the whole venv;
* the largest packages.

Issue 13 asks for under 450 MB and 30 packages for ``pip install .``.

    /work/venv/bin/python benchmarks/bench_install.py [--target ".[static]"] [--keep]
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VENV_TOOLS = {"pip", "setuptools"}
TOOL_DIRS = ("pip", "setuptools", "pkg_resources", "_distutils_hack")


def _size_mb(path: Path) -> float:
    total = sum(p.lstat().st_size for p in path.rglob("*") if p.is_file() or p.is_symlink())
    return total / 2**20


def _measure(target: str, where: Path) -> dict[str, object]:
    venv = where / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    py = venv / "bin" / "python"
    subprocess.run([str(py), "-m", "pip", "install", "-q", target], cwd=ROOT, check=True)
    listed = json.loads(
        subprocess.run(
            [str(py), "-m", "pip", "list", "--format", "json"],
            check=True, capture_output=True, text=True,
        ).stdout
    )  # fmt: skip
    names = sorted(p["name"] for p in listed if p["name"].lower() not in VENV_TOOLS)
    site = next((venv / "lib").glob("python3*/site-packages"))
    tools = sum(_size_mb(site / d) for d in TOOL_DIRS if (site / d).exists())
    tools += sum(_size_mb(p) for d in VENV_TOOLS for p in site.glob(f"{d}-*.dist-info"))
    sizes = sorted(
        ((round(_size_mb(p), 1), p.name) for p in site.iterdir() if p.is_dir()), reverse=True
    )
    return {
        "target": target,
        "packages": len(names),
        "dependencies": len([n for n in names if n.lower() != "legmap"]),
        "site_packages_mb": round(_size_mb(site) - tools, 1),
        "venv_mb": round(_size_mb(venv), 1),
        "largest": sizes[:8],
        "names": names,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--target", action="append", help="pip target (repeatable)")
    parser.add_argument("--keep", action="store_true", help="keep the venvs (prints where)")
    args = parser.parse_args()
    targets = args.target or [".", ".[static]", ".[all]"]
    print(f"{'target':<12} {'packages':>8} {'deps':>5} {'site-packages':>14} {'venv':>9}")
    for target in targets:
        where = Path(tempfile.mkdtemp(prefix="legmap-install-"))
        try:
            row = _measure(target, where)
        finally:
            if not args.keep:
                shutil.rmtree(where, ignore_errors=True)
        print(
            f"{row['target']:<12} {row['packages']:>8} {row['dependencies']:>5} "
            f"{row['site_packages_mb']:>11.1f} MB {row['venv_mb']:>6.1f} MB"
        )
        print("    largest:", ", ".join(f"{n} {mb} MB" for mb, n in row["largest"]))  # type: ignore[attr-defined]
        print("    packages:", " ".join(row["names"]))  # type: ignore[arg-type]
        if args.keep:
            print("    kept in", where)


if __name__ == "__main__":
    main()
