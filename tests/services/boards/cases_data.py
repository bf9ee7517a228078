"""Test data for board cases: supervised offenders at P&P offices, a referral, and a case put
before the board (scheduling is the meetings' work, so the tests move it with ``move_case``).

Every day is before ``TODAY``, which every service comparing with today is given; transfers
are dated by the clock, so they are dated in the past of any clock the tests run on."""

from __future__ import annotations

from datetime import date

from rjdesk.domain.boards.enums import CaseStatus
from rjdesk.domain.boards.models import BoardCase
from rjdesk.domain.people.enums import OffenderStatus
from rjdesk.services.boards import cases
from rjdesk.services.boards.common import move_case
from rjdesk.services.core.context import Actor, acting
from rjdesk.store.database import Database

TODAY = date(2026, 11, 20)
REFERRED = date(2026, 9, 1)
SCHEDULED = date(2026, 9, 15)
AGREED = date(2026, 9, 22)
COURT = "Buchanan County Circuit Court"


def supervised(add_offender, doc: str = "4200001", last: str = "Nguyễn",
               first: str = "Văn An", site: str = "PP-01", **kw):
    """An offender under supervision at a P&P office."""
    kw.setdefault("status", OffenderStatus.SUPERVISED)
    return add_offender(doc, last, first, site, **kw)


def referral(doc: str = "4200001", case_number: str = "26BU-CR00123", *,
             court: str = COURT, offense: str = "Stealing ($750 or more)",
             referred_on: date | None = REFERRED, officer_id: str = "") -> cases.ReferralInput:
    return cases.ReferralInput(doc, court, case_number, offense, referred_on, officer_id)


def schedule(db: Database, actor: Actor, case_id: str, day: date = SCHEDULED) -> None:
    """Put a referred case before the board, as a meeting's agenda does."""
    with acting(db, actor) as tx:
        case = tx.get(BoardCase, case_id)
        assert case is not None
        move_case(tx, actor, case, CaseStatus.SCHEDULED, day)


def scheduled_case(db: Database, actor: Actor, add_offender, doc: str = "4200001",
                   **kw) -> cases.CaseView:
    """A supervised offender at PP-01, referred and scheduled."""
    supervised(add_offender, doc, **kw)
    case = cases.refer(db, actor, referral(doc), today=TODAY)
    schedule(db, actor, case.id)
    return case
