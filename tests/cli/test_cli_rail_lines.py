"""``legmap rail lines``: every line of the active networks, as a table or JSON."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from legmap.cli import cli

NETWORK = """name = "tiny"

[[stations]]
id = "a"
names = { en = "Aville" }
lon = 10.0
lat = 50.0

[[stations]]
id = "b"
names = { en = "Beetown" }
lon = 10.5
lat = 50.0

[[stations]]
id = "c"
names = { en = "Ceeburg" }
lon = 11.0
lat = 50.0

[[lines]]
id = "ab"
name = "A-B line"
gauge = 1435
path = [{ station = "a", km = 0 }, [10.25, 50.05], { station = "b", km = 38.5 }]

[[lines]]
id = "bc"
name = "B-C border line"
gauge = [1520, 1435]
path = [{ station = "b", km = 0 }, { station = "c" }]
"""


def run(*args: str):
    return CliRunner().invoke(cli, ["rail", "lines", *args])


def test_lines_of_a_network_file_alone_exact_output(tmp_path: Path) -> None:
    path = tmp_path / "tiny.toml"
    path.write_text(NETWORK, encoding="utf-8")
    result = run("--rail", str(path), "--no-embedded-rail")
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "network  id  name             km    gauge           source\n"
        "tiny     ab  A-B line         38.5  1,435 mm        published\n"
        "tiny     bc  B-C border line  35.8  1,435/1,520 mm  geodesic\n"
        "2 lines, 74 km\n"
    )
    data = json.loads(run("--rail", str(path), "--no-embedded-rail", "--json").stdout)
    assert data == [
        {"network": "tiny", "id": "ab", "name": "A-B line", "km": 38.5, "gauge_mm": [1435],
         "source": "published", "km_by_source": {"published": 38.5}},
        {"network": "tiny", "id": "bc", "name": "B-C border line", "km": 35.8,
         "gauge_mm": [1435, 1520], "source": "geodesic", "km_by_source": {"geodesic": 35.8}},
    ]  # fmt: skip


def test_embedded_lines_and_an_extension() -> None:
    result = run()
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[-1] == "37 lines, 27,811 km"
    assert lines[1].split() == ["embedded", "tsr-yaroslavl", "Trans-Siberian", "957.0",
                                "1,520", "mm", "published"]  # fmt: skip
    assert any(
        ln.split()[:2] == ["embedded", "tsr-kirov-vladivostok"]
        and ln.endswith("mixed: published 5,925, prorated 2,417")
        for ln in lines
    )
    khasan = next(ln for ln in lines if " khasan-rajin " in ln)
    assert khasan.split()[-4:] == ["54.0", "1,435/1,520", "mm", "published"]


def test_embedded_plus_a_file_lists_both(tmp_path: Path) -> None:
    path = tmp_path / "tiny.toml"
    path.write_text(NETWORK, encoding="utf-8")
    data = json.loads(run("--rail", str(path), "--json").stdout)
    assert [d["network"] for d in data].count("embedded") == 37
    assert [d["id"] for d in data if d["network"] == "tiny"] == ["ab", "bc"]


def test_no_network_at_all_is_one_error_line() -> None:
    result = run("--no-embedded-rail")
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "legmap: error: no rail network: give a network file (--rail) or keep the embedded one"
    ]
