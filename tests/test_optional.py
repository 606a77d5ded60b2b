"""The core install without its extras: what works, and what names the extra it needs.

Each case runs in a fresh interpreter where matplotlib, scipy, geopy and the Arabic
shaping packages cannot be imported (``sys.modules[name] = None``), as after a plain
``pip install legmap``.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from legmap._optional import EXTRAS, missing_extra, optional_import

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "geo" / "stories" / "kim-putin-2023.toml"
BLOCKED = ("matplotlib", "scipy", "geopy", "arabic_reshaper", "bidi")

_PRELUDE = (
    "import sys\n"
    f"for name in {BLOCKED!r}:\n"
    "    sys.modules[name] = None\n"
    "from legmap.cli import main\n"
    "sys.argv = ['legmap', *sys.argv[1:]]\n"
    "main()\n"
)


def _legmap(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", _PRELUDE, *args],
        cwd=cwd, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip


def test_every_optional_module_names_its_extra() -> None:
    for module, extra in EXTRAS.items():
        err = ModuleNotFoundError(f"No module named {module!r}", name=f"{module}.sub")
        install = f'pip install "legmap[{extra}]"'
        assert missing_extra(err) == (
            f"this needs the {extra} extra ({module} is not installed): {install}"
        )


def test_optional_import_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "geopy", None)
    with pytest.raises(ModuleNotFoundError, match=r'pip install "legmap\[online\]"'):
        optional_import("geopy")
    assert optional_import("json") is sys.modules["json"]


def test_the_core_builds_html_and_geojson_without_the_extras(tmp_path: Path) -> None:
    done = _legmap("build", str(SEED), "-o", "maps", "--format", "html,geojson", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    written = sorted(p.name for p in (tmp_path / "maps").iterdir())
    assert written == [
        "kim-putin-2023.alt.txt", "kim-putin-2023.embed.html", "kim-putin-2023.geojson",
        "kim-putin-2023.html",
    ]  # fmt: skip
    features = json.loads((tmp_path / "maps" / "kim-putin-2023.geojson").read_text("utf-8"))
    trains = [
        f for f in features["features"]
        if f["properties"].get("mode") == "train" and f["properties"].get("routed")
    ]  # fmt: skip
    assert trains, "train legs are routed on the rail network without scipy"


def test_the_core_measures_on_the_rail_network_without_the_extras(tmp_path: Path) -> None:
    done = _legmap("distance", "Vladivostok", "Vostochny", "--json", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    answer = json.loads(done.stdout)
    with_extras = subprocess.run(
        [sys.executable, "-m", "legmap", "distance", "Vladivostok", "Vostochny", "--json"],
        cwd=tmp_path, capture_output=True, text=True, timeout=300, check=True,
    )  # fmt: skip
    assert answer == json.loads(with_extras.stdout)  # the same route, the same km
    assert answer["rail_km"] == pytest.approx(1620, abs=1)


@pytest.mark.parametrize("fmt", ["png", "svg", "pdf"])
def test_a_print_format_without_the_static_extra_is_one_line(tmp_path: Path, fmt: str) -> None:
    done = _legmap("build", str(SEED), "-o", "maps", "--format", f"html,{fmt}", cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr == (
        "legmap: error: this needs the static extra (matplotlib is not installed): "
        'pip install "legmap[static]"\n'
    )
    assert list(tmp_path.iterdir()) == []


def test_plot_without_the_static_extra_names_it() -> None:
    code = (
        "import sys\n"
        "sys.modules['matplotlib'] = None\n"
        "import legmap\n"
        "b = legmap.build(legmap.example_path(), lang='en')\n"
        "try:\n"
        "    b.plot()\n"
        "except ModuleNotFoundError as err:\n"
        "    print(err)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=300, check=False
    )
    assert done.stdout == (
        'this needs the static extra (matplotlib is not installed): pip install "legmap[static]"\n'
    ), done.stderr


def test_the_geocoder_without_the_online_extra_names_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from legmap.config import Config  # noqa: PLC0415
    from legmap.places.geocoder import Geocoder  # noqa: PLC0415

    monkeypatch.setitem(sys.modules, "geopy", None)
    geocoder = Geocoder(Config(online=True, cache_dir=tmp_path))
    with pytest.raises(ModuleNotFoundError, match=r'pip install "legmap\[online\]"'):
        geocoder.geocode("Zzyzx, California")
    assert list(tmp_path.iterdir()) == []  # nothing cached
