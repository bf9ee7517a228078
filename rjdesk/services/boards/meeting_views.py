"""What a meeting looks like to the people who run it and to its papers: who was present (seen
on the meeting's day), the cases heard, what was decided, and whether a quorum sat."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from rjdesk.domain.boards import rules
from rjdesk.domain.boards.enums import CaseStatus, HearingPurpose, MeetingStatus
from rjdesk.domain.boards.models import BoardCase, Hearing, Meeting, MeetingMember
from rjdesk.domain.core.models import Site
from rjdesk.domain.people.models import Offender
from rjdesk.services.boards.boards import MemberView, members_of
from rjdesk.services.core.lookup import with_site
from rjdesk.services.people.records import display_name


@dataclass(frozen=True)
class HearingView:
    id: str
    case_id: str
    doc_number: str
    offender_name: str
    case_number: str
    purpose: HearingPurpose
    decision: str
    case_status: CaseStatus


@dataclass(frozen=True)
class MeetingView:
    id: str
    board_id: str
    site_code: str
    site_name: str
    held_on: date
    starts_at: str
    location: str
    status: MeetingStatus
    minutes: str
    #: The members present, as seen on the meeting's day.
    present: tuple[MemberView, ...]
    hearings: tuple[HearingView, ...]
    #: Enough members present who may sit that day for the board to decide.
    quorum: bool

    @property
    def eligible_present(self) -> int:
        return sum(1 for m in self.present if m.can_sit)


@dataclass(frozen=True)
class MeetingRow:
    id: str
    held_on: date
    starts_at: str
    location: str
    status_label: str
    cases: int
    present: int


def present_at(tx: Session, meeting: Meeting) -> tuple[MemberView, ...]:
    ids = list(tx.scalars(select(MeetingMember.member_id)
                          .where(MeetingMember.meeting_id == meeting.id)))
    return members_of(tx, [meeting.board_id], meeting.held_on, only=ids)[meeting.board_id]


def hearings_of(tx: Session, meeting_id: str) -> tuple[HearingView, ...]:
    rows = tx.execute(select(Hearing, BoardCase, Offender)
                      .join(BoardCase, BoardCase.id == Hearing.case_id)
                      .join(Offender, Offender.id == BoardCase.offender_id)
                      .where(Hearing.meeting_id == meeting_id)
                      .order_by(Offender.last_name, Offender.first_name, Hearing.id))
    return tuple(HearingView(h.id, c.id, o.doc_number, display_name(o.last_name, o.first_name,
                                                                     o.middle_name),
                             c.case_number, h.purpose, h.decision, c.status)
                 for h, c, o in rows)


def meeting_view(tx: Session, meeting: Meeting, site: Site) -> MeetingView:
    present = present_at(tx, meeting)
    eligible = sum(1 for m in present if m.can_sit)
    return MeetingView(meeting.id, meeting.board_id, site.code, site.name, meeting.held_on,
                       meeting.starts_at, meeting.location, meeting.status, meeting.minutes,
                       present, hearings_of(tx, meeting.id), eligible >= rules.QUORUM)


def load_meeting(tx: Session, meeting_id: str) -> tuple[Meeting, Site]:
    return with_site(tx, Meeting, meeting_id, "That meeting is no longer on file.")
