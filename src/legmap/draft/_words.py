"""Matching tokens against rule-table words (folded forms, phrases, Korean prefixes)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from legmap.draft._morph import Morph
from legmap.draft._segment import Span

__all__ = ["Words"]


class Words:
    """Token tests for one sentence: is token `k` one of these words, where is this phrase."""

    def __init__(self, morph: Morph, tokens: Sequence[Span]) -> None:
        self.morph = morph
        self.tokens = tokens
        self.forms = [morph.forms(t.text) for t in tokens]

    def _hit(self, forms: Iterable[str], word: str) -> bool:
        if self.morph.rules.prefix_match:
            return any(f.startswith(word) for f in forms)
        return word in forms

    def is_(self, k: int, words: Iterable[str]) -> str | None:
        """The table word (or phrase) that starts at token `k`, if any (longest first)."""
        if not 0 <= k < len(self.tokens):
            return None
        for word in sorted(words, key=len, reverse=True):
            parts = word.split()
            if k + len(parts) <= len(self.tokens) and all(
                self._hit(self.forms[k + n], p) for n, p in enumerate(parts)
            ):
                return word
        return None

    def find(self, words: Iterable[str], lo: int = 0, hi: int | None = None) -> list[int]:
        """Indices in [lo, hi) where one of `words` starts."""
        stop = len(self.tokens) if hi is None else hi
        pool = frozenset(words)
        return [k for k in range(lo, stop) if self.is_(k, pool)]

    def text(self, i: int, j: int) -> str:
        """The article's text of tokens i..j (exclusive), spacing as written."""
        if i >= j:
            return ""
        out = self.tokens[i].text
        for a, b in zip(self.tokens[i : j - 1], self.tokens[i + 1 : j], strict=True):
            out += (" " if b.start > a.end else "") + b.text
        return out
