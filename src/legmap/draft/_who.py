"""Who travels: the subject of a movement clause, and the country it names.

Each language says in its rule table (``[subject] style``) how it shows the
subject of a clause; a new style is a new function in :data:`_STYLES`:

- ``capitalised`` (English, Russian): the run of capitalised words just before
  the travel word ("President Joe Biden left"); a pronoun or a vehicle there
  ("he", "the plane") means the traveller of an earlier sentence (None);
- ``after-verb`` (Arabic, verb first): the words right after the travel word,
  or those after a subject marker (إن/أن) before it;
- ``particle`` (Korean): the words before the travel word that end with a
  subject or topic particle ("김 위원장은"), the particle removed; a vehicle
  there ("김 위원장이 탄 전용열차는") carries the subject named before it, and
  a headline's subject has a comma instead of a particle ("김정은, ...").

A country named inside the subject ("Президент России Владимир Путин") or a
nationality word ("Russian defence minister", "وزير الدفاع الروسي") is the
traveller's home: where a journey starts when the article does not say.

Examples
--------
>>> from legmap.draft._morph import Morph
>>> from legmap.draft._rules import load_rules
>>> from legmap.draft._segment import tokenize
>>> from legmap.draft._words import Words
>>> words = Words(Morph(load_rules("en")), tokenize("The Russian defence minister flew on."))
>>> who = subject(words, 0, 4, [])
>>> who.text, home(words, who, [])
('Russian defence minister', 'RU')
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from legmap.draft._words import Words
from legmap.draft.places import Mention

__all__ = ["Who", "home", "subject"]

_LOOK_BACK = 4  # capitalised style: the subject is at most this many words before the verb
_AFTER_VERB = 8  # after-verb style: at most this many words


@dataclass(frozen=True)
class Who:
    """The subject's name and the tokens ``lo`` to ``hi`` (exclusive) it was read from."""

    text: str
    lo: int
    hi: int


def subject(words: Words, lo: int, anchor: int, mentions: list[Mention]) -> Who | None:
    """The subject of the clause starting at token `lo` whose travel word is at `anchor`."""
    placed = {n for m in mentions if m.place is not None for n in range(m.i, m.j)}
    return _STYLES[words.morph.rules.subject_style](words, lo, anchor, placed)


def home(words: Words, who: Who, mentions: list[Mention]) -> str | None:
    """ISO code of the country the subject's own words name, if any."""
    for m in mentions:
        if m.country and who.lo <= m.i < who.hi:
            return m.country
    table = words.morph.rules.nationality
    for k in range(who.lo, who.hi):
        word = words.is_(k, table)
        if word is not None:
            return table[word]
    return None


def _countries(words: Words, lo: int, hi: int) -> set[int]:
    table = words.morph.rules.countries
    return {k for k in range(lo, hi) if words.is_(k, table)}


def _trim(words: Words, lo: int, hi: int) -> int:
    # Leading words that do not name the traveller: "The", "On", a country ("России").
    rules = words.morph.rules
    skip = rules.subject["skip"].union(*rules.months)
    countries = _countries(words, lo, hi)
    while lo < hi - 1 and (lo in countries or words.forms[lo][0] in skip):
        lo += 1
    return lo


def _capital(words: Words, k: int, placed: set[int]) -> bool:
    return words.tokens[k].text[:1].isupper() and k not in placed


def _refers_back(words: Words, k: int, placed: set[int]) -> bool:
    # "he", "the plane": the traveller is someone named before, unless the vehicle
    # is owned by a name just before it ("Biden's motorcade").
    table = words.morph.rules.subject
    if words.is_(k, table["pronouns"]):
        return True
    owned = k >= 1 and _capital(words, k - 1, placed)
    return words.is_(k, table["vehicles"]) is not None and not owned


