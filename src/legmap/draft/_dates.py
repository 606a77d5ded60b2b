"""Dates in running text, read with the month names and relative words of the rule table.

A month or day without a year is placed relative to the publication date (the
``--date`` option or a date line at the top of the article): the nearest such
month in the ten months before or two after; "last July" is before it, "this
month" is its month.  Without a publication date such dates are left out and
the draft says so.  Results use the story format: ``2023``, ``2023-09``,
``2023-09-10`` or ``2023-09-10/2023-09-13``.

Examples
--------
>>> import datetime as dt
>>> from legmap.draft._morph import Morph
>>> from legmap.draft._rules import load_rules
>>> from legmap.draft._segment import tokenize
>>> reader = DateReader(Morph(load_rules("en")), dt.date(2023, 9, 5))
>>> [d.value for d in reader.find(tokenize("From 10 to 13 September, and last July, in 2016."))]
['2023-09-10/2023-09-13', '2023-07', '2016']
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from legmap.draft._morph import Morph
from legmap.draft._segment import Span
from legmap.places._text import fold

__all__ = ["DateHit", "DateReader", "before", "tense"]

_KO = re.compile(r"^(\d{1,4})(년|월|일)$")
_DOTTED = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")


@dataclass(frozen=True)
class DateHit:
    """A date found in tokens ``i`` to ``j`` (exclusive), as the story format writes it."""

    i: int
    j: int
    value: str
    text: str
    full: bool = False  # year, month and day all written out


def _year(text: str) -> int | None:
    return int(text) if text.isdigit() and len(text) == 4 and 1900 <= int(text) <= 2100 else None


def _day(text: str) -> int | None:
    return int(text) if text.isdigit() and 1 <= int(text) <= 31 else None


def tense(value: str | None, published: dt.date | None) -> str:
    """``expected`` for a date in a month after publication, else ``confirmed``.

    Examples
    --------
    >>> tense("2023-09-10", dt.date(2023, 8, 30)), tense("2023-08", dt.date(2023, 8, 30))
    ('expected', 'confirmed')
    """
    if value and published and value[:7] > published.isoformat()[:7]:
        return "expected"
    return "confirmed"


def before(value: str | None, published: dt.date | None) -> bool:
    """True when `value` is a month before the publication's."""
    return bool(value and published and value[:7] < published.isoformat()[:7])


