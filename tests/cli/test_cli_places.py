from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from legmap.cli import cli

KEYS = {"id", "name", "lat", "lon", "kind", "country", "source"}


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
    assert header.split() == ["id", "name", "lat", "lon", "kind", "country", "source"]
    assert first.startswith("pyongyang-sunan-airport")
    assert "평양국제비행장" in first


def test_no_match_is_one_line_exit_2(run):
    result = run("Vladivostock")
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("legmap: error: no place called 'Vladivostock'")
    assert "did you mean" in lines[0]
    assert "Traceback" not in result.output


def test_help_has_examples(run):
    result = run("--help")
    assert result.exit_code == 0
    assert "Examples:" in result.output
    assert '  legmap places "Moscow, US" --json' in result.output


def test_bad_limit(run):
    assert run("Moscow", "--limit", "0").exit_code == 2
