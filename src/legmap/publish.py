"""Write a built story's maps into a folder: the whole set, or nothing.

A map set (``<stem>.html``, ``<stem>.embed.html``, ``<stem>.geojson``,
``<stem>.png``, ``<stem>.svg``, ``<stem>.pdf``, and beside any picture
``<stem>.alt.txt``, its description for screen readers) is published in three
steps (PNG, SVG and PDF are drawn once and saved in each):

1. **Render** every requested format in memory.  A renderer that fails stops
   everything before the folder is touched.
2. **Stage** the files in a hidden folder inside the output folder
   (``.legmap-XXXX/``, same file system, so renames are atomic).  Before that,
   every target is checked: a folder, or a read-only file, where a map should go
   stops the build (legmap never replaces a file you protected).
3. **Swap**: each existing map is moved into the staging folder and the new one
   renamed into place.  If any rename fails, the ones already done are undone,
   so the folder is exactly as it was.  Ctrl-C or SIGTERM during the swap is held
   until the swap is complete (a few renames); during staging it stops at once.
   Either way the staging folder is removed.

On any failure or signal the output folder keeps the files it had (same names,
same bytes); a folder legmap created for the set is removed again.  Errors name
the output file, never the staging file.  Two legmap processes writing the same
folder take turns (a lock on the folder, where the system has ``fcntl``).
Only ``kill -9`` (or a power cut) can leave a hidden ``.legmap-*`` folder
behind; it holds nothing that is in use and can be deleted.
"""

from __future__ import annotations

import contextlib
import contextvars
import importlib
import os
import shutil
import signal
import stat
import tempfile
import threading
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from types import FrameType
from urllib.parse import quote as url_quote

from legmap._optional import require
from legmap.config import RenderOptions
from legmap.errors import RenderError, quote
from legmap.legs.build import BuiltStory

__all__ = ["FORMATS", "publish"]

#: format -> (module, function); imported lazily so GeoJSON output never loads
#: folium or matplotlib.  Each function takes (built, *, options) or (built, *, fmt, options).
_RENDERERS: dict[str, tuple[str, str]] = {
    "html": ("legmap.render.html.renderer", "render_html"),
    "geojson": ("legmap.render.geojson", "to_geojson"),
    "png": ("legmap.render.static.renderer", "render_static"),
    "svg": ("legmap.render.static.renderer", "render_static"),
    "pdf": ("legmap.render.static.renderer", "render_static"),
}
FORMATS = tuple(_RENDERERS)
#: Static formats: drawn once, saved in each (``render_static_formats``).
_STATIC = ("png", "svg", "pdf")
#: The static formats of the set being published, and the files drawn for them.
_BATCH: contextvars.ContextVar[tuple[list[str], dict[str, bytes]] | None] = contextvars.ContextVar(
    "legmap_static_batch", default=None
)

#: The embed snippet of ``<stem>.html`` is ``<stem>.embed.html``: a stem ending
#: in this would take another story's snippet name.
_EMBED = ".embed"
_STAGE_PREFIX = ".legmap-"


def _render(built: BuiltStory, fmt: str, options: RenderOptions) -> bytes:
    batch = _BATCH.get()
    if fmt in _STATIC and batch is not None:  # one drawing for the set's PNG, SVG and PDF
        formats, files = batch
        if fmt not in files:
            from legmap.render.static.renderer import render_static_formats  # noqa: PLC0415

            files.update(render_static_formats(built, formats=formats, options=options))
        return files[fmt]
    module, name = _RENDERERS[fmt]
    func: Callable[..., str | bytes] = getattr(importlib.import_module(module), name)
    out: str | bytes
    if fmt in _STATIC:
        out = func(built, fmt=fmt, options=options)
    elif fmt == "html":
        out = func(built, options=options)
    else:
        out = func(built)
    return out.encode("utf-8") if isinstance(out, str) else bytes(out)


def _embed(built: BuiltStory, html_name: str, options: RenderOptions) -> bytes:
    from legmap.render.html.renderer import embed_snippet  # noqa: PLC0415 - folium only when HTML is asked

    # The snippet points at the page by a relative URL: a name with ':', '#',
    # '?' or spaces is percent-encoded (the browser decodes it back).
    src = url_quote(html_name, safe="")
    alt = _alt(built, options).decode("utf-8").strip()
    return embed_snippet(src, title=built.title, lang=options.lang or built.lang, alt=alt).encode()


def _alt(built: BuiltStory, options: RenderOptions) -> bytes:
    """``<stem>.alt.txt``: the map's description, for a CMS's alt field (UTF-8, one line)."""
    from legmap.render.alt import alt_text  # noqa: PLC0415 - renderers load lazily

    return (alt_text(built, lang=options.lang, units=options.units) + "\n").encode("utf-8")


