"""Who travels: the subject each language's word order gives, and the home country it names."""

from __future__ import annotations

import pytest

from legmap.draft._morph import Morph
from legmap.draft._rules import load_rules
from legmap.draft._segment import tokenize
from legmap.draft._words import Words
from legmap.draft.legs import clauses, read_leg
from legmap.draft.places import PlaceFinder
from legmap.places.gazetteer import Gazetteer

CASES = [
    ("en", "The Russian defence minister flew to Pyongyang.", "Russian defence minister", "RU"),
    ("en", "On Sunday Biden flew from Kyiv to Warsaw.", "Biden", None),
    ("en", "Later, US President Joe Biden flew to Warsaw.", "US President Joe Biden", "US"),
    ("en", "From Rzeszów, Biden's motorcade drove to Przemyśl.", "Biden", None),
    ("en", "The plane stopped at Ramstein Air Base.", None, None),
    (
        "ru",
        "Президент России Владимир Путин прилетел в Якутск.",
        "Президент России Владимир Путин",
        "RU",
    ),
    ("ru", "Затем он вылетел в Пекин.", None, None),
    ("ko", "김정은, 평양에서 블라디보스토크로 출발했다.", "김정은", None),
    ("ko", "김 위원장이 탄 전용열차는 24일 블라디보스토크역에 도착했다.", "김 위원장", None),
    (
        "ko",
        "북한 매체들은 김 위원장이 27일 평양에 도착할 것으로 보인다고 전했다.",
        "김 위원장",
        None,
    ),
    ("ko", "러시아 푸틴 대통령이 모스크바에서 평양으로 향했다.", "푸틴 대통령", "RU"),
    ("ko", "그는 블라디보스토크에 도착했다.", None, None),
    (
        "ar",
        "وسافر الرئيس الروسي فلاديمير بوتين إلى بيونغ يانغ.",
        "الرئيس الروسي فلاديمير بوتين",
        "RU",
    ),
    ("ar", "إذ كشفت الصحيفة أن كيم جونغ أون يعتزم السفر إلى روسيا.", "كيم جونغ أون", None),
]


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.default()


@pytest.mark.parametrize(("lang", "text", "who", "home"), CASES, ids=[c[1][:24] for c in CASES])
def test_subject_and_home(
    lang: str, text: str, who: str | None, home: str | None, gaz: Gazetteer
) -> None:
    morph = Morph(load_rules(lang))
    tokens = tokenize(text)
    words = Words(morph, tokens)
    mentions = PlaceFinder(gaz, morph).find(tokens)
    [leg] = [leg for c in clauses(words) if (leg := read_leg(words, c, mentions))]
    assert (leg.who, leg.home) == (who, home)
