"""Places in running text: word spans looked up in the gazetteer through morphology.

At each word the longest span (up to four words) that the gazetteer knows wins.
A span is tried under the forms :mod:`legmap.draft._morph` gives (clitics,
cases, particles, possessives removed).  Countries come from the rule table
(a journey "to North Korea" is drawn at its capital, see ``capitals.toml``).

Guard against common words that are also small towns: an open-data city must
have at least :data:`MIN_POPULATION` people (GeoNames; 50,000 keeps Przemyśl,
66,000, and drops most namesakes of everyday words, which are villages and
towns: Arabic "واشنطن" is also two US towns of 16,000 and 24,000), an open-data
airport must be named with two words or more ("Ramstein Air Base"), and the
span must not be a phrase the rule table ignores (a newspaper, a person).
English and Russian names must be capitalised; in Arabic and Korean, which have
no capitals, a single open-data word needs :data:`MIN_POPULATION_CASELESS`
(100,000: the namesakes seen in testing, "سلة" basket = Celle, 71,000, and
"فان" = Vannes, 54,000, are below it).  Function words and month names never
start a name.  What is skipped is recorded, with the reason.

Examples
--------
>>> from legmap.draft._rules import load_rules
>>> from legmap.draft._segment import tokenize
>>> finder = PlaceFinder(Gazetteer.default(), Morph(load_rules("ar")))
>>> found = finder.find(tokenize("وصل كيم من بيونغ يانغ إلى روسيا ثم بموسكو وسلة"))
>>> [(m.text, m.place.id if m.place else m.country, m.prefix) for m in found]
[('بيونغ يانغ', 'pyongyang', ''), ('روسيا', 'RU', ''), ('بموسكو', 'moscow', 'ب')]
>>> finder.skipped[0].reason
'geonames:2940213 (Celle, Lower Saxony, DE, city): fewer than 100,000 people'
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from legmap.draft._morph import Morph
from legmap.draft._segment import Span
from legmap.errors import AmbiguousPlaceError, LegmapError
from legmap.places._text import fold, name_key
from legmap.places.gazetteer import Gazetteer
from legmap.places.place import Place

__all__ = ["MIN_POPULATION", "MIN_POPULATION_CASELESS", "Mention", "PlaceFinder", "Skip"]

MIN_POPULATION = 50_000
MIN_POPULATION_CASELESS = 100_000
_MAX_WORDS = 4


@dataclass(frozen=True)
class Mention:
    """A place (or a country) named in a sentence, tokens ``i`` to ``j`` (exclusive)."""

    i: int
    j: int
    text: str
    place: Place | None = None
    country: str | None = None
    prefix: str = ""  # clitic removed from the first word (Arabic ل: "to")
    suffix: str = ""  # particle removed from the last word (Korean 에서: "from")


@dataclass(frozen=True)
class Skip:
    """Something the draft saw and left out, and why."""

    text: str
    reason: str


@dataclass
class PlaceFinder:
    """Find the places of sentences with a gazetteer and one language's morphology."""

    gazetteer: Gazetteer
    morph: Morph
    skipped: list[Skip] = field(default_factory=list)
    _cache: dict[tuple[str, bool], Place | str | None] = field(default_factory=dict, init=False)
    _stop: frozenset[str] = field(default=frozenset(), init=False)

    def __post_init__(self) -> None:
        rules = self.morph.rules
        months = {m for month in rules.months for m in month}
        self._stop = rules.stop | months

    def find(self, tokens: Sequence[Span]) -> list[Mention]:
        """Every place and country named in `tokens`, left to right, not overlapping."""
        masked = _masked(tokens, self.morph.rules.ignore)
        out: list[Mention] = []
        i = 0
        while i < len(tokens):
            found = None if i in masked else self._at(tokens, i, masked)
            if found is None:
                i += 1
                continue
            if isinstance(found, Mention):
                out.append(found)
                i = found.j
            else:
                i = found
        return out

    def _at(self, tokens: Sequence[Span], i: int, masked: set[int]) -> Mention | int | None:
        first = tokens[i].text
        if not first[:1].isalpha() or any(
            f.rstrip(".") in self._stop for f in self.morph.forms(first)
        ):
            return None
        for j in range(min(len(tokens), i + _MAX_WORDS), i, -1):
            words = [t.text for t in tokens[i:j]]
            if any(k in masked for k in range(i, j)) or not all(w[:1].isalnum() for w in words):
                continue
            if self.morph.rules.capitalised and not (
                words[0][:1].isupper() and words[-1][:1].isupper()
            ):
                continue
            hit = self._span(words, i, j)
            if hit is not None:
                return hit
        return None

    def _span(self, words: list[str], i: int, j: int) -> Mention | int | None:
        text = " ".join(words)
        variants = self.morph.span_variants(words)
        for form, prefix, suffix in variants:
            iso = self.morph.rules.countries.get(form)
            if iso is not None:
                return Mention(i, j, text, country=iso, prefix=prefix, suffix=suffix)
        single = len(words) == 1 and not self.morph.rules.capitalised
        for form, prefix, suffix in variants:
            found = self._lookup(form, single=single)
            if isinstance(found, Place):
                if len(words) == 1 and not found.curated and self.morph.is_first_name(words[0]):
                    self.skipped.append(Skip(text, "a first name, not a place"))
                    return j
                return Mention(i, j, text, place=found, prefix=prefix, suffix=suffix)
            if isinstance(found, str):
                self.skipped.append(Skip(text, found))
                return j
        return None

    def _lookup(self, text: str, *, single: bool) -> Place | str | None:
        key = name_key(text)
        if (key, single) not in self._cache:
            self._cache[key, single] = self._resolve(text, key, single) if key else None
        return self._cache[key, single]

    def _resolve(self, text: str, key: str, single: bool) -> Place | str | None:
        hits = [p for p in self.gazetteer.search(text, limit=5) if key in _keys(p)]
        if not hits:
            return None
        try:
            place = self.gazetteer.resolve(text)
        except AmbiguousPlaceError:
            return f"ambiguous: {', '.join(p.describe() for p in hits[:3])}"
        except LegmapError:
            return None
        return _trusted(place, text, single=single)


def _trusted(place: Place, text: str, *, single: bool) -> Place | str:
    """`place`, or why a name this common cannot be trusted to mean it."""
    least = MIN_POPULATION_CASELESS if single else MIN_POPULATION
    if place.curated:
        return place
    if place.kind == "city" and place.rank < least:
        return f"{place.describe()}: fewer than {least:,} people"
    if place.kind == "airport" and len(text.split()) < 2:
        return f"{place.describe()}: an airport named with one word"
    return place


def _keys(place: Place) -> set[str]:
    texts = [place.id, place.iata or "", place.icao or "", *place.names.values(), *place.aliases]
    return {name_key(t) for t in texts}


def _masked(tokens: Sequence[Span], phrases: tuple[str, ...]) -> set[int]:
    # Tokens of ignored phrases; the first word may carry a clitic ("وفلاديمير بوتين").
    words = [fold(t.text) for t in tokens]
    out: set[int] = set()
    for phrase in phrases:
        head, *rest = phrase.split()
        for i in range(len(words) - len(rest)):
            if words[i].endswith(head) and words[i + 1 : i + 1 + len(rest)] == rest:
                out.update(range(i, i + 1 + len(rest)))
    return out
