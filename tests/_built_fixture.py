"""A hand-made :class:`~legmap.legs.build.BuiltStory` for renderer tests.

It mirrors the seed story (Kim Jong-un's September 2023 trip) closely enough to
exercise every drawing path (train, flight, distance with a claim, possible
legs, events) without the gazetteer, the rail network or the route builder.
``payload=`` replaces every piece of story text with a hostile string, for the
escaping tests.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import geopandas as gpd
import shapely

from legmap._geodesic import distance_km, geodesic_line, line_length_km
from legmap.legs.build import BuiltStory

PLACES: dict[str, tuple[str, str, str, tuple[float, float], dict[str, str]]] = {
    # id: (kind, country, role, (lon, lat), names)
    "pyongyang": ("city", "KP", "leg", (125.75432, 39.03385),
                  {"en": "Pyongyang", "ar": "بيونغ يانغ", "ru": "Пхеньян", "ko": "평양"}),
    "vladivostok": ("city", "RU", "leg", (131.87353, 43.10562),
                    {"en": "Vladivostok", "ar": "فلاديفوستوك", "ru": "Владивосток",
                     "ko": "블라디보스토크"}),
    "vladivostok-airport": ("airport", "RU", "leg", (132.148, 43.399),
                            {"en": "Vladivostok International Airport",
                             "ar": "مطار فلاديفوستوك الدولي", "ru": "Аэропорт Владивосток",
                             "ko": "블라디보스토크 국제공항"}),
    "moscow": ("city", "RU", "leg", (37.61556, 55.75222),
               {"en": "Moscow", "ar": "موسكو", "ru": "Москва", "ko": "모스크바"}),
    "vostochny-cosmodrome": ("spaceport", "RU", "leg", (128.3334, 51.8844),
                             {"en": "Vostochny Cosmodrome", "ar": "محطة فوستوشني الفضائية",
                              "ru": "Космодром Восточный", "ko": "보스토치니 우주기지"}),
    "khasan": ("border-crossing", "RU", "via", (130.64556, 42.42833),
               {"en": "Khasan", "ar": "خاسان", "ru": "Хасан", "ko": "하산"}),
    "fefu": ("venue", "RU", "event", (131.8930, 43.0245),
             {"en": "Far Eastern Federal University", "ar": "جامعة الشرق الأقصى الفيدرالية",
              "ru": "ДВФУ", "ko": "극동연방대학교"}),
    "pier-33": ("port", "RU", "event", (131.8990, 43.1117),
                {"en": "Pier 33, Vladivostok", "ar": "الرصيف 33", "ru": "Причал № 33",
                 "ko": "33번 부두"}),
}  # fmt: skip

# A rough, hand-drawn rail line Pyongyang - Tumangang/Khasan - Ussuriysk - Vladivostok.
RAIL = [
    (125.75432, 39.03385), (126.30, 39.55), (127.54, 39.92), (128.60, 40.50),
    (129.20, 40.90), (129.78, 41.79), (130.30, 42.25), (130.60255, 42.42168),
    (130.64556, 42.42833), (130.90, 42.60), (131.40, 43.20), (131.95734, 43.80467),
    (132.00, 43.40), (131.87353, 43.10562),
]  # fmt: skip

TITLES = {
    "title": {"en": "Kim Jong-un's expected visit to Russia",
              "ar": "زيارة كيم جونغ أون المنتظرة إلى روسيا"},
    "kim-visit": {"en": "Kim's expected trip", "ar": "رحلة كيم المتوقعة"},
    "delegation": {"en": "Advance delegation (about 20 officials)",
                   "ar": "الوفد التحضيري (نحو 20 مسؤولا)"},
    "shoigu": {"en": "Shoigu's visit to North Korea", "ar": "زيارة شويغو إلى كوريا الشمالية"},
    "claim-check": {"en": "Distance claim", "ar": "التحقق من المسافة"},
}  # fmt: skip

LEGS: list[tuple[str, str, str, str, str, str | None, str]] = [
    # journey, mode, certainty, from, to, date, label
    ("kim-visit", "train", "expected", "pyongyang", "vladivostok", "2023-09",
     "Perhaps by armoured train"),
    ("kim-visit", "unknown", "possible", "vladivostok", "moscow", "2023-09",
     "May go on to Moscow, not certain"),
    ("kim-visit", "unknown", "possible", "vladivostok", "vostochny-cosmodrome", "2023-09",
     "One of the possible stops after Vladivostok"),
    ("delegation", "train", "confirmed", "pyongyang", "vladivostok", "2023-08",
     "By train, late August"),
    ("delegation", "flight", "confirmed", "vladivostok-airport", "moscow", "2023-08",
     "Then by plane to Moscow"),
    ("shoigu", "flight", "confirmed", "moscow", "pyongyang", "2023-07",
     "Shoigu flies to Pyongyang, July 2023"),
    ("claim-check", "distance", "confirmed", "vladivostok", "vostochny-cosmodrome", None,
     "\"About 950 miles north of Vladivostok\""),
]  # fmt: skip

EVENTS = [
    ("fefu", "2023-09-10/2023-09-13", "expected",
     "Eastern Economic Forum: Kim and Putin expected"),
    ("pier-33", "2023-09", "expected", "Kim to visit Pier 33, Pacific Fleet berths"),
    ("vostochny-cosmodrome", "2022-04", "confirmed", "Putin met Lukashenko here, April 2022"),
]  # fmt: skip

PAYLOADS = (
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "javascript:alert(1)",
    "X{{ 7*7 }}X",
    "{% raw %}",
    "`${alert(1)}`\\u2028'</script><!--",
)


def make_built(
    lang: str = "en",
    units: str = "km",
    *,
    payload: str | None = None,
    legs: list[tuple[str, str, str, str, str, str | None, str]] | None = None,
) -> BuiltStory:
    """A BuiltStory like the seed's; `payload` replaces every story text."""

    def text(value: str | None) -> str | None:
        return value if payload is None or value is None else payload

    def name(pid: str) -> str:
        names = PLACES[pid][4]
        return text(names.get(lang, names["en"])) or ""

    def lonlat(pid: str) -> tuple[float, float]:
        return PLACES[pid][3]

    rows: list[dict[str, Any]] = []
    seqs: dict[str, int] = {}
    for journey, mode, certainty, a, b, date, label in legs if legs is not None else LEGS:
        if mode == "train":
            geom = shapely.segmentize(shapely.LineString(RAIL), 0.02)  # dense, like real rail
        else:
            geom = geodesic_line(lonlat(a), lonlat(b), step_km=25.0)
        straight = float(distance_km(*lonlat(a), *lonlat(b)))
        claim = 950 * 1.609344 if mode == "distance" else math.nan
        seq = seqs.get(journey, 0)
        seqs[journey] = seq + 1
        rows.append(
            {
                "journey": journey,
                "journey_title": text(TITLES[journey].get(lang, TITLES[journey]["en"])),
                "seq": seq,
                "mode": mode,
                "certainty": certainty,
                "from_id": a,
                "to_id": b,
                "from_name": name(a),
                "to_name": name(b),
                "date": text(date),
                "label": text(label),
                "source": text(f"https://example.org/story?leg={seq}&j={journey}"),
                "routed": mode == "train",
                "length_km": line_length_km(geom),
                "claim_km": claim,
                "straight_km": straight if mode == "distance" else math.nan,
                "rail_km": math.nan,
                "verdict": "off" if mode == "distance" else None,
                "verdict_text": text(f"off by 38% (straight line {straight:,.0f} km)")
                if mode == "distance"
                else None,
                "geometry": geom,
            }
        )
    legs_gdf = (
        gpd.GeoDataFrame(rows, geometry="geometry", crs="EPSG:4326")
        if rows
        else gpd.GeoDataFrame(
            {
                c: []
                for c in (
                    "journey",
                    "journey_title",
                    "seq",
                    "mode",
                    "certainty",
                    "from_id",
                    "to_id",
                    "from_name",
                    "to_name",
                )
            },
            geometry=[],
            crs="EPSG:4326",
        )
    )
    places = gpd.GeoDataFrame(
        [
            {
                "id": pid,
                "name": name(pid),
                "kind": kind,
                "country": country,
                "source": text("GeoNames (CC BY 4.0)"),
                "role": role,
                "geometry": shapely.Point(xy),
            }
            for pid, (kind, country, role, xy, _) in PLACES.items()
        ],
        geometry="geometry",
        crs="EPSG:4326",
    )
    events = gpd.GeoDataFrame(
        [
            {
                "place_id": pid,
                "place_name": name(pid),
                "label": text(label),
                "date": text(date),
                "certainty": certainty,
                "source": text("javascript:alert(1)") if payload else text("Arabic news report"),
                "geometry": shapely.Point(lonlat(pid)),
            }
            for pid, date, certainty, label in EVENTS
        ],
        geometry="geometry",
        crs="EPSG:4326",
    )
    title = text(TITLES["title"].get(lang, TITLES["title"]["en"])) or ""
    return BuiltStory(
        story=None,  # type: ignore[arg-type]  # renderers never read the parsed story
        legs=legs_gdf,
        places=places,
        events=events,
        lang=lang,
        units=units,
        title=title,
    )


#: Flights across the Pacific and the antimeridian (Tokyo - Anchorage - Los Angeles,
#: Vladivostok - Petropavlovsk-Kamchatsky), for the longitude-frame tests.
PACIFIC = """
title = "Across the Pacific"
lang = "en"
[[journeys]]
id = "cargo"
title = "Tokyo - Anchorage - Los Angeles"
[[journeys.legs]]
from = "NRT"
to = "ANC"
mode = "flight"
[[journeys.legs]]
from = "ANC"
to = "LAX"
mode = "flight"
[[journeys]]
id = "kamchatka"
title = "Vladivostok - Petropavlovsk-Kamchatsky"
[[journeys.legs]]
from = "VVO"
to = "PKC"
mode = "flight"
"""


def pacific_path(folder: Path) -> Path:
    """The Pacific story written as ``folder/pacific.toml``."""
    path = folder / "pacific.toml"
    path.write_text(PACIFIC, encoding="utf-8")
    return path
