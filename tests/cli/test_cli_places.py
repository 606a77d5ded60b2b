from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from legmap.cli import cli

KEYS = {"id", "name", "lat", "lon", "kind", "country", "region", "source"}


@pytest.fixture
def run():
    runner = CliRunner()

    def _run(*args: str):
        return runner.invoke(cli, ["places", *args])

    return _run


def test_json_has_exact_keys_and_utf8(run):
    result = run("بيونغ يانغ", "--json", "--lang", "ar")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert rows[0]["id"] == "pyongyang"
    assert rows[0]["name"] == "بيونغ يانغ"
    assert all(set(row) == KEYS for row in rows)
    assert "بيونغ" in result.output  # ensure_ascii=False
    assert abs(rows[0]["lat"] - 39.03) < 0.05
    assert abs(rows[0]["lon"] - 125.75) < 0.05


def test_moscow_best_first(run):
    rows = json.loads(run("Moscow", "--json", "--limit", "2").output)
    assert [r["country"] for r in rows] == ["RU", "US"]


def test_table(run):
    result = run("FNJ", "--lang", "ko")
    assert result.exit_code == 0
    header, first = result.output.splitlines()[:2]
    assert header.split() == ["id", "name", "lat", "lon", "kind", "country", "region", "source"]
    assert first.startswith("pyongyang-sunan-airport")
    assert "평양국제비행장" in first


def test_no_match_is_one_line_exit_2(run):
    result = run("Vladivostock")
    assert result.exit_code == 2
    assert result.output == (
        "legmap: error: no place called 'Vladivostock' (did you mean: Vladivostok?)\n"
    )


def test_help_has_examples(run):
    result = run("--help")
    assert result.exit_code == 0
    assert "Examples:" in result.output
    assert '  legmap places "Moscow, US" --json' in result.output


def test_bad_limit(run):
    assert run("Moscow", "--limit", "0").exit_code == 2


def test_regions_in_the_table_and_as_hints(run):
    result = run("Springfield, IL")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[1].split()[:8] == [
        "geonames:4250542", "Springfield", "39.80172", "-89.64371", "city", "US", "Illinois",
        "GeoNames",
    ]  # fmt: skip
    rows = json.loads(run("Pingxiang, Guangxi", "--json").output)
    assert (rows[0]["id"], rows[0]["region"]) == ("geonames:1798655", "Guangxi")


def test_printed_ids_are_queries(run):
    for pid in ("geonames:4409896", "icao:ETAR"):
        rows = json.loads(run(pid, "--json").output)
        assert rows[0]["id"] == pid


def test_usual_english_names(run):
    rows = json.loads(run("Artyom", "--json", "--limit", "1").output)
    assert (rows[0]["id"], rows[0]["name"]) == ("geonames:2027456", "Artyom")


def test_rail_option_lists_imported_stations(run, tmp_path):
    from legmap.rail.network import RailNetwork  # noqa: PLC0415

    path = tmp_path / "net.gpkg"
    RailNetwork.load().save(path)
    rows = json.loads(run("Ledyanaya", "--rail", str(path), "--json").output)
    assert [(r["id"], r["kind"]) for r in rows][:1] == [("ledyanaya", "station")]
    without = run("Ledyanaya")  # the embedded network's stations are not gazetteer places
    assert without.exit_code == 2
