"""Layered networks: imports that meet at a border, a TOML network on the embedded one."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import numpy as np
import pytest
import shapely
from click.testing import CliRunner

from legmap._geodesic import distance_km
from legmap.cli import cli
from legmap.config import Config
from legmap.errors import DataError
from legmap.legs.build import build_story, load_rail
from legmap.rail.network import JOIN_KM, RailNetwork
from legmap.story import load_story, parse_story

# ------------------------------------------------------------ two OSM extracts
# A line from Westburg (10.0 E) east to Ostdorf (11.0 E) along 50 N, cut at the
# border (10.5 E): the west extract ends there on 1,435 mm track, the east one
# starts there on 1,520 mm track.  Both extracts hold the border node (as
# Geofabrik extracts share the nodes of their overlap) and the border station.

STATION = '<tag k="railway" v="station"/>'


def _node(nid: int, lon: float, lat: float, name: str | None = None) -> str:
    if name is None:
        return f'  <node id="{nid}" version="1" lat="{lat}" lon="{lon}"/>'
    return (
        f'  <node id="{nid}" version="1" lat="{lat}" lon="{lon}">{STATION}'
        f'<tag k="name" v="{name}"/></node>'
    )


def _way(wid: int, refs: list[int], name: str, gauge: int) -> str:
    nds = "".join(f'<nd ref="{r}"/>' for r in refs)
    return (
        f'  <way id="{wid}" version="1">{nds}<tag k="railway" v="rail"/>'
        f'<tag k="name" v="{name}"/><tag k="gauge" v="{gauge}"/></way>'
    )


def _osm(path: Path, nodes: list[str], ways: list[str]) -> Path:
    body = "\n".join([*nodes, *ways])
    path.write_text(
        f'<?xml version="1.0" encoding="UTF-8"?>\n<osm version="0.6" generator="test">\n'
        f"{body}\n</osm>\n",
        encoding="utf-8",
    )
    return path


def _extracts(folder: Path, *, east_start: float, shared: bool) -> tuple[Path, Path]:
    """west.osm and east.osm; `east_start`: where the east track begins (lon)."""
    west_lons = [10.0, 10.1, 10.2, 10.3, 10.4]
    west = _osm(
        folder / "west.osm",
        [
            *(_node(i + 1, lon, 50.0 + 0.01 * (i % 2)) for i, lon in enumerate(west_lons)),
            _node(500, 10.5, 50.0),
            _node(900, 10.0, 50.0005, "Westburg"),
            _node(901, 10.5, 50.0003, "Grenzbahnhof"),
        ],
        [_way(100, [1, 2, 3, 4, 5, 500], "Westbahn", 1435)],
    )
    start = 500 if shared else 600
    east_nodes = [_node(start, east_start, 50.0)]
    east_nodes += [_node(601 + i, lon, 50.0) for i, lon in enumerate([10.7, 10.85, 11.0])]
    east_nodes.append(_node(902, 11.0, 50.0004, "Ostdorf"))
    if shared:
        east_nodes.append(_node(901, 10.5, 50.0003, "Grenzbahnhof"))
    east = _osm(
        folder / "east.osm", east_nodes, [_way(200, [start, 601, 602, 603], "Ostbahn", 1520)]
    )
    return west, east


def _import(osm: Path) -> Path:
    out = osm.with_suffix(".gpkg")
    result = CliRunner().invoke(cli, ["rail", "import", str(osm), "-o", str(out), "--no-progress"])
    assert result.exit_code == 0, result.output
    return out


STORY = """title = "Across the border"
rail = ["west.gpkg", "east.gpkg"]

[[journeys]]
id = "j"

