"""Distance claims: "950 ميلاً شمال فلاديفوستوك", "560 km east of Przemyśl", "в 2750 км от Пхеньяна".

A number followed by a unit of the rule table is a claim.  Its reference place
is the one after a direction word or a "from" marker ("north of X", "от X",
Korean "X에서"); the other end is another place of the sentence, or, when the
sentence names only one ("the centre lies ... north of Vladivostok"), the place
the article named last before it (marked for checking).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from legmap.draft._words import Words
from legmap.draft.places import Mention
from legmap.places.place import Place

__all__ = ["Claim", "read_claims"]

_GLUED = re.compile(r"^(\d[\d,.]*)([^\W\d_]+)$")
_NUMBER = re.compile(r"^\d[\d,]*(?:\.\d+)?$")


@dataclass(frozen=True)
class Claim:
    """A stated distance from `place` (named by `ref`) to `other` (None: not named)."""

    k: int
    value: str  # "950 mi"
    text: str  # as written: "950 ميلاً"
    ref: Mention
    place: Place
    other: Place | None


def _number(text: str) -> float | None:
    if not _NUMBER.match(text):
        return None
    value = float(text.replace(",", ""))
    return value if value > 0 else None


def read_claims(words: Words, mentions: list[Mention]) -> list[Claim]:
    """The distance claims of a sentence.

    Examples
    --------
    >>> from legmap.draft._morph import Morph
    >>> from legmap.draft._rules import load_rules
    >>> from legmap.draft._segment import tokenize
    >>> from legmap.draft.places import PlaceFinder
    >>> from legmap.places.gazetteer import Gazetteer
    >>> tokens = tokenize("Kyiv lies some 560 km east of Przemyśl.")
    >>> morph = Morph(load_rules("en"))
    >>> mentions = PlaceFinder(Gazetteer.default(), morph).find(tokens)
    >>> claim = read_claims(Words(morph, tokens), mentions)[0]
    >>> claim.value, claim.place.name(), claim.other.name()
    ('560 km', 'Przemyśl', 'Kyiv')
    """
    places = [m for m in mentions if m.place is not None]
    out = []
    for k in range(len(words.tokens)):
        found = _distance(words, k)
        ref = _reference(words, places, found[1]) if found else None
        if found is None or ref is None or ref.place is None:
            continue
        value, end = found
        others = [m for m in places if m is not ref]
        other = min(others, key=lambda m: abs(m.i - k)).place if others else None
        out.append(Claim(k, value, words.text(k, end), ref, ref.place, other))
    return out


def _distance(words: Words, k: int) -> tuple[str, int] | None:
    # A number and a unit at token k ("950 ميلاً", "680km"): the value, the token after.
    token = words.tokens[k].text
    glued = _GLUED.match(token)
    if glued:
        number, unit_word, end = _number(glued[1]), glued[2], k + 1
    elif k + 1 < len(words.tokens):
        number, unit_word, end = _number(token), words.tokens[k + 1].text, k + 2
    else:
        return None
    forms = set(words.morph.forms(unit_word))
    table = words.morph.rules.claims
    unit = next((u for u in ("mi", "km") if forms & table[u]), None)
    if number is None or unit is None:
        return None
    return f"{number:g} {unit}", end


def _reference(words: Words, places: list[Mention], after: int) -> Mention | None:
    # The place after a direction or "from" word ("north of X", "от X"), or
    # carrying a "from" particle (Korean "X에서").
    table = words.morph.rules.claims
    for m in places:
        if m.suffix and m.suffix in table["from"]:
            return m
        if m.i >= after - 2 and words.is_(m.i - 1, table["from"] | table["directions"]):
            return m
    return None
