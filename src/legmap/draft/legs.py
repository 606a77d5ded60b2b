"""Movement statements: a clause with a travel word and places marked as origin or destination.

A clause is a sentence cut at "then" words.  In it, the origin is a place right
after a "from" marker (من, from, из) or a departure verb ("left Kyiv"); the
destination a place right after a "to" marker (إلى, to, в; the Arabic clitic ل
glued to it) or after an arrival verb and "at"/"in".  Korean marks the role on
the place itself, with a particle (평양에서 "from", 블라디보스토크로 "to",
평양을 + 출발 "leave").  A journey someone asked for or proposed (an "irrealis"
word just before the travel word) is skipped.  The mode is the nearest mode
word, the certainty the clause's hedges, the subject (`who`) as :mod:`._who`
reads it.

Examples
--------
>>> from legmap.draft._morph import Morph
>>> from legmap.draft._rules import load_rules
>>> from legmap.draft._segment import tokenize
>>> from legmap.draft._words import Words
>>> from legmap.draft.places import PlaceFinder
>>> from legmap.places.gazetteer import Gazetteer
>>> morph = Morph(load_rules("en"))
>>> tokens = tokenize("He may fly from Moscow to Pyongyang, then go on to Hanoi by train.")
>>> words, finder = Words(morph, tokens), PlaceFinder(Gazetteer.default(), morph)
>>> legs = [read_leg(words, c, finder.find(tokens)) for c in clauses(words)]
>>> [(leg.origin and leg.origin.text, leg.dest.text, leg.mode, leg.certainty) for leg in legs]
[('Moscow', 'Pyongyang', 'flight', 'possible'), (None, 'Hanoi', 'train', None)]
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

from legmap.draft._who import home, subject
from legmap.draft._words import Words
from legmap.draft.places import Mention

__all__ = ["Clause", "RawLeg", "clauses", "read_leg"]


@dataclass(frozen=True)
class Clause:
    """Tokens ``i`` to ``j`` (exclusive) of a sentence."""

    i: int
    j: int


@dataclass
class RawLeg:
    """What one clause says about a journey, before chaining."""

    clause: Clause
    anchor: int  # the travel word
    origin: Mention | None = None
    dest: Mention | None = None
    via: list[Mention] = field(default_factory=list)
    who: str | None = None
    home: str | None = None  # ISO code of a country named in the subject
    mode: str | None = None
    mode_text: str = ""
    certainty: str | None = None
    hedge: str = ""

    @property
    def span(self) -> tuple[int, int]:
        """First and last token the statement uses."""
        marks = [self.anchor] + [k for m in (self.origin, self.dest) if m for k in (m.i, m.j - 1)]
        return min(marks), max(marks)


def clauses(words: Words) -> list[Clause]:
    """Cut a sentence at its "then" words (English "and" only before a travel word)."""
    mv = words.morph.rules.movement
    cuts = [0]
    for k in range(1, len(words.tokens)):
        word = words.is_(k, mv["then"])
        if word == "and" and not words.find(mv["verbs"], k + 1, k + 3):
            continue
        if word:
            cuts.append(k)
    cuts.append(len(words.tokens))
    return [Clause(a, b) for a, b in itertools.pairwise(cuts) if b > a]


def read_leg(words: Words, clause: Clause, mentions: list[Mention]) -> RawLeg | None:
    """The journey a clause states, or None when it states none."""
    mv = words.morph.rules.movement
    travel = words.find(mv["verbs"], clause.i, clause.j)
    inside = [m for m in mentions if clause.i <= m.i < clause.j]
    if not travel or not inside:
        return None
    leg = RawLeg(clause, travel[0])
    for m in inside:
        _assign(leg, _role(words, clause, m), m)
    if (
        leg.origin is not None
        and leg.dest is None
        and words.find(mv["after"], clause.i, leg.origin.i)
    ):
        # "arrived after leaving Seoul": the place after the origin is where it went
        leg.dest = next((m for m in inside if m.i > leg.origin.i and m.place is not None), None)
    target = leg.dest or leg.origin
    if target is None:
        return None
    leg.anchor = max((k for k in travel if k < target.i), default=travel[0])
    if words.find(mv["irrealis"], max(clause.i, leg.anchor - 2), leg.anchor):
        return None
    _mode(words, leg)
    _certainty(words, leg)
    who = subject(words, clause.i, leg.anchor, inside)
    if who is not None:
        leg.who, leg.home = who.text, home(words, who, inside)
    return leg


def _assign(leg: RawLeg, role: str | None, m: Mention) -> None:
    if role == "via":
        leg.via.append(m)
    elif role == "origin":
        leg.origin = leg.origin or m
    elif role == "dest":
        leg.dest = leg.dest or m


def _role(words: Words, clause: Clause, m: Mention) -> str | None:
    if words.morph.rules.particles:
        return _particle_role(words, m)
    return _marker_role(words, clause, m)


def _particle_role(words: Words, m: Mention) -> str | None:
    # Korean: 평양에서 (from), 블라디보스토크로 (to), 평양을 출발 (leave), 하산역을 거쳐 (via).
    mv = words.morph.rules.movement
    if m.suffix in mv["from"]:
        return "origin"
    if m.suffix in mv["to"]:
        return "dest"
    if m.suffix not in mv["object"]:
        return None
    if words.find(mv["depart"], m.j, m.j + 3):
        return "origin"
    return "via" if words.find(mv["via"], m.j, m.j + 2) else None


def _marker_role(words: Words, clause: Clause, m: Mention) -> str | None:
    # A marker word just before the place ("from Kyiv", "the" skipped in English),
    # or a clitic glued to it (Arabic لروسيا "to Russia"); first match wins.
    mv = words.morph.rules.movement
    k = m.i - 1
    if k >= 0 and words.forms[k][0] in mv["articles"]:
        k -= 1
    before = words.is_(k, mv["from"] | mv["after"] | mv["to"] | mv["via"] | mv["depart"]) or ""
    if before in mv["from"] | mv["after"]:
        return "origin"
    if before in mv["to"] or m.prefix in mv["to"]:
        return "dest"
    if before in mv["via"]:
        return "via"
    if before in mv["depart"]:
        return "origin"
    arrived = words.find(mv["arrive"], clause.i, m.i)
    return "dest" if arrived and words.is_(k, mv["arrive_markers"]) else None


def _mode(words: Words, leg: RawLeg) -> None:
    # The mode word nearest to the travel word; the label is it and the next word
    # ("armoured train"), unless that word is a function word or a "to" marker.
    found = [
        (abs(k - leg.anchor), mode, k)
        for mode, table in words.morph.rules.modes.items()
        for k in words.find(table, leg.clause.i, leg.clause.j)
    ]
    if not found:
        return
    _, leg.mode, k = min(found, key=lambda hit: hit[0])
    nxt = k + 1
    stops = words.morph.rules.stop | words.morph.rules.movement["to"]
    keep = nxt < leg.clause.j and words.tokens[nxt].text[:1].isalpha()
    keep = keep and not (set(words.forms[nxt]) & stops)
    leg.mode_text = words.text(k, nxt + 1 if keep else nxt)


def _certainty(words: Words, leg: RawLeg) -> None:
    # The first hedge of the clause, up to three words after the statement; a hedge
    # right before a mode word ("ربما بالقطار") qualifies the mode, not the journey.
    cert = words.morph.rules.certainty
    modes = {
        k
        for table in words.morph.rules.modes.values()
        for k in words.find(table, leg.clause.i, leg.clause.j)
    }
    end = min(leg.clause.j, leg.span[1] + 3)
    for level in ("possible", "expected"):
        for k in words.find(cert[level], leg.clause.i, end):
            if words.is_(k, cert["mode_hedges"]) and ({k + 1, k + 2} & modes):
                leg.mode_text = f"{words.text(k, k + 1)} {leg.mode_text}".strip()
                continue
            leg.certainty = level
            leg.hedge = words.text(k, k + len(str(words.is_(k, cert[level])).split()))
            return
