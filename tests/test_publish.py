"""Writing maps: all or nothing."""

from __future__ import annotations

import errno
import importlib
import json
import os
import signal
import subprocess
import sys
import time
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
    with pytest.raises(RenderError, match="unknown format 'gif'"):
        publish(seed_built, tmp_path / "out", stem="seed", formats=["geojson", "gif"])
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


# --- the whole set or nothing (issue 16, item 3) -------------------------------

FORMATS = ["html", "geojson", "png", "svg"]
SET = ["seed.html", "seed.embed.html", "seed.geojson", "seed.png", "seed.svg", "seed.alt.txt"]


@pytest.fixture
def fast(monkeypatch: pytest.MonkeyPatch) -> None:
    """Renderers that answer at once: these tests are about files, not drawing."""
    monkeypatch.setattr(publish_module, "_render", lambda b, fmt, o: f"new {fmt}".encode())
    monkeypatch.setattr(publish_module, "_embed", lambda b, name, o: f"new embed {name}".encode())
    monkeypatch.setattr(publish_module, "_alt", lambda b, o: b"new alt text")


def _older_set(out: Path) -> dict[str, tuple[bytes, int]]:
    out.mkdir(parents=True, exist_ok=True)
    for name in SET:
        (out / name).write_bytes(f"old {name}".encode())
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    return _snapshot(out)


def _snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every entry of `folder` (hidden ones too): bytes and permission bits."""
    return {
        str(p.relative_to(folder)): (p.read_bytes() if p.is_file() else b"<dir>",
                                     p.stat().st_mode)
        for p in sorted(folder.rglob("*"))
    }  # fmt: skip


def test_new_set_replaces_the_old_one(seed_built, tmp_path: Path, fast) -> None:
    out = tmp_path / "out"
    _older_set(out)
    written = publish(seed_built, out, stem="seed", formats=FORMATS)
    assert [p.name for p in written] == SET
    assert {p.name: p.read_bytes() for p in written}["seed.png"] == b"new png"
    assert sorted(p.name for p in out.iterdir()) == sorted([*SET, "notes.txt"])  # nothing staged
    assert all((p.stat().st_mode & 0o777) == 0o644 for p in written)


def test_a_folder_in_the_way_changes_nothing(seed_built, tmp_path: Path, fast) -> None:
    out = tmp_path / "out"
    _older_set(out)
    (out / "seed.png").unlink()
    (out / "seed.png").mkdir()  # a folder where the PNG goes
    before = _snapshot(out)
    with pytest.raises(RenderError) as info:
        publish(seed_built, out, stem="seed", formats=FORMATS)
    assert str(info.value) == f"{out / 'seed.png'}: cannot write maps: a folder is in the way"
    assert _snapshot(out) == before


def test_read_only_map_is_not_replaced(seed_built, tmp_path: Path, fast) -> None:
    out = tmp_path / "out"
    _older_set(out)
    (out / "seed.svg").chmod(0o444)
    before = _snapshot(out)
    with pytest.raises(RenderError, match="read-only") as info:
        publish(seed_built, out, stem="seed", formats=FORMATS)
    assert info.value.file == str(out / "seed.svg")
    assert _snapshot(out) == before


def test_failure_during_the_swap_puts_every_old_map_back(
    seed_built, tmp_path: Path, fast, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The fourth rename into place fails (as on a full disk or a vanished
    # mount): the three maps already swapped in are swapped back out.
    out = tmp_path / "out"
    before = _older_set(out)
    real = Path.rename
    moved_in: list[str] = []

    def rename(self: Path, target: Path) -> Path:
        if Path(target).parent == out:
            if len(moved_in) == 3:
                raise OSError(errno.ENOSPC, "No space left on device", str(self))
            moved_in.append(Path(target).name)
        return real(self, target)

    monkeypatch.setattr(Path, "rename", rename)
    with pytest.raises(RenderError) as info:
        publish(seed_built, out, stem="seed", formats=FORMATS)
    assert moved_in == SET[:3]
    assert str(info.value) == f"{out / 'seed.png'}: cannot write maps: No space left on device"
    assert _snapshot(out) == before


def test_an_old_map_that_cannot_be_put_back_is_kept_and_named(
    seed_built, tmp_path: Path, fast, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Worst case: the swap fails and so does putting one old map back.  The
    # old map is not deleted with the staging folder: the error says where it is.
    out = tmp_path / "out"
    _older_set(out)
    real_rename, real_replace = Path.rename, Path.replace
    moved_in: list[str] = []

    def rename(self: Path, target: Path) -> Path:
        if Path(target).parent == out:
            if len(moved_in) == 2:
                raise OSError(errno.EIO, "Input/output error", str(self))
            moved_in.append(Path(target).name)
        return real_rename(self, target)

    def replace(self: Path, target: Path) -> Path:
        if Path(target).name == SET[0]:
            raise OSError(errno.EIO, "Input/output error")
        return real_replace(self, target)

    monkeypatch.setattr(Path, "rename", rename)
    monkeypatch.setattr(Path, "replace", replace)
    with pytest.raises(RenderError, match=r"could not put back seed\.html \(they are in ") as info:
        publish(seed_built, out, stem="seed", formats=FORMATS)
    kept = Path(str(info.value).rsplit("(they are in ", 1)[1].rstrip(")")) / SET[0]
    assert kept.read_bytes() == b"old seed.html"
    assert (out / SET[1]).read_bytes() == b"old seed.embed.html"  # the other one went back


def test_disk_full_while_staging_names_the_map(
    seed_built, tmp_path: Path, fast, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    before = _older_set(out)
    real, calls = os.fsync, []

    def fsync(fd: int) -> None:
        calls.append(fd)
        if len(calls) == 3:
            raise OSError(errno.ENOSPC, "No space left on device")
        real(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    with pytest.raises(RenderError) as info:
        publish(seed_built, out, stem="seed", formats=FORMATS)
    assert info.value.file == str(out / "seed.geojson")  # the map, not a temporary file
    assert _snapshot(out) == before


def test_a_folder_made_for_a_failed_set_is_removed(
    seed_built, tmp_path: Path, fast, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fsync(fd: int) -> None:
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(os, "fsync", fsync)
    with pytest.raises(RenderError, match="Input/output error"):
        publish(seed_built, tmp_path / "a" / "b" / "c", stem="seed", formats=["geojson"])
    assert list(tmp_path.iterdir()) == []


def test_signal_during_the_swap_waits_for_the_swap(
    seed_built, tmp_path: Path, fast, monkeypatch: pytest.MonkeyPatch
) -> None:
    # SIGTERM arrives after the first map is in place: the rest follow, then
    # legmap stops; the folder holds the whole new set, never half of it.
    out = tmp_path / "out"
    _older_set(out)
    real = Path.rename

    def rename(self: Path, target: Path) -> Path:
        result = real(self, target)
        if Path(target) == out / SET[0]:
            os.kill(os.getpid(), signal.SIGTERM)
        return result

    monkeypatch.setattr(Path, "rename", rename)
    with pytest.raises(SystemExit) as info:
        publish(seed_built, out, stem="seed", formats=FORMATS)
    assert info.value.code == 128 + signal.SIGTERM
    assert all((out / name).read_bytes().startswith(b"new") for name in SET)
    assert not [p for p in out.iterdir() if p.name.startswith(".legmap-")]
    assert signal.getsignal(signal.SIGTERM) == signal.SIG_DFL  # handler put back


@pytest.mark.parametrize("stem", ["x.embed", "X.EMBED", "", "a/b", ".."])
def test_stems_that_cannot_name_a_set(seed_built, tmp_path: Path, fast, stem: str) -> None:
    with pytest.raises(RenderError, match="cannot name maps"):
        publish(seed_built, tmp_path / "out", stem=stem, formats=["html"])
    assert not (tmp_path / "out").exists()


def test_embed_snippet_of_a_name_with_a_colon(seed_built, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(publish_module, "_render", lambda b, fmt, o: b"<html></html>")
    publish(seed_built, tmp_path, stem="a:b #1", formats=["html"])
    snippet = (tmp_path / "a:b #1.embed.html").read_text(encoding="utf-8")
    assert 'src="a%3Ab%20%231.html"' in snippet  # a relative URL the browser decodes back


# --- Ctrl-C and SIGTERM in the middle of a real build -----------------------------

_INTERRUPTED_BUILD = """
import importlib, sys, time
from pathlib import Path

