"""``legmap distance``: text and JSON output, errors as one line and exit 2."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from legmap.cli import cli
from legmap.rail.network import RailNetwork


def _run(*args: str):
    return CliRunner().invoke(cli, ["distance", *args])


def test_json_keys_and_values() -> None:
    result = _run("Vladivostok", "Vostochny", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data) == {"from", "to", "straight_km", "rail_km"}
    assert (data["from"], data["to"]) == ("vladivostok", "vostochny-cosmodrome")
    assert data["straight_km"] == pytest.approx(1011, rel=0.01)
    assert data["rail_km"] == pytest.approx(1600, rel=0.05)
    assert data["straight_km"] == round(data["straight_km"], 1)  # one decimal


def test_json_in_miles_keeps_the_km_fields() -> None:
    data = json.loads(_run("Vladivostok", "Vostochny", "--json", "--units", "mi").stdout)
    assert data["straight_mi"] == pytest.approx(628, rel=0.01)  # the article says "about 950 miles"
    assert data["straight_km"] == pytest.approx(1011, rel=0.01)


def test_json_rail_is_null_without_connection() -> None:
    data = json.loads(_run("Pyongyang", "Tokyo", "--json").stdout)
    assert data["rail_km"] is None
    assert data["straight_km"] > 1000


def test_text_output_both_and_one() -> None:
    both = _run("Moscow", "Vladivostok")
    assert both.exit_code == 0
    assert "straight line" in both.stdout
    assert "by rail" in both.stdout
    assert "9,299.0 km" in both.stdout
    air = _run("Moscow", "Vladivostok", "--by", "air", "--units", "mi")
    assert "by rail" not in air.stdout
    assert " mi" in air.stdout
    rail = _run("Pyongyang", "Vladivostok", "--by", "rail")
    assert "straight line:" not in rail.stdout
    assert "Pyongyang Station -> Vladivostok Station" in rail.stdout


def test_unknown_place_is_one_line_and_exit_2() -> None:
    result = _run("Atlantisxyz", "Moscow")
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("legmap: error: no place called 'Atlantisxyz'")


def test_rail_option_reads_a_saved_network(tmp_path) -> None:
    path = tmp_path / "net.gpkg"
    RailNetwork.load().save(path)
    data = json.loads(_run("Vladivostok", "Khabarovsk", "--json", "--rail", str(path)).stdout)
    assert data["rail_km"] == pytest.approx(766, rel=0.03)
    missing = _run("Vladivostok", "Khabarovsk", "--rail", str(tmp_path / "nope.gpkg"))
    assert missing.exit_code == 2
    assert "no rail network file" in missing.stderr


def test_help_has_examples() -> None:
    result = _run("--help")
    assert result.exit_code == 0
    assert "legmap distance Vladivostok Vostochny" in result.stdout
