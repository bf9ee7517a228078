"""The tasks of a reparative agreement as the board sets them, checked, and as they are shown
with their progress. ``agreement`` adds them and logs their progress."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from rjdesk.domain.boards import rules
from rjdesk.domain.boards.enums import TaskKind
from rjdesk.domain.boards.models import BoardCase, Task, TaskProgress
from rjdesk.domain.core.formats import us_date
from rjdesk.services.core.errors import AlreadyExists

DESCRIPTION_MAX = 300
NOTE_MAX = 200
#: Most community service hours one agreement asks of a task.
HOURS_MAX = 1000.0


@dataclass(frozen=True)
class TaskInput:
    """A task as the board sets it. ``due_on`` None: ``rules.default_due`` of the agreement.
    ``amount``: text as typed (``$1,200.00``), or an int of cents."""

    kind: TaskKind
    description: str = ""
    due_on: date | None = None
    hours_required: float | None = None
    amount: str | int | None = None


@dataclass(frozen=True)
class ProgressView:
    happened_on: date
    hours: float | None
    amount_cents: int | None
    note: str


@dataclass(frozen=True)
class TaskView:
    id: str
    kind: TaskKind
    description: str
    due_on: date
    hours_required: float | None
    hours_done: float
    amount_cents: int | None
    paid_cents: int
    #: What is still owed of a restitution; 0 for the other kinds.
    owed_cents: int
    done_on: date | None
    #: Past its due date and not done, on a case still open.
    overdue: bool
    progress: tuple[ProgressView, ...]

    @property
    def title(self) -> str:
        """``Community service (40 hours)``, ``Restitution ($1,200.00)``, ``Essay: on …``."""
        return task_title(self.kind, self.description, self.hours_required, self.amount_cents)

    @property
    def remaining(self) -> str:
        """What is left to do, in words; "" once done."""
        if self.done_on is not None:
            return ""
        if self.hours_required is not None:
            return f"{max(self.hours_required - self.hours_done, 0):g} hours to work"
        if self.amount_cents is not None:
            return f"{rules.money(self.owed_cents)} owed"
        return "not done"


def task_title(kind: TaskKind, description: str, hours: float | None,
               cents: int | None) -> str:
    text = kind.label
    if hours is not None:
        text += f" ({hours:g} hours)"
    if cents is not None:
        text += f" ({rules.money(cents)})"
    return f"{text}: {description}" if description else text


@dataclass(frozen=True)
class OverdueRow:
    task_id: str
    case_id: str
    site_code: str
    doc_number: str
    offender_name: str
    case_number: str
    task: str
    due_on: date
    days_late: int
    remaining: str


# -- checking a task ---------------------------------------------------------------------------

@dataclass(frozen=True)
class CleanTask:
    kind: TaskKind
    description: str
    due_on: date
    hours_required: float | None
    amount_cents: int | None


def cents_of(amount: str | int) -> int:
    """Cents from typed text or an int of cents; ValueError saying why not."""
    if isinstance(amount, bool) or not isinstance(amount, (str, int)):
        raise ValueError("Enter the amount as dollars and cents, such as 1,200.00.")
    cents = rules.parse_money(amount) if isinstance(amount, str) else amount
    if cents < 0:
        raise ValueError(f"{rules.money(cents)} is negative; enter the amount without a "
                         "minus sign.")
    if cents > rules.MAX_CENTS:
        raise ValueError(f"{rules.money(cents)} is more than this program records "
                         f"({rules.money(rules.MAX_CENTS)}).")
    return cents


def clean_text(value: str, field: str, label: str, limit: int, errors: dict[str, str]) -> str:
    text = " ".join((value or "").split())
    if len(text) > limit:
        errors[field] = f"The {label} is longer than {limit} characters."
    elif any(ch in (value or "") for ch in "\x00\x1b"):
        errors[field] = f"The {label} contains a control character; type it again."
    return text


def check_task(data: TaskInput, agreement_on: date) -> tuple[CleanTask | None, dict[str, str]]:
    """The task as it is stored, or None with what is wrong, field by field (``kind``,
    ``description``, ``due_on``, ``hours_required``, ``amount``)."""
    errors: dict[str, str] = {}
    if not isinstance(data.kind, TaskKind):
        return None, {"kind": "Choose the kind of task."}
    kind = data.kind
    description = clean_text(data.description, "description", "task's description",
                        DESCRIPTION_MAX, errors)
    if kind is TaskKind.OTHER and not description and "description" not in errors:
        errors["description"] = "Say what the task is: “other” needs a description."
    due_on = data.due_on or rules.default_due(agreement_on)
    if due_on < agreement_on:
        errors["due_on"] = (f"The due date ({us_date(due_on)}) is before the agreement "
                            f"({us_date(agreement_on)}).")
    hours: float | None = None
    if kind.in_hours:
        if data.hours_required is None:
            errors["hours_required"] = "Enter the hours of community service required."
        elif isinstance(data.hours_required, bool) or \
                not isinstance(data.hours_required, (int, float)) or \
                not 0 < data.hours_required <= HOURS_MAX:
            errors["hours_required"] = (f"The hours required must be above 0 and at most "
                                        f"{HOURS_MAX:g}; “{data.hours_required}” is not.")
        else:
            hours = round(float(data.hours_required), 2)
    elif data.hours_required is not None:
        errors["hours_required"] = (f"Only community service is counted in hours, not "
                                    f"“{kind.label}”.")
    cents: int | None = None
    if kind.in_money:
        if data.amount is None or data.amount == "":
            errors["amount"] = "Enter the amount of restitution ordered."
        else:
            try:
                cents = cents_of(data.amount)
            except ValueError as exc:
                errors["amount"] = str(exc)
            else:
                if cents == 0:
                    errors["amount"] = "Restitution of $0.00 is no task; enter the amount owed."
    elif data.amount is not None and data.amount != "":
        errors["amount"] = f"Only restitution takes an amount of money, not “{kind.label}”."
    if errors:
        return None, errors
    return CleanTask(kind, description, due_on, hours, cents), {}


def new_task(tx: Session, case: BoardCase, clean: CleanTask) -> Task:
    key = rules.task_key(case.id, clean.kind.value, clean.description)
    if (other := tx.get(Task, key)) is not None:
        raise AlreadyExists(f"The agreement already has the task “{_title(other)}”.", "kind")
    task = Task(id=key, case_id=case.id, kind=clean.kind, description=clean.description,
                due_on=clean.due_on, hours_required=clean.hours_required,
                amount_cents=clean.amount_cents, done_on=None)
    tx.add(task)
    return task


def _title(task: CleanTask | Task) -> str:
    return task_title(task.kind, task.description, task.hours_required, task.amount_cents)


# -- views -------------------------------------------------------------------------------------

def task_view(task: Task, progress: Iterable[TaskProgress], today: date,
              case_open: bool) -> TaskView:
    entries = sorted(progress, key=lambda p: p.happened_on)
    hours = round(float(sum(p.hours or 0 for p in entries)), 2)
    paid = sum(p.amount_cents or 0 for p in entries)
    owed = max((task.amount_cents or 0) - paid, 0) if task.amount_cents is not None else 0
    return TaskView(task.id, task.kind, task.description, task.due_on, task.hours_required,
                    hours, task.amount_cents, paid, owed, task.done_on,
                    case_open and rules.overdue(task.due_on, task.done_on is not None, today),
                    tuple(ProgressView(p.happened_on, p.hours, p.amount_cents, p.note)
                          for p in entries))


def tasks_of(tx: Session, case: BoardCase, today: date) -> tuple[TaskView, ...]:
    """A case's tasks, by due date and kind, with their progress (two queries)."""
    tasks = list(tx.scalars(select(Task).where(Task.case_id == case.id)))
    progress: dict[str, list[TaskProgress]] = {t.id: [] for t in tasks}
    if tasks:
        for p in tx.scalars(select(TaskProgress)
                            .where(TaskProgress.task_id.in_(list(progress)))):
            progress[p.task_id].append(p)
    tasks.sort(key=lambda t: (t.due_on, list(TaskKind).index(t.kind), t.description, t.id))
    return tuple(task_view(t, progress[t.id], today, not case.status.closed) for t in tasks)
