"""Rule tables: the per-language words the draft reads (``geo/draft/<lang>.toml``).

A new language is a new file; the format is described in ``geo/draft/README.md``.
Every word is stored folded (:func:`legmap.places._text.fold`), the form tokens
are compared in.  A word list the file leaves out is empty.

Examples
--------
>>> rules = load_rules("en")
>>> "train" in rules.modes["train"], rules.countries["north korea"], rules.subject_style
(True, 'KP', 'capitalised')
>>> rules.movement["no such list"]
frozenset()
"""

from __future__ import annotations

import functools
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from legmap._data import geo_path
from legmap.errors import DataError
from legmap.places._text import fold

__all__ = [
    "LANGS",
    "SUBJECT_STYLES",
    "Rules",
    "WordTable",
    "detect_lang",
    "load_capitals",
    "load_rules",
]

#: The languages that have a rule table: every ``geo/draft/<lang>.toml``.
LANGS = tuple(sorted(p.stem for p in geo_path("draft").glob("*.toml") if p.stem != "capitals"))
#: How a language shows the subject of a journey (``[subject] style``), see ``_who.py``.
SUBJECT_STYLES = ("capitalised", "after-verb", "particle")
_GROUPS = ("movement", "modes", "certainty", "claims", "events", "subject")


class WordTable(dict[str, frozenset[str]]):
    """Named word lists of one table; a list the file does not give is empty."""

    def __missing__(self, key: str) -> frozenset[str]:
        return frozenset()


@dataclass(frozen=True)
class Rules:
    """The words of one language, folded, grouped by what they signal."""

    lang: str
    script: re.Pattern[str]  # one letter of the language's script
    prefix_match: bool  # a table word matches the start of a token (Korean endings)
    capitalised: bool  # place names are written with a capital (English, Russian)
    lemmas: str  # "pymorphy3": also look words up under their dictionary form
    particles: bool  # a place's role is a particle glued to it (Korean), not a word before it
    subject_style: str
    prefixes: tuple[str, ...]
    suffixes: tuple[str, ...]
    stop: frozenset[str]
    ignore: tuple[str, ...]
    airport_suffixes: tuple[str, ...]
    movement: WordTable
    modes: WordTable
    certainty: WordTable
    claims: WordTable
    events: WordTable
    subject: WordTable
    dates: WordTable
    months: tuple[tuple[str, ...], ...]  # the names of January, February...
    countries: Mapping[str, str]
    nationality: Mapping[str, str]


def _folded(words: Any) -> frozenset[str]:
    return frozenset(fold(str(w)) for w in words)


def _longest_first(words: Any) -> tuple[str, ...]:
    return tuple(sorted((fold(str(w)) for w in words), key=len, reverse=True))


def _table(raw: Mapping[str, Any]) -> WordTable:
    return WordTable({k: _folded(v) for k, v in raw.items() if isinstance(v, list)})


def _read(path_parts: tuple[str, ...]) -> dict[str, Any]:
    path = geo_path(*path_parts)
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as err:
        raise DataError(f"cannot read draft rules: {err}", file=str(path)) from None


@functools.cache
def load_rules(lang: str) -> Rules:
    """Read and fold the rule table of `lang`.

    Raises
    ------
    DataError
        When the file is missing or malformed.
    """
    raw = _read(("draft", f"{lang}.toml"))
    words, movement = raw.get("words", {}), raw.get("movement", {})
    style = str(raw.get("subject", {}).get("style", "capitalised"))
    problem = _problem(raw, style)
    if problem:
        raise DataError(problem, file=f"geo/draft/{lang}.toml")
    dates = dict(raw.get("dates", {}))
    months = tuple(tuple(fold(m) for m in month) for month in dates.pop("months", []))
    table = {name: _table(raw.get(name, {})) for name in _GROUPS}
    return Rules(
        lang=lang,
        script=re.compile(f"[{raw['script']}]" if raw.get("script") else "(?!)"),
        prefix_match=bool(words.get("prefix_match", False)),
        capitalised=bool(words.get("capitalised", False)),
        lemmas=str(words.get("lemmas", "")),
        particles=bool(movement.get("particles", False)),
        subject_style=style,
        prefixes=_longest_first(words.get("prefixes", ())),
        suffixes=_longest_first(words.get("suffixes", ())),
        stop=_folded(words.get("stop", ())),
        ignore=tuple(fold(p) for p in words.get("ignore", ())),
        airport_suffixes=tuple(str(s) for s in words.get("airport_suffixes", ())),
        dates=_table(dates),
        months=months,
        countries={fold(k): str(v) for k, v in raw.get("countries", {}).items()},
        nationality={fold(k): str(v) for k, v in raw.get("nationality", {}).items()},
        movement=table["movement"],
        modes=table["modes"],
        certainty=table["certainty"],
        claims=table["claims"],
        events=table["events"],
        subject=table["subject"],
    )


def _problem(raw: Mapping[str, Any], style: str) -> str | None:
    # What makes a rule table unusable, if anything.
    if style not in SUBJECT_STYLES:
        return f"[subject] style must be one of {', '.join(SUBJECT_STYLES)}, not {style!r}"
    if not raw.get("movement", {}).get("verbs"):
        return "[movement] must list the travel verbs (verbs = [...])"
    if raw.get("words", {}).get("lemmas", "") not in ("", "pymorphy3"):
        return '[words] lemmas can only be "pymorphy3"'
    try:
        re.compile(f"[{raw.get('script', 'a')}]")
    except re.error as err:
        return f"script is not a character class: {err}"
    return None


@functools.cache
def load_capitals() -> Mapping[str, str]:
    """ISO country code -> the gazetteer query of its capital (``geo/draft/capitals.toml``).

    Examples
    --------
    >>> load_capitals()["KP"]
    'pyongyang'
    """
    raw = _read(("draft", "capitals.toml"))
    return {str(k): str(v) for k, v in raw.get("capitals", {}).items()}


def detect_lang(text: str) -> str | None:
    """The language whose script has most letters in `text` (None when no letters).

    Two languages written in one script tie; the first in :data:`LANGS` wins, so
    such a language needs ``--lang``.

    Examples
    --------
    >>> detect_lang("Kim left Pyongyang."), detect_lang("Ким покинул Пхеньян.")
    ('en', 'ru')
    >>> detect_lang("평양에서 블라디보스토크로"), detect_lang("1234") is None
    ('ko', True)
    """
    counts = {lang: len(load_rules(lang).script.findall(text)) for lang in LANGS}
    best = max(counts, key=lambda lang: counts[lang], default=None)
    return best if best and counts[best] else None
