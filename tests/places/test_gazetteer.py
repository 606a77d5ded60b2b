from __future__ import annotations

import copy
import pickle
import tomllib

import pytest

from legmap._data import geo_path
from legmap._geodesic import distance_km
from legmap.errors import AmbiguousPlaceError, DataError, PlaceNotFoundError
from legmap.places._opendata import load_curated
from legmap.places.gazetteer import Gazetteer
from legmap.places.place import KINDS, Place

PYONGYANG_SPELLINGS = ["بيونغ يانغ", "بيونغيانغ", "Пхеньян", "평양", "Pyongyang", "pyongyang"]
STORY_IDS = [
    "pyongyang", "pyongyang-station", "pyongyang-sunan-airport",
    "vladivostok", "vladivostok-station", "vladivostok-airport",
    "moscow", "moscow-yaroslavsky-station", "moscow-sheremetyevo-airport",
    "moscow-vnukovo-airport", "moscow-domodedovo-airport",
    "vostochny-cosmodrome", "tsiolkovsky", "fefu", "pier-33",
    "khasan", "tumangang", "tumen-river-bridge",
]  # fmt: skip


def near(place: Place, lat: float, lon: float, tol: float = 0.05) -> bool:
    return abs(place.lat - lat) <= tol and abs(place.lon - lon) <= tol


# ----------------------------------------------------------------- curated data


def test_curated_file_has_every_story_id():
    places, _ = load_curated()
    ids = {p.id for p in places}
    assert set(STORY_IDS) <= ids


def test_curated_entries_are_complete():
    places, _ = load_curated()
    for place in places:
        assert place.curated
        assert place.kind in KINDS
        assert place.country is not None
        assert len(place.country) == 2
        assert place.country.isupper()
        assert {"en", "ar", "ru", "ko"} <= set(place.names), place.id
        assert place.source.strip(), place.id
        if place.kind == "airport":
            assert len(place.iata or "") == 3, place.id
            assert len(place.icao or "") == 4, place.id


def test_no_coordinates_outside_geo_places():
    # The TOML is the single source of coordinates; check it parses as data.
    raw = tomllib.loads(geo_path("places", "curated.toml").read_text(encoding="utf-8"))
    assert all(isinstance(p["lat"], float) and isinstance(p["lon"], float) for p in raw["place"])


def test_article_spellings_resolve(gazetteer):
    expected = {
        "بيونغ يانغ": "pyongyang",
        "فلاديفوستوك": "vladivostok",
        "موسكو": "moscow",
        "محطة فوستوشني الفضائية": "vostochny-cosmodrome",
        "جامعة الشرق الأقصى الفيدرالية": "fefu",
        "الرصيف 33": "pier-33",
    }
    assert {q: gazetteer.resolve(q).id for q in expected} == expected


# ---------------------------------------------------------------------- resolve


@pytest.mark.parametrize("query", PYONGYANG_SPELLINGS)
def test_pyongyang_in_every_spelling(gazetteer, query):
    place = gazetteer.resolve(query)
    assert place.id == "pyongyang"
    assert near(place, 39.03, 125.75)
    assert place.lonlat == (place.lon, place.lat)


@pytest.mark.parametrize("code", ["FNJ", "ZKPY", "fnj"])
def test_airport_codes(gazetteer, code):
    place = gazetteer.resolve(code)
    assert place.id == "pyongyang-sunan-airport"
    assert place.kind == "airport"
    assert (place.iata, place.icao) == ("FNJ", "ZKPY")


@pytest.mark.parametrize("query", ["Vostochny", "Восточный", "보스토치니", "vostochny-cosmodrome"])
def test_vostochny_is_the_cosmodrome(gazetteer, query):
    place = gazetteer.resolve(query)
    assert place.id == "vostochny-cosmodrome"
    assert place.kind == "spaceport"
    assert near(place, 51.88, 128.33)


def test_moscow_is_moscow_russia(gazetteer):
    assert gazetteer.resolve("Moscow").id == "moscow"
    first = gazetteer.search("Moscow")[0]
    assert (first.id, first.country) == ("moscow", "RU")


@pytest.mark.parametrize(
    "query", [("Moscow, US", None), ("Moscow", "US"), ("Moscow, United States", None)]
)
def test_country_hint_gives_an_american_moscow(gazetteer, query):
    text, country = query
    place = gazetteer.resolve(text, country=country)
    assert place.country == "US"
    assert place.name() == "Moscow"
    assert not place.curated
    assert "GeoNames" in place.source


