"""What reaches the terminal when things go wrong: one line per problem, exit 2, nothing else.

Issue 16 (items 1, 2, 5, 6) and issue 10 item 7, as a user meets them.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from legmap.cli import cli


class _Runner(CliRunner):
    """Invokes the command as `legmap` (click's default name would be `cli`)."""

    def invoke(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        return super().invoke(*args, prog_name="legmap", **kwargs)


@pytest.fixture
def runner() -> CliRunner:
    return _Runner()


def _write(folder: Path, text: str, name: str = "story.toml") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file()} | {str(p.relative_to(folder)) + "/": b"" for p in folder.rglob("*")
                               if p.is_dir()}  # fmt: skip


LEG = '[[journeys.legs]]\nfrom = "{a}"\nto = "{b}"\nmode = "{mode}"\n'


def _story(*legs: tuple[str, str, str], extra: str = "") -> str:
    return (
        'title = "t"\n'
        + extra
        + '[[journeys]]\nid = "j"\n'
        + "".join(LEG.format(a=a, b=b, mode=m) for a, b, m in legs)
    )


# --- click's own errors look like every other error ------------------------------


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (["build"], "legmap: error: Missing argument 'STORY'. (see 'legmap build --help')"),
        (["nope"], "legmap: error: No such command 'nope'. (see 'legmap --help')"),
        (["--bogus"], "legmap: error: No such option '--bogus'. (see 'legmap --help')"),
        (["check", "s.toml", "--units", "furlong"], "legmap: error: Invalid value for '--units': "
         "'furlong' is not one of 'km', 'mi'. (see 'legmap check --help')"),
    ],
)  # fmt: skip
def test_usage_errors_are_one_line(runner: CliRunner, args: list[str], line: str) -> None:
    result = runner.invoke(cli, args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == line + "\n"


def test_out_is_a_file_and_rail_is_a_folder(runner: CliRunner, seed_path: Path, tmp_path: Path):
    file = _write(tmp_path, "x", "file.txt")
    result = runner.invoke(cli, ["build", str(seed_path), "-o", str(file)])
    assert result.exit_code == 2
    assert result.stderr == (
        f"legmap: error: Invalid value for '-o' / '--out': Directory '{file}' is a file. "
        "(see 'legmap build --help')\n"
    )
    result = runner.invoke(cli, ["check", str(seed_path), "--rail", str(tmp_path)])
    assert result.exit_code == 2
    assert result.stderr == (
        f"legmap: error: Invalid value for '--rail': File '{tmp_path}' is a directory. "
        "(see 'legmap check --help')\n"
    )


def test_no_arguments_still_shows_the_help(runner: CliRunner) -> None:
    result = runner.invoke(cli, [])
    assert "Usage: legmap [OPTIONS] COMMAND" in result.output


# --- every problem, one line each ----------------------------------------------


def test_every_problem_on_its_own_line(runner: CliRunner, tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        _story(("Pyongyang", "Xqzzyville", "train"), ("Moscow", "Москва", "flight"),
               ("Moscow", "Vladivostok", "plane")),
    )  # fmt: skip
    result = runner.invoke(cli, ["check", str(path)])
    assert result.exit_code == 2
    # The mode is checked when the file is read; places only once it is valid.
    assert result.stderr == (
        f"legmap: error: {path}: journeys[0].legs[2].mode: 'plane' is not one of 'train', "
        "'flight', 'distance', 'road', 'sea' or 'unknown'\n"
    )
    path.write_text(path.read_text(encoding="utf-8").replace("plane", "flight"), encoding="utf-8")
    result = runner.invoke(cli, ["check", str(path)])
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"legmap: error: {path}: journeys[0].legs[0].to: no place called 'Xqzzyville'",
        f"legmap: error: {path}: journeys[0].legs[1].to: a leg goes from one place to another, "
        "but 'Moscow' and 'Москва' are the same place (Moscow, moscow)",
    ]


