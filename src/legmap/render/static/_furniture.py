"""Title, credit line, claim note and logo of a static map: text that fits the page.

Every line is measured with matplotlib's renderer in the map's fonts and
broken between words (between characters where a script writes no spaces)
before it would pass the map's right edge, in any language: a title never
runs off the page, it takes a second line.  The figure's height is worked out
from the number of lines, so nothing overlaps.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import matplotlib.image
from matplotlib.backend_bases import RendererBase
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties

from legmap.render.static._text import TextKit, wrap_text

__all__ = ["LINE_SPACING", "TextBlock", "draw_logo", "logo_width_in", "measurer", "text_block"]

#: matplotlib's default spacing between lines of one text, in font sizes.
LINE_SPACING = 1.2


def measurer(renderer: RendererBase, kit: TextKit, *, size: float,
             weight: str = "normal") -> Callable[[str], float]:  # fmt: skip
    """Width in display pixels of a text as the map draws it (shaped, in the map's fonts)."""
    font = FontProperties(family=kit.families, size=size, weight=weight)

    def measure(text: str) -> float:
        if not text:
            return 0.0
        width, _, _ = renderer.get_text_width_height_descent(kit.text(text), font, ismath=False)
        return float(width)

    return measure


@dataclass(frozen=True)
class TextBlock:
    """Lines of one text element, at one size.

    Attributes
    ----------
    lines : tuple of str
        Unshaped lines (shape the joined text once, with ``kit.text``).
    size : float
        Font size in points.
    extra : float or None
        Measured height of the lines after the first, in inches (None: estimated
        from the size, as matplotlib spaces lines).
    height : float or None
        Measured height of the whole block, in inches.
    """

    lines: tuple[str, ...]
    size: float
    extra: float | None = None
    height: float | None = None

    @property
    def text(self) -> str:
        return "\n".join(self.lines)

    def extra_in(self) -> float:
        """Height of the lines after the first, in inches."""
        if len(self.lines) < 2:
            return 0.0
        if self.extra is not None:
            return self.extra
        return (len(self.lines) - 1) * LINE_SPACING * self.size / 72.0

    def measured(self, fig: Figure, kit: TextKit, **props: Any) -> TextBlock:
        """The block with its height, and that of its extra lines, measured on `fig`."""
        renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
        heights = []
        for text in (self.lines[0], self.text):
            artist = fig.text(0, 0, kit.text(text), fontsize=self.size,
                              fontfamily=kit.families, **props)  # fmt: skip
            heights.append(artist.get_window_extent(renderer).height / fig.dpi)
            artist.remove()
        return replace(self, extra=max(0.0, heights[1] - heights[0]), height=heights[1])


def text_block(text: str, *, width: float, measure: Callable[[str], float], size: float,
               parts: list[str] | None = None, sep: str = "  ·  ",
               max_lines: int | None = None) -> TextBlock:  # fmt: skip
    """`text` broken into lines no wider than `width`.

    With `parts` (a credit line's items joined by `sep`), lines break between
    items first, and only inside an item wider than a line.  With `max_lines`,
    what does not fit ends in "…" (:func:`~legmap.render.static._text.wrap_text`).

    Examples
    --------
    >>> text_block("a b c", width=3, measure=len, size=8).lines
    ('a b', 'c')
    >>> text_block("", width=20, measure=len, size=8,
    ...            parts=["Basemap: GSHHG", "Map: legmap", "Story: a long source"], sep=" · ").lines
    ('Basemap: GSHHG', 'Map: legmap', 'Story: a long source')
    """
    if parts is None:
        return TextBlock(tuple(wrap_text(text, width=width, measure=measure, max_lines=max_lines)),
                         size)  # fmt: skip
    lines: list[str] = []
    line = ""
    for part in parts:
        candidate = f"{line}{sep}{part}" if line else part
        if measure(candidate) <= width:
            line = candidate
            continue
        if line:
            lines.append(line)
        pieces = wrap_text(part, width=width, measure=measure)
        lines += pieces[:-1]
        line = pieces[-1]
    lines.append(line)
    return TextBlock(tuple(lines), size)


def logo_width_in(path: Path, height_in: float) -> float:
    """Width in inches of a logo drawn `height_in` tall."""
    image: Any = matplotlib.image.imread(path)
    return float(height_in * image.shape[1] / image.shape[0])


def draw_logo(fig: Figure, path: Path, *, x_in: float, y_in: float, height_in: float,
              right: bool) -> float:  # fmt: skip
    """Draw a PNG logo with its lower corner at (`x_in`, `y_in`); return its width in inches.

    `right`: `x_in` is the logo's right edge (left edge otherwise).  The logo
    sits in axes of its own, so it scales with vector output (SVG, PDF).
    """
    image: Any = matplotlib.image.imread(path)
    width_in = float(height_in * image.shape[1] / image.shape[0])
    w, h = fig.get_figwidth(), fig.get_figheight()
    x0 = x_in - width_in if right else x_in
    ax = fig.add_axes((x0 / w, y_in / h, width_in / w, height_in / h))
    ax.imshow(image, interpolation="antialiased", aspect="auto")
    ax.set_axis_off()
    return width_in
