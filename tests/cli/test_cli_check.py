"""``legmap check``: names in the table, access stretches, trains off the network, --strict."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pytest
import shapely
from click.testing import CliRunner

from legmap.cli import cli
from legmap.rail.network import RailNetwork

STORY = """title = "Access and gaps"
[places.camp]
name = "Camp"
lat = 43.2
lon = 131.0
kind = "venue"
[places.pier]
name = "Pier"
lat = 43.0
lon = 132.0
kind = "port"
[places.kyiv]
name = "Kyiv"
lat = 50.45
lon = 30.52
[places.cove]
name = "Cove"
lat = 45.0
lon = 140.0
kind = "port"
[[journeys]]
id = "j"
[[journeys.legs]]
from = "camp"
to = "pier"
mode = "train"
[[journeys.legs]]
from = "pier"
to = "kyiv"
mode = "train"
[[journeys.legs]]
from = "camp"
to = "kyiv"
mode = "distance"
claim = "6,000 km"
[[journeys.legs]]
from = "camp"
to = "cove"
mode = "distance"
claim = "750 km"
"""


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    """A story and a network: West -- 100 km -- East, and Isle on its own."""
    pts = {"west": (131.0, 43.0), "east": (132.0, 43.0), "isle": (140.0, 45.0)}
    nodes = gpd.GeoDataFrame(
        {"name": ["West", "East", "Isle"], "is_station": [True] * 3, "place_id": [None] * 3},
        geometry=[shapely.Point(p) for p in pts.values()], index=list(pts), crs="EPSG:4326",
    )  # fmt: skip
    edges = gpd.GeoDataFrame(
        {"u": ["west"], "v": ["east"], "length_km": [100.0], "length_source": ["published"],
         "line": ["test"]},
        geometry=[shapely.LineString([pts["west"], pts["east"]])], crs="EPSG:4326",
    )  # fmt: skip
    rail = tmp_path / "two.gpkg"
    RailNetwork.from_frames(nodes, edges, name="two towns").save(rail)
    story = tmp_path / "acc.toml"
    story.write_text(STORY, encoding="utf-8")
    return story, rail


ONLY = "--no-embedded-rail"


def test_check_reports_access_gaps_and_warns(files: tuple[Path, Path]) -> None:
    story, rail = files
    # --no-embedded-rail: the two-town network alone (else it extends the embedded one)
    result = CliRunner().invoke(cli, ["check", str(story), "--rail", str(rail), ONLY])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        f"{story}: valid: 1 journeys, 4 legs, 0 events, 4 places",
        "journey  leg  mode      certainty  from  to    distance",
        "j        0    train     confirmed  Camp  Pier  "
        "122 km by rail (incl. 22 km to/from stations)",
        "j        1    train     confirmed  Pier  Kyiv  not routed (straight line)",
        "j        2    distance  confirmed  Camp  Kyiv  7,101 km",
        "j        3    distance  confirmed  Camp  Cove  747 km",
        "access stretches:",
        "  j[0]: Camp is 22 km from its station, West: that stretch is drawn as a straight line "
        "and counted in the rail distance",
        "claims:",
        "  j[2] Camp -> Kyiv: claim 6,000 km / 3,728 mi; straight line 7,101 km / 4,412 mi "
        "(claim -16%); no rail data: matches neither",
        "  j[3] Camp -> Cove: claim 750 km / 466 mi; straight line 747 km / 464 mi "
        "(claim +0%); no rail connection: matches the straight line",
    ]
    assert result.stderr.splitlines() == [
        f"legmap: warning: {story}: journeys[0].legs[1]: train Pier -> Kyiv drawn as a straight "
        "line, not on the rail network: no station within 50 km of Kyiv in rail network "
        "'two towns'; nearest station: West, 7,117 km; add coverage: legmap rail fetch REGION "
        "-o region.osm.pbf, then legmap rail import region.osm.pbf -o region.gpkg, then build "
        'with --rail region.gpkg (or rail = "region.gpkg" in the story)'
    ]


def test_strict_makes_the_warning_an_error(files: tuple[Path, Path], tmp_path: Path) -> None:
    story, rail = files
    result = CliRunner().invoke(cli, ["check", str(story), "--rail", str(rail), ONLY, "--strict"])
    assert result.exit_code == 2
    assert result.stdout == ""
    (line,) = result.stderr.splitlines()
    assert line.startswith(
        f"legmap: error: {story}: journeys[0].legs[1]: train Pier -> Kyiv is not on the rail "
        "network: no station within 50 km of Kyiv"
    )
    # strict = true in the story does the same
    strict = tmp_path / "strict.toml"
    strict.write_text("strict = true\n" + STORY, encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", str(strict), "--rail", str(rail), ONLY])
    assert result.exit_code == 2
    assert "is not on the rail network" in result.stderr


def test_vnukovo_claim_checks_without_a_traceback(tmp_path: Path) -> None:
    story = tmp_path / "vko.toml"
    story.write_text(
        'title = "t"\n[[journeys]]\nid = "j"\n[[journeys.legs]]\nfrom = "Vnukovo"\n'
        'to = "Moscow"\nmode = "distance"\nclaim = "30 km"\n',
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli, ["check", str(story)])
    assert result.exit_code == 0, result.output
    claim = result.stdout.splitlines()[-1]
    assert claim.startswith(
        "  j[0] Vnukovo International Airport -> Moscow: claim 30 km / 19 mi; "
        "straight line 29 km / 18 mi (claim +5%); by rail "
    )
    assert "to/from stations" in claim
    assert claim.endswith(": matches the straight line")
    assert "access stretches:" in result.stdout
