"""``legmap build`` for print and newsrooms: --format pdf, --size, --theme, --focus, --inset."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image

from legmap.cli import cli

ROOT = Path(__file__).resolve().parents[2]
NEWSROOM = ROOT / "geo" / "themes" / "newsroom.toml"


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def test_build_pdf_for_one_print_column_with_a_theme(
    runner: CliRunner, seed_path: Path, tmp_path: Path
) -> None:
    result = runner.invoke(cli, [
        "build", str(seed_path), "-o", str(tmp_path), "-f", "pdf,png", "--lang", "en",
        "--size", "85mm", "--dpi", "150", "--theme", str(NEWSROOM),
        "--focus", "kim-visit", "--inset", "none",
    ])  # fmt: skip
    assert result.exit_code == 0, result.output
    pdf = (tmp_path / "kim-putin-2023.pdf").read_bytes()
    assert pdf.startswith(b"%PDF-")
    png = Image.open(io.BytesIO((tmp_path / "kim-putin-2023.png").read_bytes()))
    assert png.width == int(85 / 25.4 * 150)
    assert "kim-putin-2023.pdf" in result.output


def test_build_focus_box(runner: CliRunner, seed_path: Path, tmp_path: Path) -> None:
    result = runner.invoke(cli, ["build", str(seed_path), "-o", str(tmp_path), "-f", "svg",
                                 "--focus", "125,38,133.5,44.5", "--inset", "none",
                                 "--lang", "en"])  # fmt: skip
    assert result.exit_code == 0, result.output
    root = ET.parse(tmp_path / "kim-putin-2023.svg").getroot()
    texts = ["".join(el.itertext()) for el in root.iter("{http://www.w3.org/2000/svg}text")]
    assert "Pyongyang" in texts
    assert "Vladivostok" in texts
    assert "Vostochny Cosmodrome" not in texts  # north of the box: no label (legend only)


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--size", "85"], "is not a width like 85mm"),
        (["--size", "5mm"], "40 mm to 1 m"),
        (["--focus", "125,38,133"], "four numbers"),
        (["--inset", "maybe"], "'maybe' is not one of"),
        (["--focus", "atlantis"], "focus 'atlantis' is no journey or place"),
        (["--theme", "missing.toml"], "cannot read the theme"),
    ],
)
def test_build_print_options_errors(
    runner: CliRunner, seed_path: Path, tmp_path: Path, args: list[str], words: str
) -> None:
    result = runner.invoke(cli, ["build", str(seed_path), "-o", str(tmp_path), "-f", "png",
                                 *args])  # fmt: skip
    assert result.exit_code == 2, result.output
    assert words in result.output
    assert not list(tmp_path.glob("*.png"))  # nothing written
