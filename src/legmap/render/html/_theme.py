"""A newsroom theme on the web map: fonts, title, credit and logo (no folium here).

The theme's colours and line widths reach the map through the drawing specs
(:mod:`legmap.render.html._specs`, :meth:`legmap.render.theme.Theme.leg_style`);
this module writes the rest: one small stylesheet put after legmap's own (the
theme's font families ahead of legmap's font stack, the title's size and
weight) and the credit line's first item (the theme's logo, inlined as a
``data:`` URI, and its credit text).  legmap's own look writes nothing here, so
a page without a theme keeps its exact bytes.

Theme text is data, never markup: a font name is written as a CSS string whose
every character other than letters, digits, spaces, ``-`` and ``_`` is a CSS
hex escape (no quote, ``<``, ``{`` or backslash survives), the credit text goes
through :func:`~legmap.render.html._assets.esc`, and the logo must still be a
PNG when the page is written.

Examples
--------
>>> from legmap.render.theme import DEFAULT_THEME, parse_theme
>>> theme_css(DEFAULT_THEME), credit_html(DEFAULT_THEME)
('', '')
>>> css_string('Noto Serif')
'"Noto Serif"'
>>> css_string('A"</style>')
'"A\\\\22 \\\\3c \\\\2f style\\\\3e "'
>>> theme = parse_theme('[fonts]\\ntitle_size = 18\\ntitle_weight = "normal"')
>>> print(theme_css(theme))
.lm-title h1 { font-size: 20.4px; font-weight: 400; }
@media (max-width: 480px) { .lm-title h1 { font-size: 16.8px; } }
"""

from __future__ import annotations

import base64
import re
from functools import cache

from legmap.errors import RenderError
from legmap.render.html._assets import esc, legmap_css
from legmap.render.theme import DEFAULT_THEME, Theme

__all__ = [
    "LEAFLET_LINK", "LOGO_MAX_BYTES", "LOGO_PX", "TITLE_PX", "credit_html", "credit_prefix",
    "css_string", "legmap_fonts", "logo_data_uri", "theme_css",
]  # fmt: skip

#: legmap's title on screen (``legmap.css``): 17 px, 14 px on phones.  A theme's
#: title size (points, for print) scales them by its ratio to legmap's own 15 pt,
#: so the screen title keeps the proportion the theme gives the printed one.
TITLE_PX = (17.0, 14.0)
#: The logo's height in the credit strip, in CSS pixels (``logo_height_mm`` is for print).
LOGO_PX = 16
#: The largest logo inlined into a page (it travels in every copy of the map).
LOGO_MAX_BYTES = 512 * 1024
#: The credit strip's prefix (Leaflet writes it before the other credits).
LEAFLET_LINK = '<a href="https://leafletjs.com" target="_blank" rel="noopener">Leaflet</a>'
_PNG = b"\x89PNG\r\n\x1a\n"
_PLAIN = re.compile(r"[\w \-]", re.UNICODE)
# The font list of the map container's `font:` shorthand in legmap.css.
_FONT_RULE = re.compile(r"\.leaflet-container \{[^}]*?\bfont: [^ ;]+ ([^;]+);")


def css_string(text: str) -> str:
    """`text` as a double-quoted CSS string: only letters, digits, ``-``, ``_`` and spaces stay.

    Everything else becomes a CSS hex escape followed by a space (which ends the
    escape), so no quote, angle bracket, brace, semicolon or backslash is left.
    """
    out = "".join(c if _PLAIN.fullmatch(c) else f"\\{ord(c):x} " for c in text)
    return f'"{out}"'


@cache
def legmap_fonts() -> str:
    """The font stack of ``legmap.css``: the fallbacks after a theme's fonts.

    Examples
    --------
    >>> legmap_fonts().split(",")[0], legmap_fonts().split(",")[-1].strip()
    ('system-ui', 'sans-serif')
    """
    found = _FONT_RULE.search(legmap_css())
    if found is None:  # legmap.css lost its font rule: a bug, caught by the tests
        raise RenderError("legmap.css has no font list on .leaflet-container")
    return " ".join(found.group(1).split())


def _px(value: float) -> str:
    return f"{round(value, 2):g}px"


def theme_css(theme: Theme) -> str:
    """The page's theme stylesheet: fonts, title size and weight, logo; empty for legmap's look."""
    rules: list[str] = []
    if theme.fonts:
        families = ", ".join(css_string(f) for f in theme.fonts)
        rules.append(f".leaflet-container {{ font-family: {families}, {legmap_fonts()}; }}")
    if (theme.title_size, theme.title_weight) != (DEFAULT_THEME.title_size,
                                                  DEFAULT_THEME.title_weight):  # fmt: skip
        ratio = theme.title_size / DEFAULT_THEME.title_size
        weight = 700 if theme.title_weight == "bold" else 400  # validated in render.theme
        rules.append(f".lm-title h1 {{ font-size: {_px(TITLE_PX[0] * ratio)}; "
                     f"font-weight: {weight}; }}")  # fmt: skip
        rules.append(f"@media (max-width: 480px) {{ .lm-title h1 {{ font-size: "
                     f"{_px(TITLE_PX[1] * ratio)}; }} }}")  # fmt: skip
    if theme.logo is not None:
        rules.append(f".lm-logo {{ height: {LOGO_PX}px; width: auto; vertical-align: middle; "
                     "margin-inline-end: 4px; }")  # fmt: skip
    return "\n".join(rules)


def logo_data_uri(theme: Theme) -> str:
    """The theme's logo as a ``data:image/png;base64,...`` URI.

    Raises
    ------
    legmap.errors.RenderError
        The logo cannot be read, is no longer a PNG, or is over :data:`LOGO_MAX_BYTES`.
    """
    if theme.logo is None:
        raise RenderError("the theme has no logo")
    file = str(theme.source) if theme.source is not None else None
    try:
        data = theme.logo.read_bytes()
    except OSError as err:
        raise RenderError(f"cannot read the logo: {err.strerror or err}", file=file,
                          spot="credit.logo") from None  # fmt: skip
    if not data.startswith(_PNG):
        raise RenderError("the logo must be a PNG file", file=file, spot="credit.logo")
    if len(data) > LOGO_MAX_BYTES:
        raise RenderError(f"a logo for the HTML map is at most {LOGO_MAX_BYTES // 1024} KB",
                          file=file, spot="credit.logo")  # fmt: skip
    return "data:image/png;base64," + base64.b64encode(data).decode("ascii")


def credit_html(theme: Theme) -> str:
    """The credit line's first item: the logo and the theme's credit, one ``<bdi>``; or ``""``.

    The logo's ``alt`` is empty: the credit text beside it says whose it is
    (and a logo alone is the newsroom's mark, not content).
    """
    bits = []
    if theme.logo is not None:
        bits.append(f'<img class="lm-logo" src="{logo_data_uri(theme)}" alt="" height="{LOGO_PX}">')
    if theme.credit:
        bits.append(esc(theme.credit))
    return f'<bdi class="lm-credit">{"".join(bits)}</bdi>' if bits else ""


def credit_prefix(credit: str = "") -> str:
    """The credit strip's prefix: `credit` (:func:`credit_html`), then the Leaflet link.

    Examples
    --------
    >>> credit_prefix() == LEAFLET_LINK
    True
    >>> credit_prefix("<bdi>A</bdi>").startswith('<bdi>A</bdi> <span aria-hidden="true">|</span>')
    True
    """
    # Leaflet's own separator between a prefix and the credits.
    return f'{credit} <span aria-hidden="true">|</span> {LEAFLET_LINK}' if credit else LEAFLET_LINK
