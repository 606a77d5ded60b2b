"""Outputs editors ask for (issue 12.7): PDF, print sizes, one drawing for every format.

The PDF's text layer is read back with pypdf (pure Python, no dependencies,
test-only): a text extractor that finds the title proves the text is
selectable (TrueType fonts embedded with their Unicode maps), which a
content-stream grep could not.
"""

from __future__ import annotations

import importlib
import io
import zlib

import pytest
from PIL import Image

from _built_fixture import make_built
from legmap.config import RenderOptions
from legmap.publish import FORMATS, publish

pypdf = pytest.importorskip("pypdf")
rs = importlib.import_module("legmap.render.static.renderer")


@pytest.fixture(scope="module")
def pdf_en() -> bytes:
    return rs.render_static(make_built("en"), fmt="pdf")


def test_pdf_text_layer_holds_the_title_and_labels(pdf_en: bytes) -> None:
    assert pdf_en.startswith(b"%PDF-")
    reader = pypdf.PdfReader(io.BytesIO(pdf_en))
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    assert "Kim Jong-un's expected visit to Russia" in text
    for word in ("Vladivostok", "Pyongyang", "Moscow", "Train", "GSHHG"):
        assert word in text
    assert reader.metadata.title == "Kim Jong-un's expected visit to Russia"


def test_pdf_embeds_truetype_fonts_and_stays_vector(pdf_en: bytes) -> None:
    reader = pypdf.PdfReader(io.BytesIO(pdf_en))
    page = reader.pages[0]
    fonts = page["/Resources"]["/Font"]
    kinds = set()
    for ref in fonts.values():
        font = ref.get_object()
        parts = font.get("/DescendantFonts")
        descendant = parts[0].get_object() if parts else font
        descriptor = descendant["/FontDescriptor"].get_object()
        assert "/FontFile2" in descriptor  # the TrueType program is in the file (Type 42)
        assert "/ToUnicode" in font  # glyphs map back to text: selectable, searchable
        kinds.add(str(font["/Subtype"]))
    assert "/Type3" not in kinds
    # The map is drawn with paths: no raster image in the PDF.
    xobjects = page["/Resources"].get("/XObject", {})
    assert not [x for x in xobjects.values() if x.get_object().get("/Subtype") == "/Image"]
    content = page.get_contents().get_data()
    assert content.count(b" l\n") + content.count(b" l ") > 1000  # line segments


def test_pdf_is_deterministic_and_undated(pdf_en: bytes) -> None:
    again = rs.render_static(make_built("en"), fmt="pdf")
    assert again == pdf_en
    assert b"/CreationDate" not in pdf_en
    assert b"/ModDate" not in pdf_en


def test_arabic_pdf_keeps_text(pdf_en: bytes) -> None:
    pdf = rs.render_static(make_built("ar"), fmt="pdf")
    fonts = pypdf.PdfReader(io.BytesIO(pdf)).pages[0]["/Resources"]["/Font"]
    names = {str(f.get_object()["/BaseFont"]) for f in fonts.values()}
    assert any("Arabic" in n for n in names)  # the Arabic face is embedded, not drawn as paths


@pytest.mark.parametrize(("width_mm", "dpi"), [(85.0, 300), (180.0, 150)])
def test_print_sizes(width_mm: float, dpi: int) -> None:
    files = rs.render_static_formats(make_built("en"), formats=["png", "pdf", "svg"],
                                     width_mm=width_mm, dpi=dpi)  # fmt: skip
    png = Image.open(io.BytesIO(files["png"]))
    assert png.width == int(width_mm / 25.4 * dpi)  # whole pixels, as matplotlib rounds down
    box = pypdf.PdfReader(io.BytesIO(files["pdf"])).pages[0].mediabox
    assert float(box.width) == pytest.approx(width_mm / 25.4 * 72, abs=0.5)
    head = files["svg"][:1000].decode()
    svg_width = float(head.split('width="', 1)[1].split("pt", 1)[0])
    assert svg_width == pytest.approx(width_mm / 25.4 * 72, abs=0.01)  # points on the page


def test_pdf_goes_through_publish_with_one_drawing(tmp_path, monkeypatch) -> None:
    assert "pdf" in FORMATS
    calls = []
    original = rs.render_static_formats

    def spy(built, *, formats, options=None, **kw):
        calls.append(list(formats))
        return original(built, formats=formats, options=options, **kw)

    monkeypatch.setattr(rs, "render_static_formats", spy)
    written = publish(make_built("en"), tmp_path, stem="kim", formats=["png", "geojson", "pdf",
                      "svg"], options=RenderOptions(dpi=72))  # fmt: skip
    assert calls == [["png", "pdf", "svg"]]  # drawn once, saved three times
    names = [p.name for p in written]
    assert names[:4] == ["kim.png", "kim.geojson", "kim.pdf", "kim.svg"]
    pdf = (tmp_path / "kim.pdf").read_bytes()
    assert "Kim Jong-un" in pypdf.PdfReader(io.BytesIO(pdf)).pages[0].extract_text()


def test_pdf_text_is_in_compressed_streams_not_outlines(pdf_en: bytes) -> None:
    # Without pypdf's help: text operators (BT ... Tj/TJ ... ET) in the page's streams.
    streams = []
    for chunk in pdf_en.split(b"stream\n")[1:]:
        data = chunk.split(b"\nendstream")[0]
        try:
            streams.append(zlib.decompress(data))
        except zlib.error:
            continue
    page = max(streams, key=len)
    assert page.count(b"BT") > 20
    assert b"Tj" in page or b"TJ" in page
