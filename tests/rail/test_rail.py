"""The embedded rail network and RailNetwork: kilometrage, routing, snapping, files."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pytest
import shapely

from legmap._geodesic import distance_km, geodesic_line, line_length_km
from legmap.errors import DataError, NoRailConnectionError
from legmap.rail.network import RailNetwork, RailRoute

MOSCOW = "moscow-yaroslavsky-station"
VLADIVOSTOK = "vladivostok-station"

# Published rail distances (km) between stations, and where they are published.
# The network follows the classic route via Yaroslavl; the "Route" figures of
# Wikipedia go via Nizhny Novgorod and are 30-40 km shorter west of Kirov,
# which the 3% tolerance covers.
PUBLISHED = [
    (MOSCOW, VLADIVOSTOK, 9289, "Wikipedia Trans-Siberian infobox"),
    (MOSCOW, "kirov-passazhirsky", 957, "Wikipedia route map, km post via Yaroslavl"),
    (MOSCOW, "yekaterinburg-passazhirsky", 1778, "Wikipedia Route section"),
    (MOSCOW, "novosibirsk-glavny", 3303, "Wikipedia Route section"),
    (MOSCOW, "irkutsk-passazhirsky", 5153, "Wikipedia Route section"),
    (MOSCOW, "chita-2", 6166, "Wikipedia Route section"),
    (MOSCOW, "khabarovsk-1", 8493, "Wikipedia Route section"),
    (VLADIVOSTOK, "khabarovsk-1", 766, "Wikipedia Route section (9259 - 8493)"),
    ("ussuriysk", "khasan", 260, "Khasan station infobox"),
    ("khasan", "rajin", 54, "Khasan station infobox"),
    ("pyongyang-station", "rajin", 819, "Wikipedia Pyongra Line infobox"),
]


@pytest.fixture(scope="module")
def net() -> RailNetwork:
    return RailNetwork.load()


def _lonlat(net: RailNetwork, node: str) -> tuple[float, float]:
    point = net.nodes.geometry.loc[node]
    return float(point.x), float(point.y)


def _route(net: RailNetwork, *nodes: str) -> RailRoute:
    return net.route([_lonlat(net, n) for n in nodes], stop_ids=list(nodes))


@pytest.mark.parametrize(("a", "b", "km", "source"), PUBLISHED)
def test_rail_distance_matches_published_kilometrage(net, a, b, km, source) -> None:
    assert _route(net, a, b).length_km == pytest.approx(km, rel=0.03), source


def test_vladivostok_to_vostochny(net, gazetteer) -> None:
    vladivostok, vostochny = gazetteer.get("vladivostok"), gazetteer.get("vostochny-cosmodrome")
    straight = float(distance_km(*vladivostok.lonlat, *vostochny.lonlat))
    assert straight == pytest.approx(1011, rel=0.01)
    rail = net.distance_km(
        vladivostok.lonlat, vostochny.lonlat, a_id=vladivostok.id, b_id=vostochny.id
    )
    assert rail == pytest.approx(1600, rel=0.05)
    route = net.route(
        [vladivostok.lonlat, vostochny.lonlat], stop_ids=[vladivostok.id, vostochny.id]
    )
    assert "ledyanaya" in route.station_ids  # leaves the Trans-Siberian at Ledyanaya


def _max_deviation_km(line: shapely.LineString, start, end) -> float:
    # Largest distance from a route vertex to the densified straight (geodesic) line.
    straight = np.asarray(geodesic_line(start, end, step_km=5.0).coords)
    pts = np.asarray(line.coords)
    a = np.repeat(pts, len(straight), axis=0)
    b = np.tile(straight, (len(pts), 1))
    d = distance_km(a[:, 0], a[:, 1], b[:, 0], b[:, 1]).reshape(len(pts), len(straight))
    return float(d.min(axis=1).max())


def test_pyongyang_vladivostok_goes_through_khasan(net, gazetteer) -> None:
    pyongyang, vladivostok = gazetteer.get("pyongyang"), gazetteer.get("vladivostok")
    route = net.route(
        [pyongyang.lonlat, vladivostok.lonlat], stop_ids=[pyongyang.id, vladivostok.id]
    )
    khasan = gazetteer.get("khasan")
    assert shapely.distance(route.geometry, shapely.Point(khasan.lonlat)) * 111 < 20  # ~km
    assert {"tumangang", "khasan", "baranovsky"} <= set(route.station_ids)
    straight = float(distance_km(*pyongyang.lonlat, *vladivostok.lonlat))
    assert route.length_km > 1.3 * straight
    assert line_length_km(route.geometry) > 1.3 * straight  # the drawing too, not just the figure
    # The east-coast line bulges ~60 km off the straight line near Kimchaek
    # (Kimchaek is 59 km from it), the most the real geography allows.
    assert _max_deviation_km(route.geometry, pyongyang.lonlat, vladivostok.lonlat) > 50


def test_geometry_starts_and_ends_at_the_snapped_stations_and_is_continuous(net) -> None:
    route = _route(net, "pyongyang-station", MOSCOW)
    coords = np.asarray(route.geometry.coords)
    assert tuple(coords[0]) == pytest.approx(_lonlat(net, "pyongyang-station"))
    assert tuple(coords[-1]) == pytest.approx(_lonlat(net, MOSCOW))
    assert route.snapped == (("pyongyang-station", 0.0), (MOSCOW, 0.0))
    # Every station passed is on the line (edges join there: no gap between them) ...
    for node in route.station_ids:
        lon, lat = _lonlat(net, node)
        nearest = shapely.ops.nearest_points(route.geometry, shapely.Point(lon, lat))[0]
        assert float(distance_km(lon, lat, nearest.x, nearest.y)) < 1.0, node
    # ... no joint is repeated, and no step jumps across the map.
    steps = np.abs(np.diff(coords, axis=0)).max(axis=1)
    assert steps.min() > 0
    assert np.abs(np.diff(coords[:, 0])).max() < 180


def test_drawn_lines_follow_the_published_alignment(net) -> None:
    # A line drawn through towns on the line (at most ~100 km apart, most 20-60 km)
    # is shorter than the track, which winds between them; it must never be longer
    # (that would mean a waypoint off the alignment) nor far shorter.  Worst long
    # edges: the Pyongra Line (0.754), the Amur railway Chita-Birobidzhan (0.813).
    edges = net.edges[net.edges["length_source"] != "geodesic"]
    drawn = edges.geometry.map(line_length_km)
    ratio = drawn / edges["length_km"]
    long_edges = edges["length_km"] >= 100
    assert ratio.max() <= 1.02
    assert ratio[long_edges].min() >= 0.75
    # Over the whole Trans-Siberian the drawing is within 12% of the 9,289 km (8,244 km drawn).
    route = _route(net, MOSCOW, VLADIVOSTOK)
    assert line_length_km(route.geometry) == pytest.approx(route.length_km, rel=0.12)


def test_edges_record_where_their_length_comes_from(net) -> None:
    assert set(net.edges["length_source"]) <= {"published", "prorated", "geodesic"}
    # The Trans-Siberian between posted stations is published kilometrage.
    ob = net.edges[
        (net.edges["u"] == "omsk-passazhirsky") & (net.edges["v"] == "novosibirsk-glavny")
    ]
    assert ob["length_source"].tolist() == ["published"]
    assert ob["length_km"].tolist() == [3303 - 2676]


def test_required_station_ids_and_place_ids(net) -> None:
    for node in ["pyongyang-station", VLADIVOSTOK, MOSCOW, "khasan", "tumangang"]:
        assert node in net.nodes.index
        assert net.nodes.loc[node, "place_id"] == node


def test_station_ids_match_gazetteer_places(net, gazetteer) -> None:
    # A gazetteer place that is a station and the node of the same id are one spot.
    for node in [
        "pyongyang-station",
        VLADIVOSTOK,
        MOSCOW,
        "khasan",
        "tumangang",
        "vostochny-cosmodrome",
    ]:
        place = gazetteer.get(node)
        assert float(distance_km(*place.lonlat, *_lonlat(net, node))) < 1.0, node


def test_via_stops_are_honoured_in_order(net) -> None:
    direct = _route(net, MOSCOW, VLADIVOSTOK)
    via = _route(net, MOSCOW, "vostochny-cosmodrome", VLADIVOSTOK)
    ids = list(via.station_ids)
    assert ids.index("ledyanaya") < ids.index("vostochny-cosmodrome") < len(ids) - 1
    # Out to the cosmodrome and back to the junction: twice the branch.
    branch = _route(net, "ledyanaya", "vostochny-cosmodrome").length_km
    assert via.length_km == pytest.approx(direct.length_km + 2 * branch)
    assert [s for s, _ in via.snapped] == [MOSCOW, "vostochny-cosmodrome", VLADIVOSTOK]


def _tiny(**extra_nodes) -> RailNetwork:
    # a -- b -- c      d -- e   (two components)
    pts = {"a": (0, 0), "b": (1, 0), "c": (2, 0), "d": (10, 10), "e": (11, 10)}
    nodes = gpd.GeoDataFrame(
        {
            "name": [f"{k.upper()} Station" for k in pts],
            "is_station": [True] * len(pts),
            "place_id": ["city-a", None, None, None, None],
        },
        geometry=[shapely.Point(p) for p in pts.values()],
        index=list(pts),
        crs="EPSG:4326",
    )
    pairs = [("a", "b", 100.0), ("b", "c", 120.0), ("d", "e", 50.0)]
    edges = gpd.GeoDataFrame(
        {
            "u": [u for u, _, _ in pairs],
            "v": [v for _, v, _ in pairs],
            "length_km": [k for _, _, k in pairs],
            "length_source": ["published"] * 3,
            "line": ["test"] * 3,
        },
        geometry=[shapely.LineString([pts[u], pts[v]]) for u, v, _ in pairs],
        crs="EPSG:4326",
    )
    return RailNetwork.from_frames(nodes, edges, name="tiny")


def test_reversed_edges_and_backtracking_via() -> None:
    net = _tiny()
    route = net.route([(0, 0), (2, 0), (1, 0)])
    assert route.station_ids == ("a", "b", "c", "b")
    assert route.length_km == 100 + 120 + 120
    assert list(route.geometry.coords) == [(0, 0), (1, 0), (2, 0), (1, 0)]


def test_disconnected_network_names_both_ends() -> None:
    net = _tiny()
    with pytest.raises(
        NoRailConnectionError, match="between A Station and D Station in network 'tiny'"
    ):
        net.route([(0, 0), (10, 10)])
    assert net.distance_km((0, 0), (10, 10)) is None


def test_stop_far_from_any_station_names_the_gap() -> None:
    net = _tiny()
    with pytest.raises(
        NoRailConnectionError, match=r"no station within 50 km of atlantis \(5\.0000, 5\.0000\)"
    ):
        net.route([(0, 0), (5, 5)], stop_ids=[None, "atlantis"])
    with pytest.raises(NoRailConnectionError, match="no station within 20 km"):
        net.nearest_station(0.5, 0.5, max_km=20)


def test_ids_snap_exactly_whatever_the_distance() -> None:
    net = _tiny()
    # "city-a" is node a's place_id, "c" a node id: both snap although far away.
    route = net.route([(0.0, 5.0), (2.0, 5.0)], stop_ids=["city-a", "c"])
    assert route.station_ids[0] == "a"
    assert route.station_ids[-1] == "c"
    assert route.snapped[0][1] == pytest.approx(float(distance_km(0, 5, 0, 0)))


def test_same_station_twice_is_a_zero_length_route() -> None:
    route = _tiny().route([(0, 0), (0.01, 0)])
    assert route.length_km == 0
    assert route.station_ids == ("a",)
    assert route.geometry.is_valid or route.geometry.length == 0


def test_from_frames_refuses_broken_data() -> None:
    net = _tiny()
    edges = net.edges.copy()
    edges.loc[0, "v"] = "zz"
    with pytest.raises(DataError, match="unknown node ids: zz"):
        RailNetwork.from_frames(net.nodes, edges, name="bad")
    edges = net.edges.copy()
    edges.loc[0, "geometry"] = shapely.LineString([(1, 0), (0, 0)])  # drawn v -> u
    with pytest.raises(DataError, match="does not start at u"):
        RailNetwork.from_frames(net.nodes, edges, name="bad")
    edges = net.edges.copy()
    edges.loc[0, "length_source"] = "guessed"
    with pytest.raises(DataError, match="unknown length_source"):
        RailNetwork.from_frames(net.nodes, edges, name="bad")


def test_save_load_round_trip(net, tmp_path) -> None:
    path = tmp_path / "net.gpkg"
    net.save(path)
    back = RailNetwork.load(path)
    assert back.name == "embedded"
    assert back.nodes.index.tolist() == net.nodes.index.tolist()
    assert back.nodes["place_id"].tolist() == net.nodes["place_id"].tolist()  # None stays None
    assert back.nodes["is_station"].dtype == bool
    assert back.edges[["u", "v", "line", "length_source"]].equals(
        net.edges[["u", "v", "line", "length_source"]]
    )
    np.testing.assert_allclose(back.edges["length_km"], net.edges["length_km"])
    assert all(
        shapely.equals_exact(back.edges.geometry.to_numpy(), net.edges.geometry.to_numpy(), 1e-9)
    )
    a, b = _route(back, MOSCOW, VLADIVOSTOK), _route(net, MOSCOW, VLADIVOSTOK)
    assert a.length_km == b.length_km
    assert a.geometry.equals_exact(b.geometry, 1e-9)


def test_load_refuses_what_is_not_a_network(tmp_path) -> None:
    with pytest.raises(DataError, match="no rail network file"):
        RailNetwork.load(tmp_path / "missing.gpkg")
    bad = tmp_path / "bad.toml"
    bad.write_text('[[stations]]\nid = "x"\n', encoding="utf-8")
    with pytest.raises(DataError, match="station needs id"):
        RailNetwork.load(bad)


def test_embedded_network_is_cached() -> None:
    assert RailNetwork.load() is RailNetwork.load()
