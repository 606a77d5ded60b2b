"""``legmap draft`` on the command line: output, empty articles, unreadable files."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from legmap.cli import cli
from legmap.draft import _morph
from legmap.story import load_story, parse_story

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "geo" / "articles" / "kim-putin-2023.ar.txt"  # copy of shared/seed


def test_draft_writes_a_story_that_passes_check(tmp_path: Path) -> None:
    out = tmp_path / "kim.toml"
    result = CliRunner().invoke(cli, ["draft", str(SEED), "--date", "2023-09", "-o", str(out)])
    assert result.exit_code == 0, result.output
    story = load_story(out)
    assert story.lang == "ar"
    assert "# check:" in out.read_text(encoding="utf-8")
    assert "legmap draft:" in result.stderr
    check = CliRunner().invoke(cli, ["check", str(out)])
    assert check.exit_code == 0, check.output


def test_draft_reads_stdin() -> None:
    text = "Kim Jong-un travelled by train from Pyongyang to Vladivostok.\n"
    result = CliRunner().invoke(cli, ["draft", "-", "--lang", "en"], input=text)
    assert result.exit_code == 0, result.output
    story = parse_story(result.stdout)
    leg = story.journeys[0].legs[0]
    assert (leg.from_, leg.to, leg.mode) == ("pyongyang", "vladivostok", "train")


def test_empty_article_exits_0_with_a_note(tmp_path: Path) -> None:
    article = tmp_path / "empty.txt"
    article.write_text("The weather was fine and nobody went anywhere.\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["draft", str(article)])
    assert result.exit_code == 0
    assert "no journey, event or distance claim found" in result.stdout
    assert "nothing to map" in result.stderr


@pytest.mark.parametrize("data", [b"\x00\x01\x02binary", "Пхеньян".encode("cp1251")])
def test_binary_or_not_utf8_exits_2_with_one_line(tmp_path: Path, data: bytes) -> None:
    article = tmp_path / "bad.txt"
    article.write_bytes(data)
    result = CliRunner().invoke(cli, ["draft", str(article)])
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"legmap: error: {article}: ")


def test_missing_extra_names_the_install_command(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pymorphy3", None)
    _morph._analyzer.cache_clear()
    result = CliRunner().invoke(cli, ["draft", "-"], input="Путин прилетел в Пхеньян.\n")
    _morph._analyzer.cache_clear()
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert 'pip install "legmap[draft]"' in lines[0]


def test_a_train_off_the_network_is_drafted_as_a_train_that_check_warns_about(
    tmp_path: Path,
) -> None:
    out = tmp_path / "king.toml"
    text = "The king took the train from Lisbon to Madrid on 3 May 2024.\n"
    result = CliRunner().invoke(cli, ["draft", "-", "-o", str(out)], input=text)
    assert result.exit_code == 0, result.output
    drafted = out.read_text(encoding="utf-8")
    assert 'mode = "train"' in drafted
    assert "# check: not on the embedded rail network (no station within" in drafted
    check = CliRunner().invoke(cli, ["check", str(out)])
    assert check.exit_code == 0, check.output
    assert "legmap: warning:" in check.stderr


def test_help_shows_an_example_for_each_language_stdin_date_and_out() -> None:
    result = CliRunner().invoke(cli, ["draft", "--help"])
    assert result.exit_code == 0
    for part in [".ar.txt", ".en.txt", ".ru.txt", ".ko.txt", "legmap draft -", "--date", "-o"]:
        assert part in result.output, part
