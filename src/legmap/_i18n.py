"""Interface strings (legend, popup fields, units) in the four story languages.

Renderers ask :func:`t` for a key and a language; English is the fallback.  Story
text never passes through here: it is data, escaped by each renderer.
"""

from __future__ import annotations

__all__ = ["LANGS", "RTL_LANGS", "format_km", "is_rtl", "t"]

LANGS = ("en", "ar", "ru", "ko")
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
    # units
    "unit.km": {"en": "km", "ar": "كم", "ru": "км", "ko": "km"},
    "unit.mi": {"en": "mi", "ar": "ميل", "ru": "миль", "ko": "마일"},
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
    "credit.rail": {"en": "rail", "ar": "السكك الحديدية", "ru": "железные дороги", "ko": "철도"},
    "zoom.in": {"en": "Zoom in", "ar": "تكبير", "ru": "Приблизить", "ko": "확대"},
    "zoom.out": {"en": "Zoom out", "ar": "تصغير", "ru": "Отдалить", "ko": "축소"},
}


def t(key: str, lang: str, **fmt: object) -> str:
    """Translate an interface string, falling back to English.

    Examples
    --------
    >>> t("mode.train", "ru")
    'Поезд'
    >>> t("verdict.off", "en", pct=38)
    'off by 38%'
    >>> t("mode.train", "xx")
    'Train'
    """
    entry = _STRINGS[key]
    text = entry.get(lang) or entry["en"]
    return text.format(**fmt) if fmt else text


def is_rtl(lang: str) -> bool:
    """Whether text in `lang` runs right to left.

    Examples
    --------
    >>> is_rtl("ar"), is_rtl("ko")
    (True, False)
    """
    return lang in RTL_LANGS


def format_km(km: float, *, units: str = "km", lang: str = "en") -> str:
    """A distance for people: converted to `units`, thousands separated, unit in `lang`.

    Digits stay Western Arabic (0-9) in every language: that is what Arabic news
    sites such as the seed article's print, and it keeps numbers readable in RTL.

    Examples
    --------
    >>> format_km(1011.4)
    '1,011 km'
    >>> format_km(1609.344, units="mi", lang="ar")
    '1,000 ميل'
    """
    value = km / KM_PER_MI if units == "mi" else km
    return f"{value:,.0f} {t('unit.' + units, lang)}"
