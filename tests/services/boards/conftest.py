"""The board of P&P District 1 (PP-01) with its coordinator: four members who may sit, one whose
background check expired before the meeting, one never trained; and board cases made directly
(the referral service is another part's).

Every service that compares with today is given ``TODAY``; the meeting is three days before."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from itertools import count

import pytest
from sqlalchemy import select

from rjdesk.domain.boards import rules
from rjdesk.domain.boards.enums import CaseStatus
from rjdesk.domain.boards.models import BoardCase
from rjdesk.domain.core.enums import Role
from rjdesk.domain.core.models import Site
from rjdesk.domain.volunteers.enums import VolunteerRole
from rjdesk.services.boards import boards
from rjdesk.services.core.context import acting
from rjdesk.services.volunteers import records as vs

TODAY = date(2025, 6, 13)
MEETING_DAY = date(2025, 6, 10)
TERM_START, TERM_END = date(2025, 1, 1), date(2026, 12, 31)
TRAINED = date(2025, 1, 20)
CHECKED, CHECK_EXPIRES = date(2024, 3, 1), date(2026, 3, 1)
EXPIRED_ON = date(2025, 5, 31)
REFERRED = date(2025, 5, 2)

_numbers = count(101)


def board_volunteer(db, admin, last: str, first: str, *, site: str = "PP-01",
                    checked: date | None = CHECKED, expires: date | None = CHECK_EXPIRES,
                    roles=frozenset({VolunteerRole.BOARD_MEMBER}), active: bool = True):
    return vs.create_volunteer(db, admin, vs.VolunteerInput(
        last, first, site, roles=roles, background_check_on=checked,
        background_check_expires=expires if checked else None, active=active), today=TODAY)


def member_input(volunteer_id: str, **kw) -> boards.MemberInput:
    kw.setdefault("term_start", TERM_START)
    kw.setdefault("term_end", TERM_END)
    kw.setdefault("trained_on", TRAINED)
    return boards.MemberInput(volunteer_id, **kw)


def make_case(db, actor, offender, office_code: str, *, case_number: str | None = None,
              status: CaseStatus = CaseStatus.REFERRED) -> str:
    """A board case of ``offender`` at the office, as a referral would make it; its id."""
    number = case_number or f"25BU-CR{next(_numbers):05d}"
    court = "Buchanan County Circuit Court"
    with acting(db, actor) as tx:
        site_id = tx.scalar(select(Site.id).where(Site.code == office_code))
        key = rules.case_key(offender.id, court, number)
        tx.add(BoardCase(id=key, site_id=site_id, offender_id=offender.id, court=court,
                         case_number=number, offense="Stealing", referred_on=REFERRED,
                         status=status, status_on=REFERRED))
    return key


@dataclass(frozen=True)
class Members:
    """The board's members by who they are (ids of ``board_member``)."""

    sitting: tuple[str, ...]  # four who may sit on MEETING_DAY, in name order
    expired: str
    untrained: str


@pytest.fixture
def coordinator(make_user):
    return make_user(Role.BOARD_COORDINATOR, "PP-01")


@pytest.fixture
def board(db, coordinator) -> boards.BoardView:
    return boards.open_board(db, coordinator, "PP-01")


@pytest.fixture
def members(db, admin, coordinator, board) -> Members:
    ids = []
    for last, first in (("Brown", "Ruth"), ("Dubois", "Marc"), ("Nguyễn", "Thị Lan"),
                        ("Okafor", "Chidi")):
        v = board_volunteer(db, admin, last, first)
        ids.append(boards.save_member(db, coordinator, board.id, member_input(v.id),
                                      today=TODAY).id)
    lapsed = board_volunteer(db, admin, "Pérez", "Elena", expires=EXPIRED_ON)
    untrained = board_volunteer(db, admin, "Quinn", "Tom")
    return Members(
        tuple(ids),
        boards.save_member(db, coordinator, board.id, member_input(lapsed.id),
                           today=TODAY).id,
        boards.save_member(db, coordinator, board.id, member_input(untrained.id,
                                                                   trained_on=None),
                           today=TODAY).id)


@pytest.fixture
def offender(add_offender):
    return add_offender("4100001", "Garcia", "Luis", site="PP-01")


def state(db) -> str:
    """One hash over every shared record, audit events included: equal before and after a
    refusal when nothing was written."""
    from rjdesk.store.digest import state_digest

    with db.reading() as tx:
        return state_digest(tx.connection())
