"""Board records written straight into the tables, for the papers' and files' tests: they read
what the other boards services write and must not wait for them. Each write is made inside
``acting`` as the administrator (change capture refuses one without an author).

``build`` makes one office's world: a board with four members (one chair, one untrained), two
offenders, a case in progress with four tasks and their progress, a meeting held and one
planned, and a court report on the first offender with three victims — one who gave a
statement, one in the Address Confidentiality Program, one who could not be reached. The first
victim's name is also typed into the case's free text, as people do.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from rjdesk.domain.boards import rules
from rjdesk.domain.boards.enums import (
    CaseStatus,
    HearingPurpose,
    MeetingStatus,
    Notify,
    ReportStatus,
    StatementStatus,
    TaskKind,
)
from rjdesk.domain.boards.models import (
    Board,
    BoardCase,
    BoardMember,
    CourtReport,
    Hearing,
    Meeting,
    MeetingMember,
    Task,
    TaskProgress,
    VictimStatement,
)
from rjdesk.domain.core.models import Site
from rjdesk.domain.people.rules import sort_name
from rjdesk.domain.volunteers.enums import VolunteerRole
from rjdesk.domain.volunteers.models import Volunteer, VolunteerRoleGrant
from rjdesk.services.core.context import Actor, acting
from rjdesk.store.database import Database

OFFICE = "PP-01"
COURT = "Buchanan County Circuit Court"
TODAY = date(2026, 10, 1)
HELD = date(2026, 7, 6)
PLANNED = date(2026, 10, 5)
#: Victims of the court report; none may appear on a board paper.
VICTIM = ("Victimson", "Jane")
ACP_VICTIM = ("Hiddenfield", "Ruth")
UNREACHED = ("Farawell", "Carl")
ACP_BOX = "P.O. Box 257, Jefferson City, MO 65102"
ACP_PHONE = "816-555-0199"


@dataclass
class Papers:
    """Writes board rows as ``author`` would."""

    db: Database
    author: Actor

    def add(self, *rows: object) -> None:
        with acting(self.db, self.author) as tx:
            tx.add_all(rows)

    def site_id(self, code: str = OFFICE) -> str:
        with self.db.reading() as tx:
            found = tx.scalar(select(Site.id).where(Site.code == code))
        assert found, code
        return found

    def volunteer(self, last: str, first: str, *, trained: bool = True,
                  site: str = OFFICE) -> tuple[str, bool]:
        vid = str(uuid.uuid4())
        vol = Volunteer(id=vid, site_id=self.site_id(site), last_name=last, first_name=first,
                        background_check_on=date(2026, 1, 5),
                        background_check_expires=date(2028, 1, 5),
                        sort_name=sort_name(last, first))
        self.add(vol)
        self.add(VolunteerRoleGrant(id=str(uuid.uuid4()), volunteer_id=vid,
                                    role=VolunteerRole.BOARD_MEMBER))
        return vid, trained

    def board(self, site: str = OFFICE, name: str = "St. Joseph Reparation Board") -> str:
        site_id = self.site_id(site)
        key = rules.board_key(site_id)
        self.add(Board(id=key, site_id=site_id, name=name))
        return key

    def member(self, board_id: str, volunteer: tuple[str, bool], *, chair: bool = False) -> str:
        vid, trained = volunteer
        key = rules.member_key(board_id, vid)
        self.add(BoardMember(id=key, board_id=board_id, volunteer_id=vid,
                             term_start=date(2026, 1, 1), term_end=date(2027, 12, 31),
                             trained_on=date(2026, 2, 1) if trained else None,
                             chair_from=date(2026, 1, 1) if chair else None,
                             chair_to=date(2026, 12, 31) if chair else None))
        return key

    def case(self, offender_id: str, case_number: str, *, site: str = OFFICE,
             status: CaseStatus = CaseStatus.IN_PROGRESS, officer_id: str = "",
             offense: str = "Burglary, second degree", harm: str = "", needs: str = "",
             agreement_on: date | None = HELD, outcome: str = "") -> str:
        key = rules.case_key(offender_id, COURT, case_number)
        self.add(BoardCase(id=key, site_id=self.site_id(site), offender_id=offender_id,
                           officer_id=officer_id, court=COURT, case_number=case_number,
                           offense=offense, referred_on=date(2026, 6, 1), status=status,
                           status_on=agreement_on or date(2026, 6, 1), needs=needs,
                           harm=harm, agreement_on=agreement_on, outcome=outcome))
        return key

    def task(self, case_id: str, kind: TaskKind, description: str, due_on: date, *,
             hours: float | None = None, cents: int | None = None,
             done_on: date | None = None) -> str:
        key = rules.task_key(case_id, kind.value, description)
        self.add(Task(id=key, case_id=case_id, kind=kind, description=description,
                      due_on=due_on, hours_required=hours, amount_cents=cents,
                      done_on=done_on))
        return key

    def progress(self, task_id: str, day: date, *, hours: float | None = None,
                 cents: int | None = None) -> None:
        self.add(TaskProgress(id=rules.progress_key(task_id, day), task_id=task_id,
                              happened_on=day, hours=hours, amount_cents=cents))

    def meeting(self, board_id: str, day: date, *, site: str = OFFICE,
                status: MeetingStatus = MeetingStatus.PLANNED, minutes: str = "") -> str:
        key = rules.meeting_key(board_id, day, "18:30")
        self.add(Meeting(id=key, board_id=board_id, site_id=self.site_id(site), held_on=day,
                         starts_at="18:30", location="Buchanan County Courthouse, room 204",
                         status=status, minutes=minutes))
        return key

    def present(self, meeting_id: str, *member_ids: str) -> None:
        self.add(*[MeetingMember(id=rules.attendance_key(meeting_id, m), meeting_id=meeting_id,
                                 member_id=m) for m in member_ids])

    def hearing(self, meeting_id: str, case_id: str, purpose: HearingPurpose,
                decision: str = "") -> None:
        self.add(Hearing(id=rules.hearing_key(meeting_id, case_id), meeting_id=meeting_id,
                         case_id=case_id, purpose=purpose, decision=decision))

    def report(self, offender_id: str, officer_id: str, case_number: str, *,
               site: str = OFFICE) -> str:
        key = rules.report_key(offender_id, COURT, case_number)
        self.add(CourtReport(id=key, site_id=self.site_id(site), offender_id=offender_id,
                             officer_id=officer_id, court=COURT, case_number=case_number,
                             due_on=date(2026, 10, 20), status=ReportStatus.DRAFT))
        return key

    def victim(self, report_id: str, name: tuple[str, str], **kw: object) -> str:
        last, first = name
        key = rules.statement_key(report_id, last, first)
        kw.setdefault("notify", Notify.MAIL)
        kw.setdefault("status", StatementStatus.GIVEN)
        self.add(VictimStatement(id=key, report_id=report_id, last_name=last, first_name=first,
                                 **kw))
        return key


def build(db: Database, admin: Actor, add_offender, officer_id: str) -> dict[str, str]:
    """The office's world (see the module's docstring); returns the ids the tests use."""
    p = Papers(db, admin)
    an = add_offender("1000001", "Nguyễn", "Văn An", site=OFFICE).id
    cy = add_offender("1000003", "Okafor", "Cyril", site=OFFICE).id
    board = p.board()
    chair = p.member(board, p.volunteer("Reyes", "Marisol"), chair=True)
    smirnov = p.member(board, p.volunteer("Смирнов", "Дмитрий"))
    papa = p.member(board, p.volunteer("Papadopoulos", "Giorgos"))
    p.member(board, p.volunteer("O'Brien", "Pat", trained=False))
    case = p.case(an, "24BU-CR01234", officer_id=officer_id, needs="employment,substance_use",
                  harm="Jane Victimson's store window was broken; Ms. Victimson closed for "
                       "two days.",
                  outcome="")
    other = p.case(cy, "24BU-CR05678", status=CaseStatus.SCHEDULED, agreement_on=None)
    p.task(case, TaskKind.APOLOGY_LETTER, "Letter to Jane Victimson, screened first",
           date(2026, 8, 5), done_on=date(2026, 7, 27))
    service = p.task(case, TaskKind.COMMUNITY_SERVICE, "County food pantry",
                     date(2026, 10, 4), hours=40)
    p.progress(service, date(2026, 8, 1), hours=8)
    p.progress(service, date(2026, 8, 8), hours=4.5)
    restitution = p.task(case, TaskKind.RESTITUTION, "For the broken window",
                         date(2026, 9, 4), cents=120_000)
    p.progress(restitution, date(2026, 8, 15), cents=30_000)
    held = p.meeting(board, HELD, status=MeetingStatus.HELD,
                     minutes="Jane Victimson sent a written statement.\n\nThe meeting closed "
                             "at 8:05 PM.")
    p.present(held, chair, smirnov, papa)
    p.hearing(held, case, HearingPurpose.FIRST, "Agreement signed; Victimson to get the letter.")
    planned = p.meeting(board, PLANNED)
    p.hearing(planned, case, HearingPurpose.MID_TERM)
    p.hearing(planned, other, HearingPurpose.FIRST)
    report = p.report(an, officer_id, "24BU-CR01234")
    p.victim(report, VICTIM, description="owner of the store", address="12 Elm St, St. Joseph",
             phone="816-555-0142", taken_on=date(2026, 9, 20), loss_property_cents=98_500,
             loss_lost_wages_cents=32_000, loss_other_cents=1_999,
             loss_other_text="Locksmith", injury="Cuts to the hands, healed.",
             psychological_harm="Afraid to open the store alone.",
             welfare_change="Works fewer hours.", counseling_requested=True,
             repair="Repair the window.")
    p.victim(report, ACP_VICTIM, address=ACP_BOX, acp=True, phone=ACP_PHONE,
             email="ruth@example.org", taken_on=date(2026, 9, 21), loss_medical_cents=50_000,
             answered_by="Tom Hiddenfield", answered_relationship="husband")
    p.victim(report, UNREACHED, status=StatementStatus.UNREACHABLE, address="9 Oak St")
    return {"an": an, "cy": cy, "board": board, "case": case, "other": other, "held": held,
            "planned": planned, "report": report, "restitution": restitution}
