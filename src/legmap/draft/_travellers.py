"""The people an article follows: who is who, where each was last, since when and how.

A subject is the same traveller as one named before when every word of the
shorter name matches a word of the longer one, under the language's forms
("Biden" is "President Joe Biden", "Путина" is "Владимир Путин"; in Korean a
one-syllable family name matches a full name: "김 위원장" is "김정은
위원장").  The longest name seen is kept.

Examples
--------
>>> from legmap.draft._morph import Morph
>>> from legmap.draft._rules import load_rules
>>> people = Travellers(Morph(load_rules("en")))
>>> people.named("President Joe Biden") is people.named("Biden")
True
>>> people.named("Zelensky").name
'Zelensky'
"""

from __future__ import annotations

from dataclasses import dataclass, field

from legmap.draft._morph import Morph
from legmap.places.place import Place

__all__ = ["Traveller", "Travellers", "same_person"]


@dataclass
class Traveller:
    """One subject of the article and what the article said of it so far."""

    name: str
    home: str | None = None  # ISO code of the traveller's country, when named
    position: Place | None = None  # where the last leg ended (or started, if it had no end)
    date: str | None = None  # the date of the last leg
    mode: str | None = None  # a mode named without a destination ("boarded a train")


@dataclass
class Travellers:
    """The travellers of one article, in the order they were first named."""

    morph: Morph
    known: list[Traveller] = field(default_factory=list)
    last: Traveller | None = None

    def named(self, who: str, *, home: str | None = None) -> Traveller:
        """The traveller called `who` (a new one if nobody matches); it becomes the last."""
        found = next((t for t in self.known if same_person(who, t.name, self.morph)), None)
        if found is None:
            found = Traveller(who)
            self.known.append(found)
        elif len(who) > len(found.name):
            found.name = who
        found.home = found.home or home
        self.last = found
        return found

    def subject(
        self, who: str | None, *, home: str | None = None, previous: Traveller | None = None
    ) -> Traveller | None:
        """The traveller of a clause: named, or the one of the clause before, or the last named."""
        if who is not None:
            return self.named(who, home=home)
        return previous or self.last

    def dated_in(self, text: str) -> Traveller | None:
        """The last traveller with a date whose first name word appears in `text`."""
        found = [t for t in self.known if t.date and t.name.split()[0] in text]
        return found[-1] if found else None


def same_person(a: str, b: str, morph: Morph) -> bool:
    """True when every word of the shorter name matches a word of the longer one.

    Examples
    --------
    >>> from legmap.draft._rules import load_rules
    >>> morph = Morph(load_rules("ko"))
    >>> same_person("김 위원장", "김정은 북한 국무위원장", morph)
    True
    >>> same_person("푸틴 대통령", "김정은 북한 국무위원장", morph)
    False
    """
    short, long = sorted((a.split(), b.split()), key=len)
    long_forms = [g for word in long for g in morph.forms(word)]
    syllable = morph.rules.prefix_match  # Korean: a one-syllable family name starts a name
    return bool(short) and all(
        any(_matches(f, g, syllable=syllable) for f in morph.forms(word)[:2] for g in long_forms)
        for word in short
    )


def _matches(form: str, other: str, *, syllable: bool) -> bool:
    if form == other:
        return True
    if len(form) >= 2:
        return other.startswith(form) or other.endswith(form)
    return syllable and other.startswith(form)
