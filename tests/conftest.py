"""Shared fixtures: the default gazetteer, the embedded rail network, the seed story."""

from __future__ import annotations

from pathlib import Path

import pytest

from legmap.legs.build import build_story
from legmap.places.gazetteer import Gazetteer
from legmap.story import load_story

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "geo" / "stories" / "kim-putin-2023.toml"


@pytest.fixture(autouse=True)
def _isolated_cache(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Never read or write the user's ~/.cache/legmap from tests.
    monkeypatch.setenv("LEGMAP_CACHE_DIR", str(tmp_path_factory.mktemp("legmap-cache")))


@pytest.fixture(scope="session")
def seed_path() -> Path:
    return SEED


@pytest.fixture(scope="session")
def gazetteer():
    return Gazetteer.default()


@pytest.fixture(scope="session")
def seed_story():
    return load_story(SEED)


@pytest.fixture(scope="session")
def seed_built(seed_story, gazetteer):
    return build_story(seed_story, gazetteer=gazetteer)