def check_stem(stem: str) -> None:
    """Refuse a file stem that cannot name a map set.

    Raises
    ------
    RenderError
        `stem` is empty, holds a path separator, or ends in ``.embed`` (the
        maps of ``x.embed.toml`` would overwrite ``x.embed.html``, the embed
        snippet of ``x.toml``).

    Examples
    --------
    >>> check_stem("kim-putin-2023")
    >>> check_stem("kim.embed")
    Traceback (most recent call last):
    ...
    legmap.errors.RenderError: cannot name maps 'kim.embed': names ending in '.embed' are kept for embed snippets (kim.embed.html is the snippet of kim.html); rename the story file
    """  # noqa: E501
    bad_chars = {"/", "\\", "\0", os.sep} & set(stem)
    if not stem.strip() or stem in {".", ".."} or bad_chars:
        raise RenderError(f"cannot name maps {quote(stem)}: not a file name")
    if stem.lower().endswith(_EMBED):
        base = stem[: -len(_EMBED)]
        msg = (
            f"cannot name maps {quote(stem)}: names ending in '{_EMBED}' are kept for embed "
            f"snippets ({base}{_EMBED}.html is the snippet of {base}.html); rename the story file"
        )
        raise RenderError(msg)


def publish(
    built: BuiltStory,
    out_dir: str | os.PathLike[str],
    *,
    stem: str,
    formats: Iterable[str] = ("html", "geojson"),
    options: RenderOptions | None = None,
    progress: Callable[[str], None] | None = None,
) -> list[Path]:
    """Render `built` in each format and write ``out_dir/<stem>.<ext>``, all or nothing.

    Parameters
    ----------
    built : BuiltStory
        The output of :func:`legmap.build_story`.
    out_dir : path-like
        Folder to write into; created if missing (and removed again if the
        set cannot be written).
    stem : str
        File name without extension (the CLI uses the story file's stem).
        Names ending in ``.embed`` are refused (see :func:`check_stem`).
    formats : iterable of str
        Any of ``html``, ``geojson``, ``png``, ``svg``, ``pdf`` (PNG, SVG and PDF
        are drawn once and saved in each).  HTML also writes
        ``<stem>.embed.html``, an iframe snippet for reports; any format but
        GeoJSON also writes ``<stem>.alt.txt`` (:func:`legmap.render.alt.alt_text`).
    options : RenderOptions, optional
        Drawing options shared by the renderers.
    progress : callable, optional
        Called with a short message before each step (the CLI prints them).

    Returns
    -------
    list of pathlib.Path
        The files written, in `formats` order.

    Raises
    ------
    RenderError
        Unknown format, a bad stem, a folder or read-only file where a map
        goes, or the folder cannot be written.  The folder is then exactly as
        it was: the set is published whole or not at all (module docstring).
    ModuleNotFoundError
        PNG, SVG or PDF without the ``static`` extra (the message names it).
    """
    options = options or RenderOptions()
    formats = list(dict.fromkeys(formats))
    unknown = [f for f in formats if f not in _RENDERERS]
    if unknown:
        msg = f"unknown format {quote(unknown[0])} (use any of: {', '.join(FORMATS)})"
        raise RenderError(msg)
    check_stem(stem)
    if any(f in _STATIC for f in formats):  # said before any drawing, not after the HTML
        require("matplotlib")
    outputs: list[tuple[str, bytes]] = []
    token = _BATCH.set(([f for f in formats if f in _STATIC], {}))
    try:
        for fmt in formats:
            if progress:
                progress(f"rendering {fmt}")
            outputs.append((f"{stem}.{fmt}", _render(built, fmt, options)))
            if fmt == "html":
                outputs.append((f"{stem}{_EMBED}.html", _embed(built, f"{stem}.html", options)))
    finally:
        _BATCH.reset(token)
    if any(fmt != "geojson" for fmt in formats):  # a picture: its alt text goes beside it
        outputs.append((f"{stem}.alt.txt", _alt(built, options)))
    return _write_set(Path(out_dir), outputs)


# ---------------------------------------------------------------- writing the set


def _failure(err: OSError, target: Path) -> RenderError:
    return RenderError(f"cannot write maps: {err.strerror or err}", file=str(target))


def _make_folder(folder: Path) -> list[Path]:
    """Create `folder` and missing parents; return the ones created, outermost first."""
    missing = []
    probe = folder
    while not probe.exists() and probe != probe.parent:
        missing.append(probe)
        probe = probe.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        msg = "cannot write maps: this is a file, not a folder"
        raise RenderError(msg, file=str(folder)) from None
    except OSError as err:
        raise _failure(err, Path(err.filename or folder)) from None
    return missing[::-1]


def _check_targets(targets: list[Path]) -> None:
    """Stop before touching anything if a map cannot take the place of what is there."""
    for target in targets:
        try:
            st = target.lstat()
        except FileNotFoundError:
            continue
        except OSError as err:
            raise _failure(err, target) from None
        if stat.S_ISDIR(st.st_mode):
            raise RenderError("cannot write maps: a folder is in the way", file=str(target))
        if stat.S_ISLNK(st.st_mode):
            continue  # the link is replaced, not the file it points to
        if not stat.S_ISREG(st.st_mode):
            raise RenderError("cannot write maps: not a regular file", file=str(target))
        if not (st.st_mode & 0o222) or not os.access(target, os.W_OK):
            msg = "cannot write maps: the file is read-only (legmap does not replace it)"
            raise RenderError(msg, file=str(target))


