"""The boards' papers: the board's report to the court, the reparative agreement (the
offender's and the board's copies), a meeting's agenda and minutes, and the victim impact
section of a court report. Each print is one audited action written through a temporary file,
so a failed print leaves nothing behind.

Victims never appear on a board paper: there is no place for them in its data, and a victim's
name typed into a case's free text (the harm, a task, a decision, the minutes) prints as
"[the victim]". The victim impact section is the one paper that names victims; it is printed by
those who may see the report's victims, and its audit event counts the statements, never names
them.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import BinaryIO, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from rjdesk.domain.boards import rules
from rjdesk.domain.boards.enums import Loss, MeetingStatus, StatementStatus
from rjdesk.domain.boards.models import (
    BoardCase,
    CourtReport,
    Hearing,
    Meeting,
    Task,
    VictimStatement,
)
from rjdesk.domain.core.models import Site
from rjdesk.domain.core.permissions import Output
from rjdesk.domain.people.models import Offender
from rjdesk.printing.boards.agreement import Agreement, AgreementTask, render_agreements
from rjdesk.printing.boards.board_report import (
    BoardReport,
    HearingLine,
    TaskLine,
    render_board_report,
)
from rjdesk.printing.boards.meeting import (
    CaseLine,
    MeetingPaper,
    MemberLine,
    render_agenda,
    render_minutes,
)
from rjdesk.printing.boards.victim_impact import VictimImpact, VictimLine, render_victim_impact
from rjdesk.services.boards import paper_data as data
from rjdesk.services.boards.common import board_of_site, load_case, require_victims
from rjdesk.services.core.context import Actor, audit, require_output, require_output_role
from rjdesk.services.core.files import write_pdf
from rjdesk.services.core.lookup import with_site
from rjdesk.services.people.records import display_name
from rjdesk.store.database import Database

Out = TypeVar("Out", Path, BinaryIO)
Progress = Callable[[int, int], None] | None


def _board_name(tx: Session, site: Site) -> str:
    board = board_of_site(tx, site.id)
    return board.name if board is not None else f"{site.name} board"


def _offender(tx: Session, offender_id: str) -> Offender:
    person = tx.get(Offender, offender_id)
    assert person is not None  # a foreign key
    return person


def print_board_report(db: Database, actor: Actor, case_id: str, out: Out, *, today: date,
                       printed_at: datetime | None = None, progress: Progress = None) -> Out:
    """The board's report to the court on a case: assessment, agreement and each task's
    progress by ``today``, the meetings that heard it, and the outcome."""
    require_output_role(actor, Output.BOARD_REPORT)
    with db.reading() as tx:
        case, site = load_case(tx, case_id)
        require_output(actor, Output.BOARD_REPORT, site.id)
        person = _offender(tx, case.offender_id)
        clean = data.Withhold.of(data.victim_names(tx, [person.id]), [person.last_name])
        tasks = data.task_states(tx, today, Task.case_id == case.id).get(case.id, [])
        heard = tx.execute(select(Hearing, Meeting.held_on, Meeting.status)
                           .join(Meeting, Meeting.id == Hearing.meeting_id)
                           .where(Hearing.case_id == case.id)
                           .order_by(Meeting.held_on, Meeting.starts_at)).all()
        present = data.present_at(tx, [h.meeting_id for h, _, _ in heard])
        report = BoardReport(
            site.name, _board_name(tx, site), person.doc_number,
            display_name(person.last_name, person.first_name), case.court, case.case_number,
            clean(case.offense), data.staff_name(tx, case.officer_id), case.referred_on,
            case.status.label, case.status_on, data.need_labels(case.needs),
            clean(case.needs_notes), clean(case.harm), case.agreement_on,
            tuple(TaskLine(t.kind.label, clean(t.description), t.due_on, t.done_on, t.overdue,
                           t.hours_required, t.hours_done, t.amount_cents, t.paid_cents)
                  for t in tasks),
            tuple(HearingLine(day, h.purpose.label + ("" if status is MeetingStatus.HELD
                                                      else f" ({status.label.lower()})"),
                              clean(h.decision), tuple(present.get(h.meeting_id, ())))
                  for h, day, status in heard),
            clean(case.outcome), clean(case.return_reason), case.status.closed)
        entity_id = case.id
    printed_at = printed_at or datetime.now()

    def record(tx: Session, pages: int) -> None:
        audit(tx, actor, "print", "board_case", entity_id,
              f"Board report to the court on DOC {report.doc_number}, case "
              f"{report.case_number} printed: {len(report.tasks)} tasks, {pages} pages")

    write_pdf(db, actor, out, lambda target: render_board_report(
        report, printed_at=printed_at, printed_by=actor.display_name, out=target,
        progress=progress), record)
    return out


def print_agreement(db: Database, actor: Actor, case_id: str, out: Out, *, today: date,
                    printed_at: datetime | None = None, progress: Progress = None) -> Out:
    """A case's reparative agreement for signature, the offender's and the board's copies in
    one PDF; the chair is the board's chair on the day it was signed (else ``today``)."""
    require_output_role(actor, Output.AGREEMENT)
    with db.reading() as tx:
        case, site = load_case(tx, case_id)
        require_output(actor, Output.AGREEMENT, site.id)
        person = _offender(tx, case.offender_id)
        clean = data.Withhold.of(data.victim_names(tx, [person.id]), [person.last_name])
        tasks = data.task_states(tx, today, Task.case_id == case.id).get(case.id, [])
        board = board_of_site(tx, site.id)
        chair = data.chair_on(tx, board.id, case.agreement_on or today) if board else ""
        agreement = Agreement(
            _board_name(tx, site), person.doc_number,
            display_name(person.last_name, person.first_name), case.court, case.case_number,
            clean(case.offense), case.agreement_on,
            tuple(AgreementTask(t.kind.label, clean(t.description), t.due_on, t.hours_required,
                                t.amount_cents) for t in tasks), chair)
        site_name, entity_id = site.name, case.id
    printed_at = printed_at or datetime.now()

    def record(tx: Session, pages: int) -> None:
        audit(tx, actor, "print", "board_case", entity_id,
              f"Reparative agreement of DOC {agreement.doc_number}, case "
              f"{agreement.case_number} printed: both copies, {pages} pages")

    write_pdf(db, actor, out, lambda target: render_agreements(
        [agreement], site_name=site_name, printed_at=printed_at,
        printed_by=actor.display_name, out=target, progress=progress), record)
    return out


