"""Events: a place where something happens (a forum, a meeting, a visit to a pier).

An event word of the rule table (forum, meeting, talks, visit...) makes an event
at the most specific place of the sentence (a venue, port, spaceport, station or
airport before a city; the nearest to the word among equals), never at a country
nor at the reference of a distance claim.  A "visit" to a city is a journey, not
an event: only a visit to a smaller place (Pier 33) is one.

An event without a date of its own takes that of the traveller the sentence
names; its certainty is the sentence's hedge, unless its date is past.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from legmap.draft._dates import DateHit, before, tense
from legmap.draft._model import DraftEvent
from legmap.draft._travellers import Travellers
from legmap.draft._words import Words
from legmap.draft.places import Mention
from legmap.places.place import Place

__all__ = ["EventWord", "label", "make_event", "read_events"]

_SPECIFIC = {
    "venue": 0,
    "port": 0,
    "spaceport": 0,
    "station": 1,
    "airport": 1,
    "border-crossing": 1,
}


@dataclass(frozen=True)
class EventWord:
    """An event word at token `k` and the place it happens at."""

    k: int
    label: str
    place: Place


def make_event(
    words: Words,
    source: str,
    event: EventWord,
    date: DateHit | None,
    *,
    travellers: Travellers,
    published: dt.date | None,
) -> DraftEvent:
    """The draft's event for `event`, said in the sentence `source` (tokens `words`)."""
    place = event.place
    checks = [f"event from {event.label!r} at {place.name()}"]
    value = date.value if date else None
    who = travellers.dated_in(source) if value is None else None
    if who is not None:
        value = who.date
        checks.append(f"date {value} from an earlier sentence about {who.name}")
    certainty = tense(value, published)
    hedges = words.morph.rules.certainty
    level = next((lv for lv in ("possible", "expected") if words.find(hedges[lv])), None)
    if level and not before(value, published):
        certainty = level
        checks.append(f"certainty {level} from the sentence's wording")
    return DraftEvent(place, event.label, source, value, certainty, checks)


def read_events(words: Words, mentions: list[Mention], exclude: set[int]) -> list[EventWord]:
    """Candidate events of a sentence, one per event word that has a place."""
    table = words.morph.rules.events
    places = [(m, m.place) for m in mentions if m.place is not None and m.i not in exclude]
    out = []
    for k in words.find(table["words"]):
        visit = words.is_(k, table["visit"]) is not None
        pool = [(m, p) for m, p in places if not (visit and p.kind == "city")]
        if pool:
            best = min(pool, key=lambda mp: (_SPECIFIC.get(mp[1].kind, 2), abs(mp[0].i - k)))
            out.append(EventWord(k, label(words, k), best[1]))
    return out


def label(words: Words, k: int) -> str:
    """The event word at `k` and up to three words after it, to a stop word or a year."""
    rules = words.morph.rules
    end = k + 1
    while end < min(k + 4, len(words.tokens)):
        token = words.tokens[end].text
        if (
            not token[:1].isalnum()
            or words.forms[end][0] in rules.stop
            or (token[:1].isdigit() and len(token) == 4)
        ):
            break
        end += 1
    return words.text(k, end)
