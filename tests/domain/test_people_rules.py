from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rjdesk.domain.people import rules


@pytest.mark.parametrize("raw, expected", [
    ("1234567", "1234567"),
    ("123-45 67", "1234567"),
    (" 0012345 ", "12345"),
    ("00.123.456", "123456"),
])
def test_doc_numbers_normalize_to_one_form(raw, expected):
    assert rules.normalize_doc_number(raw) == expected


@pytest.mark.parametrize("raw, words", [
    ("", "Enter the DOC number"),
    ("12A456", "digits only"),
    ("000", "all zeros"),
    ("123456789", "at most 8 digits"),
    ("１２３", "digits only"),  # full-width digits are not ASCII digits
])
def test_bad_doc_numbers_are_refused_with_a_reason(raw, words):
    with pytest.raises(rules.RuleError) as exc:
        rules.normalize_doc_number(raw)
    assert exc.value.field == "doc_number"
    assert words in exc.value.message


@given(st.integers(min_value=1, max_value=99_999_999), st.integers(0, 3))
def test_leading_zeros_and_dashes_never_change_the_key(number, zeros):
    plain = str(number)
    decorated = "0" * zeros + "-".join(plain[i:i + 3] for i in range(0, len(plain), 3))
    assert rules.offender_key(decorated) == rules.offender_key(plain)


def test_different_numbers_have_different_keys():
    assert rules.offender_key("1234567") != rules.offender_key("1234568")


@pytest.mark.parametrize("text, folded", [
    ("Nguyễn", "nguyen"), ("Ñúñez", "nunez"), ("  Øster   Đặng ", "oster dang"),
    ("STRAßE", "strasse"), ("Ångström", "angstrom"),
])
def test_fold_ignores_case_and_accents(text, folded):
    assert rules.fold(text) == folded


def test_birth_dates_in_the_future_or_too_long_ago_are_refused():
    today = date(2026, 11, 28)
    assert rules.check_birth_date(date(1990, 1, 1), today) == date(1990, 1, 1)
    with pytest.raises(rules.RuleError, match="future"):
        rules.check_birth_date(date(2026, 11, 29), today)
    with pytest.raises(rules.RuleError, match="110 years"):
        rules.check_birth_date(date(1916, 11, 27), today)
    assert rules.check_birth_date(date(1916, 11, 28), today) == date(1916, 11, 28)


def test_leap_day_today_still_has_a_limit():
    assert rules.check_birth_date(date(1950, 1, 1), date(2024, 2, 29)) == date(1950, 1, 1)


def test_names_are_cleaned_and_checked():
    assert rules.clean_name("last_name", "  de   la  Cruz ", required=True,
                            label="last name") == "de la Cruz"
    with pytest.raises(rules.RuleError, match="Enter the last name"):
        rules.clean_name("last_name", "  ", required=True, label="last name")
    with pytest.raises(rules.RuleError, match="digits"):
        rules.clean_name("first_name", "J0hn", required=True, label="first name")


def test_name_similarity_sees_accents_and_swaps():
    a = rules.NameParts("Ñúñez", "José")
    assert rules.name_similarity(a, rules.NameParts("Nunez", "Jose")) == 1.0
    assert rules.name_similarity(a, rules.NameParts("Jose", "Nunez")) == 1.0
    assert rules.name_similarity(a, rules.NameParts("Smith", "Robert")) < rules.LIKELY_DUPLICATE


def test_derived_columns_are_built_from_the_synced_name_and_number() -> None:
    derived = rules.offender_derived("12345", "Nguyễn", "Văn", "Ánh")
    assert derived == {"search_text": "nguyen van anh 12345", "sort_name": "nguyen\x1fvan\x1fanh"}
    assert rules.volunteer_derived("O'Brien", "Siobhán") == {"sort_name": "o'brien\x1fsiobhan\x1f"}
