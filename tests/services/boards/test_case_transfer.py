"""A case follows its offender: his transfer to another office moves his open cases there,
in the transfer's transaction; cases already closed stay where they were heard."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from rjdesk.domain.boards.enums import CaseStatus, TaskKind
from rjdesk.domain.core.enums import Role
from rjdesk.domain.core.models import AuditEvent
from rjdesk.services.boards import agreement, cases
from rjdesk.services.people import records as people
from tests.services.boards.cases_data import TODAY, referral, schedule, supervised


def test_open_cases_follow_the_offender_and_closed_ones_stay(db, admin, make_user,
                                                             add_offender):
    him = supervised(add_offender)
    open_case = cases.refer(db, admin, referral(), today=TODAY)
    closed = cases.refer(db, admin, referral(case_number="25BU-CR00001",
                                             referred_on=date(2026, 8, 1)), today=TODAY)
    schedule(db, admin, closed.id, date(2026, 8, 10))
    cases.record_agreement(db, admin, closed.id, date(2026, 8, 12),
                           [agreement.TaskInput(TaskKind.ESSAY)], today=TODAY)
    essay, = cases.get_case(db, admin, closed.id, today=TODAY).tasks
    agreement.mark_done(db, admin, essay.id, date(2026, 8, 20), today=TODAY)
    cases.complete_case(db, admin, closed.id, date(2026, 8, 30), "Done", today=TODAY)
    returned = cases.refer(db, admin, referral(case_number="24BU-CR00002"), today=TODAY)
    cases.return_to_court(db, admin, returned.id, date(2026, 9, 2), "Moved away",
                          today=TODAY)

    people.transfer_offender(db, admin, him.id, "PP-02", on=date(2026, 10, 1),
                             reason="moved to Chillicothe")

    sites = {r.id: r.site_code for r in cases.list_cases(db, admin, today=TODAY)}
    assert sites == {open_case.id: "PP-02", closed.id: "PP-01", returned.id: "PP-01"}
    moved = cases.get_case(db, admin, open_case.id, today=TODAY)
    assert (moved.status, [s.status for s in moved.steps]) == (
        CaseStatus.REFERRED, [CaseStatus.REFERRED])  # no step: the same case, elsewhere
    with db.reading() as tx:
        summary, = tx.scalars(select(AuditEvent.summary).where(
            AuditEvent.entity_id == open_case.id, AuditEvent.action == "transferred"))
    assert summary == "case 26BU-CR00123: PP-01 → PP-02 with its offender"

    # the board of his new office runs it now; the old one no longer may
    new_board = make_user(Role.BOARD_COORDINATOR, "PP-02")
    assert cases.schedule_case(db, new_board, open_case.id, date(2026, 10, 5),
                               today=TODAY).site_code == "PP-02"
    assert [r.id for r in cases.list_cases(db, admin, site_code="PP-02", today=TODAY)] == [
        open_case.id]


def test_a_transfer_by_someone_outside_the_boards_moves_the_case_too(db, admin, make_user,
                                                                     add_offender):
    him = supervised(add_offender)
    case = cases.refer(db, admin, referral(), today=TODAY)
    staff = make_user(Role.INSTITUTION_STAFF, "PP-03")  # edits offenders, runs no board
    people.transfer_offender(db, staff, him.id, "PP-03", on=date(2026, 10, 1))
    assert cases.get_case(db, staff, case.id, today=TODAY).site_code == "PP-03"
