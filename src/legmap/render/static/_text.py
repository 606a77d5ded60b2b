"""Fonts and text shaping for the static maps (Arabic, Korean, Cyrillic, Latin).

Matplotlib picks glyphs from a *list* of font families (per-glyph fallback), so
each language gets its script's font first and a Latin font after it.

Arabic must be joined and laid out right to left.  Matplotlib 3.11+ built with
libraqm shapes and reorders text itself, and feeding it pre-shaped text would
reverse it again (matplotlib issue #32262); older builds need arabic-reshaper and
python-bidi's ``get_display``.  :func:`shape` decides which by asking matplotlib's
FreeType wrapper whether it has libraqm.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Callable, Collection
from dataclasses import dataclass, field

import arabic_reshaper
import matplotlib.ft2font
from bidi import get_display
from matplotlib import font_manager

__all__ = [
    "TextKit", "find_font", "has_rtl", "latin_families", "make_text_kit", "shape", "wrap_text",
]  # fmt: skip

# Preferred families per language, best first.  Noto is the better Arabic face;
# DejaVu Sans (shipped with matplotlib) has Arabic glyphs too, so Arabic always works.
_SCRIPT_FAMILIES: dict[str, tuple[str, ...]] = {
    "ar": ("Noto Sans Arabic", "Noto Naskh Arabic", "DejaVu Sans"),
    "ko": (
        "Noto Sans CJK KR", "Noto Sans KR", "Source Han Sans K", "Source Han Sans KR",
        "NanumGothic", "UnDotum", "Noto Sans CJK JP", "Noto Sans CJK SC",
    ),
    "zh": (
        "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "WenQuanYi Zen Hei",
        "Noto Sans CJK JP",
    ),
}  # fmt: skip
_LATIN_FAMILIES = ("Noto Sans", "DejaVu Sans")

_RTL_RE = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")
_HANGUL_RE = re.compile("[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]")
NATIVE_SHAPING = hasattr(matplotlib.ft2font, "__libraqm_version__")


def _installed() -> set[str]:
    return {entry.name for entry in font_manager.fontManager.ttflist}


def find_font(lang: str, *, installed: Collection[str] | None = None) -> str | None:
    """The installed font family for `lang`'s script, or None when there is none.

    Languages written in Latin or Cyrillic script always get a family (DejaVu
    Sans ships with matplotlib).

    Examples
    --------
    >>> find_font("ar") in _SCRIPT_FAMILIES["ar"]
    True
    >>> find_font("en") in _LATIN_FAMILIES
    True
    """
    have = _installed() if installed is None else installed
    for family in _SCRIPT_FAMILIES.get(lang, _LATIN_FAMILIES):
        if family in have:
            return family
    return None


def has_rtl(text: str) -> bool:
    """Whether `text` contains right-to-left letters (Arabic, Hebrew).

    Examples
    --------
    >>> has_rtl("Moscow"), has_rtl("موسكو")
    (False, True)
    """
    return bool(_RTL_RE.search(text))


def shape(text: str) -> str:
    """Prepare `text` for matplotlib: join and reorder right-to-left runs if needed.

    With a libraqm-enabled matplotlib the text is returned unchanged, since
    matplotlib shapes it.

    Examples
    --------
    >>> shape("Moscow")
    'Moscow'
    >>> len(shape("موسكو")) == 5
    True
    """
    if NATIVE_SHAPING or not _RTL_RE.search(text):
        return text
    # One line at a time: the bidi algorithm must not reorder lines.
    return "\n".join(str(get_display(arabic_reshaper.reshape(line))) for line in text.split("\n"))


@dataclass(frozen=True)
class TextKit:
    """How text is written on one map.

    Attributes
    ----------
    lang : str
        Interface language actually used (``en`` when the story language's
        script has no font).
    families : list of str
        Font families, script font first, for matplotlib's ``fontfamily``.
    rtl : bool
        Whether the layout runs right to left.
    fallback : bool
        True when the story's language could not be drawn and Latin is used.
    """

    lang: str
    families: list[str] = field(default_factory=list)
    rtl: bool = False
    fallback: bool = False

    def text(self, value: str, *, latin: str | None = None) -> str:
        """Shape `value`; in fallback mode replace unrenderable text by `latin`."""
        if self.fallback and _HANGUL_RE.search(value):
            value = latin if latin is not None else _HANGUL_RE.sub("", value).strip()
        return shape(value)


def make_text_kit(lang: str, *, fonts: Collection[str] = ()) -> TextKit:
    """Choose fonts for `lang`; warn and fall back to English if its script has none.

    `fonts` (a theme's) are tried first for Latin and Cyrillic letters, after the
    script font of an Arabic or Korean map; those not installed are left out
    (with a warning when none is).

    Examples
    --------
    >>> kit = make_text_kit("ar")
    >>> kit.rtl, kit.fallback
    (True, False)
    >>> make_text_kit("en", fonts=["Noto Serif"]).families[0]
    'Noto Serif'
    """
    have = _installed()  # the font list is read once per map
    latin = [f for f in _LATIN_FAMILIES if f in have] or ["DejaVu Sans"]
    if fonts:
        own = [f for f in fonts if f in have]
        if not own:
            warnings.warn(
                f"none of the theme's fonts is installed ({', '.join(fonts)}); using legmap's own",
                UserWarning,
                stacklevel=3,
            )
        latin = list(dict.fromkeys([*own, *latin]))
    # Story text can mix scripts whatever the interface language (Arabic place
    # names on an English map): every script's font stays in the fallback list.
    others = [
        f for code in _SCRIPT_FAMILIES if code != lang and (f := find_font(code, installed=have))
    ]
    if lang in _SCRIPT_FAMILIES:
        family = find_font(lang, installed=have)
        if family is None:
            warnings.warn(
                f"no font for the {lang!r} labels is installed (for Korean: Debian's "
                "fonts-noto-cjk); drawing the map in English with Latin place names",
                UserWarning,
                stacklevel=3,
            )
            return TextKit(lang="en", families=_order(latin, others), rtl=False, fallback=True)
        return TextKit(lang=lang, families=_order([family, *latin], others), rtl=lang == "ar")
    return TextKit(lang=lang, families=_order(latin, others))


def latin_families(families: list[str]) -> list[str]:
    """`families` without the script faces: for digits and Latin-only marks.

    Arabic faces set Western digits lower and wider than Latin ones.

    Examples
    --------
    >>> latin_families(["Noto Sans Arabic", "Noto Sans", "DejaVu Sans"])
    ['Noto Sans', 'DejaVu Sans']
    """
    script = {f for fams in _SCRIPT_FAMILIES.values() for f in fams} - set(_LATIN_FAMILIES)
    return [f for f in families if f not in script] or ["DejaVu Sans"]


def _order(first: list[str], others: list[str]) -> list[str]:
    """Script fonts before DejaVu Sans, whose Arabic would otherwise win the fallback."""
    families = [f for f in first if f != "DejaVu Sans"] + others
    return list(dict.fromkeys([*families, "DejaVu Sans"]))


def latin_name(place_id: str) -> str:
    """A readable Latin name made from a place id, for the no-font fallback.

    Examples
    --------
    >>> latin_name("vostochny-cosmodrome")
    'Vostochny Cosmodrome'
    """
    return " ".join(part.capitalize() for part in re.split(r"[-_]+", place_id) if part)


def wrap_text(
    text: str, *, width: float, measure: Callable[[str], float], max_lines: int | None = None
) -> list[str]:
    """Break `text` into lines no wider than `width` (as `measure` tells), between words.

    Existing line breaks are kept.  A word wider than a line (or text without
    spaces, as Chinese and Japanese are written) is broken between characters.
    With `max_lines`, text beyond that many lines is left out and the last
    line ends in "…".

    Examples
    --------
    >>> wrap_text("Kim Jong-un's expected visit to Russia", width=20, measure=len)
    ["Kim Jong-un's", 'expected visit to', 'Russia']
    >>> wrap_text("金正恩预计访问俄罗斯", width=4, measure=len)
    ['金正恩预', '计访问俄', '罗斯']
    >>> wrap_text("one two three four five six", width=9, measure=len, max_lines=2)
    ['one two', 'three …']
    """
    lines: list[str] = []
    limit = max_lines if max_lines is not None else -1

    def full() -> bool:
        return len(lines) == limit

    paras = text.split("\n")
    for k, para in enumerate(paras):
        line = ""
        for word in para.split(" "):
            candidate = f"{line} {word}" if line else word
            if measure(candidate) <= width or not candidate:
                line = candidate
                continue
            if line:
                lines.append(line)
                line = ""
            rest = word
            while not full() and measure(rest) > width and len(rest) > 1:  # inside the word
                lo, hi = 1, len(rest)  # the longest head that fits (width grows with length)
                while lo < hi:
                    mid = (lo + hi + 1) // 2
                    lo, hi = (mid, hi) if measure(rest[:mid]) <= width else (lo, mid - 1)
                lines.append(rest[:lo])
                rest = rest[lo:]
            line = rest
            if full():
                return _ellipsis(lines, width, measure)
        lines.append(line)
        if full() and k < len(paras) - 1:
            return _ellipsis(lines, width, measure)
    return lines


def _ellipsis(lines: list[str], width: float, measure: Callable[[str], float]) -> list[str]:
    """`lines` with "…" at the end of the last one, words dropped until it fits."""
    words = lines[-1].split(" ")
    while len(words) > 1 and measure(" ".join([*words, "…"])) > width:
        words.pop()
    lines[-1] = " ".join([*words, "…"])
    return lines