@dataclass
class DateReader:
    """Find dates in token sequences of one language."""

    morph: Morph
    published: dt.date | None = None

    def _is(self, token: str, group: str) -> bool:
        words = self.morph.rules.dates[group]
        return any(f.rstrip(".") in words for f in self.morph.forms(token))

    def _month(self, token: str) -> int | None:
        forms = [f.rstrip(".") for f in self.morph.forms(token)]
        for n, names in enumerate(self.morph.rules.months, start=1):
            if any(f in names for f in forms):
                return n
        return None

    def _place_month(self, month: int, shift: int = 0) -> int | None:
        # The year of a month named without one: the nearest in [-10, +2] months.
        if self.published is None:
            return None
        pub = self.published
        delta = (month - pub.month) % 12
        year = pub.year if delta <= 2 else pub.year - 1 if month > pub.month else pub.year
        if shift < 0 and (year, month) >= (pub.year, pub.month):
            year -= 1
        if shift > 0 and (year, month) <= (pub.year, pub.month):
            year += 1
        return year

    def find(self, tokens: Sequence[Span]) -> list[DateHit]:
        """Every date in `tokens`, left to right."""
        words = [t.text for t in tokens]
        out: list[DateHit] = []
        k = 0
        while k < len(words):
            hit = self._numeric(words, k) or self._korean(words, k) or self._named(words, k)
            hit = hit or self._relative(words, k) or self._bare_year(words, k)
            if hit is None:
                k += 1
                continue
            i, j, value, full = hit
            text = " ".join(t.text for t in tokens[i:j])
            out.append(DateHit(i, j, value, text, full))
            k = j
        return out

    def _numeric(self, words: list[str], k: int) -> tuple[int, int, str, bool] | None:
        m = _DOTTED.match(words[k])
        if m and 1 <= int(m[2]) <= 12 and _day(m[1]):
            return k, k + 1, f"{m[3]}-{int(m[2]):02d}-{int(m[1]):02d}", True
        seq = words[k : k + 5]
        if (
            len(seq) == 5
            and _year(seq[0])
            and seq[1] == seq[3] == "-"
            and seq[2].isdigit()
            and 1 <= int(seq[2]) <= 12
            and _day(seq[4])
        ):
            return k, k + 5, f"{seq[0]}-{int(seq[2]):02d}-{int(seq[4]):02d}", True
        return None

    def _korean(self, words: list[str], k: int) -> tuple[int, int, str, bool] | None:
        parts: dict[str, int] = {}
        j = k
        while j < len(words) and (m := _KO.match(words[j])) and m[2] not in parts:
            parts[m[2]] = int(m[1])
            j += 1
        if not parts or ("년" not in parts and not self.published):
            return None
        pub = self.published
        year = parts.get("년") or (pub.year if pub else 0)
        if "월" not in parts:
            if "일" not in parts:
                return k, j, f"{year:04d}", False
            if pub is None or not 1 <= parts["일"] <= 31:
                return None
            month = pub.month if parts["일"] <= pub.day + 3 else (pub.month - 2) % 12 + 1
            year = year if month <= pub.month else year - 1
            return k, j, f"{year:04d}-{month:02d}-{parts['일']:02d}", False
        if "년" not in parts:
            year = self._place_month(parts["월"]) or year
        day = f"-{parts['일']:02d}" if "일" in parts else ""
        return k, j, f"{year:04d}-{parts['월']:02d}{day}", len(parts) == 3

    def _named(self, words: list[str], k: int) -> tuple[int, int, str, bool] | None:
        # [last|next] [day [to day]] MONTH[/MONTH] [day] [[,] year [year word]]
        # [last|next [year word]]
        month = self._month(words[k])
        if month is None:
            return None
        two_names = k + 2 < len(words) and words[k + 1] == "/" and self._month(words[k + 2])
        days, i, j = self._days(words, k, k + 3 if two_names else k + 1)
        shift = self._shift(words, i - 1)
        i -= abs(shift)
        year, j = self._year_after(words, j)
        after = self._shift(words, j) if year is None else 0
        if after and self.published and j + 1 < len(words) and self._is(words[j + 1], "year_words"):
            year, j = self.published.year + after, j + 2  # "July last year", "июле прошлого года"
        elif after:
            shift, j = after, j + 1  # "July last", "يوليو الماضي"
        year = year or self._place_month(month, shift)
        if year is None:
            return None
        head = f"{year:04d}-{month:02d}"
        if len(days) == 2 and days[0] < days[1]:
            return i, j, f"{head}-{days[0]:02d}/{head}-{days[1]:02d}", False
        return i, j, head + (f"-{days[0]:02d}" if days else ""), bool(days)

    def _days(self, words: list[str], i: int, j: int) -> tuple[tuple[int, ...], int, int]:
        # The day before the month ("10 September", "10 to 13 September") or after it.
        if i >= 1 and _day(words[i - 1]):
            if i >= 3 and _day(words[i - 3]) and self._is(words[i - 2], "range"):
                return (int(words[i - 3]), int(words[i - 1])), i - 3, j
            return (int(words[i - 1]),), i - 1, j
        if j < len(words) and _day(words[j]):
            return (int(words[j]),), i, j + 1
        return (), i, j

    def _shift(self, words: list[str], k: int) -> int:
        # -1 for "last" (July), +1 for "next", 0 otherwise.
        if not 0 <= k < len(words):
            return 0
        return -1 if self._is(words[k], "last") else 1 if self._is(words[k], "next") else 0

    def _year_after(self, words: list[str], j: int) -> tuple[int | None, int]:
        # "September 2023", "September, 2023", "سبتمبر/2023", then a year word ("2023 г.").
        year = _year(words[j]) if j < len(words) else None
        if year is not None:
            j += 1
        elif j + 1 < len(words) and words[j] in {",", "/"} and _year(words[j + 1]):
            year, j = _year(words[j + 1]), j + 2
        if year is not None and j < len(words) and self._is(words[j], "year_words"):
            j += 1
        return year, j

    def _relative(self, words: list[str], k: int) -> tuple[int, int, str, bool] | None:
        pub = self.published
        if pub is None:
            return None
        for group, shift in (("this_month", 0), ("last_month", -1), ("next_month", 1)):
            for phrase in self.morph.rules.dates[group]:
                parts = phrase.split()
                got = [fold(w) for w in words[k : k + len(parts)]]
                if len(got) == len(parts) and all(
                    g == p or (self.morph.rules.prefix_match and g.startswith(p))
                    for g, p in zip(got, parts, strict=True)
                ):
                    month = (pub.month - 1 + shift) % 12 + 1
                    year = pub.year + (pub.month - 1 + shift) // 12
                    return k, k + len(parts), f"{year:04d}-{month:02d}", False
        return None

    def _bare_year(self, words: list[str], k: int) -> tuple[int, int, str, bool] | None:
        year = _year(words[k])
        if year is None:
            return None
        before = k >= 1 and self._is(words[k - 1], "year_words")
        after = k + 1 < len(words) and self._is(words[k + 1], "year_words")
        if before or after:
            return (k - 1 if before else k), (k + 2 if after else k + 1), f"{year:04d}", False
        return None
