"""Draft a story file from a news article: ``legmap draft`` and :func:`draft_story`.

Owns: reading an article (Arabic, English, Russian, Korean) into a draft story,
with every guess marked for checking.  May import the foundation modules,
:mod:`legmap.story` and :mod:`legmap.places`; never legs, rail, render or cli
(the CLI passes a rail check in as `rail_check`).  Rule tables, one per
language, live in ``geo/draft/`` (format in its README); the user guide is
``docs/drafting.md``.

Examples
--------
>>> story = draft_story("Kim Jong-un travelled by train from Pyongyang to Vladivostok.")
>>> leg = story.journeys[0].legs[0]
>>> (leg.from_, leg.to, leg.mode)
('pyongyang', 'vladivostok', 'train')
"""

from __future__ import annotations

import datetime as dt

from legmap.draft._core import Reader
from legmap.draft._model import Draft, DraftEvent, DraftLeg, RailCheck
from legmap.draft._morph import INSTALL_HINT, MissingExtraError
from legmap.draft._rules import LANGS, detect_lang, load_rules
from legmap.draft.writer import to_toml
from legmap.errors import DataError, StoryError
from legmap.places.gazetteer import Gazetteer
from legmap.story import Story, parse_story

__all__ = [
    "INSTALL_HINT",
    "LANGS",
    "Draft",
    "DraftEvent",
    "DraftLeg",
    "MissingExtraError",
    "RailCheck",
    "draft",
    "draft_story",
    "to_toml",
]


def draft(
    text: str,
    *,
    lang: str | None = None,
    date: dt.date | None = None,
    gazetteer: Gazetteer | None = None,
    rail_check: RailCheck | None = None,
) -> Draft:
    """Read an article into a :class:`Draft` (legs, claims, events, notes, skipped).

    Parameters
    ----------
    text : str
        The article, plain text; a short first line is its headline.
    lang : str, optional
        The article's language, one of :data:`LANGS` (default: from its script).
    date : datetime.date, optional
        Publication date, for "this month" and months without a year (default: a
        date line at the top of the article).
    gazetteer : Gazetteer, optional
        Default: :meth:`Gazetteer.default`.
    rail_check : callable, optional
        ``rail_check(start, end, via) -> str | None``: why a train leg has no
        rail route ("not on the embedded rail network ..."), or None when it has
        one.  A train leg without a route stays a train (legmap draws it
        unrouted) and carries the reason as a check.

    Raises
    ------
    DataError
        When `lang` has no rule table.
    MissingExtraError
        When the language needs an optional dependency (``pip install "legmap[draft]"``).

    Examples
    --------
    >>> result = draft("He took the train from Przemyśl to Kyiv.",
    ...                rail_check=lambda start, end, via: "not on the embedded rail network")
    >>> leg = result.journeys[""][0]
    >>> leg.mode, leg.checks[-1]
    ('train', 'not on the embedded rail network: drawn as an unrouted train line')
    """
    lang = lang or detect_lang(text) or "en"
    if lang not in LANGS:
        msg = f"no draft rules for the language {lang!r} (there are: {', '.join(LANGS)})"
        raise DataError(msg)
    result = Reader(load_rules(lang), gazetteer or Gazetteer.default(), date).read(text)
    if rail_check is not None:
        _check_rail(result, rail_check)
    return result


def _check_rail(result: Draft, rail_check: RailCheck) -> None:
    # A train leg without a rail route stays a train (drawn unrouted), with the reason.
    for legs in result.journeys.values():
        for leg in legs:
            why = rail_check(leg.start, leg.end, leg.via) if leg.mode == "train" else None
            if why:
                leg.checks.append(f"{why}: drawn as an unrouted train line")


def draft_story(
    text: str,
    *,
    lang: str | None = None,
    date: dt.date | None = None,
    gazetteer: Gazetteer | None = None,
    rail_check: RailCheck | None = None,
) -> Story:
    """Draft a :class:`~legmap.story.Story` from a news article (parameters as :func:`draft`).

    Raises
    ------
    StoryError
        When the article names no journey, event or distance claim.
    DataError
        When `lang` has no rule table.
    MissingExtraError
        When the language needs an optional dependency (``pip install "legmap[draft]"``).
    """
    result = draft(text, lang=lang, date=date, gazetteer=gazetteer, rail_check=rail_check)
    if result.empty:
        raise StoryError("no journey, event or distance claim found in the article")
    return parse_story(to_toml(result), file="<draft>")
