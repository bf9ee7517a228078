"""What the boards' papers and files read, gathered in one place: a case's tasks with what was
done of them, the members of a board on a day, who was present at a meeting, and the names of
the victims an offender's court reports hold — so that free text typed on a case (the harm, a
task, a decision, the minutes) never carries a victim's name onto a paper the offender or a
member takes away.

Reads only: each function takes the open session of its caller, who checked the access first.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from rjdesk.domain.boards import rules
from rjdesk.domain.boards.enums import Need, TaskKind
from rjdesk.domain.boards.models import (
    BoardMember,
    CourtReport,
    MeetingMember,
    Task,
    TaskProgress,
    VictimStatement,
)
from rjdesk.domain.core.models import User
from rjdesk.domain.volunteers.enums import VolunteerRole
from rjdesk.domain.volunteers.models import Volunteer, VolunteerRoleGrant
from rjdesk.services.people.records import display_name

#: What a victim's name reads as where free text named one.
THE_VICTIM = "[the victim]"


@dataclass(frozen=True)
class TaskState:
    """A task of an agreement and what was done of it by ``today``."""

    id: str
    case_id: str
    kind: TaskKind
    description: str
    due_on: date
    hours_required: float | None
    amount_cents: int | None
    hours_done: float
    paid_cents: int
    done_on: date | None
    done: bool
    overdue: bool


def task_states(tx: Session, today: date, *where: ColumnElement[bool]
                ) -> dict[str, list[TaskState]]:
    """The tasks matching ``where`` (on ``Task``), by case, in due order. A task is done when
    its day is recorded, or when its hours are worked or its amount paid in full."""
    sums = (select(TaskProgress.task_id, func.coalesce(func.sum(TaskProgress.hours), 0.0),
                   func.coalesce(func.sum(TaskProgress.amount_cents), 0))
            .join(Task, Task.id == TaskProgress.task_id).where(*where)
            .group_by(TaskProgress.task_id))
    done_of = {tid: (float(h or 0), int(c or 0)) for tid, h, c in tx.execute(sums)}
    by_case: dict[str, list[TaskState]] = defaultdict(list)
    for task in tx.scalars(select(Task).where(*where)
                           .order_by(Task.case_id, Task.due_on, Task.kind, Task.description)):
        worked, paid = done_of.get(task.id, (0.0, 0))
        done = (task.done_on is not None
                or (task.hours_required is not None and worked >= task.hours_required > 0)
                or (task.amount_cents is not None and paid >= task.amount_cents > 0))
        by_case[task.case_id].append(TaskState(
            task.id, task.case_id, task.kind, task.description, task.due_on,
            task.hours_required, task.amount_cents, worked, paid, task.done_on, done,
            rules.overdue(task.due_on, done, today)))
    return by_case


def need_labels(text: str) -> tuple[str, ...]:
    """The needs a case holds (values joined by commas) in words; an unknown value as kept."""
    found = []
    for value in (v.strip() for v in text.split(",")):
        try:
            found.append(Need(value).label)
        except ValueError:
            if value:
                found.append(value)
    return tuple(found)


def staff_name(tx: Session, user_id: str) -> str:
    return (tx.scalar(select(User.display_name).where(User.id == user_id)) or "") if user_id \
        else ""


@dataclass(frozen=True)
class MemberState:
    member_id: str
    name: str  # "REYES, Marisol"
    chair: bool
    problem: str  # why the member cannot sit that day, or ""


def members_on(tx: Session, board_id: str, day: date) -> list[MemberState]:
    """The members whose term covers ``day``, the chair first, with why one may not sit."""
    rows = tx.execute(
        select(BoardMember, Volunteer)
        .join(Volunteer, Volunteer.id == BoardMember.volunteer_id)
        .where(BoardMember.board_id == board_id, BoardMember.term_start <= day,
               BoardMember.term_end >= day)
        .order_by(Volunteer.last_name, Volunteer.first_name)).all()
    sitting = set(tx.scalars(select(VolunteerRoleGrant.volunteer_id).where(
        VolunteerRoleGrant.volunteer_id.in_([v.id for _, v in rows]),
        VolunteerRoleGrant.role == VolunteerRole.BOARD_MEMBER)))
    found = [MemberState(
        m.id, display_name(v.last_name, v.first_name), _chair(m, day),
        rules.sitting_problem(day=day, term_start=m.term_start, term_end=m.term_end,
                              trained_on=m.trained_on, check_on=v.background_check_on,
                              check_expires=v.background_check_expires, active=v.active,
                              board_member_role=v.id in sitting))
        for m, v in rows]
    return sorted(found, key=lambda s: not s.chair)


def chair_on(tx: Session, board_id: str, day: date) -> str:
    """The name of the board's chair on ``day``, or ""."""
    return next((m.name for m in members_on(tx, board_id, day) if m.chair), "")


def _chair(member: BoardMember, day: date) -> bool:
    return (member.chair_from is not None and member.chair_to is not None
            and member.chair_from <= day <= member.chair_to)


def present_at(tx: Session, meeting_ids: Collection[str]) -> dict[str, list[str]]:
    """The members present at each meeting, by name."""
    present: dict[str, list[str]] = defaultdict(list)
    for meeting_id, last, first in tx.execute(
            select(MeetingMember.meeting_id, Volunteer.last_name, Volunteer.first_name)
            .join(BoardMember, BoardMember.id == MeetingMember.member_id)
            .join(Volunteer, Volunteer.id == BoardMember.volunteer_id)
            .where(MeetingMember.meeting_id.in_(list(meeting_ids)))
            .order_by(Volunteer.last_name, Volunteer.first_name)):
        present[meeting_id].append(display_name(last, first))
    return present


# -- victims' names out of free text ---------------------------------------------------------

def victim_names(tx: Session, offender_ids: Iterable[str]) -> list[tuple[str, str]]:
    """(last, first) of every victim of the offenders' court reports."""
    return [(last, first) for last, first in tx.execute(
        select(VictimStatement.last_name, VictimStatement.first_name)
        .join(CourtReport, CourtReport.id == VictimStatement.report_id)
        .where(CourtReport.offender_id.in_(list(offender_ids))))]


@dataclass(frozen=True)
class Withhold:
    """Replaces the victims' names in text: "First Last", "Last, First", and the last name
    alone where it is not also an offender's (a victim in the family shares his name)."""

    pattern: re.Pattern[str] | None

    @classmethod
    def of(cls, names: Iterable[tuple[str, str]],
           offender_last_names: Iterable[str] = ()) -> Withhold:
        keep = {_norm(n).casefold() for n in offender_last_names}
        forms: set[str] = set()
        for last, first in names:
            last, first = _norm(last), _norm(first)
            if first and last:
                forms |= {f"{first} {last}", f"{last}, {first}", f"{last} {first}"}
            if len(last) > 2 and last.casefold() not in keep:
                forms.add(last)
            if len(first) > 2 and not last:
                forms.add(first)
        if not forms:
            return cls(None)
        alternatives = "|".join(re.escape(f).replace(r"\ ", r"\s+")
                                for f in sorted(forms, key=len, reverse=True))
        return cls(re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE))

    def __call__(self, text: str) -> str:
        if self.pattern is None or not text:
            return text
        return self.pattern.sub(THE_VICTIM, _norm(text))


def _norm(text: str) -> str:
    return unicodedata.normalize("NFC", (text or "").strip())
