"""Per-language morphology: the forms a word may be looked up under.

What each language needs is said in its rule table (``[words]``):

- ``prefixes`` (Arabic): proclitics stripped by rule, in every order the
  grammar allows (وبالقطار -> بالقطار, القطار, قطار);
- ``suffixes`` (Korean particles, the English possessive): stripped from the
  end (평양에서 -> 평양, Biden's -> biden);
- ``lemmas = "pymorphy3"`` (Russian): the dictionary's lemmas (во Владивостоке
  -> владивосток), and a flag for words it knows as first names (Владимир).

Every form is folded (:func:`legmap.places._text.fold`), each with the affix
removed to get it, so a caller can tell "لروسيا" (to Russia) from "روسيا".

Examples
--------
>>> from legmap.draft._rules import load_rules
>>> [f for f, _ in Morph(load_rules("ar")).variants("وبالقطار")]
['وبالقطار', 'بالقطار', 'القطار', 'قطار']
>>> [f for f, _ in Morph(load_rules("ko")).variants("평양에서")]
['평양에서', '평양']
>>> Morph(load_rules("en")).span_variants(["Joint", "Base", "Andrews"])[-1]
('joint base andrews international airport', '', '')
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any

from legmap.draft._rules import Rules
from legmap.errors import LegmapError
from legmap.places._text import fold

__all__ = ["INSTALL_HINT", "MissingExtraError", "Morph"]

#: How to install what ``legmap draft`` needs beyond legmap's own dependencies.
INSTALL_HINT = 'pip install "legmap[draft]"'
_MAX_CLITICS = 3  # conjunction, preposition, article


class MissingExtraError(LegmapError, ImportError):
    """An optional dependency of ``legmap draft`` is not installed."""


@functools.cache
def _analyzer() -> Any:
    try:
        import pymorphy3  # noqa: PLC0415 - optional extra, loaded only for Russian
    except ImportError:
        msg = f"drafting from Russian needs pymorphy3: {INSTALL_HINT}"
        raise MissingExtraError(msg) from None
    return pymorphy3.MorphAnalyzer()


class Morph:
    """The morphology of one language, driven by its rule table."""

    def __init__(self, rules: Rules) -> None:
        self.rules = rules
        self._cache: dict[str, tuple[tuple[str, str], ...]] = {}
        self._lemmas = rules.lemmas == "pymorphy3"
        if self._lemmas:
            _analyzer()  # fail early, with the install hint

    def variants(self, word: str) -> tuple[tuple[str, str], ...]:
        """(form, affix removed) pairs for `word`, the folded word itself first."""
        cached = self._cache.get(word)
        if cached is None:
            cached = self._cache[word] = tuple(dict.fromkeys(self._variants(word)))
        return cached

    def forms(self, word: str) -> tuple[str, ...]:
        """The folded forms of `word`, itself first."""
        return tuple(form for form, _ in self.variants(word))

    def _variants(self, word: str) -> list[tuple[str, str]]:
        folded = fold(word)
        out = [(folded, ""), *_strip_front(folded, self.rules.prefixes)]
        out += [
            (folded[: -len(suffix)], suffix)
            for suffix in self.rules.suffixes
            if folded.endswith(suffix) and len(folded) > len(suffix)
        ]
        if self._lemmas:
            out += [(fold(p.normal_form), "") for p in _analyzer().parse(word)[:3]]
        return out

    def span_variants(self, words: Sequence[str]) -> list[tuple[str, str, str]]:
        """(form, prefix, suffix) under which a span of words may name a place.

        The affixes are those removed from the first word (prefixes) or the last
        (suffixes); a multi-word span is also tried with each airport suffix of
        the rule table ("Joint Base Andrews" + " Airport").
        """
        if self._lemmas:
            return [(form, "", "") for form in self._lemma_spans(words)]
        if self.rules.prefixes:
            rest = " ".join(fold(w) for w in words[1:])
            out = [(f"{head} {rest}".strip(), pre, "") for head, pre in self.variants(words[0])]
        else:
            head = " ".join(fold(w) for w in words[:-1])
            out = [(f"{head} {tail}".strip(), "", suf) for tail, suf in self.variants(words[-1])]
        if len(words) > 1:
            out += [
                (f"{form} {fold(extra)}", pre, suf)
                for form, pre, suf in list(out)
                for extra in self.rules.airport_suffixes
            ]
        return out

    def _lemma_spans(self, words: Sequence[str]) -> list[str]:
        # As written, every word's lemma ("Нижнего Новгорода" -> "нижний новгород"),
        # the last word as written ("Южной Кореи"), and a lone word's other lemmas.
        lemmas = [self.forms(w)[1] if len(self.forms(w)) > 1 else fold(w) for w in words]
        out = [" ".join(fold(w) for w in words), " ".join(lemmas)]
        if len(words) > 1:
            out.append(" ".join([*lemmas[:-1], fold(words[-1])]))
        else:
            out += list(self.forms(words[0])[2:])
        return out

    def is_first_name(self, word: str) -> bool:
        """True when the dictionary's best reading of `word` is a first name or surname."""
        if not self._lemmas:
            return False
        parses = _analyzer().parse(word)
        return bool(parses) and bool({"Name", "Surn", "Patr"} & set(parses[0].tag.grammemes))


def _strip_front(word: str, prefixes: tuple[str, ...], depth: int = 0) -> list[tuple[str, str]]:
    # At most three clitics, and a stem of at least two letters.  Every cut is
    # returned; the caller keeps those it knows.
    out: list[tuple[str, str]] = []
    if depth >= _MAX_CLITICS:
        return out
    for prefix in prefixes:
        rest = word[len(prefix) :]
        if word.startswith(prefix) and len(rest) >= 2:
            out.append((rest, prefix))
            out += [(form, prefix + more) for form, more in _strip_front(rest, prefixes, depth + 1)]
    return out