def test_country_hint_keeps_curated_when_it_fits(gazetteer):
    assert gazetteer.resolve("Moscow, RU").id == "moscow"
    assert gazetteer.resolve("Moscow, Russia").id == "moscow"


def test_comma_without_country_is_part_of_the_name(gazetteer):
    assert gazetteer.resolve("Pier 33, Vladivostok").id == "pier-33"


def test_open_data_city_in_other_scripts(gazetteer):
    for query in ["Tokyo", "Токио", "도쿄", "طوكيو"]:
        place = gazetteer.resolve(query)
        assert (place.id, place.country) == ("geonames:1850147", "JP")


def test_open_data_airport_by_code(gazetteer):
    place = gazetteer.resolve("LED")
    assert (place.kind, place.icao, place.country) == ("airport", "ULLI", "RU")
    assert "airportsdata" in place.source


def test_curated_replaces_open_data_duplicates(gazetteer):
    assert gazetteer.get("geonames:524901").id == "moscow"
    assert gazetteer.get("icao:UUEE").id == "moscow-sheremetyevo-airport"
    ids = [p.id for p in gazetteer.search("Moscow", limit=20)]
    assert "geonames:524901" not in ids
    assert len(ids) == len(set(ids))


def test_unknown_name_raises_with_suggestions(gazetteer):
    with pytest.raises(PlaceNotFoundError) as info:
        gazetteer.resolve("Vladivostock")
    assert "Vladivostok" in info.value.suggestions
    assert len(info.value.suggestions) <= 5
    assert "did you mean" in str(info.value)
    assert isinstance(info.value, LookupError)


def test_unknown_name_without_neighbours(gazetteer):
    with pytest.raises(PlaceNotFoundError, match="Qqqxxzzv"):
        gazetteer.resolve("Qqqxxzzv")


def test_empty_query(gazetteer):
    with pytest.raises(PlaceNotFoundError):
        gazetteer.resolve(" -- ")
    assert gazetteer.search("") == []


@pytest.mark.parametrize("name", ["Taizhou", "Cambridge"])
def test_similar_open_data_cities_are_ambiguous(gazetteer, name):
    # Taizhou (Zhejiang, 1.6 M) and Taizhou (Jiangsu, 1.5 M); Cambridge GB / CA / US.
    with pytest.raises(AmbiguousPlaceError) as info:
        gazetteer.resolve(name)
    assert len(info.value.candidates) >= 2
    assert all(name in line for line in info.value.candidates[:2])
    assert "geonames:" in str(info.value)


def test_ambiguity_resolved_by_country(gazetteer):
    assert gazetteer.resolve("Cambridge", country="GB").country == "GB"


def test_much_bigger_city_wins(gazetteer):
    # Paris FR (2.1 M) against Paris, Texas (25 k): not a close call.
    assert gazetteer.resolve("Paris").country == "FR"


def test_get_unknown_id(gazetteer):
    with pytest.raises(PlaceNotFoundError) as info:
        gazetteer.get("pyongyang-statoin")
    assert "pyongyang-station" in info.value.suggestions


def test_search_prefix_and_limit(gazetteer):
    ids = [p.id for p in gazetteer.search("Vladivo")]
    assert ids[:3] == ["vladivostok", "vladivostok-station", "vladivostok-airport"]
    assert len(gazetteer.search("Moscow", limit=1)) == 1


# ------------------------------------------------------------------ with_places


def test_story_places_override_and_win(gazetteer):
    mine = Place(id="pier-33", names={"en": "Pier 33"}, lat=43.0, lon=131.0, kind="port",
                 country="RU", source="story", curated=True)  # fmt: skip
    extra = Place(id="my-moscow", names={"en": "Moscow"}, lat=1.0, lon=2.0, kind="venue",
                  country="RU", source="story")  # fmt: skip
    local = gazetteer.with_places([mine, extra])
    assert local.get("pier-33").source == "story"
    assert local.resolve("الرصيف 33").source == "story"  # the curated names follow the id
    assert local.resolve("Moscow").id == "my-moscow"
    assert gazetteer.resolve("Moscow").id == "moscow"  # the original is unchanged


