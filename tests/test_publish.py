"""Writing maps: all or nothing."""

from __future__ import annotations

import importlib
import json
from pathlib import Path

import pytest

from legmap.errors import RenderError
from legmap.publish import publish

# `legmap.publish` the attribute is the function; the module is reached by name.
publish_module = importlib.import_module("legmap.publish")


def test_writes_geojson(seed_built, tmp_path: Path) -> None:
    written = publish(seed_built, tmp_path / "out", stem="seed", formats=["geojson"])
    assert written == [tmp_path / "out" / "seed.geojson"]
    assert json.loads(written[0].read_text(encoding="utf-8"))["type"] == "FeatureCollection"
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["seed.geojson"]  # no temp files


def test_unknown_format_writes_nothing(seed_built, tmp_path: Path) -> None:
    with pytest.raises(RenderError, match="unknown format 'pdf'"):
        publish(seed_built, tmp_path / "out", stem="seed", formats=["geojson", "pdf"])
    assert not (tmp_path / "out").exists()


def test_failing_renderer_leaves_no_partial_output(
    seed_built, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "seed.geojson").write_text("old", encoding="utf-8")
    real = publish_module._render

    def render(built, fmt, options):
        if fmt == "svg":
            raise RenderError("boom")
        return real(built, fmt, options)

    monkeypatch.setattr(publish_module, "_render", render)
    with pytest.raises(RenderError, match="boom"):
        publish(seed_built, out, stem="seed", formats=["geojson", "svg"])
    # The earlier format was rendered but not written; the old file is intact.
    assert (out / "seed.geojson").read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in out.iterdir()) == ["seed.geojson"]


def test_unwritable_folder_is_a_render_error(seed_built, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    with pytest.raises(RenderError, match="cannot write maps"):
        publish(seed_built, blocker / "sub", stem="seed", formats=["geojson"])
