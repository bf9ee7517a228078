"""Test data for the case and court report screens: an officer of PP-01 with a scheduled case
of an offender under supervision, and a court report on him. The tests hold the screens'
day at ``TODAY`` (``casework_common.today``), so dates never depend on the clock."""

from __future__ import annotations

from datetime import date

from rjdesk.domain.boards.enums import Loss, Notify, StatementStatus, TaskKind
from rjdesk.domain.core.enums import Role
from rjdesk.domain.people.enums import OffenderStatus
from rjdesk.services.boards import cases, court_reports, victims
from rjdesk.services.boards.tasks import TaskInput
from rjdesk.services.core.context import Actor

TODAY = date(2026, 11, 20)
OFFICE = "PP-01"
DOC = "4200001"
VICTIM_LAST, VICTIM_FIRST = "Đặng", "Thị Hoa"


def make_officer(make_user, add_offender) -> Actor:
    """The P&P officer of PP-01, and Nguyễn Văn An under supervision there."""
    add_offender(DOC, "Nguyễn", "Văn An", OFFICE, status=OffenderStatus.SUPERVISED)
    return make_user(Role.PP_OFFICER, OFFICE, "officer")


def scheduled(db, actor: Actor, case_number: str = "26BU-CR00123") -> cases.CaseView:
    case = cases.refer(db, actor, cases.ReferralInput(
        DOC, "Buchanan County Circuit Court", case_number, "Stealing", date(2026, 9, 1)),
        today=TODAY)
    return cases.schedule_case(db, actor, case.id, date(2026, 9, 15), today=TODAY)


def agreed(db, actor: Actor, *, due: date | None = None) -> cases.CaseView:
    """A case with an agreement of an apology letter (due ``due``), 40 hours and $1,200.00
    restitution."""
    case = scheduled(db, actor)
    return cases.record_agreement(db, actor, case.id, date(2026, 9, 22), [
        TaskInput(TaskKind.APOLOGY_LETTER, due_on=due),
        TaskInput(TaskKind.COMMUNITY_SERVICE, hours_required=40),
        TaskInput(TaskKind.RESTITUTION, amount="$1,200.00")], today=TODAY)


def report(db, officer: Actor, *, with_victim: bool = False) -> court_reports.ReportView:
    view = court_reports.open_report(db, officer, court_reports.ReportInput(
        DOC, "Buchanan County Circuit Court", "25BU-CR01234", date(2026, 12, 18)), today=TODAY)
    if with_victim:
        victims.save_statement(db, officer, view.id, victims.StatementInput(
            VICTIM_LAST, VICTIM_FIRST, status=StatementStatus.GIVEN, taken_on=TODAY,
            losses={Loss.MEDICAL: "1,200.00"}, injury="A broken wrist.",
            address="12 Elm St, St. Joseph, MO 64501", notify=Notify.MAIL,
            description="owner of the store"), today=TODAY)
    return view