def test_hostile_file_name_stays_on_one_line(runner: CliRunner, tmp_path: Path) -> None:
    name = tmp_path / "a\nlegmap: error: \x1b[31mforged.toml"
    result = runner.invoke(cli, ["check", str(name)])
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert "\x1b" not in result.stderr
    assert result.stderr.endswith("a\\nlegmap: error: \\x1b[31mforged.toml: story file not found\n")


def test_story_text_with_escape_codes_is_refused(runner: CliRunner, tmp_path: Path) -> None:
    path = _write(tmp_path, _story(("Moscow", "Vladivostok", "flight"))
                  .replace('title = "t"', 'title = "\\u001b[2Jt"'))  # fmt: skip
    result = runner.invoke(cli, ["check", str(path)])
    assert result.exit_code == 2
    assert result.stderr == (
        f"legmap: error: {path}: title: text holds a control character ('\\x1b'); remove it\n"
    )


@pytest.mark.parametrize("target", ["/dev/zero", "fifo"])
def test_devices_and_pipes_are_refused(runner: CliRunner, tmp_path: Path, target: str) -> None:
    if target == "fifo":
        target = str(tmp_path / "story.toml")
        os.mkfifo(target)
    elif not Path(target).exists():
        pytest.skip(f"no {target}")
    result = runner.invoke(cli, ["check", target])
    assert result.exit_code == 2
    assert (
        result.stderr == f"legmap: error: {target}: not a regular file (a story is a .toml file)\n"
    )


# --- claims ----------------------------------------------------------------------


def test_claim_between_places_on_one_station(runner: CliRunner, tmp_path: Path) -> None:
    # The university and the pier are 10 km apart; both are served by
    # Vladivostok station.  The claim is checked against the straight line.
    story = _story(("fefu", "pier-33", "distance")).replace(
        'mode = "distance"', 'mode = "distance"\nclaim = "30 km"'
    )
    path = _write(tmp_path, story)
    result = runner.invoke(cli, ["check", str(path)])
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    claim = result.stdout.splitlines()[-1]
    assert claim.startswith("  j[0] Far Eastern Federal University -> Pier 33: claim 30 km")
    assert "matches neither" in claim


def test_claim_between_places_at_one_spot(runner: CliRunner, tmp_path: Path) -> None:
    story = _story(("Moscow", "x", "distance"), extra=(
        '[places.x]\nname = "Moscow again"\nlat = 55.75204\nlon = 37.61781\n'
    )).replace('mode = "distance"', 'mode = "distance"\nclaim = "30 km"')  # fmt: skip
    path = _write(tmp_path, story)
    for command in ("check", "build"):
        result = runner.invoke(
            cli, [command, str(path), *(["-o", str(tmp_path / "m")] if command == "build" else [])]
        )
        assert result.exit_code == 2, result.output
        assert result.stderr.splitlines()[-1] == (
            f"legmap: error: {path}: journeys[0].legs[0].to: a leg goes from one place to "
            "another, but 'Moscow' and 'x' are at the same spot (Moscow, moscow)"
        )


# --- check and build agree -------------------------------------------------------


