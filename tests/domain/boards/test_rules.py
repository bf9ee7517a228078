"""Boards' pure rules: money read as people type it (or refused with the reason), a case's
steps in order, who may sit on a board, the chair's term, due dates and keys."""

from __future__ import annotations

from datetime import date

import pytest

from rjdesk.domain.boards import rules
from rjdesk.domain.boards.enums import CaseStatus as S


@pytest.mark.parametrize("typed, cents", [
    ("$1,200.00", 120000), ("1200", 120000), ("1,200.5", 120050), ("1,200", 120000),
    ("0.75", 75), (".75", 75), ("$.5", 50), ("  $ 12.00 ", 1200), ("12.", 1200),
    ("1,234,567.89", 123456789), ("0", 0), ("007", 700), ("$10,000,000.00", rules.MAX_CENTS),
])
def test_amounts_people_type_are_read_exactly(typed, cents):
    assert rules.parse_money(typed) == cents


@pytest.mark.parametrize("typed, says", [
    ("", "Enter an amount."),
    ("   ", "Enter an amount."),
    ("abc", "“abc” is not an amount of money: enter dollars and cents, such as 1,200.00."),
    ("-5", "“-5” is negative; enter the amount without a minus sign."),
    ("$-5.00", "is negative"),
    ("(5.00)", "is negative"),
    ("12.345", "“12.345” has more than two decimals; amounts are in cents."),
    ("1,20.00", "“1,20.00” is not an amount: write it as 1200, 1,200 or 1,200.00."),
    ("12,00", "is not an amount: write it as"),
    ("1.2.3", "is not an amount"),
    ("$", "is not an amount of money"),
    ("12 dollars", "is not an amount of money"),
    ("1e3", "is not an amount of money"),
    ("$10,000,000.01", "$10,000,000.01 is more than this program records ($10,000,000.00)."),
])
def test_anything_else_is_refused_with_the_reason(typed, says):
    with pytest.raises(ValueError) as refused:
        rules.parse_money(typed)
    assert says in str(refused.value)


@pytest.mark.parametrize("cents, shown", [
    (0, "$0.00"), (5, "$0.05"), (120050, "$1,200.50"), (-2500, "-$25.00"),
    (123456789, "$1,234,567.89")])
def test_money_is_shown_with_its_cents(cents, shown):
    assert rules.money(cents) == shown
    assert cents < 0 or rules.parse_money(shown) == cents


@pytest.mark.parametrize("current, wanted, says", [
    (S.REFERRED, S.SCHEDULED, ""),
    (S.SCHEDULED, S.AGREEMENT, ""),
    (S.AGREEMENT, S.IN_PROGRESS, ""),
    (S.IN_PROGRESS, S.COMPLETED, ""),
    (S.REFERRED, S.RETURNED, ""),
    (S.IN_PROGRESS, S.RETURNED, ""),
    (S.REFERRED, S.AGREEMENT, "A referred case moves next to “Scheduled”, not to "
                              "“Agreement signed”."),
    (S.AGREEMENT, S.COMPLETED, "moves next to “In progress”"),
    (S.IN_PROGRESS, S.SCHEDULED, "not to “Scheduled”"),
    (S.SCHEDULED, S.SCHEDULED, "The case is already scheduled."),
    (S.SCHEDULED, S.REFERRED, "not to “Referred”"),
    (S.COMPLETED, S.RETURNED, "The case is closed (completed); it takes no further step."),
    (S.RETURNED, S.SCHEDULED, "closed (returned to court)"),
])
def test_a_case_moves_one_step_forward_or_back_to_court(current, wanted, says):
    problem = rules.step_problem(current, wanted)
    assert (says in problem) if says else problem == ""


DAY = date(2026, 6, 1)
SITS = dict(day=DAY, term_start=date(2026, 1, 1), term_end=date(2027, 12, 31),
            trained_on=date(2025, 12, 1), check_on=date(2025, 11, 1),
            check_expires=date(2027, 11, 1), active=True, board_member_role=True)


@pytest.mark.parametrize("change, says", [
    ({}, ""),
    ({"check_expires": None}, ""),
    ({"day": date(2026, 1, 1)}, ""),
    ({"day": date(2027, 12, 31), "check_expires": None}, ""),
    ({"check_expires": DAY}, ""),
    ({"active": False}, "is not an active volunteer"),
    ({"board_member_role": False}, "does not hold the board-member role"),
    ({"term_start": date(2026, 6, 2)}, "has a term that starts on 06/02/2026"),
    ({"term_end": date(2026, 5, 31)}, "has a term that ended on 05/31/2026"),
    ({"trained_on": None}, "has not completed the board training"),
    ({"trained_on": date(2026, 6, 2)}, "has not completed the board training"),
    ({"check_on": None}, "has no background check on file"),
    ({"check_expires": date(2026, 5, 31)}, "has a background check that expired on 05/31/2026"),
])
def test_who_may_sit_on_a_day(change, says):
    assert rules.sitting_problem(**{**SITS, **change}) == says


@pytest.mark.parametrize("start, end, says", [
    (None, None, ""),
    (date(2026, 1, 1), date(2026, 12, 31), ""),
    (date(2026, 1, 1), date(2027, 1, 1), "at most a year: from 01/01/2026 the term ends by "
                                         "12/31/2026"),
    (date(2024, 2, 29), date(2025, 2, 28), ""),
    (date(2026, 1, 1), None, "Enter both"),
    (date(2026, 3, 1), date(2026, 2, 1), "before the first"),
])
def test_a_chair_is_elected_for_at_most_a_year(start, end, says):
    problem = rules.chair_problem(start, end)
    assert (says in problem) if says else problem == ""


def test_a_task_is_due_ninety_days_on_and_late_only_after_that_day():
    due = rules.default_due(date(2026, 9, 22))
    assert due == date(2026, 12, 21)
    assert not rules.overdue(due, False, due)
    assert rules.overdue(due, False, date(2026, 12, 22))
    assert not rules.overdue(due, True, date(2027, 1, 1))


def test_the_same_case_typed_two_ways_has_one_key():
    assert rules.case_key("o1", "Cole County  Circuit Court", "26AC-CR00123") == \
        rules.case_key("o1", "cole county circuit court", "26ac cr.00123")
    assert rules.case_key("o1", "Cole", "1") != rules.case_key("o2", "Cole", "1")
    assert rules.task_key("c", "essay", "On Trust") == rules.task_key("c", "essay", "on  trust")
    assert rules.progress_key("t", DAY) != rules.progress_key("t", date(2026, 6, 2))