[[journeys.legs]]
from = "Westburg"
to = "Ostdorf"
mode = "train"
"""


@pytest.fixture(scope="module")
def border(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pytest.importorskip("osmium")
    folder = tmp_path_factory.mktemp("border")
    for osm in _extracts(folder, east_start=10.5, shared=True):
        _import(osm)
    (folder / "story.toml").write_text(STORY, encoding="utf-8")
    return folder


def _track_km(lons: list[float]) -> float:
    lon = np.array(lons)
    lat = np.array([50.0 + 0.01 * (i % 2) if x < 10.45 else 50.0 for i, x in enumerate(lons)])
    return float(distance_km(lon[:-1], lat[:-1], lon[1:], lat[1:]).sum())


WHOLE_KM = _track_km([10.0, 10.1, 10.2, 10.3, 10.4, 10.5, 10.7, 10.85, 11.0])


def test_border_crossing_between_two_imports_is_one_continuous_train(border: Path) -> None:
    built = build_story(load_story(border / "story.toml"))
    assert not built.warnings
    (leg,) = built.legs.itertuples()
    assert leg.routed
    assert leg.rail_km == pytest.approx(WHOLE_KM, rel=1e-3)  # ~72 km of track, both sides
    line = leg.geometry
    assert isinstance(line, shapely.LineString)
    xy = np.asarray(line.coords)
    assert xy[0] == pytest.approx((10.0, 50.0), abs=1e-6)
    assert xy[-1] == pytest.approx((11.0, 50.0), abs=1e-6)
    steps = distance_km(xy[:-1, 0], xy[:-1, 1], xy[1:, 0], xy[1:, 1])
    assert steps.max() < 14.5  # no jump: the longest step is the track's own (10.5 -> 10.7 E)
    assert leg.gauge_breaks == "Grenzbahnhof: 1,435 -> 1,520 mm"
    (brk,) = built.gauge_breaks.itertuples()
    assert (brk.from_gauge, brk.to_gauge, brk.seq) == ("1435", "1520", 0)
    assert (brk.geometry.x, brk.geometry.y) == pytest.approx((10.5, 50.0), abs=1e-6)


def test_a_map_on_imported_osm_track_credits_openstreetmap(border: Path) -> None:
    # The ODbL asks for the credit on any map made from OSM data; the embedded
    # network the imports extend keeps its own sources beside it.
    built = build_story(load_story(border / "story.toml"))
    assert built.rail_credit == ("Wikipedia", "GeoNames", "OpenStreetMap contributors (ODbL)")
    west = RailNetwork.load(border / "west.gpkg")
    assert west.attribution == ("OpenStreetMap contributors (ODbL)",)


def test_check_names_the_gauge_change(border: Path) -> None:
    result = CliRunner().invoke(cli, ["check", str(border / "story.toml")])
    assert result.exit_code == 0, result.output
    assert "gauge changes:\n  j[0]: bogies changed at Grenzbahnhof: 1,435 -> 1,520 mm\n" in (
        result.stdout
    )


def test_repeated_rail_options_do_the_same(border: Path) -> None:
    story = border / "bare.toml"
    story.write_text(STORY.replace('rail = ["west.gpkg", "east.gpkg"]\n', ""), encoding="utf-8")
    args = ["--rail", str(border / "west.gpkg"), "--rail", str(border / "east.gpkg")]
    result = CliRunner().invoke(cli, ["check", str(story), *args])
    assert result.exit_code == 0, result.output
    assert "Westburg  Ostdorf  72 km by rail" in result.stdout
    # One import alone does not reach Ostdorf: its name is unknown.
    alone = CliRunner().invoke(cli, ["check", str(story), args[0], args[1]])
    assert alone.exit_code == 2
    assert "Ostdorf" in alone.stderr
    # distance and places see the stations of both imports
    dist = CliRunner().invoke(cli, ["distance", "Westburg", "Ostdorf", "--by", "rail", *args])
    assert dist.exit_code == 0, dist.output
    assert "bogies changed at Grenzbahnhof: 1,435 -> 1,520 mm" in dist.stdout
    places = CliRunner().invoke(cli, ["places", "Grenzbahnhof", "--json", *args])
    assert json.loads(places.stdout)[0]["kind"] == "station"


def test_rail_lines_of_two_imports_exact_output(border: Path) -> None:
    args = ["--rail", str(border / "west.gpkg"), "--rail", str(border / "east.gpkg")]
    result = CliRunner().invoke(cli, ["rail", "lines", *args, "--no-embedded-rail"])
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "network  id        name      km    gauge     source\n"
        "west     Westbahn  Westbahn  36.2  1,435 mm  geodesic\n"
        "east     Ostbahn   Ostbahn   35.8  1,520 mm  geodesic\n"
        "2 lines, 72 km\n"
    )
    with_embedded = CliRunner().invoke(cli, ["rail", "lines", *args, "--json"])
    rows = json.loads(with_embedded.stdout)
    assert [r["network"] for r in rows].count("embedded") == 37
    assert rows[-1] == {
        "network": "east", "id": "Ostbahn", "name": "Ostbahn", "km": 35.8,
        "gauge_mm": [1520], "source": "geodesic", "km_by_source": {"geodesic": 35.8},
    }  # fmt: skip


@pytest.mark.parametrize(
    ("east_start", "routed"),
    [(10.5025, True), (10.53, False)],  # 180 m from the west track's end: joined; 2.1 km: not
)
def test_imports_join_within_join_km_only(tmp_path: Path, east_start: float, routed: bool) -> None:
    pytest.importorskip("osmium")
    gap = float(distance_km(10.5, 50.0, east_start, 50.0))
    assert (gap <= JOIN_KM) == routed
    for osm in _extracts(tmp_path, east_start=east_start, shared=False):
        _import(osm)
    (tmp_path / "story.toml").write_text(STORY, encoding="utf-8")
    built = build_story(load_story(tmp_path / "story.toml"))
    leg = built.legs.iloc[0]
    assert bool(leg["routed"]) is routed
    if routed:  # the join is a straight stretch of its geodesic length
        west = _track_km([10.0, 10.1, 10.2, 10.3, 10.4, 10.5])
        east = _track_km([east_start, 10.7, 10.85, 11.0])
        assert leg["rail_km"] == pytest.approx(west + gap + east, rel=1e-3)
        # the east track's first node is no station: named after the nearest one
        assert leg["gauge_breaks"] == "near Grenzbahnhof: 1,435 -> 1,520 mm"
    else:
        (warning,) = built.warnings
        assert "no rail connection between" in warning.message


# ------------------------------------------------------------ RailNetwork.combine
def _net(name: str, stations: dict[str, tuple[float, float]], gauge: int | None = 1520):
    import geopandas as gpd  # noqa: PLC0415

    ids = list(stations)
    nodes = gpd.GeoDataFrame(
        {"name": [i.title() for i in ids], "is_station": True, "place_id": None},
        geometry=[shapely.Point(p) for p in stations.values()], index=ids, crs="EPSG:4326",
    )  # fmt: skip
    edges = gpd.GeoDataFrame(
        {"u": ids[:-1], "v": ids[1:], "length_km": 10.0, "length_source": "published",
         "line": name, "gauge": gauge},
        geometry=[shapely.LineString([stations[a], stations[b]])
                  for a, b in itertools.pairwise(ids)],
        crs="EPSG:4326",
    )  # fmt: skip
    return RailNetwork.from_frames(nodes, edges, name=name)


def test_combine_merges_same_ids_and_same_named_stations() -> None:
    a = _net("a", {"x": (0.0, 0.0), "y": (0.1, 0.0)})
    # "y" again (same id, same spot: one node); "x" again but 780 km away: renamed "b:x"
    b = _net("b", {"y": (0.1, 0.0), "w": (0.2, 0.0), "x": (5.0, 5.0)})
    both = RailNetwork.combine([a, b])
    assert {"x", "y", "w", "b:x"} == set(both.nodes.index)
    assert both.route([(0, 0), (0, 0)], stop_ids=["x", "w"]).length_km == 20.0
    assert both.route([(0, 0), (0, 0)], stop_ids=["x", "b:x"]).length_km == 30.0
    # a station of another id but the same name, 300 m away: merged, found by its old id
    c = _net("c", {"yy": (0.1027, 0.0), "v": (0.1, 0.1)})
    c.nodes.loc["yy", "name"] = "Y"
    c = RailNetwork.from_frames(c.nodes, c.edges, name="c")
    abc = RailNetwork.combine([a, c])
    assert "yy" not in abc.nodes.index
    assert abc.route([(0, 0), (0, 0)], stop_ids=["x", "yy"]).station_ids == ("x", "y")
    assert abc.route([(0, 0), (0, 0)], stop_ids=["x", "v"]).length_km == 20.0
    assert abc.name == "a+c"
    assert abc.layers == (a, c)


def test_combine_joins_track_ends_and_records_the_gauge_break() -> None:
    west = _net("west", {"w1": (0.0, 0.0), "w2": (0.1, 0.0)}, gauge=1435)
    east = _net("east", {"e1": (0.103, 0.0), "e2": (0.2, 0.0)}, gauge=1520)
    far = _net("far", {"f1": (0.2, 0.02), "f2": (0.3, 0.02)})  # 2.2 km from e2: no join
    net = RailNetwork.combine([west, east, far])
    joins = net.edges[net.edges["line"] == "network join"]
    assert len(joins) == 1
    assert joins["length_km"].iloc[0] == pytest.approx(0.334, abs=0.001)
    route = net.route([(0, 0), (0, 0)], stop_ids=["w1", "e2"])
    assert route.length_km == pytest.approx(20.334, abs=0.001)
    assert [str(b) for b in route.gauge_breaks] == ["E1: 1,435 -> 1,520 mm"]
    assert route.end_gauge == (1520,)
    assert net.trip([_place(0, 0), _place(0.3, 0.02)]).reason == "no_connection"


def _place(lon: float, lat: float):
    from legmap.places.place import Place  # noqa: PLC0415

    return Place(id=f"p{lon}", names={"en": "P"}, lat=lat, lon=lon, kind="city", country=None,
                 source="test")  # fmt: skip


def test_a_combined_network_never_uses_a_single_files_router_cache(tmp_path: Path) -> None:
    path = tmp_path / "x.gpkg"
    _net("x", {"p": (50.0, 50.0), "q": (50.1, 50.0)}).save(path)
    single = RailNetwork.load(path)
    combined = RailNetwork.combine([RailNetwork.load(), single])
    assert single._router_cache_dir == tmp_path / "x.gpkg.ch"
    assert combined._router_cache_dir == tmp_path / "x.gpkg.ch" / "combined"
    assert combined._router is not single._router


# ------------------------------------------------------------ TOML on the embedded network
SPUR = """name = "spur"