def _stage(stage: Path, name: str, data: bytes, target: Path) -> None:
    try:
        fd = os.open(stage / name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(stage / name, 0o644)  # noqa: PTH101 - maps are for sharing
    except OSError as err:
        raise _failure(err, target) from None


def _swap(stage: Path, names: list[str], targets: list[Path]) -> None:
    """Move the staged files into place; on any failure put every old file back."""
    old = stage / "old"
    old.mkdir()
    done: list[tuple[Path, Path | None]] = []  # (target now holding a new map, its backup)
    current = targets[0]
    try:
        for name, target in zip(names, targets, strict=True):
            current, backup = target, None
            if target.is_symlink() or target.exists():
                backup = old / name
                target.rename(backup)
            try:
                (stage / name).rename(target)
            except BaseException:
                if backup is not None:
                    backup.replace(target)
                raise
            done.append((target, backup))
    except BaseException as err:
        unrestored = []
        for target, backup in reversed(done):
            try:
                if backup is not None:
                    backup.replace(target)
                else:
                    target.unlink()
            except OSError:
                unrestored.append(target.name)
        if unrestored:  # rare: the folder failed under us; say where the old maps are
            msg = f"cannot write maps: {err}; could not put back {', '.join(unrestored)}"
            raise _UnrestoredError(f"{msg} (they are in {old})", file=str(current)) from None
        if isinstance(err, OSError):
            msg = f"cannot write maps: {err.strerror or err}"
            raise RenderError(msg, file=str(current)) from None
        raise


class _UnrestoredError(RenderError):
    """A swap failed and some old maps could not be put back: keep the staging folder."""


class _Signals:
    """SIGINT, SIGTERM and SIGHUP raise during staging and wait during the swap.

    Python runs signal handlers in the main thread between bytecodes, so a
    handler that raises unwinds through the ``finally`` clauses that remove the
    staging folder.  Only handlers still at their defaults are replaced (an
    application's own handlers are left alone), and only from the main thread.
    """

    _NAMES = ("SIGINT", "SIGTERM", "SIGHUP")

    def __init__(self) -> None:
        self.hold = False
        self.pending: int | None = None
        self._saved: dict[int, object] = {}

    def _handler(self, signum: int, frame: FrameType | None) -> None:
        if self.hold:
            self.pending = signum
            return
        raise _interruption(signum)

    def __enter__(self) -> _Signals:
        if threading.current_thread() is not threading.main_thread():
            return self
        for name in self._NAMES:
            signum = getattr(signal, name, None)
            if signum is None:
                continue
            current = signal.getsignal(signum)
            if current in (signal.SIG_DFL, signal.default_int_handler):
                self._saved[signum] = current
                signal.signal(signum, self._handler)
        return self

    def __exit__(self, *exc: object) -> None:
        for signum, handler in self._saved.items():
            signal.signal(signum, handler)  # type: ignore[arg-type]

    @contextlib.contextmanager
    def held(self) -> Iterator[None]:
        """Hold signals while the block runs; deliver the last one after it."""
        self.hold = True
        try:
            yield
        finally:
            self.hold = False
        if self.pending is not None:
            raise _interruption(self.pending)


def _interruption(signum: int) -> BaseException:
    if signum == signal.SIGINT:
        return KeyboardInterrupt()
    return SystemExit(128 + signum)


@contextlib.contextmanager
def _folder_lock(folder: Path) -> Iterator[None]:
    """An exclusive lock on the folder itself (no lock file is left behind)."""
    try:
        import fcntl  # noqa: PLC0415 - POSIX only
    except ImportError:  # pragma: no cover - Windows: no lock
        yield
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        yield  # a folder we cannot open for reading: write without the lock
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def _write_set(folder: Path, outputs: list[tuple[str, bytes]]) -> list[Path]:
    names = [name for name, _ in outputs]
    targets = [folder / name for name in names]
    with _Signals() as signals:
        created = _make_folder(folder)
        try:
            with _folder_lock(folder):
                _check_targets(targets)
                try:
                    stage = Path(tempfile.mkdtemp(dir=folder, prefix=_STAGE_PREFIX))
                except OSError as err:
                    raise _failure(err, folder) from None
                keep = False
                try:
                    for (name, data), target in zip(outputs, targets, strict=True):
                        _stage(stage, name, data, target)
                    with signals.held():
                        _swap(stage, names, targets)
                except _UnrestoredError:
                    keep = True  # it holds old maps the error message points to
                    raise
                finally:
                    if not keep:
                        shutil.rmtree(stage, ignore_errors=True)
        except BaseException:
            for path in reversed(created):
                with contextlib.suppress(OSError):
                    path.rmdir()  # only if still empty
            raise
    return targets
