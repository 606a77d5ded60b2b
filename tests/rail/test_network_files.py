"""Broken rail network files and OpenStreetMap data: one error with the spot, never a traceback.

Issue 16, item 7: a network without lines, a GeoPackage without an ``id``
column, a text ``length_km``, a node at (500, 500), an OSM node at lat 95 or
lon 540.
"""

from __future__ import annotations

import os
from pathlib import Path

import pyogrio
import pytest
import shapely

from legmap.errors import DataError
from legmap.rail.network import RailNetwork

STATION = '[[stations]]\nid = "{id}"\nnames = {{ en = "{id}" }}\nlon = {lon}\nlat = {lat}\n'
LINE = '[[lines]]\nname = "l"\npath = [{path}]\n'


def _toml(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "net.toml"
    path.write_text('name = "t"\n' + text, encoding="utf-8")
    return path


TWO = STATION.format(id="a", lon=0, lat=0) + STATION.format(id="b", lon=1, lat=0)


@pytest.mark.parametrize(
    ("text", "spot", "words"),
    [
        ("", "stations", "a rail network needs [[stations]]"),
        (TWO, "lines", "a rail network needs at least one [[lines]] entry"),
        ("lines = []\n" + TWO, "lines", "at least one [[lines]] entry"),
        (STATION.format(id="a", lon=500, lat=500) + TWO.replace('"a"', '"c"'), "stations[0]",
         "longitude 500 is not a number within ±180 degrees"),
        (STATION.format(id="a", lon=0, lat='"north"'), "stations[0]",
         "latitude 'north' is not a number within ±90 degrees"),
        (STATION.format(id="a", lon="nan", lat=0), "stations[0]", "longitude nan is not a number"),
        (TWO + LINE.format(path='{station = "a"}, [900, 0], {station = "b"}'), "lines[0].path[1]",
         "longitude 900 is not a number"),
        (TWO + LINE.format(path='{station = "a", km = "ten"}, {station = "b"}'),
         "lines[0].path[0].km", "km 'ten' is not a number"),
        (TWO + LINE.format(path='{station = "a"}, {station = "zzz"}'), "lines[0].path[1]",
         "unknown station 'zzz'"),
        ("lines = [1]\n" + TWO, "lines[0]", "a line is a table with a path"),
    ],
)  # fmt: skip
def test_broken_toml_network(tmp_path: Path, text: str, spot: str, words: str) -> None:
    path = _toml(tmp_path, text)
    with pytest.raises(DataError) as info:
        RailNetwork.load(path)
    assert (info.value.file, info.value.spot) == (str(path), spot)
    assert words in info.value.message


def test_deeply_nested_toml_network(tmp_path: Path) -> None:
    path = _toml(tmp_path, "x = " + "[" * 1000 + "]" * 1000 + "\n")
    with pytest.raises(DataError, match="nested too deeply"):
        RailNetwork.load(path)


@pytest.fixture(scope="module")
def frames():
    net = RailNetwork.load()
    return net.nodes.reset_index(names="id"), net.edges


def _gpkg(tmp_path: Path, nodes, edges) -> Path:
    path = tmp_path / "net.gpkg"
    pyogrio.write_dataframe(nodes, path, layer="nodes")
    pyogrio.write_dataframe(edges, path, layer="edges")
    return path


def test_gpkg_without_id_column(tmp_path: Path, frames) -> None:
    nodes, edges = frames
    path = _gpkg(tmp_path, nodes.drop(columns="id"), edges)
    with pytest.raises(DataError) as info:
        RailNetwork.load(path)
    assert str(info.value) == f"{path}: nodes: the nodes layer has no 'id' column"


def test_gpkg_with_text_lengths(tmp_path: Path, frames) -> None:
    nodes, edges = frames
    edges = edges.copy()
    edges["length_km"] = edges["length_km"].astype(str)
    edges.loc[3, "length_km"] = "about 40"
    path = _gpkg(tmp_path, nodes, edges)
    with pytest.raises(DataError) as info:
        RailNetwork.load(path)
    assert info.value.spot == "edges[3].length_km"
    assert "length_km 'about 40' of edge" in info.value.message


def test_gpkg_with_text_lengths_that_are_numbers_loads(tmp_path: Path, frames) -> None:
    nodes, edges = frames
    edges = edges.copy()
    edges["length_km"] = edges["length_km"].astype(str)  # "12.5": a spreadsheet's export
    net = RailNetwork.load(_gpkg(tmp_path, nodes, edges))
    assert net.edges["length_km"].dtype == float


def test_gpkg_with_a_node_off_the_earth(tmp_path: Path, frames) -> None:
    nodes, edges = frames
    nodes = nodes.copy()
    nodes.loc[0, "geometry"] = shapely.Point(500, 500)
    path = _gpkg(tmp_path, nodes, edges)
    with pytest.raises(DataError) as info:
        RailNetwork.load(path)
    assert info.value.spot == f"nodes['{nodes.loc[0, 'id']}']"
    assert "(500, 500) in nodes is not a (lon, lat) point on Earth" in info.value.message


def test_gpkg_with_an_edge_off_the_earth(tmp_path: Path, frames) -> None:
    nodes, edges = frames
    edges = edges.copy()
    line = edges.geometry.iloc[5]
    coords = list(line.coords)
    coords.insert(1, (float("inf"), 10.0))
    edges.loc[5, "geometry"] = shapely.LineString(coords)
    path = _gpkg(tmp_path, nodes, edges)
    with pytest.raises(DataError) as info:
        RailNetwork.load(path)
    assert info.value.spot == "edges[5]"


@pytest.mark.parametrize("which", ["nodes", "edges"])
def test_gpkg_with_an_empty_layer(tmp_path: Path, frames, which: str) -> None:
    nodes, edges = frames
    path = _gpkg(tmp_path, nodes.iloc[:0] if which == "nodes" else nodes,
                 edges.iloc[:0])  # fmt: skip
    with pytest.raises(DataError) as info:
        RailNetwork.load(path)
    assert info.value.spot == which


def test_gpkg_with_odd_is_station(tmp_path: Path, frames) -> None:
    nodes, edges = frames
    nodes = nodes.copy()
    nodes["is_station"] = "maybe"
    with pytest.raises(DataError, match="is_station 'maybe' is not true or false"):
        RailNetwork.load(_gpkg(tmp_path, nodes, edges))


def test_not_a_geopackage(tmp_path: Path) -> None:
    path = tmp_path / "net.gpkg"
    path.write_text("<html>" + "x" * 100_000, encoding="utf-8")
    with pytest.raises(DataError) as info:
        RailNetwork.load(path)
    assert str(info.value) == (
        f"{path}: not a legmap rail network (a GeoPackage with layers 'nodes' and 'edges')"
    )


def test_a_pipe_is_not_a_network(tmp_path: Path) -> None:
    fifo = tmp_path / "net.gpkg"
    os.mkfifo(fifo)
    with pytest.raises(DataError, match="a rail network is a regular file"):
        RailNetwork.load(fifo)


# --- OpenStreetMap ---------------------------------------------------------------

osm = pytest.importorskip("legmap.rail._osm")
pytest.importorskip("osmium")

OSM = """<?xml version="1.0" encoding="UTF-8"?>
<osm version="0.6" generator="test">
  <node id="1" version="1" lat="60.0" lon="24.0"/>
  <node id="2" version="1" lat="{lat}" lon="{lon}"/>
  <node id="3" version="1" lat="60.1" lon="24.1"/>
  <node id="4" version="1" lat="{slat}" lon="24.05">
    <tag k="railway" v="station"/><tag k="name" v="Somewhere"/></node>
  <way id="10" version="1"><nd ref="1"/><nd ref="2"/><nd ref="3"/>
    <tag k="railway" v="rail"/></way>
</osm>
"""


@pytest.mark.parametrize(
    ("lat", "lon", "slat", "words"),
    [
        ("95.0", "24.05", "60.05", "node 2: coordinates lat 95, lon 24.05 are not on Earth"),
        ("60.05", "24.05", "95.0", "node 4: coordinates lat 95, lon 24.05 are not on Earth"),
        ("60.05", "540.0", "60.05", "cannot read OpenStreetMap data: "),
    ],
)
def test_osm_coordinates_off_the_earth(
    tmp_path: Path, lat: str, lon: str, slat: str, words: str
) -> None:
    path = tmp_path / "bad.osm"
    path.write_text(OSM.format(lat=lat, lon=lon, slat=slat), encoding="utf-8")
    with pytest.raises(DataError) as info:
        osm.read_osm_rail(path)
    assert str(info.value).startswith(f"{path}: ")
    assert words in str(info.value)
    assert "\n" not in str(info.value)


def test_osm_with_good_coordinates_imports(tmp_path: Path) -> None:
    path = tmp_path / "good.osm"
    path.write_text(OSM.format(lat="60.05", lon="24.05", slat="60.05"), encoding="utf-8")
    _, edges, stats = osm.read_osm_rail(path)
    assert stats.stations == 1
    assert len(edges) >= 1
