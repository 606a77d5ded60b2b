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
from dataclasses import dataclass, field

import arabic_reshaper
import matplotlib.ft2font
from bidi import get_display
from matplotlib import font_manager

__all__ = ["TextKit", "find_font", "has_rtl", "latin_families", "make_text_kit", "shape"]

# Preferred families per language, best first.  Noto is the better Arabic face;
# DejaVu Sans (shipped with matplotlib) has Arabic glyphs too, so Arabic always works.
_SCRIPT_FAMILIES: dict[str, tuple[str, ...]] = {
    "ar": ("Noto Sans Arabic", "Noto Naskh Arabic", "DejaVu Sans"),
    "ko": (
        "Noto Sans CJK KR", "Noto Sans KR", "Source Han Sans K", "Source Han Sans KR",
        "NanumGothic", "UnDotum", "Noto Sans CJK JP", "Noto Sans CJK SC",
    ),
}  # fmt: skip
_LATIN_FAMILIES = ("Noto Sans", "DejaVu Sans")

_RTL_RE = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")
_HANGUL_RE = re.compile("[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]")
NATIVE_SHAPING = hasattr(matplotlib.ft2font, "__libraqm_version__")


def _installed() -> set[str]:
    return {entry.name for entry in font_manager.fontManager.ttflist}


def find_font(lang: str) -> str | None:
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
    have = _installed()
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


def make_text_kit(lang: str) -> TextKit:
    """Choose fonts for `lang`; warn and fall back to English if its script has none.

    Examples
    --------
    >>> kit = make_text_kit("ar")
    >>> kit.rtl, kit.fallback
    (True, False)
    """
    latin = [f for f in _LATIN_FAMILIES if f in _installed()] or ["DejaVu Sans"]
    # Story text can mix scripts whatever the interface language (Arabic place
    # names on an English map): every script's font stays in the fallback list.
    others = [f for code in _SCRIPT_FAMILIES if code != lang and (f := find_font(code))]
    if lang in _SCRIPT_FAMILIES:
        family = find_font(lang)
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
