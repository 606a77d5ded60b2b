"""The command line as a user meets it: `legmap`, `check`, `build`."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from legmap import __version__
from legmap.cli import cli


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def _write(tmp_path: Path, text: str, name: str = "story.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


UNKNOWN_PLACE = """title = "t"
[[journeys]]
id = "j"
[[journeys.legs]]
from = "Pyongyang"
to = "Vladivostok"
mode = "train"
[[journeys.legs]]
from = "Vladivostok"
to = "Moskow"
mode = "flight"
"""


def test_version(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["--version"])
    assert result.exit_code == 0
    assert result.output == f"legmap, version {__version__}\n"


def test_help_lists_commands_with_examples(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["--help"])
    assert result.exit_code == 0
    for command in ("build", "check", "distance", "places", "rail"):
        assert re.search(rf"^  {command}\b", result.output, re.MULTILINE), command
    assert "legmap build ex/kim-putin-2023.toml -o maps" in result.output
    for command in ("build", "check", "distance", "places"):
        sub = runner.invoke(cli, [command, "--help"])
        assert sub.exit_code == 0
        assert "Example" in sub.output, command


def test_check_seed_story(runner: CliRunner, seed_path: Path) -> None:
    result = runner.invoke(cli, ["check", str(seed_path)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == f"{seed_path}: valid: 4 journeys, 7 legs, 4 events, 8 places"
    assert lines[1].split() == ["journey", "leg", "mode", "certainty", "from", "to", "distance"]
    assert lines[2].split()[:6] == [
        "kim-visit",
        "0",
        "train",
        "expected",
        "Pyongyang",
        "Vladivostok",
    ]
    assert lines[2].endswith("km by rail")
    claim = lines[-1]
    match = re.fullmatch(
        r"  claim-check\[0\] Vladivostok -> Vostochny Cosmodrome: claim 1,529 km / 950 mi; "
        r"straight line 1,012 km / (\d+) mi \(claim \+51%\); "
        r"by rail ([\d,]+) km / [\d,]+ mi \(claim -\d%\): matches the rail distance",
        claim,
    )
    assert match, claim
    assert abs(int(match[1]) - 628) <= 1  # "about 628 mi" as the crow flies
    assert abs(int(match[2].replace(",", "")) - 1600) <= 80  # ~1,600 km by rail


def test_check_unknown_place(runner: CliRunner, tmp_path: Path) -> None:
    path = _write(tmp_path, UNKNOWN_PLACE)
    result = runner.invoke(cli, ["check", str(path)])
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"legmap: error: {path}: journeys[0].legs[1].to: ")
    assert "Moskow" in lines[0]
    assert "Moscow" in lines[0]  # a suggestion
    assert "Traceback" not in result.output


def test_check_malformed_toml(runner: CliRunner, tmp_path: Path) -> None:
    path = _write(tmp_path, 'title = "t"\n[[journeys]]\nid = "j"\nfrom = Pyongyang\n')
    result = runner.invoke(cli, ["check", str(path)])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"legmap: error: {path}:4: TOML syntax error: ")
    assert len(result.stderr.splitlines()) == 1


def test_check_missing_file(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(cli, ["check", str(tmp_path / "nope.toml")])
    assert result.exit_code == 2
    assert result.stderr == f"legmap: error: {tmp_path / 'nope.toml'}: story file not found\n"


def test_build_geojson(runner: CliRunner, seed_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "maps"
    result = runner.invoke(cli, ["build", str(seed_path), "-o", str(out), "--format", "geojson"])
    assert result.exit_code == 0, result.output
    target = out / "kim-putin-2023.geojson"
    assert re.fullmatch(rf"wrote {re.escape(str(target))} \(\d+ KB\)\n", result.stdout)
    assert "routing 7 legs" in result.stderr  # progress goes to stderr
    doc = json.loads(target.read_text(encoding="utf-8"))
    assert doc["type"] == "FeatureCollection"


def test_build_defaults_to_html_and_geojson(
    runner: CliRunner, seed_path: Path, tmp_path: Path
) -> None:
    out = tmp_path / "maps"
    result = runner.invoke(cli, ["build", str(seed_path), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == [
        "kim-putin-2023.alt.txt",
        "kim-putin-2023.embed.html",
        "kim-putin-2023.geojson",
        "kim-putin-2023.html",
    ]


def test_build_bad_story_writes_nothing(runner: CliRunner, tmp_path: Path) -> None:
    path = _write(tmp_path, UNKNOWN_PLACE)
    out = tmp_path / "maps"
    result = runner.invoke(cli, ["build", str(path), "-o", str(out)])
    assert result.exit_code == 2
    assert "journeys[0].legs[1].to" in result.stderr
    assert not out.exists()


def test_build_unknown_format(runner: CliRunner, seed_path: Path, tmp_path: Path) -> None:
    result = runner.invoke(cli, ["build", str(seed_path), "-o", str(tmp_path), "--format", "gif"])
    assert result.exit_code == 2
    assert result.stderr == (
        "legmap: error: unknown format 'gif' (use any of: html, geojson, png, svg, pdf)\n"
    )


def test_build_impossible_route(runner: CliRunner, tmp_path: Path) -> None:
    # A train to Honolulu: drawn as a straight line with a warning; an error with --strict.
    path = _write(
        tmp_path,
        'title = "t"\n[places.x]\nname = "Honolulu"\nlat = 21.3\nlon = -157.86\n'
        '[[journeys]]\nid = "j"\n[[journeys.legs]]\n'
        'from = "Vladivostok"\nto = "x"\nmode = "train"\n',
    )
    result = runner.invoke(
        cli, ["build", str(path), "-o", str(tmp_path / "maps"), "--format", "geojson"]
    )
    assert result.exit_code == 0, result.output
    warning = f"legmap: warning: {path}: journeys[0].legs[0]: train Vladivostok -> Honolulu drawn"
    assert next(x for x in result.stderr.splitlines() if "warning" in x).startswith(warning)
    assert (tmp_path / "maps" / "story.geojson").exists()
    result = runner.invoke(cli, ["build", str(path), "-o", str(tmp_path / "strict"), "--strict"])
    assert result.exit_code == 2
    *progress, error = result.stderr.splitlines()
    assert progress == [f"reading {path}", "resolving places and routing 1 leg"]
    assert error.startswith(
        f"legmap: error: {path}: journeys[0].legs[0]: train Vladivostok -> Honolulu is not on "
        "the rail network: no station within 50 km of Honolulu"
    )
    assert not (tmp_path / "strict").exists()


def test_build_bad_tiles_fails_before_any_work(
    runner: CliRunner, seed_path: Path, tmp_path: Path
) -> None:
    result = runner.invoke(
        cli, ["build", str(seed_path), "-o", str(tmp_path / "m"), "--tiles", "Foo"]
    )
    assert result.exit_code == 2
    assert result.stderr.startswith("legmap: error: unknown tiles 'Foo'")
    assert "reading" not in result.stderr  # nothing was read or routed
    assert not (tmp_path / "m").exists()


def test_missing_rail_network_names_the_story_field(runner: CliRunner, tmp_path: Path) -> None:
    path = _write(tmp_path, 'rail = "nets/nope.gpkg"\n' + UNKNOWN_PLACE)
    result = runner.invoke(cli, ["check", str(path)])
    assert result.exit_code == 2
    assert result.stderr == (
        f"legmap: error: {path}: rail: no rail network file at {tmp_path / 'nets' / 'nope.gpkg'}\n"
    )