def _meeting_paper(db: Database, actor: Actor, meeting_id: str, *, minutes: bool
                   ) -> MeetingPaper:
    require_output_role(actor, Output.BOARD_AGENDA)
    with db.reading() as tx:
        meeting, site = with_site(tx, Meeting, meeting_id, "That meeting is no longer on file.")
        require_output(actor, Output.BOARD_AGENDA, site.id)
        cases = tx.execute(select(Hearing, BoardCase, Offender)
                           .join(BoardCase, BoardCase.id == Hearing.case_id)
                           .join(Offender, Offender.id == BoardCase.offender_id)
                           .where(Hearing.meeting_id == meeting.id)
                           .order_by(Offender.sort_name, BoardCase.case_number)).all()
        clean = data.Withhold.of(data.victim_names(tx, {p.id for _, _, p in cases}),
                                 [p.last_name for _, _, p in cases])
        if minutes:
            members = tuple(MemberLine(name) for name in
                            data.present_at(tx, [meeting.id]).get(meeting.id, []))
        else:
            members = tuple(MemberLine(m.name, m.chair, m.problem)
                            for m in data.members_on(tx, meeting.board_id, meeting.held_on))
        return MeetingPaper(
            site.name, _board_name(tx, site), meeting.held_on, meeting.starts_at,
            meeting.location, meeting.status.label, members,
            tuple(CaseLine(p.doc_number, display_name(p.last_name, p.first_name),
                           c.case_number, h.purpose.label, clean(h.decision) if minutes else "")
                  for h, c, p in cases),
            rules.QUORUM, clean(meeting.minutes) if minutes else "")


