"""Write a built story's maps into a folder, all or nothing.

Every requested format is rendered in memory first; only when all succeeded are
the files written, each through a temporary file and an atomic rename, so a
failure never leaves a half-written map behind (nor replaces a good one).
"""

from __future__ import annotations

import importlib
import os
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

from legmap.config import RenderOptions
from legmap.errors import RenderError
from legmap.legs.build import BuiltStory

__all__ = ["FORMATS", "publish"]

#: format -> (module, function); imported lazily so GeoJSON output never loads
#: folium or matplotlib.  Each function takes (built, *, options) or (built, *, fmt, options).
_RENDERERS: dict[str, tuple[str, str]] = {
    "html": ("legmap.render.html.renderer", "render_html"),
    "geojson": ("legmap.render.geojson", "to_geojson"),
    "png": ("legmap.render.static.renderer", "render_static"),
    "svg": ("legmap.render.static.renderer", "render_static"),
}
FORMATS = tuple(_RENDERERS)


def _render(built: BuiltStory, fmt: str, options: RenderOptions) -> bytes:
    module, name = _RENDERERS[fmt]
    func: Callable[..., str | bytes] = getattr(importlib.import_module(module), name)
    out: str | bytes
    if fmt in {"png", "svg"}:
        out = func(built, fmt=fmt, options=options)
    elif fmt == "html":
        out = func(built, options=options)
    else:
        out = func(built)
    return out.encode("utf-8") if isinstance(out, str) else bytes(out)


def _embed(built: BuiltStory, html_name: str, options: RenderOptions) -> bytes:
    from legmap.render.html.renderer import embed_snippet  # noqa: PLC0415 - folium only when HTML is asked

    return embed_snippet(html_name, title=built.title, lang=options.lang or built.lang).encode()


def _write_atomic(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        Path(tmp).chmod(0o644)
        Path(tmp).replace(path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def publish(
    built: BuiltStory,
    out_dir: str | os.PathLike[str],
    *,
    stem: str,
    formats: Iterable[str] = ("html", "geojson"),
    options: RenderOptions | None = None,
    progress: Callable[[str], None] | None = None,
) -> list[Path]:
    """Render `built` in each format and write ``out_dir/<stem>.<ext>``.

    Parameters
    ----------
    built : BuiltStory
        The output of :func:`legmap.build_story`.
    out_dir : path-like
        Folder to write into; created if missing.
    stem : str
        File name without extension (the CLI uses the story file's stem).
    formats : iterable of str
        Any of ``html``, ``geojson``, ``png``, ``svg``.  HTML also writes
        ``<stem>.embed.html``, an iframe snippet for reports.
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
        Unknown format, or the folder cannot be written.  Nothing is written then.
    """
    options = options or RenderOptions()
    formats = list(dict.fromkeys(formats))
    unknown = [f for f in formats if f not in _RENDERERS]
    if unknown:
        msg = f"unknown format {unknown[0]!r} (use any of: {', '.join(FORMATS)})"
        raise RenderError(msg)
    outputs: list[tuple[str, bytes]] = []
    for fmt in formats:
        if progress:
            progress(f"rendering {fmt}")
        outputs.append((f"{stem}.{fmt}", _render(built, fmt, options)))
        if fmt == "html":
            outputs.append((f"{stem}.embed.html", _embed(built, f"{stem}.html", options)))
    folder = Path(out_dir)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        written = []
        for name, data in outputs:
            _write_atomic(folder / name, data)
            written.append(folder / name)
    except OSError as err:
        msg = f"cannot write maps: {err.strerror or err}"
        raise RenderError(msg, file=str(err.filename or folder)) from None
    return written