[[stations]]
id = "ussuriysk-too"
names = {{ en = "Ussuriysk" }}
lon = {lon}
lat = {lat}

[[stations]]
id = "test-terminal"
names = {{ en = "Test Terminal" }}
lon = 132.5
lat = 43.9

[[lines]]
id = "spur"
name = "Test spur"
gauge = 1520
path = [{{ station = "ussuriysk-too", km = 0 }}, {{ station = "test-terminal", km = 77 }}]
"""


def test_toml_network_extends_the_embedded_one(tmp_path: Path) -> None:
    embedded = RailNetwork.load()
    pt = embedded.nodes.geometry["ussuriysk"]
    spur = tmp_path / "spur.toml"
    # Same name, 200 m from the embedded Ussuriysk station: merged into it.
    spur.write_text(SPUR.format(lon=pt.x + 0.0025, lat=pt.y), encoding="utf-8")
    story = parse_story(
        'title = "t"\nrail = "spur.toml"\n[[journeys]]\nid = "j"\n[[journeys.legs]]\n'
        'from = "Vladivostok"\nto = "Test Terminal"\nmode = "train"\n',
        path=tmp_path / "s.toml",
    )
    built = build_story(story)
    leg = built.legs.iloc[0]
    assert leg["routed"]
    vlad_ussuriysk = embedded.route([(0, 0), (0, 0)], stop_ids=["vladivostok-station", "ussuriysk"])
    assert leg["rail_km"] == pytest.approx(vlad_ussuriysk.length_km + 77, abs=0.01)
    assert leg["gauge_breaks"] is None
    # embedded_rail = false: the spur alone does not reach Vladivostok's station
    alone = build_story(story.model_copy(update={"embedded_rail": False}))
    assert not alone.legs.iloc[0]["routed"]
    assert load_rail(story, Config(embedded_rail=False)).name == "spur"
    with pytest.raises(DataError, match="no rail network file"):
        load_rail(story.model_copy(update={"rail": ("nope.gpkg",)}), Config())


# ------------------------------------------------------------ nearest node search


def _cluster(rng: np.random.Generator, lon: float, lat: float, count: int, km: float):
    """`count` points within about `km` of (lon, lat), longitudes wrapped to [-180, 180]."""
    dlat = rng.uniform(-km, km, count) / 111.0
    lats = np.clip(lat + dlat, -90.0, 90.0)
    lons = lon + rng.uniform(-km, km, count) / (111.0 * np.maximum(np.cos(np.radians(lats)), 0.01))
    return (lons + 180.0) % 360.0 - 180.0, lats


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("km", [0.3, 1.0, 30.0])
def test_nearest_node_equals_brute_force_geodesic_search(seed: int, km: float) -> None:
    from legmap.rail._combine import _nearest  # noqa: PLC0415  (internal helper)

    rng = np.random.default_rng(seed)
    # Across the antimeridian, near both poles, and ordinary places.
    centres = [(180.0, 10.0), (-180.0, -45.0), (0.0, 89.7), (120.0, 89.97), (-60.0, -88.9),
               (30.0, 60.0), (0.0, 0.0)]  # fmt: skip
    parts = [_cluster(rng, lon, lat, 40, 8 * km) for lon, lat in centres]
    tree_lon = np.concatenate([p[0] for p in parts])
    tree_lat = np.concatenate([p[1] for p in parts])
    tree_lon[-5:], tree_lat[-5:] = tree_lon[:5], tree_lat[:5]  # exact ties: the first one wins
    parts = [_cluster(rng, lon, lat, 30, 8 * km) for lon, lat in centres]
    # Pairs that are neighbours only across the antimeridian, or across the pole.
    across = [(179.9999, -179.9999, 20.0), (-180.0, 179.9995, 70.0), (0.0, 170.0, 89.999)]
    tree_lon = np.append(tree_lon, [a for a, _, _ in across])
    tree_lat = np.append(tree_lat, [y for _, _, y in across])
    lon = np.concatenate([*(p[0] for p in parts), [b for _, b, _ in across]])
    lat = np.concatenate([*(p[1] for p in parts), [y for _, _, y in across]])
    found, dist = _nearest(tree_lon, tree_lat, lon, lat, km)

    d = distance_km(lon[:, None], lat[:, None], tree_lon[None, :], tree_lat[None, :])
    best = np.argmin(d, axis=1)
    best_km = d[np.arange(len(lon)), best]
    within = best_km <= km
    assert 0.2 < within.mean() < 1  # both outcomes are exercised
    assert found.tolist() == np.where(within, best, -1).tolist()
    assert dist[within].tolist() == best_km[within].tolist()
    assert np.isinf(dist[~within]).all()
    assert ((np.abs(lon) > 179) & within).any()  # some hits across the antimeridian...
    assert (np.abs(lon[within] - tree_lon[found[within]]) > 180).any()
    assert ((np.abs(lat) > 88.8) & within).any()  # ...and near the poles


def test_nearest_node_with_nothing_to_search() -> None:
    from legmap.rail._combine import _nearest  # noqa: PLC0415

    empty = np.array([], dtype=float)
    found, dist = _nearest(empty, empty, np.array([1.0]), np.array([2.0]), 0.5)
    assert found.tolist() == [-1]
    assert dist.tolist() == [np.inf]
    found, dist = _nearest(np.array([1.0]), np.array([2.0]), empty, empty, 0.5)
    assert found.size == dist.size == 0
