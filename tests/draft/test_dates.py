"""Dates in running text, in each language, placed relative to the publication date."""

from __future__ import annotations

import datetime as dt

import pytest

from legmap.draft._dates import DateReader
from legmap.draft._morph import Morph
from legmap.draft._rules import load_rules
from legmap.draft._segment import tokenize

PUBLISHED = dt.date(2023, 9, 5)

CASES = [
    ("en", "on Monday, Feb. 20", ["2023-02-20"]),
    ("en", "in September, 2022 and next July", ["2022-09", "2024-07"]),
    ("en", "from 10 to 13 September", ["2023-09-10/2023-09-13"]),
    ("en", "this month, after the talks of last month", ["2023-09", "2023-08"]),
    ("en", "in July last year and in July", ["2022-07", "2023-07"]),
    ("en", "on 2023-08-30", ["2023-08-30"]),
    ("ru", "18 июня 2024 года", ["2024-06-18"]),
    ("ru", "в июле прошлого года", ["2022-07"]),
    ("ru", "Дата публикации: 20.06.2024", ["2024-06-20"]),
    ("ar", "في يوليو/تموز الماضي", ["2023-07"]),
    ("ar", "من 10 إلى 13 سبتمبر/أيلول", ["2023-09-10/2023-09-13"]),
    ("ar", "في عام 2016", ["2016"]),
    ("ko", "2019년 4월 24일", ["2019-04-24"]),
    ("ko", "3일 새벽", ["2023-09-03"]),
    ("ko", "24일 새벽", ["2023-08-24"]),  # a day well after publication: last month
    ("ko", "지난달", ["2023-08"]),
]


@pytest.mark.parametrize(("lang", "text", "values"), CASES, ids=[c[1] for c in CASES])
def test_dates(lang: str, text: str, values: list[str]) -> None:
    reader = DateReader(Morph(load_rules(lang)), PUBLISHED)
    assert [d.value for d in reader.find(tokenize(text))] == values


def test_without_a_publication_date_a_month_alone_is_left_out() -> None:
    reader = DateReader(Morph(load_rules("en")), None)
    assert [d.value for d in reader.find(tokenize("in July, and on 3 May 2024"))] == ["2024-05-03"]
