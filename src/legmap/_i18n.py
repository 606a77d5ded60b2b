"""Interface strings (legend, popup fields, units) and number and date formats.

Renderers ask :func:`t` for a key and a language; English is the fallback.  Story
text never passes through here: it is data, escaped by each renderer.

Numbers, units, plurals and dates come from Babel (CLDR), per language, so a
Russian map prints "1 201 км" and "21 миля", a Korean one "2023년 9월": hand-made
formats get grouping and plural rules wrong outside English.  Digits stay
Western Arabic (0-9) in every language, as the seed article and most Arabic
news sites print them (CLDR's ``latn`` numbering system).
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from typing import TYPE_CHECKING, Literal

from legmap._i18n_langs import MORE_LANGS

if TYPE_CHECKING:
    from babel import Locale

__all__ = [
    "LANGS",
    "RTL_LANGS",
    "format_date",
    "format_distance",
    "format_km",
    "format_list",
    "format_number",
    "is_rtl",
    "t",
]

#: Languages of the interface: the first four are complete beside every key below;
#: the others are one table each in :mod:`legmap._i18n_langs`.
LANGS = ("en", "ar", "ru", "ko", *MORE_LANGS)
RTL_LANGS = frozenset({"ar"})
KM_PER_MI = 1.609344

_STRINGS: dict[str, dict[str, str]] = {
    # legend headings
    "legend": {"en": "Legend", "ar": "دليل الخريطة", "ru": "Условные обозначения", "ko": "범례"},
    "modes": {"en": "How", "ar": "وسيلة التنقل", "ru": "Способ", "ko": "이동 수단"},
    "certainty": {"en": "Certainty", "ar": "درجة التأكد", "ru": "Достоверность", "ko": "확실성"},
    "journeys": {"en": "Journeys", "ar": "الرحلات", "ru": "Поездки", "ko": "여정"},
    "events": {"en": "Events", "ar": "الأحداث", "ru": "События", "ko": "행사"},
    # modes
    "mode.train": {"en": "Train", "ar": "قطار", "ru": "Поезд", "ko": "열차"},
    "mode.flight": {"en": "Flight", "ar": "رحلة جوية", "ru": "Перелёт", "ko": "항공편"},
    "mode.distance": {"en": "Distance", "ar": "مسافة", "ru": "Расстояние", "ko": "거리"},
    "mode.road": {"en": "Road", "ar": "طريق بري", "ru": "Дорога", "ko": "도로"},
    "mode.sea": {"en": "Sea", "ar": "بحرًا", "ru": "Море", "ko": "해상"},
    "mode.train-offnet": {
        "en": "Train, route not on the rail network",
        "ar": "قطار، مساره خارج شبكة السكك الحديدية",
        "ru": "Поезд, маршрут вне железнодорожной сети",
        "ko": "열차, 철도망 밖 경로",
    },
    "mode.unknown": {
        "en": "Unknown means",
        "ar": "وسيلة غير معروفة",
        "ru": "Способ неизвестен",
        "ko": "수단 미상",
    },
    # certainty
    "certainty.confirmed": {"en": "Confirmed", "ar": "مؤكد", "ru": "Подтверждено", "ko": "확인됨"},
    "certainty.expected": {"en": "Expected", "ar": "متوقع", "ru": "Ожидается", "ko": "예상"},
    "certainty.possible": {"en": "Possible", "ar": "محتمل", "ru": "Возможно", "ko": "가능성"},
    # popup fields
    "field.from": {"en": "From", "ar": "من", "ru": "Откуда", "ko": "출발"},
    "field.to": {"en": "To", "ar": "إلى", "ru": "Куда", "ko": "도착"},
    "field.mode": {"en": "Mode", "ar": "الوسيلة", "ru": "Способ", "ko": "수단"},
    "field.date": {"en": "Date", "ar": "التاريخ", "ru": "Дата", "ko": "날짜"},
    "field.length": {"en": "Length", "ar": "الطول", "ru": "Длина", "ko": "길이"},
    "field.claim": {"en": "Claim", "ar": "الادعاء", "ru": "Заявлено", "ko": "주장"},
    "field.straight": {
        "en": "Straight line",
        "ar": "خط مستقيم",
        "ru": "По прямой",
        "ko": "직선거리",
    },
    "field.rail": {
        "en": "By rail",
        "ar": "بالسكك الحديدية",
        "ru": "По железной дороге",
        "ko": "철도 거리",
    },
    "field.verdict": {"en": "Verdict", "ar": "الحكم", "ru": "Вывод", "ko": "판정"},
    "field.source": {"en": "Source", "ar": "المصدر", "ru": "Источник", "ko": "출처"},
    "field.certainty": {
        "en": "Certainty",
        "ar": "درجة التأكد",
        "ru": "Достоверность",
        "ko": "확실성",
    },
    "field.not_routed": {
        "en": "Not routed: straight geodesic line",
        "ar": "مسار غير محدد: خط جيوديسي مستقيم",
        "ru": "Маршрут неизвестен: прямая геодезическая линия",
        "ko": "경로 미상: 직선 측지선",
    },
    # verdicts
    "verdict.straight": {
        "en": "matches the straight line",
        "ar": "يطابق المسافة بخط مستقيم",
        "ru": "совпадает с расстоянием по прямой",
        "ko": "직선거리와 일치",
    },
    "verdict.rail": {
        "en": "matches the rail distance",
        "ar": "يطابق المسافة بالسكك الحديدية",
        "ru": "совпадает с расстоянием по железной дороге",
        "ko": "철도 거리와 일치",
    },
    "verdict.off": {
        "en": "off by {pct}%",
        "ar": "يختلف بنسبة {pct}٪",
        "ru": "расходится на {pct}%",
        "ko": "{pct}% 차이",
    },
    # short verdicts for map labels (static maps; the full one goes in the notes)
    "verdict.short.straight": {
        "en": "≈ straight line",
        "ar": "≈ المسافة بخط مستقيم",
        "ru": "≈ по прямой",
        "ko": "≈ 직선거리",
    },
    "verdict.short.rail": {
        "en": "≈ rail distance",
        "ar": "≈ المسافة بالسكك الحديدية",
        "ru": "≈ по железной дороге",
        "ko": "≈ 철도 거리",
    },
    "claim_check": {
        "en": "Claim check",
        "ar": "التحقق من الادعاء",
        "ru": "Проверка утверждения",
        "ko": "주장 검증",
    },
    "no_rail": {
        "en": "no rail connection",
        "ar": "لا يوجد خط سكة حديد",
        "ru": "нет железнодорожного сообщения",
        "ko": "철도 연결 없음",
    },
    "no_rail_data": {
        "en": "no rail data",
        "ar": "لا تتوفر بيانات السكك الحديدية",
        "ru": "нет данных о железной дороге",
        "ko": "철도 데이터 없음",
    },
    # units
    "unit.km": {"en": "km", "ar": "كم", "ru": "км", "ko": "km"},
    "unit.mi": {"en": "mi", "ar": "ميل", "ru": "миль", "ko": "마일"},
    # a page whose Leaflet comes from a CDN, opened without internet
    "offline.no_leaflet": {
        "en": "This map could not load its map library (Leaflet) from the internet. "
        "Open it with an internet connection, or ask for a self-contained copy "
        "(legmap build --self-contained), which works offline.",
        "ar": "تعذّر على هذه الخريطة تحميل مكتبة الخرائط (Leaflet) من الإنترنت. "
        "افتحها مع اتصال بالإنترنت، أو اطلب نسخة مستقلة "
        "(legmap build --self-contained) تعمل دون اتصال.",
        "ru": "Карте не удалось загрузить картографическую библиотеку (Leaflet) из интернета. "
        "Откройте её при подключении к интернету или попросите автономную копию "
        "(legmap build --self-contained), которая работает без сети.",
        "ko": "이 지도는 인터넷에서 지도 라이브러리(Leaflet)를 불러오지 못했습니다. "
        "인터넷에 연결한 뒤 열거나, 오프라인에서도 열리는 독립 실행형 사본"
        "(legmap build --self-contained)을 요청하세요.",
    },
    # credits
    "credit.data": {"en": "Data", "ar": "البيانات", "ru": "Данные", "ko": "데이터"},
    "credit.map": {"en": "Map", "ar": "الخريطة", "ru": "Карта", "ko": "지도"},
    "credit.basemap": {
        "en": "Basemap",
        "ar": "الخريطة الأساسية",
        "ru": "Подложка",
        "ko": "배경 지도",
    },
    "credit.places": {"en": "Places", "ar": "الأماكن", "ru": "Места", "ko": "장소"},
    "credit.story": {"en": "Story", "ar": "الخبر", "ru": "Материал", "ko": "기사"},
    "places": {"en": "Places", "ar": "الأماكن", "ru": "Места", "ko": "장소"},
    "kind.city": {"en": "City", "ar": "مدينة", "ru": "Город", "ko": "도시"},
    "kind.station": {"en": "Station", "ar": "محطة قطار", "ru": "Станция", "ko": "역"},
    "kind.airport": {"en": "Airport", "ar": "مطار", "ru": "Аэропорт", "ko": "공항"},
    "kind.venue": {"en": "Venue", "ar": "مكان الحدث", "ru": "Место встречи", "ko": "장소"},
    "kind.spaceport": {
        "en": "Spaceport",
        "ar": "قاعدة فضائية",
        "ru": "Космодром",
        "ko": "우주기지",
    },
    "kind.port": {"en": "Port", "ar": "ميناء", "ru": "Порт", "ko": "항구"},
    "kind.border-crossing": {
        "en": "Border crossing",
        "ar": "معبر حدودي",
        "ru": "Погранпереход",
        "ko": "국경 통과",
    },
    "claim": {
        "en": "claimed {dist}",
        "ar": "المسافة المذكورة {dist}",
        "ru": "заявлено {dist}",
        "ko": "주장 {dist}",
    },
    # web map (render_html)
    "credit.rail": {"en": "Rail", "ar": "السكك الحديدية", "ru": "Железные дороги", "ko": "철도"},
    # where a train's bogies are changed for track of another gauge (a map marker)
    "gauge_change": {
        "en": "Gauge change",
        "ar": "تغيير عرض السكة",
        "ru": "Смена колеи",
        "ko": "궤간 변경",
    },
    "zoom.in": {"en": "Zoom in", "ar": "تكبير", "ru": "Приблизить", "ko": "확대"},
    "zoom.out": {"en": "Zoom out", "ar": "تصغير", "ru": "Отдалить", "ko": "축소"},
    # web map controls (render_html): legend switches, zoom to a journey, locator inset
    "show": {"en": "Show", "ar": "إظهار", "ru": "Показать", "ko": "표시"},
    "zoom_to": {
        "en": "Zoom to {name}",
        "ar": "تكبير إلى {name}",
        "ru": "Приблизить: {name}",
        "ko": "{name} 확대 보기",
    },
    "whole_story": {
        "en": "Show the whole story",
        "ar": "عرض القصة كاملة",
        "ru": "Показать всё",
        "ko": "전체 보기",
    },
    "locator": {
        "en": "Locator map: the main view outlined",
        "ar": "خريطة موقع: الإطار يحدد المنطقة المعروضة",
        "ru": "Обзорная карта: рамка показывает видимую область",
        "ko": "위치 지도: 테두리가 현재 보이는 영역",
    },
    # alt text (legmap.render.alt): sentences describing the map
    "alt.map": {
        "en": "Route map: {title}",
        "ar": "خريطة مسارات: {title}",
        "ru": "Карта маршрутов: {title}",
        "ko": "경로 지도: {title}",
    },
    "alt.route": {
        "en": "from {a} to {b}",
        "ar": "من {a} إلى {b}",
        "ru": "{a} – {b}",
        "ko": "{a}에서 {b}까지",
    },
    "alt.dist.rail": {
        "en": "{dist} by rail",
        "ar": "{dist} بالسكك الحديدية",
        "ru": "{dist} по железной дороге",
        "ko": "철도 {dist}",
    },
    "alt.dist.straight": {
        "en": "{dist} in a straight line",
        "ar": "{dist} بخط مستقيم",
        "ru": "{dist} по прямой",
        "ko": "직선 {dist}",
    },
    "alt.more_legs": {
        "en": "and further legs",
        "ar": "ومراحل أخرى",
        "ru": "и другие отрезки",
        "ko": "그 밖의 구간",
    },
    "alt.claim": {
        "en": "{title}: {claimed} from {a} to {b} — {verdict} ({measured})",
        "ar": "{title}: {claimed} من {a} إلى {b} — {verdict} ({measured})",
        "ru": "{title}: {claimed} ({a} – {b}) — {verdict} ({measured})",
        "ko": "{title}: {a}에서 {b}까지 {claimed} — {verdict} ({measured})",
    },
    "alt.events": {
        "en": "Numbered markers show events at {places}",
        "ar": "وتشير العلامات المرقمة إلى أحداث في {places}",
        "ru": "Пронумерованные значки отмечают события; места: {places}",
        "ko": "번호 표시는 {places}의 행사를 나타냅니다",
    },
    "alt.also": {
        "en": "Also on the map: {titles}",
        "ar": "وتظهر على الخريطة أيضا: {titles}",
        "ru": "Также на карте: {titles}",
        "ko": "지도에 함께 표시: {titles}",
    },
}


def t(key: str, lang: str, **fmt: object) -> str:
    """Translate an interface string, falling back to English.

    Examples
    --------
    >>> t("mode.train", "ru")
    'Поезд'
    >>> t("verdict.off", "en", pct=38)
    'off by 38%'
    >>> t("mode.train", "xx"), t("mode.train", "uk")
    ('Train', 'Потяг')
    """
    entry = _STRINGS[key]
    text = entry.get(lang) or MORE_LANGS.get(lang, {}).get(key) or entry["en"]
    return text.format(**fmt) if fmt else text


def is_rtl(lang: str) -> bool:
    """Whether text in `lang` runs right to left.

    Examples
    --------
    >>> is_rtl("ar"), is_rtl("ko")
    (True, False)
    """
    return lang in RTL_LANGS


@functools.cache
def _locale(lang: str) -> Locale:
    from babel import Locale, UnknownLocaleError  # noqa: PLC0415 - CLDR data: load on first use

    try:
        return Locale.parse(lang)
    except (UnknownLocaleError, ValueError):
        return Locale.parse("en")


def format_number(value: float, *, lang: str = "en") -> str:
    """A whole number grouped as `lang` writes it (Western digits).

    Examples
    --------
    >>> format_number(1201.4), format_number(1201, lang="ar")
    ('1,201', '1,201')
    >>> format_number(1201, lang="ru") == "1\xa0201"
    True
    """
    from babel.numbers import format_decimal  # noqa: PLC0415

    return str(format_decimal(round(value), format="#,##0", locale=_locale(lang)))


def format_list(items: list[str], *, lang: str = "en") -> str:
    """Items joined as `lang` joins a list ("A, B, and C", "A و B و C"), CLDR's pattern.

    Examples
    --------
    >>> format_list(["Moscow", "Vladivostok", "Pyongyang"])
    'Moscow, Vladivostok, and Pyongyang'
    >>> format_list(["Москва", "Владивосток"], lang="ru")
    'Москва и Владивосток'
    >>> format_list([])
    ''
    """
    from babel.lists import format_list as cldr_list  # noqa: PLC0415

    return str(cldr_list(list(items), locale=_locale(lang))) if items else ""


def format_distance(value: float, *, units: str = "km", lang: str = "en") -> str:
    """A distance already in `units`, with its unit, plural and spacing as `lang` writes them.

    Kilometres use CLDR's short unit ("km", "км", "كم"); miles the long form,
    whose plural matters ("1 mile", "21 миля", "5 миль") and which no language
    abbreviates as confusingly as Russian's "ми".

    Examples
    --------
    >>> format_distance(1011.4)
    '1,011 km'
    >>> format_distance(21, units="mi", lang="ru")
    '21 миля'
    >>> format_distance(5, units="mi", lang="ru")
    '5 миль'
    >>> format_distance(1201, lang="ko")
    '1,201km'
    """
    from babel.units import format_unit  # noqa: PLC0415

    unit = "length-mile" if units == "mi" else "length-kilometer"
    length: Literal["short", "long"] = "long" if units == "mi" else "short"
    text = format_unit(round(value), unit, length=length, format="#,##0", locale=_locale(lang))
    return str(text)


def format_km(km: float, *, units: str = "km", lang: str = "en") -> str:
    """A distance for people: `km` converted to `units`, formatted by :func:`format_distance`.

    Examples
    --------
    >>> format_km(1011.4)
    '1,011 km'
    >>> format_km(1609.344, units="mi", lang="ar")
    '1,000 ميل'
    >>> format_km(1201.2, lang="ru") == "1\xa0201 км"
    True
    """
    value = km / KM_PER_MI if units == "mi" else km
    return format_distance(value, units=units, lang=lang)


_ISO = re.compile(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")


def _parse(text: str) -> tuple[dt.date, str] | None:
    m = _ISO.fullmatch(text.strip())
    if m is None:
        return None
    year, month, day = m.group(1), m.group(2), m.group(3)
    skeleton = "yMMMMd" if day else ("yMMMM" if month else "y")
    return dt.date(int(year), int(month or 1), int(day or 1)), skeleton


def format_date(date: str | None, *, lang: str = "en") -> str:
    """A story date (``2023``, ``2023-09``, ``2023-09-10`` or ``A/B``) as `lang` writes it.

    Anything that is not one of the story format's ISO forms is returned as given
    (the story format validates dates; this never raises on display).

    Examples
    --------
    >>> format_date("2023-09"), format_date("2023-09", lang="ko")
    ('September 2023', '2023년 9월')
    >>> format_date("2023-09-10/2023-09-13") == "Sep 10\u2009–\u200913, 2023"
    True
    >>> format_date("2023-09", lang="ru").startswith("сентябрь 2023")
    True
    >>> format_date(None), format_date("late August")
    ('', 'late August')
    """
    if not date:
        return ""
    from babel.dates import format_interval, format_skeleton  # noqa: PLC0415

    locale = _locale(lang)
    try:
        if "/" in date:
            a, b = (_parse(part) for part in date.split("/", 1))
            if a is None or b is None:
                return date
            skeleton = a[1] if len(a[1]) >= len(b[1]) else b[1]
            return str(format_interval(a[0], b[0], skeleton=skeleton, locale=locale))
        parsed = _parse(date)
        if parsed is None:
            return date
        return str(format_skeleton(parsed[1], parsed[0], locale=locale))
    except ValueError:  # an impossible day such as 2023-02-30
        return date
