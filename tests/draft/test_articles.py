"""Drafts of real articles against their expected stories: per-item results and a score.

Each comparison is printed (run with ``-s`` to see it): every expected leg and
event, found or not, with its mode, date, certainty and claim checked, then the
spurious legs and events.  The thresholds are the scores the draft achieves, so
that any regression fails.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pytest
from _compare import compare

from legmap.draft import RailCheck, draft, draft_story
from legmap.legs.build import build_story
from legmap.places.gazetteer import Gazetteer
from legmap.places.place import Place
from legmap.rail.network import RailGap, RailNetwork
from legmap.story import load_story

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "geo" / "articles" / "kim-putin-2023.ar.txt"  # copy of shared/seed
ARTICLES = ROOT / "geo" / "articles"


def _rail_check(net: RailNetwork) -> RailCheck:
    def check(start: Place, end: Place, via: list[Place]) -> str | None:
        trip = net.trip([start, *via, end])
        return f"not on the {net.name} rail network" if isinstance(trip, RailGap) else None

    return check


@dataclass(frozen=True)
class Case:
    article: Path
    expected: Path
    date: dt.date | None  # publication date; None: the article's date line
    found: int  # the scores achieved: expected legs and events found,
    spurious: int  # legs and events drafted that the expected story does not have,
    wrong: int  # and attributes (mode, date, certainty, claim) of found items that differ


CASES = {
    "seed-ar": Case(SEED, ROOT / "geo/stories/kim-putin-2023.toml", dt.date(2023, 9, 5), 11, 0, 1),
    "biden-en": Case(
        ARTICLES / "biden-kyiv-2023.en.txt", ARTICLES / "biden-kyiv-2023.toml", None, 10, 0, 0
    ),
    "putin-ru": Case(
        ARTICLES / "putin-pyongyang-hanoi-2024.ru.txt",
        ARTICLES / "putin-pyongyang-hanoi-2024.toml",
        None,
        7,
        0,
        0,
    ),
    "kim-ko": Case(
        ARTICLES / "kim-vladivostok-2019.ko.txt",
        ARTICLES / "kim-vladivostok-2019.toml",
        None,
        6,
        0,
        0,
    ),
}


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.default()


@pytest.fixture(scope="module")
def net() -> RailNetwork:
    return RailNetwork.load()


@pytest.mark.parametrize("case", list(CASES.values()), ids=list(CASES))
def test_draft_recovers_the_expected_story(case: Case, gaz: Gazetteer, net: RailNetwork) -> None:
    if not case.article.exists():
        pytest.skip(f"{case.article} is not here")
    text = case.article.read_text(encoding="utf-8")
    story = draft_story(text, date=case.date, gazetteer=gaz, rail_check=_rail_check(net))
    score = compare(story, load_story(case.expected), gaz)
    report = score.report(case.article.name)
    print("\n" + report)
    assert score.found >= case.found, report
    assert len(score.spurious) <= case.spurious, report
    assert score.wrong <= case.wrong, report
    built = build_story(story, gazetteer=gaz, rail=net)  # the draft builds
    assert len(built.legs) == sum(len(j.legs) for j in story.journeys)


def test_seed_must_show_items(gaz: Gazetteer, net: RailNetwork) -> None:
    if not SEED.exists():
        pytest.skip(f"{SEED} is not here")
    story = draft_story(
        SEED.read_text(encoding="utf-8"),
        date=dt.date(2023, 9, 5),
        gazetteer=gaz,
        rail_check=_rail_check(net),
    )
    score = compare(story, load_story(ROOT / "geo" / "stories" / "kim-putin-2023.toml"), gaz)
    found = {i.name for i in score.items if i.found}
    must = [
        "kim-visit: Pyongyang -> Vladivostok (train)",
        "kim-visit: Vladivostok -> Moscow (unknown)",
        "kim-visit: Vladivostok -> Vostochny Cosmodrome (unknown)",
        "delegation: Pyongyang -> Vladivostok (train)",
        "delegation: VVO -> Moscow (flight)",
        "shoigu: Moscow -> Pyongyang (flight)",
        "claim-check: Vladivostok -> Vostochny Cosmodrome (distance)",
        "event at fefu 2023-09-10/2023-09-13",
        "event at pier-33 2023-09",
    ]
    assert [m for m in must if m not in found] == []


def test_the_journey_from_home_when_the_origin_is_not_stated(gaz: Gazetteer) -> None:
    # "Президент России ... прилетел в Якутск": the president of Russia sets off from Moscow.
    text = (ARTICLES / "putin-pyongyang-hanoi-2024.ru.txt").read_text(encoding="utf-8")
    first = draft(text, gazetteer=gaz).journeys["Президент России Владимир Путин"][0]
    assert (first.start.id, first.end.name(), first.mode) == ("moscow", "Yakutsk", "flight")
    assert "origin not stated: Президент России Владимир Путин set off from home, Moscow" in (
        first.checks
    )


def test_a_korean_subject_stops_at_an_earlier_subject(gaz: Gazetteer) -> None:
    # "북한 매체들은 김 위원장이 ... 도착할 것": the traveller is 김 위원장, not the media.
    text = (
        "김 위원장이 평양을 떠났다. "
        "북한 매체들은 김 위원장이 27일 블라디보스토크에 도착할 것으로 보인다고 전했다."
    )
    result = draft(text, lang="ko", date=dt.date(2019, 4, 26), gazetteer=gaz)
    assert list(result.journeys) == ["김 위원장"]
    assert "who: '김 위원장', the subject of the sentence" in result.journeys["김 위원장"][0].checks


def test_a_train_off_the_rail_network_stays_a_train(gaz: Gazetteer, net: RailNetwork) -> None:
    text = "The king took the train from Lisbon to Madrid on 3 May 2024."
    result = draft(text, gazetteer=gaz, rail_check=_rail_check(net))
    [leg] = [leg for legs in result.journeys.values() for leg in legs]
    assert (leg.start.name(), leg.end.name(), leg.mode) == ("Lisbon", "Madrid", "train")
    assert "not on the embedded rail network: drawn as an unrouted train line" in leg.checks
