"""Track gauge: carried from the files into the edges, and the breaks a route records."""

from __future__ import annotations

from pathlib import Path

import pytest

from legmap.errors import DataError
from legmap.rail._gauge import GaugeChange, gauge_breaks, parse_gauge, parse_osm_gauge
from legmap.rail.network import RailNetwork

STOPS = [(0.0, 0.0), (0.0, 0.0)]


@pytest.fixture(scope="module")
def net() -> RailNetwork:
    return RailNetwork.load()


def _breaks(net: RailNetwork, a: str, b: str) -> list[str]:
    return [str(x) for x in net.route(STOPS, stop_ids=[a, b]).gauge_breaks]


def test_every_embedded_edge_has_its_lines_gauge(net: RailNetwork) -> None:
    gauges = net.edges.groupby("line_id")["gauge"].agg(set)
    assert all(len(g) == 1 for g in gauges)
    assert gauges["pyongra"] == {"1435"}
    assert gauges["khasan-rajin"] == {"1435/1520"}
    assert gauges["hanoi-dong-dang"] == {"1000/1435"}
    assert gauges["bam"] == {"1520"}
    assert net.edges["gauge"].notna().all()


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        # the train reaches Khasan on standard gauge; Russian track starts there
        ("pyongyang-station", "vladivostok-station", ["Khasan: 1,435 -> 1,520 mm"]),
        ("moscow-yaroslavsky-station", "beijing-station", ["Erenhot: 1,520 -> 1,435 mm"]),
        ("krakow-glowny", "kyiv-pasazhyrskyi", ["Przemyśl Główny: 1,435 -> 1,520 mm"]),
        ("pyongyang-station", "beijing-station", []),  # standard gauge all the way
        ("chelm", "kyiv-pasazhyrskyi", []),  # starts on dual-gauge track
        ("beijing-station", "gia-lam", []),  # dual 1,000/1,435 mm into Vietnam
        ("vladivostok-station", "moscow-yaroslavsky-station", []),
    ],
)
def test_routes_record_where_the_gauge_really_changes(
    net: RailNetwork, a: str, b: str, expected: list[str]
) -> None:
    assert _breaks(net, a, b) == expected


def test_a_break_carries_where_and_from_to(net: RailNetwork) -> None:
    route = net.route(STOPS, stop_ids=["pyongyang-station", "vladivostok-station"])
    (brk,) = route.gauge_breaks
    khasan = net.nodes.geometry["khasan"]
    assert (brk.node, brk.name, brk.from_gauge, brk.to_gauge) == (
        "khasan", "Khasan", (1435,), (1520,),
    )  # fmt: skip
    assert (brk.lon, brk.lat) == (khasan.x, khasan.y)
    assert route.end_gauge == (1520,)


def test_the_gauge_the_train_arrives_on_counts(net: RailNetwork) -> None:
    # Pyongyang -> Khasan ends on dual-gauge track, on 1,435 mm: the next leg
    # leaves Khasan on Russian track, so the change is at its first station.
    first = net.route(STOPS, stop_ids=["pyongyang-station", "khasan"])
    assert first.gauge_breaks == ()
    assert first.end_gauge == (1435,)
    second = net.route(STOPS, stop_ids=["khasan", "ussuriysk"], gauge=first.end_gauge)
    assert [str(b) for b in second.gauge_breaks] == ["Khasan: 1,435 -> 1,520 mm"]
    alone = net.route(STOPS, stop_ids=["khasan", "ussuriysk"])
    assert alone.gauge_breaks == ()


def test_gauge_rules() -> None:
    assert parse_gauge([1520, 1435, 1520]) == (1435, 1520)
    assert parse_gauge(float("nan")) == ()
    for bad in (True, 0, 5000, "1435mm", [1435, "x"]):
        with pytest.raises(ValueError, match="not a track gauge"):
            parse_gauge(bad)
    assert parse_osm_gauge("1435;1520") == (1435, 1520)
    assert parse_osm_gauge("1,524") == (1524,)
    assert parse_osm_gauge("broad") == ()
    # 1,520 and 1,524 mm run the same trains; unknown track is no evidence
    run = [(1524,), (), (1520,), (1435, 1520), (1435,)]
    assert gauge_breaks(run) == [GaugeChange(4, (1520,), (1435,))]


def test_a_bad_gauge_in_a_network_file_is_named(tmp_path: Path) -> None:
    toml = tmp_path / "n.toml"
    toml.write_text(
        '[[stations]]\nid = "a"\nnames = { en = "A" }\nlon = 0\nlat = 0\n'
        '[[stations]]\nid = "b"\nnames = { en = "B" }\nlon = 1\nlat = 0\n'
        '[[lines]]\nid = "l"\ngauge = "metre"\npath = [{ station = "a" }, { station = "b" }]\n',
        encoding="utf-8",
    )
    with pytest.raises(DataError) as info:
        RailNetwork.load(toml)
    assert info.value.spot == "lines[0].gauge"
    assert "'metre' is not a track gauge in mm" in str(info.value)


def test_gauge_survives_a_geopackage_and_old_files_read_as_unknown(
    net: RailNetwork, tmp_path: Path
) -> None:
    path = tmp_path / "n.gpkg"
    net.save(path)
    again = RailNetwork.load(path)
    assert again.edges["gauge"].tolist() == net.edges["gauge"].tolist()
    assert again.edges["line_id"].tolist() == net.edges["line_id"].tolist()
    old = RailNetwork.from_frames(
        net.nodes, net.edges.drop(columns=["gauge", "line_id"]), name="old"
    )
    assert old.edges["gauge"].isna().all()
    assert old.edges["line_id"].tolist() == net.edges["line"].tolist()
    assert (
        old.route(STOPS, stop_ids=["pyongyang-station", "vladivostok-station"]).gauge_breaks == ()
    )
    bad = net.edges.copy()
    bad.loc[3, "gauge"] = "wide"
    with pytest.raises(DataError, match=r"edges\[3\]\.gauge|'wide'"):
        RailNetwork.from_frames(net.nodes, bad, name="bad")