def test_two_story_places_with_one_name_are_ambiguous(gazetteer):
    a = Place(
        id="a", names={"en": "Camp"}, lat=1.0, lon=1.0, kind="venue", country="RU", source="s"
    )
    b = Place(
        id="b", names={"en": "Camp"}, lat=2.0, lon=2.0, kind="venue", country="RU", source="s"
    )
    with pytest.raises(AmbiguousPlaceError):
        gazetteer.with_places([a, b]).resolve("camp")


def test_offline_gazetteer_without_open_data():
    places, replaces = load_curated()
    small = Gazetteer(places, replaces=replaces)
    assert small.resolve("Пхеньян").id == "pyongyang"
    with pytest.raises(PlaceNotFoundError):
        small.resolve("Tokyo")


# ----------------------------------------------------------------------- Place


def test_place_names_and_validation():
    p = Place(id="x", names={"en": "X", "ar": "س"}, lat=1.0, lon=2.0, kind="city", country=None,
              source="t", aliases=["y"])  # fmt: skip
    assert p.name("ar") == "س"
    assert p.name("ko") == "X"
    assert p.aliases == ("y",)
    assert hash(p) == hash(copy.deepcopy(p))
    assert pickle.loads(pickle.dumps(p)) == p
    with pytest.raises(DataError):
        Place(id="x", names={"ar": "س"}, lat=1.0, lon=2.0, kind="city", country=None, source="t")
    with pytest.raises(DataError):
        Place(id="x", names={"en": "X"}, lat=1.0, lon=2.0, kind="castle", country=None, source="t")
    with pytest.raises(DataError):
        Place(id="x", names={"en": "X"}, lat=91.0, lon=2.0, kind="city", country=None, source="t")


# ------------------------------------------------------------- broken data files


def _write(tmp_path, text):
    path = tmp_path / "places.toml"
    path.write_text(text, encoding="utf-8")
    return path


ENTRY = """
[[place]]
id = "{id}"
kind = "city"
country = "RU"
lat = 1.0
lon = 2.0
source = "test"
names = {{ en = "{name}" }}
"""


def test_load_curated_rejects_duplicate_names(tmp_path):
    path = _write(tmp_path, ENTRY.format(id="a", name="Same") + ENTRY.format(id="b", name="SAME"))
    with pytest.raises(DataError, match="also a name of 'a'") as info:
        load_curated(path)
    assert info.value.file == str(path)
    assert info.value.spot == "place[1]"


def test_load_curated_rejects_missing_field(tmp_path):
    path = _write(tmp_path, ENTRY.format(id="a", name="A").replace('source = "test"\n', ""))
    with pytest.raises(DataError, match="missing field 'source'"):
        load_curated(path)


def test_load_curated_rejects_bad_toml(tmp_path):
    with pytest.raises(DataError, match="cannot read"):
        load_curated(_write(tmp_path, "[[place]\n"))


def test_unknown_country(gazetteer):
    with pytest.raises(PlaceNotFoundError, match="no country called 'XX'"):
        gazetteer.resolve("Moscow", country="XX")
    # "DC" is no ISO country code: the comma stays part of the name
    assert gazetteer.resolve("Washington, DC").country == "US"


# ------------------------------------------------ ids, regions, usual names (issue 10.6)


@pytest.mark.parametrize(
    ("query", "pid", "name"),
    [
        ("geonames:4409896", "geonames:4409896", "Springfield"),  # Missouri
        ("icao:ETAR", "icao:ETAR", "Ramstein Air Base"),
        ("ICAO:etar", "icao:ETAR", "Ramstein Air Base"),
        ("geonames:524901", "moscow", "Moscow"),  # replaced by the curated entry
        ("icao:UUEE", "moscow-sheremetyevo-airport", "Sheremetyevo International Airport"),
    ],
)
def test_ids_that_places_prints_resolve(gazetteer, query, pid, name):
    place = gazetteer.resolve(query)
    assert (place.id, place.name()) == (pid, name)
    assert gazetteer.search(query)[0].id == pid


def test_station_ids_resolve_with_their_network(gazetteer):
    station = Place(id="osm:n313959145", names={"en": "Hakaniemi"}, lat=60.18, lon=24.95,
                    kind="station", country=None, source="OpenStreetMap")  # fmt: skip
    assert gazetteer.with_places([station]).resolve("osm:n313959145").name() == "Hakaniemi"
    with pytest.raises(PlaceNotFoundError, match="--rail"):
        gazetteer.resolve("osm:n313959145")


