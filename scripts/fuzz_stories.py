"""Fuzz legmap with seeded mutations of the seed story: no traceback, exit 0 or 2, no partial maps.

Each case is the seed story (``geo/stories/kim-putin-2023.toml``) with one to
four mutations: a value replaced by a hostile or merely different one (control
characters, 10,000-character names, NaN, a date, a table where text goes, a
1,000-deep array, another real place, another mode), a key removed or added, a
leg duplicated or turned into a self-loop, all journeys removed... then, one
time in four, damaged as text (a line dropped or doubled, a byte inserted, a
byte-order mark).  Every case runs ``legmap check`` and ``legmap build`` (all
four formats, into a folder that already holds an older map set) in process,
through click's ``CliRunner``, and must:

- never end in a traceback (an exception other than ``SystemExit``);
- exit with 0 or 2, never anything else;
- print no raw control character (escape, carriage return) and, on exit 2,
  only ``legmap: error:`` lines after the progress lines;
- after ``build`` exits 2, leave the output folder byte-for-byte as it was; after
  it exits 0, hold the new set and no staging folder;
- build whenever ``check`` accepted the story (and refuse it when check did).

Run by hand (the test suite runs a few dozen cases, ``tests/test_fuzz.py``)::

    python scripts/fuzz_stories.py --cases 500 --seed 1 --jobs 2
    python scripts/fuzz_stories.py --cases 20 --show        # print each case's outcome

It prints the counts of exit 0, exit 2 and failures, and writes every failing
case (story text and what went wrong) to ``--keep`` (default
``fuzz-failures/``) so it can be replayed with ``legmap check``.
"""

from __future__ import annotations

import argparse
import copy
import datetime as dt
import itertools
import json
import math
import random
import re
import sys
import tempfile
import tomllib
import traceback
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "geo" / "stories" / "kim-putin-2023.toml"
FORMATS = "html,geojson,png,svg"

# ----------------------------------------------------------------- TOML writer
# tomllib only reads; this writes the plain data a story holds (tables, arrays
# of tables, strings, numbers, booleans, dates), including hostile values.

_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")


def _key(key: str) -> str:
    return key if _BARE_KEY.match(key) else _string(key)


def _string(text: str) -> str:
    out = json.dumps(text, ensure_ascii=False)
    # TOML forbids DEL and other controls raw in strings; JSON leaves DEL raw.
    return out.replace("\x7f", "\\u007f")


def _inline(value: Any) -> str:  # noqa: PLR0911 - one return per TOML type
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        return repr(value)
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_key(k)} = {_inline(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_inline(v) for v in value) + "]"
    if isinstance(value, _Raw):
        return value.text
    raise TypeError(type(value))


@dataclass(frozen=True)
class _Raw:
    """A TOML token written as is (``1e400``, a 1,000-deep array)."""

    text: str


def _is_table_array(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, dict) for v in value)


def to_toml(data: dict[str, Any]) -> str:
    """Write `data` as TOML (tables as sections, arrays of tables as ``[[...]]``)."""
    lines: list[str] = []

    def table(prefix: str, items: dict[str, Any]) -> None:
        simple = {k: v for k, v in items.items() if not (isinstance(v, dict) or _is_table_array(v))}
        for key, value in simple.items():
            lines.append(f"{_key(key)} = {_inline(value)}")
        for key, value in items.items():
            path = f"{prefix}.{_key(key)}" if prefix else _key(key)
            if isinstance(value, dict):
                lines.append(f"\n[{path}]")
                table(path, value)
            elif _is_table_array(value):
                for element in value:
                    lines.append(f"\n[[{path}]]")
                    table(path, element)

    table("", data)
    return "\n".join(lines) + "\n"


# ------------------------------------------------------------------ mutations

PLACES = [
    "Moscow", "Vladivostok", "Pyongyang", "Khasan", "Tokyo", "Seoul", "Beijing",
    "Khabarovsk", "Irkutsk", "Novosibirsk", "Ulan-Ude", "Anchorage", "Los Angeles",
    "Kyiv", "Warsaw", "Artyom", "Vnukovo", "SVO", "VVO", "Ussuriysk", "Harbin",
    "Tumangang", "Komsomolsk-on-Amur", "Przemyśl", "Tianjin", "Murmansk", "fefu",
    "pier-33", "vostochny-cosmodrome", "평양", "Пхеньян", "بيونغ يانغ", "Moscow, RU",
    "Springfield", "Vladivostock", "geonames:2021851",
]  # fmt: skip
MODES = ["train", "flight", "distance", "road", "sea", "unknown"]


