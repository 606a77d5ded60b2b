"""Reading an article: its headline and date line, then each sentence in turn.

In a sentence the places are found first, then distance claims, movement
clauses and events; each date of the sentence goes to the statement nearest
to it (a leg wins a tie).  A sentence with legs keeps an event only when the
event has a date of its own ("... and met Zelensky on Monday"), and a sentence
gives at most one event.  A claim whose sentence names one place only ("the
centre lies 950 miles north of Vladivostok") is measured from the place named
just before, and an event word in that sentence happens there.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field

from legmap.draft._dates import DateHit, DateReader
from legmap.draft._journeys import LegMaker, tidy
from legmap.draft._model import Draft, DraftLeg
from legmap.draft._morph import Morph
from legmap.draft._rules import Rules, load_capitals
from legmap.draft._segment import Sentence, split_sentences
from legmap.draft._travellers import Travellers
from legmap.draft._words import Words
from legmap.draft.claims import Claim, read_claims
from legmap.draft.events import EventWord, label, make_event, read_events
from legmap.draft.legs import RawLeg, clauses, read_leg
from legmap.draft.places import PlaceFinder
from legmap.places.gazetteer import Gazetteer
from legmap.places.place import Place

__all__ = ["Reader"]

_HEADLINE_MAX = 160  # characters: a longer first line is a paragraph, not a headline
_DATELINE_SLACK = 4  # words beside the date on a date line ("Published: 2023-02-21")


@dataclass
class Reader:
    """Reads one article into a :class:`~legmap.draft.Draft`."""

    rules: Rules
    gazetteer: Gazetteer
    published: dt.date | None
    recent: list[Place] = field(default_factory=list)  # places named so far, in order

    def __post_init__(self) -> None:
        self.morph = Morph(self.rules)
        self.finder = PlaceFinder(self.gazetteer, self.morph)
        self.travellers = Travellers(self.morph)

    def read(self, text: str) -> Draft:
        """Draft a story from the article `text`."""
        title, sentences = _headline(text, split_sentences(text))
        dates = DateReader(self.morph, self.published)
        sentences = self._dateline(sentences, dates)
        draft = Draft(self.rules.lang, title, self.published)
        if self.published is None:
            draft.notes.append(
                "no publication date (use --date): months without a year are left out"
            )
        maker = LegMaker(self.travellers, self._capital, self.published)
        for sentence in sentences:
            self._sentence(draft, sentence, dates.find(sentence.tokens), maker)
        tidy(draft)
        draft.skipped = list(dict.fromkeys(self.finder.skipped))
        return draft

    def _dateline(self, sentences: list[Sentence], dates: DateReader) -> list[Sentence]:
        # A short line near the top that is a full date: the publication date.
        for sentence in sentences[:3]:
            hits = dates.find(sentence.tokens)
            if (
                hits
                and hits[0].full
                and len(sentence.tokens) <= hits[0].j - hits[0].i + _DATELINE_SLACK
            ):
                if self.published is None:
                    self.published = dates.published = dt.date.fromisoformat(hits[0].value)
                return [s for s in sentences if s is not sentence]
        return sentences

    def _capital(self, iso: str) -> Place | None:
        query = load_capitals().get(iso)
        return self.gazetteer.resolve(query) if query else None

    def _sentence(
        self, draft: Draft, sentence: Sentence, dates: list[DateHit], maker: LegMaker
    ) -> None:
        words = Words(self.morph, sentence.tokens)
        mentions = self.finder.find(sentence.tokens)
        draft.places.update((m.place.id, m.place) for m in mentions if m.place is not None)
        claims = read_claims(words, mentions)
        anaphor = self._claims(draft, sentence.text, claims)
        legs = [leg for c in clauses(words) if (leg := read_leg(words, c, mentions))]
        events = read_events(words, mentions, {c.ref.i for c in claims})
        if not events and anaphor is not None:  # "... where its first rocket was launched"
            first = words.find(self.rules.events["words"])[:1]
            events = [EventWord(k, label(words, k), anaphor) for k in first]
        owner = _owners(dates, legs, events)
        previous = None
        for n, leg in enumerate(legs):
            previous = maker.add(draft, sentence.text, leg, owner.get(("leg", n)), previous)
        for n, event in enumerate(events):
            date = owner.get(("event", n))
            if date is None and legs:
                continue
            made = make_event(
                words,
                sentence.text,
                event,
                date,
                travellers=self.travellers,
                published=self.published,
            )
            draft.events.append(made)
            break
        self.recent += [m.place for m in mentions if m.place is not None]

    def _claims(self, draft: Draft, source: str, claims: list[Claim]) -> Place | None:
        # Add the claims of a sentence; return the place taken for a missing end, if any.
        anaphor = None
        for claim in claims:
            checks: list[str] = []
            other = claim.other
            if other is None:
                other = anaphor = next((p for p in reversed(self.recent) if p != claim.place), None)
                if other is None:
                    continue
                checks.append(
                    f"the other end is not named here: taken as {other.name()}, "
                    "the place named just before"
                )
            leg = DraftLeg(None, other, claim.place, "distance", source, checks=checks)
            leg.label, leg.claim = claim.text, claim.value
            draft.claims.append(leg)
        return anaphor


def _headline(text: str, sentences: list[Sentence]) -> tuple[str, list[Sentence]]:
    # A short first line, followed by more text, is the headline.
    first = text.strip().split("\n", 1)[0].strip()
    if sentences and len(first) < _HEADLINE_MAX and len(text.strip().splitlines()) > 1:
        return first, [s for s in sentences if s.line != sentences[0].line]
    return "", sentences


def _owners(
    dates: list[DateHit], legs: list[RawLeg], events: list[EventWord]
) -> dict[tuple[str, int], DateHit]:
    # Each date belongs to the nearest statement of its sentence; a leg wins a tie.
    items = [("leg", n, leg.span) for n, leg in enumerate(legs)]
    items += [("event", n, (e.k, e.k)) for n, e in enumerate(events)]
    out: dict[tuple[str, int], DateHit] = {}
    for hit in dates if items else ():
        kind, n, _ = min(items, key=functools.partial(_gap, hit))
        out.setdefault((kind, n), hit)
    return out


def _gap(hit: DateHit, item: tuple[str, int, tuple[int, int]]) -> tuple[int, int]:
    kind, _, (a, b) = item
    return max(a - hit.j + 1, hit.i - b, 0), 0 if kind == "leg" else 1
