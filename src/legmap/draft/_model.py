"""What a draft holds before it is written out: legs, events, notes and checks."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from legmap.draft.places import Skip
from legmap.places.place import Place

__all__ = ["Draft", "DraftEvent", "DraftLeg", "RailCheck"]

#: ``rail_check(start, end, via)``: why a train leg has no rail route, or None.
RailCheck = Callable[[Place, Place, list[Place]], str | None]


@dataclass
class DraftLeg:
    """One leg of the draft, with the guesses to check."""

    who: str | None
    start: Place
    end: Place
    mode: str
    source: str
    date: str | None = None
    certainty: str = "confirmed"
    via: list[Place] = field(default_factory=list)
    label: str | None = None
    claim: str | None = None
    country: str | None = None  # the article named only this country as destination
    checks: list[str] = field(default_factory=list)


@dataclass
class DraftEvent:
    """One event of the draft."""

    place: Place
    label: str
    source: str
    date: str | None = None
    certainty: str = "confirmed"
    checks: list[str] = field(default_factory=list)


@dataclass
class Draft:
    """Everything the draft found in an article, and what it left out."""

    lang: str
    title: str
    published: dt.date | None = None
    journeys: dict[str, list[DraftLeg]] = field(default_factory=dict)
    claims: list[DraftLeg] = field(default_factory=list)
    events: list[DraftEvent] = field(default_factory=list)
    skipped: list[Skip] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    places: dict[str, Place] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        """True when the article gave no journey, claim or event."""
        return not (any(self.journeys.values()) or self.claims or self.events)
