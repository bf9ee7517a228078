"""Board cases: referral of a supervised offender by his officer, the assessment, the agreement
and its tasks in one, the steps to completion or back to court; each refusal names its field
and writes nothing."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from sqlalchemy import func, select

from rjdesk.domain.boards.enums import CaseStatus, Need, TaskKind
from rjdesk.domain.boards.models import BoardCase, CaseStep, Task, TaskProgress
from rjdesk.domain.core.enums import Role
from rjdesk.domain.core.models import AuditEvent
from rjdesk.domain.people.enums import OffenderStatus
from rjdesk.services.boards import agreement, cases
from rjdesk.services.core.errors import AlreadyExists, Errors, InvalidInput, NotAllowed, NotFound
from tests.services.boards.cases_data import (
    AGREED,
    COURT,
    REFERRED,
    SCHEDULED,
    TODAY,
    referral,
    schedule,
    scheduled_case,
    supervised,
)

T = agreement.TaskInput


def _count(db, model) -> int:
    with db.reading() as tx:
        return tx.scalar(select(func.count()).select_from(model))


def _actions(db, entity_id: str) -> list[str]:
    with db.reading() as tx:
        return list(tx.scalars(select(AuditEvent.action).where(AuditEvent.entity_id == entity_id)
                               .order_by(AuditEvent.at, AuditEvent.action)))


@pytest.fixture
def officer(make_user):
    return make_user(Role.PP_OFFICER, "PP-01")


def test_done_when_a_case_goes_from_referral_to_completion(db, officer, add_offender):
    supervised(add_offender)
    case = cases.refer(db, officer, referral(), today=TODAY)
    assert (case.status, case.site_code, case.officer_name) == (
        CaseStatus.REFERRED, "PP-01", "Test P&P officer")
    schedule(db, officer, case.id)
    case = cases.record_assessment(db, officer, case.id, cases.AssessmentInput(
        frozenset({Need.EMPLOYMENT, Need.HOUSING}), "Sleeps at his sister's",
        "The store owner lost a week of sales."), today=TODAY)
    assert case.needs == (Need.EMPLOYMENT, Need.HOUSING)
    case = cases.record_agreement(db, officer, case.id, AGREED, [
        T(TaskKind.APOLOGY_LETTER, "to the store owner"),
        T(TaskKind.COMMUNITY_SERVICE, hours_required=40),
        T(TaskKind.RESTITUTION, amount="$1,200.00")], today=TODAY)
    assert case.status is CaseStatus.AGREEMENT and case.agreement_on == AGREED
    tasks = {t.kind: t for t in case.tasks}
    hours, money, letter = (tasks[TaskKind.COMMUNITY_SERVICE], tasks[TaskKind.RESTITUTION],
                            tasks[TaskKind.APOLOGY_LETTER])
    assert money.amount_cents == 120000 and hours.hours_required == 40
    assert {t.due_on for t in case.tasks} == {date(2026, 12, 21)}  # 90 days on

    agreement.log_hours(db, officer, hours.id, date(2026, 10, 3), 8, today=TODAY)
    assert cases.get_case(db, officer, case.id, today=TODAY).status is CaseStatus.IN_PROGRESS
    for day in (10, 11, 17, 18):
        done = agreement.log_hours(db, officer, hours.id, date(2026, 10, day), 8, today=TODAY)
    assert (done.hours_done, done.done_on) == (40, date(2026, 10, 18))
    paid = agreement.record_payment(db, officer, money.id, date(2026, 10, 1), "200",
                                    today=TODAY)
    assert (paid.paid_cents, paid.owed_cents, paid.done_on) == (20000, 100000, None)
    with pytest.raises(Errors) as over:  # 1,200.5 read as $1,200.50: above what is owed
        agreement.record_payment(db, officer, money.id, date(2026, 10, 2), "1,200.5",
                                 today=TODAY)
    assert over.value.errors == {"amount": "$1,200.50 is more than is still owed: $1,000.00 "
                                           "of $1,200.00."}
    with pytest.raises(Errors) as text:
        agreement.record_payment(db, officer, money.id, date(2026, 10, 2), "abc", today=TODAY)
    assert text.value.errors == {"amount": "“abc” is not an amount of money: enter dollars "
                                           "and cents, such as 1,200.00."}
    paid = agreement.record_payment(db, officer, money.id, date(2026, 10, 2), "$1,000.00",
                                    today=TODAY)
    assert (paid.paid_cents, paid.owed_cents, paid.done_on) == (120000, 0, date(2026, 10, 2))
    with pytest.raises(Errors) as still_open:
        cases.complete_case(db, officer, case.id, date(2026, 11, 2), "Repaired", today=TODAY)
    assert "Apology letter: to the store owner" in still_open.value.errors["tasks"]
    assert "Community service" not in still_open.value.errors["tasks"]  # its 40 hours done
    assert _count(db, BoardCase) == 1 and cases.get_case(
        db, officer, case.id, today=TODAY).status is CaseStatus.IN_PROGRESS
    agreement.mark_done(db, officer, letter.id, date(2026, 10, 20), today=TODAY)
    case = cases.complete_case(db, officer, case.id, date(2026, 11, 2),
                               "All repaired; the owner met him.", today=TODAY)
    assert (case.status, case.open_tasks, case.outcome) == (
        CaseStatus.COMPLETED, 0, "All repaired; the owner met him.")
    assert [s.status for s in case.steps] == [
        CaseStatus.REFERRED, CaseStatus.SCHEDULED, CaseStatus.AGREEMENT,
        CaseStatus.IN_PROGRESS, CaseStatus.COMPLETED]


def test_a_referral_is_dated_by_whom_and_audited(db, officer, add_offender):
    supervised(add_offender)
    case = cases.refer(db, officer, referral(), today=TODAY)
    assert case.steps == (cases.StepView(CaseStatus.REFERRED, REFERRED, "Test P&P officer", ""),)
    assert (case.doc_number, case.offender_name, case.court, case.offense) == (
        "4200001", "NGUYỄN, Văn An", COURT, "Stealing ($750 or more)")
    assert _actions(db, case.id) == ["refer"]
    cases.get_case(db, officer, case.id, today=TODAY)
    assert _actions(db, case.id) == ["refer", "view"]


def test_every_wrong_field_of_a_referral_is_named_at_once(db, officer, add_offender):
    supervised(add_offender)
    with pytest.raises(Errors) as wrong:
        cases.refer(db, officer, cases.ReferralInput(
            "42-ABC", " ", "=cmd", "", date(2026, 11, 21)), today=TODAY)
    assert set(wrong.value.errors) == {"doc_number", "court", "case_number", "offense",
                                       "referred_on"}
    assert "in the future" in wrong.value.errors["referred_on"]
    assert _count(db, BoardCase) == 0 and _count(db, CaseStep) == 0


@pytest.mark.parametrize("status, site, says", [
    (OffenderStatus.INCARCERATED, "PP-01", "is incarcerated; a board hears offenders under "
                                           "supervision"),
    (OffenderStatus.SUPERVISED, "JCCC", "is at JCCC, not a Probation and Parole office"),
])
def test_only_an_offender_under_supervision_at_an_office_is_referred(db, admin, add_offender,
                                                                     status, site, says):
    supervised(add_offender, site=site, status=status)
    with pytest.raises(InvalidInput, match=says) as refused:
        cases.refer(db, admin, referral(), today=TODAY)
    assert refused.value.field == "doc_number" and _count(db, BoardCase) == 0


def test_a_doc_number_on_file_nowhere_is_not_found(db, officer):
    with pytest.raises(NotFound, match="No one has the DOC number 4200009") as missing:
        cases.refer(db, officer, referral("0042-00009"), today=TODAY)
    assert missing.value.field == "doc_number"


def test_the_same_case_written_differently_is_already_on_file(db, officer, add_offender):
    supervised(add_offender)
    cases.refer(db, officer, referral(), today=TODAY)
    with pytest.raises(AlreadyExists) as twice:
        cases.refer(db, officer, referral(" 004200001", "26bu-cr 00123",
                                          court="buchanan county  circuit court"), today=TODAY)
    assert twice.value.field == "case_number"
    assert twice.value.message == ("NGUYỄN, Văn An is already referred for case 26BU-CR00123 "
                                   f"of {COURT} (referred on 09/01/2026, referred).")
    other = cases.refer(db, officer, referral(case_number="26BU-CR00999"), today=TODAY)
    assert _count(db, BoardCase) == 2 and other.case_number == "26BU-CR00999"


def test_who_may_refer_whom(db, admin, make_user, officer, add_offender):
    supervised(add_offender)
    supervised(add_offender, "4200002", "Garcia", "Luis", site="PP-02")
    with pytest.raises(NotAllowed, match="own site"):
        cases.refer(db, officer, referral("4200002"), today=TODAY)
    for role in (Role.INSTITUTION_STAFF, Role.CENTRAL_OFFICE, Role.VICTIM_SERVICES):
        with pytest.raises(NotAllowed, match="run Reparation/Accountability Boards"):
            cases.refer(db, make_user(role, "PP-01"), referral(), today=TODAY)
    coordinator = make_user(Role.BOARD_COORDINATOR, "PP-02")
    by_coordinator = cases.refer(db, coordinator, referral("4200002"), today=TODAY)
    assert by_coordinator.officer_name == ""  # a coordinator refers for no officer of his own
    with pytest.raises(Errors) as not_officer:
        cases.refer(db, admin, referral(officer_id=coordinator.user_id), today=TODAY)
    assert not_officer.value.errors == {
        "officer_id": "Choose an active P&P officer as the referring officer."}
    named = cases.refer(db, admin, referral(officer_id=officer.user_id), today=TODAY)
    assert named.officer_name == "Test P&P officer"
    assert [o.username for o in cases.officers(db, admin, site_code="pp-01")] == [
        officer.username]


def test_cases_are_listed_and_found_by_name_doc_number_or_case_number(db, admin, add_offender):
    supervised(add_offender)
    supervised(add_offender, "4200002", "Garcia", "Luis", site="PP-02")
    a = cases.refer(db, admin, referral(), today=TODAY)
    b = cases.refer(db, admin, referral("4200002", "26LV-CR00777", referred_on=date(2026, 10, 1)),
                    today=TODAY)
    assert [r.id for r in cases.list_cases(db, admin, today=TODAY)] == [b.id, a.id]
    assert [r.id for r in cases.list_cases(db, admin, site_code="PP-01", today=TODAY)] == [a.id]
    for text, found in (("nguyen", a), ("VĂN", a), ("4200002", b), ("lv-cr", b),
                        ("garcia 26lv", b)):
        assert [r.id for r in cases.list_cases(db, admin, text=text, today=TODAY)] == [found.id]
    assert cases.list_cases(db, admin, text="nobody", today=TODAY) == []
    schedule(db, admin, a.id)
    row, = cases.list_cases(db, admin, status=CaseStatus.SCHEDULED, today=TODAY)
    assert (row.id, row.status_label, row.offender_name) == (a.id, "Scheduled", "NGUYỄN, Văn An")
    with db.reading() as tx:
        searches = list(tx.scalars(select(AuditEvent.summary)
                                   .where(AuditEvent.action == "search")))
    assert "“nguyen” found 1" in searches


def test_the_assessment_names_the_needs_and_the_harm(db, admin, add_offender):
    case = scheduled_case(db, admin, add_offender)
    with pytest.raises(Errors) as other:
        cases.record_assessment(db, admin, case.id, cases.AssessmentInput(
            frozenset({Need.OTHER}), "", "x" * 4001))
    assert set(other.value.errors) == {"needs_notes", "harm"}
    found = cases.record_assessment(db, admin, case.id, cases.AssessmentInput(
        frozenset({Need.PEERS, Need.SUBSTANCE_USE, Need.OTHER}), "Gambling debts",
        "  Broke the window.  "), today=TODAY)
    assert found.needs == (Need.SUBSTANCE_USE, Need.PEERS, Need.OTHER)
    assert (found.needs_notes, found.harm) == ("Gambling debts", "Broke the window.")
    assert "assess" in _actions(db, case.id)


def test_an_agreement_names_every_wrong_task_and_writes_nothing(db, admin, add_offender):
    case = scheduled_case(db, admin, add_offender)
    with pytest.raises(Errors) as none:
        cases.record_agreement(db, admin, case.id, AGREED, [], today=TODAY)
    assert none.value.errors == {"tasks": "An agreement has at least one task."}
    with pytest.raises(Errors) as undated:
        cases.record_agreement(db, admin, case.id, None, [T(TaskKind.ESSAY)], today=TODAY)
    assert undated.value.errors == {"agreement_on": "Enter the agreement date."}
    with pytest.raises(Errors) as wrong:
        cases.record_agreement(db, admin, case.id, AGREED, [
            T(TaskKind.APOLOGY_LETTER, due_on=date(2026, 9, 21)),
            T(TaskKind.COMMUNITY_SERVICE),
            T(TaskKind.RESTITUTION, amount="-50"),
            T(TaskKind.ESSAY, amount="$20"),
            T(TaskKind.OTHER),
            T(TaskKind.RESTITUTION, amount="1,20.00"),
        ], today=TODAY)
    errors = wrong.value.errors
    assert set(errors) == {"tasks[0].due_on", "tasks[1].hours_required", "tasks[2].amount",
                           "tasks[3].amount", "tasks[4].description", "tasks[5].amount"}
    assert errors["tasks[0].due_on"] == ("Task 1 (Apology letter): The due date (09/21/2026) "
                                         "is before the agreement (09/22/2026).")
    assert errors["tasks[2].amount"] == ("Task 3 (Restitution): “-50” is negative; enter the "
                                         "amount without a minus sign.")
    assert "1,200.00" in errors["tasks[5].amount"]
    with pytest.raises(Errors) as twice:
        cases.record_agreement(db, admin, case.id, AGREED, [
            T(TaskKind.ESSAY, "On harm"), T(TaskKind.ESSAY, "on  HARM")], today=TODAY)
    assert twice.value.errors == {"tasks[1].kind": "Task 2 (Essay) is listed twice; give each "
                                                   "its own description."}
    assert _count(db, Task) == 0
    assert cases.get_case(db, admin, case.id, today=TODAY).status is CaseStatus.SCHEDULED


def test_an_agreement_is_signed_by_a_scheduled_case_not_before_it(db, admin, add_offender):
    supervised(add_offender)
    case = cases.refer(db, admin, referral(), today=TODAY)
    with pytest.raises(Errors) as referred:
        cases.record_agreement(db, admin, case.id, AGREED, [T(TaskKind.ESSAY)], today=TODAY)
    assert referred.value.errors["status"].startswith("The case is referred;")
    schedule(db, admin, case.id)
    with pytest.raises(Errors) as early:
        cases.record_agreement(db, admin, case.id, date(2026, 9, 10), [T(TaskKind.ESSAY)],
                               today=TODAY)
    assert early.value.errors == {"agreement_on": "The case was scheduled on 09/15/2026; the "
                                                  "agreement cannot come before it."}
    signed = cases.record_agreement(db, admin, case.id, SCHEDULED, [
        T(TaskKind.ESSAY, due_on=date(2027, 3, 1)),
        T(TaskKind.RESTITUTION, amount=5000)], today=TODAY)
    assert [(t.kind, t.due_on, t.amount_cents) for t in signed.tasks] == [
        (TaskKind.RESTITUTION, date(2026, 12, 14), 5000),
        (TaskKind.ESSAY, date(2027, 3, 1), None)]


def test_a_case_returned_to_court_says_why_and_takes_no_further_step(db, admin, add_offender):
    case = scheduled_case(db, admin, add_offender)
    cases.record_agreement(db, admin, case.id, AGREED, [
        T(TaskKind.APOLOGY_LETTER, due_on=date(2026, 10, 1))], today=TODAY)
    assert cases.get_case(db, admin, case.id, today=TODAY).overdue_tasks == 1
    with pytest.raises(Errors) as no_reason:
        cases.return_to_court(db, admin, case.id, date(2026, 11, 3), "  ", today=TODAY)
    assert no_reason.value.errors == {"reason": "Enter the reason for returning the case."}
    with pytest.raises(Errors) as early:
        cases.return_to_court(db, admin, case.id, date(2026, 9, 20), "New arrest", today=TODAY)
    assert set(early.value.errors) == {"day"}
    back = cases.return_to_court(db, admin, case.id, date(2026, 11, 3), "New arrest",
                                 today=TODAY)
    assert (back.status, back.return_reason, back.steps[-1].note) == (
        CaseStatus.RETURNED, "New arrest", "New arrest")
    assert (back.open_tasks, back.overdue_tasks) == (1, 0)  # a closed case is late no more
    assert [r.overdue_tasks for r in cases.list_cases(db, admin, today=TODAY)] == [0]
    with pytest.raises(Errors, match="closed"):
        cases.start_case(db, admin, case.id, date(2026, 11, 4), today=TODAY)
    with pytest.raises(InvalidInput, match="assessment stays"):
        cases.record_assessment(db, admin, case.id, cases.AssessmentInput(frozenset()))


def test_steps_go_one_at_a_time_and_are_never_in_the_future(db, admin, add_offender):
    supervised(add_offender)
    case = cases.refer(db, admin, referral(), today=TODAY)
    with pytest.raises(Errors) as skip:
        cases.start_case(db, admin, case.id, date(2026, 9, 2), today=TODAY)
    assert skip.value.errors["status"] == ("A referred case moves next to “Scheduled”, not to "
                                           "“In progress”.")
    with pytest.raises(Errors) as future:
        cases.schedule_case(db, admin, case.id, date(2026, 11, 21), today=TODAY)
    assert "in the future" in future.value.errors["day"]
    assert cases.schedule_case(db, admin, case.id, SCHEDULED,
                               today=TODAY).status is CaseStatus.SCHEDULED
    with pytest.raises(Errors) as outcome:
        cases.complete_case(db, admin, case.id, TODAY, "", today=TODAY)
    assert set(outcome.value.errors) == {"outcome", "status"}
    assert _count(db, TaskProgress) == 0


def test_a_case_already_gone_is_not_found(db, admin):
    with pytest.raises(NotFound, match="no longer on file"):
        cases.get_case(db, admin, "00000000-0000-0000-0000-000000000000")


def test_the_referring_officer_defaults_to_the_officer_only(db, make_user, add_offender):
    supervised(add_offender)
    officer = make_user(Role.PP_OFFICER, "PP-01")
    case = cases.refer(db, officer, replace(referral(), officer_id=""), today=TODAY)
    with db.reading() as tx:
        assert tx.get(BoardCase, case.id).officer_id == officer.user_id
