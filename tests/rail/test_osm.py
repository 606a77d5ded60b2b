"""OpenStreetMap import: real tracks (pyrosm's Helsinki extract) and tiny hand-made files."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pyproj
import pytest
import shapely

osmium = pytest.importorskip("osmium")
pyrosm = pytest.importorskip("pyrosm")

from click.testing import CliRunner  # noqa: E402

from legmap._geodesic import distance_km, line_length_km  # noqa: E402
from legmap.cli import cli  # noqa: E402
from legmap.errors import DataError, NoRailConnectionError  # noqa: E402
from legmap.legs.build import build_story  # noqa: E402
from legmap.places.gazetteer import Gazetteer  # noqa: E402
from legmap.rail._osm import import_osm, read_osm_rail, stations_as_places  # noqa: E402
from legmap.rail.network import RailNetwork  # noqa: E402
from legmap.story import load_story  # noqa: E402

HELSINKI = Path(pyrosm.__file__).parent / "data" / "Helsinki.osm.pbf"


# ---------------------------------------------------------------- Helsinki
@pytest.fixture(scope="module")
def helsinki():
    nodes, edges, stats = read_osm_rail(HELSINKI)
    return RailNetwork.from_frames(nodes, edges, name="helsinki"), stats


def rail_way_lines(kind="rail"):
    """The imported kind of ways, read independently (osmium's own location handler)."""
    lines = []
    skip = {"yard", "siding", "spur", "crossover"}
    fp = osmium.FileProcessor(str(HELSINKI)).with_locations()
    for obj in fp.with_filter(osmium.filter.TagFilter(("railway", kind))):
        if obj.is_way() and obj.tags.get("service") not in skip:
            pts = [(n.lon, n.lat) for n in obj.nodes if n.location.valid()]
            if len(pts) >= 2:
                lines.append(shapely.LineString(pts))
    return shapely.MultiLineString(lines)


TO_M = pyproj.Transformer.from_crs(4326, 3067, always_xy=True).transform  # ETRS-TM35FIN


def metres_off(xy, kind):
    """How far (m) each (lon, lat) vertex lies from the `kind` ways of the extract."""
    ways_m = shapely.transform(
        rail_way_lines(kind), lambda c: np.column_stack(TO_M(c[:, 0], c[:, 1]))
    )
    xy = np.asarray(xy)
    mx, my = TO_M(xy[:, 0], xy[:, 1])
    return shapely.distance(shapely.points(mx, my), ways_m)


def test_helsinki_stations_are_trains_only(helsinki):
    net, stats = helsinki
    stations = net.nodes[net.nodes["is_station"]]
    # Helsinki central; the metro stations (station=subway) of the extract are left out.
    assert stations["name"].tolist() == ["Helsinki railway station"]
    assert stats.stations == 1
    assert stats.ways > 100
    assert set(net.edges["length_source"]) == {"geodesic"}
    (place,) = stations_as_places(net)
    assert place.id == "osm:n25389429"
    assert {"Helsinki", "Helsingfors järnvägsstation"} <= set(place.aliases)
    gaz = Gazetteer.default().with_places([place])
    assert gaz.resolve("Helsingfors järnvägsstation").id == "osm:n25389429"


def test_helsinki_route_follows_the_track(helsinki):
    """Heavy rail: from the station to a track node, as the extract has only one station.

    The extract covers ~1.5 km of central Helsinki: its only railway=rail station is
    Helsinki central (the metro stations are station=subway, the tram stops
    railway=tram_stop), so there is no second train station to route to.  Routing
    between two stations is the tram test below (the issue's acceptance test).
    """
    net, _ = helsinki
    station = net.nodes.index[net.nodes["is_station"]][0]
    st_pt = net.nodes.geometry[station]
    # The extract is 1.5 km across: route north, to the reachable track node farthest north.
    route = None
    for nid in net.nodes.geometry.y.sort_values(ascending=False).index:
        pt = net.nodes.geometry[nid]
        try:
            route = net.route([(st_pt.x, st_pt.y), (pt.x, pt.y)], stop_ids=[station, nid])
        except NoRailConnectionError:
            continue
        break
    assert route is not None
    far_km = route.length_km
    # every vertex lies on an imported way (a metric CRS: ETRS-TM35FIN)
    xy = np.array(route.geometry.coords)
    assert metres_off(xy, "rail").max() < 1.0
    assert len(xy) > len(route.station_ids) + 5  # the track between nodes, not straight lines
    # plausible: the length of the drawn track, longer than the crow flies, not absurdly
    assert route.length_km == pytest.approx(line_length_km(route.geometry), rel=1e-9)
    end = route.geometry.coords[-1]
    crow = float(distance_km(st_pt.x, st_pt.y, end[0], end[1]))
    assert 0.5 < far_km < 5.0
    assert crow <= far_km < 1.5 * crow


def test_helsinki_route_between_two_stations_follows_imported_ways(tmp_path):
    """The issue's acceptance test: import Helsinki, route between two of its stations.

    With ``railway=("tram",)`` the tram stops are the stations.  The extract has 40
    tram stop nodes for 17 stops (one node per platform or direction, under one
    name, 15-124 m apart): one station each.  Hakaniemi (stop nodes 25502063 and
    279643724, on track node 317921869) to Kauppatori (three stop nodes, the first
    159708942, on track node 277878620): 1.747 km of tram track, 1.240 km as the
    crow flies (measured on pyrosm's extract).
    """
    out = tmp_path / "trams.gpkg"
    stats = import_osm(HELSINKI, out, railway=("tram",))
    net = RailNetwork.load(out)
    assert (stats.ways, stats.stations, stats.stations_far) == (182, 17, 0)
    # 40 stop nodes, one station per name and place; none left out
    assert (stats.stations_merged, stats.stations_shared) == (23, 0)
    places = {p.id: p for p in stations_as_places(net)}
    names = [p.name("en") for p in places.values()]
    assert len(names) == len(set(names)) == 17  # no name is ambiguous
    assert {"Hakaniemi", "Kauppatori", "Senaatintori", "Erottaja", "Lasipalatsi"} <= set(names)
    # neither the main-line station nor the metro stations: only tram stops
    assert not set(names) & {"Helsinki railway station", "Central Railway Station"}
    a, b = places["osm:n25502063"], places["osm:n159708942"]
    assert (a.name("en"), b.name("en")) == ("Hakaniemi", "Kauppatori")
    gaz = Gazetteer.default().with_places(places.values())
    assert gaz.resolve("Kauppatori").id == b.id

    route = net.route([a.lonlat, b.lonlat], stop_ids=[a.id, b.id])
    assert route.station_ids[0] == "osm:n317921869"
    assert route.station_ids[-1] == "osm:n277878620"
    assert net.nodes.loc[route.station_ids[0], "place_id"] == a.id
    assert net.nodes.loc[route.station_ids[-1], "place_id"] == b.id
    xy = np.array(route.geometry.coords)
    assert metres_off(xy, "tram").max() < 1.0  # every vertex on an imported tram way
    assert len(xy) > len(route.station_ids) + 5  # the track between nodes, not straight lines
    assert route.length_km == pytest.approx(line_length_km(route.geometry), rel=1e-9)
    crow = float(distance_km(*xy[0], *xy[-1]))
    assert crow == pytest.approx(1.240, abs=0.005)
    assert route.length_km == pytest.approx(1.747, abs=0.005)
    assert crow < route.length_km < 2 * crow


def test_helsinki_subway_stations_are_on_different_tracks():
    """Rautatientori and Helsingin yliopisto are imported, but no route joins them.

    The extract's two railway=subway ways are the two tracks of the metro, one per
    direction, both running past both stations.  Each station node snaps to its
    nearest track node: Rautatientori to a node of way 35744552, Helsingin yliopisto
    to one of way 122595259.  The ways share no node in the extract (the crossover,
    way 30133633, is service=crossover and ends outside it), so the stations are in
    different parts of the network.
    """
    nodes, edges, stats = read_osm_rail(HELSINKI, railway=("subway",))
    assert set(edges["way_id"]) == {35744552, 122595259}
    net = RailNetwork.from_frames(nodes, edges, name="metro")
    places = {p.id: p for p in stations_as_places(net)}
    assert {i: p.name("en") for i, p in places.items()} == {
        "osm:n418089207": "Central Railway Station",
        "osm:n418089202": "University of Helsinki",
    }
    assert stats.stations == 2
    assert "Rautatientori" in places["osm:n418089207"].aliases
    assert "Helsingin yliopisto" in places["osm:n418089202"].aliases
    on_track = [net.nodes.geometry[i] for i in net.nodes.index[net.nodes["is_station"]]]
    assert metres_off([(p.x, p.y) for p in on_track], "subway").max() < 1.0
    a, b = places["osm:n418089207"], places["osm:n418089202"]
    with pytest.raises(NoRailConnectionError, match="no rail connection"):
        net.route([a.lonlat, b.lonlat], stop_ids=[a.id, b.id])
    # with the main line too, its station joins the metro ones
    nodes, _, _ = read_osm_rail(HELSINKI, railway="rail,subway")
    assert sorted(nodes.loc[nodes["is_station"], "name"]) == [
        "Central Railway Station",
        "Helsinki railway station",
        "University of Helsinki",
    ]


def test_service_tracks_are_optional():
    _, edges, _ = read_osm_rail(HELSINKI)
    _, with_service, _ = read_osm_rail(HELSINKI, include_service=True)
    assert len(with_service) > len(edges)
    assert with_service["length_km"].sum() > edges["length_km"].sum()


# ---------------------------------------------------------------- tiny files
def write_osm(path: Path, nodes, ways):
    """nodes: {id: (lon, lat, tags)}; ways: {id: (refs, tags)} -> an OSM file (format by suffix)."""
    with osmium.SimpleWriter(str(path)) as w:
        for nid, (lon, lat, tags) in sorted(nodes.items()):
            w.add_node(osmium.osm.mutable.Node(id=nid, location=(lon, lat), tags=tags))
        for wid, (refs, tags) in sorted(ways.items()):
            w.add_way(osmium.osm.mutable.Way(id=wid, nodes=refs, tags=tags))
    return path


RAIL = {"railway": "rail", "usage": "main"}


def y_junction(tmp_path, suffix=".osm"):
    # Three ways meet at node 3 (the junction); node 2, 4 and 6 are mere bends.
    nodes = {
        1: (30.00, 60.00, {}),
        2: (30.01, 60.00, {}),
        3: (30.02, 60.00, {}),
        4: (30.03, 60.01, {}),
        5: (30.04, 60.02, {}),
        6: (30.03, 59.99, {}),
        7: (30.04, 59.98, {}),
        8: (30.05, 60.03, {}),  # end of a siding from 5
        20: (31.00, 61.00, {}),
        21: (31.02, 61.00, {}),  # a separate line
        # stations: next to node 1 (about 110 m off), on node 7, far away, and a metro one
        100: (30.00, 60.001, {"railway": "station", "name": "Alku", "name:ru": "Алку"}),
        7_0: (30.04, 59.98, {"railway": "station", "name": "Etelä"}),
        101: (30.50, 60.50, {"railway": "station", "name": "Kaukana"}),
        102: (30.02, 60.0001, {"railway": "station", "station": "subway", "name": "Metro"}),
        103: (31.02, 61.0001, {"railway": "halt", "name": "Erillinen"}),
    }
    ways = {
        10: ([1, 2, 3], {**RAIL, "name": "Main line"}),
        11: ([3, 4, 5], {**RAIL, "ref": "B1"}),
        12: ([3, 6, 7], RAIL),
        13: ([5, 8], {"railway": "rail", "service": "siding"}),
        14: ([20, 21], RAIL),
        15: ([4, 99], {"railway": "rail", "service": "spur"}),  # node 99 is not in the file
    }
    return write_osm(tmp_path / f"y{suffix}", nodes, ways)


@pytest.mark.parametrize("suffix", [".osm", ".osm.pbf"])
def test_y_junction_gives_three_edges(tmp_path, suffix):
    nodes, edges, stats = read_osm_rail(y_junction(tmp_path, suffix))
    main = edges[edges["u"].isin(["osm:n1", "osm:n3"]) & ~edges["v"].isin(["osm:n21"])]
    assert sorted(zip(main["u"], main["v"], strict=True)) == [
        ("osm:n1", "osm:n3"),
        ("osm:n3", "osm:n5"),
        ("osm:n3", "osm:n7"),
    ]
    assert "osm:n2" not in nodes.index  # a bend, not a graph node
    geom = main.set_index("v").geometry["osm:n3"]
    assert len(geom.coords) == 3  # the bend is kept in the geometry
    assert set(main["line"]) == {"Main line", "B1", ""}
    assert main["length_km"].to_numpy() == pytest.approx(
        [line_length_km(g) for g in main.geometry], rel=1e-12
    )
    assert stats.stations == 3  # Alku (snapped onto node 1), Etelä, Erillinen
    assert stats.stations_far == 1  # Kaukana, 55 km from any track
    st = nodes[nodes["is_station"]]
    assert dict(zip(st["name"], st.index, strict=True)) == {
        "Alku": "osm:n1",
        "Etelä": "osm:n7",
        "Erillinen": "osm:n21",
    }
    assert st.loc["osm:n1", "name_ru"] == "Алку"
    assert st.loc["osm:n1", "place_id"] == "osm:n100"


def test_stops_of_one_station_merge_and_none_is_dropped(tmp_path):
    # A straight track east from (30, 60), a node every ~110 m (0.002 deg of lon).
    track = {i: (30.0 + 0.002 * i, 60.0, {}) for i in range(1, 40)}
    stops = {
        # one tram stop, a platform each side of the track (~100 m apart)
        100: (30.0101, 60.0004, {"railway": "tram_stop", "name": "Tori", "name:ru": "Тори"}),
        101: (30.0103, 59.9996, {"railway": "tram_stop", "name": "Tori", "alt_name": "Torget"}),
        # two stops whose nearest track node is the same (node 20)
        102: (30.0400, 60.0003, {"railway": "tram_stop", "name": "Puisto"}),
        103: (30.0401, 59.9998, {"railway": "tram_stop", "name": "Kirkko"}),
        # the same name 4 km away: another place, another station
        104: (30.0700, 60.0004, {"railway": "tram_stop", "name": "Tori"}),
    }
    path = write_osm(
        tmp_path / "t.osm", {**track, **stops}, {1: (list(track), {"railway": "tram"})}
    )
    nodes, _, stats = read_osm_rail(path, railway="tram")
    assert (stats.stations, stats.stations_merged, stats.stations_shared) == (4, 1, 0)
    st = nodes[nodes["is_station"]].set_index("place_id")
    assert sorted(st["name"]) == ["Kirkko", "Puisto", "Tori", "Tori"]
    tori = st.loc["osm:n100"]  # the smallest id of the merged stops
    assert (tori["name"], tori["name_ru"], tori["aliases"]) == ("Tori", "Тори", "Torget")
    # at the track node nearest to the platforms' centroid (30.0102, 60.0)
    assert tori.geometry.x == pytest.approx(30.010, abs=1e-9)
    # Puisto and Kirkko share a nearest node: each gets its own, 110 m apart at most
    assert st.loc["osm:n102"].geometry != st.loc["osm:n103"].geometry
    assert float(distance_km(*st.loc["osm:n102"].geometry.coords[0],
                             *st.loc["osm:n103"].geometry.coords[0])) < 0.25  # fmt: skip
    assert "osm:n104" in st.index  # 4 km away: not merged


def test_siding_only_with_the_flag(tmp_path):
    path = y_junction(tmp_path)
    _, edges, _ = read_osm_rail(path)
    assert "osm:n8" not in set(edges["v"])
    _, edges, _ = read_osm_rail(path, include_service=True)
    assert ("osm:n5", "osm:n8") in set(zip(edges["u"], edges["v"], strict=True))
    # the spur to a node missing from the extract: the located part stays, nothing breaks
    assert "osm:n99" not in set(edges["v"])


def test_route_and_disconnected_stations(tmp_path):
    out = tmp_path / "y.gpkg"
    stats = import_osm(y_junction(tmp_path), out, name="y")
    net = RailNetwork.load(out)
    assert net.name == "y"
    assert len(net.edges) == stats.edges
    places = {p.name("en"): p for p in stations_as_places(net)}
    a, e, x = places["Alku"], places["Etelä"], places["Erillinen"]
    route = net.route([a.lonlat, e.lonlat], stop_ids=[a.id, e.id])
    assert route.station_ids == ("osm:n1", "osm:n3", "osm:n7")
    assert len(route.geometry.coords) == 5
    with pytest.raises(NoRailConnectionError, match="no rail connection between Alku and"):
        net.route([a.lonlat, x.lonlat], stop_ids=[a.id, x.id])


def test_bbox_keeps_ways_touching_it(tmp_path):
    path = y_junction(tmp_path)
    nodes, edges, _ = read_osm_rail(path, bbox=(30.9, 60.9, 31.1, 61.1))
    assert list(zip(edges["u"], edges["v"], strict=True)) == [("osm:n20", "osm:n21")]
    assert nodes["is_station"].sum() == 1
    with pytest.raises(DataError, match="inside the bbox"):
        read_osm_rail(path, bbox=(0, 0, 1, 1))


def test_railway_kinds_choose_tracks_and_stops(tmp_path):
    nodes = {
        1: (30.00, 60.00, {}),
        2: (30.01, 60.00, {}),
        3: (30.02, 60.00, {}),
        4: (30.00, 60.10, {}),
        5: (30.01, 60.10, {}),
        10: (30.00, 60.0001, {"railway": "tram_stop", "name": "Tori"}),
        11: (30.02, 60.0001, {"railway": "station", "station": "tram", "name": "Halli"}),
        12: (30.01, 60.1001, {"railway": "station", "name": "Asema"}),
        13: (30.00, 60.1001, {"railway": "station", "subway": "yes", "name": "Metro"}),
    }
    ways = {
        20: ([1, 2, 3], {"railway": "tram"}),
        21: ([4, 5], RAIL),
    }
    path = write_osm(tmp_path / "kinds.osm", nodes, ways)

    def stations(**kw):
        got, edges, _ = read_osm_rail(path, **kw)
        return set(edges["way_id"]), sorted(got.loc[got["is_station"], "name"])

    assert stations() == ({21}, ["Asema"])
    assert stations(railway=("tram",)) == ({20}, ["Halli", "Tori"])
    assert stations(railway="rail, tram") == ({20, 21}, ["Asema", "Halli", "Tori"])
    with pytest.raises(DataError, match="no railway=subway tracks"):
        read_osm_rail(path, railway=("subway",))
    with pytest.raises(DataError, match="bad railway kind 'funicular'"):
        read_osm_rail(path, railway=("tram", "funicular"))
    with pytest.raises(DataError, match="no railway kind given"):
        read_osm_rail(path, railway=())


def test_bad_files(tmp_path):
    with pytest.raises(DataError, match="no such file"):
        read_osm_rail(tmp_path / "missing.osm.pbf")
    junk = tmp_path / "junk.osm.pbf"
    junk.write_bytes(b"not a protobuf at all")
    with pytest.raises(DataError, match="cannot read OpenStreetMap data"):
        read_osm_rail(junk)
    empty = write_osm(
        tmp_path / "roads.osm",
        {1: (0, 0, {}), 2: (0, 1, {})},
        {1: ([1, 2], {"highway": "primary"})},
    )
    with pytest.raises(DataError, match="no railway=rail"):
        read_osm_rail(empty)


def test_story_with_imported_network_follows_its_track(tmp_path):
    """A story naming an imported network routes on it, and finds its stations by name."""
    import_osm(y_junction(tmp_path), tmp_path / "nets" / "y.gpkg", name="y")
    story = tmp_path / "story.toml"
    story.write_text(
        'title = "Y"\nrail = "nets/y.gpkg"\n[[journeys]]\nid = "j"\n'
        '[[journeys.legs]]\nfrom = "Alku"\nto = "Etelä"\nmode = "train"\n',
        encoding="utf-8",
    )
    built = build_story(load_story(story))
    leg = built.legs.iloc[0]
    assert (leg["from_id"], leg["to_id"], leg["routed"]) == ("osm:n100", "osm:n70", True)
    track = shapely.union_all(
        [shapely.LineString([(30.00, 60.00), (30.01, 60.00), (30.02, 60.00)]),
         shapely.LineString([(30.02, 60.00), (30.03, 59.99), (30.04, 59.98)])]
    )  # fmt: skip
    vertices = shapely.points(shapely.get_coordinates(leg["geometry"]))
    assert shapely.distance(vertices, track).max() < 1e-9  # every vertex on the imported ways
    assert leg["rail_km"] == pytest.approx(leg["length_km"], rel=1e-6)

    result = CliRunner().invoke(
        cli, ["build", str(story), "-o", str(tmp_path / "maps"), "--format", "geojson"]
    )
    assert result.exit_code == 0, result.output
    assert (tmp_path / "maps" / "story.geojson").exists()