def _print_meeting(db: Database, actor: Actor, meeting_id: str, out: Out, *, minutes: bool,
                   printed_at: datetime | None, progress: Progress) -> Out:
    paper = _meeting_paper(db, actor, meeting_id, minutes=minutes)
    printed_at = printed_at or datetime.now()
    what, render = ("Minutes", render_minutes) if minutes else ("Agenda", render_agenda)

    def record(tx: Session, pages: int) -> None:
        audit(tx, actor, "print", "board_meeting", meeting_id,
              f"{what} of the board meeting of {paper.held_on:%m/%d/%Y} printed: "
              f"{len(paper.cases)} cases, {pages} pages")

    write_pdf(db, actor, out, lambda target: render(
        paper, printed_at=printed_at, printed_by=actor.display_name, out=target,
        progress=progress), record)
    return out


def print_agenda(db: Database, actor: Actor, meeting_id: str, out: Out, *, today: date,
                 printed_at: datetime | None = None, progress: Progress = None) -> Out:
    """A meeting's agenda: when and where, the members expected (and why one may not sit
    that day), the cases to be heard and why."""
    del today  # the agenda is as of the meeting's own day
    return _print_meeting(db, actor, meeting_id, out, minutes=False, printed_at=printed_at,
                          progress=progress)


def print_minutes(db: Database, actor: Actor, meeting_id: str, out: Out, *, today: date,
                  printed_at: datetime | None = None, progress: Progress = None) -> Out:
    """A meeting's minutes: members present, the quorum, each case's decision, the text."""
    del today
    return _print_meeting(db, actor, meeting_id, out, minutes=True, printed_at=printed_at,
                          progress=progress)


def _victim(v: VictimStatement) -> VictimLine:
    losses = tuple((f"Other: {v.loss_other_text}" if kind is Loss.OTHER and v.loss_other_text
                    else kind.label, getattr(v, kind.column)) for kind in Loss
                   if getattr(v, kind.column))
    given = v.status is StatementStatus.GIVEN
    return VictimLine(
        f"{v.first_name} {v.last_name}".strip(), v.description, v.address, v.acp,
        "" if v.acp else v.phone, "" if v.acp else v.email, v.notify.label, v.status.label,
        given, v.taken_on, v.answered_by, v.answered_relationship, losses if given else (),
        v.injury, v.psychological_harm, v.welfare_change, v.counseling_requested, v.repair)


def print_victim_impact(db: Database, actor: Actor, report_id: str, out: Out, *, today: date,
                        printed_at: datetime | None = None, progress: Progress = None) -> Out:
    """The victim impact section of a court report, for the court: only for those who may see
    the report's victims (victim services read it on screen but print no one)."""
    del today
    require_output_role(actor, Output.VICTIM_IMPACT)
    with db.reading() as tx:
        report, site = with_site(tx, CourtReport, report_id,
                                 "That court report is no longer on file.")
        require_output(actor, Output.VICTIM_IMPACT, site.id)
        require_victims(actor, report)
        person = _offender(tx, report.offender_id)
        victims = tuple(_victim(v) for v in tx.scalars(
            select(VictimStatement).where(VictimStatement.report_id == report.id)
            .order_by(VictimStatement.last_name, VictimStatement.first_name)))
        paper = VictimImpact(site.name, person.doc_number,
                             display_name(person.last_name, person.first_name), report.court,
                             report.case_number, data.staff_name(tx, report.officer_id),
                             report.due_on, report.status.label, victims)
        entity_id = report.id
    printed_at = printed_at or datetime.now()

    def record(tx: Session, pages: int) -> None:
        count = len(paper.victims)
        audit(tx, actor, "print", "court_report", entity_id,
              f"Victim impact section of court report {paper.case_number} (DOC "
              f"{paper.doc_number}) printed: {count} victims' statements, {pages} pages")

    write_pdf(db, actor, out, lambda target: render_victim_impact(
        paper, printed_at=printed_at, printed_by=actor.display_name, out=target,
        progress=progress), record)
    return out
