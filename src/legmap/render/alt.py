"""Alt text: a short description of the map, in the map's language.

:func:`alt_text` describes a built story in two to five sentences for readers
who cannot see the map: what it shows (the title), each journey (who, from
where to where, how, how far, how certain), what distance claims come to, and
where the numbered events are.  The same text goes everywhere a map goes: the
HTML page (``aria-describedby`` on the map), the SVG (``<desc>``), the embed
snippet and ``<stem>.alt.txt``.

Distances are the ones the map shows (:func:`legmap.render._numbers.shown_distance`),
formatted by CLDR for the language; interface words come from :mod:`legmap._i18n`.
Story text (titles, names) is used as it is: the caller escapes it for HTML or XML.

Examples
--------
>>> import sys; sys.path.insert(0, "tests")
>>> from _built_fixture import make_built
>>> text = alt_text(make_built("en"))
>>> text.split(". ")[0]
"Route map: Kim Jong-un's expected visit to Russia"
>>> "Advance delegation (about 20 officials)" in text, "1,529 km" in text
(True, True)
>>> alt_text(make_built("en")) == text
True
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from legmap._i18n import format_km, format_list, t
from legmap.legs.builders import claim_verdict
from legmap.render._numbers import finite, shown_distance, straight_km

if TYPE_CHECKING:
    from legmap.legs.build import BuiltStory

__all__ = ["MAX_SENTENCES", "alt_text", "svg_with_alt"]

#: At most this many sentences; journeys beyond them are named in an "also" sentence.
MAX_SENTENCES = 5
_LEGS_PER_JOURNEY = 3  # legs described one by one; past it, "and further legs" and the last
_NAMED = 12  # journeys or places named in one list at most
_STOP = {"zh": "。"}  # the full stop of a language (default ".")
_JOIN = {"zh": ""}  # what separates sentences (default a space)


def _first_lower(text: str) -> str:
    """Interface words inside a sentence: "Train" -> "train" (uncased scripts unchanged)."""
    return text[:1].lower() + text[1:]


def _sentence(text: str, lang: str) -> str:
    text = re.sub(r"[ \t\r\n]+", " ", text).strip(" ")  # CLDR's no-break spaces stay
    if not text or text[-1] in ".!?。！？…":
        return text
    return text + _STOP.get(lang, ".")


def _names(items: Sequence[str], lang: str) -> str:
    items = list(dict.fromkeys(i for i in items if i))
    if len(items) > _NAMED:
        items = [*items[: _NAMED - 1], "…"]
    return format_list(items, lang=lang)


def _distance(row: Mapping[str, Any], lang: str, units: str) -> str:
    shown = shown_distance(row)
    dist = format_km(shown.km, units=units, lang=lang)
    if shown.kind == "rail":
        return t("alt.dist.rail", lang, dist=dist)
    if shown.kind == "straight":
        return t("alt.dist.straight", lang, dist=dist)
    return dist  # a flight: the great-circle distance, as the map says


def _leg(row: Mapping[str, Any], lang: str, units: str) -> str:
    route = t("alt.route", lang, a=row["from_name"], b=row["to_name"])
    bits = [_first_lower(t(f"mode.{row['mode']}", lang)), _distance(row, lang, units)]
    if row["certainty"] != "confirmed":
        bits.append(_first_lower(t(f"certainty.{row['certainty']}", lang)))
    if lang == "zh":
        return f"{route}（{'，'.join(bits)}）"
    sep = "، " if lang == "ar" else ", "
    return f"{route} ({sep.join(bits)})"


def _journey(title: str, who: str | None, rows: Sequence[Mapping[str, Any]], lang: str,
             units: str) -> str:  # fmt: skip
    if not who or who == title:
        name = title
    else:  # "Trip (Kim Jong-un)"; a title that ends in brackets gets a comma instead
        name = f"{title}, {who}" if title.rstrip().endswith(")") else f"{title} ({who})"
    if len(rows) <= _LEGS_PER_JOURNEY:
        legs = [_leg(r, lang, units) for r in rows]
    else:  # the first legs, then the last one: where the journey ends
        first = [_leg(r, lang, units) for r in rows[: _LEGS_PER_JOURNEY - 1]]
        legs = [*first, t("alt.more_legs", lang), _leg(rows[-1], lang, units)]
    sep = "؛ " if lang == "ar" else ("；" if lang == "zh" else "; ")
    colon = "：" if lang == "zh" else ": "
    return f"{name}{colon}{sep.join(legs)}"


def _claim(title: str, row: Mapping[str, Any], lang: str, units: str) -> str | None:
    claim = finite(row.get("claim_km"))
    if claim is None:
        return None
    straight = straight_km(row)
    rail = finite(row.get("rail_km"))
    try:
        _, error = claim_verdict(claim, straight, rail, tolerance=0.0)
    except ValueError:  # the two places at one spot: nothing to compare
        return None
    verdict = str(row.get("verdict") or "off")
    words = t(f"verdict.{verdict}", lang, pct=round(abs(error) * 100))
    measured = [t("alt.dist.straight", lang, dist=format_km(straight, units=units, lang=lang))]
    if rail is not None:
        measured.append(t("alt.dist.rail", lang, dist=format_km(rail, units=units, lang=lang)))
    sep = "؛ " if lang == "ar" else ("；" if lang == "zh" else "; ")
    claimed = t("claim", lang, dist=format_km(claim, units=units, lang=lang))
    return t("alt.claim", lang, title=title, claimed=claimed, a=row["from_name"],
             b=row["to_name"], verdict=words, measured=sep.join(measured))  # fmt: skip


def _who(built: BuiltStory, lang: str) -> dict[str, str]:
    story = built.story
    if story is None:
        return {}
    out = {}
    for journey in getattr(story, "journeys", ()):
        who = story.text(journey.who, lang) if journey.who else None
        if who:
            out[journey.id] = who
    return out


def alt_text(built: BuiltStory, *, lang: str | None = None, units: str | None = None) -> str:
    """Describe the map of `built` in two to five sentences, in `lang`.

    Parameters
    ----------
    built : legmap.legs.build.BuiltStory
        The story as the maps draw it.
    lang, units : str, optional
        Language and distance units (default: the story's, as the renderers use).

    Returns
    -------
    str
        Plain text (not escaped): the title; one sentence per journey (its
        legs: from, to, mode, distance as the map shows it, certainty when not
        confirmed), journeys past the sentence budget named in one more; claim
        checks with their verdicts; where the numbered events are.  Same input,
        same text.
    """
    lang = lang or built.lang or "en"
    units = units or built.units or "km"
    journeys, claims = _journeys_and_claims(built, lang, units)
    sentences = [t("alt.map", lang, title=built.title)]
    if claims:
        sentences.append(("؛ " if lang == "ar" else "; ").join(claims))
    events = _events(built, lang)
    room = MAX_SENTENCES - len(sentences) - (1 if events else 0)
    if len(journeys) > room and events:
        events, room = None, room + 1  # journeys matter more than where events are
    described = journeys if len(journeys) <= room else journeys[: max(room - 1, 0)]
    body = [_journey(title, who, rows, lang, units) for title, who, rows in described]
    rest = journeys[len(described) :]
    if rest:
        body.append(t("alt.also", lang, titles=_names([title for title, _, _ in rest], lang)))
    sentences[1:1] = body
    if events:
        sentences.append(events)
    return _JOIN.get(lang, " ").join(_sentence(s, lang) for s in sentences)


def _rows(built: BuiltStory) -> dict[str, list[dict[str, Any]]]:
    """The legs table as plain rows, grouped by journey in story order."""
    legs = built.legs.reset_index(drop=True) if len(built.legs) else built.legs
    rows: list[dict[str, Any]] = legs.to_dict("records") if len(legs) else []
    grouped: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        for key in ("journey_title", "from_name", "to_name", "verdict"):
            if not isinstance(row.get(key), str):  # missing text comes back as NaN
                row[key] = None
        row["from_name"] = row["from_name"] or row["from_id"]
        row["to_name"] = row["to_name"] or row["to_id"]
        grouped.setdefault(str(row["journey"]), []).append(row)
    return grouped


_Described = tuple[str, str | None, list[dict[str, Any]]]


def _journeys_and_claims(
    built: BuiltStory, lang: str, units: str
) -> tuple[list[_Described], list[str]]:
    """(title, who, legs) per journey, and one clause per checked claim."""
    who = _who(built, lang)
    journeys: list[_Described] = []
    claims: list[str] = []
    for jid, rows in _rows(built).items():
        title = rows[0]["journey_title"] or jid
        travel = []
        for row in rows:
            claim = _claim(title, row, lang, units) if row["mode"] == "distance" else None
            if claim:
                claims.append(claim)
            else:  # a leg, or a distance measured without a claim
                travel.append(row)
        if travel:
            journeys.append((title, who.get(jid), travel))
    return journeys, claims


def _events(built: BuiltStory, lang: str) -> str | None:
    events = built.events
    if events is None or not len(events):
        return None
    places = [str(n) for n in events["place_name"] if isinstance(n, str)]
    return t("alt.events", lang, places=_names(places, lang)) if places else None


_SVG_OPEN = re.compile(rb"<svg\b[^>]*>")


def svg_with_alt(svg: bytes, *, title: str, alt: str) -> bytes:
    """`svg` with ``<title>`` and ``<desc>`` as the first children of its root element.

    Screen readers name an SVG image by its first ``<title>`` and describe it by
    its ``<desc>``; both are XML-escaped.  Only bytes are inserted (deterministic).

    Examples
    --------
    >>> out = svg_with_alt(b'<svg width="1"><g/></svg>', title="A & B", alt="<x>")
    >>> out.decode()
    '<svg width="1"><title>A &amp; B</title><desc>&lt;x&gt;</desc><g/></svg>'
    """
    found = _SVG_OPEN.search(svg)
    if found is None:
        return svg
    head = f"<title>{_xml(title)}</title><desc>{_xml(alt)}</desc>".encode()
    tag = found.group(0)
    if tag.endswith(b"/>"):  # an empty <svg/>: open it to hold the two
        return (
            svg[: found.start()] + tag[:-2].rstrip() + b">" + head + b"</svg>" + svg[found.end() :]
        )
    return svg[: found.end()] + head + svg[found.end() :]


def _xml(text: str) -> str:
    # XML 1.0 has no place for most control characters: drop them, escape the rest.
    clean = "".join(c for c in text if c in "\t\n\r" or ord(c) >= 32)
    return clean.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