@pytest.mark.parametrize(
    ("query", "pid", "region"),
    [
        ("Springfield, IL", "geonames:4250542", "Illinois"),  # IL is also Israel's code
        ("Springfield, Illinois", "geonames:4250542", "Illinois"),
        ("Springfield, Illinois, US", "geonames:4250542", "Illinois"),
        ("Springfield, MO", "geonames:4409896", "Missouri"),
        ("Pingxiang, Guangxi", "geonames:1798655", "Guangxi"),  # the border town
        ("Pingxiang, Jiangxi", "geonames:1798654", "Jiangxi"),
        ("Athens, Georgia", "geonames:4180386", "Georgia"),  # the US state, not the country
        ("Tbilisi, Georgia", "geonames:611717", None),  # the country
        ("Washington, DC", "geonames:4140963", "Washington, D.C."),
    ],
)
def test_first_level_region_disambiguates(gazetteer, query, pid, region):
    place = gazetteer.resolve(query)
    assert place.id == pid
    if region is not None:
        assert place.region == region


def test_pingxiang_guangxi_is_the_border_town(gazetteer):
    border = gazetteer.resolve("Pingxiang, Guangxi")
    jiangxi = gazetteer.resolve("Pingxiang, Jiangxi")
    assert near(border, 22.10, 106.76)  # by the Friendship Pass to Vietnam
    assert distance_km(*border.lonlat, *jiangxi.lonlat) > 700


def test_region_with_the_country_keyword(gazetteer):
    assert gazetteer.resolve("Springfield, IL", country="US").id == "geonames:4250542"
    # A hint naming another country than the keyword is ignored: the keyword wins.
    assert gazetteer.resolve("Moscow, RU", country="US").country == "US"


def test_region_hint_with_nothing_there(gazetteer):
    with pytest.raises(PlaceNotFoundError, match="no place called 'Springfield' in Guangxi"):
        gazetteer.resolve("Springfield, Guangxi")


def test_ambiguity_lists_regions(gazetteer):
    with pytest.raises(AmbiguousPlaceError) as info:
        gazetteer.resolve("Springfield")
    lines = info.value.candidates
    assert lines[0] == "geonames:4409896 (Springfield, Missouri, US, city)"
    assert "geonames:4951788 (Springfield, Massachusetts, US, city)" in lines
    assert 'add a country or region ("Springfield, CC", "Springfield, Region")' in str(info.value)


@pytest.mark.parametrize(
    ("query", "pid"),
    [
        ("Joint Base Andrews", "icao:KADW"),
        ("Ramstein", "icao:ETAR"),
        ("Ramstein Air Base", "icao:ETAR"),
        ("Andrews Air Force Base", None),
    ],
)
def test_airports_by_their_short_name(gazetteer, query, pid):
    if pid is None:
        # Not a name of the airport: the error suggests the names `places` lists.
        with pytest.raises(PlaceNotFoundError):
            gazetteer.resolve(query)
        return
    assert gazetteer.resolve(query).id == pid


def test_names_places_lists_are_suggested(gazetteer):
    with pytest.raises(PlaceNotFoundError) as info:
        gazetteer.resolve("Joint Base")
    assert "Joint Base Andrews Airport" in info.value.suggestions


def test_usual_english_label(gazetteer):
    artyom = gazetteer.resolve("Artyom")
    assert (artyom.id, artyom.name()) == ("geonames:2027456", "Artyom")
    assert gazetteer.resolve("Artëm").id == artyom.id  # GeoNames' spelling still works
    assert gazetteer.resolve("Артём").id == artyom.id
    assert gazetteer.resolve("Ryazan").name() == "Ryazan"


def test_misspelling_suggests_vladivostok_once(gazetteer):
    with pytest.raises(PlaceNotFoundError) as info:
        gazetteer.resolve("Vladivostock")
    assert info.value.suggestions == ("Vladivostok",)
    assert str(info.value) == "no place called 'Vladivostock' (did you mean: Vladivostok?)"


def test_search_shows_each_place_once_with_its_region(gazetteer):
    found = gazetteer.search("Springfield", limit=20)
    assert len({p.id for p in found}) == len(found)
    assert {"Illinois", "Missouri", "Massachusetts"} <= {p.region for p in found}
