"""Fuzzing in the suite: mutated stories never crash legmap, and `check` agrees with `build`.

The mutations and the checks of each case live in ``scripts/fuzz_stories.py``
(run it by hand for hundreds of cases); here a fixed, small set of cases runs
on every test run, plus a hypothesis property test on well-formed stories.
"""

from __future__ import annotations

import importlib.util
import random
import sys
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from legmap.cli import cli

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("fuzz_stories", ROOT / "scripts" / "fuzz_stories.py")
assert _spec is not None
assert _spec.loader is not None
fuzz = importlib.util.module_from_spec(_spec)
sys.modules["fuzz_stories"] = fuzz
_spec.loader.exec_module(fuzz)

SEED_TEXT = fuzz.SEED.read_text(encoding="utf-8")
CASES = 30


@pytest.mark.parametrize("case", range(CASES))
def test_mutated_seed_story(case: int, tmp_path: Path) -> None:
    rng = random.Random(f"suite-{case}")
    text, mutations = fuzz.make_case(SEED_TEXT, rng)
    outcome = fuzz.run_case(text, tmp_path, rng)
    assert outcome.ok, (mutations, outcome.problems, text[:2000])


def test_the_cases_reach_both_outcomes() -> None:
    # A fuzzer whose every case fails at `check` tests only the parser: the
    # mutations must leave a fair share of stories valid, so builds run too.
    outcomes = []
    for case in range(CASES):
        rng = random.Random(f"suite-{case}")
        text, _ = fuzz.make_case(SEED_TEXT, rng)
        path = Path(tempfile.mkdtemp()) / "s.toml"
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
        outcomes.append(CliRunner().invoke(cli, ["check", str(path)]).exit_code)
    assert 0.2 < outcomes.count(0) / CASES < 0.8, outcomes


def test_toml_writer_round_trips_the_seed() -> None:
    import tomllib  # noqa: PLC0415

    data = tomllib.loads(SEED_TEXT)
    assert tomllib.loads(fuzz.to_toml(data)) == data


# --- property: whatever `check` accepts, `build` draws in every format -------------

PLACES = ["Moscow", "Vladivostok", "Pyongyang", "Khasan", "Khabarovsk", "Tokyo", "Seoul",
          "Anchorage", "Ussuriysk", "Irkutsk", "fefu", "pier-33", "VVO", "Artyom"]  # fmt: skip
MODES = ["train", "flight", "distance", "road", "sea", "unknown"]


@st.composite
def stories(draw: st.DrawFn) -> str:
    """Well-formed stories from real places: legs of every mode, claims, events."""
    lines = [f'title = "{draw(st.sampled_from(["Trip", "رحلة", "Поездка"]))}"']
    lines.append(f'lang = "{draw(st.sampled_from(["en", "ar", "ru", "ko"]))}"')
    lines.append(f'units = "{draw(st.sampled_from(["km", "mi"]))}"')
    for j in range(draw(st.integers(0, 2))):
        lines += ["[[journeys]]", f'id = "j{j}"']
        for _ in range(draw(st.integers(1, 3))):
            a, b = draw(st.lists(st.sampled_from(PLACES), min_size=2, max_size=2, unique=True))
            mode = draw(st.sampled_from(MODES))
            lines += ["[[journeys.legs]]", f'from = "{a}"', f'to = "{b}"', f'mode = "{mode}"']
            if mode == "distance" and draw(st.booleans()):
                km = draw(st.floats(0.5, 20_000, allow_nan=False))
                lines.append(f'claim = "{km:.1f} km"')
            if mode == "train" and draw(st.booleans()):
                lines.append(f'via = ["{draw(st.sampled_from(PLACES))}"]')
            certainty = draw(st.sampled_from(["confirmed", "expected", "possible"]))
            lines.append(f'certainty = "{certainty}"')
    for _ in range(draw(st.integers(0 if len(lines) > 3 else 1, 2))):
        lines += ["[[events]]", f'place = "{draw(st.sampled_from(PLACES))}"', 'label = "Here"']
    return "\n".join(lines) + "\n"


@settings(
    max_examples=6,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(text=stories())
def test_what_check_accepts_builds_in_every_format(text: str) -> None:
    runner = CliRunner()
    with tempfile.TemporaryDirectory() as tmp:
        story = Path(tmp) / "story.toml"
        story.write_text(text, encoding="utf-8")
        checked = runner.invoke(cli, ["check", str(story)])
        assert checked.exit_code in (0, 2), checked.output
        out = Path(tmp) / "maps"
        built = runner.invoke(
            cli, ["build", str(story), "-o", str(out), "--format", "html,geojson,png,svg",
                  "--tiles", "none"],
        )  # fmt: skip
        if checked.exit_code == 2:  # e.g. a via that is the leg's own end: both refuse
            assert built.exit_code == 2, built.output
            assert not out.exists()
            return
        assert built.exit_code == 0, (text, built.output)
        assert sorted(p.name for p in out.iterdir()) == [
            "story.alt.txt", "story.embed.html", "story.geojson", "story.html", "story.png",
            "story.svg",
        ]  # fmt: skip