def _hostile(rng: random.Random) -> Any:
    """A value a careless or malicious story could hold."""
    choices: list[Callable[[], Any]] = [
        lambda: "",
        lambda: " ",
        lambda: "x" * rng.choice([300, 10_000]),
        lambda: "\x1b[2J\x1b[31mlegmap: error: forged\nsecond line\r",
        lambda: "\u202eevil\u202c",
        lambda: "{{ 7*7 }}<script>alert(1)</script>",
        lambda: "javascript:alert(1)",
        lambda: rng.choice(PLACES),
        lambda: rng.choice(MODES),
        lambda: "".join(chr(rng.randrange(32, 0x3000)) for _ in range(rng.randrange(1, 12))),
        lambda: 0,
        lambda: -1,
        lambda: rng.choice([1e308, -1e308, 5e-324, 2**62]),
        lambda: math.inf,
        lambda: math.nan,
        lambda: rng.choice([True, False]),
        lambda: [],
        lambda: {},
        lambda: [1],
        lambda: ["Khasan", 3],
        lambda: {"en": "x", "ar": "س"},
        lambda: {"fr": "x"},
        lambda: {"en": 5},
        lambda: dt.date(2023, 9, 10),
        lambda: dt.datetime(2023, 9, 10, 12, 0),
        lambda: rng.choice(["2023-13", "2023-09-31", "2023-09-10/2023-09-01", "2023"]),
        lambda: rng.choice(["950 mi", "1,600 km", "0 km", "1e400 km", "-5 km", "12.5"]),
        lambda: _Raw(rng.choice(["1e400", "-1e400", "0x10", "1_000"])),
        lambda: _Raw("[" * 1000 + "]" * 1000),
        lambda: _Raw("[" * 60 + "]" * 60),
        lambda: rng.uniform(-200, 200),
    ]
    return rng.choice(choices)()


