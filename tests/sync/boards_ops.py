"""Random board and court-report work for the convergence test: every shared table of the
boards area written at several workstations, often the same rows (their keys derive from what
they are), written directly as the boards' services write them."""

from __future__ import annotations

import random
from datetime import date, timedelta

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
    CaseStep,
    CourtReport,
    Hearing,
    Meeting,
    MeetingMember,
    Task,
    TaskProgress,
    VictimStatement,
)
from rjdesk.domain.people.models import Offender
from rjdesk.domain.people.rules import site_key
from rjdesk.domain.volunteers.models import Volunteer
from rjdesk.services.core.context import acting
from rjdesk.services.volunteers.records import VolunteerInput, create_volunteer

OFFICE = "PP-EP"
COURTS = ("Cole County Circuit Court", "Boone County Circuit Court")
VICTIMS = (("Lee", "Ann"), ("Okafor", "Chidi"))

#: The shared tables of the boards area, each of which the convergence test writes at two
#: workstations.
TABLES = ("board", "board_member", "board_case", "board_case_step", "board_meeting",
          "board_meeting_member", "board_hearing", "board_task", "board_task_progress",
          "court_report", "victim_statement")


def _day(rng: random.Random) -> date:
    return date.today() - timedelta(days=rng.randrange(1, 4))


def _board(tx, site: str) -> str:  # noqa: ANN001
    bid = rules.board_key(site_key(site))
    if tx.get(Board, bid) is None:
        tx.add(Board(id=bid, site_id=site_key(site), name=f"{site} board", active=True))
        tx.flush()
    return bid


def _case(tx, rng: random.Random, offender: str, author: str) -> str:  # noqa: ANN001
    court = rng.choice(COURTS)
    cid = rules.case_key(offender, court, "25AC-CR01234")
    if tx.get(BoardCase, cid) is None:
        day = date.today() - timedelta(days=10)
        tx.add(BoardCase(id=cid, site_id=site_key(OFFICE), offender_id=offender,
                         officer_id=author, court=court, case_number="25AC-CR01234",
                         offense="Property damage", referred_on=day,
                         status=CaseStatus.REFERRED, status_on=day))
        tx.flush()
    return cid


def _meeting(tx, rng: random.Random, board: str) -> str:  # noqa: ANN001
    day = date.today() - timedelta(days=rng.randrange(2))
    mid = rules.meeting_key(board, day, "18:00")
    if tx.get(Meeting, mid) is None:
        tx.add(Meeting(id=mid, board_id=board, site_id=site_key(OFFICE), held_on=day,
                       starts_at="18:00", status=MeetingStatus.PLANNED))
        tx.flush()
    return mid


def _report(tx, rng: random.Random, offender: str, author: str) -> str:  # noqa: ANN001
    court = rng.choice(COURTS)
    rid = rules.report_key(offender, court, "25AC-CR01234")
    if tx.get(CourtReport, rid) is None:
        tx.add(CourtReport(id=rid, site_id=site_key(OFFICE), offender_id=offender,
                           officer_id=author, court=court, case_number="25AC-CR01234",
                           due_on=date.today() + timedelta(days=14), status=ReportStatus.DRAFT))
        tx.flush()
    return rid


def boards_op(rng: random.Random, ws) -> None:  # noqa: ANN001
    """One random write of board work, as the services would make it."""
    with acting(ws.db, ws.actor) as tx:
        offenders = list(tx.scalars(select(Offender.id).order_by(Offender.id)))
        volunteers = list(tx.scalars(select(Volunteer.id).order_by(Volunteer.id)))
        if not offenders:
            return
        offender, author = rng.choice(offenders), ws.actor.user_id
        board = _board(tx, OFFICE)
        what = rng.random()
        if what < 0.1:
            tx.get(Board, board).name = rng.choice(["Eastern board", "Board of the East"])
        elif what < 0.2 and volunteers:
            vid = rng.choice(volunteers)
            key = rules.member_key(board, vid)
            member = tx.get(BoardMember, key)
            if member is None:
                tx.add(BoardMember(id=key, board_id=board, volunteer_id=vid,
                                   term_start=date(2025, 1, 1), term_end=date(2027, 12, 31),
                                   trained_on=date(2025, 1, 15)))
            else:
                member.term_end = rng.choice([date(2027, 6, 30), date(2028, 6, 30)])
        elif what < 0.35:
            case = tx.get(BoardCase, _case(tx, rng, offender, author))
            step = rng.choice([CaseStatus.SCHEDULED, CaseStatus.AGREEMENT])
            case.status, case.status_on = step, _day(rng)
            case.needs = rng.choice(["employment", "housing,peers", ""])
            key = rules.step_key(case.id, step)
            if tx.get(CaseStep, key) is None:
                tx.add(CaseStep(id=key, case_id=case.id, status=step, happened_on=case.status_on,
                                by_user_id=author))
        elif what < 0.5:
            mid = _meeting(tx, rng, board)
            cid = _case(tx, rng, offender, author)
            key = rules.hearing_key(mid, cid)
            hearing = tx.get(Hearing, key)
            if hearing is None:
                tx.add(Hearing(id=key, meeting_id=mid, case_id=cid,
                               purpose=HearingPurpose.FIRST))
            else:
                hearing.decision = rng.choice(["Agreement reached", "Continued"])
            members = list(tx.scalars(select(BoardMember.id).where(BoardMember.board_id ==
                                                                   board)))
            if members:
                pid = rng.choice(members)
                present = tx.get(MeetingMember, rules.attendance_key(mid, pid))
                if present is None:
                    tx.add(MeetingMember(id=rules.attendance_key(mid, pid), meeting_id=mid,
                                         member_id=pid))
                else:
                    tx.delete(present)
            tx.get(Meeting, mid).minutes = rng.choice(["", "Quorum present."])
        elif what < 0.7:
            cid = _case(tx, rng, offender, author)
            kind = rng.choice([TaskKind.COMMUNITY_SERVICE, TaskKind.RESTITUTION])
            key = rules.task_key(cid, kind.value, "")
            task = tx.get(Task, key)
            if task is None:
                tx.add(Task(id=key, case_id=cid, kind=kind, due_on=date.today(),
                            hours_required=40.0 if kind.in_hours else None,
                            amount_cents=120000 if kind.in_money else None))
                return
            day = _day(rng)
            pkey = rules.progress_key(key, day)
            progress = tx.get(TaskProgress, pkey)
            if progress is None:
                tx.add(TaskProgress(id=pkey, task_id=key, happened_on=day,
                                    hours=4.0 if kind.in_hours else None,
                                    amount_cents=2500 if kind.in_money else None,
                                    recorded_by=author))
            elif kind.in_money:
                progress.amount_cents = rng.choice([1000, 5000])
            else:
                progress.hours = rng.choice([2.0, 6.0])
        else:
            rid = _report(tx, rng, offender, author)
            last, first = rng.choice(VICTIMS)
            key = rules.statement_key(rid, last, first)
            victim = tx.get(VictimStatement, key)
            if victim is None:
                tx.add(VictimStatement(id=key, report_id=rid, last_name=last, first_name=first,
                                       notify=Notify.MAIL, status=StatementStatus.DECLINED))
            else:
                victim.status = StatementStatus.GIVEN
                victim.loss_property_cents = rng.choice([15000, 42050])
                victim.repair = rng.choice(["Pay for the window", "Write to me"])


