"""An agreement's tasks and their progress: hours add up by day, payments are cents and never
above what is owed, a task is done the day it reaches its measure, the first progress starts
the case, and overdue tasks stand out while the case is open."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from rjdesk.domain.boards.enums import CaseStatus, TaskKind
from rjdesk.domain.boards.models import TaskProgress
from rjdesk.domain.core.enums import Role
from rjdesk.services.boards import agreement, cases
from rjdesk.services.core.errors import AlreadyExists, Errors, InvalidInput, NotAllowed
from tests.services.boards.cases_data import AGREED, TODAY, scheduled_case

T = agreement.TaskInput


@pytest.fixture
def signed(db, admin, add_offender):
    """A case whose agreement holds a letter, 40 hours and $1,200.00 of restitution."""
    case = scheduled_case(db, admin, add_offender)
    case = cases.record_agreement(db, admin, case.id, AGREED, [
        T(TaskKind.APOLOGY_LETTER), T(TaskKind.COMMUNITY_SERVICE, hours_required=40),
        T(TaskKind.RESTITUTION, amount="$1,200.00", due_on=date(2026, 11, 1))], today=TODAY)
    return case, {t.kind: t for t in case.tasks}


def _entries(db) -> int:
    with db.reading() as tx:
        return tx.scalar(select(func.count()).select_from(TaskProgress))


@pytest.mark.parametrize("typed, cents", [
    ("$1,200.00", 120000), ("1200", 120000), ("1,200.5", 120050), (".75", 75),
    (" $ 45.10 ", 4510), (999, 999)])
def test_amounts_are_read_as_people_type_them(db, admin, signed, typed, cents):
    case, _ = signed
    task = agreement.add_task(db, admin, case.id, T(TaskKind.RESTITUTION, "to the insurer",
                                                    amount=typed), today=TODAY)
    assert (task.amount_cents, task.owed_cents) == (cents, cents)


@pytest.mark.parametrize("typed, says", [
    ("abc", "is not an amount of money"), ("-5", "is negative"), ("12.345", "two decimals"),
    ("1,2,3", "is not an amount"), (-500, "is negative"), ("0", r"Restitution of \$0\.00"),
    ("", "Enter the amount of restitution"), (True, "dollars and cents")])
def test_bad_amounts_are_refused_at_the_field(db, admin, signed, typed, says):
    case, _ = signed
    with pytest.raises(Errors, match=says) as refused:
        agreement.add_task(db, admin, case.id, T(TaskKind.RESTITUTION, "to the insurer",
                                                 amount=typed), today=TODAY)
    assert refused.value.field == "amount"
    assert len(cases.get_case(db, admin, case.id, today=TODAY).tasks) == 3


def test_payments_add_up_by_day_and_never_pass_what_is_owed(db, admin, signed):
    case, tasks = signed
    money = tasks[TaskKind.RESTITUTION]
    agreement.record_payment(db, admin, money.id, date(2026, 10, 1), "100", "money order",
                             today=TODAY)
    same_day = agreement.record_payment(db, admin, money.id, date(2026, 10, 1), 2550,
                                        "cash", today=TODAY)
    assert same_day.progress == (agreement.ProgressView(date(2026, 10, 1), None, 12550,
                                                        "money order; cash"),)
    assert (same_day.paid_cents, same_day.owed_cents) == (12550, 107450)
    for amount, says in (("$1,074.51", "$1,074.51 is more than is still owed: $1,074.50 of "
                                       "$1,200.00."),
                         ("-1", "“-1” is negative; enter the amount without a minus sign."),
                         ("ten dollars", "is not an amount of money")):
        with pytest.raises(Errors) as refused:
            agreement.record_payment(db, admin, money.id, date(2026, 10, 2), amount,
                                     today=TODAY)
        assert refused.value.field == "amount" and says in refused.value.message
    with pytest.raises(Errors) as future:
        agreement.record_payment(db, admin, money.id, date(2026, 11, 21), "5", today=TODAY)
    assert set(future.value.errors) == {"day"}
    with pytest.raises(Errors) as early:
        agreement.record_payment(db, admin, money.id, date(2026, 9, 21), "5", today=TODAY)
    assert "The agreement was signed on 09/22/2026" in early.value.errors["day"]
    assert _entries(db) == 1
    full = agreement.record_payment(db, admin, money.id, date(2026, 10, 9), "1,074.50",
                                    today=TODAY)
    assert (full.owed_cents, full.done_on, full.overdue) == (0, date(2026, 10, 9), False)
    with pytest.raises(InvalidInput, match="paid in full"):
        agreement.record_payment(db, admin, money.id, date(2026, 10, 10), "1", today=TODAY)


def test_hours_add_up_by_day_and_the_task_is_done_the_day_they_reach_it(db, admin, signed):
    case, tasks = signed
    hours = tasks[TaskKind.COMMUNITY_SERVICE]
    agreement.log_hours(db, admin, hours.id, date(2026, 10, 5), 6.5, today=TODAY)
    with pytest.raises(Errors) as too_many:
        agreement.log_hours(db, admin, hours.id, date(2026, 10, 5), 18, today=TODAY)
    assert too_many.value.errors == {"hours": "6.5 hours are already logged on 10/05/2026; a "
                                              "day holds at most 24."}
    for bad in (0, -2, 25, "8"):
        with pytest.raises(Errors) as refused:
            agreement.log_hours(db, admin, hours.id, date(2026, 10, 6), bad, today=TODAY)
        assert refused.value.field == "hours"
    agreement.log_hours(db, admin, hours.id, date(2026, 10, 5), 1.5, today=TODAY)
    agreement.log_hours(db, admin, hours.id, date(2026, 10, 20), 24, today=TODAY)
    # logged late, an earlier day: the 40th hour was worked on 10/20 all the same
    done = agreement.log_hours(db, admin, hours.id, date(2026, 10, 12), 10, today=TODAY)
    assert (done.hours_done, done.done_on, done.remaining) == (42, date(2026, 10, 20), "")
    assert [p.hours for p in done.progress] == [8, 10, 24]
    with pytest.raises(InvalidInput, match="all worked by 10/20/2026"):
        agreement.log_hours(db, admin, hours.id, date(2026, 10, 21), 1, today=TODAY)
    with pytest.raises(InvalidInput, match="not counted in hours"):
        agreement.log_hours(db, admin, tasks[TaskKind.APOLOGY_LETTER].id, date(2026, 10, 21),
                            1, today=TODAY)
    with pytest.raises(InvalidInput, match="takes no payments"):
        agreement.record_payment(db, admin, hours.id, date(2026, 10, 21), "1", today=TODAY)


def test_the_first_progress_starts_the_case(db, admin, signed):
    case, tasks = signed
    assert case.status is CaseStatus.AGREEMENT
    agreement.mark_done(db, admin, tasks[TaskKind.APOLOGY_LETTER].id, date(2026, 9, 30),
                        today=TODAY)
    started = cases.get_case(db, admin, case.id, today=TODAY)
    assert (started.status, started.status_on) == (CaseStatus.IN_PROGRESS, date(2026, 9, 30))
    assert started.steps[-1].note == "first progress logged"
    agreement.log_hours(db, admin, tasks[TaskKind.COMMUNITY_SERVICE].id, date(2026, 10, 1), 4,
                        today=TODAY)
    assert cases.get_case(db, admin, case.id, today=TODAY).status_on == date(2026, 9, 30)


def test_a_task_of_no_measure_is_marked_done_once(db, admin, signed):
    case, tasks = signed
    letter = tasks[TaskKind.APOLOGY_LETTER]
    with pytest.raises(InvalidInput, match="done when its hours are logged"):
        agreement.mark_done(db, admin, tasks[TaskKind.COMMUNITY_SERVICE].id, date(2026, 10, 1),
                            today=TODAY)
    with pytest.raises(Errors) as future:
        agreement.mark_done(db, admin, letter.id, date(2026, 12, 1), today=TODAY)
    assert set(future.value.errors) == {"day"}
    done = agreement.mark_done(db, admin, letter.id, date(2026, 10, 1), today=TODAY)
    assert done.done_on == date(2026, 10, 1)
    with pytest.raises(InvalidInput, match="was done on 10/01/2026"):
        agreement.mark_done(db, admin, letter.id, date(2026, 10, 2), today=TODAY)


def test_overdue_tasks_stand_out_while_the_case_is_open(db, admin, signed):
    case, tasks = signed
    money = tasks[TaskKind.RESTITUTION]
    agreement.record_payment(db, admin, money.id, date(2026, 10, 1), "200", today=TODAY)
    view = cases.get_case(db, admin, case.id, today=TODAY)
    assert [t.kind for t in view.tasks if t.overdue] == [TaskKind.RESTITUTION]
    assert (view.open_tasks, view.overdue_tasks) == (3, 1)
    late, = agreement.overdue(db, admin, today=TODAY)
    assert (late.task, late.days_late, late.remaining, late.offender_name) == (
        "Restitution ($1,200.00)", 19, "$1,000.00 owed", "NGUYỄN, Văn An")
    assert agreement.overdue(db, admin, site_code="PP-02", today=TODAY) == []
    assert len(agreement.overdue(db, admin, today=date(2027, 1, 1))) == 3
    assert agreement.overdue(db, admin, today=date(2026, 11, 1)) == []  # due that day: not late
    cases.return_to_court(db, admin, case.id, date(2026, 11, 5), "Absconded", today=TODAY)
    assert agreement.overdue(db, admin, today=TODAY) == []


def test_a_task_is_added_to_a_signed_agreement_once(db, admin, add_offender, signed):
    case, _ = signed
    essay = agreement.add_task(db, admin, case.id, T(TaskKind.ESSAY, "  On  trust "),
                               today=TODAY)
    assert (essay.description, essay.due_on) == ("On trust", date(2026, 12, 21))
    with pytest.raises(AlreadyExists, match="already has the task “Essay: On trust”"):
        agreement.add_task(db, admin, case.id, T(TaskKind.ESSAY, "on TRUST"), today=TODAY)
    with pytest.raises(Errors) as bad:
        agreement.add_task(db, admin, case.id, T(TaskKind.ESSAY, hours_required=3,
                                                 due_on=date(2026, 9, 1)), today=TODAY)
    assert set(bad.value.errors) == {"hours_required", "due_on"}
    other = scheduled_case(db, admin, add_offender, "4200002")
    with pytest.raises(InvalidInput, match="once the agreement is signed"):
        agreement.add_task(db, admin, other.id, T(TaskKind.ESSAY), today=TODAY)


def test_who_may_record_progress(db, make_user, signed):
    case, tasks = signed
    letter = tasks[TaskKind.APOLOGY_LETTER]
    with pytest.raises(NotAllowed, match="run Reparation"):
        agreement.mark_done(db, make_user(Role.CENTRAL_OFFICE), letter.id, date(2026, 10, 1),
                            today=TODAY)
    with pytest.raises(NotAllowed, match="own site"):
        agreement.mark_done(db, make_user(Role.BOARD_COORDINATOR, "PP-02"), letter.id,
                            date(2026, 10, 1), today=TODAY)
    coordinator = make_user(Role.BOARD_COORDINATOR, "PP-01")
    assert agreement.mark_done(db, coordinator, letter.id, date(2026, 10, 1),
                               today=TODAY).done_on == date(2026, 10, 1)
    staff = make_user(Role.INSTITUTION_STAFF)
    assert len(agreement.overdue(db, staff, today=date(2027, 1, 1))) == 2
