"""Reparation/Accountability Boards and the victim impact of court reports.

A board sits at a Probation and Parole office; its members are volunteers with the board-member
role. A case is an offender referred to the board; it is heard at meetings, gets an assessment
and an agreement of tasks whose progress (hours, payments) is logged. A court report gathers
the victims' statements for the court.

Keys derive from what makes a record the same thing (``boards.rules``): a board from its
office, a member from (board, volunteer), a case from (offender, court, case number), a
meeting from (board, day, time), a task from (case, kind, description), a day's progress from
(task, day), a court report from (offender, court, case number), a victim's statement from
(report, name). So the same thing entered at two workstations offline is one record after sync.

Money is kept in integer cents, never a float. Victims' names, contacts and statements are the
most sensitive data of the program: they live in ``victim_statement`` alone, and the services
show them only to victim services, administrators and the officer of the report.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from rjdesk.domain.base import Base, Uuid36, enum_column, utcnow
from rjdesk.domain.boards.enums import (
    CaseStatus,
    HearingPurpose,
    MeetingStatus,
    Notify,
    ReportStatus,
    StatementStatus,
    TaskKind,
)


class Board(Base):
    """The board of one P&P office; the key derives from the office."""

    __tablename__ = "board"

    id: Mapped[str] = mapped_column(Uuid36(), primary_key=True)
    site_id: Mapped[str] = mapped_column(ForeignKey("site.id"), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)


class BoardMember(Base):
    """A volunteer on a board for a term; the key derives from (board, volunteer).

    A member may sit while the term runs, the training is done and the background check is
    valid (``rules.sitting_problem``). The chair is elected for at most a year.
    """

    __tablename__ = "board_member"

    id: Mapped[str] = mapped_column(Uuid36(), primary_key=True)
    board_id: Mapped[str] = mapped_column(ForeignKey("board.id"))
    volunteer_id: Mapped[str] = mapped_column(ForeignKey("volunteer.id"), index=True)
    term_start: Mapped[date] = mapped_column(Date)
    term_end: Mapped[date] = mapped_column(Date)
    trained_on: Mapped[date | None] = mapped_column(Date)
    chair_from: Mapped[date | None] = mapped_column(Date)
    chair_to: Mapped[date | None] = mapped_column(Date)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)

    __table_args__ = (UniqueConstraint("board_id", "volunteer_id"),)


class BoardCase(Base):
    """An offender under supervision referred to the board of his office.

    ``site_id`` is his office's, and follows him when he is transferred. ``needs`` holds the
    needs the board found, as their values joined by commas (``Need``).
    """

    __tablename__ = "board_case"

    id: Mapped[str] = mapped_column(Uuid36(), primary_key=True)
    site_id: Mapped[str] = mapped_column(ForeignKey("site.id"))
    offender_id: Mapped[str] = mapped_column(ForeignKey("offender.id"), index=True)
    officer_id: Mapped[str] = mapped_column(String(36), default="")  # app_user.id
    court: Mapped[str] = mapped_column(String(120))
    case_number: Mapped[str] = mapped_column(String(40))
    offense: Mapped[str] = mapped_column(String(200))
    referred_on: Mapped[date] = mapped_column(Date)
    status: Mapped[CaseStatus] = mapped_column(enum_column(CaseStatus))
    status_on: Mapped[date] = mapped_column(Date)
    return_reason: Mapped[str] = mapped_column(String(500), default="")
    needs: Mapped[str] = mapped_column(String(200), default="")
    needs_notes: Mapped[str] = mapped_column(Text, default="")
    harm: Mapped[str] = mapped_column(Text, default="")
    agreement_on: Mapped[date | None] = mapped_column(Date)
    outcome: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)

    __table_args__ = (Index("ix_board_case_site", "site_id", "status", "referred_on"),)


class CaseStep(Base):
    """When a case reached a step, and who moved it there; the key derives from (case, step)."""

    __tablename__ = "board_case_step"

    id: Mapped[str] = mapped_column(Uuid36(), primary_key=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("board_case.id"), index=True)
    status: Mapped[CaseStatus] = mapped_column(enum_column(CaseStatus))
    happened_on: Mapped[date] = mapped_column(Date)
    by_user_id: Mapped[str] = mapped_column(String(36), default="")  # app_user.id
    note: Mapped[str] = mapped_column(String(500), default="")


class Meeting(Base):
    """A meeting of a board; the key derives from (board, day, time)."""

    __tablename__ = "board_meeting"

    id: Mapped[str] = mapped_column(Uuid36(), primary_key=True)
    board_id: Mapped[str] = mapped_column(ForeignKey("board.id"))
    site_id: Mapped[str] = mapped_column(ForeignKey("site.id"))
    held_on: Mapped[date] = mapped_column(Date)
    starts_at: Mapped[str] = mapped_column(String(5), default="")  # "18:30"
    location: Mapped[str] = mapped_column(String(200), default="")
    status: Mapped[MeetingStatus] = mapped_column(enum_column(MeetingStatus))
    minutes: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)

    __table_args__ = (Index("ix_board_meeting_board", "board_id", "held_on"),)


class MeetingMember(Base):
    """A member present at a meeting; the key derives from (meeting, member)."""

    __tablename__ = "board_meeting_member"

    id: Mapped[str] = mapped_column(Uuid36(), primary_key=True)
    meeting_id: Mapped[str] = mapped_column(ForeignKey("board_meeting.id"))
    member_id: Mapped[str] = mapped_column(ForeignKey("board_member.id"), index=True)

    __table_args__ = (UniqueConstraint("meeting_id", "member_id"),)


class Hearing(Base):
    """A case on a meeting's agenda and what the board decided; the key derives from
    (meeting, case)."""

    __tablename__ = "board_hearing"

    id: Mapped[str] = mapped_column(Uuid36(), primary_key=True)
    meeting_id: Mapped[str] = mapped_column(ForeignKey("board_meeting.id"))
    case_id: Mapped[str] = mapped_column(ForeignKey("board_case.id"), index=True)
    purpose: Mapped[HearingPurpose] = mapped_column(enum_column(HearingPurpose))
    decision: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)

    __table_args__ = (UniqueConstraint("meeting_id", "case_id"),)


class Task(Base):
    """A task of a case's reparative agreement; the key derives from (case, kind, description).

    ``hours_required`` for community service, ``amount_cents`` for restitution; the others are
    done or not (``done_on``)."""

    __tablename__ = "board_task"

    id: Mapped[str] = mapped_column(Uuid36(), primary_key=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("board_case.id"), index=True)
    kind: Mapped[TaskKind] = mapped_column(enum_column(TaskKind))
    description: Mapped[str] = mapped_column(String(300), default="")
    due_on: Mapped[date] = mapped_column(Date)
    hours_required: Mapped[float | None] = mapped_column(Float)
    amount_cents: Mapped[int | None] = mapped_column(Integer)
    done_on: Mapped[date | None] = mapped_column(Date)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)


class TaskProgress(Base):
    """Hours worked or a payment made on a task on a day; the key derives from (task, day)."""

    __tablename__ = "board_task_progress"

    id: Mapped[str] = mapped_column(Uuid36(), primary_key=True)
    task_id: Mapped[str] = mapped_column(ForeignKey("board_task.id"), index=True)
    happened_on: Mapped[date] = mapped_column(Date)
    hours: Mapped[float | None] = mapped_column(Float)
    amount_cents: Mapped[int | None] = mapped_column(Integer)
    note: Mapped[str] = mapped_column(String(200), default="")
    recorded_by: Mapped[str] = mapped_column(String(36), default="")  # app_user.id

    __table_args__ = (UniqueConstraint("task_id", "happened_on"),)


class CourtReport(Base):
    """A court report (Sentencing Assessment Report) on an offender for a case; the key
    derives from (offender, court, case number). ``officer_id`` is the P&P officer preparing
    it: the one officer who may see its victims."""

    __tablename__ = "court_report"

    id: Mapped[str] = mapped_column(Uuid36(), primary_key=True)
    site_id: Mapped[str] = mapped_column(ForeignKey("site.id"))
    offender_id: Mapped[str] = mapped_column(ForeignKey("offender.id"), index=True)
    officer_id: Mapped[str] = mapped_column(String(36))  # app_user.id
    court: Mapped[str] = mapped_column(String(120))
    case_number: Mapped[str] = mapped_column(String(40))
    due_on: Mapped[date] = mapped_column(Date)
    status: Mapped[ReportStatus] = mapped_column(enum_column(ReportStatus))
    submitted_on: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)

    __table_args__ = (Index("ix_court_report_site", "site_id", "due_on"),)


class VictimStatement(Base):
    """One victim of a court report: who, how to reach and notify them, and the statement
    RSMo 217.762 lists — or why there is none. The key derives from (report, folded name).

    A victim in the Address Confidentiality Program has only the designated substitute
    address on file (``acp``; ``address`` then holds the substitute)."""

    __tablename__ = "victim_statement"

    id: Mapped[str] = mapped_column(Uuid36(), primary_key=True)
    report_id: Mapped[str] = mapped_column(ForeignKey("court_report.id"), index=True)
    last_name: Mapped[str] = mapped_column(String(80))
    first_name: Mapped[str] = mapped_column(String(80))
    description: Mapped[str] = mapped_column(String(200), default="")  # "owner of the store"
    address: Mapped[str] = mapped_column(String(250), default="")
    acp: Mapped[bool] = mapped_column(Boolean, default=False)
    phone: Mapped[str] = mapped_column(String(30), default="")
    email: Mapped[str] = mapped_column(String(120), default="")
    notify: Mapped[Notify] = mapped_column(enum_column(Notify))
    status: Mapped[StatementStatus] = mapped_column(enum_column(StatementStatus))
    taken_on: Mapped[date | None] = mapped_column(Date)
    #: Who answered for the victim (a family member where the victim died or cannot answer).
    answered_by: Mapped[str] = mapped_column(String(120), default="")
    answered_relationship: Mapped[str] = mapped_column(String(80), default="")
    loss_medical_cents: Mapped[int] = mapped_column(Integer, default=0)
    loss_counseling_cents: Mapped[int] = mapped_column(Integer, default=0)
    loss_property_cents: Mapped[int] = mapped_column(Integer, default=0)
    loss_lost_wages_cents: Mapped[int] = mapped_column(Integer, default=0)
    loss_funeral_cents: Mapped[int] = mapped_column(Integer, default=0)
    loss_other_cents: Mapped[int] = mapped_column(Integer, default=0)
    loss_other_text: Mapped[str] = mapped_column(String(200), default="")
    injury: Mapped[str] = mapped_column(Text, default="")  # seriousness and permanence
    psychological_harm: Mapped[str] = mapped_column(Text, default="")
    welfare_change: Mapped[str] = mapped_column(Text, default="")  # welfare, family relations
    counseling_requested: Mapped[bool] = mapped_column(Boolean, default=False)
    repair: Mapped[str] = mapped_column(Text, default="")  # how the offender may repair it
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
