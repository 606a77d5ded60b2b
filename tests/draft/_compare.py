"""Compare a drafted story with the expected one, item by item."""

from __future__ import annotations

from dataclasses import dataclass

from legmap._geodesic import distance_km
from legmap.places.gazetteer import Gazetteer
from legmap.story import Leg, Story

SAME_PLACE_KM = 60.0  # a city, its station and its airport count as one place


@dataclass(frozen=True)
class Item:
    name: str
    found: bool
    attrs: tuple[str, ...]  # "mode ok", "date 2023-09 != 2023-08"...


@dataclass(frozen=True)
class Score:
    items: tuple[Item, ...]
    spurious: tuple[str, ...]

    @property
    def found(self) -> int:
        return sum(i.found for i in self.items)

    @property
    def wrong(self) -> int:
        """Attributes (mode, date, certainty, claim) of found items that differ."""
        return sum(not a.endswith(" ok") for i in self.items for a in i.attrs)

    def report(self, title: str) -> str:
        lines = [
            f"{title}: found {self.found}/{len(self.items)}, spurious {len(self.spurious)}, "
            f"wrong attributes {self.wrong}"
        ]
        lines += [
            f"  [{'x' if i.found else ' '}] {i.name}  {'; '.join(i.attrs)}" for i in self.items
        ]
        lines += [f"  spurious: {s}" for s in self.spurious]
        return "\n".join(lines)


def _same(gaz: Gazetteer, a: str, b: str) -> bool:
    pa, pb = gaz.resolve(a), gaz.resolve(b)
    return pa.id == pb.id or float(distance_km(*pa.lonlat, *pb.lonlat)) <= SAME_PLACE_KM


def _dates(a: str | None, b: str | None) -> bool:
    return (a is None and b is None) or bool(
        a and b and (a.startswith(b[:7]) or b.startswith(a[:7]))
    )


def _attr(name: str, ok: bool, have: object, want: object) -> str:
    return f"{name} ok" if ok else f"{name} {have} != {want}"


def _ends_match(gaz: Gazetteer, got: Leg, want: Leg) -> bool:
    if (got.mode == "distance") != (want.mode == "distance"):
        return False
    ends = _same(gaz, got.from_, want.from_) and _same(gaz, got.to, want.to)
    if want.mode == "distance":  # a claim has no direction
        ends = ends or (_same(gaz, got.from_, want.to) and _same(gaz, got.to, want.from_))
    return ends


def _legs(draft: Story, expected: Story, gaz: Gazetteer) -> tuple[list[Item], list[str]]:
    got = [(j, leg) for j in draft.journeys for leg in j.legs]
    used: set[int] = set()
    items = []
    for journey in expected.journeys:
        for leg in journey.legs:
            name = f"{journey.id}: {leg.from_} -> {leg.to} ({leg.mode})"
            match = next(
                (n for n, (_, g) in enumerate(got) if n not in used and _ends_match(gaz, g, leg)),
                None,
            )
            if match is None:
                items.append(Item(name, False, ()))
                continue
            used.add(match)
            gj, g = got[match]
            want_c, have_c = expected.leg_certainty(journey, leg), draft.leg_certainty(gj, g)
            attrs = [
                _attr("mode", g.mode == leg.mode, g.mode, leg.mode),
                _attr("date", _dates(g.date, leg.date), g.date, leg.date),
                _attr("certainty", have_c == want_c, have_c, want_c),
            ]
            if leg.claim:
                attrs.append(_attr("claim", g.claim == leg.claim, g.claim, leg.claim))
            items.append(Item(name, True, tuple(attrs)))
    spurious = [
        f"{gj.id}: {g.from_} -> {g.to} ({g.mode})" for n, (gj, g) in enumerate(got) if n not in used
    ]
    return items, spurious


def _events(draft: Story, expected: Story, gaz: Gazetteer) -> tuple[list[Item], list[str]]:
    events = list(draft.events)
    items = []
    for event in expected.events:
        near = [e for e in events if _same(gaz, e.place, event.place)]
        hit = next((e for e in near if _dates(e.date, event.date)), near[0] if near else None)
        attrs: tuple[str, ...] = ()
        if hit is not None:
            events.remove(hit)
            attrs = (
                _attr("date", _dates(hit.date, event.date), hit.date, event.date),
                _attr(
                    "certainty", hit.certainty == event.certainty, hit.certainty, event.certainty
                ),
            )
        items.append(Item(f"event at {event.place} {event.date}", hit is not None, attrs))
    return items, [f"event at {e.place} {e.date}" for e in events]


def compare(draft: Story, expected: Story, gaz: Gazetteer) -> Score:
    legs, spurious_legs = _legs(draft, expected, gaz)
    events, spurious_events = _events(draft, expected, gaz)
    return Score(tuple(legs + events), tuple(spurious_legs + spurious_events))
