"""Text into sentences and tokens.

Examples
--------
>>> [s.text for s in split_sentences("He left Kyiv. Then he flew to Warsaw on Feb. 20.")]
['He left Kyiv.', 'Then he flew to Warsaw on Feb. 20.']
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Sentence", "Span", "split_sentences", "tokenize"]

# A token: a number (1,500 / 20.06.2024 / 680km), a word (with inner - ' ’ .), or one symbol.
_TOKEN = re.compile(
    r"\d+(?:[.,]\d+)*(?:[^\W\d_]+)?|[^\W\d_](?:[\w]|[-'’](?=\w)|\.(?=[^\W\d_]\.))*\.?|[^\w\s]",
)
# Abbreviations that end with a dot without ending the sentence.
_ABBREV = re.compile(
    r"(?:\b(?:[A-Z]|Jan|Feb|Mar|Apr|Aug|Sept?|Oct|Nov|Dec|St|Mr|Mrs|Ms|Dr|Gen|Gov|Sen|Rep|Lt|Col"
    r"|U\.S|a\.m|p\.m|г|гг|им|ул)\.)$"
)
_END = re.compile(r"[.!?؟。]+[\"'»”)]*(?=\s|$)|\n+")


@dataclass(frozen=True)
class Span:
    """A piece of the article: its text and where it starts (character offset)."""

    text: str
    start: int

    @property
    def end(self) -> int:
        """Offset one past the last character."""
        return self.start + len(self.text)


@dataclass(frozen=True)
class Sentence:
    """One sentence and its tokens (character offsets in the article)."""

    text: str
    start: int
    tokens: tuple[Span, ...]
    line: int


def tokenize(text: str, offset: int = 0) -> tuple[Span, ...]:
    """Split `text` into word, number and symbol tokens.

    Examples
    --------
    >>> [t.text for t in tokenize("Biden's 1,500 km trip, 680km.")]
    ["Biden's", '1,500', 'km', 'trip', ',', '680km', '.']
    """
    out = []
    for match in _TOKEN.finditer(text):
        word = match.group()
        if len(word) > 1 and word.endswith(".") and not _ABBREV.search(word):
            out.append(Span(word[:-1], offset + match.start()))
            out.append(Span(".", offset + match.end() - 1))
        else:
            out.append(Span(word, offset + match.start()))
    return tuple(out)


def split_sentences(text: str) -> list[Sentence]:
    """Split an article into sentences: at . ! ? ؟ and line breaks, not after abbreviations.

    Examples
    --------
    >>> [s.line for s in split_sentences("Title\\nOne. Two.")]
    [1, 2, 2]
    """
    out: list[Sentence] = []
    start = 0
    for match in _END.finditer(text):
        head = text[start : match.start()]
        if "\n" not in match.group() and _ABBREV.search(head + "."):
            continue
        _add(out, text, start, match.end())
        start = match.end()
    _add(out, text, start, len(text))
    return out


def _add(out: list[Sentence], text: str, start: int, end: int) -> None:
    piece = text[start:end]
    stripped = piece.strip()
    if not stripped:
        return
    begin = start + piece.index(stripped)
    line = text.count("\n", 0, begin) + 1
    out.append(Sentence(stripped, begin, tokenize(stripped, begin), line))
