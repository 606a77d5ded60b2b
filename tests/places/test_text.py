from __future__ import annotations

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from legmap.places._text import fold, name_key

PYONGYANG = ["بيونغ يانغ", "بيونغيانغ", "بِيُونْغ يَانْغ", "بيونـــغ يانغ"]


@pytest.mark.parametrize("text", PYONGYANG)
def test_arabic_spellings_of_pyongyang_share_a_key(text):
    assert name_key(text) == "بيونغيانغ"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Pyong-yang", "Pyongyang"),
        ("P'yŏngyang", "pyongyang"),
        ("PYONGYANG", "pyongyang"),
        ("Vladivostók", "vladivostok"),
        ("أحمد", "احمد"),  # alef with hamza above
        ("إسطنبول", "اسطنبول"),  # alef with hamza below
        ("آسيا", "اسيا"),  # alef with madda
        ("ٱلقاهرة", "القاهره"),  # alef wasla, taa marbuta
        ("مستشفى", "مستشفي"),  # alef maqsura
        ("الرصيف 33", "الرصيف٣٣"),  # Arabic-Indic digits
        ("Ёлки", "елки"),
        ("Хаса́н", "Хасан"),  # stress mark
        ("e\u0301", "é"),  # decomposed input
    ],
)
def test_same_name_key(a, b):
    assert name_key(a) == name_key(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Восточный", "Восточныи"),  # й is a letter of its own in Russian
        ("Moscow", "Moskva"),
        ("평양", "평안"),
    ],
)
def test_different_name_keys(a, b):
    assert name_key(a) != name_key(b)


def test_hangul_survives_as_syllables():
    assert name_key("평양") == "평양"
    assert name_key("평양역") == "평양역"
    assert fold("블라디보스토크") == "블라디보스토크"
    # conjoining jamo typed separately compose to the same syllables
    assert name_key("\u1111\u1167\u11bc\u110b\u1163\u11bc") == "평양"


def test_fold_keeps_words_and_collapses_spaces():
    assert fold("  Far   Eastern\tFederal  ") == "far eastern federal"
    assert fold("محطة   فوستوشني") == "محطه فوستوشني"  # taa marbuta folded too


def test_name_key_drops_punctuation_and_modifier_apostrophes():
    assert name_key("Korea–Russia Friendship Bridge") == "korearussiafriendshipbridge"
    assert name_key("Pʻyŏngyang") == "pyongyang"
    assert name_key("--") == ""


@given(st.text())
@example("\ufb50")  # ARABIC LETTER ALEF WASLA ISOLATED FORM: NFKD gives a letter with a variant
def test_fold_is_idempotent(text):
    assert fold(fold(text)) == fold(text)


@given(st.text())
def test_name_key_is_idempotent(text):
    assert name_key(name_key(text)) == name_key(text)


ARABIC_LETTERS = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"
HARAKAT = "\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652"
NOISE = st.sampled_from([" ", "\u0640", *HARAKAT, "  ", "\u0640\u0640"])


@given(
    st.text(alphabet=ARABIC_LETTERS, min_size=1, max_size=12),
    st.lists(st.tuples(st.integers(min_value=0, max_value=12), NOISE), max_size=6),
)
def test_arabic_key_ignores_spaces_tatweel_and_harakat(word, inserts):
    noisy = list(word)
    for position, noise in sorted(inserts, reverse=True):
        noisy.insert(min(position, len(noisy)), noise)
    assert name_key("".join(noisy)) == name_key(word) == word
