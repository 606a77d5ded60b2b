"""Rule tables: one file per language, each complete enough to draft, a broken one refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from legmap.draft import LANGS, _rules, draft
from legmap.draft._rules import SUBJECT_STYLES, detect_lang, load_rules
from legmap.errors import DataError

ARTICLES = Path(__file__).resolve().parents[2] / "geo" / "articles"


def test_every_rule_file_is_a_language() -> None:
    assert set(LANGS) >= {"ar", "en", "ru", "ko"}
    for lang in LANGS:
        rules = load_rules(lang)
        assert rules.lang == lang
        assert rules.subject_style in SUBJECT_STYLES
        for key in ("verbs", "from", "to"):
            assert rules.movement[key], (lang, key)
        assert set(rules.modes) == {"train", "flight", "road", "sea"}, lang
        assert rules.claims["km"], lang


@pytest.mark.parametrize("article", sorted(ARTICLES.glob("*.txt")), ids=lambda p: p.name)
def test_the_language_is_told_by_the_script(article: Path) -> None:
    assert detect_lang(article.read_text(encoding="utf-8")) == article.suffixes[-2][1:]


def test_a_broken_rule_file_is_a_data_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "draft").mkdir()
    (tmp_path / "draft" / "xx.toml").write_text('[subject]\nstyle = "telepathy"\n', "utf-8")
    (tmp_path / "draft" / "yy.toml").write_text("[movement\n", "utf-8")
    monkeypatch.setattr(_rules, "geo_path", tmp_path.joinpath)
    with pytest.raises(DataError, match="style must be one of"):
        load_rules.__wrapped__("xx")
    with pytest.raises(DataError, match="cannot read draft rules"):
        load_rules.__wrapped__("yy")


def test_a_language_without_rules_is_a_data_error() -> None:
    with pytest.raises(DataError, match="no draft rules for the language 'fr'"):
        draft("Macron est parti de Paris pour Berlin.", lang="fr")


def test_an_article_without_a_journey_gives_an_empty_draft() -> None:
    result = draft("The weather was fine in Vladivostok and nobody went anywhere.")
    assert result.empty
    assert "Vladivostok" in [p.name() for p in result.places.values()]