def _paths(data: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    if isinstance(data, dict):
        for key, value in data.items():
            yield (*prefix, key)
            yield from _paths(value, (*prefix, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield (*prefix, i)
            yield from _paths(value, (*prefix, i))


def _parent(data: Any, path: tuple[Any, ...]) -> Any:
    for part in path[:-1]:
        data = data[part]
    return data


def _legs(data: dict[str, Any]) -> list[dict[str, Any]]:
    journeys = data.get("journeys")
    if not isinstance(journeys, list):
        return []
    return [
        leg
        for journey in journeys
        if isinstance(journey, dict) and isinstance(journey.get("legs"), list)
        for leg in journey["legs"]
        if isinstance(leg, dict)
    ]


def _mutate_once(data: dict[str, Any], rng: random.Random) -> str:  # noqa: PLR0912, PLR0915
    """Change `data` in place; return what was done."""
    kinds = {
        "leaf": 5, "delete": 2, "add": 1, "duplicate": 2, "self-loop": 1, "swap": 2,
        "place": 6, "mode": 5, "claim": 4, "local-place": 3, "events-only": 1,
        "no-events": 1, "via": 3, "lang": 2,
    }  # fmt: skip
    kind = rng.choices(list(kinds), weights=list(kinds.values()))[0]
    legs = _legs(data)
    paths = list(_paths(data))
    if kind == "leaf" and paths:
        path = rng.choice(paths)
        _parent(data, path)[path[-1]] = _hostile(rng)
    elif kind == "delete" and paths:
        path = rng.choice(paths)
        parent = _parent(data, path)
        del parent[path[-1]]
    elif kind == "add":
        tables = [p for p in paths if isinstance(_parent(data, (*p, 0)), dict)] + [()]
        target = _parent(data, (*rng.choice(tables), 0))
        target[rng.choice(["speed", "notes", "from", "title", "zzz"])] = _hostile(rng)
    elif kind == "duplicate":
        journeys = data.get("journeys")
        if isinstance(journeys, list) and journeys:
            journey = rng.choice(journeys)
            if isinstance(journey, dict) and isinstance(journey.get("legs"), list) and legs:
                journey["legs"].append(copy.deepcopy(rng.choice(legs)))
            else:
                journeys.append(copy.deepcopy(journey))
    elif kind == "self-loop" and legs:
        leg = rng.choice(legs)
        leg["to"] = leg.get("from", "Moscow")
    elif kind == "swap" and legs:
        leg = rng.choice(legs)
        leg["from"], leg["to"] = leg.get("to"), leg.get("from")
        if leg["from"] is None or leg["to"] is None:
            leg.pop("from" if leg["from"] is None else "to")
    elif kind == "place" and legs:
        rng.choice(legs)[rng.choice(["from", "to"])] = rng.choice(PLACES)
    elif kind == "mode" and legs:
        leg = rng.choice(legs)
        leg["mode"] = rng.choice(MODES)
        leg.pop("via", None) if leg["mode"] != "train" else None
        leg.pop("claim", None) if leg["mode"] != "distance" else None
    elif kind == "claim" and legs:
        leg = rng.choice(legs)
        leg["mode"] = "distance"
        leg.pop("via", None)
        leg["claim"] = rng.choice(
            ["950 mi", "30 km", "1,600 km", 100, 7.5, "0.001 km", "99,999 km", _hostile(rng)]
        )
    elif kind == "local-place":
        pid = rng.choice(["x", "here", "pier-33", "moscow"])
        lat, lon = rng.choice([(0.0, 0.0), (90.0, 0.0), (-90.0, 180.0), (43.1, 179.99),
                               (43.1, -179.99), (55.75204, 37.61781), (rng.uniform(-90, 90),
                               rng.uniform(-180, 180))])  # fmt: skip
        data.setdefault("places", {})
        if isinstance(data["places"], dict):
            data["places"][pid] = {"name": rng.choice(["Here", "\x1b[31mX", "ここ"]),
                                   "lat": lat, "lon": lon}  # fmt: skip
            if legs:
                rng.choice(legs)[rng.choice(["from", "to"])] = pid
    elif kind == "events-only":
        data.pop("journeys", None)
    elif kind == "no-events":
        data.pop("events", None)
    elif kind == "via" and legs:
        leg = rng.choice(legs)
        leg["via"] = rng.sample(PLACES, rng.randrange(0, 3))
    elif kind == "lang":
        data[rng.choice(["lang", "units"])] = rng.choice(["en", "ar", "ru", "ko", "km", "mi"])
    return kind


def _mutate_text(text: str, rng: random.Random) -> str:
    lines = text.split("\n")
    how = rng.choice(["drop", "double", "byte", "truncate", "bom", "header"])
    k = rng.randrange(len(lines))
    if how == "drop":
        del lines[k]
    elif how == "double":
        lines.insert(k, lines[k])
    elif how == "byte":
        line = lines[k]
        at = rng.randrange(len(line) + 1)
        lines[k] = line[:at] + rng.choice(["\x00", "\x1b", '"', "[", "=", "\\", "ÿ"]) + line[at:]
    elif how == "truncate":
        return text[: rng.randrange(len(text))]
    elif how == "bom":
        return "\ufeff" + text
    else:
        lines.insert(
            k, rng.choice(["[[journeys]]", "[[journeys.legs]]", "[places.x]", "[[events]]"])
        )
    return "\n".join(lines)


def make_case(seed_text: str, rng: random.Random) -> tuple[str, list[str]]:
    """A mutated story text and the list of mutations applied."""
    data = tomllib.loads(seed_text)
    done = [_mutate_once(data, rng) for _ in range(rng.choice([1, 1, 2, 2, 3, 4]))]
    text = to_toml(data)
    if rng.random() < 0.15:
        text = _mutate_text(text, rng)
        done.append("text")
    return text, done


# ------------------------------------------------------------------- one case

STEMS = ["story", "a:b", "with space", "x.embed", "ünï", "#hash"]


@dataclass
class Outcome:
    """What one case did."""

    check: int | None = None
    build: int | None = None
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:  # noqa: D102
        return not self.problems


def _snapshot(folder: Path) -> dict[str, bytes]:
    if not folder.exists():
        return {}
    return {
        str(p.relative_to(folder)): (p.read_bytes() if p.is_file() else b"<dir>")
        for p in sorted(folder.rglob("*"))
    }


def _check_output(name: str, result: Any, out: Outcome) -> None:
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        tb = "".join(traceback.format_exception(result.exception))
        out.problems.append(f"{name}: traceback: {tb}")
    if result.exit_code not in (0, 2):
        out.problems.append(f"{name}: exit {result.exit_code}")
    text = result.stdout + result.stderr
    raw = re.search(r".{0,60}[\x1b\r].{0,20}", text)
    if raw:
        out.problems.append(f"{name}: raw control character in the output: {raw.group()!r}")
    if result.exit_code == 2:
        errors = [ln for ln in result.stderr.splitlines() if ln.startswith("legmap: error: ")]
        if not errors:
            out.problems.append(f"{name}: exit 2 without a 'legmap: error:' line")


def run_case(text: str, work: Path, rng: random.Random, *, formats: str = FORMATS) -> Outcome:
    """Check and build one story text in `work`; return what happened."""
    from click.testing import CliRunner  # noqa: PLC0415

    from legmap.cli import cli  # noqa: PLC0415

    out = Outcome()
    stem = rng.choice(STEMS)
    story = work / f"{stem}.toml"
    story.write_text(text, encoding="utf-8", errors="surrogatepass")
    maps = work / "maps"
    maps.mkdir()
    (maps / f"{stem}.geojson").write_text("an older map", encoding="utf-8")  # an older set
    (maps / "unrelated.txt").write_text("not ours", encoding="utf-8")
    before = _snapshot(maps)
    runner = CliRunner()
    checked = runner.invoke(cli, ["check", str(story)])
    out.check = checked.exit_code
    _check_output("check", checked, out)
    built = runner.invoke(
        cli, ["build", str(story), "-o", str(maps), "--format", formats, "--tiles", "none"]
    )
    out.build = built.exit_code
    _check_output("build", built, out)
    after = _snapshot(maps)
    if built.exit_code != 0 and after != before:
        out.problems.append("build: failed but changed the output folder")
    if built.exit_code == 0:
        wanted = {f"{stem}.{f}" for f in formats.split(",")}
        wanted |= {f"{stem}.embed.html"} if "html" in formats else set()
        missing = wanted - set(after)
        if missing:
            out.problems.append(f"build: exit 0 but missing {sorted(missing)}")
        if any(name.startswith(".legmap-") for name in after):
            out.problems.append("build: a staging folder was left behind")
        if after.get("unrelated.txt") != b"not ours":
            out.problems.append("build: touched a file that is not a map")
    if checked.exit_code == 0 and built.exit_code != 0:
        out.problems.append(f"check accepted the story but build failed: {built.stderr[-300:]}")
    if checked.exit_code == 2 and built.exit_code == 0:
        out.problems.append("check refused the story but build accepted it")
    return out


def _work(args: tuple[int, int, int, str]) -> list[tuple[int, str, Outcome]]:
    start, stop, seed, formats = args
    seed_text = SEED.read_text(encoding="utf-8")
    results = []
    for i in range(start, stop):
        rng = random.Random(f"{seed}-{i}")  # noqa: S311
        text, _ = make_case(seed_text, rng)
        with tempfile.TemporaryDirectory(prefix="legmap-fuzz-") as tmp:
            results.append((i, text, run_case(text, Path(tmp), rng, formats=formats)))
    return results


def main(argv: list[str] | None = None) -> int:
    """Command line: run the cases, print counts, keep failures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=500)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--jobs", type=int, default=1, help="worker processes")
    parser.add_argument("--formats", default=FORMATS)
    parser.add_argument("--keep", type=Path, default=Path("fuzz-failures"))
    parser.add_argument("--show", action="store_true", help="print every case's outcome")
    args = parser.parse_args(argv)

    chunks = max(args.jobs * 8, 1)
    bounds = [args.cases * k // chunks for k in range(chunks + 1)]
    tasks = [(a, b, args.seed, args.formats) for a, b in itertools.pairwise(bounds) if b > a]
    if args.jobs > 1:
        import multiprocessing  # noqa: PLC0415

        with multiprocessing.get_context("fork").Pool(args.jobs) as pool:
            batches = pool.map(_work, tasks)
    else:
        batches = [_work(t) for t in tasks]
    counts: Counter[str] = Counter()
    for i, text, outcome in (r for batch in batches for r in batch):
        counts[f"check exit {outcome.check}"] += 1
        counts[f"build exit {outcome.build}"] += 1
        if outcome.ok:
            counts["ok"] += 1
        else:
            counts["failed"] += 1
            counts["tracebacks"] += sum("traceback" in p for p in outcome.problems)
            args.keep.mkdir(parents=True, exist_ok=True)
            (args.keep / f"case-{args.seed}-{i}.toml").write_text(
                text, encoding="utf-8", errors="surrogatepass"
            )
            (args.keep / f"case-{args.seed}-{i}.txt").write_text(
                "\n".join(outcome.problems), encoding="utf-8"
            )
        if args.show or not outcome.ok:
            print(f"case {i}: check {outcome.check}, build {outcome.build}", *outcome.problems)  # noqa: T201
    print(f"{args.cases} cases (seed {args.seed}):", dict(sorted(counts.items())))  # noqa: T201
    return 1 if counts["failed"] else 0


if __name__ == "__main__":
    sys.exit(main())
