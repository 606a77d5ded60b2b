"""Built stories for the static-map tests, on top of the shared renderer fixture.

``make_built`` (tests/_built_fixture.py) is the continental seed story;
:func:`make_local_built` keeps only what happens inside Vladivostok, for a
close-up that must use the full-resolution coast.
"""

from __future__ import annotations

from _built_fixture import make_built
from legmap.legs.build import BuiltStory

LOCAL_LEGS: list[tuple[str, str, str, str, str, str | None, str]] = [
    ("kim-visit", "road", "expected", "vladivostok-airport", "vladivostok", "2023-09",
     "From the airport into the city"),
    ("kim-visit", "road", "possible", "vladivostok", "fefu", "2023-09", "To the forum"),
    ("delegation", "road", "confirmed", "vladivostok", "pier-33", "2023-08", "To the pier"),
]  # fmt: skip


def make_local_built(lang: str = "en", units: str = "km") -> BuiltStory:
    """A Vladivostok-only story: airport, city, university, pier."""
    built = make_built(lang, units, legs=LOCAL_LEGS)
    used = set(built.legs["from_id"]) | set(built.legs["to_id"])
    places = built.places[built.places["id"].isin(used)].reset_index(drop=True)
    events = built.events[built.events["place_id"].isin(used)].reset_index(drop=True)
    return BuiltStory(story=built.story, legs=built.legs, places=places, events=events,
                      lang=built.lang, units=built.units, title=built.title)  # fmt: skip
