"""Test data for court reports and victims' statements: an offender under supervision at
PP-01, his officer, and one account of every role that may or may not see his victims.

Every service that compares with today is given ``TODAY`` (in the past of any clock the tests
run on, so a real day never makes a test fail)."""

from __future__ import annotations

from datetime import date
from functools import cached_property

from sqlalchemy import select

from rjdesk.domain.boards.enums import Loss, Notify, StatementStatus
from rjdesk.domain.core.enums import Role
from rjdesk.domain.core.models import AuditEvent
from rjdesk.domain.people.enums import OffenderStatus
from rjdesk.services.boards import court_reports as reports
from rjdesk.services.boards import victims
from rjdesk.services.core.context import Actor
from rjdesk.store.database import Database

TODAY = date(2026, 11, 20)
DUE = date(2026, 12, 18)
OFFICE = "PP-01"
DOC = "1234567"


class Court:
    """Who is who around one offender's court report (``report`` is a draft with no victim,
    opened by ``officer``). The other accounts are made when first asked for: each costs a
    password hash."""

    def __init__(self, db: Database, admin: Actor, make_user, add_offender) -> None:
        add_offender(DOC, "Nguyễn", "Văn An", site=OFFICE, status=OffenderStatus.SUPERVISED)
        self.admin, self.make_user = admin, make_user
        self.officer: Actor = make_user(Role.PP_OFFICER, OFFICE, "officer")
        self.report = reports.open_report(db, self.officer, report_input(), today=TODAY)

    @cached_property
    def colleague(self) -> Actor:
        """Another P&P officer of the same office."""
        return self.make_user(Role.PP_OFFICER, OFFICE, "colleague")

    @cached_property
    def victim_services(self) -> Actor:
        return self.make_user(Role.VICTIM_SERVICES, OFFICE, "victims")

    @cached_property
    def coordinator(self) -> Actor:
        """The office's board coordinator."""
        return self.make_user(Role.BOARD_COORDINATOR, OFFICE, "coordinator")


def court(db: Database, admin: Actor, make_user, add_offender) -> Court:
    return Court(db, admin, make_user, add_offender)


def report_input(**kw) -> reports.ReportInput:
    values = {"doc_number": DOC, "court": "Buchanan County Circuit Court",
              "case_number": "25BU-CR01234", "due_on": DUE}
    values.update(kw)
    return reports.ReportInput(**values)


def given(last: str = "Đặng", first: str = "Thị Hoa", **kw) -> victims.StatementInput:
    """A statement given, with a medical loss and the harm in the victim's words."""
    values: dict = {"status": StatementStatus.GIVEN, "taken_on": date(2026, 11, 16),
                    "losses": {Loss.MEDICAL: "1,200.00"},
                    "injury": "A broken wrist; healed, with some stiffness.",
                    "address": "12 Elm St, St. Joseph, MO 64501", "notify": Notify.MAIL}
    values.update(kw)
    return victims.StatementInput(last, first, **values)


def audit_events(db: Database, entity: str, action: str | None = None) -> list[AuditEvent]:
    stmt = select(AuditEvent).where(AuditEvent.entity == entity).order_by(AuditEvent.at)
    if action:
        stmt = stmt.where(AuditEvent.action == action)
    with db.reading() as tx:
        found = list(tx.scalars(stmt))
        tx.expunge_all()
    return found
