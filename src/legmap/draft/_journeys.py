"""The journeys of a draft: legs made from movement clauses, gaps filled, then tidied.

A clause rarely says everything.  The gaps are filled from what the article
said before, and every such guess is written down as a check:

- no origin: where the traveller was last, else the capital of the
  traveller's country ("Russian defence minister" sets off from Moscow);
- a country as an end ("to North Korea"): its capital;
- no mode or date: those of the traveller's previous sentence;
- no hedge: ``expected`` for a date after the publication month.

Then :func:`tidy` leaves out legs from a place to itself, a trip to a country
that a later leg names more precisely, and repeats of a leg.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from legmap.draft._dates import DateHit, tense
from legmap.draft._model import Draft, DraftLeg
from legmap.draft._travellers import Traveller, Travellers
from legmap.draft.legs import RawLeg
from legmap.draft.places import Mention
from legmap.places.place import Place

__all__ = ["LegMaker", "tidy"]


@dataclass
class LegMaker:
    """Turns the clauses of one article into legs, remembering each traveller."""

    travellers: Travellers
    capital: Callable[[str], Place | None]  # ISO code -> the capital, for countries
    published: dt.date | None

    def add(
        self,
        draft: Draft,
        source: str,
        raw: RawLeg,
        date: DateHit | None,
        previous: Traveller | None,
    ) -> Traveller | None:
        """Add the leg `raw` states (if it has both ends) to `draft`; return its traveller."""
        checks: list[str] = []
        who = self.travellers.subject(raw.who, home=raw.home, previous=previous)
        start, end = self._place(raw.origin, checks), self._place(raw.dest, checks)
        if raw.who and who and raw.who == who.name:
            checks.append(f"who: {who.name!r}, the subject of the sentence")
        elif raw.who and who:
            checks.append(f"who: {who.name!r}, named {raw.who!r} in this sentence")
        value = date.value if date else None
        if end is None:  # "left Kyiv", "boarded a train": where and how, not yet where to
            if who is not None:
                who.position, who.date = start, value or who.date
                who.mode = raw.mode or who.mode
            return who
        start = start or self._origin(who, checks)
        if start is None:
            draft.notes.append(f"no origin for a journey to {end.name()}: {source[:80]}")
            if who is not None:
                who.date = value or who.date
            return who
        leg = DraftLeg(who.name if who else None, start, end, "unknown", source, checks=checks)
        leg.mode = _mode(raw, who, checks)
        leg.date = _date(date, who, checks)
        leg.certainty = raw.certainty or tense(leg.date, self.published)
        if raw.certainty:
            checks.append(f"certainty {raw.certainty} from {raw.hedge!r}")
        if leg.mode == "train":
            leg.via = [m.place for m in raw.via if m.place is not None]
        leg.label = raw.mode_text or None
        leg.country = raw.dest.country if raw.dest is not None else None
        draft.journeys.setdefault(leg.who or "", []).append(leg)
        if who is not None:
            who.position, who.date, who.mode = end, leg.date, None
        return who

    def _place(self, m: Mention | None, checks: list[str]) -> Place | None:
        if m is None or m.place is not None:
            return m.place if m else None
        capital = self.capital(m.country or "")
        if capital is not None:
            checks.append(f"{m.text!r} is a country: drawn at its capital, {capital.name()}")
        return capital

    def _origin(self, who: Traveller | None, checks: list[str]) -> Place | None:
        if who is None:
            return None
        if who.position is not None:
            checks.append(f"origin not stated: where {who.name} was last ({who.position.name()})")
            return who.position
        start = self.capital(who.home) if who.home else None
        if start is not None:
            checks.append(f"origin not stated: {who.name} set off from home, {start.name()}")
        return start


def _mode(raw: RawLeg, who: Traveller | None, checks: list[str]) -> str:
    if raw.mode:
        checks.append(f"mode {raw.mode} from {raw.mode_text!r}")
        return raw.mode
    if who is not None and who.mode:
        checks.append(f"mode {who.mode} from an earlier sentence")
        return who.mode
    return "unknown"


def _date(date: DateHit | None, who: Traveller | None, checks: list[str]) -> str | None:
    if date is not None:
        checks.append(f"date {date.value} from {date.text!r}")
        return date.value
    if who is not None and who.date:
        checks.append(f"date {who.date} from an earlier sentence about {who.name}")
    return who.date if who else None


def tidy(draft: Draft) -> None:
    """Leave out legs to the same place, country-only trips named better later, and repeats."""
    for who, legs in draft.journeys.items():
        kept: list[DraftLeg] = []
        for leg in legs:
            why = _left_out(leg, legs)
            same = [k for k in kept if _repeats(k, leg)]
            if why:
                draft.notes.append(why)
            elif same:
                same[0].checks.append("also reported: " + leg.source[:80])
            else:
                kept.append(leg)
        draft.journeys[who] = kept


def _left_out(leg: DraftLeg, legs: list[DraftLeg]) -> str | None:
    if leg.start.id == leg.end.id:
        return f"left out a leg from {leg.start.name()} to itself: {leg.source[:60]}"
    if leg.country and any(o.end.country == leg.country and not o.country for o in legs):
        return f"left out a trip to the country {leg.country}: a later leg says where"
    return None


def _repeats(kept: DraftLeg, leg: DraftLeg) -> bool:
    # The same two ends in the same month (or undated): one leg, reported twice.
    months = not kept.date or not leg.date or kept.date[:7] == leg.date[:7]
    return (kept.start.id, kept.end.id) == (leg.start.id, leg.end.id) and months