def write_every_table_twice(d) -> None:  # noqa: ANN001
    """The first two workstations write the same rows of every boards table, each without the
    other's changes: the board, a member, a case and its step, a meeting with the member
    present and the case heard, a task and a payment, a court report and a victim's
    statement — with different values, so each field meets its rival."""
    first, second = d[0], d[1]
    volunteer = create_volunteer(first.db, first.actor, VolunteerInput(
        last_name="Brandt", first_name="Hanna", site_code=OFFICE))
    with acting(first.db, first.actor) as tx:
        offender = tx.scalar(select(Offender.id))
    assert offender is not None, "the convergence test makes an offender first"
    d.sync_all()
    today = date.today()
    for ws, n in ((first, 1), (second, 2)):
        rng = random.Random(n)
        with acting(ws.db, ws.actor) as tx:
            board = _board(tx, OFFICE)
            member = rules.member_key(board, volunteer.id)
            tx.add(BoardMember(id=member, board_id=board, volunteer_id=volunteer.id,
                               term_start=date(2025, 1, 1), term_end=date(2026 + n, 12, 31),
                               trained_on=date(2025, 1, 15)))
            cid = rules.case_key(offender, COURTS[0], "25AC-CR09999")
            tx.add(BoardCase(id=cid, site_id=site_key(OFFICE), offender_id=offender,
                             officer_id=ws.actor.user_id, court=COURTS[0],
                             case_number="25AC-CR09999", offense=f"Theft ({ws.name})",
                             referred_on=today - timedelta(days=5), status=CaseStatus.SCHEDULED,
                             status_on=today - timedelta(days=n)))
            tx.add(CaseStep(id=rules.step_key(cid, CaseStatus.SCHEDULED), case_id=cid,
                            status=CaseStatus.SCHEDULED, happened_on=today - timedelta(days=n),
                            by_user_id=ws.actor.user_id))
            mid = rules.meeting_key(board, today, "18:00")
            tx.add(Meeting(id=mid, board_id=board, site_id=site_key(OFFICE), held_on=today,
                           starts_at="18:00", status=MeetingStatus.HELD,
                           minutes=f"Minutes by {ws.name}"))
            tx.flush()
            tx.add(MeetingMember(id=rules.attendance_key(mid, member), meeting_id=mid,
                                 member_id=member))
            tx.add(Hearing(id=rules.hearing_key(mid, cid), meeting_id=mid, case_id=cid,
                           purpose=HearingPurpose.FIRST, decision=f"Decided at {ws.name}"))
            tid = rules.task_key(cid, TaskKind.RESTITUTION.value, "")
            tx.add(Task(id=tid, case_id=cid, kind=TaskKind.RESTITUTION, due_on=today,
                        amount_cents=120000 + n))
            tx.flush()
            tx.add(TaskProgress(id=rules.progress_key(tid, today), task_id=tid,
                                happened_on=today, amount_cents=1000 * n,
                                recorded_by=ws.actor.user_id))
            rid = rules.report_key(offender, COURTS[0], "25AC-CR09999")
            tx.add(CourtReport(id=rid, site_id=site_key(OFFICE), offender_id=offender,
                               officer_id=ws.actor.user_id, court=COURTS[0],
                               case_number="25AC-CR09999", due_on=today + timedelta(days=n),
                               status=ReportStatus.DRAFT))
            tx.flush()
            tx.add(VictimStatement(id=rules.statement_key(rid, *VICTIMS[0]), report_id=rid,
                                   last_name=VICTIMS[0][0], first_name=VICTIMS[0][1],
                                   notify=Notify.MAIL, status=StatementStatus.GIVEN,
                                   loss_medical_cents=rng.choice([5000, 7500]),
                                   repair=f"as told at {ws.name}"))
    d.sync_all()