def _capitalised(words: Words, lo: int, anchor: int, placed: set[int]) -> Who | None:
    rules = words.morph.rules
    skip = rules.subject["skip"]
    for n in range(anchor - 1, max(lo, anchor - _LOOK_BACK) - 1, -1):
        if _refers_back(words, n, placed):
            return None
        if not _capital(words, n, placed) or words.forms[n][0] in rules.stop | skip:
            continue
        start, end = n, n + 1
        while start - 1 >= lo and _capital(words, start - 1, placed):
            start -= 1
        first = _trim(words, start, end)
        if all(words.is_(k, rules.nationality) for k in range(first, end)):
            end = _title(words, end, anchor)  # "Russian defence minister"
        text = words.text(first, end).removesuffix("'s").removesuffix("’s")
        return Who(text, start, end)
    return None


def _title(words: Words, end: int, anchor: int) -> int:
    # The lower-case words after a nationality adjective ("defence minister"), up to
    # the verb, a hedge ("will") or a word that is no part of a name ("on").
    rules = words.morph.rules
    hedges = _hedges(words)
    while (
        end < anchor
        and words.tokens[end].text[:1].isalpha()
        and words.forms[end][0] not in rules.subject["skip"] | rules.subject["pronouns"]
        and not words.is_(end, hedges)
    ):
        end += 1
    return end


def _after_verb(words: Words, lo: int, anchor: int, placed: set[int]) -> Who | None:
    rules = words.morph.rules
    mv = rules.movement
    ends = rules.stop | mv["from"] | mv["to"]
    hedges = _hedges(words)
    kept: list[int] = []
    for n in range(anchor + 1, min(anchor + 1 + _AFTER_VERB, len(words.tokens))):
        if words.is_(n, hedges):
            continue  # "سيسافر كيم ربما بالقطار"
        if n in placed or not _word(words, n) or words.forms[n][0] in ends:
            break
        kept.append(n)
    if kept:
        return Who(" ".join(words.tokens[n].text for n in kept), kept[0], kept[-1] + 1)
    marks = words.find(rules.subject["markers"], lo, anchor)
    if not marks:
        return None
    start = marks[-1] + 1
    end = next(
        (n for n in range(start, anchor) if words.is_(n, hedges) or not _word(words, n)), anchor
    )
    return Who(words.text(start, end), start, end) if end > start else None


def _word(words: Words, k: int) -> bool:
    return words.forms[k][0][:1].isalnum()


def _hedges(words: Words) -> set[str]:
    # Hedge and mode words: never part of a name ("سيسافر كيم ربما بالقطار", "Xi will").
    rules = words.morph.rules
    return {w for table in (rules.certainty, rules.modes) for ws in table.values() for w in ws}


def _joins(words: Words, k: int, placed: set[int]) -> bool:
    # May token k belong to a particle-marked subject phrase ending after it?
    token = words.tokens[k].text
    breaks = tuple(words.morph.rules.subject["breaks"])
    return k not in placed and token[:1].isalpha() and not token.endswith(breaks)


def _bare(words: Words, lo: int, k: int) -> bool:
    # A headline's subject has no particle, only a comma: "김정은, 평양 출발" (at the start).
    nxt = k + 1
    return k <= lo + 2 and nxt < len(words.tokens) and words.tokens[nxt].text in {",", "…"}


def _particle(words: Words, lo: int, anchor: int, placed: set[int]) -> Who | None:
    table = words.morph.rules.subject
    particles = tuple(table["particles"])
    for n in range(anchor - 1, lo - 1, -1):
        token = words.tokens[n].text
        bare = _bare(words, lo, n)
        if n in placed or not (bare or token.endswith(particles)) or not _joins(words, n, placed):
            continue
        if words.is_(n, table["pronouns"]):
            return None  # "그는": the traveller named before
        if words.is_(n, table["vehicles"]):
            continue  # "김 위원장이 탄 전용열차는": the train carries the traveller named before
        particle = "" if bare else next(p for p in particles if token.endswith(p))
        start = n
        while start > lo and _joins(words, start - 1, placed):
            start -= 1
        text = words.text(_trim(words, start, n + 1), n + 1)
        text = text.removesuffix(particle) if particle else text
        return Who(text, start, n + 1) if text else None
    return None


_STYLES: dict[str, Callable[[Words, int, int, set[int]], Who | None]] = {
    "capitalised": _capitalised,
    "after-verb": _after_verb,
    "particle": _particle,
}
