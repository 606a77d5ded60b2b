"""Name normalisation: the one place that decides when two spellings are "the same name".

Two functions, both pure:

- :func:`fold` keeps the words but removes what a reader would not call a
  difference: case, Latin/Greek diacritics, Arabic letter variants and harakat,
  tatweel, Cyrillic ``ё``, runs of spaces.
- :func:`name_key` is :func:`fold` without any separator or punctuation, the key
  the gazetteer indexes by, so "بيونغ يانغ" == "بيونغيانغ" and
  "P'yong-yang" == "Pyongyang".

Korean Hangul survives: canonical decomposition turns a syllable into conjoining
jamo, which are letters (not combining marks), and the final NFC recomposes them.

Examples
--------
>>> name_key("Pyong-yang") == name_key("PYONGYANG")
True
>>> name_key("بيونغ يانغ") == name_key("بيونغيانغ")
True
>>> fold("Ёлки-Палки")
'елки-палки'
>>> name_key("평양")
'평양'
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

__all__ = ["fold", "name_key"]

# Arabic (and Persian/Urdu look-alike) letters folded to one base letter; the
# hamza-carrying forms (أ إ آ ؤ ئ) decompose under NFKD and lose their mark below.
_LETTERS = str.maketrans(
    {
        "\u0671": "\u0627",  # ٱ alef wasla -> ا
        "\u0629": "\u0647",  # ة taa marbuta -> ه
        "\u0649": "\u064a",  # ى alef maqsura -> ي
        "\u06cc": "\u064a",  # ی Farsi yeh -> ي
        "\u06a9": "\u0643",  # ک keheh -> ك
        "\u0640": "",  # ـ tatweel: only stretches a word
        "\u200c": "",  # zero-width non-joiner
        "\u200d": "",  # zero-width joiner
        "\u200e": "",  # left-to-right mark
        "\u200f": "",  # right-to-left mark
        "ё": "е",
        "Ё": "Е",
    }
)

# Scripts whose combining marks are "diacritics" a reader may drop (on
# precomposed letters).  Marks on other scripts (Cyrillic й, Devanagari vowel
# signs, Japanese dakuten...) change the letter, so they are kept.
_STRIP_MARKS_ON = ("LATIN", "GREEK", "ARABIC")

_SPACES = re.compile(r"\s+")
_ASCII_NON_ALNUM = re.compile(r"[^0-9a-z]+")


def _is_mark(char: str) -> bool:
    return unicodedata.category(char) == "Mn" or unicodedata.combining(char) != 0


def _drops_alone(mark: str) -> bool:
    # A mark that is still a separate character after NFC has no precomposed
    # letter: Arabic harakat, or a stress accent on Cyrillic ("Хаса́н").
    return "\u0300" <= mark <= "\u036f" or unicodedata.name(mark, "").startswith("ARABIC")


def _fold_char(char: str) -> str:
    text = char.translate(_LETTERS).casefold()
    if not text:
        return ""
    if _is_mark(char):
        return "" if _drops_alone(char) else text
    # Letter variants again after NFKD: a presentation form (U+FB50, ٱ isolated)
    # decomposes to a letter that itself has a variant (ٱ -> ا); fold stays idempotent.
    decomposed = unicodedata.normalize("NFKD", text).translate(_LETTERS).casefold()
    script = unicodedata.name(decomposed[:1], "").split(" ", 1)[0]
    out = []
    for d in decomposed:
        c = d
        if _is_mark(c):
            # Cyrillic keeps its breve (й); a generic accent on anything else
            # (a spacing accent "´" decomposes to space + mark) goes.
            if script in _STRIP_MARKS_ON or (_drops_alone(c) and script != "CYRILLIC"):
                continue
        elif c.isdecimal():
            # Arabic-Indic and other decimal digits -> ASCII: "الرصيف ٣٣" == "الرصيف 33".
            c = str(unicodedata.decimal(c))
        out.append(c)
    return "".join(out)


def _key_char(char: str) -> str:
    category = unicodedata.category(char)
    if category[0] in "LN":
        # Modifier letters such as ʼ ʻ ˈ (used as apostrophes in romanisations)
        # are noise for matching; other Lm (Japanese ー, ...) carry sound.
        return "" if category == "Lm" and "\u02b0" <= char <= "\u02ff" else char
    return char if category[0] == "M" else ""


class _Table(dict[int, str]):
    """A ``str.translate`` table that computes and remembers each character's rule.

    ``str.translate`` then runs in C for every character seen before: the
    gazetteer folds a few hundred thousand open-data names on first use.
    """

    def __init__(self, rule: Callable[[str], str]) -> None:
        super().__init__()
        self._rule = rule

    def __missing__(self, code: int) -> str:
        value = self._rule(chr(code))
        self[code] = value
        return value


_FOLD = _Table(_fold_char)
_KEY = _Table(_key_char)


def fold(text: str) -> str:
    """Fold a name to compare spellings: case, diacritics, letter variants, spaces.

    Parameters
    ----------
    text : str
        Any name, in any script.

    Returns
    -------
    str
        The folded name, words kept, single spaces, NFC.

    Examples
    --------
    >>> fold("  Vladivostók ")
    'vladivostok'
    >>> fold("مُوسْكُو") == fold("موسكو")
    True
    >>> fold("إسطنبول") == fold("اسطنبول")
    True
    """
    if text.isascii():
        return _SPACES.sub(" ", text.casefold()).strip()
    # NFC first so that marks typed separately join their letter when they can.
    folded = unicodedata.normalize("NFC", text).translate(_FOLD)
    return _SPACES.sub(" ", unicodedata.normalize("NFC", folded)).strip()


def name_key(text: str) -> str:
    """Return the matching key of a name: :func:`fold` without spaces or punctuation.

    Parameters
    ----------
    text : str
        Any name, id or code.

    Returns
    -------
    str
        Letters, digits and kept marks only; may be empty (e.g. for ``"--"``).

    Examples
    --------
    >>> name_key("P'yŏngyang")
    'pyongyang'
    >>> name_key("الرصيف 33") == name_key("الرصيف٣٣")
    True
    >>> name_key("بِيُونْغ يَانْغ") == name_key("بيونغيانغ")
    True
    """
    if text.isascii():  # the common case, kept fast for open-data indexing
        return _ASCII_NON_ALNUM.sub("", text.lower())
    folded = fold(text)
    if folded.isascii():
        return _ASCII_NON_ALNUM.sub("", folded)
    return unicodedata.normalize("NFC", folded.translate(_KEY))