publish = importlib.import_module("legmap.publish")
real = publish._stage
marker = Path(sys.argv[3])


def stage_then_wait(stage, name, data, target):
    real(stage, name, data, target)
    marker.write_text(name)  # one map is staged: the test sends its signal now
    time.sleep(120)


publish._stage = stage_then_wait
from legmap.cli import main

main(["build", sys.argv[1], "-o", sys.argv[2], "--format", "geojson,svg"])
"""


@pytest.mark.parametrize(
    ("signum", "code"), [(signal.SIGINT, 1), (signal.SIGTERM, 128 + signal.SIGTERM)]
)
def test_interrupted_build_leaves_the_folder_as_it_was(
    seed_path: Path, tmp_path: Path, signum: int, code: int
) -> None:
    out = tmp_path / "maps"
    out.mkdir()
    for name in ["kim-putin-2023.geojson", "kim-putin-2023.svg", "kim-putin-2023.html"]:
        (out / name).write_text(f"an older {name}", encoding="utf-8")
    before = _snapshot(out)
    marker = tmp_path / "staged"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    proc = subprocess.Popen(
        [sys.executable, "-c", _INTERRUPTED_BUILD, str(seed_path), str(out), str(marker)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    try:
        deadline = time.monotonic() + 120
        while not marker.exists():
            assert proc.poll() is None, proc.communicate()
            assert time.monotonic() < deadline, "the build never staged a map"
            time.sleep(0.05)
        assert marker.read_text(encoding="utf-8") == "kim-putin-2023.geojson"
        proc.send_signal(signum)
        _, stderr = proc.communicate(timeout=60)
    finally:
        proc.kill()
    assert proc.returncode == code, stderr
    assert b"Traceback" not in stderr
    assert _snapshot(out) == before  # byte for byte, and no staging folder left
