"""``legmap example``, the command list, help examples a pip user can run, missing extras."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from legmap._data import geo_path
from legmap.cli import _COMMANDS, _SUMMARIES, cli

SEED = geo_path("stories", "kim-putin-2023.toml")


def run(*args: str) -> click.testing.Result:
    return CliRunner().invoke(cli, list(args))


def test_example_writes_the_seed_story_where_asked(tmp_path: Path) -> None:
    result = run("example", "-o", str(tmp_path / "ex"))
    assert result.exit_code == 0, result.output
    written = tmp_path / "ex" / "kim-putin-2023.toml"
    assert result.stdout == f"{written}\n"
    assert written.read_bytes() == SEED.read_bytes()
    # ... and it is a story the other commands take, as the help says.
    checked = run("check", str(written))
    assert checked.exit_code == 0, checked.output
    assert "7 legs" in checked.output


def test_example_defaults_to_the_current_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert run("example").exit_code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kim-putin-2023.toml"]


def test_example_list_and_all(tmp_path: Path) -> None:
    names = run("example", "--list").stdout.split()
    assert names[0] == "kim-putin-2023"  # the seed story first
    shipped = [p.stem for p in SEED.parent.iterdir() if p.suffix in {".toml", ".csv"}]
    assert sorted(names) == sorted(shipped)
    result = run("example", "--all", "-o", str(tmp_path))
    assert result.exit_code == 0
    assert sorted(p.stem for p in tmp_path.iterdir()) == sorted(names)


def test_unknown_example_is_one_line_with_suggestions(tmp_path: Path) -> None:
    result = run("example", "kim-putin", "-o", str(tmp_path))
    assert result.exit_code == 2
    assert result.stderr.startswith(
        "legmap: error: no example story 'kim-putin' (did you mean: kim-putin-2023?); "
        "examples: kim-putin-2023"
    )
    assert len(result.stderr.splitlines()) == 1
    assert list(tmp_path.iterdir()) == []


def test_example_into_a_file_is_one_line(tmp_path: Path) -> None:
    blocker = tmp_path / "ex"
    blocker.write_text("not a folder", encoding="utf-8")
    result = run("example", "-o", str(blocker))
    assert result.exit_code == 2
    assert result.stderr.startswith("legmap: error: ")
    assert len(result.stderr.splitlines()) == 1


# ----------------------------------------------------------- the command list


def test_the_command_list_matches_each_commands_help() -> None:
    assert set(_SUMMARIES) == set(_COMMANDS)
    for name, target in _COMMANDS.items():
        module, attr = target.split(":")
        command = getattr(importlib.import_module(module), attr)
        assert _SUMMARIES[name] == command.get_short_help_str(limit=1000), name
    listing = run("--help").output.split("Commands:", 1)[1]
    assert re.findall(r"^  (\w+) ", listing, flags=re.M) == sorted(_COMMANDS)


# ------------------------------------------------ help examples for pip users


def _helps() -> dict[str, str]:
    out = {"legmap": run("--help").output}
    for name in _COMMANDS:
        out[name] = run(name, "--help").output
    for sub in ("import", "fetch"):
        out[f"rail {sub}"] = run("rail", sub, "--help").output
    return out


@pytest.mark.parametrize(
    "name",
    [
        "legmap", "build", "example", "distance", "places", "rail", "rail import",
        "rail fetch", "draft", "check",
    ],
)  # fmt: skip
def test_help_examples_need_no_checkout(name: str) -> None:
    # geo/ exists in a checkout only; a pip user gets the seed story from `legmap example`.
    text = _helps()[name]
    examples = [ln.strip() for ln in text.split("Examples:", 1)[-1].splitlines()]
    commands = [ln for ln in examples if ln.startswith("legmap ")]
    assert commands, "every command shows examples"
    assert [c for c in commands if "geo/" in c] == []
    if any("ex/kim-putin-2023.toml" in c for c in commands):  # where that file comes from
        assert "legmap example -o ex" in text


def test_readme_commands_need_no_checkout() -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    commands = [ln for block in readme.split("```")[1::2] for ln in block.splitlines()]
    assert not [c for c in commands if "legmap" in c and "geo/" in c]


# --------------------------------------------------------------- missing extras


def test_rail_import_without_the_osm_extra_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(__import__("sys").modules, "osmium", None)  # as if not installed
    result = run("rail", "import", str(tmp_path / "x.osm.pbf"), "-o", str(tmp_path / "y.gpkg"))
    assert result.exit_code == 2
    assert result.output == (
        "legmap: error: this needs the osm extra (osmium is not installed): "
        'pip install "legmap[osm]"\n'
    )
    assert list(tmp_path.iterdir()) == []
