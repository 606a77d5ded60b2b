"""Stories from a spreadsheet: one leg per row builds the same legs as the TOML story."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

import legmap
from legmap.cli import cli
from legmap.errors import StoryError
from legmap.story import load_story

# The legs table columns a CSV story must reproduce exactly (geometry compared apart).
SAME = ["journey", "journey_title", "seq", "mode", "certainty", "from_id", "to_id", "from_name",
        "to_name", "date", "label", "source", "routed", "verdict"]  # fmt: skip


def _seed_as_csv(seed_path: Path, out: Path, *, delimiter: str = ",") -> Path:
    """The seed story's legs, one per row, as a newsroom spreadsheet would hold them."""
    story = load_story(seed_path)
    with out.open("w", encoding="utf-8-sig", newline="") as fh:  # Excel writes a BOM
        writer = csv.writer(fh, delimiter=delimiter)
        writer.writerow(["Journey", "Journey title", "From", "To", "Mode", "Via", "Date",
                         "Certainty", "Label", "Label_AR", "Source", "Claim"])  # fmt: skip
        for journey in story.journeys:
            for leg in journey.legs:
                writer.writerow([
                    journey.id, story.text(journey.title, "en"), leg.from_, leg.to, leg.mode,
                    ";".join(leg.via), leg.date or "", story.leg_certainty(journey, leg),
                    story.text(leg.label, "en") or "", (leg.label or {}).get("ar", ""),
                    leg.source or "", leg.claim or "",
                ])  # fmt: skip
    return out


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_a_csv_of_the_seed_legs_builds_the_same_legs(
    seed_path: Path, tmp_path: Path, delimiter: str
) -> None:
    path = _seed_as_csv(seed_path, tmp_path / "kim-legs.csv", delimiter=delimiter)
    from_toml = legmap.build(seed_path, lang="en").legs
    from_csv = legmap.build(path, lang="en").legs
    assert len(from_csv) == len(from_toml) == 7
    pd.testing.assert_frame_equal(
        from_csv[SAME].reset_index(drop=True), from_toml[SAME].reset_index(drop=True)
    )
    assert list(from_csv.geometry.geom_equals_exact(from_toml.geometry, 1e-9)) == [True] * 7
    for col in ("length_km", "claim_km", "straight_km", "rail_km"):
        pd.testing.assert_series_equal(from_csv[col], from_toml[col])
    # Translations came along: the same legs in Arabic.
    arabic = legmap.build(path, lang="ar").legs
    assert list(arabic["label"]) == list(legmap.build(seed_path, lang="ar").legs["label"])


def test_check_and_build_read_csv(seed_path: Path, tmp_path: Path) -> None:
    path = _seed_as_csv(seed_path, tmp_path / "legs.csv")
    runner = CliRunner()
    checked = runner.invoke(cli, ["check", str(path)])
    assert checked.exit_code == 0, checked.output
    assert "4 journeys, 7 legs" in checked.output
    built = runner.invoke(cli, ["build", str(path), "-o", str(tmp_path / "maps")])
    assert built.exit_code == 0, built.output
    assert sorted(p.name for p in (tmp_path / "maps").iterdir()) == [
        "legs.alt.txt", "legs.embed.html", "legs.geojson", "legs.html",
    ]  # fmt: skip


def _csv(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "legs.csv"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("journey,from,to,mode\nj,Pyongyang,Vladivostok,train\nj,Vladivostok,Moscow,bus\n",
         "legs.csv:3: column 'mode': 'bus' is not one of"),
        ("journey,from,to,date\nj,Pyongyang,Vladivostok,2023-13\n",
         "legs.csv:2: column 'date': '2023-13' is not a real date"),
        ("journey,from,to,mood\nj,Pyongyang,Vladivostok,train\n",
         "legs.csv:1: unknown column 'mood'"),
        ("journey,from,mode\nj,Pyongyang,train\n", "legs.csv:1: missing column 'to'"),
        ("journey,from,to\n", "legs.csv: no legs"),
        ("", "legs.csv: empty file"),
    ],
)  # fmt: skip
def test_csv_errors_name_the_line_and_column(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(StoryError) as err:
        load_story(_csv(tmp_path, text))
    assert str(err.value).startswith(str(tmp_path / message))


def test_a_build_error_names_the_row(tmp_path: Path) -> None:
    path = _csv(tmp_path, "from,to\nMoscow,Pyongyang\nPyongyang,Vladivostk\n")
    result = CliRunner().invoke(cli, ["build", str(path), "-o", str(tmp_path / "m")])
    assert result.exit_code == 2
    assert f"legmap: error: {path}:3: column 'to': no place called 'Vladivostk'" in result.stderr


def test_journey_names_become_ids_and_titles(tmp_path: Path) -> None:
    path = _csv(tmp_path, "journey,from,to,mode\nShoigu's trip,Moscow,Pyongyang,flight\n,A,B,\n")
    story = load_story(path)
    assert [j.id for j in story.journeys] == ["shoigu-s-trip", "journey"]
    assert story.text(story.journeys[0].title) == "Shoigu's trip"
    assert story.text(story.title) == "legs"