def test_events_only_story_is_a_map_of_places(runner: CliRunner, tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        'title = "Meetings"\n[[events]]\nplace = "Moscow"\nlabel = "Talks"\n'
        '[[events]]\nplace = "Vladivostok"\nlabel = "Forum"\n',
    )
    result = runner.invoke(cli, ["check", str(path)])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"{path}: valid: 0 journeys, 0 legs, 2 events, 2 places")
    out = tmp_path / "maps"
    result = runner.invoke(
        cli, ["build", str(path), "-o", str(out), "--format", "html,geojson,png,svg",
              "--tiles", "none"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == [
        "story.alt.txt", "story.embed.html", "story.geojson", "story.html", "story.png",
        "story.svg",
    ]  # fmt: skip
    assert (out / "story.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "Moscow" in (out / "story.svg").read_text(encoding="utf-8")


def test_self_loop_is_an_error_in_check_and_build(runner: CliRunner, tmp_path: Path) -> None:
    path = _write(tmp_path, _story(("Pyongyang", "평양", "train")))
    for args in (["check", str(path)], ["build", str(path), "-o", str(tmp_path / "m")]):
        result = runner.invoke(cli, args)
        assert result.exit_code == 2
        assert result.stderr.splitlines()[-1] == (
            f"legmap: error: {path}: journeys[0].legs[0].to: a leg goes from one place to "
            "another, but 'Pyongyang' and '평양' are the same place (Pyongyang, pyongyang)"
        )
    assert not (tmp_path / "m").exists()


def test_a_folder_where_the_png_goes(runner: CliRunner, seed_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "maps"
    out.mkdir()
    for name in ("kim-putin-2023.html", "kim-putin-2023.geojson", "kim-putin-2023.svg"):
        (out / name).write_text(f"an older {name}", encoding="utf-8")
    (out / "kim-putin-2023.png").mkdir()
    before = _snapshot(out)
    result = runner.invoke(
        cli, ["build", str(seed_path), "-o", str(out), "--format", "html,geojson,png,svg"]
    )
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == (
        f"legmap: error: {out / 'kim-putin-2023.png'}: cannot write maps: a folder is in the way"
    )
    assert _snapshot(out) == before


def test_colon_in_the_story_name_builds_html(runner: CliRunner, seed_path: Path, tmp_path: Path):
    story = tmp_path / "kim:putin.toml"
    story.write_bytes(seed_path.read_bytes())
    out = tmp_path / "maps"
    result = runner.invoke(cli, ["build", str(story), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert 'src="kim%3Aputin.html"' in (out / "kim:putin.embed.html").read_text(encoding="utf-8")


def test_embed_suffix_is_refused_by_check_and_build(
    runner: CliRunner, seed_path: Path, tmp_path: Path
) -> None:
    story = tmp_path / "kim.embed.toml"
    story.write_bytes(seed_path.read_bytes())
    for args in (["check", str(story)], ["build", str(story), "-o", str(tmp_path / "m")]):
        result = runner.invoke(cli, args)
        assert result.exit_code == 2
        assert result.stderr.splitlines()[-1] == (
            f"legmap: error: {story}: story file names ending in '.embed.toml' are not allowed: "
            "the maps of kim.embed.toml would overwrite kim.embed.html, the embed snippet of "
            "kim.toml; rename the file"
        )


# --- a story's rail network ------------------------------------------------------


def test_broken_network_of_a_story_names_both_files(runner: CliRunner, tmp_path: Path) -> None:
    net = _write(
        tmp_path,
        'name = "bad"\n[[stations]]\nid = "a"\nnames = { en = "A" }\nlon = 500\nlat = 500\n',
        "net.toml",
    )
    path = _write(tmp_path, 'rail = "net.toml"\n' + _story(("Moscow", "Vladivostok", "train")))
    result = runner.invoke(cli, ["check", str(path)])
    assert result.exit_code == 2
    assert result.stderr == (
        f"legmap: error: {path}: rail: {net}: stations[0]: longitude 500 is not a number "
        "within ±180 degrees\n"
    )


def test_a_via_off_the_network_is_named_at_its_spot(runner: CliRunner, tmp_path: Path) -> None:
    story = _story(("Pyongyang", "Vladivostok", "train")).replace(
        'mode = "train"', 'mode = "train"\nvia = ["Khasan", "Tokyo"]'
    )
    path = _write(tmp_path, story)
    result = runner.invoke(cli, ["check", str(path), "--strict"])
    assert result.exit_code == 2
    assert result.stderr.startswith(
        f"legmap: error: {path}: journeys[0].legs[0].via[1]: train Pyongyang -> Vladivostok "
        "is not on the rail network: no station within 50 km of Tokyo"
    )
