"""A draft as story TOML: every guess above its entry as a ``# check:`` comment.

Places are written by id; an open-data id ("geonames:2013159") is followed by
the place's name as a comment.  Journeys are named after their traveller; the
distance claims form one more journey, ``claims``.
"""

from __future__ import annotations

import json
import re

from legmap._i18n import LANGS as MAP_LANGS
from legmap.draft._model import Draft, DraftEvent, DraftLeg
from legmap.places.place import Place

__all__ = ["to_toml"]

_ASCII_ID = re.compile(r"[^a-z0-9]+")
_ID_LETTERS = 3  # a journey id needs this many ASCII letters ("kim-jong-un"), else "journey-N"


def _s(text: str) -> str:
    # A TOML basic string: JSON's escapes are TOML's, bar DEL, which TOML wants escaped.
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


def _ref(place: Place) -> str:
    return f"{_s(place.id)}  # {place.name()}" if ":" in place.id else _s(place.id)


def _checks(checks: list[str]) -> list[str]:
    return [f"# check: {c}" for c in checks]


def _journey_id(who: str, n: int, used: set[str]) -> str:
    slug = _ASCII_ID.sub("-", who.lower()).strip("-")[:30].strip("-")
    base = slug if sum(c.isalpha() for c in slug) >= _ID_LETTERS else f"journey-{n}"
    out, k = base, 2
    while out in used:
        out, k = f"{base}-{k}", k + 1
    used.add(out)
    return out


def _leg(leg: DraftLeg) -> list[str]:
    out = ["", *_checks(leg.checks), "[[journeys.legs]]"]
    out += [f"from = {_ref(leg.start)}", f"to = {_ref(leg.end)}", f"mode = {_s(leg.mode)}"]
    if leg.via:
        out.append("via = [" + ", ".join(_s(p.id) for p in leg.via) + "]")
    if leg.claim:
        out.append(f"claim = {_s(leg.claim)}")
    if leg.date:
        out.append(f"date = {_s(leg.date)}")
    if leg.mode != "distance":
        out.append(f"certainty = {_s(leg.certainty)}")
    if leg.label:
        out.append(f"label = {_s(leg.label)}")
    return [*out, f"source = {_s(leg.source)}"]


def _event(event: DraftEvent) -> list[str]:
    out = ["", *_checks(event.checks), "[[events]]", f"place = {_ref(event.place)}"]
    out += [f"label = {_s(event.label)}", f"certainty = {_s(event.certainty)}"]
    if event.date:
        out.append(f"date = {_s(event.date)}")
    return [*out, f"source = {_s(event.source)}"]


def _journeys(draft: Draft) -> list[str]:
    used: set[str] = set()
    journeys = [
        (_journey_id(who, n, used), who, legs)
        for n, (who, legs) in enumerate(draft.journeys.items(), start=1)
        if legs
    ]
    if draft.claims:
        journeys.append((_journey_id("claims", 0, used), "", draft.claims))
    out: list[str] = []
    for jid, who, legs in journeys:
        out += ["", "[[journeys]]", f"id = {_s(jid)}"]
        if who:
            out += [f"title = {_s(who)}", f"who = {_s(who)}"]
        elif legs is draft.claims:
            out.append(f"title = {_s('Distance claims')}")
        out += [line for leg in legs for line in _leg(leg)]
    return out


def to_toml(draft: Draft, *, name: str = "article") -> str:
    """Write `draft` as a story file; an empty draft is comments and a title only.

    Examples
    --------
    >>> print(to_toml(Draft("en", "Nothing here"), name="a.txt").splitlines()[0])
    # Draft story made by `legmap draft` from a.txt: check every `# check:` line.
    """
    out = [f"# Draft story made by `legmap draft` from {name}: check every `# check:` line."]
    out += [*(f"# note: {n}" for n in draft.notes), ""]
    if not draft.title:
        out.append("# check: no headline found; write a title")
    out.append(f"title = {_s(draft.title or 'Draft: ' + name)}")
    lang = draft.lang if draft.lang in MAP_LANGS else "en"
    if lang != draft.lang:
        out.append(f"# check: maps are drawn in {', '.join(MAP_LANGS)}: labels in English")
    out += [f"lang = {_s(lang)}", f"source = {_s('Drafted from ' + name)}"]
    if draft.empty:
        out += [
            "",
            "# note: no journey, event or distance claim found in the article;",
            "# a story needs at least one [[journeys]] or [[events]] entry.",
        ]
    else:
        out += _journeys(draft) + [line for event in draft.events for line in _event(event)]
    return "\n".join(out) + "\n"
